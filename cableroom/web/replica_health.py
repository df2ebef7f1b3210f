"""Whether each read replica answers and is close enough behind the primary to read.

Cheap: each process asks at most every CHECK_SECONDS (an unreachable replica every
DOWN_SECONDS, as a connection attempt may take seconds), and between checks answers from
memory. One check is one query to the primary (its WAL position) and one to each replica.

Fresh means the replica has replayed the primary's WAL up to the position the primary
had a moment before, or its last replayed commit is at most DATABASE_REPLICA_MAX_LAG
seconds old. The position alone would call a replica stale for any write in flight; the
commit time alone would call a replica of an idle primary stale, since nothing new
commits. Together: an idle archive's replica is fresh, a busy one's is as long as it
keeps replaying, and one whose replay stopped (paused, or cut off from the primary while
it takes writes) is stale once its last commit is older than the limit.

Whatever a reader is shown from a fresh replica is at most MAX_LAG + CHECK_SECONDS old,
which is how long a writer reads the primary after a write (see read_routing).

A replica going stale or unreachable, and coming back, is one log line per process.
"""

import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

CHECK_SECONDS = 2.0
DOWN_SECONDS = 10.0
# pg_last_wal_replay_lsn() is NULL on a server that is not a standby.
_REPLICA_SQL = (
    "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() >= %s::pg_lsn, "
    "extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8"
)
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Health:
    fresh: bool
    why: str
    checked_at: float
    unreachable: bool = False

    def expired(self, now: float) -> bool:
        return now - self.checked_at >= (DOWN_SECONDS if self.unreachable else CHECK_SECONDS)


_lock = threading.Lock()
_known: dict[str, Health] = {}


def fresh_replicas(aliases: list[str]) -> list[str]:
    """The replicas among `aliases` that may be read now, checking those not checked lately."""
    now = time.monotonic()
    if any(_due(alias, now) for alias in aliases):
        with _lock:
            # Another thread may have checked while this one waited.
            due = [alias for alias in aliases if _due(alias, now)]
            if due:
                position = primary_position()
                for alias in due:
                    _record(alias, measure(alias, position))
    return [alias for alias in aliases if getattr(_known.get(alias), "fresh", False)]


def _due(alias: str, now: float) -> bool:
    health = _known.get(alias)
    return health is None or health.expired(now)


def primary_position() -> str | None:
    """The primary's current WAL position; None when it is not PostgreSQL or not answering."""
    primary = connections[DEFAULT_DB_ALIAS]
    if primary.vendor != "postgresql":
        return None
    try:
        with primary.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            return cursor.fetchone()[0]
    except DatabaseError:
        return None


def measure(alias: str, primary_lsn: str | None) -> Health:
    """Ask one replica how far behind it is."""
    now = time.monotonic()
    replica = connections[alias]
    try:
        if replica.vendor != "postgresql":
            replica.ensure_connection()
            return Health(True, "", now)
        with replica.cursor() as cursor:
            cursor.execute(_REPLICA_SQL, [primary_lsn])
            in_recovery, caught_up, seconds = cursor.fetchone()
    except DatabaseError as error:
        return unreachable(error, now)
    limit = settings.DATABASE_REPLICA_MAX_LAG
    if not in_recovery or caught_up or (seconds is not None and seconds <= limit):
        return Health(True, "", now)
    behind = "an unknown time" if seconds is None else f"{seconds:.1f} s"
    return Health(False, f"is {behind} behind the primary (limit {limit:g} s)", now)


def unreachable(error: Exception, now: float | None = None) -> Health:
    first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    checked_at = time.monotonic() if now is None else now
    return Health(False, f"is unreachable ({first_line[:160]})", checked_at, unreachable=True)


def mark_unreachable(alias: str, error: Exception) -> None:
    """A query on the replica failed mid-request: skip it until the next check."""
    with _lock:
        _record(alias, unreachable(error))


def _record(alias: str, health: Health) -> None:
    before = _known.get(alias)
    _known[alias] = health
    if not health.fresh and (before is None or before.fresh):
        logger.warning("Replica %s %s; reading the primary instead", alias, health.why)
    elif health.fresh and before is not None and not before.fresh:
        logger.warning("Replica %s is fresh again; reading from it", alias)


def forget() -> None:
    """Drop what this process knows, so the next request checks every replica."""
    with _lock:
        _known.clear()
