"""The parse report service: JSON per cable, agreement with source metadata, worst cables.

Synthetic, hand-written cables; the seed and the corpus are read from ../shared.
"""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cableroom.importing.report import (
    COMPARISONS,
    Comparison,
    FieldAgreement,
    ParsedSource,
    build_report,
    cable_json,
    cable_warnings,
    compare_date,
    compare_date_time,
    compare_station_serial,
    compare_year,
    format_report,
    parse_sources,
)
from cableroom.parsing import parse_cable
from cableroom.sources import SourceMetadata, SourceRecord
from cableroom.sources.record import checksum
from tests.paths import SHARED

SHARED = SHARED
SEED = SHARED / "seed" / "06ASTANA33.txt"
CORPUS = SHARED / "corpus"
needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"MISSING SEED: {SEED} not found")
needs_corpus = pytest.mark.skipif(
    not CORPUS.exists(), reason=f"MISSING CORPUS: {CORPUS} not found; corpus report not run"
)

FULL = """P 191331Z APR 06
FM AMEMBASSY ALMATY
TO RUEHC/SECSTATE WASHDC PRIORITY 0107

UNCLAS ALMATY 000123

E.O. 12958: N/A
TAGS: PGOV, KZ
SUBJECT: TEST CABLE

1. (U) Text of the first paragraph.

ORDWAY
"""
PARTIAL = """UNCLAS ALMATY 000124

E.O. 12958: N/A
TAGS: PGOV, KZ
SUBJECT: NO HEADER

1. (U) Text.
"""
JSON_KEYS = [
    "source",
    "reference_id",
    "date_time",
    "precedence",
    "origin",
    "from_line",
    "classification",
    "caveats",
    "to",
    "info",
    "tags",
    "subject",
    "references",
    "paragraphs",
    "summary",
    "signer",
    "sections",
    "warnings",
]


def source(text: str, *, row: int | None = 1, warnings=(), **claims) -> ParsedSource:
    record = SourceRecord(
        text=text,
        source_format="cables.csv",
        path="dump.csv",
        row=row,
        line=row,
        source_id=claims.get("reference_id"),
        metadata=SourceMetadata(**claims),
        encoding="utf-8",
        raw_sha256=checksum(text, "utf-8"),
        warnings=tuple(warnings),
    )
    return ParsedSource(record, parse_cable(text))


def warned_fields(warnings: list[dict]) -> list[str]:
    return [warning["field"] for warning in warnings]


def test_json_has_the_documented_keys_and_plain_types():
    data = cable_json(source(FULL))
    assert list(data) == JSON_KEYS
    assert data["source"] == {"path": "dump.csv", "row": 1, "id": None}
    assert data["date_time"] == "2006-04-19T13:31:00Z"
    assert data["tags"] == ["PGOV", "KZ"]
    assert data["to"] == [
        {"name": "SECSTATE WASHDC", "routing_indicator": "RUEHC", "precedence": "PRIORITY"}
    ]
    assert data["paragraphs"][-1] == {
        "number": 1,
        "marking": "U",
        "text": "Text of the first paragraph.",
    }
    assert json.loads(json.dumps(data)) == data


def test_source_metadata_overrides_the_text_and_says_so():
    item = source(
        FULL,
        reference_id="06ALMATY999",
        origin="Embassy Nowhere",
        classification="SECRET",
        date_time=datetime(2006, 4, 19, 13, 31, tzinfo=UTC),
    )
    data = cable_json(item)
    assert (data["reference_id"], data["origin"], data["classification"]) == (
        "06ALMATY999",
        "Embassy Nowhere",
        "SECRET",
    )
    assert {"reference_id", "origin", "classification"} <= set(warned_fields(data["warnings"]))
    assert "date_time" not in warned_fields(data["warnings"])  # it agrees
    assert data["warnings"] == cable_warnings(item)


def test_text_only_ignores_the_source_metadata():
    item = source(FULL, reference_id="06ALMATY999", origin="Embassy Nowhere")
    data = cable_json(item, text_only=True)
    assert data["reference_id"] == item.parsed.reference_id != "06ALMATY999"
    assert data["origin"] == item.parsed.origin
    assert "origin" not in warned_fields(data["warnings"])


def test_reader_warnings_come_first_as_source_warnings():
    data = cable_json(source(FULL, warnings=["row is not valid UTF-8; decoded as cp1252"]))
    assert data["warnings"][0] == {
        "field": "source",
        "message": "row is not valid UTF-8; decoded as cp1252",
        "line": None,
    }


