"""In a real browser: a curator corrects a subject in the admin, and the public page
marks it, shows the parser's wording one click away, and cites it as corrected; at
desktop and phone widths, with no serious accessibility finding."""

import re

import pytest

from tests import factories
from tests.browser.conftest import VIEWPORTS, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CABLE_ID = "06TESTVILLE33"
PARSED = "WHEAT EXPORTS AND RAIL TARIFFS"
CORRECTED = "WHEAT EXPORTS, RAIL TARIFFS AND THE HARVEST"


@pytest.fixture
def parsed_cable():
    return factories.cable(
        CABLE_ID,
        subject=PARSED,
        tags=("PREL",),
        paragraphs=(("SBU", "A synthetic paragraph about wheat."),),
    )


def log_in(page, username: str, password: str) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def correct_subject(page, cable) -> None:
    factories.curator("curator")
    log_in(page, "curator", factories.CURATOR_PASSWORD)
    page.goto(f"/admin/cableroom/cable/{cable.pk}/change/")
    page.locator("#id_subject").fill(CORRECTED)
    page.locator("input[name=_save]").click()
    page.locator(".messagelist .success").wait_for()


def document_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_corrected_subject_is_marked_and_cited_as_corrected(page, parsed_cable, axe_source):
    correct_subject(page, parsed_cable)
    page.goto(f"/cable/{CABLE_ID}/")
    assert page.locator("h1.cable-subject").inner_text() == CORRECTED
    marker = page.locator(".cable-header details.correction").first
    assert marker.locator("summary").inner_text() == "Subject corrected by a curator"
    original = marker.locator("q.parsed")
    assert not original.is_visible(), "the parser's wording waits behind the marker"
    marker.locator("summary").click()
    assert original.is_visible() and original.inner_text() == PARSED
    chicago = page.locator(".citation .chicago").inner_text()
    assert f"\u201c{CORRECTED},\u201d" in chicago
    assert "version 1, subject corrected by a curator" in chicago
    bibtex = page.locator(".citation .bibtex").inner_text()
    assert "subject corrected by a curator" in bibtex and "version = {1}" in bibtex
    assert_accessible(page, axe_source)
    screenshot(page, "cable-corrected")

    page.set_viewport_size(VIEWPORTS["phone"])
    page.reload()
    assert page.locator(".cable-header details.correction summary").first.is_visible()
    assert document_width(page) <= VIEWPORTS["phone"]["width"]
    assert_accessible(page, axe_source)


def test_the_marker_opens_without_javascript(browser, live_server, parsed_cable, curator):
    from cableroom.curation import edits as curation

    curation.edit_cable(cable=parsed_cable, values={"subject": CORRECTED}, user=curator)
    context = browser.new_context(
        java_script_enabled=False, viewport=VIEWPORTS["phone"], base_url=live_server.url
    )
    try:
        page = context.new_page()
        page.goto(f"/cable/{CABLE_ID}/")
        page.locator("details.correction summary").first.click()
        assert page.locator("details.correction q.parsed").first.inner_text() == PARSED
    finally:
        context.close()


@pytest.fixture
def copied_cable(parsed_cable):
    factories.version(
        parsed_cable,
        f"{PARSED}\n\nA second copy, from the dump, with a much longer line of text than the "
        "first one had, so that the comparison has something to wrap on a phone.\n",
        source_format="cables.csv",
        source_path="/srv/cableroom/imports/a-long-folder-name/cables-2011-09-01-full.csv.gz",
        source_row=251287,
    )
    return parsed_cable


@pytest.mark.parametrize("path", ["versions/", "versions/2/", "diff/"])
def test_versions_fit_a_phone(page, copied_cable, axe_source, path):
    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(f"/cable/{CABLE_ID}/{path}")
    assert document_width(page) <= VIEWPORTS["phone"]["width"]
    assert "/srv/" not in page.content()
    assert_accessible(page, axe_source)
    if path == "versions/":
        assert page.get_by_text("cables-2011-09-01-full.csv.gz").is_visible()
        screenshot(page, "cable-versions")
