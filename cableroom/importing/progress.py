"""How an import shows its progress: a bar on a terminal, plain lines elsewhere.

On a terminal a tqdm bar shows the count, the rate and the time left (the total is
estimated first by counting the inputs' records, which costs a fraction of the import).
In a log or a pipe a bar would be noise, so a line is printed every few seconds instead.
Problem lines go through the same object so they never tear the bar.
"""

import gzip
import re
import time
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

_BLOCK = 4 * 1024 * 1024
_ROW_START = re.compile(rb'\n"\d{1,12}","')
_TAIL = 16
_DUMP_SUFFIXES = (".csv", ".gz")
_PAGE_SUFFIXES = (".html", ".htm", ".txt")


class Progress:
    """Reports nothing: the default for calls from code and tests."""

    wants_total = False

    def start(self, total: int | None) -> None:
        """Begin; `total` is the expected number of records, if known."""

    def advance(self, count: int) -> None:
        """`count` more records were read and handled."""

    def note(self, message: str) -> None:
        """Show one line (a failure, a skipped file) without breaking the display."""

    def close(self) -> None:
        """The run is over."""


class BarProgress(Progress):
    """A tqdm bar: count, rate and time left."""

    wants_total = True

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.bar = None

    def start(self, total: int | None) -> None:
        self.bar = tqdm(total=total, unit=" cables", file=self.stream, dynamic_ncols=True)

    def advance(self, count: int) -> None:
        self.bar.update(count)

    def note(self, message: str) -> None:
        tqdm.write(message, file=self.stream)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class NotesOnly(Progress):
    """Problem lines only, no progress: for `--no-progress`."""

    def __init__(self, stream: TextIO):
        self.stream = stream

    def note(self, message: str) -> None:
        print(message, file=self.stream, flush=True)


class LineProgress(NotesOnly):
    """A plain line every `interval` seconds, for logs and pipes."""

    def __init__(self, stream: TextIO, interval: float = 10.0):
        super().__init__(stream)
        self.interval = interval
        self.count = 0

    def start(self, total: int | None) -> None:
        self.started = self.last = time.monotonic()

    def advance(self, count: int) -> None:
        self.count += count
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            self._line(now)

    def close(self) -> None:
        self._line(time.monotonic())

    def _line(self, now: float) -> None:
        rate = self.count / max(now - self.started, 1e-9)
        print(f"{self.count:,} records read ({rate:,.0f}/s)", file=self.stream, flush=True)


def progress_for(stream: TextIO, *, enabled: bool = True) -> Progress:
    """A bar if `stream` is a terminal, periodic lines if not, nothing if disabled.

    Problem lines are shown even when progress is disabled: they are the report.
    """
    if not enabled:
        return NotesOnly(stream)
    isatty = getattr(stream, "isatty", None)
    return BarProgress(stream) if isatty and isatty() else LineProgress(stream)


def estimate_records(paths) -> int:
    """About how many records the paths hold: rows of each dump, one per page or text.

    For the time-left estimate only: it reads each dump once, uncompressing it, and
    counts line starts that open a row, without parsing anything.
    """
    total = 0
    for path in map(Path, paths):
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            total += _records_in(file, named=file == path)
    return total


def _records_in(file: Path, *, named: bool) -> int:
    name = file.name.lower()
    if name.startswith(".") and not named:
        return 0
    if name.endswith(_DUMP_SUFFIXES):
        return _dump_rows(file)
    return 1 if named or name.endswith(_PAGE_SUFFIXES) else 0


def _dump_rows(file: Path) -> int:
    try:
        with open(file, "rb") as probe:
            zipped = probe.read(2) == b"\x1f\x8b"
        with gzip.open(file, "rb") if zipped else open(file, "rb") as stream:
            return _count_row_starts(stream)
    except (OSError, EOFError):
        return 0


def _count_row_starts(stream) -> int:
    # A row opens a line with `"<digits>","`; an escaped quote never can.
    # Each block is searched with the tail of the one before, so a row start cut by a
    # block boundary is found; one wholly inside the tail was counted already.
    count, previous = 0, b"\n"  # the first row starts the file
    first = stream.read(_BLOCK)
    if not first.startswith(b'"'):
        return 0  # not a dump (the corpus's expected.csv): discovery skips it too
    block = first
    while block:
        window = previous + block
        count += sum(1 for row in _ROW_START.finditer(window) if row.end() > len(previous))
        previous = block[-_TAIL:]
        block = stream.read(_BLOCK)
    return count
