"""The map of posts in Chromium, on a desktop and on a phone (390×844): the land and the
circles are drawn and fit the screen, a circle is a link a keyboard reaches and a click
follows to the browse page narrowed to its post, and axe-core finds nothing serious."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests import factories
from tests.browser.conftest import VIEWPORTS, assert_accessible, missing, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def outline():
    path = Path(settings.WORLD_OUTLINE_PATH)
    if not path.is_file():
        missing(f"{path} is missing (run `make map-deps`)")
    return path


@pytest.fixture
def posts_sample():
    """Cables from two placed posts and one office with no place."""
    for number in range(1, 9):
        factories.cable(f"06MOSCOW{number}", origin="Embassy Moscow", tags=("PREL",))
    for number in range(1, 3):
        factories.cable(f"06ASTANA{number}", origin="Embassy Astana", tags=("PREL",))
    factories.cable("06STATE1", origin="Secretary of State", tags=("PREL",))


def test_the_map_draws_its_posts_and_a_click_narrows_to_one(
    page, posts_sample, outline, axe_source
):
    page.goto("/cables/?tag=PREL")
    page.get_by_role("link", name="Map of the posts these cables came from").click()
    page.wait_for_url(re.compile(r"/cables/map/\?tag=PREL$"))
    assert page.locator("svg path.land").count() == 1
    moscow = page.get_by_role("link", name="Embassy Moscow: 8 cables")
    astana = page.get_by_role("link", name="Embassy Astana: 2 cables")
    assert moscow.count() == 1 and astana.count() == 1
    # Areas follow the counts: Moscow's circle is twice as wide as Astana's (8 / 2 = 2²).
    ratio = moscow.bounding_box()["width"] / astana.bounding_box()["width"]
    assert ratio == pytest.approx(2, rel=0.1)
    assert page.locator(".not-on-map", has_text="Secretary of State").is_visible()
    assert_accessible(page, axe_source)
    screenshot(page, "post-map")

    page.keyboard.press("Tab")
    focused = ""
    for _ in range(20):
        focused = page.evaluate("document.activeElement.getAttribute('aria-label') || ''")
        if focused.startswith("Embassy"):
            break
        page.keyboard.press("Tab")
    assert focused == "Embassy Moscow: 8 cables", "the largest circle is reached first"

    astana.click()
    page.wait_for_url(re.compile(r"/cables/\?tag=PREL&origin=Embassy\+Astana$"))
    assert page.locator("ol.results li").count() == 2


def test_the_map_fits_a_phone(browser, live_server, posts_sample, outline, axe_source):
    context = browser.new_context(
        viewport=VIEWPORTS["phone"], base_url=live_server.url, has_touch=True, is_mobile=True
    )
    phone = context.new_page()
    try:
        phone.goto("/cables/map/?tag=PREL")
        svg = phone.locator("figure.post-map svg").bounding_box()
        assert svg["x"] >= 0 and svg["x"] + svg["width"] <= VIEWPORTS["phone"]["width"]
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS["phone"]["width"], "nothing scrolls sideways"
        table = phone.locator("table.post-counts")
        assert table.is_visible()
        assert table.locator("td a", has_text="Embassy Moscow").is_visible()
        assert_accessible(phone, axe_source)
        phone.get_by_role("link", name="Embassy Moscow: 8 cables").tap()
        phone.wait_for_url(re.compile(r"origin=Embassy\+Moscow"))
    finally:
        context.close()
