"""Real cables from ../shared, imported by the importer, read on the cable page.

The seed cable must read correctly; references and cited-by are checked on a chain of
real Kinshasa cables that cite each other. Nothing here is committed: the cables are
read from ../shared (a few dump rows are copied to a temporary file for a quick import).
"""

import gzip
import re
from pathlib import Path

import pytest

from cableroom.importing.run import import_cables
from cableroom.models import Cable
from tests import factories
from tests.paths import SHARED

SEED = SHARED / "seed" / "06ASTANA33.txt"
DUMP = SHARED / "corpus" / "cables.csv.gz"
TEXT_CABLE = SHARED / "corpus" / "txt" / "06NEWDELHI5135.txt"
# 02KINSHASA2321 cites 793 and 876 (and 1520, not in the corpus); 876 cites 793.
KINSHASA = ("02KINSHASA2321", "02KINSHASA876", "02KINSHASA793")
GARBLED = "04BANGKOK7421"  # writes "country,s": an apostrophe garbled in transmission
ROW_START = re.compile(rb'^"\d+","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}","([^"]+)"')

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SHARED.exists(), reason=f"MISSING CORPUS: {SHARED} not found"),
]


def dump_rows(reference_ids: set[str], destination: Path) -> Path:
    """The dump rows of some cables, bytes unchanged, written as a small dump file."""
    wanted = {reference_id.encode() for reference_id in reference_ids}
    keep = False
    with gzip.open(DUMP, "rb") as dump, open(destination, "wb") as out:
        for line in dump:
            start = ROW_START.match(line)
            if start:
                keep = start.group(1) in wanted
            if keep:
                out.write(line)
    return destination


@pytest.fixture
def seed():
    summary = import_cables(paths=[SEED.parent], workers=0)
    assert summary.imported == 1


@pytest.fixture(scope="module")
def kinshasa_rows(tmp_path_factory):
    """Read the big dump once for the module."""
    return dump_rows({*KINSHASA, GARBLED}, tmp_path_factory.mktemp("dump") / "cables.csv")


@pytest.fixture
def kinshasa(kinshasa_rows):
    summary = import_cables(paths=[kinshasa_rows], workers=0)
    assert summary.imported == len(KINSHASA) + 1


def test_seed_reads_correctly(client, seed):
    response = client.get("/cable/06ASTANA33/")
    html = response.content.decode()
    assert response.status_code == 200
    anchors = re.findall(r'<div class="paragraph" id="(p\d+)">', html)
    assert anchors == [f"p{number}" for number in range(1, 9)]
    for number in range(1, 9):
        assert f'<a class="para-link" href="#p{number}"' in html
    assert html.count('<span class="marking level-unclassified">SBU</span>') == 8
    assert "2006-04-19 13:31 UTC" in html and "as written <code>191331Z APR 06</code>" in html
    assert '<p class="signer">TRACY</p>' in html
    assert "Political Affairs--External Political Relations" in html
    assert (
        '<span class="tag-code">KZ</span> <span class="tag-description">Kazakhstan</span>' in html
    )
    for indicator in ("RUEHC", "RUEHTA", "RUCNCIS", "RUEHBUL", "RUEHVEN", "RUEHAST"):
        assert f'<code class="routing-indicator">{indicator}</code>' in html
    assert "/cables/?addressee=Secretary+of+State" in html
    assert "001.2 OF 002" not in html and "002.2 OF 002" not in html


def test_seed_raw_text_is_the_file_byte_for_byte(client, seed):
    response = client.get("/cable/06ASTANA33.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == SEED.read_bytes()


def test_seed_json_and_query_count(client, seed, django_assert_max_num_queries):
    document = client.get("/cable/06ASTANA33.json").json()
    assert [
        paragraph["marking"] for paragraph in document["paragraphs"] if paragraph["number"]
    ] == ["SBU"] * 8
    assert document["signer"] == "TRACY"
    assert document["to"][0]["routing_indicator"] == "RUEHC"
    # With its nearest cables stored, as after embed_cables: read in the page's query.
    factories.similar(Cable.objects.get(reference_id="06ASTANA33"), factories.cable())
    with django_assert_max_num_queries(1):
        client.get("/cable/06ASTANA33/")


def test_text_cable_is_served_as_utf8_of_its_cp1252_bytes(client):
    import_cables(paths=[TEXT_CABLE], workers=0)
    response = client.get("/cable/06NEWDELHI5135.txt")
    assert response.status_code == 200
    assert response.content == TEXT_CABLE.read_bytes().decode("cp1252").encode("utf-8")


def test_references_link_to_cables_in_the_archive(client, kinshasa):
    html = client.get("/cable/02KINSHASA2321/").content.decode()
    assert '<a class="reference-id" href="/cable/02KINSHASA793/">02KINSHASA793</a>' in html
    assert '<a class="reference-id" href="/cable/02KINSHASA876/">02KINSHASA876</a>' in html
    assert '<span class="reference-id">02KINSHASA1520</span>' in html


def test_cited_by_lists_the_citing_cables(client, kinshasa):
    html = client.get("/cable/02KINSHASA793/").content.decode()
    cited_by = html[html.index('id="cited-by"') :]
    assert 'href="/cable/02KINSHASA2321/"' in cited_by
    assert 'href="/cable/02KINSHASA876/"' in cited_by


def test_missing_page_and_404_know_the_cited_cables(client, kinshasa):
    missing = client.get("/missing/").content.decode()
    assert ">02KINSHASA1520</a>" in missing and ">02KINSHASA793</a>" not in missing
    response = client.get("/cable/02KINSHASA1520/")
    assert response.status_code == 404
    assert 'href="/cable/02KINSHASA2321/"' in response.content.decode()


def test_json_references_say_which_are_in_the_archive(client, kinshasa):
    document = client.get("/cable/02KINSHASA2321.json").json()
    in_archive = {ref["reference_id"]: ref["in_archive"] for ref in document["references"]}
    assert in_archive == {"02KINSHASA793": True, "02KINSHASA876": True, "02KINSHASA1520": False}
    assert document["source_metadata"]


def test_garbled_characters_are_shown_as_they_are(client, kinshasa):
    html = client.get(f"/cable/{GARBLED}/").content.decode()
    assert "country,s" in html
