"""Failed logins, kept so that repeated failures lock an account or address out."""

from django.db import models
from django.utils import timezone


class LoginFailure(models.Model):
    """One failed login attempt: the username tried and where it came from."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} from {self.ip_address} at {self.at:%Y-%m-%d %H:%M}"
