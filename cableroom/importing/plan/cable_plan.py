"""Turn one published copy of a cable into the rows it should become: the field policy.

Pure (no Django, no database), so worker processes can parse and plan while the main
process writes. The policy, in one place:

- where the source supplies metadata (the dump's columns, the page's table) its
  reference id, date, origin and classification are the cable's facet fields, so facet
  counts equal what the sources say; the reference id is canonicalised;
- the parsed text fills every other field, and the facet fields the source is silent on;
- every disagreement between the source's claim and the parsed text becomes a warning
  a curator can read (`{"field", "message", "line"}`).
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from cableroom.importing.plan.fit import ColumnLimits, fit_plan
from cableroom.parsing import PARSER_VERSION, canonical_reference_id, parse_cable
from cableroom.parsing.authority import read_classified_by, signer_name
from cableroom.parsing.declassification import read_declassification
from cableroom.refdata import tags
from cableroom.refdata.addressees import addressee_name
from cableroom.sources import SourceMetadata, SourceRecord

# Cable fields that come straight from the parsed cable (None becomes "").
PARSED_TEXT_FIELDS = (
    "date_time_group",
    "precedence",
    "transmission_id",
    "sender_routing_indicator",
    "from_line",
    "eo_line",
    "declassify_on",
    "classified_by",
    "subject",
    "summary",
    "signer",
)
FACET_FIELDS = ("reference_id", "date_time", "origin", "classification")


@dataclass(slots=True)
class AddresseePlan:
    """One TO/INFO line, with the post it resolves to (a known post's name, else as written)."""

    role: str
    name: str
    routing_indicator: str
    precedence: str
    serial: str
    post: str
    kind: str  # the post's type (Embassy, Consulate, ...) or the office's kind (Collective, ...)


@dataclass(slots=True)
class VersionPlan:
    """The copy itself: raw text byte for byte and where it came from."""

    raw_text: str
    raw_sha256: str
    encoding: str
    source_format: str
    source_path: str
    source_row: int | None
    source_id: str
    source_metadata: dict
    released: datetime | None


@dataclass(slots=True)
class CablePlan:
    """Everything one copy contributes to the archive, ready to be written."""

    reference_id: str
    fields: dict  # scalar Cable fields, year and month included
    origin: str | None  # Post name
    warnings: list[dict]
    paragraphs: list[tuple[int | None, str, str]]  # (number, marking, text)
    addressees: list[AddresseePlan]
    tags: list[tuple[str, str]]  # (code, kind), in TAGS-line order, no duplicates
    caveats: list[str]
    references: list[tuple[str, str, bool, str]]  # (target id, label, notal, text)
    version: VersionPlan | None = None
    location: str = ""
    fitted: bool = False  # cut to the database's columns (plan_fit)


@dataclass(frozen=True, slots=True)
class PlanFailure:
    """A record that cannot become a cable, and why (one line for the report)."""

    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


@dataclass(slots=True)
class _Claim:
    """The facet values decided for a cable, and the warnings the decision produced."""

    values: dict = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)
    settled: set[str] = field(default_factory=set)  # facets the source gave


def plan_record(
    record: SourceRecord, limits: ColumnLimits | None = None
) -> CablePlan | PlanFailure:
    """Parse one source record and apply the field policy; never raises.

    With `limits` the plan is also fitted to the database's columns (see plan_fit).
    """
    try:
        parsed = parse_cable(record.text)
        plan = build_plan(parsed, record.metadata, source_warnings=record.warnings)
    except Exception as error:  # noqa: BLE001 - one bad cable must not stop an import
        return PlanFailure(record.location, f"could not parse: {type(error).__name__}: {error}")
    if isinstance(plan, str):
        return PlanFailure(record.location, plan)
    plan.version = version_plan(record)
    plan.location = record.location
    reason = fit_plan(plan, limits) if limits else None
    return PlanFailure(record.location, reason) if reason else plan


def plan_records(
    records: list[SourceRecord], limits: ColumnLimits | None = None
) -> list[CablePlan | PlanFailure]:
    """`plan_record` for a chunk of records: the unit of work a worker process gets."""
    return [plan_record(record, limits) for record in records]


