"""Read every cable under the paths a user names, choosing the reader per file.

A file named on the command line is always read: by its extension (`.csv`, `.csv.gz`,
`.gz`, `.html`, `.htm`, `.txt`) or, for any other name, by its first bytes; if it holds
no cable that is a SourceProblem. Inside a directory only files that look like a source
are read; the rest (a README, a `.csv` that is not a dump, such as the corpus's
`expected.csv`) are reported to `on_skip`, since they were never meant as input.

Only regular files are opened, here or named (a symbolic link counts as what it points
to): opening a FIFO waits for a writer that may never come, and a device or socket is
no cable file. Such a path is reported to `on_skip` with what it is.
"""

import gzip
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from cableroom.sources.cablegate_html import read_cablegate_page
from cableroom.sources.dump import read_dump
from cableroom.sources.plain_text import read_text_cable
from cableroom.sources.record import SourceItem, SourceProblem

SkipHandler = Callable[[str, str], None]
Reader = Callable[[Path], Iterator[SourceItem]]

_SNIFF_BYTES = 4096
_DUMP_ROW = re.compile(rb'(?:\xef\xbb\xbf)?"\d+","')
_HTML_MARK = re.compile(rb"<(?:!doctype html|html|table)\b", re.IGNORECASE)


def read_sources(
    paths: Iterable[str | Path], *, on_skip: SkipHandler | None = None
) -> Iterator[SourceItem]:
    """Yield a SourceRecord per cable and a SourceProblem per unreadable input, in order.

    Paths may be files or directories (walked recursively in sorted order). A path that
    does not exist or cannot be listed is a SourceProblem. Never raises on bad input.
    """
    for path in paths:
        yield from read_path(path, on_skip=on_skip)


def read_path(path: str | Path, *, on_skip: SkipHandler | None = None) -> Iterator[SourceItem]:
    """Records and problems from one file or directory tree."""
    given = Path(path)
    if given.is_dir():
        yield from _read_directory(given, on_skip)
    elif given.exists():
        special = special_file_kind(given)
        if special is None:
            yield from reader_for(given)(given)
        elif on_skip is not None:
            on_skip(str(given), f"not a regular file (a {special})")
        else:
            yield SourceProblem(str(given), None, None, f"not a regular file (a {special})")
    else:
        yield SourceProblem(str(path), None, None, "no such file or directory")


def reader_for(path: Path) -> Reader:
    """The reader for a file named explicitly: by extension, else by its first bytes."""
    reader = _reader_by_name(path)
    if reader is not None:
        return reader
    head = _head(path)
    if head is not None and (head.startswith(b"\x1f\x8b") or _DUMP_ROW.match(head)):
        return read_dump
    if head is not None and _HTML_MARK.search(head):
        return read_cablegate_page
    return read_text_cable


def _reader_by_name(path: Path) -> Reader | None:
    name = path.name.lower()
    if name.endswith((".csv", ".csv.gz", ".gz")):
        return read_dump
    if name.endswith((".html", ".htm")):
        return read_cablegate_page
    if name.endswith(".txt"):
        return read_text_cable
    return None


def _read_directory(root: Path, on_skip: SkipHandler | None) -> Iterator[SourceItem]:
    errors: list[OSError] = []
    for directory, subdirectories, files in os.walk(root, onerror=errors.append):
        # Sorted, hidden directories left out: runs are repeatable and skip .git & co.
        subdirectories[:] = sorted(name for name in subdirectories if not name.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield from _read_found_file(Path(directory) / name, on_skip)
        for error in errors:
            yield SourceProblem(error.filename or str(root), None, None, _os_reason(error))
        errors.clear()


def special_file_kind(path: Path) -> str | None:
    """What a path that is not a regular file is ("FIFO", "socket", ...); None for a
    regular file, or for one that cannot be looked at (its reader reports why)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    kinds = [
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISDIR, "directory"),
    ]
    return next((name for test, name in kinds if test(mode)), "special file")


def _read_found_file(path: Path, on_skip: SkipHandler | None) -> Iterator[SourceItem]:
    reader = _reader_by_name(path)
    reason = None
    special = special_file_kind(path)
    if special is not None:
        reason = f"not a regular file (a {special})"
    elif reader is None:
        reason = "not a supported source file (.csv, .csv.gz, .html, .htm, .txt)"
    elif reader is read_dump and not _looks_like_dump(path):
        reason = 'not a cables.csv dump (its first line is not a "<id>","<date>",... row)'
    if reason is None:
        yield from reader(path)
    elif on_skip is not None:
        on_skip(str(path), reason)


def _looks_like_dump(path: Path) -> bool:
    head = _head(path)
    if head is None:
        return True  # let the reader report why it cannot be read
    if head.startswith(b"\x1f\x8b"):
        head = _gzip_head(path)
    return head is None or not head.strip() or _DUMP_ROW.match(head) is not None


def _head(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as source:
            return source.read(_SNIFF_BYTES)
    except OSError:
        return None


def _gzip_head(path: Path) -> bytes | None:
    try:
        with gzip.open(path, "rb") as source:
            return source.read(_SNIFF_BYTES)
    except (EOFError, OSError, zlib.error):
        return None


def _os_reason(error: OSError) -> str:
    return f"cannot read directory: {error.strerror or error}"
