"""Quality gate: parse the whole dev corpus from its text alone and compare with what the
sources themselves say (../shared/corpus/expected.csv).

What is compared, and why:
- classification, origin: equal to the source's metadata column (the dump's columns or
  the page's table; for the 21 txt files the expected value was derived from the text
  and carries a "(derived ...)" note, which is dropped).
- reference id: station and serial for every cable; the full id, year included, where
  the text has a date-time group (partial extracts mostly have none).
- date-time: where the text has a date-time group; to the minute for the dump and the
  txt files, to the hour for cablegate pages (their "Created" minute repeats the hour,
  "09:09", so it is not the telegram's minute).
- tags: expected.csv's tags_line is read from the text and keeps only the first line of
  a wrapped TAGS line, with commas dropped and page-break marks copied in; so its codes
  (page marks removed, case ignored) must be the first codes of the parsed tags_line.
- subject: expected.csv keeps the first line only and sometimes a marking or a stray
  bracket; so the parsed subject (marking put back) must start with it, compared with
  white space collapsed, case ignored and a leading marking or quote dropped.
Each rate must reach 99%.
"""

import csv
import gzip
import html
import re
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from cableroom.parsing import ParsedCable, canonical_reference_id, parse_cable
from cableroom.parsing.assemble import PARSER_ERROR
from tests.paths import SHARED

CORPUS = SHARED / "corpus"
THRESHOLD = 0.99
PRE_BLOCK = re.compile(r"<pre[^>]*>(.*?)</pre>", re.S)
MARKUP = re.compile(r"<[^>]+>")
DERIVED = re.compile(r"\s*\(derived[^)]*\)$")
PAGE_MARK = re.compile(
    r"(?:(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\s+)?"
    r"PAGE\s+\d+\s+\S+(?:\s+\S+)??\s+\d{5,6}\s+(?:\d\d\s+OF\s+\d\d\s+)?\d{6}Z"
)
LEADING_MARKING = re.compile(r"^(?:\(?[A-Z][A-Z/ ]{0,12}\)\s*)?[(\[\"“”\s]*")
HTML_FORMATS = ("cablegate-html-2010-12", "cablegate-html-2011")


@dataclass(frozen=True)
class CorpusCable:
    """One cable of the dev corpus: its text as published and what the source says."""

    refid: str
    source_format: str
    text: str
    expected: dict


def require_corpus() -> Path:
    if not CORPUS.exists():
        pytest.skip(f"SKIPPED LOUDLY: the shared corpus is missing at {CORPUS}")
    return CORPUS


@cache
def expected_rows() -> dict[tuple[str, str], dict]:
    with open(CORPUS / "expected.csv", encoding="utf-8", newline="") as handle:
        return {(row["refid"], row["source_format"]): row for row in csv.DictReader(handle)}


def dump_cables() -> list[CorpusCable]:
    """Rows of cables.csv.gz: the header field and the content field form the text."""
    csv.field_size_limit(sys.maxsize)
    expected = expected_rows()
    with gzip.open(CORPUS / "cables.csv.gz", "rt", encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, escapechar="\\", doublequote=False)
        return [
            CorpusCable(
                row[2], "cables.csv", f"{row[6]}\n{row[7]}", expected[row[2], "cables.csv"]
            )
            for row in rows
        ]


def page_text(page: str) -> str:
    """A cablegate page's cable: the <pre> blocks' text, entities decoded, links dropped."""
    return "\n\n".join(html.unescape(MARKUP.sub("", block)) for block in PRE_BLOCK.findall(page))


def html_format(path: Path) -> str:
    """The expected.csv source_format of a page: the December 2010 build or a 2011 one."""
    return HTML_FORMATS[0] if "chillicoder_build-201012" in str(path) else HTML_FORMATS[1]


def html_cables() -> list[CorpusCable]:
    expected = expected_rows()
    cables = []
    for path in sorted((CORPUS / "html").rglob("*.html")):
        source_format = html_format(path)
        text = page_text(path.read_text(encoding="utf-8"))
        cables.append(
            CorpusCable(path.stem, source_format, text, expected[path.stem, source_format])
        )
    return cables


def txt_cables() -> list[CorpusCable]:
    expected = expected_rows()
    return [
        CorpusCable(
            path.stem,
            "txt-cp1252-crlf",
            path.read_bytes().decode("cp1252"),
            expected[path.stem, "txt-cp1252-crlf"],
        )
        for path in sorted((CORPUS / "txt").glob("*.txt"))
    ]


