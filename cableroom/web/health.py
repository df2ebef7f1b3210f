"""The health check for load balancers and uptime monitors: `/healthz`.

It says ok or not, and which check failed: `database` (answers a query), `migrations`
(none left to apply) and `static` (the collected stylesheet is there). It never shows
an error's text: a failed connection names the host, port and database, which a
visitor has no business knowing. The details go to the server log.
"""

import logging

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# Every page links it: if it cannot be served, no page looks right.
STATIC_PROBE = "cableroom/css/site.css"
logger = logging.getLogger(__name__)
# Once applied, migrations stay applied while this process runs: checked until true.
_migrated = False


@never_cache
@require_GET
def healthz(request):
    """200 {"status": "ok", ...} when every check passes, else 503 naming the failures."""
    checks = {"database": database_answers()}
    checks["migrations"] = migrations_applied() if checks["database"] else None
    checks["static"] = static_files_ready()
    failed = [name for name, passed in checks.items() if passed is False]
    body = {name: _word(passed) for name, passed in checks.items()}
    if failed or checks["migrations"] is None:
        return JsonResponse({"status": "unavailable", **body}, status=503)
    return JsonResponse({"status": "ok", **body})


def _word(passed: bool | None) -> str:
    return {True: "ok", False: "failed", None: "not checked"}[passed]


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return False
    return True


def migrations_applied() -> bool:
    global _migrated
    if _migrated:
        return True
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        logger.exception("Health check: cannot read the applied migrations")
        return False
    if pending:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in pending)
        logger.error("Health check: migrations not applied: %s", names)
        return False
    _migrated = True
    return True


def static_files_ready() -> bool:
    """The stylesheet is collected (manifest storage), or findable (development)."""
    if isinstance(staticfiles_storage, ManifestFilesMixin):
        try:
            ready = staticfiles_storage.exists(staticfiles_storage.stored_name(STATIC_PROBE))
        except (ValueError, OSError):
            ready = False
    else:
        ready = finders.find(STATIC_PROBE) is not None
    if not ready:
        logger.error("Health check: static file %s is not there (collectstatic?)", STATIC_PROBE)
    return ready
