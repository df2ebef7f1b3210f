"""The cable page, its raw and JSON forms, versions and diff, with synthetic cables."""

import json
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from cableroom.models import Addressee, Cable, Note, Paragraph, Reference
from tests import factories

pytestmark = pytest.mark.django_db


def page(client, reference_id, **params):
    return client.get(reference(reference_id), params)


def reference(reference_id):
    return reverse("cable-detail", args=[reference_id])


@pytest.fixture
def astana():
    """A cable shaped like the seed: SBU paragraphs, tags, addressees, a REF, a signer."""
    cable = factories.cable(
        "06ASTANA33",
        subject="AMBASSADOR AND MINISTER DISCUSS VISIT",
        classification="UNCLASSIFIED//FOR OFFICIAL USE ONLY",
        date_time_group="191331Z APR 06",
        precedence="P",
        from_line="USOFFICE ASTANA",
        origin="Embassy Astana",
        tags=("KCRM", "PREL", "KZ"),
        caveats=("SIPDIS",),
        to=("Secretary of State",),
        info=("Embassy Almaty", "CIS COLLECTIVE"),
        paragraphs=(("SBU", "First, with country,s garble."), ("SBU", "Second paragraph.")),
        references=("05ASTANA123",),
        signer="TRACY",
        eo_line="E.O. 12958: N/A",
    )
    Addressee.objects.filter(cable=cable, name="Secretary of State").update(
        routing_indicator="RUEHC"
    )
    return cable


def test_page_shows_banner_header_paragraphs_and_signer(client, astana):
    response = page(client, "06ASTANA33")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="classification-banner level-unclassified') == 2
    assert "UNCLASSIFIED//FOR OFFICIAL USE ONLY//SIPDIS" in html
    assert "2006-04-19 13:31 UTC" in html and "as written <code>191331Z APR 06</code>" in html
    assert "Priority" in html
    assert 'id="p1"' in html and 'id="p2"' in html and 'href="#p2"' in html
    assert html.count('<span class="marking level-unclassified">SBU</span>') == 2
    assert "country,s" in html
    assert '<p class="signer">TRACY</p>' in html
    assert "RUEHC" in html


def test_facet_links_for_origin_tags_and_addressees(client, astana):
    html = page(client, "06ASTANA33").content.decode()
    assert "/cables/?origin=Embassy+Astana" in html
    assert "/cables/?tag=PREL" in html
    assert "/cables/?addressee=Secretary+of+State" in html


def test_tag_chips_carry_descriptions(client, astana):
    tag = factories.tag("PREL")
    tag.description = "External Political Relations"
    tag.save()
    html = page(client, "06ASTANA33").content.decode()
    assert "External Political Relations" in html


def test_cable_text_is_escaped(client):
    factories.cable(
        "06TESTVILLE900",
        subject="<script>alert(1)</script>",
        paragraphs=(("U", "<script>alert(2)</script> & <b>bold</b>"),),
    )
    html = page(client, "06TESTVILLE900").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.parametrize(
    ("classification", "level"),
    [
        ("UNCLASSIFIED", "unclassified"),
        ("CONFIDENTIAL//NOFORN", "confidential"),
        ("SECRET", "secret"),
        ("SECRET//NOFORN", "secret"),
        ("TOP SECRET", "top-secret"),
        ("LIMITED OFFICIAL USE", "lou"),
    ],
)
def test_banner_colour_follows_classification(client, classification, level):
    cable = factories.cable(classification=classification)
    html = page(client, cable.reference_id).content.decode()
    assert f'class="classification-banner level-{level} banner-top"' in html
    assert f'class="classification-banner level-{level} banner-bottom"' in html


def test_meta_canonical_opengraph_and_twitter(client, astana):
    html = page(client, "06ASTANA33", search="tag=PREL").content.decode()
    assert '<link rel="canonical" href="http://testserver/cable/06ASTANA33/">' in html
    assert '<meta property="og:url" content="http://testserver/cable/06ASTANA33/">' in html
    assert (
        'property="og:title" content="06ASTANA33: AMBASSADOR AND MINISTER DISCUSS VISIT"' in html
    )
    assert "Embassy Astana, 2006-04-19" in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert "cableroom/css/cable.css" in html and "cable-print.css" in html