@cache
def corpus_cables() -> tuple[CorpusCable, ...]:
    """Every cable of the dev corpus with its expected.csv row."""
    require_corpus()
    return tuple(dump_cables() + html_cables() + txt_cables())


def corpus_text(refid: str, source: str = "cables.csv") -> str:
    """The text of one corpus cable; source is a source_format prefix ("cablegate", "txt")."""
    for cable in corpus_cables():
        if cable.refid == refid and cable.source_format.startswith(source):
            return cable.text
    raise LookupError(f"{refid} ({source}) is not in the corpus")


def squeeze(text: str | None) -> str:
    return " ".join((text or "").split()).upper()


def compare(parsed: ParsedCable, cable: CorpusCable) -> dict[str, bool]:
    """Field -> agreement for one cable (fields that cannot be compared are left out)."""
    expected = cable.expected
    result = {
        "classification": parsed.classification == DERIVED.sub("", expected["classification"]),
        "origin": parsed.origin == DERIVED.sub("", expected["origin"]),
        "reference id (station, serial)": station_serial_agree(parsed, expected["refid"]),
        "tags": tags_agree(parsed.tags_line, expected["tags_line"]),
        "subject": subject_agrees(parsed, expected["subject"]),
    }
    if parsed.date_time is not None:
        result["reference id (with year)"] = parsed.reference_id == canonical_reference_id(
            expected["refid"]
        )
        precision = 13 if cable.source_format in HTML_FORMATS else 16
        written = parsed.date_time.strftime("%Y-%m-%d %H:%M")
        result["date-time"] = written[:precision] == DERIVED.sub("", expected["date"])[:precision]
    return result


def station_serial_agree(parsed: ParsedCable, refid: str) -> bool:
    canonical = canonical_reference_id(refid) or ""
    return bool(parsed.station) and f"{parsed.station}{parsed.station_serial}" == canonical[2:]


def tags_agree(parsed_line: str | None, expected_line: str) -> bool:
    expected = squeeze(PAGE_MARK.sub(" ", expected_line)).split()
    parsed = squeeze((parsed_line or "").replace(",", " ")).split()
    return parsed[: len(expected)] == expected if expected else not parsed


def subject_agrees(parsed: ParsedCable, expected: str) -> bool:
    subject = parsed.subject or ""
    if parsed.subject_marking:
        subject = f"({parsed.subject_marking}) {subject}"
    expected_text = LEADING_MARKING.sub("", squeeze(expected))
    parsed_text = LEADING_MARKING.sub("", squeeze(subject))
    return parsed_text.startswith(expected_text) if expected_text else not parsed_text


@cache
def parsed_corpus() -> tuple[tuple[CorpusCable, ParsedCable], ...]:
    """Every corpus cable with its text-only parse, parsed once per test run."""
    return tuple((cable, parse_cable(cable.text)) for cable in corpus_cables())


@cache
def agreement() -> tuple[Counter, Counter, dict[str, list[str]]]:
    """Compared and agreeing counts per field, and the ids that disagree."""
    compared, agreed, misses = Counter(), Counter(), {}
    for cable, parsed in parsed_corpus():
        for field, agrees in compare(parsed, cable).items():
            compared[field] += 1
            agreed[field] += agrees
            if not agrees:
                misses.setdefault(field, []).append(f"{cable.refid} ({cable.source_format})")
    return compared, agreed, misses


FIELDS = [
    "classification",
    "origin",
    "reference id (station, serial)",
    "reference id (with year)",
    "date-time",
    "tags",
    "subject",
]


@pytest.mark.slow
@pytest.mark.parametrize("field", FIELDS)
def test_text_only_parse_agrees_with_the_sources(field):
    compared, agreed, misses = agreement()
    rate = agreed[field] / compared[field]
    print(f"{field}: {agreed[field]}/{compared[field]} = {rate:.2%}")
    assert rate >= THRESHOLD, f"{field}: {rate:.2%}; first misses: {misses.get(field, [])[:15]}"


@pytest.mark.slow
def test_whole_corpus_is_read():
    compared, _agreed, _misses = agreement()
    assert compared["classification"] == len(expected_rows())
    # Date-time groups are in the text of full copies, not of most partial extracts.
    assert compared["date-time"] >= 2000


@pytest.mark.slow
def test_no_cable_stops_the_parser():
    stopped = [
        cable.refid
        for cable, parsed in parsed_corpus()
        if any(warning.message.startswith(PARSER_ERROR) for warning in parsed.warnings)
    ]
    assert stopped == []


@pytest.mark.slow
def test_raw_text_is_kept_unchanged():
    assert all(parsed.raw_text is cable.text for cable, parsed in parsed_corpus())
