"""Cables whose text holds markup are shown as text on every page that shows them.

Every field a reader or curator sees (subject, paragraphs, tags' descriptions, posts,
addressees, references, notes, the withdrawal reason, history values) carries script
tags, event handlers, `javascript:` URLs and broken HTML. No page may hand any of it to
the browser as markup; each must show it as text. Synthetic, hand-written cables only.
"""

import csv
import io
import json
import xml.etree.ElementTree as ElementTree

import pytest
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from cableroom.curation import edits as curation
from cableroom.models import Note
from tests import factories
from tests.html_checks import inline_scripts

SCRIPT = '<script>alert("subject")</script>'
HANDLER = "<img src=x onerror=alert(1)>"
JS_LINK = '<a href="javascript:alert(2)">click me</a>'
BROKEN = "</p></div><b>never closed <i"
JSON_BREAKOUT = "</script><script>alert(3)</script>"
XML_BREAKOUT = "]]><evil/>"
PAYLOADS = [SCRIPT, HANDLER, JS_LINK, BROKEN, JSON_BREAKOUT, XML_BREAKOUT]
# What would appear in the page only if a payload had become markup.
RAW_MARKERS = ["<script>alert", "<img src=x", 'href="javascript:', "<b>never closed", "<evil/>"]
# What appears when a payload was escaped and shown as text.
ESCAPED_MARKER = "&lt;script&gt;alert("
HOSTILE_ID = "06TESTVILLE1"
WORD = "alert"  # in every payload: the text query that finds the hostile cable


def hostile(label: str) -> str:
    return f"{label} {' '.join(PAYLOADS)}"


@pytest.fixture
def hostile_cable(db):
    origin = factories.post(hostile("Embassy"))
    factories.tag("XSSTAG", description=hostile("Tag description"))
    cable = factories.cable(
        HOSTILE_ID,
        origin=origin.name,
        subject=hostile("SUBJECT"),
        summary=hostile("Summary"),
        signer="SMITH <script>alert(4)</script>",
        tags=("XSSTAG", "PREL"),
        to=(hostile("Addressee"),),
        paragraphs=(("U", hostile("Paragraph one")), ("SBU", hostile("Paragraph two"))),
        references=("05NOWHERE1",),
        raw_text=hostile("Raw text"),
    )
    factories.cable("06TESTVILLE2", subject="CITES THE HOSTILE ONE", references=(HOSTILE_ID,))
    factories.version(cable, hostile("Another copy"), current=False)
    Note.objects.create(cable=cable, text=hostile("Public note"), is_public=True)
    return cable


def assert_no_markup(html: str, where: str) -> None:
    """No payload became markup: no raw tag of theirs, nothing a CSP would block."""
    for marker in RAW_MARKERS:
        assert marker not in html, f"{where}: {marker!r} reached the page as markup"
    assert inline_scripts(html) == [], where


def assert_shown_as_text(html: str, where: str) -> None:
    """No payload became markup, and the payload's words are there to read."""
    assert_no_markup(html, where)
    assert ESCAPED_MARKER in html or "\\u003Cscript\\u003E" in html, f"{where}: payload missing"


def get_ok(client: Client, url: str):
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response


READER_PAGES = [
    "/",
    f"/cable/{HOSTILE_ID}/",
    "/cable/06TESTVILLE2/",
    f"/cable/{HOSTILE_ID}/versions/1/",
    f"/cable/{HOSTILE_ID}/diff/?from=1&to=2",
]


@pytest.mark.parametrize("url", READER_PAGES)
def test_reader_pages_show_markup_as_text(client, hostile_cable, url):
    assert_shown_as_text(get_ok(client, url).content.decode(), url)


def test_the_versions_list_has_no_markup(client, hostile_cable):
    url = f"/cable/{HOSTILE_ID}/versions/"  # shows where copies came from, not their text
    assert_no_markup(get_ok(client, url).content.decode(), url)


def test_withdrawn_cable_page_shows_the_reason_as_text(client, hostile_cable):
    curation.withdraw_cable(
        cable=hostile_cable, reason=hostile("Reason"), user=factories.curator()
    )
    response = client.get(f"/cable/{HOSTILE_ID}/")
    assert response.status_code == 410
    assert_shown_as_text(response.content.decode(), "410 page")


