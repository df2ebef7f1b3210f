"""A browse page answered from an index older than the data (an import under way, see
cableroom/browse/index.py's rebuild_due) says how old its counts are, and the next page
after the spacing shows the change. Runs on both databases."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db
NOTICE = re.compile(r"the archive as it stood ([\d,]+) seconds? ago")


def result_count(response) -> int:
    heading = re.search(r'class="result-count"[^>]*>\s*([\d,]+) cable', response.text)
    return int(heading.group(1).replace(",", ""))


@pytest.fixture
def spaced(settings, monkeypatch):
    """Every build spaced, however cheap, and too soon to replace whatever was built."""
    monkeypatch.setattr("cableroom.browse.index.SPACED_BUILD_SECONDS", 0)
    settings.BROWSE_INDEX_REBUILD_SPACING = 1e9


def test_a_page_from_an_older_index_says_so_and_the_next_build_catches_up(
    client, browse_sample, settings, spaced
):
    before = client.get("/cables/")
    assert before.status_code == 200 and not NOTICE.search(before.text)
    factories.cable("06TESTVILLE99", tags=("PREL",))

    behind = client.get("/cables/")
    assert behind.status_code == 200
    assert NOTICE.search(behind.text), "a page from an older index must say so"
    assert result_count(behind) == result_count(before) == len(browse_sample)

    settings.BROWSE_INDEX_REBUILD_SPACING = 0  # the spacing has passed
    caught_up = client.get("/cables/")
    assert not NOTICE.search(caught_up.text)
    assert result_count(caught_up) == len(browse_sample) + 1


def test_a_curator_always_gets_the_current_index(client, browse_sample, spaced, curator):
    """A reader with a session (a curator, who edits) sees their edit on the next page."""
    assert result_count(client.get("/cables/")) == len(browse_sample)
    factories.cable("06TESTVILLE99", tags=("PREL",))
    client.force_login(curator)
    page = client.get("/cables/")
    assert not NOTICE.search(page.text)
    assert result_count(page) == len(browse_sample) + 1
    client.logout()
    client.cookies.clear()
    # An anonymous reader at the same moment gets the index the curator's request built.
    assert result_count(client.get("/cables/")) == len(browse_sample) + 1
