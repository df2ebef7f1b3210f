"""The load test's parts: its traffic mix names real routes, its client reads real
responses (lengths, chunks, redirects) from the live server, its percentiles are right."""

import random

import pytest
from django.urls import Resolver404, resolve

from bench.http_load import drive, percentile
from bench.load_cpu import with_application_name
from bench.load_mix import WEIGHTS, TrafficMix
from tests import factories

MIX = TrafficMix(
    reference_ids=["06TESTVILLE1", "06TESTVILLE2"],
    tags=["PREL", "ECON"],
    origins=["Embassy Testville"],
    years=[2006],
    words=["wheat", "harvest"],
    pages=3,
)


def test_every_request_of_the_mix_is_a_route_of_ours():
    rng = random.Random(3)
    kinds = set()
    for _ in range(500):
        kind, path = MIX.next_request(rng)
        kinds.add(kind)
        try:
            resolve(path.split("?")[0])
        except Resolver404:
            pytest.fail(f"{kind}: {path} is not a route")
    assert kinds == set(WEIGHTS)


def test_the_default_mix_has_a_popularity_skew_and_says_so():
    values = [f"v{number}" for number in range(100)]
    rng = random.Random(5)
    skewed = [MIX.pick(rng, values) for _ in range(5000)]
    # Zipf 1.0 over 100 values: the first is asked for 1/H(100) = 19% of the time.
    assert 0.15 < skewed.count("v0") / 5000 < 0.23
    assert skewed.count("v0") > 10 * skewed.count("v50")
    assert "Zipf skew 1" in MIX.describe()


def test_the_uniform_mix_asks_for_every_value_alike():
    uniform = TrafficMix(**{**MIX.__dict__, "skew": 0.0})
    values = [f"v{number}" for number in range(10)]
    rng = random.Random(5)
    picks = [uniform.pick(rng, values) for _ in range(5000)]
    assert all(350 < picks.count(value) < 650 for value in values)
    assert "uniform" in uniform.describe()


def test_the_servers_connections_carry_their_own_name():
    url = "postgres://postgres@127.0.0.1:5432/cableroom_load"
    assert with_application_name(url, "load-7") == url + "?application_name=load-7"
    assert with_application_name(url + "?sslmode=disable&application_name=x", "load-7") == (
        url + "?sslmode=disable&application_name=load-7"
    )


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [([], 0.5, 0.0), ([1.0], 0.99, 1.0), ([1, 2, 3, 4], 0.5, 2), ([*range(1, 101)], 0.95, 95)],
)
def test_percentile_is_nearest_rank(values, fraction, expected):
    assert percentile(values, fraction) == expected


@pytest.mark.django_db(transaction=True)
def test_the_client_reads_pages_exports_and_redirects_from_a_live_server(live_server):
    factories.cable("06TESTVILLE1", subject="WHEAT HARVEST", tags=("PREL",))
    factories.cable("06TESTVILLE2", subject="RAIL TARIFFS", tags=("ECON",))
    paths = iter(
        [
            ("page", "/cables/?q=wheat"),
            ("csv", "/cables.csv"),  # streamed: no Content-Length
            ("redirect", "/cable/06testville1/"),  # 301, then followed
            ("text", "/cable/06TESTVILLE2.txt"),
        ]
        * 50
    )

    def next_request(rng):
        return next(paths, ("text", "/cable/06TESTVILLE2.txt"))

    run = drive(live_server.url, next_request, clients=2, seconds=1.5)
    statuses = {(sample.kind, sample.status) for sample in run.samples}
    assert run.failures == {}
    assert {("page", 200), ("csv", 200), ("redirect", 301), ("redirect", 200)} <= statuses
    assert all(sample.size > 0 for sample in run.samples if sample.status == 200)