def build_plan(
    parsed, metadata: SourceMetadata, *, source_warnings=(), known_reference_id=None
) -> CablePlan | str:
    """The rows for a parsed cable and its source's claim, or why there can be none.

    `known_reference_id` is the id of a stored cable being re-parsed: used when neither
    the source nor the text gives one.
    """
    claim = decide_facets(parsed, metadata)
    reference_id = claim.values["reference_id"] or known_reference_id
    if not reference_id:
        return "no reference id: neither the source nor the text names one (not a cable?)"
    fields = parsed_fields(parsed)
    fields["date_time"] = claim.values["date_time"]
    fields["year"], fields["month"] = _date_parts(claim.values["date_time"])
    fields["classification"] = claim.values["classification"] or ""
    # A source's id (dump column, page table) wins over the parser's; only when none
    # gave one does the stored id carry the parser's guess of its year.
    fields["reference_id_inferred"] = (
        parsed.reference_id_year_guessed and "reference_id" not in claim.settled
    )
    warnings = [_warning("source", message) for message in source_warnings]
    # A parser's doubt about a facet the source settles is not about the stored value.
    warnings += [
        _warning(w.field, w.message, w.line)
        for w in parsed.warnings
        if w.field not in claim.settled
    ]
    warnings += claim.warnings
    fields["warnings"] = warnings
    fields["warning_count"] = len(warnings)
    fields["source_metadata"] = metadata_to_json(metadata)
    return CablePlan(
        reference_id=reference_id,
        fields=fields,
        origin=claim.values["origin"],
        warnings=warnings,
        paragraphs=[(p.number, p.marking or "", p.text) for p in parsed.paragraphs],
        addressees=addressee_plans(parsed),
        tags=tag_plans(parsed.tags),
        caveats=list(dict.fromkeys(code for code in parsed.caveats if code)),
        references=[
            (ref.reference_id, ref.label or "", bool(ref.notal), ref.text or "")
            for ref in parsed.references
            if ref.reference_id
        ],
    )


def parsed_fields(parsed) -> dict:
    """The Cable fields read from the text alone (everything but the facets)."""
    fields = {name: getattr(parsed, name) or "" for name in PARSED_TEXT_FIELDS}
    fields["sections"] = parsed.sections
    fields["classification_reasons"] = ", ".join(parsed.classification_reasons)
    fields["body"] = "\n\n".join(p.text for p in parsed.paragraphs if p.text)
    fields["parser_version"] = PARSER_VERSION
    fields.update(normalised_fields(fields))
    return fields


def normalised_fields(fields: dict) -> dict:
    """The facet columns read from the stored DECL, Classified By and signer strings.

    A function of those strings alone, so migration 0012 fills stored cables with it
    and a curator's corrected signer gets its facet value the same way."""
    decl = read_declassification(fields.get("declassify_on"))
    authority = read_classified_by(fields.get("classified_by"))
    return {
        "declassify_date": decl.on,
        "declassify_marker": decl.marker,
        "classified_by_name": authority.name,
        "classified_by_title": authority.title[:120],  # the column's length
        "signer_name": signer_name(fields.get("signer")),
    }


def decide_facets(parsed, metadata: SourceMetadata) -> _Claim:
    """The source's value for each facet where it gives one, else the parsed value."""
    claim = _Claim()
    parsed_id = canonical_reference_id(parsed.reference_id) if parsed.reference_id else None
    claimed_id = claimed_reference_id(metadata)
    pairs = {
        "reference_id": (claimed_id, parsed_id),
        "date_time": (metadata.date_time, parsed.date_time),
        "origin": (metadata.origin, parsed.origin),
        "classification": (metadata.classification, parsed.classification),
    }
    for name, (claimed, found) in pairs.items():
        claim.values[name] = claimed if claimed is not None else found
        if claimed is not None:
            claim.settled.add(name)
        if claimed is not None and found is not None and not _agree(claimed, found):
            claim.warnings.append(_disagreement(name, claimed, found))
    if metadata.reference_id and claimed_id != metadata.reference_id:
        message = f"the source writes the id {metadata.reference_id!r}; stored as {claimed_id!r}"
        claim.warnings.append(_warning("reference_id", message))
    elif claimed_id and canonical_reference_id(claimed_id) is None:
        message = f"the source's id {claimed_id!r} is not shaped like a reference id; kept as is"
        claim.warnings.append(_warning("reference_id", message))
    return claim


