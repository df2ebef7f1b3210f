""" "Most cited in this result": the top reference ids among a result's cables, one query."""

import re

import pytest
from django.utils import timezone

from cableroom.browse import most_cited as most_cited_module
from cableroom.browse.most_cited import cited_by_cables
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def citing_sample(browse_sample):
    """browse_sample's cables citing a held cable, a withdrawn one and a missing one."""
    by_id = {cable.reference_id: cable for cable in browse_sample}
    withdrawn = factories.cable("04GONE1", subject="WITHDRAWN")
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save(update_fields=["withdrawn_at"])
    cites = {
        "05ASTANA1": ["04MISSING1", "06ASTANA2"],
        "06MOSCOW3": ["04MISSING1", "06ASTANA2", "04GONE1"],
        # Naming one target twice counts once.
        "07STATE5": ["04MISSING1", "04MISSING1", "04GONE1"],
        "07STATE6": ["04MISSING2"],
    }
    for reference_id, targets in cites.items():
        for position, target in enumerate(targets):
            by_id[reference_id].references.create(target_reference_id=target, position=position)
    return by_id


def test_counts_per_citing_cable_most_cited_first(citing_sample, django_assert_num_queries):
    ids = [citing_sample[name].pk for name in ("05ASTANA1", "06MOSCOW3", "07STATE5", "07STATE6")]
    # The aggregate, then whether the archive holds the ten.
    with django_assert_num_queries(2):
        rows = cited_by_cables(ids)
    assert [(row.reference_id, row.citations, row.held, row.public) for row in rows] == [
        ("04MISSING1", 3, False, False),
        ("04GONE1", 2, True, False),
        ("06ASTANA2", 2, True, True),
        ("04MISSING2", 1, False, False),
    ]
    assert [row.reference_id for row in cited_by_cables(ids, limit=2)] == ["04MISSING1", "04GONE1"]


def test_the_browse_page_shows_the_result_s_most_cited(client, citing_sample):
    page = client.get("/cables/", {"origin": "Embassy Moscow"}).content.decode()
    panel = page[page.index('class="facet most-cited"') :].split("</section>")[0]
    items = re.findall(r"<li>(.*?)</li>", panel)
    assert len(items) == 3
    assert '<a href="/cable/06ASTANA2/">06ASTANA2</a>' in items[2]
    assert '04GONE1</span> <span class="status">withdrawn' in items[0]
    assert '04MISSING1</span> <span class="status">not in the archive' in items[1]
    everything = client.get("/cables/").content.decode()
    assert "cited by 3" in everything


def test_a_result_too_large_asks_to_be_narrowed(client, citing_sample, monkeypatch):
    monkeypatch.setattr(most_cited_module, "MAX_CABLES", 3)
    page = client.get("/cables/").content.decode()
    assert "Narrow the result to 3 cables or fewer" in page
    narrowed = client.get("/cables/", {"tag": "RS"}).content.decode()
    assert "Narrow the result" not in narrowed and "04MISSING1" in narrowed
