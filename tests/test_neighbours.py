"""Previous and next within the reader's search, carried in the URL."""

from datetime import UTC, datetime

import pytest

from cableroom.neighbours import neighbours, search_context
from tests import factories

pytestmark = pytest.mark.django_db


def day(number, hour=0):
    return datetime(2006, 4, number, hour, tzinfo=UTC)


def ids(found):
    return (
        found.previous.reference_id if found.previous else None,
        found.next.reference_id if found.next else None,
    )


def test_search_context_understands_facets_and_ignores_the_rest():
    search = search_context("tag=PREL&origin=Embassy+Astana&page=3&sort=bogus")
    assert (search.tag, search.origin, search.addressee) == ("PREL", "Embassy Astana", "")
    assert search.query_string == "tag=PREL&origin=Embassy+Astana&page=3&sort=bogus"
    assert search_context("") is None


def test_overlong_values_are_dropped_not_errors():
    search = search_context("tag=" + "X" * 500)
    assert search.tag == ""


def test_neighbours_newest_first_with_ties_broken_by_id():
    a = factories.cable("06A1", date_time=day(3))
    b = factories.cable("06A2", date_time=day(2))
    c = factories.cable("06A3", date_time=day(2))
    d = factories.cable("06A4", date_time=day(1))
    everything = search_context("q=")
    assert ids(neighbours(a, everything)) == (None, "06A2")
    assert ids(neighbours(b, everything)) == ("06A1", "06A3")
    assert ids(neighbours(c, everything)) == ("06A2", "06A4")
    assert ids(neighbours(d, everything)) == ("06A3", None)


def test_undated_cables_come_last():
    dated = factories.cable("06A1", date_time=day(1))
    undated = factories.cable("06A2")
    undated.date_time = None
    undated.save()
    later_undated = factories.cable("06A3")
    later_undated.date_time = None
    later_undated.save()
    everything = search_context("q=")
    assert ids(neighbours(dated, everything)) == (None, "06A2")
    assert ids(neighbours(undated, everything)) == ("06A1", "06A3")
    assert ids(neighbours(later_undated, everything)) == ("06A2", None)


def test_filters_and_withdrawn_cables_are_respected():
    factories.cable("06A1", date_time=day(3), tags=("PREL",), to=("Secretary of State",))
    middle = factories.cable("06A2", date_time=day(2), tags=("PREL",))
    factories.cable("06A3", date_time=day(1), tags=("PREL",), withdrawn_at=day(5))
    factories.cable("06A4", date_time=day(1, 1), tags=("PGOV",))
    assert ids(neighbours(middle, search_context("tag=PREL"))) == ("06A1", None)
    by_addressee = search_context("addressee=Secretary+of+State")
    assert ids(neighbours(middle, by_addressee)) == ("06A1", None)
