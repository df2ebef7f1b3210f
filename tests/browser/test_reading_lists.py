"""In a real browser, with JavaScript off: add a cable and a paragraph to a reading list,
open the list, reorder it, export it; every page axe-clean at desktop and phone size."""

import re
import zipfile
from pathlib import Path

import pytest

from tests import factories
from tests.browser.conftest import VIEWPORTS, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPHS = tuple(
    ("C", f"Paragraph {number} on grain exports, rail tariffs and the harvest of 2006.")
    for number in range(1, 6)
)


@pytest.fixture
def cables():
    return [
        factories.cable("06TESTVILLE41", subject="GRAIN EXPORTS", paragraphs=PARAGRAPHS),
        factories.cable("06TESTVILLE42", subject="RAIL TARIFFS", paragraphs=PARAGRAPHS),
    ]


@pytest.fixture
def no_js_page(browser, live_server, console):
    """A desktop page with JavaScript off: the lists must work with forms and links alone."""
    context = browser.new_context(
        viewport=VIEWPORTS["desktop"], base_url=live_server.url, java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.on("console", lambda message: console.messages.append(message.text))
    yield tab
    context.close()
    assert console.problems() == []


def fits_the_phone(page) -> bool:
    page.set_viewport_size(VIEWPORTS["phone"])
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(VIEWPORTS["desktop"])
    return width <= VIEWPORTS["phone"]["width"]


def test_add_a_paragraph_and_a_cable_then_export(no_js_page, page, cables, axe_source):
    tab = no_js_page
    # A paragraph, from the cable page's own form.
    tab.goto("/cable/06TESTVILLE41/")
    tab.select_option("#add-paragraph", "p2")
    tab.get_by_role("button", name="Add to list…").click()
    tab.wait_for_url(re.compile(r"/lists/add/\?cable=06TESTVILLE41&paragraph=p2"))
    tab.fill("#new-title", "Grain and rail")
    tab.fill("#note-new", "The tariff figures.")
    tab.get_by_role("button", name="Start a list with it").click()
    tab.wait_for_url(re.compile(r"/lists/[A-Za-z0-9_-]{43}/#item-\d+$"))
    edit_address = tab.url.split("#")[0]
    assert tab.get_by_role("heading", name="Grain and rail").is_visible()
    # The whole of another cable, into the same list by its address.
    tab.goto("/cable/06TESTVILLE42/")
    tab.get_by_role("button", name="Add to list…").click()
    tab.fill("#list-address", edit_address)
    tab.get_by_role("button", name="Add to that list").click()
    tab.wait_for_url(re.compile(r"/lists/[A-Za-z0-9_-]{43}/#item-\d+$"))
    labels = tab.locator(".list-item .item-id").all_inner_texts()
    assert labels == ["06TESTVILLE41 ¶2", "06TESTVILLE42"]
    tab.get_by_role("button", name="Move 06TESTVILLE42 up").click()
    assert tab.locator(".list-item .item-id").all_inner_texts() == [
        "06TESTVILLE42",
        "06TESTVILLE41 ¶2",
    ]
    assert tab.locator(".list-item textarea").nth(1).input_value() == "The tariff figures."
    # Exports download as files.
    with tab.expect_download() as download:
        tab.get_by_role("link", name="BibTeX").click()
    assert download.value.suggested_filename.endswith(".bib")
    assert "@misc{06TESTVILLE41-p2," in Path(download.value.path()).read_text()
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Raw texts (zip)").click()
    assert zipfile.ZipFile(download.value.path()).namelist() == [
        "06TESTVILLE42.txt",
        "06TESTVILLE41.txt",
    ]
    shared = tab.locator(".address a").nth(1).get_attribute("href")

    # The same pages with JavaScript on, for axe, and at phone size.
    for url in (
        "/cable/06TESTVILLE41/",
        "/lists/add/?cable=06TESTVILLE41&paragraph=p2",
        edit_address,
        shared,
    ):
        page.goto(url)
        assert_accessible(page, axe_source)
        assert fits_the_phone(page), f"{url} scrolls sideways on a phone"
    page.goto(edit_address)
    screenshot(page, "reading-list")
    page.goto(shared)
    assert page.locator("main form").count() == 0, "the shared list cannot be edited"
