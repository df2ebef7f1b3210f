"""The reference graph and "most cited" on real cables: the Kinshasa chain of the corpus.

02KINSHASA2321 cites 793 and 876 (and 1520, not in the corpus); 876 cites 793, which
cites three cables the corpus lacks.
"""

import re

import pytest

from cableroom.browse.most_cited import cited_by_cables
from cableroom.importing.run import import_cables
from cableroom.models import Cable
from cableroom.reading.reference_graph import reference_graph
from tests.paths import SHARED
from tests.reading.test_corpus_pages import KINSHASA, dump_rows

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SHARED.exists(), reason=f"MISSING CORPUS: {SHARED} not found"),
]


@pytest.fixture
def kinshasa(tmp_path):
    rows = dump_rows(set(KINSHASA), tmp_path / "cables.csv")
    assert import_cables(paths=[rows], workers=0).imported == len(KINSHASA)


def placed(graph) -> dict[str, tuple[int, str]]:
    return {node.reference_id: (node.column, node.state) for node in graph.nodes}


def test_graph_of_real_cables(kinshasa):
    graph = reference_graph(Cable.objects.get(reference_id="02KINSHASA2321"))
    assert placed(graph) == {
        "02KINSHASA2321": (0, "held"),
        "02KINSHASA793": (1, "held"),
        "02KINSHASA876": (1, "held"),
        "02KINSHASA1520": (1, "missing"),
        # What 793 and 876 cite in turn, none of it in the corpus.
        "01BRUSSELS5930": (2, "missing"),
        "01KINSHASA2939": (2, "missing"),
        "02KINSHASA640": (2, "missing"),
    }
    edges = {(edge.source.reference_id, edge.target.reference_id) for edge in graph.edges}
    assert ("02KINSHASA876", "02KINSHASA793") in edges
    cited = reference_graph(Cable.objects.get(reference_id="02KINSHASA793"))
    assert placed(cited) == {
        "02KINSHASA793": (0, "held"),
        "02KINSHASA2321": (-1, "held"),
        "02KINSHASA876": (-1, "held"),
        "01BRUSSELS5930": (1, "missing"),
        "01KINSHASA2939": (1, "missing"),
        "02KINSHASA640": (1, "missing"),
    }


def test_most_cited_among_real_cables(client, kinshasa):
    ids = list(Cable.objects.values_list("pk", flat=True))
    rows = [(row.reference_id, row.citations, row.held) for row in cited_by_cables(ids)]
    assert rows[0] == ("02KINSHASA793", 2, True)
    assert ("02KINSHASA1520", 1, False) in rows
    page = client.get("/cables/").content.decode()
    panel = page[page.index('class="facet most-cited"') :].split("</section>")[0]
    first = re.findall(r"<li>(.*?)</li>", panel)[0]
    assert 'href="/cable/02KINSHASA793/"' in first and "cited by 2" in first
