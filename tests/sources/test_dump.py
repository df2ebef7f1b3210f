"""The cables.csv reader: real rows from ../shared/corpus, synthetic damage in tmp_path."""

import csv
import gzip
import hashlib
import io
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cableroom.sources import SourceProblem, SourceRecord, read_dump
from cableroom.sources.dump import split_fields, split_header
from tests.paths import SHARED

CORPUS = SHARED / "corpus"
DUMP = CORPUS / "cables.csv.gz"
needs_corpus = pytest.mark.skipif(
    not DUMP.exists(), reason=f"MISSING CORPUS: {DUMP} not found; real-dump tests not run"
)
NOTE = (
    "This record is a partial extract of the original cable. "
    "The full text of the original cable is not available."
)


def escape(value: str) -> str:
    """Write a field the way the dump does: backslash before quotes and backslashes."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'")


def dump_row(*fields: str) -> str:
    return ",".join(f'"{escape(field)}"' for field in fields) + "\n"


def cable_row(dump_id="1", refid="06ASTANA33", header="", content="UNCLAS ASTANA 000033\n"):
    return dump_row(
        dump_id, "4/19/2006 13:31", refid, "Embassy Astana", "UNCLASSIFIED", "", header, content
    )


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if name.endswith(".gz"):
        payload = gzip.compress(payload)
    path.write_bytes(payload)
    return path


def read_all(path: Path, **options) -> tuple[list[SourceRecord], list[SourceProblem]]:
    items = list(read_dump(path, **options))
    records = [item for item in items if isinstance(item, SourceRecord)]
    problems = [item for item in items if isinstance(item, SourceProblem)]
    assert len(records) + len(problems) == len(items)
    return records, problems


def test_row_with_backslash_escapes_unescapes_and_checksums_the_field_bytes(tmp_path):
    content = 'UNCLAS ASTANA 000033\nTHE MINISTER\'S "PLAN" C:\\TEMP\n'
    path = write(tmp_path, "cables.csv", cable_row(content=content))
    assert b'MINISTER\\\'S \\"PLAN\\" C:\\\\TEMP' in path.read_bytes()
    [record], problems = read_all(path)
    assert problems == []
    assert record.text == content
    assert record.encoding == "utf-8"
    assert record.raw_sha256 == hashlib.sha256(content.encode("utf-8")).hexdigest()
    assert hashlib.sha256(record.text.encode(record.encoding)).hexdigest() == record.raw_sha256


def test_metadata_comes_from_the_columns(tmp_path):
    row = dump_row(
        "282",
        "6/5/1989 10:35",
        "89TAIPEI3647",
        "American Institute Taiwan, Taipei",
        "CONFIDENTIAL//NOFORN",
        "89AITTAIPEI3626|89STATE1,89TAIPEI2",
        "O 051035Z JUN 89\nFM AIT TAIPEI\n",
        "C O N F I D E N T I A L TAIPEI 03647\n",
    )
    [record], _ = read_all(write(tmp_path, "cables.csv", row))
    meta = record.metadata
    assert record.source_id == meta.reference_id == "89TAIPEI3647"
    assert meta.dump_id == "282"
    assert meta.date_time == datetime(1989, 6, 5, 10, 35, tzinfo=UTC)
    assert meta.origin == "American Institute Taiwan, Taipei"
    assert meta.classification == "CONFIDENTIAL//NOFORN"
    assert meta.references == ("89AITTAIPEI3626", "89STATE1", "89TAIPEI2")
    assert meta.header_note is None
    assert record.text == "O 051035Z JUN 89\nFM AIT TAIPEI\nC O N F I D E N T I A L TAIPEI 03647\n"
    assert (record.source_format, record.row, record.line) == ("cables.csv", 1, 1)


def test_header_without_final_newline_is_not_glued_to_the_content(tmp_path):
    row = cable_row(header="FM AMEMBASSY CAIRO\nTO SECSTATE WASHDC", content="UNCLAS CAIRO 1\n")
    [record], _ = read_all(write(tmp_path, "cables.csv", row))
    assert record.text == "FM AMEMBASSY CAIRO\nTO SECSTATE WASHDC\nUNCLAS CAIRO 1\n"


@pytest.mark.parametrize("after_note", ["\n\n", "\n\n\n ", ""])
def test_partial_extract_note_is_metadata_not_text(tmp_path, after_note):
    header = NOTE + after_note
    [record], _ = read_all(write(tmp_path, "cables.csv", cable_row(header=header)))
    assert record.text == "UNCLAS ASTANA 000033\n"
    assert record.metadata.header_note == header


def test_text_after_the_note_stays_in_the_cable(tmp_path):
    header = NOTE + "\n\n281354Z Mar 03\n"
    [record], _ = read_all(write(tmp_path, "cables.csv", cable_row(header=header)))
    assert record.text == "281354Z Mar 03\nUNCLAS ASTANA 000033\n"
    assert record.metadata.header_note == NOTE


def test_rows_are_numbered_and_located_by_their_first_line(tmp_path):
    rows = cable_row("1", content="A\nB\nC\n") + cable_row("2") + cable_row("3", content="X\n")
    records, _ = read_all(write(tmp_path, "cables.csv", rows))
    assert [(r.row, r.line) for r in records] == [(1, 1), (2, 5), (3, 7)]


def test_gzip_is_detected_by_its_bytes_not_its_name(tmp_path):
    path = tmp_path / "dump.data"
    path.write_bytes(gzip.compress(cable_row().encode()))
    [record], problems = read_all(path)
    assert problems == [] and record.text == "UNCLAS ASTANA 000033\n"


def test_crlf_line_ends_are_kept_inside_fields(tmp_path):
    data = cable_row(content="UNCLAS X 1\r\nTEXT\r\n").replace("\n", "\r\n").replace("\r\r", "\r")
    records, problems = read_all(write(tmp_path, "cables.csv", data + cable_row("2")))
    assert problems == []
    assert records[0].text == "UNCLAS X 1\r\nTEXT\r\n"


def test_broken_quote_is_one_problem_and_reading_goes_on(tmp_path):
    broken = '"2","4/19/2006 13:31","06ASTANA34","E","U","","","SAID "HELLO" TO"\n'
    path = write(tmp_path, "cables.csv", cable_row("1") + broken + cable_row("3"))
    records, [problem] = read_all(path)
    assert [r.metadata.dump_id for r in records] == ["1", "3"]
    assert (problem.path, problem.row, problem.line) == (str(path), 2, 3)
    assert "unescaped quote" in problem.reason
    assert str(problem).startswith(f"{path} row 2 (line 3): ")


def test_unterminated_quote_at_end_of_file(tmp_path):
    path = write(tmp_path, "cables.csv", cable_row("1") + cable_row("2")[:-3])
    records, [problem] = read_all(path)
    assert len(records) == 1
    assert problem.row == 2 and "never closed" in problem.reason


def test_wrong_field_count(tmp_path):
    short = dump_row("2", "4/19/2006 13:31", "06ASTANA34", "E", "U", "", "TEXT")
    records, [problem] = read_all(write(tmp_path, "cables.csv", short + cable_row("3")))
    assert len(records) == 1
    assert (problem.row, problem.reason) == (1, "7 fields instead of 8")


def test_truncated_gzip_keeps_complete_rows_and_reports_the_end(tmp_path):
    data = "".join(cable_row(str(n), content=f"UNCLAS X {n}\n" * 300) for n in range(1, 40))
    path = tmp_path / "cables.csv.gz"
    path.write_bytes(gzip.compress(data.encode())[:-200])
    records, problems = read_all(path)
    assert records and all(r.text.startswith("UNCLAS X") for r in records)
    assert "input ends early" in problems[-1].reason
    assert all(p.path == str(path) for p in problems)


@pytest.mark.parametrize("data", [b"", b"\x1f\x8b"])
def test_empty_or_headless_file_is_a_problem(tmp_path, data):
    path = tmp_path / "cables.csv"
    path.write_bytes(data)
    records, problems = read_all(path)
    assert records == [] and len(problems) == 1


def test_junk_before_the_first_row_is_reported_with_its_line(tmp_path):
    path = write(tmp_path, "cables.csv", "id,date,refid\n" + cable_row("1"))
    records, [problem] = read_all(path)
    assert len(records) == 1 and records[0].line == 2
    assert (problem.row, problem.line) == (None, 1)
    assert "not a cables.csv row" in problem.reason


def test_oversized_row_is_skipped_without_holding_it(tmp_path):
    huge = cable_row("2", content="X" * 50_000 + "\n" + "Y" * 50_000 + "\n")
    path = write(tmp_path, "cables.csv", cable_row("1") + huge + cable_row("3"))
    records, [problem] = read_all(path, max_row_bytes=10_000)
    assert [r.row for r in records] == [1, 3]
    assert problem.row == 2 and "larger than 10,000 bytes" in problem.reason


def test_cp1252_row_is_decoded_with_a_warning(tmp_path):
    data = cable_row(content="\u00b61. (C) TEXT\n").encode("cp1252")
    [record], _ = read_all(write(tmp_path, "cables.csv", data))
    assert record.encoding == "cp1252"
    assert record.text == "\u00b61. (C) TEXT\n"
    assert record.raw_sha256 == hashlib.sha256(b"\xb61. (C) TEXT\n").hexdigest()
    assert any("not valid UTF-8" in warning for warning in record.warnings)


def test_undecodable_row_is_a_problem_naming_the_row(tmp_path):
    data = cable_row("1").encode() + cable_row("2", content="\x81\n").encode("latin-1")
    records, [problem] = read_all(write(tmp_path, "cables.csv", data))
    assert len(records) == 1
    assert problem.row == 2 and "undecodable" in problem.reason


def test_unreadable_date_is_a_warning_not_a_failure(tmp_path):
    row = dump_row("1", "19 April 2006", "06ASTANA33", "", "", "", "", "UNCLAS X\n")
    [record], _ = read_all(write(tmp_path, "cables.csv", row))
    assert record.metadata.date_time is None
    assert record.warnings == ("date column '19 April 2006' is not M/D/YYYY H:MM",)


def test_missing_file_is_a_problem(tmp_path):
    [problem] = list(read_dump(tmp_path / "absent.csv"))
    assert isinstance(problem, SourceProblem) and "cannot open" in problem.reason


field_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=60
)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(field_text, field_text, field_text), min_size=1, max_size=4))
def test_any_escaped_rows_read_back_exactly(rows):
    """Rows written the dump's way read back with their text, metadata and first line."""
    lines = [
        dump_row(str(n), "1/2/2003 4:05", "03X1", origin, "U", "", "FM X\n", "UNCLAS\n" + body)
        for n, (origin, _, body) in enumerate(rows, start=1)
    ]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "cables.csv"
        path.write_text("".join(lines), encoding="utf-8")
        records, problems = read_all(path)
    assert problems == []
    starts = [1 + sum(line.count("\n") for line in lines[:n]) for n in range(len(lines))]
    assert [r.line for r in records] == starts
    for record, (origin, _, body) in zip(records, rows, strict=True):
        assert record.text == "FM X\nUNCLAS\n" + body
        assert record.metadata.origin == (origin.strip() or None)


