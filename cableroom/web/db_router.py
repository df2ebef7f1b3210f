"""Which database a query goes to: the primary, or the read replica a request chose.

The choice is made once per request by `ReadRoutingMiddleware` (cableroom/web/read_routing.py)
and held in a context variable, so every query of the request, ORM or raw SQL through
`reading_connection()`, reads the same database: the browse index, the full-text match and
the rows of one page must agree on one generation of the data. Outside a routed request
(management commands, imports, migrations, the test suite by default) the router has no
opinion and Django uses the primary, exactly as without replicas.

Only the archive's own models (the `cableroom` app) are read from a replica. Users,
sessions and the admin's records stay on the primary: they are small, and a curator's
sign-in must never be read from a copy that has not yet seen it.

Every write goes to the primary, also for an object read from a replica, and marks the
request as one that wrote, so the middleware can send that reader to the primary for
their next requests (read-your-writes).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

ARCHIVE_APP = "cableroom"


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


class PrimaryReplicaRouter:
    """Django database router: archive reads follow the request's route, writes the primary."""

    def db_for_read(self, model, **hints):
        route = _route.get()
        if route is None or model._meta.app_label != ARCHIVE_APP:
            return None
        return route.alias

    def db_for_write(self, model, **hints):
        route = _route.get()
        if route is None:
            return None
        route.wrote = True
        # Never the database the instance came from: a replica refuses writes.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # A replica holds the primary's rows: objects from either may be related.
        same_data = {DEFAULT_DB_ALIAS, *settings.REPLICA_ALIASES}
        if obj1._state.db in same_data and obj2._state.db in same_data:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas copy the primary's schema; they cannot be migrated themselves.
        return False if db in settings.REPLICA_ALIASES else None
