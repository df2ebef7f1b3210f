"""Bookkeeping for import runs."""

import os
import socket

from django.db import models


def current_host() -> str:
    return socket.gethostname()


class ImportRun(models.Model):
    """One run of `import_cables`: what it read and what it did.

    `host` and `pid` name the process that made the row, so that a later run can tell
    a run still going from one that was killed (cableroom/importing/interrupted.py).
    """

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Finished with failures"
        INTERRUPTED = "interrupted", "Interrupted (the process stopped before the end)"

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    paths = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    counts = models.JSONField(default=dict, help_text="read, imported, unchanged, ...")
    host = models.CharField(max_length=255, blank=True, default=current_host)
    pid = models.PositiveIntegerField(null=True, blank=True, default=os.getpid)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.status})"