@settings(max_examples=100, deadline=None)
@given(st.lists(field_text, min_size=8, max_size=8))
def test_split_fields_agrees_with_csv_reader(fields):
    line = dump_row(*fields)
    [expected] = csv.reader(io.StringIO(line), escapechar="\\", doublequote=False, strict=True)
    assert split_fields(line) == expected == fields


@needs_corpus
@pytest.mark.slow
def test_real_dump_reads_every_row_as_csv_reader_does():
    """All 8,801 rows: no problems, and the text is the csv.reader fields joined."""
    csv.field_size_limit(sys.maxsize)
    with gzip.open(DUMP, "rt", encoding="utf-8", newline="") as stream:
        expected_rows = list(csv.reader(stream, escapechar="\\", doublequote=False))
    items = list(read_dump(DUMP))
    assert len(items) == len(expected_rows) == 8801
    for number, (item, row) in enumerate(zip(items, expected_rows, strict=True), start=1):
        assert isinstance(item, SourceRecord), item
        assert item.row == number and item.source_id == row[2]
        header, note = split_header(row[6])
        assert item.metadata.header_note == note
        assert item.text.endswith(row[7]) and item.text.startswith(header)
        assert NOTE not in item.text


@needs_corpus
@pytest.mark.slow
def test_real_dump_metadata_matches_expected_csv():
    with open(CORPUS / "expected.csv", encoding="utf-8", newline="") as stream:
        expected = {
            (row["refid"], row["date"]): row
            for row in csv.DictReader(stream)
            if row["source_format"] == "cables.csv"
        }
    records = [item for item in read_dump(DUMP) if isinstance(item, SourceRecord)]
    for record in records:
        meta = record.metadata
        row = expected[(record.source_id, meta.date_time.strftime("%Y-%m-%d %H:%M"))]
        assert (meta.origin, meta.classification) == (row["origin"], row["classification"])
        assert "|".join(meta.references) == row["csv_references_column"]
    assert len(records) == len(expected)


