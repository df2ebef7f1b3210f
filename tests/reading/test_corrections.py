"""What readers see of curators' corrections: a marker on each corrected field, the
parser's reading in a <details>, and citations that name the version and the correction."""

import html as html_lib
import json
import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from cableroom.curation import edits as curation
from cableroom.models import Change, Tag
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def cable():
    return factories.cable(
        "06TESTVILLE7",
        subject="WHEAT EXPORTS",
        date_time=datetime(2006, 4, 19, 13, 31, tzinfo=UTC),
        tags=("PREL", "KZ"),
        signer="SMITH",
    )


def page_html(client, reference_id="06TESTVILLE7") -> str:
    response = client.get(reverse("cable-detail", args=[reference_id]))
    assert response.status_code == 200
    return response.content.decode()


def corrections_on(html: str) -> dict[str, str]:
    """Each marker's summary text -> the parsed wording in its <details>."""
    found = {}
    for block in re.findall(r'<details class="correction">(.*?)</details>', html, re.S):
        summary = re.search(r'<span class="correction-mark">(.*?)</span>', block).group(1)
        parsed = re.search(r'<q class="parsed">(.*?)</q>', block, re.S)
        found[summary] = html_lib.unescape(parsed.group(1)) if parsed else None
    return found


def citation_of(html: str) -> tuple[str, str]:
    chicago = re.search(r'<p class="chicago">(.*?)</p>', html, re.S).group(1)
    bibtex = re.search(r'<pre class="bibtex">(.*?)</pre>', html, re.S).group(1)
    return html_lib.unescape(chicago), html_lib.unescape(bibtex)


def test_an_uncorrected_cable_has_no_marker_and_a_plain_citation(client, cable):
    html = page_html(client)
    assert corrections_on(html) == {}
    chicago, bibtex = citation_of(html)
    assert "corrected" not in chicago and "corrected" not in bibtex
    assert ", version 1, Cable Room," in chicago
    assert "  version = {1}," in bibtex


def test_a_corrected_subject_is_marked_with_the_parsed_wording(client, cable, curator):
    curation.edit_cable(cable=cable, values={"subject": "WHEAT AND RAIL"}, user=curator)
    html = page_html(client)
    assert corrections_on(html) == {"Subject corrected by a curator": "WHEAT EXPORTS"}
    assert '<h1 class="cable-subject" id="cable-subject">WHEAT AND RAIL</h1>' in html
    chicago, bibtex = citation_of(html)
    assert chicago.startswith("Embassy Testville, \u201cWHEAT AND RAIL,\u201d cable 06TESTVILLE7")
    assert "April 19, 2006, version 1, subject corrected by a curator, Cable Room, " in chicago
    assert "note = {UNCLASSIFIED, version 1, subject corrected by a curator}" in bibtex


def test_each_corrected_field_gets_its_own_marker(client, cable, curator):
    curation.edit_cable(
        cable=cable,
        values={
            "subject": "WHEAT AND RAIL",
            "date_time": "2006-04-20T08:00:00+00:00",
            "tags": ["PREL", "ECON"],
            "signer": "JONES",
        },
        user=curator,
    )
    html = page_html(client)
    assert corrections_on(html) == {
        "Subject corrected by a curator": "WHEAT EXPORTS",
        "Date corrected by a curator": "2006-04-19 13:31 UTC",
        "Tags corrected by a curator": "PREL, KZ",
        "Signer corrected by a curator": "SMITH",
    }
    chicago, _ = citation_of(html)
    assert "subject, date, tags and signer corrected by a curator" in chicago
    assert "April 20, 2006" in chicago


def test_a_second_edit_keeps_the_parsed_wording_not_the_first_correction(client, cable, curator):
    curation.edit_cable(cable=cable, values={"subject": "FIRST FIX"}, user=curator)
    curation.edit_cable(cable=cable, values={"subject": "SECOND FIX"}, user=curator)
    assert corrections_on(page_html(client)) == {"Subject corrected by a curator": "WHEAT EXPORTS"}


def test_reverting_the_correction_takes_the_marker_away(client, cable, curator):
    (change,) = curation.edit_cable(cable=cable, values={"subject": "FIX"}, user=curator)
    curation.revert_change(change=change, user=curator)
    html = page_html(client)
    assert corrections_on(html) == {}
    assert "corrected" not in citation_of(html)[0]


def test_a_tag_split_marks_the_tags_corrected_and_a_merge_does_not(client, curator):
    # A merge redirects a tag everywhere, which a re-parse follows; a split rewrites
    # each cable's tags, which are then the curators' and marked as such.
    factories.cable("06TESTVILLE8", tags=("PREL", "MASSMNUC"))
    curation.merge_tags(
        source=Tag.objects.get(code="PREL"), target=factories.tag("PGOV"), user=curator
    )
    assert corrections_on(page_html(client, "06TESTVILLE8")) == {}
    curation.split_tag(tag=Tag.objects.get(code="MASSMNUC"), into=["MASS", "MNUC"], user=curator)
    assert corrections_on(page_html(client, "06TESTVILLE8")) == {
        "Tags corrected by a curator": "PGOV, MASSMNUC"
    }


def test_a_curated_field_without_history_says_the_wording_was_not_recorded(client, cable):
    cable.curated_fields = ["classification"]
    cable.save()
    html = page_html(client)
    assert corrections_on(html) == {"Classification corrected by a curator": None}
    assert "(not recorded)" in html


def test_the_citation_names_the_version_shown(client, cable):
    factories.version(cable, "WHEAT EXPORTS\n\nA second copy.\n", source_format="csv")
    chicago, bibtex = citation_of(page_html(client))
    assert ", version 2, Cable Room," in chicago and "  version = {2}," in bibtex


def test_a_corrected_page_costs_one_query_more(client, cable, curator, django_assert_num_queries):
    # The cable with everything its page shows (its nearest cables stored, as after
    # embed_cables); corrections add the cable's history, one query for them all.
    factories.similar(cable, factories.cable())
    with django_assert_num_queries(1):
        page_html(client)
    curation.edit_cable(cable=cable, values={"subject": "FIX", "tags": ["KZ"]}, user=curator)
    with django_assert_num_queries(2):
        page_html(client)


def test_json_lists_each_correction_with_the_parsed_value(client, cable, curator):
    curation.edit_cable(cable=cable, values={"subject": "WHEAT AND RAIL"}, user=curator)
    response = client.get(reverse("cable-json", args=["06TESTVILLE7"]))
    document = json.loads(response.content)
    (correction,) = document["corrections"]
    change = Change.objects.get(cable=cable, field="subject")
    assert correction == {
        "field": "subject",
        "label": "subject",
        "parsed": "WHEAT EXPORTS",
        "corrected_at": change.at.isoformat().replace("+00:00", "Z"),
    }
    assert document["curated_fields"] == ["subject"]