def test_references_resolve_and_missing_ones_are_marked(client, astana):
    factories.cable("05ASTANA123", subject="THE EARLIER ONE")
    Reference.objects.create(
        cable=astana, target_reference_id="05ASTANA999", label="B", notal=True, position=1
    )
    html = page(client, "06ASTANA33").content.decode()
    assert '<a class="reference-id" href="/cable/05ASTANA123/">05ASTANA123</a>' in html
    assert "THE EARLIER ONE" in html
    assert '<span class="reference-id">05ASTANA999</span>' in html
    assert "not in the archive" in html and "NOTAL" in html


def test_cited_by_lists_public_citing_cables_only(client, astana):
    factories.cable("06ALMATY7", references=("06ASTANA33",))
    factories.cable(
        "06ALMATY8", references=("06ASTANA33",), withdrawn_at=datetime(2024, 1, 1, tzinfo=UTC)
    )
    html = page(client, "06ASTANA33").content.decode()
    assert 'href="/cable/06ALMATY7/"' in html
    assert "06ALMATY8" not in html


def test_citation_block_and_paragraph_pinpoint(client, astana):
    html = page(client, "06ASTANA33").content.decode()
    assert (
        "cable 06ASTANA33, April 19, 2006, version 1, Cable Room, "
        "http://testserver/cable/06ASTANA33/." in html
    )
    assert "@misc{06ASTANA33," in html
    pinned = page(client, "06ASTANA33", cite="p2").content.decode()
    pinpoint = "\u00b6\u00a02, version 1, Cable Room, http://testserver/cable/06ASTANA33/#p2."
    assert pinpoint in pinned
    assert "@misc{06ASTANA33-p2," in pinned and "para.~2" in pinned
    assert 'href="?cite=p2#citation"' in html


def test_unknown_pinpoint_is_ignored(client, astana):
    response = page(client, "06ASTANA33", cite="p99")
    assert response.status_code == 200
    assert "#p99" not in response.content.decode()


def test_duplicate_and_unnumbered_paragraphs_get_unique_anchors(client):
    cable = factories.cable(paragraphs=(("U", "one"), ("U", "two")))
    Paragraph.objects.create(cable=cable, position=5, number=1, marking="C", text="one again")
    Paragraph.objects.create(cable=cable, position=6, number=None, text="A HEADING")
    html = page(client, cable.reference_id).content.decode()
    assert 'id="p1"' in html and 'id="p1-2"' in html
    assert '<h2 class="cable-heading" id="u6">A HEADING</h2>' in html


def test_old_publishers_paragraph_anchors_name_the_first_paragraph_of_that_number(client):
    cable = factories.cable(paragraphs=(("U", "one"), ("U", "two")))
    Paragraph.objects.create(cable=cable, position=5, number=1, marking="C", text="one again")
    html = page(client, cable.reference_id).content.decode()
    first, second = html.index('id="p1"'), html.index('id="p1-2"')
    for alias in ("par1", "para1", "par2", "para2"):
        assert html.count(f'id="{alias}"') == 1
    assert first < html.index('id="par1"') < html.index('id="para1"') < html.index('id="p2"')
    assert html.index('id="para2"') < second


def test_prev_next_within_the_search(client):
    for day in (1, 2, 3):
        factories.cable(
            f"06ASTANA{day}", date_time=datetime(2006, 4, day, tzinfo=UTC), tags=("PREL",)
        )
    factories.cable("06ASTANA9", date_time=datetime(2006, 4, 2, 12, tzinfo=UTC))
    html = page(client, "06ASTANA2", search="tag=PREL").content.decode()
    assert '<a rel="prev" href="/cable/06ASTANA3/?search=tag%3DPREL">' in html
    assert '<a rel="next" href="/cable/06ASTANA1/?search=tag%3DPREL">' in html
    assert 'href="/cables/?tag=PREL"' in html
    nav = html.split('<nav class="search-neighbours"', 1)[1].split("</nav>", 1)[0]
    assert "06ASTANA9" not in nav  # in "More like this" it may be


