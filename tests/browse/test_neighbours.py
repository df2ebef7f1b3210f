"""Previous and next within the reader's search, carried in the URL, in the browse order."""

from datetime import UTC, datetime

import pytest

from cableroom.browse.neighbours import neighbours, search_context
from tests import factories

pytestmark = pytest.mark.django_db


def day(number, hour=0):
    return datetime(2006, 4, number, hour, tzinfo=UTC)


def ids(found):
    return (
        found.previous.reference_id if found.previous else None,
        found.next.reference_id if found.next else None,
    )


def test_search_context_keeps_the_query_string():
    assert search_context("tag=PREL&page=3").query_string == "tag=PREL&page=3"
    assert search_context("") is None
    assert search_context("q=" + "x" * 5000) is None


def test_results_query_points_at_the_page_listing_the_cable(monkeypatch):
    from cableroom.browse import neighbours as module

    monkeypatch.setattr(module, "PER_PAGE", 2)
    for number in range(1, 6):
        factories.cable(f"06A{number}", date_time=day(number))
    oldest = factories.cable("06A0", date_time=datetime(2006, 3, 31, tzinfo=UTC))
    found = neighbours(oldest, search_context("page=1&sort=-date"))
    assert found.position == 6 and found.count == 6
    assert found.results_query == "sort=-date&page=3"


def test_newest_first_with_ties_broken_by_id():
    a = factories.cable("06A1", date_time=day(3))
    b = factories.cable("06A2", date_time=day(2))
    c = factories.cable("06A3", date_time=day(2))
    d = factories.cable("06A4", date_time=day(1))
    everything = search_context("sort=-date")
    assert ids(neighbours(a, everything)) == (None, "06A2")
    assert ids(neighbours(b, everything)) == ("06A1", "06A3")
    assert ids(neighbours(c, everything)) == ("06A2", "06A4")
    assert ids(neighbours(d, everything)) == ("06A3", None)


def test_oldest_first_follows_the_browse_sort():
    first = factories.cable("06A1", date_time=day(1))
    factories.cable("06A2", date_time=day(2))
    factories.cable("06A3", date_time=day(3))
    assert ids(neighbours(first, search_context("sort=date"))) == (None, "06A2")


def test_undated_cables_come_last():
    dated = factories.cable("06A1", date_time=day(1))
    undated = factories.cable("06A2")
    undated.date_time = None
    undated.save()
    everything = search_context("sort=-date")
    assert ids(neighbours(dated, everything)) == (None, "06A2")
    assert ids(neighbours(undated, everything)) == ("06A1", None)


def test_facets_and_withdrawn_cables_are_respected():
    factories.cable("06A1", date_time=day(3), tags=("PREL",), to=("Secretary of State",))
    middle = factories.cable("06A2", date_time=day(2), tags=("PREL",))
    factories.cable("06A3", date_time=day(1), tags=("PREL",), withdrawn_at=day(5))
    factories.cable("06A4", date_time=day(1, 1), tags=("PGOV",))
    assert ids(neighbours(middle, search_context("tag=PREL"))) == ("06A1", None)
    by_addressee = search_context("addressee=Secretary+of+State")
    found = neighbours(middle, by_addressee)
    assert ids(found) == (None, None) and found.position is None


def test_bad_search_parameters_give_no_neighbours():
    cable = factories.cable("06A1", tags=("PREL",))
    factories.cable("06A2", tags=("PREL",))
    found = neighbours(cable, search_context("tag=NOSUCHTAG&from=yesterday"))
    assert ids(found) == (None, None)


def test_full_text_search_neighbours():
    factories.cable("06A1", date_time=day(3), paragraphs=(("U", "caviar exports"),))
    middle = factories.cable("06A2", date_time=day(2), paragraphs=(("U", "caviar quotas"),))
    factories.cable("06A3", date_time=day(1), paragraphs=(("U", "nothing relevant"),))
    factories.cable("06A4", date_time=day(1, 1), paragraphs=(("U", "more caviar"),))
    assert ids(neighbours(middle, search_context("q=caviar&sort=-date"))) == ("06A1", "06A4")


def test_a_merged_tag_in_the_search_follows_the_surviving_tag(django_user_model):
    from cableroom.curation import edits as curation
    from cableroom.models import Tag

    factories.cable("06A1", date_time=day(3), tags=("PRELL",))
    middle = factories.cable("06A2", date_time=day(2), tags=("PREL",))
    factories.cable("06A3", date_time=day(1), tags=("PRELL",))
    factories.cable("06A4", date_time=day(1, 1), tags=("PGOV",))
    curator = django_user_model.objects.create_user("ada", password="x")
    curation.merge_tags(
        source=Tag.objects.get(code="PRELL"), target=Tag.objects.get(code="PREL"), user=curator
    )
    found = neighbours(middle, search_context("tag=PRELL"))
    assert ids(found) == ("06A1", "06A3") and found.count == 3


def _result_links(client, query: str) -> list[str]:
    """The cable links of the browse page for `query`, in the order it lists them."""
    import re

    html = client.get(f"/cables/?{query}").content.decode()
    results = html[html.index('<ol class="results"') :]
    return re.findall(r'<h3 id="result-\d+"><a href="([^"]+)"', results)


def _prev_next(client, link: str) -> tuple[str | None, str | None]:
    import re

    html = client.get(link.replace("&amp;", "&")).content.decode()
    found = [re.search(rf'<a rel="{rel}" href="([^"]+)"', html) for rel in ("prev", "next")]
    return tuple(match.group(1) if match else None for match in found)


@pytest.mark.parametrize(
    ("query", "rank_limit"),
    [
        ("q=oil&sort=relevance", 2000),
        # Too many matches to rank: the browse page lists them newest first.
        ("q=oil&sort=relevance", 2),
        ("q=oil&sort=date", 2000),
        ("tag=PREL&sort=-date", 2000),
    ],
)
def test_prev_next_follow_the_browse_pages_order(client, monkeypatch, query, rank_limit):
    monkeypatch.setattr("cableroom.browse.engine.RANK_LIMIT", rank_limit)
    # The newest mention oil least: relevance and date order disagree.
    for number, mentions in ((1, 4), (2, 1), (3, 3), (4, 2)):
        factories.cable(
            f"06A{number}",
            date_time=day(number),
            tags=("PREL",),
            paragraphs=(("U", " ".join(["oil"] * mentions + ["and", "the", "border"])),),
        )
    links = _result_links(client, query)
    assert len(links) == 4
    assert all("?search=" in link for link in links)
    for place, link in enumerate(links):
        previous = links[place - 1] if place > 0 else None
        following = links[place + 1] if place + 1 < len(links) else None
        assert _prev_next(client, link) == (previous, following)
