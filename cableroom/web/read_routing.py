"""Choose, once per request, the database it reads: a fresh replica or the primary.

With no replicas configured (settings.REPLICA_ALIASES empty) this middleware does nothing.
Otherwise a GET or HEAD of a public page reads a replica picked at random among the fresh
ones (cableroom/web/replica_health.py); the primary serves everything else:

- any other method, and the whole admin;
- a reader who wrote lately (read-your-writes): a request that wrote anything gets a
  signed cookie with its time, and for the next MAX_LAG + CHECK_SECONDS seconds (how old
  a fresh replica's data can be) that reader's requests read the primary, so the
  redirect after an edit and the public page a curator checks next show the edit. The
  cookie is signed so that no one can pin their reads to the primary without writing;
- no replica fresh, or the chosen one not answering: one log line, and the page.

A replica that fails in the middle of a view (its server stopped a moment ago) is marked
unreachable and the view runs again on the primary: a reader gets the page, not an
error. Streamed responses (CSV export, feed) read their rows while the server sends
them, after this middleware returned, so their iteration is routed too.
"""

import random
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    connections,
)
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse

from cableroom.web import replica_health
from cableroom.web.db_router import Route, current_route, routed

COOKIE = "cableroom_wrote"
SALT = "cableroom.web.read_routing"
READING_METHODS = frozenset({"GET", "HEAD"})


def read_your_writes_seconds() -> float:
    """How long a writer reads the primary: as old as a fresh replica's data may be."""
    return settings.DATABASE_REPLICA_MAX_LAG + replica_health.CHECK_SECONDS + 1


class ReadRoutingMiddleware:
    """Route each request's reads; remember who wrote; fall back to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        replicas = settings.REPLICA_ALIASES
        if not replicas:
            return self.get_response(request)
        with routed(Route(choose_database(request, replicas))) as route:
            response = self.get_response(request)
        if response.streaming:
            response.streaming_content = _routed_chunks(response.streaming_content, route)
        if route.wrote:
            remember_write(response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        """Run the view again on the primary when the replica it read failed."""
        route = current_route()
        if (
            route is None
            or route.alias == DEFAULT_DB_ALIAS
            or not isinstance(exception, OperationalError | InterfaceError)
            or not connections[route.alias].errors_occurred
        ):
            return None
        replica_health.mark_unreachable(route.alias, exception)
        route.alias = DEFAULT_DB_ALIAS
        match = request.resolver_match
        return match.func(request, *match.args, **match.kwargs)


def choose_database(request: HttpRequest, replicas: list[str]) -> str:
    if request.method not in READING_METHODS or is_admin(request) or wrote_lately(request):
        return DEFAULT_DB_ALIAS
    fresh = replica_health.fresh_replicas(replicas)
    random.shuffle(fresh)
    for alias in fresh:
        if answers(alias):
            return alias
    return DEFAULT_DB_ALIAS


def is_admin(request: HttpRequest) -> bool:
    try:
        prefix = reverse("admin:index")
    except NoReverseMatch:
        return False
    return request.path_info.startswith(prefix)


def wrote_lately(request: HttpRequest) -> bool:
    value = request.get_signed_cookie(
        COOKIE, default=None, salt=SALT, max_age=read_your_writes_seconds()
    )
    return value is not None


def remember_write(response: HttpResponse) -> None:
    response.set_signed_cookie(
        COOKIE,
        "1",
        salt=SALT,
        max_age=int(read_your_writes_seconds()) + 1,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def answers(alias: str) -> bool:
    """Whether the replica's connection works, opening it if needed.

    The same test Django makes before a persistent connection's first query in a
    request (CONN_HEALTH_CHECKS), made here where a failure can still pick the primary.
    """
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as error:
        replica_health.mark_unreachable(alias, error)
        return False
    return True


def _routed_chunks(chunks: Iterable, route: Route) -> Iterator:
    # Routed only while the next chunk is made: a generator that set the variable for
    # good would leave it set in the server's context between chunks.
    iterator = iter(chunks)
    while True:
        with routed(route):
            chunk = next(iterator, None)
        if chunk is None:
            return
        yield chunk
