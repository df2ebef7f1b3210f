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


def test_a_page_from_an_older_index_says_so_and_the_next_build_catches_up(
    client, browse_sample, settings
):
    settings.BROWSE_INDEX_REBUILD_SPACING = 1e9  # whatever the build took, it is too soon
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
