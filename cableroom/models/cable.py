"""The cable and what belongs to it: versions, paragraphs, addressees, tags, references."""

from django.db import models
from django.urls import reverse

from cableroom.models.entities import Marking, Post, Tag
from cableroom.models.import_runs import ImportRun


class CableQuerySet(models.QuerySet):
    def public(self):
        """Cables a reader may see: everything a curator has not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def for_reading(self):
        """Everything the cable page shows, in a fixed number of queries.

        The prefetches order by position only: their Meta ordering starts with the
        `cable` foreign key, which Django expands into a join on the cable table to
        sort by the cable's own ordering, for rows that all share one cable.
        """
        return self.select_related("origin", "current_version").prefetch_related(
            models.Prefetch("paragraphs", Paragraph.objects.order_by("position")),
            "caveats",
            models.Prefetch(
                "cable_tags", CableTag.objects.select_related("tag").order_by("position")
            ),
            models.Prefetch(
                "addressees", Addressee.objects.select_related("post").order_by("position")
            ),
            models.Prefetch("references", Reference.objects.order_by("position")),
        )

    def with_dates(self):
        """Each cable's first release date of any copy (`first_released`) and the time of
        its last curator's change (`last_change_at`), None when there is none: what the
        exports say beyond the cable's own fields."""
        from cableroom.models.changes import Change  # which imports this module

        released = CableVersion.objects.filter(
            cable=models.OuterRef("pk"), released__isnull=False
        ).order_by("released")
        changes = Change.objects.filter(cable=models.OuterRef("pk")).order_by("-at")
        return self.annotate(
            first_released=models.Subquery(released.values("released")[:1]),
            last_change_at=models.Subquery(changes.values("at")[:1]),
        )


