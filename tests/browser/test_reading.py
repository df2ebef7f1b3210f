"""In a real browser: the home page, a cable read from a link, a paragraph anchor, the
"copy link" button, and a curator correcting a subject in the admin."""

import re

import pytest

from tests import factories
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CABLE_ID = "06TESTVILLE33"
PARAGRAPHS = tuple(
    ("SBU", f"Paragraph {number} of a synthetic cable about wheat exports and rail tariffs.")
    for number in range(1, 9)
)


@pytest.fixture
def reading_cable():
    """A cable with eight SBU paragraphs, tags, addressees and a citing neighbour."""
    factories.tag("PREL", kind="subject", description="External political relations")
    factories.tag("KZ", kind="geographic", description="Kazakhstan")
    cable = factories.cable(
        CABLE_ID,
        origin="Embassy Testville",
        subject="WHEAT EXPORTS AND RAIL TARIFFS",
        tags=("PREL", "KZ"),
        caveats=("SIPDIS",),
        to=("SECSTATE WASHDC",),
        info=("AMEMBASSY ALMATY",),
        paragraphs=PARAGRAPHS,
        signer="SMITH",
    )
    factories.cable("06TESTVILLE34", subject="A LATER CABLE", references=(CABLE_ID,))
    return cable


def test_home_page_leads_to_a_cable(page, reading_cable, axe_source):
    page.goto("/")
    assert page.title()
    assert page.get_by_text("WHEAT EXPORTS AND RAIL TARIFFS").is_visible()
    screenshot(page, "home")
    assert_accessible(page, axe_source)


def test_follow_a_cable_and_land_on_a_paragraph(page, reading_cable, axe_source):
    page.goto(f"/cable/{CABLE_ID}/#p5")
    target = page.locator("#p5")
    assert target.is_visible()
    assert target.evaluate("element => element.matches(':target')")
    highlighted = target.evaluate("element => getComputedStyle(element).backgroundColor")
    unhighlighted = page.locator("#p4").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert highlighted != unhighlighted, "the paragraph landed on is highlighted"
    top = target.evaluate("element => element.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"], "the anchor scrolled it into view"
    assert page.locator(".paragraph .marking", has_text="SBU").count() == 8
    screenshot(page, "cable")
    assert_accessible(page, axe_source)


def test_the_paragraph_mark_is_a_link_and_the_button_copies_the_permalink(page, reading_cable):
    page.goto(f"/cable/{CABLE_ID}/")
    page.locator("#p3 .para-link").click()
    assert page.url.endswith(f"/cable/{CABLE_ID}/#p3")
    copy = page.locator("#p3 .copy-link")
    copy.click()
    page.get_by_role("status").filter(has_text="Copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert copied == f"{canonical}#p3"
    assert re.match(rf"https?://[^/]+/cable/{CABLE_ID}/#p3$", copied)


def test_a_citing_cable_links_back(page, reading_cable):
    page.goto("/cable/06TESTVILLE34/")
    page.get_by_role("link", name=CABLE_ID).first.click()
    page.wait_for_url(re.compile(rf"/cable/{CABLE_ID}/"))
    assert page.get_by_text("WHEAT EXPORTS AND RAIL TARIFFS").first.is_visible()


def log_in(page, username: str, password: str) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_a_curator_corrects_a_subject_and_readers_see_it(page, reading_cable, axe_source):
    factories.curator("curator")
    log_in(page, "curator", factories.CURATOR_PASSWORD)
    page.goto(f"/admin/cableroom/cable/{reading_cable.pk}/change/")
    subject = page.locator("#id_subject")
    assert subject.input_value() == "WHEAT EXPORTS AND RAIL TARIFFS"
    screenshot(page, "admin-edit")
    # With tags and caveats chosen, so select2's chosen-value lists are on the page too.
    assert page.locator(".select2-selection__choice").count() >= 3
    assert_accessible(page, axe_source)
    subject.fill("WHEAT EXPORTS, RAIL TARIFFS AND THE HARVEST")
    page.locator("input[name=_save]").click()
    page.locator(".messagelist .success").wait_for()
    page.goto(f"/cable/{CABLE_ID}/")
    assert page.get_by_text("WHEAT EXPORTS, RAIL TARIFFS AND THE HARVEST").first.is_visible()
    reading_cable.refresh_from_db()
    assert "subject" in reading_cable.curated_fields


CURATOR_PAGES = [
    "/admin/",
    "/admin/cableroom/cable/",
    "/admin/cableroom/cable/?q=wheat",
    "/admin/cableroom/cable/{pk}/history/",
    "/admin/cableroom/cable/{pk}/withdraw/",
    "/admin/cableroom/cableforreview/",
    "/admin/cableroom/tag/",
    "/admin/cableroom/post/",
    "/admin/cableroom/change/",
]


def test_curator_pages_run_no_script_the_policy_blocks(page, reading_cable, console):
    factories.curator("curator")
    log_in(page, "curator", factories.CURATOR_PASSWORD)
    for url in CURATOR_PAGES:
        response = page.goto(url.format(pk=reading_cable.pk))
        assert response.status == 200, url
        page.wait_for_load_state("load")
        assert console.problems() == [], url


def test_the_console_check_sees_a_script_the_policy_blocks(page, console):
    page.route(
        "**/csp-probe/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": "script-src 'self'"},
            body="<!doctype html><title>probe</title><script>document.title='ran'</script>",
        ),
    )
    page.goto("/csp-probe/")
    assert page.title() == "probe", "the inline script was blocked"
    assert any("Content Security Policy" in problem for problem in console.problems())
    console.messages.clear()  # seen on purpose: the fixture's own check must not fail