def _agree(claimed, found) -> bool:
    if isinstance(claimed, datetime) and isinstance(found, datetime):
        # Both are minute-precise; seconds in either say nothing about the cable.
        return claimed.replace(second=0, microsecond=0) == found.replace(second=0, microsecond=0)
    return claimed == found


def _disagreement(name: str, claimed, found) -> dict:
    label = name.replace("_", " ")
    message = (
        f"the source gives the {label} {_show(claimed)} but the text says {_show(found)}; "
        "the source's value is used"
    )
    return _warning(name, message)


def _show(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return repr(value)


def _warning(field_name: str, message: str, line: int | None = None) -> dict:
    return {"field": field_name, "message": message, "line": line}


def addressee_plans(parsed) -> list[AddresseePlan]:
    """TO then INFO addressees, each resolved to a post where the reference facts know it."""
    plans = []
    for role, addressees in (("TO", parsed.to), ("INFO", parsed.info)):
        for addressee in addressees:
            name = " ".join(addressee.name.split())
            if not name:
                continue
            post, kind = addressee_name(name, addressee.routing_indicator)
            plans.append(
                AddresseePlan(
                    role=role,
                    name=name,
                    routing_indicator=addressee.routing_indicator or "",
                    precedence=addressee.precedence or "",
                    serial=addressee.serial or "",
                    post=post,
                    kind=kind,
                )
            )
    return plans


def tag_plans(parsed_tags) -> list[tuple[str, str]]:
    """(code, kind) once each; the kind is the reference facts', "other" for codes they lack."""
    known = tags()
    plans: dict[str, str] = {}
    for tag in parsed_tags:
        code = " ".join(tag.code.split())
        if code and code not in plans:
            fact = known.get(code)
            plans[code] = fact.kind if fact else "other"
    return list(plans.items())


def version_plan(record: SourceRecord) -> VersionPlan:
    """The version row for a record: its raw text and source, as read."""
    return VersionPlan(
        raw_text=record.text,
        raw_sha256=record.raw_sha256,
        encoding=record.encoding,
        source_format=record.source_format,
        source_path=record.path,
        source_row=record.row,
        source_id=record.source_id or "",
        source_metadata=metadata_to_json(record.metadata),
        released=as_datetime(record.metadata.released),
    )


def metadata_to_json(metadata: SourceMetadata) -> dict:
    """The source's claim as JSON: only what it actually says."""
    data = {
        "reference_id": metadata.reference_id,
        "date_time": _iso(metadata.date_time),
        "released": _iso(as_datetime(metadata.released)),
        "origin": metadata.origin,
        "classification": metadata.classification,
        "references": list(metadata.references),
        "dump_id": metadata.dump_id,
        "header_note": metadata.header_note,
    }
    return {key: value for key, value in data.items() if value not in (None, [])}


def metadata_from_json(data: dict) -> SourceMetadata:
    """Inverse of `metadata_to_json`: the claim stored on a version, for re-parsing."""
    return SourceMetadata(
        reference_id=data.get("reference_id"),
        date_time=_from_iso(data.get("date_time")),
        released=_from_iso(data.get("released")),
        origin=data.get("origin"),
        classification=data.get("classification"),
        references=tuple(data.get("references", ())),
        dump_id=data.get("dump_id"),
        header_note=data.get("header_note"),
    )


def claimed_reference_id(metadata: SourceMetadata) -> str | None:
    """The id the source claims, canonical where it can be, known before parsing.

    An id the canonical form cannot be found for is kept as written (stripped): it is
    still the source's identity for the cable. None if the source names no id.
    """
    written = (metadata.reference_id or "").strip()
    if not written:
        return None
    return canonical_reference_id(written) or written


def as_datetime(value: date | datetime | None) -> datetime | None:
    """Release dates may come as dates; versions store aware datetimes."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _from_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _date_parts(value: datetime | None) -> tuple[int | None, int | None]:
    # The same rule as models.date_parts, kept here so workers need no Django.
    return (value.year, value.month) if value is not None else (None, None)
