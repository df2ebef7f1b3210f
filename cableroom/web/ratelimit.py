"""A per-client token bucket in front of the expensive endpoints, answering 429.

Reading a cable is cheap; a full-text search, a CSV export of every match, an Atom
feed and the JSON form of the browse page each cost facet counts or a scan, and a
sign-in attempt costs a password hash, and each change to a reading list writes rows,
so one client looping over them could starve everyone else (or fill the database).
Each client (its address, or its /64 for IPv6: cableroom/web/clients.py)
has a bucket of `RATE_LIMIT_BURST` tokens refilled at `RATE_LIMIT_PER_MINUTE`; each
expensive request takes one, and an empty bucket answers 429 with `Retry-After`.

Buckets live in the `ratelimit` cache (settings.CACHES). Django's default LocMemCache
is per process: with N gunicorn workers a client may get up to N times the rate, which
is still a bound. For one shared bound point that alias at memcached, Redis or the
database cache. The read-then-write is not atomic, so two requests racing may both
pass: the limit is a brake on floods, not an accounting system (sign-in failures are
counted exactly, by cableroom/web/signin.py).

Why not django-ratelimit: its system check refuses (an Error, so `manage.py` stops)
every cache this project can have without another service: per-process memory, files
and the database; it wants memcached or Redis. See the README's layout section.
"""

import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from cableroom.web.clients import client_address
from cableroom.web.security import refusal

CACHE_ALIAS = "ratelimit"
# The browse page's exports and feed: `/cables.json`, `/cables.csv`, their facet
# pages (`/cables/....json`) and `/feed/`. Any request with a text query counts too.
EXPENSIVE_PATH = re.compile(r"^/(?:cables(?:/[^?]*)?\.(?:json|csv)$|feed/)")
# Readers' lists: every change to one (a POST) and every export of one.
LIST_PATH = re.compile(r"^/lists/")
LIST_EXPORTS = (".bib", ".json", ".md", ".zip")


@dataclass(frozen=True)
class Bucket:
    """Tokens left and when they were counted (seconds on a monotonic-enough clock)."""

    tokens: float
    updated: float


def take_token(
    bucket: Bucket | None, *, now: float, per_second: float, capacity: float
) -> tuple[Bucket, float]:
    """Refill the bucket for the time elapsed and take one token.

    Returns the bucket to store and the seconds to wait: 0 when the request may go on.
    A client never seen (or forgotten by the cache) starts with a full bucket.
    """
    if bucket is None:
        tokens = capacity
    else:
        tokens = min(capacity, bucket.tokens + max(0.0, now - bucket.updated) * per_second)
    if tokens >= 1:
        return Bucket(tokens - 1, now), 0.0
    return Bucket(tokens, now), (1 - tokens) / per_second


def is_expensive(request: HttpRequest) -> bool:
    """Whether this request runs a search, an export, a feed, a JSON list, a sign-in, or
    changes or exports a reading list."""
    if request.method == "POST" and request.path_info == reverse("admin:login"):
        return True
    if LIST_PATH.match(request.path_info) and (
        request.method == "POST" or request.path_info.endswith(LIST_EXPORTS)
    ):
        return True
    if any(value.strip() for value in request.GET.getlist("q")):
        return True
    return bool(EXPENSIVE_PATH.match(request.path_info))


class RateLimitMiddleware:
    """Refuse a client's expensive requests with 429 once its bucket is empty."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        per_minute = settings.RATE_LIMIT_PER_MINUTE
        if per_minute > 0 and is_expensive(request):
            client = client_address(request) or "unknown"
            wait = _spend(client, per_minute, settings.RATE_LIMIT_BURST)
            if wait > 0:
                return refusal(
                    request,
                    429,
                    "Too many searches, exports, list changes or sign-ins from your address.",
                    retry_after=max(1, math.ceil(wait)),
                )
        return self.get_response(request)


def _spend(client: str, per_minute: int, burst: int) -> float:
    cache = caches[CACHE_ALIAS]
    key = f"ratelimit:{client}"
    per_second = per_minute / 60
    capacity = max(1, burst)
    bucket, wait = take_token(
        cache.get(key), now=time.time(), per_second=per_second, capacity=capacity
    )
    # Once full again the bucket equals a fresh one, so the cache may forget it.
    cache.set(key, bucket, timeout=math.ceil(capacity / per_second) + 1)
    return wait
