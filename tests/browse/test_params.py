"""The FilterSet: every parameter's bad values, and the browse index agreeing with its SQL."""

from datetime import UTC, datetime

import pytest
from django.http import QueryDict

from cableroom.browse.engine import known_values
from cableroom.browse.evaluate import evaluate
from cableroom.browse.index import browse_index
from cableroom.browse.params import MAX_PAGE, CableFilterSet, Choice
from cableroom.models import Cable
from cableroom.search.matching import match_cables
from tests.factories import cable

ASTANA, MOSCOW, STATE = "Embassy Astana", "Embassy Moscow", "Secretary of State"


def when(year, month=1, day=1):
    return datetime(year, month, day, 12, 0, tzinfo=UTC)


@pytest.fixture
def cables(db):
    """Six cables whose facet values overlap in every way the tests need."""
    return [
        cable("05ASTANA1", date_time=when(2005, 3), origin=ASTANA, tags=("PREL", "KZ"),
              caveats=("SIPDIS",), to=(STATE,), info=(MOSCOW,), classification="CONFIDENTIAL",
              paragraphs=(("C", "Talks on oil and the border."),)),
        cable("06ASTANA2", date_time=when(2006, 4, 19), origin=ASTANA, tags=("PGOV", "KZ"),
              to=(STATE,), classification="UNCLASSIFIED",
              paragraphs=(("U", "Heroin seizures at the border."),)),
        cable("06MOSCOW3", date_time=when(2006, 4, 2), origin=MOSCOW, tags=("PREL", "RS"),
              caveats=("NOFORN", "SIPDIS"), to=(STATE,), info=(ASTANA,), classification="SECRET",
              paragraphs=(("S", "The nuclear program was discussed."),)),
        cable("06MOSCOW4", date_time=when(2006, 11), origin=MOSCOW, tags=("ECON", "RS"),
              to=(ASTANA,), classification="UNCLASSIFIED",
              paragraphs=(("U", "Oil exports rose."),)),
        cable("07STATE5", date_time=when(2007, 1), origin=STATE, tags=("PREL", "PGOV"),
              to=(MOSCOW, ASTANA), classification="CONFIDENTIAL",
              paragraphs=(("C", "Guidance on the nuclear program."),)),
        cable("07STATE6", date_time=when(2007, 6), origin=STATE, tags=("KZ",),
              to=(ASTANA,), info=(MOSCOW,), classification="UNCLASSIFIED",
              paragraphs=(("U", "Travel notes."),)),
    ]  # fmt: skip


def _filterset(query: str):
    index = browse_index()
    data = QueryDict(query)
    return CableFilterSet(data, queryset=Cable.objects.public(), known_values=known_values(index))


def _errors(query: str) -> dict:
    filterset = _filterset(query)
    assert not filterset.is_valid()
    return filterset.errors


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("tag=NOSUCHTAG", "tag"),
        ("tag=-NOSUCHTAG", "tag"),
        ("origin=Embassy+Atlantis", "origin"),
        ("addressee=Nobody", "addressee"),
        ("classification=ULTRA", "classification"),
        ("caveat=EYESONLY", "caveat"),
        ("year=06", "year"),
        ("year=twenty", "year"),
        ("month=2006-13", "month"),
        ("month=2006-4", "month"),
        ("from=2006-02-30", "from"),
        ("to=19/04/2006", "to"),
        ("from=2007-01-01&to=2006-01-01", "to"),
        ("sort=size", "sort"),
        ("page=0", "page"),
        ("page=abc", "page"),
        (f"page={10**9}", "page"),
        ("addressee_role=CC", "addressee_role"),
        ("q=" + "x" * 10_240, "q"),
        ("q=-onlyexcluded", "q"),
    ],
)
def test_bad_values_are_named(cables, query, parameter):
    assert parameter in _errors(query)


def test_good_values_give_constraints(cables):
    filterset = _filterset("tag=PREL&tag=-KZ&year=2006&sort=date&page=2&from=2006-01-01&q=oil")
    assert filterset.is_valid(), filterset.errors
    constraints = filterset.constraints()
    assert constraints.choice("tag") == Choice(("PREL",), ("KZ",))
    assert constraints.choice("tag").groups == (("PREL",),)
    assert constraints.choice("year") == Choice(("2006",))
    assert (constraints.sort, constraints.page) == ("date", 2)
    assert constraints.date_from.isoformat() == "2006-01-01"
    assert constraints.query.has_text


def test_each_tag_value_is_a_group_and_alternatives_are_one(cables):
    filterset = _filterset(
        "tag=KZ|RS&tag=PREL&tag=-ECON|PGOV&origin=Embassy+Moscow|Embassy+Astana"
    )
    assert filterset.is_valid(), filterset.errors
    tags = filterset.constraints().choice("tag")
    assert tags.groups == (("KZ", "RS"), ("PREL",))
    assert tags.include == ("KZ", "RS", "PREL") and tags.exclude == ("ECON", "PGOV")
    origins = filterset.constraints().choice("origin")
    assert origins.groups == (("Embassy Moscow", "Embassy Astana"),)


def test_an_unknown_alternative_is_named(cables):
    assert "Unknown tag: NOPE." in _errors("tag=PREL|NOPE")["tag"][0]


