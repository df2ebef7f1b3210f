"""The importer on hostile input: never a crash, never a record lost without a word.

Every test checks the import's accounting: each item read is imported, unchanged, a new
version or a failure named in the summary, so a record can only be lost out loud.
The cables here are synthetic and hand-written.
"""

import gzip
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from cableroom.importing.run import ImportSummary, import_cables
from cableroom.models import Cable

pytestmark = pytest.mark.django_db(transaction=False)

ROW_COUNT = 12


def escape(value: str) -> str:
    """A field as the dump writes it: backslash before quotes and backslashes."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'")


def cable_text(number: int, extra: str = "") -> str:
    return (
        f"UNCLAS TESTVILLE {number:06d}\n\nE.O. 12958: N/A\nTAGS: PREL, KZ\n"
        f"SUBJECT: HOSTILE IMPORT TEST {number}\n\n1. (U) A synthetic paragraph.{extra}\n\n"
        "2. (U) Another one.\nSMITH\n"
    )


# A plain-text cable names its id through its header: date-time group, post, serial.
# The station must be a known one (ASTANA) for the id to be read from the serial line.
TEXT_HEADER = "P 191331Z APR 06\nFM USOFFICE ASTANA\nTO RUEHC/SECSTATE WASHDC 0107\n\n"


def reference_id(number: int) -> str:
    return f"06TESTVILLE{number}"


def dump_row(number: int, content: str | None = None) -> bytes:
    fields = [
        str(number),
        "4/19/2006 13:31",
        reference_id(number),
        "Embassy Testville",
        "UNCLASSIFIED",
        "",
        "",
        content if content is not None else cable_text(number),
    ]
    return (",".join(f'"{escape(field)}"' for field in fields) + "\n").encode()


def good_rows(count: int = ROW_COUNT) -> list[bytes]:
    return [dump_row(number) for number in range(1, count + 1)]


def run_import(*paths: Path) -> ImportSummary:
    # No worker processes: the same code path, without a pool per example.
    summary = import_cables(paths=list(paths), workers=0, batch_size=50)
    accounted = summary.imported + summary.unchanged + summary.new_versions + summary.failed
    assert accounted == summary.read, summary.report()
    assert len(summary.failures) == min(summary.failed, 100)
    return summary


def stored_ids() -> set[str]:
    return set(Cable.objects.values_list("reference_id", flat=True))


hypothesis_settings = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@hypothesis_settings
@given(
    data=st.binary(max_size=3000),
    name=st.sampled_from(["cables.csv", "cables.csv.gz", "cable.txt", "page.html", "noext"]),
)
@example(data=b"\x1f\x8b\x08\x00" + b"\x00" * 20, name="cables.csv.gz")
@example(data=b'"1","', name="cables.csv")
@example(data=b"\xef\xbb\xbf\n", name="cables.csv")
@example(data=b"<html><table><tr><td>", name="page.html")
def test_arbitrary_bytes_in_any_kind_of_file_never_crash_the_import(tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    run_import(path)


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf", b"\n\n"])
def test_a_named_dump_with_nothing_in_it_is_reported(tmp_path, data):
    path = tmp_path / "cables.csv"
    path.write_bytes(data)
    assert run_import(path).failed == 1


JUNK_LINE = st.binary(min_size=1, max_size=300).filter(lambda junk: b'"' not in junk)


@hypothesis_settings
@given(junk=JUNK_LINE, position=st.integers(min_value=0, max_value=ROW_COUNT))
@example(junk=b"\x00\xff\xfe binary noise", position=3)
@example(junk=b"\x1f\x8b\x08", position=5)
@example(junk=b"\t", position=0)
@example(junk=b"\xef\xbb\xbf", position=0)
@example(junk=b"\xa0", position=1)  # a no-break space in cp1252, not UTF-8
def test_a_junk_line_costs_at_most_the_row_it_follows(tmp_path, junk, position):
    # A file that opens with gzip's magic bytes is read as gzip: a corrupt one, here.
    assume(position or not junk.startswith(b"\x1f\x8b"))
    rows = good_rows()
    rows.insert(position, junk.replace(b"\n", b" ") + b"\n")
    path = tmp_path / "cables.csv"
    path.write_bytes(b"".join(rows))
    summary = run_import(path)
    # The row just before the junk absorbs it (the reader cannot tell junk from a broken
    # field) and is reported; every other row is imported.
    suspect = {reference_id(position)} if position else set()
    expected = {reference_id(number) for number in range(1, ROW_COUNT + 1)}
    assert expected - suspect <= stored_ids()
    # Whitespace, or a byte order mark opening the file, may rightly be read as nothing.
    if junk.removeprefix(b"\xef\xbb\xbf" if position == 0 else b"").strip():
        assert summary.failed >= 1, "the junk, or the row that absorbed it, is reported"


def test_the_row_before_a_junk_line_is_kept(tmp_path):
    rows = good_rows(3)
    rows.insert(2, b"junk that is not a row\n")
    path = tmp_path / "cables.csv"
    path.write_bytes(b"".join(rows))
    run_import(path)
    assert stored_ids() == {reference_id(1), reference_id(2), reference_id(3)}


def prefix_rows(rows: list[bytes], prefix: bytes) -> int:
    """How many of the rows lie complete, newline included, inside `prefix`."""
    complete, offset = 0, 0
    for row in rows:
        offset += len(row)
        if offset > len(prefix):
            break
        complete += 1
    return complete


@hypothesis_settings
@given(fraction=st.floats(min_value=0.0, max_value=0.999))
@example(fraction=0.5)
@example(fraction=0.0)
def test_a_truncated_gzip_keeps_every_complete_row_and_reports_the_cut(tmp_path, fraction):
    rows = good_rows(60)
    whole = gzip.compress(b"".join(rows), mtime=0)
    cut = whole[: int(len(whole) * fraction)]
    path = tmp_path / "cables.csv.gz"
    path.write_bytes(cut)
    readable = zlib.decompressobj(wbits=31).decompress(cut)
    summary = run_import(path)
    complete = prefix_rows(rows, readable)
    # The last complete row is lost (and reported) when the cut falls inside the next
    # row's opening `"id","`: the same junk-after-a-row case as above.
    assert {reference_id(number) for number in range(1, complete)} <= stored_ids()
    assert summary.failed >= 1, "the truncation is reported"
    # No half row sneaks in as if it were whole.
    for cable in Cable.objects.select_related("current_version"):
        number = int(cable.reference_id.removeprefix("06TESTVILLE"))
        assert cable.current_version.raw_text == cable_text(number)


def test_a_dump_with_a_broken_quote_loses_only_that_row(tmp_path):
    rows = good_rows(5)
    broken = cable_text(3).replace("synthetic paragraph", 'synthetic "quoted" paragraph')
    fields = dump_row(3, "PLACEHOLDER").decode().replace("PLACEHOLDER", broken)
    rows[2] = fields.encode()  # the quotes inside the content are not escaped
    path = tmp_path / "cables.csv"
    path.write_bytes(b"".join(rows))
    summary = run_import(path)
    assert stored_ids() == {reference_id(n) for n in (1, 2, 4, 5)}
    assert summary.failed == 1
    assert "row 3" in summary.failures[0]


@pytest.mark.slow
def test_a_50_mb_field_is_reported_and_its_neighbours_imported(tmp_path):
    path = tmp_path / "cables.csv"
    with open(path, "wb") as dump:
        dump.write(dump_row(1))
        dump.write(dump_row(2, cable_text(2, extra=" FILLER" * (50 * 1024 * 1024 // 7))))
        dump.write(dump_row(3))
    assert path.stat().st_size > 50 * 1024 * 1024
    summary = run_import(path)
    assert stored_ids() == {reference_id(1), reference_id(3)}
    assert summary.failed == 1
    assert "larger than" in summary.failures[0]


@pytest.mark.slow
def test_a_directory_of_10000_empty_files_and_one_cable(tmp_path):
    for index in range(10_000):
        (tmp_path / f"cable-{index:05d}.txt").touch()
    (tmp_path / "real").mkdir()
    text = TEXT_HEADER + cable_text(1).replace("TESTVILLE", "ASTANA")
    (tmp_path / "real" / "cable.txt").write_text(text)
    started = time.monotonic()
    summary = run_import(tmp_path)
    seconds = time.monotonic() - started
    assert stored_ids() == {"06ASTANA1"}
    # Each empty file is named as a failure or a skip: none vanishes unseen.
    assert summary.failed + summary.skipped == 10_000, summary.report()
    assert summary.read + summary.skipped == 10_001
    print(f"10,000 empty files imported in {seconds:.1f} s")
