"""In a real browser: a search's result opens the cable at its first match, words marked."""

import pytest

from tests import factories
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILLER = tuple(
    ("U", f"Paragraph {number}: rail tariffs and grain elevators, at some length. " * 4)
    for number in range(1, 15)
)


@pytest.fixture
def long_cable():
    """A cable whose only mention of saffron is far down the page."""
    return factories.cable(
        "06TESTVILLE40",
        subject="RAIL TARIFFS",
        paragraphs=(*FILLER, ("U", "Paragraph 15: saffron exports doubled."), *FILLER[:3]),
    )


def test_a_result_opens_at_its_first_marked_word(page, long_cable, axe_source):
    page.goto("/cables/?q=saffron")
    page.get_by_role("link", name="06TESTVILLE40").first.click()
    page.wait_for_url("**/cable/06TESTVILLE40/**")
    assert page.url.endswith("#first-match")
    mark = page.locator("mark#first-match")
    assert mark.inner_text() == "saffron"
    top = mark.evaluate("element => element.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"], "the page opened at the first match"
    assert page.locator("#p1").evaluate("e => e.getBoundingClientRect().bottom") < 0
    screenshot(page, "cable-from-search")
    assert_accessible(page, axe_source)


def test_a_search_answered_by_the_tantivy_index_reads_the_same(page, long_cable, settings, caplog):
    import logging

    from cableroom.search.backends.tantivy_index import read_state
    from cableroom.search.index_updates import rebuild_index

    factories.cable("06TESTVILLE41", subject="SAFFRON PRICES", paragraphs=(("U", "Saffron."),))
    rebuild_index()
    assert read_state(settings.SEARCH_INDEX_DIR).complete
    caplog.set_level(logging.INFO, logger="cableroom.search.backends")
    page.goto("/cables/?q=saffron&sort=relevance")
    assert "answered by the Tantivy index" in caplog.text
    links = page.locator("a[href*='/cable/06TESTVILLE4']")
    # Ranked by BM25: the cable with saffron in its subject first.
    assert "06TESTVILLE41" in links.first.get_attribute("href")
    page.get_by_role("link", name="06TESTVILLE40").first.click()
    page.wait_for_url("**/cable/06TESTVILLE40/**")
    assert page.locator("mark#first-match").inner_text() == "saffron"
