"""What curators do to the archive: recorded changes, notes and review resolutions.

Everything here is written by `cableroom.curation.edits`, never by the importer,
so a re-import can neither erase a curator's history nor their notes.
"""

import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from cableroom.models.cable import Cable
from cableroom.models.entities import Post


class ChangeAction(models.TextChoices):
    EDIT = "edit", "Edited"
    REPARSE = "reparse", "Re-parsed"
    WITHDRAW = "withdraw", "Withdrawn"
    RESTORE = "restore", "Restored"
    MERGE = "merge", "Merged tags"
    SPLIT = "split", "Split tag"
    REVERT = "revert", "Reverted"


class ChangeQuerySet(models.QuerySet):
    def for_history(self):
        """Newest first, with the people and the reverts the history page names."""
        return self.select_related("user", "revert_of", "content_type").order_by("-at", "-id")


class Change(models.Model):
    """One change to one field of one object: who, when, before and after.

    `before` and `after` are plain JSON values, so any change can be shown and
    written back (reverted) without knowing how the object looked at the time.
    Changes to a cable, its paragraphs or addressees carry `cable`, which the
    cable's history page lists; tag and post changes carry only their target.
    """

    cable = models.ForeignKey(
        Cable, null=True, blank=True, on_delete=models.CASCADE, related_name="changes"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    field = models.CharField(max_length=80)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    action = models.CharField(max_length=20, choices=ChangeAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cable_changes",
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    comment = models.CharField(max_length=300, blank=True)
    details = models.JSONField(
        default=dict, blank=True, help_text="What a merge or split needs to be undone."
    )
    batch = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="parts",
        help_text="The merge or split this per-cable change belongs to.",
    )
    revertable = models.BooleanField(default=True)
    revert_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reverted_by"
    )

    objects = ChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["cable", "at"], name="change_cable_at"),
            models.Index(fields=["content_type", "object_id"], name="change_target"),
        ]

    def __str__(self) -> str:
        return f"{self.object_repr}: {self.field} ({self.get_action_display()})"

    @property
    def is_reverted(self) -> bool:
        return self.reverted_by.exists()

    @property
    def target(self):
        return self.content_type.get_object_for_this_type(pk=self.object_id)


class NoteQuerySet(models.QuerySet):
    def public(self):
        """Notes readers see, in paragraph order, with their authors for the attribution."""
        return (
            self.filter(is_public=True)
            .select_related("author")
            .order_by(models.F("paragraph_position").asc(nulls_first=True), "created_at", "id")
        )

    def private(self):
        return self.filter(is_public=False)


class Note(models.Model):
    """A curator's note on a cable or one of its paragraphs.

    Public notes are shown to readers, attributed to their author; private notes
    are for other curators. A paragraph is named by its position, not a foreign
    key, so the note survives a re-parse that rebuilds the paragraphs.
    """

    cable = models.ForeignKey(Cable, on_delete=models.CASCADE, related_name="notes")
    paragraph_position = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty for a note on the whole cable."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cable_notes",
    )
    text = models.TextField()
    is_public = models.BooleanField(
        default=False, help_text="Public notes are shown to readers with your name."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["cable", "paragraph_position", "created_at"]

    def __str__(self) -> str:
        where = f" ¶{self.paragraph_position + 1}" if self.paragraph_position is not None else ""
        return f"Note on {self.cable}{where}"

    @property
    def attribution(self) -> str:
        """The name readers see under a public note."""
        if self.author is None:
            return "a former curator"
        return self.author.get_full_name() or self.author.get_username()


class ReviewOutcome(models.TextChoices):
    CORRECTED = "corrected", "Corrected the field"
    ACCEPTED = "accepted", "Accepted the parse"


def warning_key(field: str, message: str) -> str:
    """A short, stable key for one warning, so a re-parse finds its resolution again."""
    return hashlib.sha1(f"{field}\n{message}".encode()).hexdigest()


class ReviewResolution(models.Model):
    """How a curator settled one parse warning or source disagreement on a cable."""

    cable = models.ForeignKey(Cable, on_delete=models.CASCADE, related_name="review_resolutions")
    key = models.CharField(max_length=40, help_text="warning_key(field, message)")
    field = models.CharField(max_length=80, blank=True)
    message = models.TextField()
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(default=timezone.now)
    change = models.ForeignKey(
        Change, null=True, blank=True, on_delete=models.SET_NULL, related_name="resolutions"
    )
    current = models.BooleanField(
        default=True, help_text="False once a re-parse no longer raises the warning."
    )

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(fields=["cable", "key"], name="resolution_once_per_warning")
        ]

    def __str__(self) -> str:
        return f"{self.cable}: {self.field} {self.get_outcome_display()}"


class CableForReview(Cable):
    """The review queue: cables with open warnings, worst first (see the admin)."""

    class Meta:
        proxy = True
        verbose_name = "cable to review"
        verbose_name_plural = "review queue"


class PostName(models.Model):
    """A name an office used, and the years it used it ("AMEMBASSY ALMATY", 1992-1997)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    first_year = models.PositiveSmallIntegerField(null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["post", "first_year", "name"]

    def __str__(self) -> str:
        years = f"{self.first_year or '?'}-{self.last_year or ''}"
        return f"{self.name} ({years})"