class Cable(models.Model):
    """One diplomatic cable, with the fields parsed from its newest version.

    The raw text lives on `CableVersion`, byte for byte; everything here can be
    derived again from it, except the fields a curator fixed (`curated_fields`),
    which imports and re-parses leave alone.
    """

    reference_id = models.CharField(max_length=60, unique=True)
    # date_time, year and origin are found through the composite indexes of Meta, which
    # start with them; an index of their own would only cost every insert.
    date_time = models.DateTimeField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    date_time_group = models.CharField(max_length=40, blank=True)
    precedence = models.CharField(max_length=30, blank=True)
    transmission_id = models.CharField(max_length=40, blank=True)
    sender_routing_indicator = models.CharField(max_length=20, blank=True)
    origin = models.ForeignKey(
        Post,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="originated_cables",
        db_index=False,
    )
    from_line = models.CharField(max_length=200, blank=True)

    classification = models.CharField(max_length=80, blank=True, db_index=True)
    caveats = models.ManyToManyField(Marking, blank=True, related_name="cables")
    sections = models.PositiveSmallIntegerField(null=True, blank=True)
    eo_line = models.CharField(max_length=200, blank=True)
    declassify_on = models.CharField(max_length=60, blank=True)
    classified_by = models.CharField(max_length=300, blank=True)
    classification_reasons = models.CharField(max_length=200, blank=True)
    # The three fields above read for the facets (parsing/declassification.py and
    # parsing/authority.py): a DECL date or marker, and the official's name and title.
    declassify_date = models.DateField(null=True, blank=True)
    declassify_marker = models.CharField(max_length=10, blank=True, db_default="")
    classified_by_name = models.CharField(max_length=120, blank=True, db_default="")
    classified_by_title = models.CharField(max_length=120, blank=True, db_default="")

    subject = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(
        blank=True, help_text="The paragraphs' clean text, joined: what full-text search reads."
    )
    signer = models.CharField(max_length=120, blank=True)
    # The signer written one way whatever its case ("ORDWAY", "Ordway"): the facet's value.
    signer_name = models.CharField(max_length=120, blank=True, db_default="")
    tags = models.ManyToManyField(Tag, through="CableTag", blank=True, related_name="cables")

    warnings = models.JSONField(default=list, blank=True)
    warning_count = models.PositiveIntegerField(default=0, db_index=True)
    # The database default too: rows written by raw SQL (bench/) need not name it.
    reference_id_inferred = models.BooleanField(
        default=False,
        db_default=False,
        help_text="The id's year was guessed from the declassification date: no source "
        "gave the id and the text has no date-time group.",
    )
    source_metadata = models.JSONField(
        default=dict,
        blank=True,
        help_text="What the source itself claims (dump columns, page table).",
    )
    current_version = models.ForeignKey(
        "CableVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version_count = models.PositiveSmallIntegerField(default=1)
    is_synthetic = models.BooleanField(default=False, db_index=True)
    curated_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Fields a curator fixed; the parser never overwrites them.",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, db_index=True)
    withdrawal_reason = models.TextField(blank=True)
    parser_version = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CableQuerySet.as_manager()

    class Meta:
        ordering = ["-date_time", "reference_id"]
        indexes = [
            models.Index(fields=["date_time", "id"], name="cable_date_id"),
            models.Index(fields=["origin", "date_time"], name="cable_origin_date"),
            models.Index(fields=["year", "month"], name="cable_year_month"),
        ]

    def __str__(self) -> str:
        return self.reference_id

    def save(self, *args, **kwargs):
        self.year, self.month = date_parts(self.date_time)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("cable-detail", args=[self.reference_id])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def raw_text(self) -> str:
        return self.current_version.raw_text if self.current_version else ""


def date_parts(date_time) -> tuple[int | None, int | None]:
    """Year and month kept beside the date so the date facets need no date functions."""
    if date_time is None:
        return None, None
    return date_time.year, date_time.month


class CableVersion(models.Model):
    """One published copy of a cable, its raw text kept byte for byte."""

    # Indexed by version_unique_text, which starts with the cable.
    cable = models.ForeignKey(
        Cable, on_delete=models.CASCADE, related_name="versions", db_index=False
    )
    raw_text = models.TextField()
    raw_sha256 = models.CharField(
        max_length=64, help_text="SHA-256 of the bytes as read, before decoding."
    )
    encoding = models.CharField(max_length=20, default="utf-8")
    source_format = models.CharField(max_length=20)
    source_path = models.CharField(max_length=500)
    source_row = models.PositiveIntegerField(null=True, blank=True)
    source_id = models.CharField(max_length=80, blank=True)
    source_metadata = models.JSONField(default=dict, blank=True)
    released = models.DateTimeField(null=True, blank=True)
    import_run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="versions"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cable", "imported_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cable", "raw_sha256"], name="version_unique_text"),
        ]
        # The browse index reads each cable's first release day from this alone
        # (cableroom/browse/loader.py); without it, from the whole table of raw texts.
        indexes = [
            models.Index(
                fields=["cable", "released"],
                name="version_first_released",
                condition=models.Q(released__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.cable_id} from {self.source_format} {self.source_path}"


class Paragraph(models.Model):
    """A paragraph as the cable numbered it, with its own marking."""

    # Indexed by paragraph_position, which starts with the cable.
    cable = models.ForeignKey(
        Cable, on_delete=models.CASCADE, related_name="paragraphs", db_index=False
    )
    position = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    marking = models.CharField(max_length=30, blank=True)
    text = models.TextField()

    class Meta:
        ordering = ["cable", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cable", "position"], name="paragraph_position"),
        ]

    def __str__(self) -> str:
        return f"{self.cable_id} ¶{self.number or '-'}"


class AddresseeRole(models.TextChoices):
    TO = "TO", "To"
    INFO = "INFO", "Info"


class Addressee(models.Model):
    """An office a cable was sent TO or for INFO."""

    cable = models.ForeignKey(Cable, on_delete=models.CASCADE, related_name="addressees")
    # Indexed by addressee_post_role, which starts with the post.
    post = models.ForeignKey(
        Post, on_delete=models.PROTECT, related_name="addressed_cables", db_index=False
    )
    role = models.CharField(max_length=4, choices=AddresseeRole.choices)
    name = models.CharField(max_length=200, help_text="As written in the header.")
    routing_indicator = models.CharField(max_length=20, blank=True)
    precedence = models.CharField(max_length=30, blank=True)
    serial = models.CharField(max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["cable", "position"]
        indexes = [models.Index(fields=["post", "role", "cable"], name="addressee_post_role")]

    def __str__(self) -> str:
        return f"{self.role} {self.name}"


class CableTag(models.Model):
    """A tag on a cable, in the order the TAGS line gives it."""

    # Indexed by cable_tag_once and cabletag_tag_cable, which start with each of them.
    cable = models.ForeignKey(
        Cable, on_delete=models.CASCADE, related_name="cable_tags", db_index=False
    )
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="cable_tags", db_index=False
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["cable", "position"]
        constraints = [models.UniqueConstraint(fields=["cable", "tag"], name="cable_tag_once")]
        indexes = [models.Index(fields=["tag", "cable"], name="cabletag_tag_cable")]

    def __str__(self) -> str:
        return f"{self.cable_id} {self.tag_id}"


class Reference(models.Model):
    """A REF to another cable, which may or may not be in the archive.

    The target is kept as a reference id, not a foreign key, so a cable
    imported later is found by the cables that cited it without a rewrite.
    """

    cable = models.ForeignKey(Cable, on_delete=models.CASCADE, related_name="references")
    target_reference_id = models.CharField(max_length=60, db_index=True)
    label = models.CharField(max_length=10, blank=True)
    notal = models.BooleanField(default=False)
    text = models.CharField(max_length=300, blank=True, help_text="As written on the REF line.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["cable", "position"]

    def __str__(self) -> str:
        return f"{self.cable_id} -> {self.target_reference_id}"