def test_no_neighbours_without_a_search(client, astana):
    assert "search-neighbours" not in page(client, "06ASTANA33").content.decode()


def test_cable_page_query_count_is_fixed(client, django_assert_num_queries, astana):
    for serial in range(10):
        factories.cable(f"06ALMATY{serial}", references=("06ASTANA33",), tags=("PREL",))
    Paragraph.objects.bulk_create(
        Paragraph(cable=astana, position=10 + i, number=10 + i, marking="SBU", text="more")
        for i in range(20)
    )
    Note.objects.bulk_create(
        Note(cable=astana, paragraph_position=i % 3, text="note", is_public=True)
        for i in range(10)
    )
    # One query: the cable with its paragraphs, caveats, tags, addressees, resolved
    # references, citing cables, public notes with their authors, its nearest cables
    # stored by embed_cables, and whether the archive is synthetic (the site header's
    # notice). Without stored neighbours the similar-words fallback adds two at most
    # (tests/similar/test_more_like_this_page.py).
    factories.similar(astana, Cable.objects.get(reference_id="06ALMATY0"))
    with django_assert_num_queries(1):
        assert page(client, "06ASTANA33").status_code == 200
    page(client, "06ASTANA33", search="tag=PREL")  # builds the browse index once
    # Within a search: the browse index's generation check and the two neighbours.
    with django_assert_num_queries(3):
        assert page(client, "06ASTANA33", search="tag=PREL").status_code == 200


