"""On a phone (390×844, touch, no hover): a "Filters (n)" control above the results
opens the facets, active filters stay in sight as chips, facet values say what their
codes mean, and Cite needs no hover; axe-core finds nothing serious at either width."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests import factories
from tests.browser.conftest import VIEWPORTS, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = VIEWPORTS["phone"]


@pytest.fixture
def iraq_cables():
    """Thirty cables tagged IZ, every third also PHUM, with five paragraphs each."""
    factories.tag("IZ", kind="geographic", description="Iraq")
    factories.tag("PHUM", description="Political Affairs--Human Rights")
    for number in range(1, 31):
        factories.cable(
            f"06BAGHDAD{number}",
            date_time=datetime(2006, 3, 1, tzinfo=UTC) + timedelta(days=number),
            origin="Embassy Baghdad",
            subject=f"DETAINEE REPORT {number}",
            tags=("IZ", "PHUM") if number % 3 == 0 else ("IZ",),
            paragraphs=tuple(("C", f"Paragraph {n} of report {number}.") for n in range(1, 6)),
        )


@pytest.fixture
def phone(browser, live_server, console):
    """A phone-sized touch page: Chromium then matches `(hover: none)`."""
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, has_touch=True, is_mobile=True
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.on("console", lambda message: console.messages.append(message.text))
    tab.on("pageerror", lambda error: console.messages.append(f"Uncaught {error}"))
    yield tab
    context.close()
    assert console.problems() == [], "the page broke its CSP or threw"


def top_of(locator) -> float:
    return locator.bounding_box()["y"]


def test_the_filters_open_above_the_results_and_the_chips_stay_in_sight(
    phone, iraq_cables, axe_source
):
    phone.goto("/cables/?tag=IZ")
    assert phone.evaluate("matchMedia('(hover: none)').matches")
    summary = phone.locator(".browse-filters > summary")
    first_result = phone.locator("ol.results li").first
    assert summary.inner_text() == "Filters (1)"
    assert summary.is_visible() and first_result.is_visible()
    assert top_of(summary) < top_of(first_result)
    phum = phone.locator(".browse-facets a", has_text="PHUM")
    assert not phum.is_visible(), "the facets are folded until asked for"
    chip = phone.locator(".chip", has_text="IZ")
    assert chip.is_visible() and top_of(chip) < top_of(first_result)

    summary.click()
    assert phum.is_visible()
    assert top_of(phum) < top_of(first_result), "the facets open above the results"
    assert phum.inner_text() == "PHUM Human Rights"
    screenshot(phone, "phone-filters")
    assert_accessible(phone, axe_source)

    phum.click()
    phone.wait_for_url(re.compile(r"tag=PHUM"))
    assert phone.locator(".browse-filters > summary").inner_text() == "Filters (2)"
    assert phone.locator(".chip", has_text="PHUM").is_visible()


def test_on_a_wide_screen_the_facets_stand_open_without_a_summary(page, iraq_cables, axe_source):
    page.goto("/cables/")
    assert not page.locator(".browse-filters > summary").is_visible()
    iz = page.locator(".browse-facets a", has_text="IZ Iraq").first
    assert iz.is_visible()
    assert iz.bounding_box()["x"] < page.locator("ol.results").bounding_box()["x"]
    assert page.locator(".facet-value .meaning", has_text="Iraq").first.is_visible()
    assert_accessible(page, axe_source)


def test_cite_is_visible_on_a_touch_screen_without_hover(phone, iraq_cables, axe_source):
    phone.goto("/cable/06BAGHDAD3/")
    cite = phone.locator("#p4 .cite-link")
    assert cite.is_visible()
    assert cite.evaluate("element => getComputedStyle(element).opacity") == "1"
    assert_accessible(phone, axe_source)
    cite.click()
    phone.wait_for_url(re.compile(r"\?cite=p4#citation$"))
