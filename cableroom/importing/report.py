"""Parse cables straight from their sources and measure the parser against the sources.

No database: records come from the source readers, go through the parser, and come out
as one JSON object per cable or as a summary. The summary compares what the parser
reads from the text with what the source's own metadata says (the dump's columns, the
page's table), counts warnings by kind and keeps the worst cables, in flat memory.

Agreement is always parsed-from-text against the source's claim: with metadata
filling the fields in, agreement would be 100% by construction. `text_only` only
decides whether the JSON values and warnings include the source's claim.
"""

import heapq
import itertools
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cableroom.importing.plan.cable_plan import decide_facets
from cableroom.parsing import ParsedCable, canonical_reference_id, parse_cable
from cableroom.sources import SourceProblem, SourceRecord, read_sources

ProblemHandler = Callable[[SourceProblem], None]
SkipHandler = Callable[[str, str], None]
_ID_PARTS = re.compile(r"^(\d{2})(\D+?)(\d+)$")
_MESSAGE_DETAILS = re.compile(r"'[^']*'|\"[^\"]*\"|\d+")


@dataclass(frozen=True, slots=True)
class ParsedSource:
    """One source record and what the parser read from its text."""

    record: SourceRecord
    parsed: ParsedCable


def parse_sources(
    paths: Iterable[str | Path],
    *,
    on_problem: ProblemHandler,
    on_skip: SkipHandler | None = None,
) -> Iterator[ParsedSource]:
    """Read every source under `paths` and parse each cable, one at a time.

    Unreadable input goes to `on_problem` (one SourceProblem each) and reading goes on.
    """
    for item in read_sources(paths, on_skip=on_skip):
        if isinstance(item, SourceProblem):
            on_problem(item)
        else:
            yield ParsedSource(item, parse_cable(item.text))


# --- one cable as JSON ---------------------------------------------------------------


def cable_json(item: ParsedSource, *, text_only: bool = False) -> dict:
    """The cable as plain JSON types, keys as `parse_cables --jsonl` documents them.

    Unless `text_only`, the source's reference id, date, origin and classification
    replace the parsed ones, with a warning wherever the two disagree.
    """
    record, parsed = item.record, item.parsed
    facets = {
        "reference_id": parsed.reference_id,
        "date_time": parsed.date_time,
        "origin": parsed.origin,
        "classification": parsed.classification,
    }
    warnings = _reading_warnings(item)
    if not text_only:
        claim = decide_facets(parsed, record.metadata)
        facets.update(claim.values)
        warnings += claim.warnings
    return {
        "source": {"path": record.path, "row": record.row, "id": record.source_id},
        "reference_id": facets["reference_id"],
        "date_time": iso_utc(facets["date_time"]),
        "precedence": parsed.precedence,
        "origin": facets["origin"],
        "from_line": parsed.from_line,
        "classification": facets["classification"],
        "caveats": list(parsed.caveats),
        "to": [_addressee(a) for a in parsed.to],
        "info": [_addressee(a) for a in parsed.info],
        "tags": [tag.code for tag in parsed.tags],
        "subject": parsed.subject,
        "references": [ref.reference_id for ref in parsed.references if ref.reference_id],
        "paragraphs": [
            {"number": p.number, "marking": p.marking, "text": p.text} for p in parsed.paragraphs
        ],
        "summary": parsed.summary,
        "signer": parsed.signer,
        "sections": parsed.sections,
        "warnings": warnings,
    }


def cable_warnings(item: ParsedSource, *, text_only: bool = False) -> list[dict]:
    """The warnings `cable_json` lists: reader's, parser's and (unless `text_only`) every
    disagreement between the source's metadata and the text."""
    warnings = _reading_warnings(item)
    if not text_only:
        warnings += decide_facets(item.parsed, item.record.metadata).warnings
    return warnings


def _reading_warnings(item: ParsedSource) -> list[dict]:
    warnings = [_warning("source", message) for message in item.record.warnings]
    warnings += [_warning(w.field, w.message, w.line) for w in item.parsed.warnings]
    return warnings


