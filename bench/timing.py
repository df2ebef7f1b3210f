"""Timing requests through HTTP on loopback, ours and Datasette's alternately.

Each sample is one complete request: connect, send, read the whole body. After a
warm-up, the loop goes round the query set again and again, timing our URL and then
Datasette's for each query, so the two are measured at the same moment under the same
load. Datasette's slow queries get fewer samples: a per-query time budget (at least one
sample always), and a first response slower than SLOW_COLD counts as a sample rather
than a warm-up, noted "cold", so one minute-long facet is not run three times.
"""

import http.client
import json
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bench.queries import Query
from bench.report import Row, Side
from bench.stats import Summary

SLOW_COLD = 2.0  # seconds
TIMEOUT = 600.0


@dataclass(frozen=True)
class Response:
    status: int | None  # None: no answer (timeout, refused)
    seconds: float
    size: int


def fetch(base: str, path: str, timeout: float = TIMEOUT) -> Response:
    """GET base+path and read the whole body; never raises."""
    parts = urlsplit(base)
    started = time.perf_counter()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": parts.hostname or ""})
        response = connection.getresponse()
        size = len(response.read())
        return Response(response.status, time.perf_counter() - started, size)
    except (OSError, http.client.HTTPException):
        return Response(None, time.perf_counter() - started, 0)
    finally:
        connection.close()


def result_counts(query: Query, ours: str, theirs: str | None) -> dict | None:
    """How many cables each side finds for a browse query (untimed), to show they agree."""
    paths = query.count_paths()
    if paths is None:
        return None
    found = {"ours": _json_count(ours, paths[0], "count")}
    if theirs and paths[1]:
        found["datasette"] = _json_count(theirs, paths[1], "filtered_table_rows_count")
    return found


def _json_count(base: str, path: str, key: str) -> int | None:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        return json.loads(body).get(key) if response.status == 200 else None
    except (OSError, http.client.HTTPException, ValueError, AttributeError):
        return None
    finally:
        connection.close()


def status_of(response: Response) -> str:
    """ok, missing (404: the route does not exist yet), timeout, or error NNN."""
    if response.status is None:
        return "timeout"
    if response.status == 200:
        return "ok"
    return "missing" if response.status == 404 else f"error {response.status}"


@dataclass
class Samples:
    """What one side has measured for one query so far."""

    base: str
    path: str | None
    budget: float
    limit: int
    status: str = "ok"
    seconds: list[float] = field(default_factory=list)
    spent: float = 0.0
    note: str = ""

    @property
    def active(self) -> bool:
        return self.path is not None and self.status == "ok"

    def wants_more(self) -> bool:
        if not self.active or len(self.seconds) >= self.limit:
            return False
        return not self.seconds or self.spent < self.budget

    def take(self, count_it: bool = True) -> Response:
        response = fetch(self.base, self.path)
        self.spent += response.seconds
        self.status = status_of(response)
        if self.status == "ok" and count_it:
            self.seconds.append(response.seconds)
        return response

    def side(self) -> Side:
        if self.path is None:
            return Side("n/a")
        if not self.seconds:
            return Side(self.status if self.status != "ok" else "no samples")
        return Side("ok", Summary.of(self.seconds), self.note)


@dataclass
class Plan:
    """How much to measure."""

    ours_samples: int = 20
    theirs_samples: int = 5
    theirs_budget: float = 45.0  # seconds per query
    ours_warmup: int = 3  # per query: both gunicorn workers build their caches
    deadline: float | None = None  # time.monotonic() after which only minimums are taken
    min_ours: int = 5


def measure(
    queries: list[Query], ours: str, theirs: str | None, plan: Plan, log=print
) -> list[Row]:
    """Time every query on both sides, alternating; return the table's rows."""
    pairs = []
    for query in queries:
        mine = Samples(ours, query.ours, float("inf"), plan.ours_samples)
        other = Samples(
            theirs or "", query.theirs if theirs else None, plan.theirs_budget, plan.theirs_samples
        )
        if not theirs:
            other.status = "skipped"
        pairs.append((query, mine, other))
    _warm_up(pairs, plan, log)
    rounds = 0
    while any(_wants(mine, other, plan) for _, mine, other in pairs):
        rounds += 1
        for _, mine, other in pairs:
            if _wants_ours(mine, plan):
                mine.take()
            if other.wants_more() and not _past_deadline(plan):
                other.take()
        log(f"  round {rounds} done")
    return [
        Row(query.name, mine.side(), _theirs_side(other), result_counts(query, ours, theirs))
        for query, mine, other in pairs
    ]


def _warm_up(pairs, plan: Plan, log) -> None:
    for query, mine, other in pairs:
        for _ in range(plan.ours_warmup):
            if mine.active:
                mine.take(count_it=False)
        if other.active:
            response = other.take(count_it=False)
            if other.status == "ok" and response.seconds > SLOW_COLD:
                other.seconds.append(response.seconds)
                other.note = "cold"
        theirs_status = other.status if other.path else "n/a"
        log(f"  warm: {query.name}: ours {mine.status}, Datasette {theirs_status}")


def _past_deadline(plan: Plan) -> bool:
    return plan.deadline is not None and time.monotonic() > plan.deadline


def _wants_ours(mine: Samples, plan: Plan) -> bool:
    if _past_deadline(plan):
        return mine.active and len(mine.seconds) < plan.min_ours
    return mine.wants_more()


def _wants(mine: Samples, other: Samples, plan: Plan) -> bool:
    return _wants_ours(mine, plan) or (other.wants_more() and not _past_deadline(plan))


def _theirs_side(other: Samples) -> Side:
    if other.status == "skipped":
        return Side("skipped")
    return other.side()
