"""Which database this request reads: the primary, or the read replica it was routed to.

A context variable set once per request (`cableroom.web.read_routing`), so the browse
index, the full-text match and the rows of one page read the same database. It lives
below browse, search and web so that each can ask without importing another; it
imports nothing of the project.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections


@dataclass
class Route:
    """Where one request reads, and whether it has written anything."""

    alias: str = DEFAULT_DB_ALIAS
    wrote: bool = False


_route: ContextVar[Route | None] = ContextVar("cableroom_read_route", default=None)


def current_route() -> Route | None:
    return _route.get()


@contextmanager
def routed(route: Route) -> Iterator[Route]:
    """Queries inside read from `route.alias` (archive models and `reading_connection`)."""
    token = _route.set(route)
    try:
        yield route
    finally:
        _route.reset(token)


def read_alias() -> str:
    route = _route.get()
    return DEFAULT_DB_ALIAS if route is None else route.alias


def reading_connection():
    """The connection for raw SQL that reads the archive in this request."""
    return connections[read_alias()]
