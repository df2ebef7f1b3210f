"""The real-text corpus: the shared dev dump repeated with fresh ids, for measuring at scale.

The synthetic corpus draws its words from a small vocabulary; real cables have a long
tail of rare words and a few very common ones, and search costs differ accordingly. This
writes `../shared/corpus/cables.csv.gz` (8,801 rows of the WikiLeaks dump format) again
and again into one gzipped dump: copy 0 is the dev dump byte for byte, and every later
copy gets fresh ids while its text stays exactly as published.

- Reference id: the canonical id's serial moves up by a step of its own (year, station)
  group, one more than the largest serial the group has, times the copy number (the
  dev dump's largest 2004 Madrid serial is 4889, so `04MADRID484` becomes
  `04MADRID5374`, `04MADRID10264`, ...). Copies land in disjoint serial ranges, so no
  fresh id meets an id of another copy or of the dev dump. Two rows the canonical form
  makes one (`85NOFORNMOGADISHU1643`, `85MOGADISHU1643`) keep one cable in copy 0, as
  in the real dump, and become two distinct cables in the other copies.
- Dump id (the numeric first column): the original plus the copy number times a power
  of ten above the largest original.

Only the first three fields of each row are rewritten, on the bytes (no decoding), so
rows in other encodings and all the dump's quirks pass through unchanged. The cable
texts keep their own header lines and REF lines, which name the dev dump's ids: the
importer warns on each copied cable that the source's id differs from the text's, and
every copy's references point at the dev dump's cables.

    .venv/bin/python bench/real_corpus.py [--copies 29]   # -> bench/data/real-...csv.gz
"""

import argparse
import gzip
import hashlib
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from cableroom.parsing.ids import ID_SHAPE, canonical_reference_id  # noqa: E402

DATA_DIR = ROOT / "bench" / "data"
SOURCE = ROOT.parent / "shared" / "corpus" / "cables.csv.gz"
# 29 copies of 8,801 rows: 255,229, about the size of the full release (251,287).
COPIES = 29
DEFAULT_SCALE = COPIES * 8_801  # rows of the dev dump; copies_for() counts them
# A row begins at a line start with its quoted numeric id, date and refid (see
# cableroom/sources/dump.py: no line inside a well formed row can begin that way).
_ROW_START = re.compile(rb'(?m)^"(\d+)","([^"\\\n]*)","([^"\\\n]*)",')


@dataclass(frozen=True)
class RowId:
    """Where one row's id fields are in the dump and how its copies are renamed."""

    start: int  # offsets of the three rewritten fields, prefix included
    end: int
    dump_id: int
    date: bytes
    canonical: str  # the dev dump's id as the importer stores it
    prefix: str  # two-digit year and station of the canonical id: "06ASTANA"
    serial: int  # unique within the prefix (a duplicate gets one above the largest)
    step: int  # added once per copy


def row_ids(data: bytes) -> list[RowId]:
    """The id fields of every row of an uncompressed dump, with their serial steps."""
    found = []
    for match in _ROW_START.finditer(data):
        written = match.group(3).decode("ascii", "replace")
        canonical = canonical_reference_id(written)
        shape = ID_SHAPE.match(canonical or "")
        if shape is None:
            raise ValueError(f"row at byte {match.start()}: {written!r} is no reference id")
        year, station, serial = shape.groups()
        found.append((match, canonical, f"{year}{station}", int(serial)))
    largest: dict[str, int] = {}
    for _match, _canonical, prefix, serial in found:
        largest[prefix] = max(largest.get(prefix, 0), serial)
    taken: set[tuple[str, int]] = set()
    rows = []
    for match, canonical, prefix, serial in found:
        if (prefix, serial) in taken:
            largest[prefix] += 1
            serial = largest[prefix]
        taken.add((prefix, serial))
        rows.append((match, canonical, prefix, serial))
    return [
        RowId(
            start=match.start(),
            end=match.end(),
            dump_id=int(match.group(1)),
            date=match.group(2),
            canonical=canonical,
            prefix=prefix,
            serial=serial,
            step=largest[prefix] + 1,
        )
        for match, canonical, prefix, serial in rows
    ]


def fresh_reference_id(row: RowId, copy: int) -> str:
    return f"{row.prefix}{row.serial + copy * row.step}"


def dump_id_stride(rows: list[RowId]) -> int:
    return 10 ** len(str(max((row.dump_id for row in rows), default=0)))


def copy_bytes(data: bytes, rows: list[RowId], copy: int, stride: int) -> Iterator[bytes]:
    """Copy number `copy` of the dump: copy 0 as it is, later ones with fresh ids."""
    if copy == 0:
        yield data
        return
    position = 0
    for row in rows:
        yield data[position : row.start]
        fresh = fresh_reference_id(row, copy).encode("ascii")
        dump_id = str(row.dump_id + copy * stride).encode("ascii")
        yield b'"' + dump_id + b'","' + row.date + b'","' + fresh + b'",'
        position = row.end
    yield data[position:]


def fingerprint(source: Path) -> str:
    """Eight hex digits that change when the source dump or this builder changes."""
    digest = hashlib.sha256(source.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:8]


def corpus_path(copies: int, source: Path = SOURCE) -> Path:
    return DATA_DIR / f"real-x{copies}-{fingerprint(source)}.csv.gz"


def write_corpus(source: Path, target: Path, copies: int) -> int:
    """Write `copies` copies of `source` into the gzipped dump `target`; return rows written."""
    with gzip.open(source, "rb") as stream:
        data = stream.read()
    rows = row_ids(data)
    if data and not data.endswith(b"\n"):
        data += b"\n"  # the next copy's first row must start a line
    stride = dump_id_stride(rows)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with gzip.open(partial, "wb", compresslevel=4) as out:
        for copy in range(copies):
            for piece in copy_bytes(data, rows, copy, stride):
                out.write(piece)
    partial.replace(target)
    return len(rows) * copies


def ensure_real_corpus(copies: int = COPIES, log=print) -> tuple[Path, float | None]:
    """The corpus file, written if missing; and the seconds writing took (None: reused)."""
    if not SOURCE.exists():
        raise FileNotFoundError(f"the real-text corpus needs the shared dump at {SOURCE}")
    path = corpus_path(copies)
    if path.exists():
        log(f"reusing {path.relative_to(ROOT)}")
        return path, None
    started = time.monotonic()
    log(f"writing {copies} copies of {SOURCE.name} into {path.relative_to(ROOT)}")
    rows = write_corpus(SOURCE, path, copies)
    log(f"  {rows:,} rows")
    return path, time.monotonic() - started


def _source_rows(source: Path) -> list[RowId]:
    with gzip.open(source, "rb") as stream:
        return row_ids(stream.read())


def copies_for(count: int, source: Path = SOURCE) -> int:
    """How many copies of the dev dump come closest to `count` cables (at least one)."""
    return max(1, round(count / len(_source_rows(source))))


def expected_cables(copies: int, source: Path = SOURCE) -> int:
    """Cables an import of the corpus stores: rows, less copy 0's rows sharing an id."""
    rows = _source_rows(source)
    merged = len(rows) - len({row.canonical for row in rows})
    return copies * len(rows) - merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=COPIES)
    options = parser.parse_args()
    path, seconds = ensure_real_corpus(options.copies)
    if seconds is not None:
        print(f"{path} written in {seconds:.1f} s")


if __name__ == "__main__":
    main()
