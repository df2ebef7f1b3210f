"""Sign-in throttling, with django-axes: failures counted per client and username.

Two limits, both counted over the last `SIGN_IN_LOCKOUT_MINUTES`:
- `SIGN_IN_FAILURE_LIMIT` failures for one username from one client lock that pair.
  The same curator signing in from their own address is not affected, so nobody can
  keep a curator out by failing on purpose with their name from elsewhere.
- `SIGN_IN_CLIENT_LIMIT` failures from one client, whatever the usernames, lock the
  client: password spraying from one address stops there.
A client is its address, or its /64 for IPv6 (cableroom/web/clients.py). A locked
attempt is refused before the password is hashed and is not counted again, so the
lock ends a fixed time after the last real failure. A success clears the pair only.

Atomic on PostgreSQL: axes checks the count, Django checks the password, axes records
the failure; two requests at once would both pass the check. `one_at_a_time` holds an
advisory lock per client around the three, so concurrent attempts from one client
take turns and the count never passes a limit.
"""

import logging
import zlib
from contextlib import contextmanager

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse

from cableroom.web.clients import client_address

logger = logging.getLogger(__name__)
# First key of the two-number advisory lock: "sign in" in this database's lock space.
LOCK_NAMESPACE = 22


def lockout_minutes() -> int:
    return settings.SIGN_IN_LOCKOUT_MINUTES


class SignInHandler(AxesDatabaseHandler):
    """Axes' database handler with two limits: per (client, username), per client."""

    def get_failures(self, request, credentials=None) -> int:
        """Failures weighed against AXES_FAILURE_LIMIT (the pair's limit).

        The client's own count is shifted down by the difference of the two limits, so
        that reaching either limit reaches AXES_FAILURE_LIMIT.
        """
        pair, client = failure_counts(request, credentials)
        headroom = settings.SIGN_IN_CLIENT_LIMIT - settings.AXES_FAILURE_LIMIT
        return max(pair, client - headroom)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A success clears its own pair, not the client's failures with other names."""
        username = get_client_username(request, credentials)
        pair = AccessAttempt.objects.filter(ip_address=request.axes_ip_address, username=username)
        count, _ = pair.delete()
        return count


def failure_counts(request: HttpRequest, credentials=None) -> tuple[int, int]:
    """Recent failures of this (client, username) pair and of this client in all."""
    recent = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    )
    username = get_client_username(request, credentials)
    pair = recent.filter(username=username).aggregate(n=Sum("failures_since_start"))["n"]
    client = recent.aggregate(n=Sum("failures_since_start"))["n"]
    return pair or 0, client or 0


def client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the same client key as the rate limit's."""
    return client_address(request)


@contextmanager
def one_at_a_time(request: HttpRequest):
    """Let one sign-in attempt per client run at once (PostgreSQL; SQLite runs them as
    they come). A session lock, not a transaction: the failure axes records must stay
    recorded when the form then raises its error."""
    if connection.vendor != "postgresql":
        yield
        return
    key = zlib.crc32((client_address(request) or "").encode()) - 2**31
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, key])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, key])


def lockout_response(request: HttpRequest, response: HttpResponse, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the sign-in page as the view drew it (its form says why),
    answered 429 with the time to wait."""
    response.status_code = 429
    response["Retry-After"] = str(lockout_minutes() * 60)
    return response


def log_lockout(sender, request, username, ip_address, **kwargs) -> None:
    """One line when a lock begins (not for each attempt refused while it holds)."""
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    pair, client = failure_counts(request, {"username": username} if username else None)
    which = (
        f"{pair} failures for {username!r}"
        if pair >= settings.AXES_FAILURE_LIMIT
        else f"{client} failures for any username"
    )
    logger.warning(
        "Sign-in locked for %d minutes: %s from %s",
        lockout_minutes(),
        which,
        ip_address or "an unknown address",
    )


def connect_signals() -> None:
    user_locked_out.connect(log_lockout, dispatch_uid="cableroom.web.signin.lockout")