def test_sort_defaults_to_relevance_only_with_a_query(cables):
    assert _constraints("q=oil").sort == "relevance"
    assert _constraints("").sort == "-date"
    assert _constraints("sort=relevance").sort == "-date"


def _constraints(query):
    filterset = _filterset(query)
    assert filterset.is_valid(), filterset.errors
    return filterset.constraints()


COMBINATIONS = [
    "",
    "tag=PREL",
    "tag=PREL&tag=PGOV",
    "tag=-KZ",
    "tag=PREL&tag=-RS",
    "tag=KZ&origin=Embassy+Moscow",
    "origin=Embassy+Astana&origin=Embassy+Moscow",
    "origin=-Secretary+of+State&classification=UNCLASSIFIED",
    "addressee=Embassy+Astana",
    "addressee=Embassy+Astana&addressee_role=TO",
    "addressee=-Embassy+Moscow",
    "caveat=SIPDIS",
    "caveat=-SIPDIS&classification=-SECRET",
    "year=2006",
    "year=2006&year=2007&tag=PREL",
    "month=2006-04",
    "year=-2006",
    "from=2006-04-02&to=2006-11-30",
    "to=2006-04-19",
    "q=oil",
    "q=nuclear+program&tag=PREL",
    'q="nuclear+program"+-guidance',
    "q=border&classification=UNCLASSIFIED&year=2006",
]


@pytest.mark.parametrize("query", COMBINATIONS)
def test_index_agrees_with_the_filtersets_sql(cables, query):
    filterset = _filterset(query)
    assert filterset.is_valid(), filterset.errors
    constraints = filterset.constraints()
    matches = match_cables(constraints.query, ranked=False) if constraints.query.has_text else None
    result = evaluate(browse_index(), constraints, matches)
    from_index = set(result.page_ids(1, 100))
    from_sql = set(filterset.qs.values_list("pk", flat=True))
    assert from_index == from_sql
    assert result.count == len(from_sql)


def test_or_and_not_semantics(cables):
    refs = _refs_for
    assert refs("tag=PREL|PGOV") == {"05ASTANA1", "06ASTANA2", "06MOSCOW3", "07STATE5"}
    assert refs("tag=PREL&tag=PGOV") == {"07STATE5"}
    assert refs("tag=PREL&tag=-RS|KZ") == {"07STATE5"}
    assert refs("tag=KZ|RS&tag=PREL|ECON") == {"05ASTANA1", "06MOSCOW3", "06MOSCOW4"}
    assert refs("caveat=SIPDIS&caveat=NOFORN") == {"06MOSCOW3"}
    both = "addressee=Embassy+Astana&addressee=Embassy+Moscow"
    assert refs(both) == {"07STATE5", "07STATE6"}  # 07STATE6 has Moscow for INFO
    assert refs(f"{both}&addressee_role=TO") == {"07STATE5"}
    assert refs("origin=Embassy+Moscow&origin=Secretary+of+State&year=2007") == {
        "07STATE5", "07STATE6",
    }  # fmt: skip
    assert refs("tag=PREL&origin=Embassy+Moscow") == {"06MOSCOW3"}
    assert refs("tag=PREL&tag=-RS") == {"05ASTANA1", "07STATE5"}
    assert refs("addressee=Embassy+Astana&addressee_role=TO") == {
        "06MOSCOW4",
        "07STATE5",
        "07STATE6",
    }


def _refs_for(query):
    filterset = _filterset(query)
    assert filterset.is_valid(), filterset.errors
    result = evaluate(browse_index(), filterset.constraints(), None)
    ids = result.page_ids(1, 100)
    return set(Cable.objects.filter(pk__in=ids).values_list("reference_id", flat=True))


def test_withdrawn_cables_are_in_neither(cables):
    Cable.objects.filter(reference_id="06MOSCOW3").update(withdrawn_at=when(2020))
    assert "06MOSCOW3" not in _refs_for("tag=PREL")
    filterset = _filterset("tag=PREL")
    filterset.is_valid()
    assert not filterset.qs.filter(reference_id="06MOSCOW3").exists()


def test_page_limit_is_the_forms(cables):
    assert "page" not in _filterset(f"page={MAX_PAGE}").errors


def _merge_prel_into_diplomacy():
    """A curator merges PREL into a new DIPL: PREL's cables now carry DIPL."""
    from django.contrib.auth import get_user_model

    from cableroom.curation import edits as curation
    from cableroom.models import Tag
    from tests.factories import tag

    curator = get_user_model().objects.create_user("merger", password="x")
    curation.merge_tags(source=Tag.objects.get(code="PREL"), target=tag("DIPL"), user=curator)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tag=PREL", {"05ASTANA1", "06MOSCOW3", "07STATE5"}),
        ("tag=-PREL", {"06ASTANA2", "06MOSCOW4", "07STATE6"}),
    ],
)
def test_a_merged_tag_filters_as_the_tag_it_was_merged_into(cables, query, expected):
    _merge_prel_into_diplomacy()
    filterset = _filterset(query)
    assert filterset.is_valid(), filterset.errors
    from_sql = set(filterset.qs.values_list("reference_id", flat=True))
    assert from_sql == expected
    assert _refs_for(query) == expected
