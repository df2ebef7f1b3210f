"""Facet classes: counts, order, truncation, selection and the links of their values."""

from django.test import RequestFactory

from cableroom.browse.evaluate import evaluate
from cableroom.browse.facets import FACETS
from cableroom.browse.index import browse_index
from cableroom.browse.params import Choice, Constraints
from cableroom.browse.state import SearchState
from tests.factories import cable

factory = RequestFactory()


def _results(name, constraints=None, limit=10, query=""):
    result = evaluate(browse_index(), constraints or Constraints(), None)
    search = SearchState.from_request(factory.get(f"/cables/?{query}"))
    return FACETS[name](search, result, "/cables/", "/cables/facets/x/").results(limit=limit)


def test_values_are_ordered_by_count_then_value(browse_sample):
    values = _results("tag").values
    counts = [(-v.count, v.value) for v in values]
    assert counts == sorted(counts)
    assert values[0].value == "KZ" and values[0].count == 3


def test_one_more_value_tells_truncation(browse_sample):
    tags = _results("tag", limit=2)
    assert tags.truncated and len(tags.values) == 2 and tags.more_url
    all_tags = _results("tag", limit=5)  # PREL, KZ, PGOV, RS, ECON
    assert not all_tags.truncated and len(all_tags.values) == 5 and not all_tags.more_url


def test_selected_and_excluded_values_are_always_listed(browse_sample):
    constraints = Constraints(choices={"tag": Choice(("ECON",), ("KZ",))})
    tags = _results("tag", constraints, limit=1, query="tag=ECON&tag=-KZ")
    shown = {v.value: v for v in tags.values}
    assert shown["ECON"].selected and shown["KZ"].excluded and not shown["KZ"].exclude_url
    assert shown["KZ"].toggle_url == "/cables/?tag=ECON"


def test_a_count_is_the_results_after_the_click(browse_sample):
    # Origins are alternatives: Astana's click would add its 2 cables to Moscow's 2.
    constraints = Constraints(choices={"origin": Choice(("Embassy Moscow",))})
    origins = {v.value: v.count for v in _results("origin", constraints).values}
    assert origins == {"Embassy Astana": 4, "Embassy Moscow": 2, "Secretary of State": 4}
    tags = {v.value: v.count for v in _results("tag", constraints).values}
    assert tags == {"RS": 2, "PREL": 1, "ECON": 1}


def test_a_chosen_value_counts_the_results_and_an_excluded_one_its_return(browse_sample):
    # tag=PREL&tag=-RS holds 05ASTANA1 and 07STATE5; without the exclusion, 06MOSCOW3 too.
    constraints = Constraints(choices={"tag": Choice(("PREL",), ("RS",))})
    tags = {
        v.value: v.count for v in _results("tag", constraints, query="tag=PREL&tag=-RS").values
    }
    assert tags == {"PREL": 2, "RS": 3, "KZ": 1, "PGOV": 1}


def test_labels_and_descriptions(browse_sample):
    caveats = {v.value: v.label for v in _results("caveat").values}
    assert set(caveats) == {"SIPDIS", "NOFORN"}
    kz = next(v for v in _results("tag").values if v.value == "KZ")
    assert kz.kind == "geographic" and kz.description


def test_months_drill_down_from_the_chosen_year(browse_sample):
    constraints = Constraints(choices={"year": Choice(("2006",))})
    months = [v.value for v in _results("month", constraints).values]
    assert months == ["2006-04", "2006-11"]


def test_cables_without_a_date_or_origin_are_counted_nowhere(db):
    cable("06UNDATED1")
    from cableroom.models import Cable

    Cable.objects.filter(reference_id="06UNDATED1").update(date_time=None, year=None, month=None)
    assert _results("year").values == []
    assert evaluate(browse_index(), Constraints(sort="date"), None).page_ids(1, 5)
