"""Bookkeeping for import runs."""

from django.db import models


class ImportRun(models.Model):
    """One run of `import_cables`: what it read and what it did."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Finished with failures"

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    paths = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    counts = models.JSONField(default=dict, help_text="read, imported, unchanged, ...")

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.status})"