@pytest.mark.parametrize("block_size", [1, 7, 64])
def test_rows_split_across_tiny_blocks_read_the_same(tmp_path, monkeypatch, block_size):
    """Row starts and escapes cut by block edges, and a long row dropped as it streams."""
    rows = (
        cable_row("1", content='A "QUOTE"\n' * 3)
        + cable_row("22", content="B" * 300 + "\n" + "C" * 300 + "\n")
        + cable_row("333", header="FM X\n", content="UNCLAS\n")
    )
    path = write(tmp_path, "cables.csv", rows)
    expected = [(r.row, r.line, r.text) for r in read_all(path)[0]]
    monkeypatch.setattr("cableroom.sources.dump._BLOCK_SIZE", block_size)
    records, problems = read_all(path)
    assert problems == [] and [(r.row, r.line, r.text) for r in records] == expected
    records, [problem] = read_all(path, max_row_bytes=400)
    assert [r.row for r in records] == [1, 3] and records[1].line == expected[2][1]
    assert (problem.row, problem.line) == (2, expected[1][1])


def test_a_junk_line_after_a_row_is_reported_and_the_row_kept(tmp_path):
    first = cable_row("1", "06ASTANA33", content="UNCLAS ASTANA 000033\nCAFÉ ¶1.\n")
    second = cable_row("2", "06ASTANA34")
    data = first.encode() + b"\xff\xfe junk, not a row\n" + second.encode()
    records, problems = read_all(write(tmp_path, "cables.csv", data))
    assert [record.source_id for record in records] == ["06ASTANA33", "06ASTANA34"]
    # The junk's bytes are not UTF-8; the row before it still is.
    assert records[0].encoding == "utf-8"
    assert "CAFÉ ¶1." in records[0].text
    assert [(problem.row, problem.line) for problem in problems] == [(None, 4)]
    assert "not a cables.csv row" in problems[0].reason
