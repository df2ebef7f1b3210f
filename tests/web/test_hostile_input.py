"""Arbitrary values in every URL parameter and path segment of every public view.

The routes are read from the URL configuration, so a view added later is fuzzed too.
Each request must answer below 500 with at most MAX_QUERIES database queries: no value
may turn a page into a runaway loop of queries. (Wall time is not asserted: on a shared
machine it measures the neighbours; speed belongs to the benchmarks in bench/.)
The rate limit is off here, so the views themselves answer rather than the limiter.
"""

import re
from urllib.parse import quote, quote_from_bytes

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import factories

# The heaviest public page makes about ten; a loop over values would make hundreds.
MAX_QUERIES = 25
EXISTING_IDS = ["06TESTVILLE1", "06TESTVILLE2", "06TESTVILLE3"]
# Every parameter a public page reads, and some it might one day.
PARAMETERS = [
    "q",
    "tag",
    "origin",
    "addressee",
    "classification",
    "caveat",
    "year",
    "month",
    "from",
    "to",
    "sort",
    "page",
    "search",
    "cite",
    "to_only",
    "role",
    "facet",
    "filter",
    "more",
    "format",
]
_CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def public_routes(resolver=None, prefix: str = "") -> list[str]:
    """Every route outside the admin, as written (`cable/<str:reference_id>/`)."""
    routes = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(("admin/", "^admin/")):
            continue
        if isinstance(entry, URLResolver):
            routes.extend(public_routes(entry, route))
        elif isinstance(entry, URLPattern):
            routes.append(route)
    return routes


ROUTES = public_routes()

NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "-",
        "--",
        "\x00",
        "a\x00b",
        "%",
        "%00",
        "'; DROP TABLE cableroom_cable; --",
        '"',
        "\\",
        "<script>alert(1)</script>",
        "../../etc/passwd",
        "9" * 40,
        "-1",
        "0",
        "1e309",
        "NaN",
        "2006-02-30",
        "2006-13",
        "0000-00-00",
        "99999-01-01",
        "06ASTANA33",
        "06 ASTANA 33",
        "-PREL",
        "PREL",
        "relevance",
        "-date",
        "x" * 1001,
        "\u202e\u200b\ufeff",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        'OR OR "" - -"',
        "tag: from: to: subject:",
    ]
)
VALUES = st.one_of(
    NASTY_TEXT,
    st.text(max_size=60),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.text(alphabet="0123456789-", max_size=12),
    st.text(max_size=1200),
)
NAMES = st.one_of(st.sampled_from(PARAMETERS), st.text(min_size=1, max_size=12))


@st.composite
def query_strings(draw) -> str:
    """A query string of repeated, unknown and malformed parameters, maybe broken bytes."""
    pairs = draw(st.lists(st.tuples(NAMES, VALUES), max_size=8))
    encoded = [f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in pairs]
    if draw(st.booleans()):
        encoded.append(quote_from_bytes(draw(st.binary(max_size=20)), safe="=&"))
    return "&".join(encoded)


def segment(converter: str | None):
    """Values for one path segment of a route's converter type."""
    if converter == "int":
        return st.one_of(st.integers(0, 5), st.integers(0, 10**30)).map(str)
    text = st.text(min_size=1, max_size=80).map(lambda value: quote(value, safe=""))
    broken = st.binary(min_size=1, max_size=30).map(lambda raw: quote_from_bytes(raw, safe=""))
    nasty = NASTY_TEXT.filter(bool).map(lambda value: quote(value, safe=""))
    return st.one_of(st.sampled_from(EXISTING_IDS), text, broken, nasty)


@st.composite
def paths_for(draw, route: str) -> str:
    """A path matching the route's shape with arbitrary values in its segments."""
    if route.startswith("^"):  # a regex route (none yet): only its literal start
        return "/" + re.sub(r"[\^$\\(].*", "", route.lstrip("^"))
    parts = _CONVERTER.split(route)
    path = []
    for index in range(0, len(parts), 3):
        path.append(parts[index])
        if index + 1 < len(parts):
            path.append(draw(segment(parts[index + 1])))
    return "/" + "".join(path)


