"""Fit a planned cable to the database's columns, saying what had to be cut.

Pure (no Django): the column sizes come in a `ColumnLimits`, which the writer reads
from the models and hands to the parsing workers, so plans arrive ready to write. A
value too long for its column is cut and the cut becomes a warning a curator sees; a
reference id too long to be real makes the record fail rather than be stored cut.
"""

from dataclasses import dataclass

SMALLINT_MAX = 32767


@dataclass(frozen=True)
class ColumnLimits:
    """max_length of the character columns a plan fills, per table."""

    cable: dict[str, int]
    version: dict[str, int]
    paragraph: dict[str, int]
    addressee: dict[str, int]
    reference: dict[str, int]
    post_name: int
    tag_code: int
    marking_code: int


class _Fitter:
    """Clips values to their columns, noting each clip as a warning on the plan."""

    def __init__(self, plan):
        self.plan = plan

    def text(self, value: str, limit: int, what: str) -> str:
        if value is None or len(value) <= limit:
            return value
        message = f"{what} is {len(value)} characters; cut to the {limit} stored"
        self.plan.warnings.append({"field": what, "message": message, "line": None})
        return value[:limit]

    def small(self, value: int | None, what: str) -> int | None:
        if value is None or 0 <= value <= SMALLINT_MAX:
            return value
        message = f"{what} {value} is out of range; not stored"
        self.plan.warnings.append({"field": what, "message": message, "line": None})
        return None


def fit_plan(plan, limits: ColumnLimits) -> str | None:
    """Make every value of `plan` fit its column; the reason if the plan cannot be stored."""
    if plan.fitted:
        return None
    if len(plan.reference_id) > limits.cable["reference_id"]:
        return f"reference id {plan.reference_id[:80]!r}... is longer than any real id"
    fit = _Fitter(plan)
    for name, limit in limits.cable.items():
        if isinstance(plan.fields.get(name), str):
            plan.fields[name] = fit.text(plan.fields[name], limit, name)
    plan.fields["sections"] = fit.small(plan.fields.get("sections"), "sections")
    plan.origin = fit.text(plan.origin, limits.post_name, "origin")
    marking_limit = limits.paragraph["marking"]
    plan.paragraphs = [
        (fit.small(number, "paragraph number"), fit.text(marking, marking_limit, "marking"), text)
        for number, marking, text in plan.paragraphs
    ]
    _fit_addressees(plan, fit, limits)
    tags = ((fit.text(code, limits.tag_code, "tag"), kind) for code, kind in plan.tags)
    plan.tags = list(dict(tags).items())
    caveats = (fit.text(code, limits.marking_code, "caveat") for code in plan.caveats)
    plan.caveats = list(dict.fromkeys(caveats))
    _fit_references(plan, fit, limits)
    if plan.version is not None:
        _fit_version(plan, fit, limits)
    plan.fields["warnings"] = plan.warnings
    plan.fields["warning_count"] = len(plan.warnings)
    plan.fitted = True
    return None


def _fit_addressees(plan, fit: _Fitter, limits: ColumnLimits) -> None:
    for addressee in plan.addressees:
        for name in ("name", "routing_indicator", "precedence", "serial"):
            value = fit.text(getattr(addressee, name), limits.addressee[name], f"addressee {name}")
            setattr(addressee, name, value)
        addressee.post = fit.text(addressee.post, limits.post_name, "addressee post")


def _fit_references(plan, fit: _Fitter, limits: ColumnLimits) -> None:
    kept = []
    for target, label, notal, text in plan.references:
        if len(target) > limits.reference["target_reference_id"]:
            fit.text(target, limits.reference["target_reference_id"], "reference")
            continue  # a cut id would point at the wrong cable
        label = fit.text(label, limits.reference["label"], "reference label")
        kept.append((target, label, notal, fit.text(text, limits.reference["text"], "ref text")))
    plan.references = kept


def _fit_version(plan, fit: _Fitter, limits: ColumnLimits) -> None:
    for name in ("source_path", "source_id", "encoding", "source_format"):
        value = getattr(plan.version, name)
        setattr(plan.version, name, fit.text(value, limits.version[name], name))
