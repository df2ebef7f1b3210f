"""The cable page's one query: how many queries each shape of page costs, and that what
the JSON columns bring back is what the rows say, in their order."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse

from cableroom.curation import edits as curation
from cableroom.models import Cable, Note, Paragraph, Reference
from cableroom.reading.page_query import cable_for_page, page_rows
from cableroom.reading.references import CITED_BY_LIMIT
from tests import factories

pytestmark = pytest.mark.django_db


def get(client, reference_id, name="cable-detail"):
    return client.get(reverse(name, args=[reference_id]))


@pytest.fixture
def plain():
    """A cable with its nearest cables stored, as after `embed_cables`: the page reads them
    in its one query (without, the similar-words fallback costs two more at most:
    tests/similar/test_more_like_this_page.py)."""
    cable = factories.cable(
        "06ASTANA33",
        tags=("PREL", "KZ"),
        caveats=("SIPDIS",),
        to=("Secretary of State",),
        info=("Embassy Almaty",),
        references=("05ASTANA123",),
    )
    factories.similar(cable, factories.cable("06ALMATY77"))
    return cable


@pytest.fixture
def long_cable():
    """60 paragraphs, 30 references (half of them held), 60 citing cables, 12 notes."""
    cable = factories.cable("06ALMATY1")
    Paragraph.objects.filter(cable=cable).delete()
    Paragraph.objects.bulk_create(
        Paragraph(cable=cable, position=i, number=i + 1, marking="C", text=f"Paragraph {i + 1}.")
        for i in reversed(range(60))
    )
    held = [factories.cable(f"05ALMATY{serial}") for serial in range(15)]
    Reference.objects.bulk_create(
        Reference(cable=cable, target_reference_id=f"05ALMATY{serial}", position=serial)
        for serial in reversed(range(30))
    )
    start = datetime(2007, 1, 1, tzinfo=UTC)
    for day in reversed(range(60)):  # imported newest first: ids run against dates
        factories.cable(
            f"07ALMATY{day}", date_time=start + timedelta(days=day), references=("06ALMATY1",)
        )
    factories.similar(cable, held[0])
    author = factories.curator(first_name="Ada", last_name="Lovelace")
    Note.objects.bulk_create(
        Note(
            cable=cable, paragraph_position=i % 4, text=f"note {i}", is_public=True, author=author
        )
        for i in range(12)
    )
    return cable, held


def test_a_plain_page_is_one_query(client, plain, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert get(client, "06ASTANA33").status_code == 200


def test_a_corrected_page_adds_its_history(client, plain, django_assert_num_queries):
    user = factories.curator()
    curation.edit_cable(cable=plain, values={"subject": "FIXED", "tags": ["KZ"]}, user=user)
    with django_assert_num_queries(2):
        response = get(client, "06ASTANA33")
    assert response.status_code == 200
    assert "Subject corrected by a curator" in response.content.decode()


def test_a_withdrawn_cable_is_its_row_and_the_site_header(
    client, plain, django_assert_num_queries
):
    curation.withdraw_cable(cable=plain, reason="Duplicate of another cable.", user=None)
    with django_assert_num_queries(2):  # the cable, the header's synthetic-archive notice
        response = get(client, "06ASTANA33")
    assert response.status_code == 410
    assert "Duplicate of another cable." in response.content.decode()


def test_many_paragraphs_references_and_citations_cost_no_more(
    client, long_cable, django_assert_num_queries
):
    with django_assert_num_queries(1):
        response = get(client, "06ALMATY1")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('id="p1"') < html.index('id="p2"') < html.index('id="p60"')
    assert html.count('class="note-text"') == 12 and "by Ada Lovelace" in html


def test_json_is_the_page_query_with_the_versions(client, long_cable, django_assert_num_queries):
    cable, _ = long_cable
    factories.version(
        cable, "A SECOND COPY\n", source_format="csv", source_metadata={"released": "2011-08-30"}
    )
    with django_assert_num_queries(1):
        response = get(client, "06ALMATY1", "cable-json")
    assert response.status_code == 200
    document = response.json()
    assert [item["number"] for item in document["paragraphs"]] == list(range(1, 61))
    versions = document["versions"]
    assert [(item["number"], item["source_format"]) for item in versions] == [
        (1, "text"),
        (2, "csv"),
    ]
    assert versions[1]["source_metadata"] == {"released": "2011-08-30"}


def test_unknown_and_misspelt_ids_still_answer(client, plain):
    assert get(client, "06ASTANA34").status_code == 404
    response = get(client, "06astana33")
    assert response.status_code == 301 and response["Location"] == "/cable/06ASTANA33/"


def test_rows_come_back_in_the_cables_order(long_cable):
    cable, held = long_cable
    curation.withdraw_cable(cable=held[3], reason="Withdrawn for the test.", user=None)
    rows = page_rows(cable_for_page("06ALMATY1"))
    assert [paragraph.number for paragraph in rows.paragraphs] == list(range(1, 61))
    references = rows.references
    assert [item.reference.target_reference_id for item in references] == [
        f"05ALMATY{serial}" for serial in range(30)
    ]
    assert [item.in_archive for item in references] == [True] * 15 + [False] * 15
    assert [item.withdrawn for item in references[:5]] == [False, False, False, True, False]
    assert references[0].target.subject == held[0].subject
    assert rows.cited_by.truncated
    assert [citing.reference_id for citing in rows.cited_by.cables] == [
        f"07ALMATY{day}" for day in range(CITED_BY_LIMIT)
    ]
    positions = [note.paragraph_position for note in rows.public_notes]
    assert positions == sorted(positions)
    assert {note.attribution for note in rows.public_notes} == {"Ada Lovelace"}


def test_tags_caveats_addressees_and_origin(plain):
    cable = cable_for_page("06ASTANA33")
    rows = page_rows(cable)
    assert [tag.code for tag in rows.tags] == ["PREL", "KZ"]
    assert [caveat.code for caveat in rows.caveats] == ["SIPDIS"]
    assert [(item.role, item.post.name) for item in rows.addressees] == [
        ("TO", "Secretary of State"),
        ("INFO", "Embassy Almaty"),
    ]
    assert cable.origin.name == "Embassy Testville"
    assert [item.in_archive for item in rows.references] == [False]
    assert rows.cited_by.cables == [] and not rows.cited_by.truncated
    assert not rows.archive_has_synthetic


def test_a_private_note_never_reaches_the_rows(plain):
    Note.objects.create(cable=plain, text="for curators only", is_public=False)
    assert page_rows(cable_for_page("06ASTANA33")).public_notes == []


def test_the_synthetic_notice_and_an_unknown_id(plain):
    Cable.objects.filter(pk=plain.pk).update(is_synthetic=True)
    assert page_rows(cable_for_page("06ASTANA33")).archive_has_synthetic
    assert cable_for_page("06ASTANA34") is None


def test_the_current_version_is_numbered_in_the_query(plain):
    assert cable_for_page("06ASTANA33").current_version_number == 1
    factories.version(plain, "A LATER COPY\n", source_format="csv", current=False)
    assert cable_for_page("06ASTANA33").current_version_number == 1
    factories.version(plain, "A THIRD COPY\n", source_format="html")
    assert cable_for_page("06ASTANA33").current_version_number == 3
    Cable.objects.filter(pk=plain.pk).update(current_version=None)
    assert cable_for_page("06ASTANA33").current_version_number is None


def test_the_banner_names_each_caveat_once(client):
    factories.cable("06PARIS1", classification="SECRET//NOFORN", caveats=("NOFORN", "SIPDIS"))
    html = get(client, "06PARIS1").content.decode()
    assert html.count(">SECRET//NOFORN//SIPDIS</div>") == 2
    assert "NOFORN//NOFORN" not in html


@pytest.mark.django_db(transaction=True)  # a connection closed inside a test's transaction
def test_the_page_query_is_prepared_again_on_a_new_session(client, plain):
    """On PostgreSQL the query is prepared once per session (page_query._prepared): a new
    connection has none of the old one's statements and must prepare its own."""
    assert get(client, "06ASTANA33").status_code == 200
    connection.close()
    page = get(client, "06ASTANA33")
    assert page.status_code == 200 and b"06ASTANA33" in page.content
