"""The load test's parts: its traffic mix names real routes, its client reads real
responses (lengths, chunks, redirects) from the live server, its percentiles are right."""

import random

import pytest
from django.urls import Resolver404, resolve

from bench.http_load import drive, percentile
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
