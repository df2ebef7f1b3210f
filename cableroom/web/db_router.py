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

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

# The request's route is kept below web, so browse and search can read it too.
from cableroom.read_route import Route, current_route, read_alias, reading_connection, routed

__all__ = [
    "PrimaryReplicaRouter",
    "Route",
    "current_route",
    "read_alias",
    "reading_connection",
    "routed",
]

ARCHIVE_APP = "cableroom"


class PrimaryReplicaRouter:
    """Django database router: archive reads follow the request's route, writes the primary."""

    def db_for_read(self, model, **hints):
        route = current_route()
        if route is None or model._meta.app_label != ARCHIVE_APP:
            return None
        return route.alias

    def db_for_write(self, model, **hints):
        route = current_route()
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
