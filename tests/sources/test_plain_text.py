"""The plain-text reader: real cp1252/CRLF files and the seed, synthetic bad files."""

import hashlib
from pathlib import Path

import pytest

from cableroom.sources import SourceProblem, SourceRecord, read_text_cable
from tests.paths import SHARED

TXT = SHARED / "corpus" / "txt"
SEED = SHARED / "seed" / "06ASTANA33.txt"
needs_corpus = pytest.mark.skipif(
    not TXT.exists(), reason=f"MISSING CORPUS: {TXT} not found; real text-file tests not run"
)
needs_seed = pytest.mark.skipif(not SEED.exists(), reason=f"MISSING SEED: {SEED} not found")

CABLE = "UNCLAS ASTANA 000033\n\nTAGS: PGOV, KZ\nSUBJECT: TEST\n\n\u00b61. (SBU) TEXT.\n"


def read_one(path: Path) -> SourceRecord | SourceProblem:
    [item] = list(read_text_cable(path))
    return item


def write(tmp_path: Path, data: bytes, name: str = "06ASTANA33.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (CABLE.encode("utf-8"), "utf-8"),
        (CABLE.encode("cp1252"), "cp1252"),
        (CABLE.replace("\n", "\r\n").encode("cp1252"), "cp1252"),
        (CABLE.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    ],
)
def test_text_is_the_file_exactly(tmp_path, data, encoding):
    record = read_one(write(tmp_path, data))
    assert record.encoding == encoding
    assert record.text.encode(record.encoding) == data
    assert record.raw_sha256 == hashlib.sha256(data).hexdigest()
    assert "\u00b61. (SBU)" in record.text
    assert (record.source_format, record.source_id, record.row, record.line) == (
        "text",
        "06ASTANA33",
        None,
        1,
    )


def test_cp1252_pilcrow_byte_decodes_to_pilcrow(tmp_path):
    record = read_one(write(tmp_path, b"UNCLAS X 1\r\n\r\n\xb61. (C) TEXT\r\n"))
    assert record.text == "UNCLAS X 1\r\n\r\n\u00b61. (C) TEXT\r\n"
    assert record.encoding == "cp1252"


def test_byte_order_mark_is_kept_with_a_warning(tmp_path):
    data = b"\xef\xbb\xbf" + CABLE.encode("utf-8")
    record = read_one(write(tmp_path, data))
    assert record.text.encode("utf-8") == data
    assert "byte order mark" in record.warnings[0]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \r\n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
        (b"TAGS: PGOV\n\x81\x8d bytes in no encoding\n", "undecodable"),
        (b"Dear diary, nothing happened today.\n", "not a cable"),
    ],
)
def test_unreadable_files_are_problems_naming_the_file(tmp_path, data, reason):
    path = write(tmp_path, data, "junk.txt")
    problem = read_one(path)
    assert isinstance(problem, SourceProblem)
    assert problem.path == str(path) and reason in problem.reason


def test_missing_file_is_a_problem(tmp_path):
    problem = read_one(tmp_path / "absent.txt")
    assert isinstance(problem, SourceProblem) and "cannot open" in problem.reason


@needs_corpus
@pytest.mark.parametrize("name", sorted(p.name for p in TXT.glob("*.txt")) if TXT.exists() else [])
def test_real_text_files_round_trip_byte_for_byte(name):
    path = TXT / name
    data = path.read_bytes()
    record = read_one(path)
    assert isinstance(record, SourceRecord), record
    assert record.text.encode(record.encoding) == data
    assert record.raw_sha256 == hashlib.sha256(data).hexdigest()
    assert record.source_id == path.stem
    assert "\r\n" in record.text
    if max(data) > 0x7F:
        assert record.encoding == "cp1252" and "\u00b6" in record.text


@needs_corpus
def test_corpus_has_the_cp1252_files_the_readme_promises():
    records = [read_one(path) for path in sorted(TXT.glob("*.txt"))]
    assert len(records) == 21
    assert sum(record.encoding == "cp1252" for record in records) >= 19


@needs_seed
def test_seed_reads_as_utf8_with_lf():
    record = read_one(SEED)
    assert (record.encoding, record.source_id) == ("utf-8", "06ASTANA33")
    assert "\r" not in record.text and "\u00b64." in record.text
    assert record.raw_sha256 == hashlib.sha256(SEED.read_bytes()).hexdigest()
