"""In a real browser: the tag glossary, a letter at a time, its kinds and its search,
accessible by axe-core's measure."""

import pytest

from tests import factories
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tagged_cables(monkeypatch):
    """Cables carrying tags of several kinds, and a glossary paged at four tags."""
    monkeypatch.setattr("cableroom.browse.glossary.ONE_PAGE", 4)
    # Kinds named here: the tags a migration seeds are gone once an earlier transactional
    # test has flushed the database.
    for code in ("KZ", "RS"):
        factories.tag(code, kind="geographic")
    for number, tags in enumerate(
        [("PREL", "KZ"), ("PGOV", "RS"), ("ECON", "KNNP"), ("PREL", "Press Summaries")], 1
    ):
        factories.cable(f"06TESTVILLE{number}", tags=tags)


def test_glossary_letters_kinds_and_search(page, tagged_cables, axe_source):
    page.goto("/tags/")
    assert page.locator("h2").first.inner_text() == "E"  # the first letter with tags
    page.locator(".glossary-letters a", has_text="P").click()
    page.wait_for_url("**/tags/?letter=P")
    assert page.locator("#tag-PREL a").inner_text() == "PREL"
    assert "2 cables" in page.locator("#tag-PREL").inner_text()
    screenshot(page, "tag-glossary")
    assert_accessible(page, axe_source)

    page.locator(".glossary-kinds a", has_text="Geographic").click()
    page.wait_for_url("**/tags/?kind=geographic")
    assert sorted(page.locator(".glossary dt a").all_inner_texts()) == ["KZ", "RS"]

    page.fill("#glossary-q", "kissinger")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tags/?q=kissinger&kind=geographic")
    assert "No tag matches" in page.content()  # the kind still applies
    assert_accessible(page, axe_source)
