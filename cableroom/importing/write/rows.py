"""A planned cable's rows in the database: fitting them to the columns, writing the
children (paragraphs, addressees, tags, caveats, references) and refreshing a cable.

The one rule every write obeys lives here: a field in `Cable.curated_fields` is never
written by the parser again (`protected_fields`).
"""

from django.db import models
from django.utils import timezone

from cableroom.importing.plan import fit as plan_fit
from cableroom.importing.plan.cable_plan import CablePlan
from cableroom.importing.write.bulk import insert_rows
from cableroom.importing.write.row_cache import ReferenceRows
from cableroom.models import (
    Addressee,
    Cable,
    CableTag,
    CableVersion,
    Marking,
    Paragraph,
    Post,
    Reference,
    Tag,
)

CHILD_KINDS = ("paragraphs", "addressees", "tags", "caveats", "references")
# A curated field also protects what is derived from it.
DERIVED = {
    "date_time": ("year", "month"),
    "paragraphs": ("body",),
    "signer": ("signer_name",),
}
CaveatLink = Cable.caveats.through


def _limits(model) -> dict[str, int]:
    return {
        field.name: field.max_length
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField) and field.max_length
    }


# Handed to the parsing workers, so plans arrive ready to write.
COLUMN_LIMITS = plan_fit.ColumnLimits(
    cable=_limits(Cable),
    version=_limits(CableVersion),
    paragraph=_limits(Paragraph),
    addressee=_limits(Addressee),
    reference=_limits(Reference),
    post_name=Post._meta.get_field("name").max_length,
    tag_code=Tag._meta.get_field("code").max_length,
    marking_code=Marking._meta.get_field("code").max_length,
)


def protected_fields(curated) -> set[str]:
    """Field and child names the parser must leave alone for these curated fields."""
    protected = set(curated or ())
    for name in list(protected):
        protected.update(DERIVED.get(name, ()))
    return protected


def fit_plan(plan: CablePlan) -> str | None:
    """Fit a plan to this database's columns (see `plan_fit.fit_plan`); None if it fits."""
    return plan_fit.fit_plan(plan, COLUMN_LIMITS)


def cable_values(plan: CablePlan, rows: ReferenceRows) -> dict:
    """The Cable column values a plan gives, the origin resolved to a Post id."""
    values = dict(plan.fields)
    values["origin_id"] = rows.posts[plan.origin] if plan.origin else None
    return values


def insert_children(cables: list[tuple[int, CablePlan]], rows: ReferenceRows, kinds) -> None:
    """Insert the child rows of each (cable id, plan) for the given kinds."""
    kinds = set(kinds)
    if "paragraphs" in kinds:
        insert_rows(
            Paragraph,
            ("cable_id", "position", "number", "marking", "text"),
            (
                (cable_id, position, number, marking, text)
                for cable_id, plan in cables
                for position, (number, marking, text) in enumerate(plan.paragraphs)
            ),
        )
    if "addressees" in kinds:
        _insert_addressees(cables, rows)
    if "tags" in kinds:
        insert_rows(CableTag, ("cable_id", "tag_id", "position"), _tag_rows(cables, rows))
    if "caveats" in kinds:
        insert_rows(
            CaveatLink,
            ("cable_id", "marking_id"),
            (
                (cable_id, rows.markings[code])
                for cable_id, plan in cables
                for code in plan.caveats
            ),
        )
    if "references" in kinds:
        insert_rows(
            Reference,
            ("cable_id", "target_reference_id", "label", "notal", "text", "position"),
            (
                (cable_id, target, label, notal, text, position)
                for cable_id, plan in cables
                for position, (target, label, notal, text) in enumerate(plan.references)
            ),
        )


def _tag_rows(cables: list[tuple[int, CablePlan]], rows: ReferenceRows):
    """(cable id, tag id, position): a merged code becomes the tag it was merged into,
    once per cable even when the cable also names that tag (cable and tag are unique)."""
    for cable_id, plan in cables:
        seen = set()
        for code, _ in plan.tags:
            tag_id = rows.tags[code]
            if tag_id not in seen:
                seen.add(tag_id)
                yield cable_id, tag_id, len(seen) - 1


def _insert_addressees(cables: list[tuple[int, CablePlan]], rows: ReferenceRows) -> None:
    columns = ("cable_id", "post_id", "role", "name", "routing_indicator", "precedence")
    insert_rows(
        Addressee,
        (*columns, "serial", "position"),
        (
            (cable_id, rows.posts[a.post], a.role, a.name, a.routing_indicator, a.precedence)
            + (a.serial, position)
            for cable_id, plan in cables
            for position, a in enumerate(plan.addressees)
        ),
    )


def delete_children(cable_ids: list[int], kinds) -> None:
    """Remove the child rows of these cables for the given kinds (before re-inserting)."""
    models_by_kind = {
        "paragraphs": Paragraph,
        "addressees": Addressee,
        "tags": CableTag,
        "caveats": CaveatLink,
        "references": Reference,
    }
    for kind in kinds:
        models_by_kind[kind].objects.filter(cable_id__in=cable_ids).delete()


def refresh_cable(cable_id: int, plan: CablePlan, rows: ReferenceRows, curated, **extra) -> None:
    """Rewrite a stored cable from a plan, leaving curated fields and children alone.

    `extra` carries what the plan does not know (current_version_id, version_count).
    """
    protected = protected_fields(curated)
    values = {
        name: value for name, value in cable_values(plan, rows).items() if name not in protected
    }
    if "origin" in protected:
        values.pop("origin_id")
    Cable.objects.filter(pk=cable_id).update(updated_at=timezone.now(), **values, **extra)
    kinds = [kind for kind in CHILD_KINDS if kind not in protected]
    delete_children([cable_id], kinds)
    insert_children([(cable_id, plan)], rows, kinds)
