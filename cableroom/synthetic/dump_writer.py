"""Write synthetic cables as a cables.csv(.gz) in the WikiLeaks dump's format.

No header row; eight fields, every one quoted: id, date ("M/D/YYYY H:MM"), refid,
origin, classification, references ("|"-separated), header, content. Quotes and
backslashes inside fields are escaped MySQL-style with a backslash (`\\"`, `\\'`,
`\\\\`), never doubled; newlines stay as they are.

A .gz file is written as one gzip member per chunk of cables, each compressed in the
worker that drafted the chunk (gzip readers read the members as one stream). Members
carry no file name and no time, so the same cables always give the same bytes.
"""

import gzip
from collections.abc import Iterable
from pathlib import Path

from cableroom.synthetic.generator import CHUNK, map_chunks
from cableroom.synthetic.synthetic_cable import SyntheticCable

COMPRESS_LEVEL = 1  # level 6 costs three times the CPU for a file 20% smaller


def quote(field: str) -> str:
    """One field as the dump writes it."""
    escaped = field.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'")
    return f'"{escaped}"'


def dump_date(cable: SyntheticCable) -> str:
    """`6/5/1989 10:35`: month and day without leading zeros, as the dump writes dates."""
    moment = cable.date_time
    return f"{moment.month}/{moment.day}/{moment.year} {moment.hour}:{moment:%M}"


def dump_row(cable: SyntheticCable) -> str:
    """The cable as one dump row, newline included."""
    fields = (
        str(cable.row),
        dump_date(cable),
        cable.reference_id,
        cable.origin,
        cable.classification,
        "|".join(reference.reference_id for reference in cable.references),
        cable.header,
        cable.content,
    )
    return ",".join(quote(field) for field in fields) + "\n"


def dump_bytes(cables: Iterable[SyntheticCable], compress: bool) -> bytes:
    """The rows of these cables as UTF-8, gzipped (one member) when `compress`."""
    data = "".join(dump_row(cable) for cable in cables).encode("utf-8")
    return gzip.compress(data, compresslevel=COMPRESS_LEVEL, mtime=0) if compress else data


def write_dump(count: int, seed: int, path: str | Path, workers: int = 1, progress=None) -> Path:
    """Generate `count` cables from `seed` into `path` (gzipped when it ends in .gz).

    `progress(done)` is called after each chunk with the number of cables written.
    """
    path = Path(path)
    job = _gzipped_rows if path.suffix == ".gz" else _plain_rows
    partial_path = path.with_name(path.name + ".partial")
    with open(partial_path, "wb") as out:
        for index, block in enumerate(map_chunks(count, seed, job, workers)):
            out.write(block)
            if progress:
                progress(min(count, (index + 1) * CHUNK))
    partial_path.replace(path)  # a killed run never leaves a truncated file under the name
    return path


def _gzipped_rows(cables: list[SyntheticCable]) -> bytes:
    return dump_bytes(cables, compress=True)


def _plain_rows(cables: list[SyntheticCable]) -> bytes:
    return dump_bytes(cables, compress=False)
