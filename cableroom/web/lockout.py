"""Lock an account after repeated failed logins, so passwords cannot be guessed online.

After `LOGIN_FAILURE_LIMIT` failures for one username within `LOGIN_LOCKOUT_MINUTES`,
every login for that username is refused, right password or not, until the window
has passed with no new failure. A successful login clears the count. Failures are
kept in the database, so all server processes share them and a restart keeps them.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cableroom.models import LoginFailure


def failure_limit() -> int:
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 5)


def lockout_window() -> timedelta:
    return timedelta(minutes=getattr(settings, "LOGIN_LOCKOUT_MINUTES", 15))


def is_locked_out(username: str) -> bool:
    """True while the username has had too many recent failures."""
    since = timezone.now() - lockout_window()
    recent = LoginFailure.objects.filter(username=username, at__gte=since)
    return recent.count() >= failure_limit()


class LockoutBackend(ModelBackend):
    """Django's own backend, refusing locked-out usernames before checking the password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and is_locked_out(username):
            # PermissionDenied stops every backend and counts as one more failure.
            raise PermissionDenied("too many failed logins")
        return super().authenticate(request, username=username, password=password, **kwargs)


def record_failure(sender, credentials, request=None, **kwargs) -> None:
    username = credentials.get("username")
    if username:
        address = request.META.get("REMOTE_ADDR") if request is not None else None
        LoginFailure.objects.create(username=username[:150], ip_address=address or None)
        # Failures older than the window no longer count: keep the table small.
        LoginFailure.objects.filter(at__lt=timezone.now() - lockout_window()).delete()


def clear_failures(sender, request, user, **kwargs) -> None:
    LoginFailure.objects.filter(username=user.get_username()).delete()


def connect_signals() -> None:
    user_login_failed.connect(record_failure, dispatch_uid="cableroom.web.lockout.failure")
    user_logged_in.connect(clear_failures, dispatch_uid="cableroom.web.lockout.success")
