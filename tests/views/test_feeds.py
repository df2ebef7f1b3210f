"""`/feed/`: valid Atom (RFC 4287's RELAX NG schema, and in Python the rules that schema
leaves to Schematron), tag URIs for ids, the dates the entries carry, their summaries."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import rnc2rng
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from cableroom.curation import edits as curation
from cableroom.models import Cable
from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = Path(__file__).with_name("atom.rnc")
# RFC 4151: tag:DNSname-or-email,date:specific. DNS names of letters, digits, hyphens.
DNS_NAME = r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"
TAG_URI = re.compile(rf"^tag:{DNS_NAME},\d{{4}}(-\d{{2}}(-\d{{2}})?)?:[\w.~!$&'()*+,;=:@/?%-]+$")


@pytest.fixture(scope="module")
def atom_schema() -> etree.RelaxNG:
    compact = rnc2rng.loads(SCHEMA.read_text())
    # rnc2rng declares the empty namespace of `local` as a prefix, which XML forbids;
    # the patterns name it as ns="" on their own.
    grammar = re.sub(r'\s+xmlns:local=""', "", rnc2rng.dumps(compact))
    return etree.RelaxNG(etree.fromstring(grammar.encode()))


def feed(client, query: str = "") -> etree._Element:
    response = client.get(f"/feed/{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return etree.fromstring(response.content)


def entries(root) -> dict[str, etree._Element]:
    by_cable = {}
    for entry in root.iter(f"{ATOM}entry"):
        reference_id = entry.findtext(f"{ATOM}title").split(":", 1)[0]
        by_cable[reference_id] = entry
    return by_cable


def assert_valid_atom(schema: etree.RelaxNG, root) -> None:
    assert schema.validate(root), schema.error_log
    # The rules RFC 4287 states in prose (and its Schematron): an author for the feed or
    # every entry; one id, title and updated per entry; ids unique.
    ids = [entry.findtext(f"{ATOM}id") for entry in root.iter(f"{ATOM}entry")]
    assert root.find(f"{ATOM}author") is not None
    assert len(ids) == len(set(ids))
    for entry in root.iter(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert len(entry.findall(f"{ATOM}link[@rel='alternate']")) == 1


def test_the_schema_finds_an_invalid_feed(atom_schema, client, browse_sample):
    root = feed(client)
    entry = next(root.iter(f"{ATOM}entry"))
    entry.remove(entry.find(f"{ATOM}id"))
    assert not atom_schema.validate(root)
    root = feed(client)
    next(root.iter(f"{ATOM}updated")).text = "yesterday"
    assert not atom_schema.validate(root)


@pytest.mark.parametrize("query", ["", "?tag=PREL", "?q=nuclear", "?tag=NONE1"])
def test_the_feed_is_valid_atom(atom_schema, client, browse_sample, query):
    factories.tag("NONE1")
    assert_valid_atom(atom_schema, feed(client, query))


def test_a_curated_released_many_versioned_cable_gives_valid_atom(atom_schema, client, curator):
    cable = factories.cable("06ASTANA33", origin="Embassy Astana", caveats=("NOFORN",))
    factories.version(cable, "another copy", released=datetime(2010, 11, 28, tzinfo=UTC))
    curation.edit_cable(cable=cable, values={"subject": "A BETTER SUBJECT"}, user=curator)
    assert_valid_atom(atom_schema, feed(client))


def test_ids_are_tag_uris_of_the_host_and_the_day_the_cable_came(client, browse_sample):
    root = feed(client)
    for reference_id, entry in entries(root).items():
        entry_id = entry.findtext(f"{ATOM}id")
        assert TAG_URI.match(entry_id), entry_id
        created = Cable.objects.get(reference_id=reference_id).created_at
        assert entry_id == f"tag:testserver,{created:%Y-%m-%d}:cable/{reference_id}"
    assert root.findtext(f"{ATOM}id").startswith("http://testserver/cables/")


def test_ids_stay_the_same_when_the_cable_changes(client, browse_sample, curator):
    before = entries(feed(client))["06MOSCOW3"].findtext(f"{ATOM}id")
    cable = Cable.objects.get(reference_id="06MOSCOW3")
    factories.version(cable, "a later copy", released=datetime(2011, 1, 1, tzinfo=UTC))
    curation.edit_cable(cable=cable, values={"subject": "EDITED"}, user=curator)
    assert entries(feed(client))["06MOSCOW3"].findtext(f"{ATOM}id") == before


def test_the_id_names_the_host_without_its_port(client, browse_sample, settings):
    settings.ALLOWED_HOSTS = ["cables.example.org"]
    response = client.get("/feed/", HTTP_HOST="Cables.Example.org:8443")
    entry_id = etree.fromstring(response.content).find(f"{ATOM}entry/{ATOM}id").text
    assert entry_id.startswith("tag:cables.example.org,")


def test_updated_is_the_cable_date_until_a_curator_changes_it(client, browse_sample, curator):
    entry = entries(feed(client))["06MOSCOW3"]
    assert entry.findtext(f"{ATOM}updated") == "2006-04-02T12:00:00+00:00"
    cable = Cable.objects.get(reference_id="06MOSCOW3")
    (change,) = curation.edit_cable(cable=cable, values={"subject": "EDITED"}, user=curator)
    entry = entries(feed(client))["06MOSCOW3"]
    assert entry.findtext(f"{ATOM}updated") == change.at.isoformat()


def test_published_is_the_first_release_date_and_absent_without_one(client, browse_sample):
    cable = Cable.objects.get(reference_id="06MOSCOW3")
    factories.version(cable, "later", released=datetime(2011, 8, 30, 1, 44, tzinfo=UTC))
    factories.version(cable, "first", released=datetime(2010, 11, 28, 18, 6, tzinfo=UTC))
    by_cable = entries(feed(client))
    assert by_cable["06MOSCOW3"].findtext(f"{ATOM}published") == "2010-11-28T18:06:00+00:00"
    assert by_cable["05ASTANA1"].find(f"{ATOM}published") is None


def test_the_summary_is_the_first_paragraphs(client):
    paragraphs = [("C", "word " * 200), ("S", "x" * 2000), ("U", "Third, not shown.")]
    factories.cable("06ASTANA33", origin="Embassy Astana", paragraphs=tuple(paragraphs))
    summary = entries(feed(client))["06ASTANA33"].find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    html = summary.text
    assert html.startswith("<p>UNCLASSIFIED cable from Embassy Astana.</p>")
    # Cut at a space near the limit, or at the limit when there is none.
    assert "<p>1. (C) " + "word " * 118 + "word…</p>" in html
    assert "<p>2. (S) " + "x" * 599 + "…</p>" in html
    assert "Third" not in html


def test_the_author_of_an_entry_is_the_post_that_sent_it(client, browse_sample):
    entry = entries(feed(client))["06MOSCOW3"]
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Embassy Moscow"


def test_the_tags_are_the_categories(client, browse_sample):
    entry = entries(feed(client))["06MOSCOW3"]
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["PREL", "RS"]


def test_queries_do_not_grow_with_the_entries(client, browse_sample):
    client.get("/feed/")  # builds the browse index
    with CaptureQueriesContext(connection) as six:
        feed(client)
    for serial in range(10):
        factories.cable(f"08MORE{serial}", tags=("PREL",), to=("X",))
    client.get("/feed/")
    with CaptureQueriesContext(connection) as sixteen:
        assert len(entries(feed(client))) == 16
    assert len(sixteen) == len(six)
