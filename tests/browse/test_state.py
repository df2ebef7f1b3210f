"""SearchState: the browse parameters of a URL, and the new states its links lead to."""

import pytest
from django.test import RequestFactory

from cableroom.browse.params import PARAMETERS
from cableroom.browse.state import SearchState

factory = RequestFactory()


def state(query: str) -> SearchState:
    return SearchState.from_request(factory.get(f"/cables/?{query}"))


@pytest.mark.parametrize(
    ("query", "change", "expected"),
    [
        ("tag=PREL&page=3", lambda s: s.add("tag", "KZ"), "/cables/?tag=PREL&tag=KZ"),
        ("tag=PREL", lambda s: s.add("tag", "PREL"), "/cables/?tag=PREL"),
        ("junk=1&q=oil", lambda s: s.add("year", "2006"), "/cables/?q=oil&year=2006"),
        ("tag=PREL&tag=KZ", lambda s: s.remove("tag", "PREL"), "/cables/?tag=KZ"),
        ("tag=PREL&year=2006", lambda s: s.remove("tag"), "/cables/?year=2006"),
        ("tag=PREL&page=2", lambda s: s.remove("tag", "PREL"), "/cables/"),
        ("tag=PREL&page=2", lambda s: s.toggle("tag", "PREL"), "/cables/"),
        ("tag=PREL&page=2", lambda s: s.toggle("tag", "KZ"), "/cables/?tag=PREL&tag=KZ"),
        ("tag=PREL", lambda s: s.exclude("tag", "PREL"), "/cables/?tag=-PREL"),
        ("year=2005&year=2006", lambda s: s.replace("year", "2007"), "/cables/?year=2007"),
        ("q=oil&tag=KZ", lambda s: s.replace("q", ""), "/cables/?tag=KZ"),
        ("q=oil&page=4", lambda s: s.with_page(5), "/cables/?q=oil&page=5"),
        ("q=oil&page=4", lambda s: s.with_page(1), "/cables/?q=oil"),
        # One of the alternatives of a value goes, the others stay.
        ("tag=IZ%7CPHUM", lambda s: s.remove("tag", "IZ"), "/cables/?tag=PHUM"),
        ("tag=IZ%7CPHUM", lambda s: s.toggle("tag", "PHUM"), "/cables/?tag=IZ"),
        ("tag=IZ%7CPHUM", lambda s: s.remove("tag", "PHUM|IZ"), "/cables/"),
        ("tag=-IZ%7CPHUM", lambda s: s.remove("tag", "-IZ"), "/cables/?tag=-PHUM"),
        ("tag=-IZ%7CPHUM", lambda s: s.remove("tag", "IZ"), "/cables/?tag=-IZ%7CPHUM"),
        ("tag=IZ%7CPHUM", lambda s: s.exclude("tag", "IZ"), "/cables/?tag=PHUM&tag=-IZ"),
        ("tag=IZ%7CPHUM", lambda s: s.toggle("tag", "PREL"), "/cables/?tag=IZ%7CPHUM&tag=PREL"),
    ],
)
def test_changes_keep_other_parameters_and_drop_the_page(query, change, expected):
    assert change(state(query)).url() == expected


def test_a_change_returns_a_new_state_and_leaves_the_old_one_alone():
    before = state("tag=PREL&page=3")
    after = before.add("tag", "KZ")
    assert before.url() == "/cables/?tag=PREL&page=3"
    assert after is not before and after.url() == "/cables/?tag=PREL&tag=KZ"


def test_only_the_filtersets_parameters_are_kept():
    every = "&".join(f"{name}=x" for name in PARAMETERS)
    assert [name for name, _ in state(f"{every}&contains=y&kind=z").items] == list(PARAMETERS)


def test_a_state_is_written_for_any_path():
    assert state("tag=PREL&page=2").without_page().url("/cables.json") == "/cables.json?tag=PREL"


def test_validation_names_the_parameter_and_links_to_the_request_without_it(browse_sample):
    from cableroom.browse.engine import known_values
    from cableroom.browse.index import browse_index

    constraints, problems = state("tag=PREL&year=20x6").validate(known_values(browse_index()))
    assert constraints is None
    assert [(p.parameter, p.remove_url) for p in problems] == [("year", "/cables/?tag=PREL")]
