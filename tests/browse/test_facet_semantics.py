"""Facet semantics on the real cables (issue 16), against counts the ORM takes itself.

Each value of a tag, addressee or caveat narrows the results, `|` within one value offers
alternatives, `-` excludes; origin, classification and year take any of their values.
Every count a facet shows is the number of results after a click on it, and a chosen
value's count is the number of results.
"""

import random
import re
from collections import Counter
from datetime import UTC, datetime
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db.models import Count, Min
from django.test import RequestFactory

from cableroom.browse.engine import browse
from cableroom.browse.panels import facet_panels
from cableroom.browse.params import NARROWING_PARAMETERS, CableFilterSet
from cableroom.browse.state import SearchState
from cableroom.models import Addressee, Cable, CableTag, CableVersion

pytestmark = pytest.mark.slow

SEED = 16
COMBINATIONS = 200
WORDS = ("terrorism", "oil", "election", "nuclear", "minister", "visit")
# How many parameter values of each facet a combination may write, drawn uniformly.
HOW_MANY = {
    "tag": (0, 1, 1, 2, 2, 3),
    "addressee": (0, 0, 0, 1, 2),
    "caveat": (0, 0, 0, 1, 2),
    "origin": (0, 0, 0, 1, 2),
    "classification": (0, 0, 0, 1),
    "year": (0, 0, 1, 2),
    # Rarer: each narrows a lot, and a third of the combinations must still find cables.
    "declassify": (0, 0, 0, 0, 1),
    "classified_by": (0,) * 9 + (1,),
    "reason": (0,) * 5 + (1,),
    "signer": (0,) * 9 + (1,),
}


# --- the oracle: plain ORM queries -------------------------------------------------------

# The single-valued facets read from one column of the cable or its origin.
FIELDS = {
    "origin": "origin__name",
    "classification": "classification",
    "classified_by": "classified_by_name",
    "signer": "signer_name",
}


def oracle_results(items):
    """The cables a request's parameters select, through the FilterSet's SQL form."""
    filterset = CableFilterSet(
        SearchState(items).query_dict(), queryset=Cable.objects.public(), known_values={}
    )
    assert filterset.is_valid(), filterset.errors
    return filterset.qs


def value_counts(cables, parameter: str, to_only: bool) -> Counter:
    """How many of `cables` hold each value of a facet, grouped by the database."""
    ids = cables.order_by().values("pk")
    if parameter == "tag":
        rows = CableTag.objects.filter(cable__in=ids).values_list("tag__code")
    elif parameter == "addressee":
        roles = ["TO"] if to_only else ["TO", "INFO"]
        rows = Addressee.objects.filter(cable__in=ids, role__in=roles).values_list("post__name")
    elif parameter == "caveat":
        rows = Cable.caveats.through.objects.filter(cable__in=ids).values_list("marking__code")
    elif parameter == "released":
        return _first_release_counts(ids)
    elif parameter == "declassify":
        return _declassify_counts(cables)
    elif parameter == "reason":
        return _reason_counts(cables)
    else:
        field = FIELDS.get(parameter)
        if field:
            rows = cables.exclude(**{field: None}).values_list(field)
        else:
            return _date_counts(cables, parameter)
    counted = rows.order_by().annotate(n=Count("cable" if parameter in NARROWING_PARAMETERS
                                                 else "pk", distinct=True))  # fmt: skip
    return Counter({value: n for value, n in counted if value})


def _first_release_counts(ids) -> Counter:
    """Cables by first release day: the earliest release date any copy gives."""
    copies = CableVersion.objects.filter(cable__in=ids, released__isnull=False)
    first = copies.values("cable").annotate(first=Min("released")).values_list("first")
    return Counter(released.date().isoformat() for (released,) in first)


def _declassify_counts(cables) -> Counter:
    """Cables by the year of their DECL date or by their marker, and `past`: a DECL date
    before today (UTC), as the database compares dates."""
    rows = cables.order_by()
    dated = rows.exclude(declassify_date=None).values_list("declassify_date__year")
    counts = Counter({f"{year:04d}": n for year, n in dated.annotate(n=Count("pk"))})
    marked = rows.filter(declassify_date=None).exclude(declassify_marker="")
    counts.update(dict(marked.values_list("declassify_marker").annotate(n=Count("pk"))))
    counts["past"] = rows.filter(declassify_date__lt=datetime.now(UTC).date()).count()
    return +counts


def _reason_counts(cables) -> Counter:
    """Cables by reason code, read from the stored lists as the parser joined them."""
    counts = Counter()
    grouped = cables.order_by().values_list("classification_reasons").annotate(n=Count("pk"))
    for joined, n in grouped:
        for code in {code for code in joined.split(", ") if code}:
            counts[code] += n
    return counts


def _date_counts(cables, parameter: str) -> Counter:
    rows = cables.order_by().exclude(year=None)
    if parameter == "month":
        rows = rows.exclude(month=None)
    rows = rows.values_list("year", "month")
    counted = rows.annotate(n=Count("pk")).order_by()
    counts = Counter()
    for year, month, n in counted:
        counts[f"{year:04d}" if parameter == "year" else f"{year:04d}-{month:02d}"] += n
    return counts


def expected_count(items, parameter: str, value, result_count: int) -> int:
    """A shown value's count by the issue's definition, from ORM counts alone."""
    search = SearchState(items)
    to_only = ("addressee_role", "TO") in items
    chosen = [v for v in search.values(parameter) if not v.startswith("-")]
    if value.selected:
        return result_count
    if value.excluded:
        return oracle_results(search.remove(parameter, f"-{value.value}").items).count()
    if parameter in NARROWING_PARAMETERS or not chosen:
        return value_counts(oracle_results(items), parameter, to_only)[value.value]
    # Alternatives: the results, plus the cables this value adds from the other facets'.
    others = oracle_results(search.remove(parameter).items)
    return result_count + value_counts(others, parameter, to_only)[value.value]


