"""In a real browser: an old cablegate link with a `#par5` fragment lands on paragraph 5,
and an old browse link lands on the same list here."""

import re
from datetime import UTC, datetime

import pytest

from tests import factories
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPHS = tuple(
    ("C", f"Paragraph {number} of a cable about grain and the railway to the border.")
    for number in range(1, 13)
)


@pytest.fixture
def astana_cable():
    factories.tag("KCRM", kind="program", description="Crime")
    return factories.cable(
        "06ASTANA33",
        origin="Embassy Astana",
        date_time=datetime(2006, 4, 6, 9, 0, tzinfo=UTC),
        tags=("KCRM",),
        paragraphs=PARAGRAPHS,
    )


@pytest.mark.parametrize("fragment", ["par5", "para5"])
def test_a_cablegate_link_with_an_old_fragment_lands_on_the_paragraph(
    page, astana_cable, fragment
):
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto(f"/cable/2006/04/06ASTANA33.html#{fragment}")
    assert page.url.endswith(f"/cable/06ASTANA33/#{fragment}")
    paragraph = page.locator("#p5")
    assert paragraph.evaluate("element => element.matches(':has(> .anchor-alias:target)')"), (
        "the alias inside paragraph 5 is the target"
    )
    top = paragraph.evaluate("element => element.getBoundingClientRect().top")
    assert 0 <= top < 100, f"paragraph 5 was scrolled to the top of the window (top={top})"
    assert page.evaluate("window.scrollY") > 0
    highlighted = paragraph.evaluate("element => getComputedStyle(element).backgroundColor")
    other = page.locator("#p4").evaluate("element => getComputedStyle(element).backgroundColor")
    assert highlighted != other, "paragraph 5 is highlighted as #p5 would be"


def test_an_old_browse_link_lands_on_the_list_and_a_bad_one_on_a_helpful_page(
    page, astana_cable, axe_source
):
    page.goto("/tag/KCRM_0.html")
    page.wait_for_url(re.compile(r"/cables/\?tag=KCRM$"))
    assert page.locator("#results-heading").inner_text().startswith("1 cable")
    response = page.goto("/tag/NOSUCH_0.html")
    assert response.status == 404
    assert page.get_by_role("heading", name="No cables tagged NOSUCH in the archive.").is_visible()
    page.get_by_role("link", name="Browse every cable").click()
    page.wait_for_url(re.compile(r"/cables/$"))
    page.goto("/tag/NOSUCH_0.html")
    assert_accessible(page, axe_source)