def iso_utc(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z`, or None."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _addressee(addressee) -> dict:
    return {
        "name": addressee.name,
        "routing_indicator": addressee.routing_indicator,
        "precedence": addressee.precedence,
    }


def _warning(field_name: str, message: str, line: int | None = None) -> dict:
    return {"field": field_name, "message": message, "line": line}


# --- agreement with the source's metadata ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Comparison:
    """The source's value and the parser's for one field of one cable."""

    claimed: object
    found: object

    @property
    def agrees(self) -> bool:
        return self.claimed == self.found


def _claimed_id(record: SourceRecord) -> str | None:
    claimed = record.metadata.reference_id
    return canonical_reference_id(claimed) if claimed else None


def compare_reference_id(record: SourceRecord, parsed: ParsedCable) -> Comparison | None:
    claimed = _claimed_id(record)
    return Comparison(claimed, parsed.reference_id) if claimed else None


def compare_station_serial(record: SourceRecord, parsed: ParsedCable) -> Comparison | None:
    """Station and serial alone: what the text can always say, year or no year."""
    claimed = _ID_PARTS.match(_claimed_id(record) or "")
    if claimed is None:
        return None
    found = _ID_PARTS.match(parsed.reference_id or "")
    if found is not None:
        found_parts = (found.group(2), int(found.group(3)))
    elif parsed.station and (parsed.station_serial or "").isdigit():
        found_parts = (parsed.station, int(parsed.station_serial))
    else:
        found_parts = None
    return Comparison((claimed.group(2), int(claimed.group(3))), found_parts)


def compare_year(record: SourceRecord, parsed: ParsedCable) -> Comparison | None:
    """The id's year, only where the text has a date-time group to take it from."""
    claimed = _claimed_id(record)
    if not (claimed and parsed.date_time_group):
        return None
    return Comparison(claimed[:2], (parsed.reference_id or "")[:2] or None)


def compare_date_time(record: SourceRecord, parsed: ParsedCable) -> Comparison | None:
    """To the minute, where the text has a date-time group."""
    claimed = record.metadata.date_time
    if claimed is None or not parsed.date_time_group:
        return None
    return Comparison(_minute(claimed), _minute(parsed.date_time))


def compare_date(record: SourceRecord, parsed: ParsedCable) -> Comparison | None:
    """The UTC day, where the text has a date-time group (pages' Created times are
    the same hour as the group but rarely the same minute)."""
    claimed = record.metadata.date_time
    if claimed is None or not parsed.date_time_group:
        return None
    found = parsed.date_time.astimezone(UTC).date() if parsed.date_time else None
    return Comparison(claimed.astimezone(UTC).date(), found)


def compare_origin(record: SourceRecord, parsed: ParsedCable) -> Comparison | None:
    claimed = record.metadata.origin
    return Comparison(claimed, parsed.origin) if claimed else None


def compare_classification(record: SourceRecord, parsed: ParsedCable) -> Comparison | None:
    claimed = record.metadata.classification
    return Comparison(claimed, parsed.classification) if claimed else None


def _minute(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC).replace(second=0, microsecond=0) if value else None


COMPARISONS: dict[str, Callable[[SourceRecord, ParsedCable], Comparison | None]] = {
    "reference id": compare_reference_id,
    "station + serial": compare_station_serial,
    "id year (text has a DTG)": compare_year,
    "date-time (text has a DTG)": compare_date_time,
    "date (text has a DTG)": compare_date,
    "origin": compare_origin,
    "classification": compare_classification,
}


@dataclass(slots=True)
class FieldAgreement:
    """How often one field read from the text equals the source's value."""

    compared: int = 0
    agreed: int = 0
    missing: int = 0  # the parser found nothing

    def add(self, comparison: Comparison) -> None:
        self.compared += 1
        self.agreed += comparison.agrees
        self.missing += comparison.found is None

    @property
    def percent(self) -> float:
        return 100.0 * self.agreed / self.compared if self.compared else 0.0


# --- the report -----------------------------------------------------------------------


@dataclass(order=True, slots=True)
class WorstExample:
    """A cable with disagreements or many warnings, for a curator to look at first."""

    score: tuple[int, int]
    sequence: int
    location: str = field(compare=False)
    source_id: str | None = field(compare=False)
    disagreements: list[str] = field(compare=False)
    warnings: int = field(compare=False)


@dataclass(slots=True)
class ParseReport:
    """Counts over every cable parsed, kept in memory that does not grow with input."""

    worst_size: int = 10
    cables: int = 0
    by_format: Counter = field(default_factory=Counter)
    agreement: dict[str, FieldAgreement] = field(
        default_factory=lambda: {name: FieldAgreement() for name in COMPARISONS}
    )
    warnings_by_kind: Counter = field(default_factory=Counter)
    warning_shapes: Counter = field(default_factory=Counter)
    worst: list[WorstExample] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, item: ParsedSource, warnings: list[dict]) -> None:
        """Count one cable: its agreements, its warnings, its place among the worst."""
        self.cables += 1
        self.by_format[item.record.source_format] += 1
        disagreements = []
        for name, compare in COMPARISONS.items():
            comparison = compare(item.record, item.parsed)
            if comparison is not None:
                self.agreement[name].add(comparison)
                if not comparison.agrees:
                    disagreements.append(_describe(name, comparison))
        for warning in warnings:
            self.warnings_by_kind[warning["field"]] += 1
            shape = _MESSAGE_DETAILS.sub("…", warning["message"])
            self.warning_shapes[(warning["field"], shape)] += 1
        self._keep_if_worst(item.record, disagreements, len(warnings))

    def _keep_if_worst(self, record: SourceRecord, disagreements: list[str], warnings: int):
        if not disagreements and not warnings:
            return
        example = WorstExample(
            (len(disagreements), warnings),
            -self.cables,  # earlier cables win ties: the order is repeatable
            record.location,
            record.source_id,
            disagreements,
            warnings,
        )
        if len(self.worst) < self.worst_size:
            heapq.heappush(self.worst, example)
        elif self.worst_size:
            heapq.heappushpop(self.worst, example)


def _describe(name: str, comparison: Comparison) -> str:
    return f"{name}: source {_show(comparison.claimed)}, text {_show(comparison.found)}"


def _show(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, tuple):
        return "".join(str(part) for part in value)
    return "nothing" if value is None else str(value)


def build_report(
    items: Iterable[ParsedSource], *, text_only: bool = False, worst: int = 10
) -> ParseReport:
    """The summary over all `items`: agreement, warnings by kind, the worst cables."""
    report = ParseReport(worst_size=worst)
    started = time.perf_counter()
    for item in items:
        report.add(item, cable_warnings(item, text_only=text_only))
    report.seconds = time.perf_counter() - started
    return report


def format_report(report: ParseReport, *, problems: int = 0) -> list[str]:
    """The report as the lines `parse_cables` prints."""
    formats = ", ".join(f"{count} {name}" for name, count in sorted(report.by_format.items()))
    rate = report.cables / report.seconds if report.seconds else 0.0
    lines = [
        f"Cables parsed: {report.cables} ({formats or 'none'}); unreadable inputs: {problems}",
        f"Time: {report.seconds:.1f} s ({rate:,.0f} cables/s, reading included)",
        "",
        "Agreement with the source's metadata (text vs source):",
    ]
    for name, agreement in report.agreement.items():
        lines.append(
            f"  {name:<28} {agreement.percent:6.2f}%  {agreement.agreed}/{agreement.compared}"
            f"  (nothing found: {agreement.missing})"
        )
    lines += ["", "Warnings by kind:"]
    lines += _warning_lines(report)
    lines += ["", f"Worst examples (up to {report.worst_size}):"]
    lines += _worst_lines(report)
    return lines


def _warning_lines(report: ParseReport) -> list[str]:
    if not report.warnings_by_kind:
        return ["  none"]
    lines = []
    for kind, count in report.warnings_by_kind.most_common():
        lines.append(f"  {kind:<20} {count}")
        shapes = [(s, n) for (k, s), n in report.warning_shapes.most_common() if k == kind]
        lines += [f"      {n:>6}  {shape}" for shape, n in itertools.islice(shapes, 3)]
    return lines


def _worst_lines(report: ParseReport) -> list[str]:
    if not report.worst:
        return ["  none"]
    lines = []
    for example in sorted(report.worst, reverse=True):
        lines.append(
            f"  {example.location} [{example.source_id or '?'}]: "
            f"{len(example.disagreements)} disagreements, {example.warnings} warnings"
        )
        lines += [f"      {text}" for text in example.disagreements]
    return lines