# --- the page ---------------------------------------------------------------------------


def shown(items):
    """The browse engine's answer to these parameters, and every facet value it shows."""
    request = RequestFactory().get(SearchState(items).url())
    state = browse(request)
    assert not state.problems and not state.redirect, (state.problems, state.redirect)
    values = {}
    for panel in facet_panels(state):
        for facet in panel[1] if isinstance(panel, tuple) else [panel]:
            values.setdefault(facet.name, []).extend(facet.values)
    return state, values


def combination(rng: random.Random, pools: dict) -> list[tuple[str, str]]:
    """Random parameters: values, `|` alternatives and exclusions, sometimes words."""
    items = [("q", rng.choice(WORDS))] if rng.random() < 0.3 else []
    for name, choices in HOW_MANY.items():
        for _ in range(rng.choice(choices)):
            draw = rng.random()
            if draw < 0.25 and len(pools[name]) > 1:
                items.append((name, "|".join(rng.sample(pools[name], 2))))
            elif draw < 0.4:
                items.append((name, f"-{rng.choice(pools[name])}"))
            else:
                items.append((name, rng.choice(pools[name])))
    if rng.random() < 0.15:
        items.append(("addressee_role", "TO"))
    return items


def most_common(parameter: str, how_many: int) -> list[str]:
    counts = value_counts(Cable.objects.public(), parameter, to_only=False)
    return [value for value, _ in counts.most_common(how_many)]


@pytest.fixture
def pools(corpus_archive):
    return {
        "tag": most_common("tag", 30),
        "addressee": most_common("addressee", 12),
        "caveat": most_common("caveat", 6),
        "origin": most_common("origin", 12),
        "classification": most_common("classification", 6),
        "year": most_common("year", 12),
        # `past` is a value like the years (and the commonest): once in the pool.
        "declassify": ["past", *(v for v in most_common("declassify", 9) if v != "past")],
        "classified_by": most_common("classified_by", 10),
        "reason": most_common("reason", 6),
        "signer": most_common("signer", 10),
    }


def test_counts_agree_with_the_orm_over_random_combinations(pools):
    rng = random.Random(SEED)
    with_results = 0
    for _ in range(COMBINATIONS):
        items = combination(rng, pools)
        state, values = shown(items)
        result_count = oracle_results(items).count()
        assert state.count == result_count, items
        with_results += result_count > 0
        for parameter, facet_values in values.items():
            for value in facet_values:
                expected = expected_count(items, parameter, value, result_count)
                assert value.count == expected, (items, parameter, value)
                if value.selected:
                    assert value.count == state.count, (items, value)
                elif not value.excluded:
                    assert value.count > 0, (items, value)  # a click that finds nothing
        # The definition itself for two values: follow the link and count.
        offered = [v for vs in values.values() for v in vs if not v.selected]
        for value in rng.sample(offered, min(2, len(offered))):
            after = parse_qsl(urlsplit(value.toggle_url).query)
            assert value.count == oracle_results(after).count(), (items, value)
    assert with_results >= COMBINATIONS // 3  # a good share find something to count


def test_the_reported_page_shows_the_chosen_tag_with_the_result_count(corpus_archive):
    # It showed "✓ PREL 50" above "49 cables": the facet's own exclusion was not counted.
    items = [("tag", "PREL"), ("tag", "-MARR"), ("origin", "Embassy Madrid"),
             ("year", "2004"), ("q", "terrorism")]  # fmt: skip
    state, values = shown(items)
    prel = next(value for value in values["tag"] if value.value == "PREL")
    assert prel.selected and prel.count == state.count == oracle_results(items).count()
    marr = next(value for value in values["tag"] if value.value == "MARR")
    assert marr.excluded and marr.count == oracle_results(items[0:1] + items[2:]).count()


def test_iz_then_phum_gives_the_cables_holding_both(client, corpus_archive):
    both = Cable.objects.public().filter(tags__code="IZ").filter(tags__code="PHUM").distinct()
    iz_only = Cable.objects.public().filter(tags__code="IZ").distinct().count()
    assert 0 < both.count() < iz_only
    page = client.get("/cables/?tag=IZ").content.decode()
    link = unescape(re.search(r'href="(/cables/\?tag=IZ&amp;tag=PHUM)"', page).group(1))
    following = client.get(link)
    assert following.status_code == 200
    assert f"{both.count():,} cables" in following.content.decode()
    assert client.get("/cables.json?tag=IZ&tag=PHUM").json()["count"] == both.count()
    # Either of them is the alternatives in one value.
    either = Cable.objects.public().filter(tags__code__in=["IZ", "PHUM"]).distinct().count()
    assert client.get("/cables.json?tag=IZ|PHUM").json()["count"] == either


def test_tag_terms_in_the_box_make_the_url_of_the_clicks(client, corpus_archive):
    clicked = SearchState(path="/cables/").add("tag", "IZ").add("tag", "PHUM").url()
    response = client.get("/cables/", {"q": "tag:IZ tag:phum"})
    assert response.status_code == 302 and response["Location"] == clicked
    response = client.get("/cables/", {"q": "oil tag:iz|phum -tag:PREL"})
    assert response["Location"] == "/cables/?q=oil&tag=IZ%7CPHUM&tag=-PREL"
