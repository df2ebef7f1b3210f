"""The reference graph: two steps each way, missing and withdrawn cables, the cap, the page."""

import re

import pytest
from django.utils import timezone

from cableroom.reading import reference_graph as graphs
from cableroom.reading.reference_graph import reference_graph
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def citations():
    """06GRAPH1 at the centre:

    07GRAPH7 -> 07GRAPH6 -> 06GRAPH1 -> 06GRAPH2 -> 06GRAPH4, 05MISSING8
                (07GRAPH8, withdrawn) ->   |-> 06MISSING9
                                           |-> 06GRAPH3 (withdrawn) -> 06GRAPH5 (not followed)
    """
    factories.cable("06GRAPH4", subject="TWO STEPS RIGHT")
    factories.cable("06GRAPH5")
    factories.cable("06GRAPH2", subject="ONE STEP RIGHT", references=("06GRAPH4", "05MISSING8"))
    withdrawn = factories.cable("06GRAPH3", references=("06GRAPH5",))
    centre = factories.cable(
        "06GRAPH1", subject="THE CENTRE", references=("06GRAPH2", "06MISSING9", "06GRAPH3")
    )
    factories.cable("07GRAPH6", subject="ONE STEP LEFT", references=("06GRAPH1",))
    factories.cable("07GRAPH7", subject="TWO STEPS LEFT", references=("07GRAPH6",))
    citing_withdrawn = factories.cable("07GRAPH8", references=("06GRAPH1",))
    for cable in (withdrawn, citing_withdrawn):
        cable.withdrawn_at = timezone.now()
        cable.save(update_fields=["withdrawn_at"])
    return centre


def columns(graph) -> dict[int, list[tuple[str, str]]]:
    found = {}
    for node in graph.nodes:
        found.setdefault(node.column, []).append((node.reference_id, node.state))
    return found


def test_two_steps_each_way_with_missing_and_withdrawn_cables(citations):
    graph = reference_graph(citations)
    assert columns(graph) == {
        0: [("06GRAPH1", "held")],
        1: [("06GRAPH2", "held"), ("06MISSING9", "missing"), ("06GRAPH3", "withdrawn")],
        2: [("05MISSING8", "missing"), ("06GRAPH4", "held")],
        -1: [("07GRAPH6", "held")],
        -2: [("07GRAPH7", "held")],
    }
    edges = sorted((edge.source.reference_id, edge.target.reference_id) for edge in graph.edges)
    assert edges == [
        ("06GRAPH1", "06GRAPH2"),
        ("06GRAPH1", "06GRAPH3"),
        ("06GRAPH1", "06MISSING9"),
        ("06GRAPH2", "05MISSING8"),
        ("06GRAPH2", "06GRAPH4"),
        ("07GRAPH6", "06GRAPH1"),
        ("07GRAPH7", "07GRAPH6"),
    ]
    assert graph.left_out == 0
    by_id = {node.reference_id: node for node in graph.nodes}
    assert by_id["06GRAPH4"].url == "/cable/06GRAPH4/"
    assert by_id["06MISSING9"].url == "" and by_id["06GRAPH3"].url == ""
    assert by_id["06GRAPH4"].via == ["06GRAPH2"] and by_id["07GRAPH7"].via == ["07GRAPH6"]


def test_the_graph_costs_five_queries(citations, django_assert_num_queries):
    with django_assert_num_queries(5):
        reference_graph(citations)


def test_columns_are_capped_and_the_rest_counted(citations, monkeypatch):
    monkeypatch.setattr(graphs, "MAX_PER_COLUMN", 2)
    graph = reference_graph(citations)
    assert [node.reference_id for node in graph.nodes if node.column == 1] == [
        "06GRAPH2",
        "06MISSING9",
    ]
    assert graph.left_out == 1


def test_nodes_do_not_overlap_and_fit_the_figure(citations):
    graph = reference_graph(citations)
    boxes = {(node.x, node.y) for node in graph.nodes}
    assert len(boxes) == len(graph.nodes)
    for node in graph.nodes:
        assert 0 <= node.x and node.x + graphs.NODE_WIDTH <= graph.width
        assert 0 <= node.y and node.y + graphs.NODE_HEIGHT <= graph.height
    # Citing cables stand left of what they cite.
    assert all(edge.source.x < edge.target.x for edge in graph.edges)


def test_a_cable_with_no_references_is_a_lone_node(db):
    lone = factories.cable("06LONE1")
    graph = reference_graph(lone)
    assert [(node.reference_id, node.column) for node in graph.nodes] == [("06LONE1", 0)]
    assert graph.edges == []


def test_the_page_draws_an_svg_with_links_and_lists_them_in_words(client, citations):
    response = client.get("/cable/06GRAPH1/graph/")
    assert response.status_code == 200
    page = response.content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert sorted(re.findall(r'<a href="(/cable/[^"]+)"', svg)) == [
        "/cable/06GRAPH2/",
        "/cable/06GRAPH4/",
        "/cable/07GRAPH6/",
        "/cable/07GRAPH7/",
    ]
    assert 'aria-label="06MISSING9, not in the archive"' in svg
    assert 'aria-label="06GRAPH3, withdrawn from the archive"' in svg
    assert svg.count('<path class="graph-edge"') == 7
    words = page[page.index('class="graph-in-words"') :]
    assert '<a href="/cable/06GRAPH4/">06GRAPH4</a>' in words
    assert "(cited by 06GRAPH2)" in words and "(cites 07GRAPH6)" in words
    assert "06MISSING9, not in the archive" in words


def test_the_cable_page_links_to_its_graph(client, citations):
    page = client.get("/cable/06GRAPH1/").content.decode()
    assert 'href="/cable/06GRAPH1/graph/"' in page


def test_graph_pages_of_withdrawn_and_unknown_cables(client, citations):
    assert client.get("/cable/06GRAPH3/graph/").status_code == 410
    assert client.get("/cable/06NOWHERE1/graph/").status_code == 404
