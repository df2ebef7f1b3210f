"""A cable id typed into the search box opens that cable."""

from datetime import UTC, datetime

import pytest

from cableroom.models import Cable
from cableroom.search import cable_for_id_query
from tests.factories import cable


@pytest.mark.parametrize(
    "typed", ["06ASTANA33", "06 ASTANA 33", "06astana000033", "ASTANA 000033"]
)
def test_id_queries_find_the_cable(search_sample, typed):
    assert cable_for_id_query(typed) == "06ASTANA33"


def test_id_query_ignores_words_and_withdrawn_cables(search_sample, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert cable_for_id_query("heroin") is None
        assert cable_for_id_query('"nuclear program" iran') is None
        assert cable_for_id_query("") is None
    Cable.objects.filter(reference_id="06ASTANA33").update(withdrawn_at=datetime.now(UTC))
    assert cable_for_id_query("06ASTANA33") is None


def test_station_and_serial_in_two_years_is_not_a_jump(search_sample):
    cable("07ASTANA33")
    assert cable_for_id_query("ASTANA 33") is None
