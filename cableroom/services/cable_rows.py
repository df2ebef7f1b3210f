"""A planned cable's rows in the database: fitting them to the columns, writing the
children (paragraphs, addressees, tags, caveats, references) and refreshing a cable.

The one rule every write obeys lives here: a field in `Cable.curated_fields` is never
written by the parser again (`protected_fields`).
"""

from django.db import models
from django.utils import timezone

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

from .bulk_rows import insert_rows
from .cable_plan import CablePlan
from .row_cache import ReferenceRows

CHILD_KINDS = ("paragraphs", "addressees", "tags", "caveats", "references")
# A curated field also protects what is derived from it.
DERIVED = {"date_time": ("year", "month"), "paragraphs": ("body",)}
SMALLINT_MAX = 32767
CaveatLink = Cable.caveats.through


def _limits(model) -> dict[str, int]:
    return {
        field.name: field.max_length
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField) and field.max_length
    }


CABLE_LIMITS = _limits(Cable)
VERSION_LIMITS = _limits(CableVersion)
PARAGRAPH_LIMITS = _limits(Paragraph)
ADDRESSEE_LIMITS = _limits(Addressee)
REFERENCE_LIMITS = _limits(Reference)
POST_NAME = Post._meta.get_field("name").max_length
TAG_CODE = Tag._meta.get_field("code").max_length
MARKING_CODE = Marking._meta.get_field("code").max_length


def protected_fields(curated) -> set[str]:
    """Field and child names the parser must leave alone for these curated fields."""
    protected = set(curated or ())
    for name in list(protected):
        protected.update(DERIVED.get(name, ()))
    return protected


class _Fitter:
    """Clips values to their columns, noting each clip as a warning on the plan."""

    def __init__(self, plan: CablePlan):
        self.plan = plan

    def text(self, value: str, limit: int, what: str) -> str:
        if value is None or len(value) <= limit:
            return value
        self.plan.warnings.append(
            {
                "field": what,
                "message": f"{what} is {len(value)} characters; cut to the {limit} stored",
                "line": None,
            }
        )
        return value[:limit]

    def small(self, value: int | None, what: str) -> int | None:
        if value is None or 0 <= value <= SMALLINT_MAX:
            return value
        message = f"{what} {value} is out of range; not stored"
        self.plan.warnings.append({"field": what, "message": message, "line": None})
        return None


def fit_plan(plan: CablePlan) -> str | None:
    """Make every value fit its column (warning on each cut); the reason if it cannot."""
    if len(plan.reference_id) > CABLE_LIMITS["reference_id"]:
        return f"reference id {plan.reference_id[:80]!r}... is longer than any real id"
    fit = _Fitter(plan)
    for name, limit in CABLE_LIMITS.items():
        if isinstance(plan.fields.get(name), str):
            plan.fields[name] = fit.text(plan.fields[name], limit, name)
    plan.fields["sections"] = fit.small(plan.fields.get("sections"), "sections")
    plan.origin = fit.text(plan.origin, POST_NAME, "origin")
    plan.paragraphs = [
        (
            fit.small(number, "paragraph number"),
            fit.text(marking, PARAGRAPH_LIMITS["marking"], "marking"),
            text,
        )
        for number, marking, text in plan.paragraphs
    ]
    _fit_addressees(plan, fit)
    plan.tags = list(
        dict((fit.text(code, TAG_CODE, "tag"), kind) for code, kind in plan.tags).items()
    )
    plan.caveats = list(
        dict.fromkeys(fit.text(code, MARKING_CODE, "caveat") for code in plan.caveats)
    )
    _fit_references(plan, fit)
    for name in ("source_path", "source_id", "encoding", "source_format") if plan.version else ():
        value = getattr(plan.version, name)
        setattr(plan.version, name, fit.text(value, VERSION_LIMITS[name], name))
    plan.fields["warnings"] = plan.warnings
    plan.fields["warning_count"] = len(plan.warnings)
    return None


def _fit_addressees(plan: CablePlan, fit: _Fitter) -> None:
    for addressee in plan.addressees:
        for name in ("name", "routing_indicator", "precedence", "serial"):
            limit = ADDRESSEE_LIMITS[name]
            setattr(
                addressee, name, fit.text(getattr(addressee, name), limit, f"addressee {name}")
            )
        addressee.post = fit.text(addressee.post, POST_NAME, "addressee post")


def _fit_references(plan: CablePlan, fit: _Fitter) -> None:
    kept = []
    for target, label, notal, text in plan.references:
        if len(target) > REFERENCE_LIMITS["target_reference_id"]:
            fit.text(target, REFERENCE_LIMITS["target_reference_id"], "reference")
            continue  # a cut id would point at the wrong cable
        label = fit.text(label, REFERENCE_LIMITS["label"], "reference label")
        kept.append((target, label, notal, fit.text(text, REFERENCE_LIMITS["text"], "ref text")))
    plan.references = kept


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
        insert_rows(
            CableTag,
            ("cable_id", "tag_id", "position"),
            (
                (cable_id, rows.tags[code], position)
                for cable_id, plan in cables
                for position, (code, _) in enumerate(plan.tags)
            ),
        )
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
