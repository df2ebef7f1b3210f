"""A list's exports, read back by parsers of each format.

`csl-data.json` is the CSL-JSON schema of the Citation Style Language project
(github.com/citation-style-language/schema, schemas/input/csl-data.json at commit
e3ce254a72c4470a5ed3b9d23b428017d25674e9, MIT licence), kept here as test data.
"""

import io
import json
import zipfile
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware
from django.utils import timezone

from cableroom.lists import formats as list_formats
from cableroom.models import ReadingList
from tests.lists.helpers import add, edit_token

pytestmark = pytest.mark.django_db

CSL_SCHEMA = json.loads((Path(__file__).parent / "csl-data.json").read_text())


@pytest.fixture
def round_trip_list(browser_client, listed_cables):
    """Created through the pages: three whole cables and one paragraph, with notes."""
    token = edit_token(add(browser_client, "06TESTVILLE1", note="Opening move."))
    add(browser_client, "06TESTVILLE2", list=token)
    add(browser_client, "06TESTVILLE3", list=token, note="Costs: 50% & rising_{fast}")
    add(browser_client, "06TESTVILLE4", "p3", list=token, note="The key paragraph.")
    return ReadingList.objects.get(edit_token=token)


def export(client, reading_list, name):
    response = client.get(f"/lists/shared/{reading_list.share_token}/{name}")
    assert response.status_code == 200, response.content[:300]
    return response


def test_bibtex_export_parses_back_to_the_same_entries(browser_client, round_trip_list):
    response = export(browser_client, round_trip_list, "list.bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    library = bibtexparser.parse_string(
        response.content.decode(), append_middleware=[LatexDecodingMiddleware()]
    )
    assert library.failed_blocks == []
    assert [entry.key for entry in library.entries] == [
        "06TESTVILLE1",
        "06TESTVILLE2",
        "06TESTVILLE3",
        "06TESTVILLE4-p3",
    ]
    fields = [{f.key: f.value for f in entry.fields} for entry in library.entries]
    assert all(entry.entry_type == "misc" for entry in library.entries)
    assert fields[0]["title"] == "SUBJECT 1 & MORE"
    assert fields[0]["author"] == "Embassy Testville"
    assert fields[0]["annote"] == "Opening move."
    assert "annote" not in fields[1]
    assert fields[2]["annote"] == "Costs: 50% & rising_{fast}"
    assert fields[3]["url"] == "http://testserver/cable/06TESTVILLE4/#p3"
    assert fields[3]["note"] == "CONFIDENTIAL, para.\xa03, version 1"  # ~ is a no-break space
    assert fields[3]["year"] == "2006" and fields[3]["date"] == "2006-04-19"


def test_csl_json_export_is_valid_against_the_csl_schema(browser_client, round_trip_list):
    response = export(browser_client, round_trip_list, "list.csl.json")
    assert response["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    items = json.loads(response.content)
    jsonschema.validate(items, CSL_SCHEMA)
    # The schema forbids unknown variables; check the types and values we mean, too.
    assert [item["id"] for item in items] == [
        "06TESTVILLE1",
        "06TESTVILLE2",
        "06TESTVILLE3",
        "06TESTVILLE4-p3",
    ]
    first, *_, paragraph = items
    assert first["type"] == "document" and first["genre"] == "Diplomatic cable"
    assert first["title"] == "SUBJECT 1 & MORE"
    assert first["author"] == [{"literal": "Embassy Testville"}]
    assert first["issued"] == {"date-parts": [[2006, 4, 19]]}
    assert first["note"] == "Opening move."
    assert first["URL"] == "http://testserver/cable/06TESTVILLE1/"
    assert paragraph["section"] == "para. 3"
    assert paragraph["URL"] == "http://testserver/cable/06TESTVILLE4/#p3"


def test_the_schema_check_can_fail():
    """The schema in use refuses what CSL does not allow: the validation above means something."""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "diplomatic-cable"}], CSL_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "document", "paragraph": "5"}], CSL_SCHEMA)


def test_markdown_export_links_every_item_and_quotes_notes(browser_client, round_trip_list):
    text = export(browser_client, round_trip_list, "list.md").content.decode()
    lines = text.splitlines()
    assert lines[0] == "# Reading list"
    assert f"/lists/shared/{round_trip_list.share_token}/" in lines[2]
    assert round_trip_list.edit_token not in text
    assert lines[4] == (
        "1. [06TESTVILLE1](http://testserver/cable/06TESTVILLE1/): SUBJECT 1 & MORE "
        "(Embassy Testville, 2006-04-19)"
    )
    assert "   > Opening move." in lines
    assert "4. [06TESTVILLE4 ¶3](http://testserver/cable/06TESTVILLE4/#p3)" in text
    assert list_formats.markdown_escape("R&D_costs [draft] *") == "R&D\\_costs \\[draft\\] \\*"


def test_zip_holds_each_raw_text_byte_for_byte(browser_client, round_trip_list, listed_cables):
    response = export(browser_client, round_trip_list, "list.zip")
    assert response.streaming
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    assert archive.namelist() == [f"06TESTVILLE{n}.txt" for n in range(1, 5)]
    for cable in listed_cables:
        assert archive.read(f"{cable.reference_id}.txt") == cable.raw_text.encode("utf-8")


def test_withdrawn_cables_leave_the_citations_and_the_zip(browser_client, round_trip_list):
    cable = round_trip_list.items.get(cable__reference_id="06TESTVILLE2").cable
    cable.withdrawn_at = timezone.now()
    cable.save(update_fields=["withdrawn_at"])
    bib = bibtexparser.parse_string(export(browser_client, round_trip_list, "list.bib").text)
    assert "06TESTVILLE2" not in [entry.key for entry in bib.entries]
    assert len(bib.entries) == 3
    csl = json.loads(export(browser_client, round_trip_list, "list.csl.json").content)
    assert [item["id"] for item in csl] == ["06TESTVILLE1", "06TESTVILLE3", "06TESTVILLE4-p3"]
    markdown = export(browser_client, round_trip_list, "list.md").content.decode()
    assert "2. 06TESTVILLE2: SUBJECT 2 & MORE (withdrawn from the archive)" in markdown
    response = export(browser_client, round_trip_list, "list.zip")
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert "06TESTVILLE2.txt" not in names and len(names) == 3


def test_exports_live_under_the_share_address_only(browser_client, round_trip_list):
    token = round_trip_list.edit_token
    for name in ("list.bib", "list.csl.json", "list.md", "list.zip"):
        assert browser_client.get(f"/lists/shared/{token}/{name}").status_code == 404
        assert browser_client.get(f"/lists/{token}/{name}").status_code == 404