def test_the_raw_text_is_plain_text_the_browser_will_not_sniff(client, hostile_cable):
    response = get_ok(client, f"/cable/{HOSTILE_ID}.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.decode() == hostile("Raw text")


def test_the_json_form_carries_the_markup_as_data(client, hostile_cable):
    response = get_ok(client, f"/cable/{HOSTILE_ID}.json")
    assert response["Content-Type"].startswith("application/json")
    document = json.loads(response.content)
    assert document["subject"] == hostile("SUBJECT")


def test_the_sitemap_is_well_formed_xml(client, hostile_cable):
    section = get_ok(client, "/sitemap-cables.xml")
    ElementTree.fromstring(section.content)


# --- Browse, search snippets, facets, feed and exports (issue 6) ------------------------


def routed(path: str) -> str:
    try:
        resolve(path)
    except Resolver404:
        pytest.skip(f"NOT ROUTED YET: {path} (browse page of issue 6); markup test not run")
    return path


@override_settings(RATE_LIMIT_PER_MINUTE=0)
@pytest.mark.parametrize(
    "url",
    ["/cables/", f"/cables/?q={WORD}", f"/cables/?q={WORD}&tag=XSSTAG", "/tags/"],
)
def test_browse_search_snippets_and_facets_show_markup_as_text(client, hostile_cable, url):
    html = get_ok(client, routed(url.split("?")[0]) and url).content.decode()
    assert_shown_as_text(html, url)


@override_settings(RATE_LIMIT_PER_MINUTE=0)
def test_the_browse_json_carries_the_markup_as_data(client, hostile_cable):
    response = get_ok(client, routed("/cables.json") + f"?q={WORD}")
    document = json.loads(response.content)
    subjects = [result["subject"] for result in document["results"]]
    assert hostile("SUBJECT") in subjects
    origins = [facet["value"] for facet in document["facets"]["origin"]]
    assert hostile("Embassy") in origins


@override_settings(RATE_LIMIT_PER_MINUTE=0)
def test_the_csv_export_carries_the_markup_as_data(client, hostile_cable):
    response = client.get(routed("/cables.csv"))
    assert response.status_code == 200
    body = b"".join(response.streaming_content if response.streaming else [response.content])
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert any(hostile("SUBJECT") in row for row in rows)


@override_settings(RATE_LIMIT_PER_MINUTE=0)
def test_the_feed_is_well_formed_and_escapes_the_markup(client, hostile_cable):
    response = get_ok(client, routed("/feed/"))
    root = ElementTree.fromstring(response.content)
    texts = [element.text or "" for element in root.iter()]
    assert any(hostile("SUBJECT") in text for text in texts), "the title is the subject as text"
    for element in root.iter():
        if element.get("type") == "html":  # HTML carried as text must itself be escaped
            assert_no_markup(element.text or "", f"feed <{element.tag}>")


# --- The curators' admin ----------------------------------------------------------------


@pytest.fixture
def hostile_editor_client(hostile_cable):
    client = Client()
    curator = factories.curator()
    client.force_login(curator)
    curation.edit_cable(
        cable=hostile_cable, values={"summary": hostile("Edited summary")}, user=curator
    )
    return client


ADMIN_PAGES = [
    "/admin/cableroom/cable/",
    f"/admin/cableroom/cable/?q={WORD}",
    "/admin/cableroom/cable/{pk}/change/",
    "/admin/cableroom/cable/{pk}/history/",
    "/admin/cableroom/cableforreview/",
    "/admin/cableroom/tag/",
    "/admin/cableroom/post/",
    "/admin/cableroom/note/",
    "/admin/cableroom/change/",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_show_markup_as_text(hostile_editor_client, hostile_cable, url):
    page = url.format(pk=hostile_cable.pk)
    html = get_ok(hostile_editor_client, page).content.decode()
    if "/cable/" in url:  # the cable's own pages show its fields: as text
        assert_shown_as_text(html, page)
    else:
        assert_no_markup(html, page)