@pytest.fixture
def related_cables(db):
    """A few cables with every kind of related row, so views go past their 404s."""
    first = factories.cable(
        EXISTING_IDS[0],
        tags=("PREL", "KZ"),
        caveats=("SIPDIS",),
        to=("SECSTATE WASHDC",),
        info=("AMEMBASSY ALMATY",),
        paragraphs=(("U", "Paragraph one."), ("SBU", "Paragraph two.")),
        references=(EXISTING_IDS[1], "05NOWHERE9"),
    )
    factories.version(first, "ANOTHER COPY\n\nParagraph one.\n", current=False)
    factories.cable(EXISTING_IDS[1], tags=("PREL",), references=(EXISTING_IDS[0],))
    factories.cable(EXISTING_IDS[2], withdrawn_at=first.date_time, withdrawal_reason="Test")
    return first


hostile = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def assert_answers(client: Client, path: str, query: str) -> None:
    url = f"{path}?{query}" if query else path
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code < 500, f"{response.status_code} for {url!r}"
    assert len(queries) <= MAX_QUERIES, f"{len(queries)} queries for {url!r}"


def test_the_routes_were_found():
    assert any("reference_id" in route for route in ROUTES)
    assert not any(route.startswith("admin") for route in ROUTES)


@pytest.mark.parametrize("route", ROUTES)
@override_settings(RATE_LIMIT_PER_MINUTE=0)
def test_every_public_route_survives_arbitrary_segments_and_parameters(related_cables, route):
    client = Client(raise_request_exception=True)

    @hostile
    @given(path=paths_for(route), query=query_strings())
    def check(path, query):
        assert_answers(client, path, query)

    check()


@override_settings(RATE_LIMIT_PER_MINUTE=0)
@hostile
@given(path=st.text(max_size=200), query=query_strings())
def test_arbitrary_paths_never_fail(client, related_cables, path, query):
    assert_answers(client, "/" + quote(path.lstrip("/"), safe="/"), query)


CHANGELISTS = [
    "/admin/cableroom/cable/",
    "/admin/cableroom/tag/",
    "/admin/cableroom/post/",
    "/admin/cableroom/change/",
    "/admin/cableroom/note/",
    "/admin/cableroom/marking/",
    "/admin/cableroom/cableforreview/",
]


@pytest.mark.parametrize("changelist", CHANGELISTS)
@override_settings(RATE_LIMIT_PER_MINUTE=0)
def test_admin_lists_survive_arbitrary_filters_and_searches(related_cables, changelist):
    client = Client(raise_request_exception=True)
    client.force_login(factories.curator())
    assert client.get(changelist).status_code in (200, 302)
    admin_names = st.sampled_from(["q", "o", "p", "e", "all", "_changelist_filters"])
    filter_names = st.sampled_from(
        ["classification", "origin", "year", "has_warnings", "withdrawn", "curated", "kind"]
    )
    pairs = st.lists(st.tuples(st.one_of(admin_names, filter_names, NAMES), VALUES), max_size=5)

    @hostile
    @given(pairs=pairs)
    def check(pairs):
        query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
        assert_answers(client, changelist, query)

    check()


# Wider than SQLite's 64-bit INTEGER (SQLite raised OverflowError when the list was counted).
HUGE = str(2**63)


@pytest.mark.parametrize(
    "changelist", [*CHANGELISTS, "/admin/cableroom/importrun/", "/admin/cableroom/readinglist/"]
)
@pytest.mark.parametrize("name", ["origin", "id", "cable", "pk"])
@pytest.mark.django_db
def test_an_integer_too_wide_for_the_database_drops_the_filter(changelist, name):
    client = Client(raise_request_exception=True)
    client.force_login(factories.curator())
    response = client.get(changelist, {name: HUGE})
    # The admin's answer to a lookup it cannot use: the list without filters, ?e=1.
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")