def test_text_is_the_raw_text_byte_for_byte(client):
    raw = "UNCLAS ASTANA 000033 \r\n\r\n¶1. (SBU) <b>country,s</b> \xe9\t\n"
    cable = factories.cable("06ASTANA33", raw_text=raw)
    response = client.get(reverse("cable-text", args=[cable.reference_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == raw.encode("utf-8")
    assert response["Link"] == '<http://testserver/cable/06ASTANA33/>; rel="canonical"'


def test_json_carries_public_notes_where_the_page_shows_them(client, astana):
    curator = factories.curator(first_name="Ada", last_name="Reyes")
    Note.objects.create(cable=astana, text="On the whole cable.", is_public=True, author=curator)
    second = Paragraph.objects.get(cable=astana, number=2).position
    Note.objects.create(cable=astana, paragraph_position=second, text="On p2.", is_public=True)
    Note.objects.create(cable=astana, paragraph_position=99, text="Orphaned.", is_public=True)
    Note.objects.create(cable=astana, text="Curators only.", is_public=False)
    document = json.loads(client.get(reverse("cable-json", args=["06ASTANA33"])).content)
    cable_notes = [(note["text"], note["by"]) for note in document["notes"]]
    assert cable_notes == [("On the whole cable.", "Ada Reyes"), ("Orphaned.", "a former curator")]
    by_paragraph = {
        entry["anchor"]: [n["text"] for n in entry["notes"]] for entry in document["paragraphs"]
    }
    assert by_paragraph["p2"] == ["On p2."]
    assert sum(len(texts) for texts in by_paragraph.values()) == 1
    assert "Curators only." not in json.dumps(document)
    assert document["notes"][0]["created_at"].endswith("Z")


def test_json_has_every_field(client, astana):
    factories.version(astana, "a second copy", source_format="cables.csv", source_row=7)
    response = client.get(reverse("cable-json", args=["06ASTANA33"]))
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert {
        "reference_id",
        "url",
        "text_url",
        "date_time",
        "date_time_group",
        "precedence",
        "origin",
        "from_line",
        "to",
        "info",
        "classification",
        "caveats",
        "eo_line",
        "declassify_on",
        "classified_by",
        "classification_reasons",
        "tags",
        "subject",
        "references",
        "cited_by",
        "paragraphs",
        "signer",
        "warnings",
        "source_metadata",
        "versions",
    } <= document.keys()
    assert document["date_time"] == "2006-04-19T13:31:00Z"
    assert document["paragraphs"][1]["url"] == "http://testserver/cable/06ASTANA33/#p2"
    assert document["to"][0]["routing_indicator"] == "RUEHC"
    assert document["references"][0] == {
        "label": "A",
        "reference_id": "05ASTANA123",
        "notal": False,
        "text": "",
        "in_archive": False,
        "withdrawn": False,
        "url": None,
    }
    assert [version["number"] for version in document["versions"]] == [1, 2]
    assert document["versions"][1]["current"] is True
    assert document["versions"][1]["source_row"] == 7


def test_versions_list_each_version_and_its_text(client, astana):
    factories.version(astana, "REDACTED XXXXXXXXXXXX copy\n", source_format="cablegate-html")
    html = client.get(reverse("cable-versions", args=["06ASTANA33"])).content.decode()
    assert "cablegate-html" in html and "/cable/06ASTANA33/versions/2/" in html
    version_page = client.get(reverse("cable-version", args=["06ASTANA33", 2]))
    assert "REDACTED XXXXXXXXXXXX copy" in version_page.content.decode()
    text = client.get(reverse("cable-version-text", args=["06ASTANA33", 2]))
    assert text.content == b"REDACTED XXXXXXXXXXXX copy\n"
    assert client.get(reverse("cable-version", args=["06ASTANA33", 3])).status_code == 404


def test_diff_between_redacted_and_unredacted(client):
    cable = factories.cable("06ASTANA33", raw_text="MET WITH JOHN SMITH TODAY\nSAME LINE\n")
    factories.version(cable, "MET WITH XXXXXXXXXXXX TODAY   \nSAME LINE\n")
    response = client.get(reverse("cable-diff", args=["06ASTANA33"]), {"from": 1, "to": 2})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>JOHN SMITH</mark>" in html and "<mark>XXXXXXXXXXXX</mark>" in html
    assert "1 line removed, 1 added" in html
    default = client.get(reverse("cable-diff", args=["06ASTANA33"]))
    assert "<mark>XXXXXXXXXXXX</mark>" in default.content.decode()


@pytest.mark.parametrize("params", [{"from": 1, "to": 9}, {"from": "x", "to": 1}, {"to": 1}])
def test_diff_with_bad_versions_is_a_400(client, params):
    cable = factories.cable("06ASTANA33")
    factories.version(cable, "other")
    response = client.get(reverse("cable-diff", args=["06ASTANA33"]), params)
    assert response.status_code == 400


def test_page_shows_public_notes_with_author_and_date_never_private_ones(client, astana):
    author = factories.curator("ada", first_name="Ada", last_name="Lovelace")
    Note.objects.create(cable=astana, author=author, text="Dated in Astana time.", is_public=True)
    Note.objects.create(
        cable=astana,
        author=author,
        paragraph_position=1,
        text="The garble is in the source.",
        is_public=True,
    )
    Note.objects.create(
        cable=astana,
        author=author,
        paragraph_position=0,
        text="Check this privately.",
        is_public=False,
    )
    Note.objects.create(
        cable=astana,
        author=None,
        paragraph_position=7,
        text="On a paragraph now gone.",
        is_public=True,
    )
    html = page(client, "06ASTANA33").content.decode()
    assert "Check this privately." not in html
    whole_cable = html[html.index('id="cable-notes-heading"') : html.index('id="p1"')]
    assert "Dated in Astana time." in whole_cable and "by Ada Lovelace" in whole_cable
    assert "On a paragraph now gone." in whole_cable and "a former curator" in whole_cable
    today = Note.objects.first().created_at.date().isoformat()
    assert f">{today}</time>" in whole_cable
    second_paragraph = html[html.index('id="p2"') : html.index('class="signer"')]
    assert "The garble is in the source." in second_paragraph
    assert "by Ada Lovelace" in second_paragraph


def test_no_notes_section_without_public_notes(client, astana):
    Note.objects.create(cable=astana, text="Curators only.", is_public=False)
    html = page(client, "06ASTANA33").content.decode()
    assert "Curators only." not in html and "curator-note" not in html
