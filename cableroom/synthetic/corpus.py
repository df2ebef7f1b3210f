"""Read ../shared/corpus for measurement: the dump's rows and the December 2010 pages.

Only what `measure` needs: metadata and the header and body text of each cable, held
one at a time. Reads the dump with the csv module and the dialect its README gives, so
measuring does not wait for the project's own readers.
"""

import csv
import gzip
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

HTML_BUILD = "chillicoder_build-201012102105"
HTML_FORMAT = "cablegate-html-2010-12"
_PRE = re.compile(r"<pre[^>]*>(.*?)</pre>", re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class CorpusCable:
    """One real cable as a source gives it: its own metadata and its text."""

    source: str  # "dump" or "html"
    reference_id: str
    date_time: datetime
    origin: str
    classification: str
    references: tuple[str, ...]
    header: str
    body: str


def dump_dialect() -> dict:
    """csv.reader arguments for the cables.csv dump: backslash escapes, no doubled quotes."""
    return {"escapechar": "\\", "doublequote": False, "quotechar": '"', "strict": False}


def read_dump_rows(path: Path) -> Iterator[list[str]]:
    """Rows of a cables.csv(.gz) dump as lists of eight strings."""
    csv.field_size_limit(1 << 30)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.reader(handle, **dump_dialect())


def dump_cables(corpus: Path) -> Iterator[CorpusCable]:
    """Every row of corpus/cables.csv.gz."""
    for row in read_dump_rows(corpus / "cables.csv.gz"):
        references = tuple(ref for ref in re.split(r"[|,]", row[5]) if ref.strip())
        yield CorpusCable(
            "dump", row[2], datetime.strptime(row[1], "%m/%d/%Y %H:%M"), row[3], row[4],
            references, row[6], row[7],
        )  # fmt: skip


def html_cables(corpus: Path) -> Iterator[CorpusCable]:
    """The primary copies from the December 2010 site build, metadata from expected.csv."""
    with open(corpus / "expected.csv", encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["source_format"] == HTML_FORMAT]
    for row in rows:
        if row["role"] != "primary":
            continue
        when = datetime.strptime(row["date"], "%Y-%m-%d %H:%M")
        page = corpus / "html" / HTML_BUILD / "cable" / f"{when:%Y}" / f"{when:%m}"
        blocks = pre_blocks(page / f"{row['refid']}.html")
        if len(blocks) < 2:
            continue
        yield CorpusCable(
            "html", row["refid"], when, row["origin"], row["classification"], (),
            blocks[0], blocks[1],
        )  # fmt: skip


def pre_blocks(path: Path) -> list[str]:
    """The text of a cablegate page's <pre> blocks: transmission header, then body."""
    try:
        page = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [html.unescape(_TAG.sub("", block)) for block in _PRE.findall(page)]
