"""The citation graph between cables: what a cable's REFs point to, who cites it, what is missing.

A `Reference` keeps its target as a reference id, not a foreign key, so every question
here is a join on `reference_id`: a cable imported later is found at once by the
cables that cited it, and a target with no cable is a known-but-missing cable.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef

from cableroom.models import Cable, Reference

CITED_BY_LIMIT = 50


@dataclass(frozen=True)
class ResolvedReference:
    """A REF line entry with what the archive knows of its target."""

    reference: Reference
    target: Cable | None  # None: known from this REF only, not in the archive

    @property
    def in_archive(self) -> bool:
        return self.target is not None

    @property
    def withdrawn(self) -> bool:
        return self.target is not None and self.target.is_withdrawn


@dataclass(frozen=True)
class CitedBy:
    """The first cables citing one reference id, oldest first, and whether there are more."""

    cables: list[Cable]
    truncated: bool


@dataclass(frozen=True)
class MissingCable:
    """A reference id that public cables cite but the archive does not hold."""

    reference_id: str
    citations: int


def cited_by(reference_id: str, limit: int = CITED_BY_LIMIT) -> CitedBy:
    """Public cables whose REFs name this id, oldest first; one extra row tells truncation."""
    citing = Reference.objects.filter(target_reference_id=reference_id).values("cable_id")
    cables = list(
        Cable.objects.public()
        .filter(id__in=citing)
        .select_related("origin")
        .only("reference_id", "subject", "date_time", "origin__name")
        .order_by("date_time", "reference_id")[: limit + 1]
    )
    return CitedBy(cables[:limit], truncated=len(cables) > limit)


def most_cited_missing(limit: int, offset: int = 0) -> list[MissingCable]:
    """Reference ids cited by public cables with no cable in the archive, most cited first.

    An anti-join (NOT EXISTS) on the indexed `reference_id`, counted per citing cable so a
    cable naming one target twice counts once.
    """
    held = Cable.objects.filter(reference_id=OuterRef("target_reference_id"))
    rows = (
        Reference.objects.filter(cable__withdrawn_at__isnull=True)
        .exclude(target_reference_id="")
        .filter(~Exists(held))
        .values("target_reference_id")
        .annotate(citations=Count("cable_id", distinct=True))
        .order_by("-citations", "target_reference_id")[offset : offset + limit]
    )
    return [MissingCable(row["target_reference_id"], row["citations"]) for row in rows]
