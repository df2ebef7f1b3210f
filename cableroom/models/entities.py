"""Reference entities shared by many cables: posts, tags and markings."""

from django.db import models


class Post(models.Model):
    """A diplomatic office that sends or receives cables.

    Origin posts carry the name the published dump uses ("Embassy Astana");
    addressees that no origin name matches keep the name as written in the
    header ("CIS COLLECTIVE").
    """

    name = models.CharField(max_length=200, unique=True)
    post_type = models.CharField(max_length=40, blank=True)
    city = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=120, blank=True)
    station_codes = models.CharField(
        max_length=200, blank=True, help_text="Space-separated station codes used in ids."
    )
    routing_indicators = models.CharField(
        max_length=200, blank=True, help_text="Space-separated routing indicators (RUEH...)."
    )
    from_lines = models.TextField(
        blank=True, help_text="FM lines seen for this post, one per line."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TagKind(models.TextChoices):
    GEOGRAPHIC = "geographic", "Geographic"
    SUBJECT = "subject", "Subject"
    PROGRAM = "program", "Program"
    ORGANISATION = "organisation", "Organisation"
    PERSON = "person", "Person"
    OTHER = "other", "Other"


class TagQuerySet(models.QuerySet):
    def resolve(self, code: str):
        """The tag a code stands for now: merged codes lead to the tag they were merged into.

        Returns None for an unknown code. Browse URLs and facets call this so an old
        code keeps working after a curator's merge.
        """
        tag = self.filter(code=code).first()
        seen = set()
        while tag is not None and tag.merged_into_id and tag.pk not in seen:
            seen.add(tag.pk)  # a guard: merges never make cycles, but a hand edit might
            tag = self.get(pk=tag.merged_into_id)
        return tag


class Tag(models.Model):
    """A TAGS code (Traffic Analysis by Geography and Subject)."""

    code = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=TagKind.choices, default=TagKind.OTHER)
    description = models.CharField(max_length=300, blank=True)
    description_source = models.CharField(max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_codes",
        help_text="Set when a curator merged this code into another; the old code redirects.",
    )

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class MarkingKind(models.TextChoices):
    CLASSIFICATION = "classification", "Classification level"
    CAVEAT = "caveat", "Handling caveat"


class Marking(models.Model):
    """A classification level (SECRET) or a handling caveat (NOFORN, SIPDIS)."""

    code = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=MarkingKind.choices)
    name = models.CharField(max_length=120, blank=True)
    description = models.TextField(blank=True)
    rank = models.PositiveSmallIntegerField(
        default=0, help_text="Order of classification levels, lowest first."
    )

    class Meta:
        ordering = ["kind", "rank", "code"]

    def __str__(self) -> str:
        return self.code
