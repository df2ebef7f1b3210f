"""/missing/: the cables the archive lacks, most cited first."""

from datetime import UTC, datetime

import pytest
from django.core.cache import cache

from cableroom.reading.references import most_cited_missing
from cableroom.views import missing
from tests import factories

pytestmark = pytest.mark.django_db


def test_most_cited_missing_counts_citing_public_cables():
    factories.cable("06A1", references=("05X1", "05X2", "06A2"))
    factories.cable("06A2", references=("05X1",))
    factories.cable("06A3", references=("05X2", "05X2"))
    factories.cable(
        "06A4", references=("05X1", "05X3"), withdrawn_at=datetime(2024, 1, 1, tzinfo=UTC)
    )
    rows = most_cited_missing(10)
    assert [(row.reference_id, row.citations) for row in rows] == [("05X1", 2), ("05X2", 2)]


def test_missing_page_lists_and_pages(client, monkeypatch):
    cache.clear()
    monkeypatch.setattr(missing, "PAGE_SIZE", 2)
    factories.cable("06A1", references=("05X1", "05X2", "05X3"))
    factories.cable("06A2", references=("05X1",))
    first = client.get("/missing/").content.decode()
    assert '<a href="/cable/05X1/" rel="nofollow">05X1</a>' in first
    assert "cited by 2 cables" in first and 'href="?page=2"' in first
    second = client.get("/missing/", {"page": 2}).content.decode()
    assert "05X3" in second and "05X1" not in second


@pytest.mark.parametrize("page", ["abc", "-1", "99999999"])
def test_bad_page_numbers_show_the_first_page_with_a_notice(client, page):
    cache.clear()
    factories.cable("06A1", references=("05X1",))
    response = client.get("/missing/", {"page": page})
    assert response.status_code == 200
    assert "05X1" in response.content.decode()
    assert "not understood" in response.content.decode()


def test_missing_page_query_count_and_cache(client, django_assert_num_queries):
    cache.clear()
    for serial in range(5):
        factories.cable(f"06A{serial}", references=(f"05X{serial}",))
    # The generation check, the list, and the header's synthetic notice.
    with django_assert_num_queries(3):
        client.get("/missing/")
    with django_assert_num_queries(2):
        assert "05X4" in client.get("/missing/").content.decode()


def test_a_new_cable_refreshes_the_cached_list(client):
    cache.clear()
    factories.cable("06A1", references=("05X1",))
    assert ">05X1</a>" in client.get("/missing/").content.decode()
    factories.cable("05X1")
    assert ">05X1</a>" not in client.get("/missing/").content.decode()
