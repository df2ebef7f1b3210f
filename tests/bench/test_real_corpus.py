"""The real-text corpus builder: fresh ids unique and well formed, the dump still readable."""

import gzip
import re
from collections import Counter

import pytest

from bench.real_corpus import expected_cables, write_corpus
from cableroom.parsing.ids import ID_SHAPE, canonical_reference_id
from cableroom.sources import SourceProblem, read_dump
from tests.paths import CORPUS

DUMP = CORPUS / "cables.csv.gz"
needs_corpus = pytest.mark.skipif(
    not DUMP.exists(), reason=f"MISSING CORPUS: {DUMP} not found; real-corpus tests not run"
)
NOTE = "This record is a partial extract of the original cable."
# Three rows: an escaped quote and a line break inside fields, and two written ids that
# the canonical form makes one (as in the real dump).
ROWS = [
    ("3", "1/5/2006 9:15", "06ASTANA33", "Embassy Astana", 'He said \\"no\\".\nASTANA 33'),
    ("17", "2/1/1985 10:00", "85NOFORNMOGADISHU1643", "Embassy Mogadishu", "SOMALIA\nTEXT"),
    ("18", "2/1/1985 11:00", "85MOGADISHU1643", "Embassy Mogadishu", "SOMALIA AGAIN"),
]


def _row(dump_id, date, refid, origin, content) -> str:
    fields = [dump_id, date, refid, origin, "UNCLASSIFIED", "", NOTE, content]
    return ",".join(f'"{field}"' for field in fields) + "\n"


def _records(path):
    items = list(read_dump(path))
    assert not [item for item in items if isinstance(item, SourceProblem)]
    return items


def test_copies_get_fresh_unique_ids_and_keep_their_text(tmp_path):
    source = tmp_path / "source.csv.gz"
    source.write_bytes(gzip.compress("".join(_row(*row) for row in ROWS).encode()))
    target = tmp_path / "out" / "real.csv.gz"

    assert write_corpus(source, target, copies=3) == 9
    records = _records(target)

    assert len(records) == 9
    assert [r.metadata.reference_id for r in records[:3]] == [row[2] for row in ROWS]
    assert [r.text for r in records[3:6]] == [r.text for r in records[:3]]
    assert [r.text for r in records[6:]] == [r.text for r in records[:3]]
    assert records[0].text.startswith('He said "no".\n')
    fresh = [r.metadata.reference_id for r in records[3:]]
    assert all(canonical_reference_id(ref) == ref and ID_SHAPE.match(ref) for ref in fresh)
    stored = [canonical_reference_id(r.metadata.reference_id) for r in records]
    # Copy 0 keeps the real dump's merge of two spellings; every later copy has two cables.
    assert Counter(stored).most_common(2) == [("85MOGADISHU1643", 2), ("06ASTANA33", 1)]
    assert len(set(stored)) == 8 == expected_cables(3, source)
    assert fresh[:3] == ["06ASTANA67", "85MOGADISHU3288", "85MOGADISHU3289"]
    assert len({r.metadata.dump_id for r in records}) == 9
    assert [r.metadata.dump_id for r in records[3:6]] == ["103", "117", "118"]


@needs_corpus
def test_real_rows_repeat_with_ids_no_copy_shares(tmp_path):
    with gzip.open(DUMP, "rb") as stream:
        data = stream.read()
    starts = [match.start() for match in re.finditer(rb'(?m)^"\d+","', data)]
    source = tmp_path / "head.csv.gz"
    source.write_bytes(gzip.compress(data[: starts[400]]))  # the first 400 rows
    target = tmp_path / "real.csv.gz"

    write_corpus(source, target, copies=4)
    records = _records(target)

    assert len(records) == 1600
    original = records[:400]
    assert all(r.text == original[i % 400].text for i, r in enumerate(records))
    fresh = [r.metadata.reference_id for r in records[400:]]
    assert len(set(fresh)) == len(fresh)
    assert all(canonical_reference_id(ref) == ref for ref in fresh)
    assert not set(fresh) & {canonical_reference_id(r.metadata.reference_id) for r in original}
    dump_ids = [r.metadata.dump_id for r in records]
    assert len(set(dump_ids)) == len(dump_ids)
    # Year, station and date stay the cable's own.
    for i, record in enumerate(records[400:]):
        first = original[i % 400]
        fresh_year, fresh_station, _ = ID_SHAPE.match(record.metadata.reference_id).groups()
        year, station, _ = ID_SHAPE.match(canonical_reference_id(first.source_id)).groups()
        assert (fresh_year, fresh_station) == (year, station)
        assert record.metadata.date_time == first.metadata.date_time
