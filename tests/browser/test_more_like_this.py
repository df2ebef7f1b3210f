"""In a real browser: "More like this" lists the stored nearest cables with their label,
its links lead to them, the fallback is a link to a page that says it is by words, and
the page is axe-clean and fits a phone. The leader takes the screenshots the README shows."""

import re

import pytest

from tests import factories
from tests.browser.conftest import VIEWPORTS, assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def harvest():
    cables = [
        factories.cable(
            f"06HARVEST{serial}",
            subject=f"WHEAT HARVEST REPORT NUMBER {serial} FROM THE NORTHERN PROVINCES",
            paragraphs=(("U", "The wheat harvest fell short of the forecast."),),
        )
        for serial in range(1, 5)
    ]
    factories.similar(cables[0], cables[2], cables[1], cables[3])
    return cables


def test_more_like_this_leads_to_the_nearest_cable(page, harvest, axe_source):
    page.goto("/cable/06HARVEST1/")
    section = page.get_by_role("region", name="More like this")
    assert section.get_by_text("Similar meaning").is_visible()
    assert [
        re.sub(r"\s+", " ", text).split(" ")[0] for text in section.locator("li").all_inner_texts()
    ] == ["06HARVEST3", "06HARVEST2", "06HARVEST4"]
    assert_accessible(page, axe_source)
    page.set_viewport_size(VIEWPORTS["phone"])
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    assert section.is_visible()
    assert_accessible(page, axe_source)
    section.get_by_role("link", name="06HARVEST3").click()
    page.wait_for_url(re.compile(r"/cable/06HARVEST3/$"))
    # No neighbours stored for this one: a link to the search engine's cables sharing
    # its words, on a page of their own.
    fallback = page.get_by_role("region", name="More like this")
    assert fallback.locator("li").count() == 0
    fallback.get_by_role("link", name="Cables with similar words").click()
    page.wait_for_url(re.compile(r"/cable/06HARVEST3/similar/$"))
    words = page.get_by_role("region", name="More like this")
    assert words.get_by_text("Similar words").is_visible()
    assert words.locator("li").count() == 3
    assert_accessible(page, axe_source)
