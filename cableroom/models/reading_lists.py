"""Readers' lists of cables and paragraphs, kept without an account.

A list is found by its tokens alone: whoever holds the edit token may change it, whoever
holds the share token may read it. Nothing ties a list to a person; `creator_digest`
only lets the daily cap count lists per client, and changes every day.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from cableroom.models.cable import Cable

TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)


class ReadingList(models.Model):
    """An ordered list of cables and paragraphs with the reader's notes."""

    edit_token = models.CharField(max_length=TOKEN_LENGTH, unique=True)
    share_token = models.CharField(max_length=TOKEN_LENGTH, unique=True)
    title = models.CharField(max_length=200, blank=True)
    creator_digest = models.CharField(
        max_length=64,
        help_text="A keyed hash of the creating client and the day: counts lists per "
        "client per day, and cannot be traced back to an address.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["creator_digest", "created_at"], name="readinglist_creator_day")
        ]

    def __str__(self) -> str:
        return self.title or f"Reading list {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("reading-list", args=[self.edit_token])

    def get_shared_url(self) -> str:
        return reverse("reading-list-shared", args=[self.share_token])


class ReadingListItem(models.Model):
    """A whole cable (`paragraph_position` None) or one of its paragraphs, with a note.

    The paragraph is named by its position in the cable, as curators' notes are, so
    the anchor shown follows the cable's current paragraphs.
    """

    reading_list = models.ForeignKey(ReadingList, on_delete=models.CASCADE, related_name="items")
    cable = models.ForeignKey(Cable, on_delete=models.CASCADE, related_name="+")
    paragraph_position = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reading_list", "position", "id"]
        constraints = [
            # NULLs are distinct in a unique index, so the whole cable needs its own.
            models.UniqueConstraint(
                fields=["reading_list", "cable"],
                condition=Q(paragraph_position__isnull=True),
                name="readinglist_cable_once",
            ),
            models.UniqueConstraint(
                fields=["reading_list", "cable", "paragraph_position"],
                name="readinglist_paragraph_once",
            ),
        ]

    def __str__(self) -> str:
        where = f" ¶ at {self.paragraph_position}" if self.paragraph_position is not None else ""
        return f"{self.cable_id}{where}"
