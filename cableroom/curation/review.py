"""The review queue: parse warnings and source disagreements, and how curators settled them.

A warning is the importer's `{"field", "message", "line"}` on `Cable.warnings`. A curator
settles it by correcting the field (any edit of that field does) or by accepting the
parse; either way a `ReviewResolution` records who, when and how. Resolutions are keyed
by field and message, so a re-parse that raises the same warning finds it settled.
"""

from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from cableroom.curation.fields import EDITABLE_FIELDS
from cableroom.curation.history import user_or_none
from cableroom.models import (
    Cable,
    CableForReview,
    Change,
    ReviewOutcome,
    ReviewResolution,
)
from cableroom.models.changes import warning_key


@dataclass(frozen=True)
class ReviewWarning:
    """One warning on a cable, with its resolution if a curator settled it."""

    key: str
    field: str
    message: str
    line: int | None
    resolution: ReviewResolution | None

    @property
    def is_open(self) -> bool:
        return self.resolution is None

    @property
    def editable_field(self) -> str | None:
        """The admin form field that corrects this warning, if there is one."""
        for handler in EDITABLE_FIELDS.values():
            if self.field in (handler.name, handler.curated_as):
                return handler.name
        return None

    @property
    def form_anchor(self) -> str:
        """The element id on the admin cable form that corrects this warning."""
        name = self.editable_field or ""
        groups = {"addressees": "addressees-group", "paragraph_markings": "paragraphs-group"}
        return groups.get(name) or ("id_tag_list" if name == "tags" else f"id_{name}")


def review_warnings(cable: Cable) -> list[ReviewWarning]:
    """The cable's current warnings, open ones first, each with its resolution."""
    resolutions = {r.key: r for r in cable.review_resolutions.select_related("user")}
    found = []
    for warning in cable.warnings or []:
        field, message = warning.get("field", ""), warning.get("message", "")
        key = warning_key(field, message)
        resolution = resolutions.get(key)
        found.append(ReviewWarning(key, field, message, warning.get("line"), resolution))
    return sorted(found, key=lambda w: (not w.is_open, w.line or 0))


def review_queue():
    """Cables with unsettled warnings, worst first: most open warnings, then most warnings.

    The open count is the warning count less the current resolutions, taken in SQL
    so the queue pages and sorts on the database.
    """
    settled = (
        ReviewResolution.objects.filter(cable=OuterRef("pk"), current=True)
        .order_by()
        .values("cable")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        CableForReview.objects.filter(warning_count__gt=0)
        .annotate(settled=Coalesce(Subquery(settled, output_field=IntegerField()), Value(0)))
        .annotate(open_count=F("warning_count") - F("settled"))
        .filter(open_count__gt=0)
        .select_related("origin")
        .order_by("-open_count", "-warning_count", "reference_id")
    )


def resolve_warning(
    *, cable: Cable, key: str, outcome: str, user, change: Change | None = None
) -> ReviewResolution:
    """Record that a curator settled one warning (by its key) on a cable."""
    warning = next(w for w in review_warnings(cable) if w.key == key)
    resolution, _ = ReviewResolution.objects.update_or_create(
        cable=cable,
        key=key,
        defaults={
            "field": warning.field,
            "message": warning.message,
            "outcome": outcome,
            "user": user_or_none(user),
            "at": timezone.now(),
            "change": change,
            "current": True,
        },
    )
    if warning.field == "reference_id" and cable.reference_id_inferred:
        # Readers are told whether a guessed id was checked; the resolution table is
        # not one the browse generation watches, so touching the cable row makes
        # stored copies of its page stale.
        Cable.objects.filter(pk=cable.pk).update(updated_at=timezone.now())
    return resolution


def accept_parse(*, cable: Cable, key: str, user) -> ReviewResolution:
    """Settle a warning by accepting what the parser (or the source) gave."""
    return resolve_warning(cable=cable, key=key, outcome=ReviewOutcome.ACCEPTED, user=user)


def resolve_corrected(*, cable: Cable, changes: list[Change], user) -> list[ReviewResolution]:
    """Settle the open warnings on every field these edits corrected."""
    by_field = {}
    for change in changes:
        handler = EDITABLE_FIELDS.get(change.field)
        if handler:
            by_field[handler.name] = change
            by_field[handler.curated_as] = change
    return [
        resolve_warning(
            cable=cable,
            key=warning.key,
            outcome=ReviewOutcome.CORRECTED,
            user=user,
            change=by_field[warning.field],
        )
        for warning in review_warnings(cable)
        if warning.is_open and warning.field in by_field
    ]


def refresh_resolutions(cable: Cable) -> None:
    """After a re-parse: resolutions count only while their warning is still raised."""
    keys = {warning_key(w.get("field", ""), w.get("message", "")) for w in cable.warnings or []}
    resolutions = ReviewResolution.objects.filter(cable=cable)
    resolutions.filter(key__in=keys).exclude(current=True).update(current=True)
    resolutions.filter(~Q(key__in=keys), current=True).update(current=False)
