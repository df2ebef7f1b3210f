"""In a real browser: the reference graph draws, its nodes are links, its list in words
holds the same cables, and the page is axe-clean at desktop and phone size."""

import re

import pytest

from tests import factories
from tests.browser.conftest import VIEWPORTS, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def citations():
    factories.cable("06GRAPH4", subject="TWO STEPS RIGHT")
    factories.cable("06GRAPH2", subject="ONE STEP RIGHT", references=("06GRAPH4", "05MISSING8"))
    factories.cable("06GRAPH1", subject="THE CENTRE", references=("06GRAPH2", "06MISSING9"))
    factories.cable("07GRAPH6", subject="ONE STEP LEFT", references=("06GRAPH1",))
    factories.cable("07GRAPH7", subject="TWO STEPS LEFT", references=("07GRAPH6",))


def test_the_graph_is_drawn_and_its_nodes_lead_to_cables(page, citations, axe_source):
    page.goto("/cable/06GRAPH1/")
    page.get_by_role("link", name="Reference graph").click()
    page.wait_for_url(re.compile(r"/cable/06GRAPH1/graph/$"))
    svg = page.locator("figure.reference-graph svg")
    box = svg.bounding_box()
    assert box["width"] > 500 and box["height"] > 100, "the figure is drawn at its size"
    assert page.locator("svg .graph-node").count() == 7
    assert page.locator("svg .graph-node.missing").count() == 2
    # Every readable node in the figure is also a link in the list in words.
    figure_links = sorted(
        page.locator("svg a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    )
    words_links = sorted(
        page.locator(".graph-in-words a").evaluate_all(
            "els => els.map(a => a.getAttribute('href'))"
        )
    )
    assert (
        figure_links
        == words_links
        == [
            "/cable/06GRAPH2/",
            "/cable/06GRAPH4/",
            "/cable/07GRAPH6/",
            "/cable/07GRAPH7/",
        ]
    )
    screenshot(page, "reference-graph")
    assert_accessible(page, axe_source)
    page.set_viewport_size(VIEWPORTS["phone"])
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    assert_accessible(page, axe_source)
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.locator('svg a[href="/cable/06GRAPH4/"]').click()
    page.wait_for_url(re.compile(r"/cable/06GRAPH4/$"))
    assert page.get_by_text("TWO STEPS RIGHT").first.is_visible()


def test_most_cited_in_a_result_leads_to_the_cited_cable(page, citations, axe_source):
    # The four "STEP" cables cite these, once each; ties in id order.
    page.goto("/cables/?q=step")
    panel = page.get_by_role("region", name="Most cited in this result")
    assert panel.locator("li").all_inner_texts() == [
        "05MISSING8 not in the archive cited by 1",
        "06GRAPH1 cited by 1",
        "06GRAPH4 cited by 1",
        "07GRAPH6 cited by 1",
    ]
    assert_accessible(page, axe_source)
    panel.get_by_role("link", name="06GRAPH4").click()
    page.wait_for_url(re.compile(r"/cable/06GRAPH4/$"))
