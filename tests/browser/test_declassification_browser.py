"""The declassify, classified-by and signer facets in a real browser, on a phone (390×844)
and on a desktop: the "past its declassification date" toggle filters and shows as a
chip, the cable header links its DECL year, official and signer to their facets, and
axe-core finds nothing serious on either page."""

from datetime import UTC, datetime, timedelta

import pytest

from tests import factories
from tests.browser.conftest import VIEWPORTS, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = datetime.now(UTC).date()


@pytest.fixture
def declassified_cables():
    """Six cables past their DECL date and three not yet, by two officials."""
    for number in range(1, 10):
        gone = number <= 6
        day = TODAY + timedelta(days=-400 * number if gone else 400 * number)
        factories.cable(
            f"06ASTANA{number}",
            date_time=datetime(2006, 3, number, tzinfo=UTC),
            origin="Embassy Astana",
            classification="CONFIDENTIAL",
            subject=f"DECLASSIFICATION SAMPLE {number}",
            declassify_on=day.isoformat(),
            classified_by="AMBASSADOR JOHN ORDWAY" if number % 2 else "DCM Kevin Milas",
            classification_reasons="1.4(b), 1.4(d)",
            signer="ORDWAY" if number % 2 else "Milas",
            paragraphs=(("C", f"Paragraph of sample {number}."),),
        )


@pytest.fixture
def phone(browser, live_server, console):
    context = browser.new_context(
        viewport=VIEWPORTS["phone"], base_url=live_server.url, has_touch=True, is_mobile=True
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.on("console", lambda message: console.messages.append(message.text))
    yield tab
    context.close()
    assert console.problems() == []


def test_past_its_date_filters_on_a_phone(phone, declassified_cables, axe_source):
    phone.goto("/cables/")
    phone.locator(".browse-filters > summary").click()
    toggle = phone.locator(".browse-facets a", has_text="Past its declassification date")
    assert toggle.is_visible()
    assert_accessible(phone, axe_source)
    toggle.click()
    phone.wait_for_url("**/cables/?declassify=past")
    assert phone.locator("ol.results li").count() == 6
    chip = phone.locator(".chip", has_text="past its date")
    assert chip.is_visible()
    assert_accessible(phone, axe_source)
    screenshot(phone, "declassify-past")
    # A hand-typed signer in capitals lands on the facet's spelling.
    phone.goto("/cables/?signer=ORDWAY&declassify=past")
    assert phone.url.endswith("/cables/?signer=Ordway&declassify=past")
    assert phone.locator("ol.results li").count() == 3


def test_the_cable_header_links_to_the_facets(page, declassified_cables, axe_source):
    page.goto("/cable/06ASTANA1/")
    header = page.locator(".cable-header")
    assert header.locator(".declassify-past").inner_text() == "(past)"
    assert header.locator(".authority-title").inner_text() == "(Ambassador)"
    page.set_viewport_size(VIEWPORTS["phone"])
    assert_accessible(page, axe_source)
    header.locator("a.classified-by", has_text="John Ordway").click()
    page.wait_for_url("**/cables/?classified_by=John+Ordway")
    assert page.locator("ol.results li").count() == 5
    assert_accessible(page, axe_source)