def test_station_and_serial_are_compared_even_without_a_year():
    item = source(PARTIAL, reference_id="04ALMATY124")
    assert item.parsed.date_time_group is None
    comparison = compare_station_serial(item.record, item.parsed)
    assert comparison == Comparison(("ALMATY", 124), ("ALMATY", 124))
    assert compare_year(item.record, item.parsed) is None
    assert compare_date_time(item.record, item.parsed) is None


def test_dates_compare_by_minute_and_by_day():
    item = source(FULL, date_time=datetime(2006, 4, 19, 13, 5, tzinfo=UTC))
    assert not compare_date_time(item.record, item.parsed).agrees
    assert compare_date(item.record, item.parsed).agrees


def test_nothing_is_compared_without_source_metadata():
    item = source(FULL)
    assert all(compare(item.record, item.parsed) is None for compare in COMPARISONS.values())


def test_field_agreement_counts_agreements_and_misses():
    agreement = FieldAgreement()
    for comparison in [Comparison("A", "A"), Comparison("A", "B"), Comparison("A", None)]:
        agreement.add(comparison)
    assert (agreement.compared, agreement.agreed, agreement.missing) == (3, 1, 1)
    assert round(agreement.percent, 2) == 33.33


def test_report_counts_agreement_warnings_and_keeps_the_worst():
    good = source(FULL, reference_id="06ALMATY123", row=1)
    wrong_origin = source(FULL, reference_id="06ALMATY123", origin="Embassy Nowhere", row=2)
    wrong_twice = source(FULL, reference_id="06ALMATY5", origin="Embassy Nowhere", row=3)
    partial = source(PARTIAL, reference_id="04ALMATY124", row=4)
    report = build_report([good, wrong_origin, wrong_twice, partial], text_only=True, worst=2)
    assert report.cables == 4
    reference = report.agreement["reference id"]
    assert (reference.compared, reference.agreed) == (4, 2)
    assert report.agreement["origin"].compared == 2
    assert report.agreement["origin"].agreed == 0
    assert report.warnings_by_kind["date_time"] >= 1  # the partial cable has no DTG
    # Row 3 disagrees thrice (id, station + serial, origin); rows 2 and 4 once each,
    # and row 4 (no date-time group) also has warnings, so it ranks above row 2.
    worst = sorted(report.worst, reverse=True)
    assert [example.location for example in worst] == [
        "dump.csv row 3 (line 3)",
        "dump.csv row 4 (line 4)",
    ]
    assert len(worst[0].disagreements) == 3


def test_disagreements_count_as_warnings_unless_text_only():
    item = source(FULL, origin="Embassy Nowhere")
    assert build_report([item]).warnings_by_kind["origin"] == 1
    assert build_report([item], text_only=True).warnings_by_kind["origin"] == 0


def test_formatted_report_names_fields_kinds_and_examples():
    item = source(FULL, reference_id="06ALMATY5", origin="Embassy Nowhere")
    lines = format_report(build_report([item], text_only=True), problems=2)
    text = "\n".join(lines)
    assert lines[0].startswith("Cables parsed: 1 (1 cables.csv); unreadable inputs: 2")
    assert "  reference id" in text and "0.00%  0/1" in text
    assert "dump.csv row 1 (line 1) [06ALMATY5]: 3 disagreements" in text
    assert "origin: source Embassy Nowhere, text " in text


def test_parse_sources_reports_problems_and_goes_on(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text(FULL)
    problems = []
    items = list(parse_sources([tmp_path], on_problem=problems.append))
    assert [Path(p.path).name for p in problems] == ["a.txt"]
    assert [item.parsed.reference_id for item in items] == [parse_cable(FULL).reference_id]


@needs_seed
def test_seed_cable_as_json():
    [item] = list(parse_sources([SEED], on_problem=pytest.fail))
    data = cable_json(item)
    assert data["source"] == {"path": str(SEED), "row": None, "id": "06ASTANA33"}
    assert data["reference_id"] == "06ASTANA33"
    assert data["date_time"] == "2006-04-19T13:31:00Z"
    assert data["tags"] == ["KCRM", "KDEM", "PGOV", "PREL", "SMIG", "SNAR", "KZ"]
    assert [p["number"] for p in data["paragraphs"] if p["number"]] == list(range(1, 9))


@needs_corpus
@pytest.mark.slow
def test_corpus_report_compares_every_cable_with_metadata():
    problems = []
    items = parse_sources([CORPUS], on_problem=problems.append)
    report = build_report(items, text_only=True)
    assert problems == []
    assert report.cables == 8801 + 992 + 21
    # Every dump row and page has these columns; the text files have none.
    for name in ("reference id", "station + serial", "origin", "classification"):
        assert report.agreement[name].compared == 8801 + 992
    assert len(report.worst) == 10
