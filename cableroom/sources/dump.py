"""Stream cables out of the WikiLeaks `cables.csv` dump, plain or gzipped.

The dump has no header row and eight quoted fields per row: id, date ("M/D/YYYY H:MM"),
refid, origin, classification, references, header, content. Quotes inside fields are
escaped with a backslash (`\\"`, `\\'`, `\\\\`), never doubled, and fields hold newlines.

The file is cut into rows on physical lines that begin `"<digits>","`: inside a well
formed field every quote is escaped, so no line inside a row can begin that way. Each
row is then split on its own, which keeps memory flat (one row at a time, and never
more than `max_row_bytes` of it) and lets one broken row be reported while the rows
after it are still read.

The cable text is the header field followed by the content field. Most rows' header
holds only the note "This record is a partial extract of the original cable...": that
note is not cable text, so it goes to `metadata.header_note` and the text is the
content (plus whatever the header holds after the note, such as a bare date-time line).
"""

import gzip
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cableroom.sources.record import (
    DUMP_FORMAT,
    DecodedText,
    SourceItem,
    SourceMetadata,
    SourceProblem,
    SourceRecord,
    checksum,
    decode_bytes,
)

MAX_ROW_BYTES = 10 * 1024 * 1024
FIELD_COUNT = 8
_BLOCK_SIZE = 1024 * 1024
_NEXT_ROW = re.compile(rb'\n"\d+","')
_QUOTED = re.compile(r'"([^"\\]*+(?:\\.[^"\\]*+)*+)"', re.DOTALL)
_UNQUOTED = re.compile(r'[^,"\r\n]*')
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_DATE = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?\s*")
_NOTE = re.compile(r"\s*This record is a partial extract of the original cable\.[^\n]*")
_LEADING_BLANK_LINES = re.compile(r"(?:[ \t]*\r?\n)+")
_REFERENCE_SEPARATOR = re.compile(r"[|,]")
_READ_ERRORS = (EOFError, OSError, zlib.error)
# What bytes.strip() strips.
_ASCII_WHITESPACE = " \t\n\r\x0b\x0c"


@dataclass(frozen=True, slots=True)
class _RowBytes:
    """The raw bytes of one row (or of junk between rows) and where they start."""

    data: bytes
    row: int | None
    line: int


def read_dump(path: str | Path, *, max_row_bytes: int = MAX_ROW_BYTES) -> Iterator[SourceItem]:
    """Yield a SourceRecord per row of a cables.csv dump, a SourceProblem per bad row.

    Reads `.csv` or gzip (detected by its magic bytes, whatever the name), streaming:
    memory stays flat however large the file. Never raises on bad input: an unopenable
    file, a broken or oversized row, undecodable bytes or a truncated gzip each become
    a SourceProblem naming the file, row and line, and reading goes on where it can.
    """
    name = str(path)
    try:
        stream = _open(path)
    except OSError as error:
        yield SourceProblem(name, None, None, f"cannot open: {error.strerror or error}")
        return
    with stream:
        for piece in _split_rows(stream, name, max_row_bytes):
            if isinstance(piece, SourceProblem):
                yield piece
            else:
                yield from _read_row(piece, name)


def _open(path: str | Path):
    with open(path, "rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rb")
    return open(path, "rb")


class _RowSplitter:
    """Cuts a byte stream into rows at line starts, holding at most one row and a block.

    The buffer starts with a virtual newline (ending "line 0") so the first row is found
    like every other. A row longer than `max_row_bytes` is dropped as it streams past
    (only a problem is reported for it), so memory stays bounded whatever the input.
    """

    def __init__(self, path: str, max_row_bytes: int):
        self.path = path
        self.max_row_bytes = max_row_bytes
        self.buffer = b"\n"
        self.leading = True  # buffer[0] is the virtual newline
        self.scan_from = 0
        self.line = 0  # line of buffer[0]
        self.row_line = 1  # line where the row in the buffer began
        self.rows = 0
        self.row: int | None = None
        self.oversized = False
        self.started = False

    def feed(self, block: bytes) -> Iterator[SourceItem | _RowBytes]:
        """Take the next block; yield every row it completes."""
        if not self.started and block.startswith(b"\xef\xbb\xbf"):
            block = block[3:]  # a byte order mark belongs to the file, not to a cable
        self.started = True
        self.buffer += block
        start, line = 0, self.line
        for match in _NEXT_ROW.finditer(self.buffer, self.scan_from):
            end = match.start() + 1
            chunk = self.buffer[start:end]
            line += chunk.count(b"\n")
            yield from self._finish(chunk)
            self._begin_row(line)
            start = end
        self.buffer, self.line = self.buffer[start:], line
        self.scan_from = max(0, self.buffer.rfind(b"\n"))
        if len(self.buffer) > self.max_row_bytes:
            self._drop()

    def close(self) -> Iterator[SourceItem | _RowBytes]:
        """Yield the last row, if the input held anything."""
        self.line += self.buffer.count(b"\n")
        yield from self._finish(self.buffer)
        self.buffer = b""

    def truncated(self, error: Exception) -> SourceProblem:
        """The problem to report when the input stops early (truncated gzip, I/O error)."""
        detail = str(error) or type(error).__name__
        return SourceProblem(
            self.path,
            None,
            self.line,
            f"input ends early at line {self.line}, file truncated or corrupt: {detail}",
        )

    def _begin_row(self, line: int) -> None:
        self.rows += 1
        self.row = self.rows
        self.row_line = line
        self.oversized = False

    def _finish(self, chunk: bytes) -> Iterator[SourceItem | _RowBytes]:
        if self.leading:
            chunk, self.leading = chunk[1:], False
        if self.oversized or len(chunk) > self.max_row_bytes:
            reason = f"row is larger than {self.max_row_bytes:,} bytes; skipped"
            yield SourceProblem(self.path, self.row, self.row_line, reason)
        elif self.row is not None or chunk.strip():  # blank lines before row 1 are no junk
            yield _RowBytes(chunk, self.row, self.row_line)

    def _drop(self) -> None:
        # Keep only a tail that could still be the start of the next row.
        cut = self.buffer.rfind(b"\n")
        if cut < 0 or len(self.buffer) - cut > 64:
            cut = len(self.buffer)
        self.line += self.buffer.count(b"\n", 0, cut)
        self.buffer = self.buffer[cut:]
        self.leading = self.leading and cut == 0
        self.scan_from = 0
        self.oversized = True


def _split_rows(stream, path: str, max_row_bytes: int) -> Iterator[SourceItem | _RowBytes]:
    splitter = _RowSplitter(path, max_row_bytes)
    while True:
        try:
            block = stream.read1(_BLOCK_SIZE)
        except _READ_ERRORS as error:
            yield from splitter.close()  # the row in progress may be complete
            yield splitter.truncated(error)
            return
        if not block:
            break
        yield from splitter.feed(block)
    if not splitter.started:
        yield SourceProblem(path, None, None, "empty file")
    elif splitter.rows == 0 and not splitter.buffer.strip():
        # Only a byte order mark or blank lines: nothing to import, and the reader
        # must say so rather than pass the file over in silence.
        yield SourceProblem(path, None, None, "no rows: the file holds only blank lines")
    yield from splitter.close()


def _read_row(raw: _RowBytes, path: str) -> Iterator[SourceItem]:
    if raw.row is None:
        yield SourceProblem(
            path, None, raw.line, 'not a cables.csv row (rows begin "<id>","<date>",...)'
        )
        return
    decoded = decode_bytes(raw.data)
    if isinstance(decoded, str):
        yield SourceProblem(path, raw.row, raw.line, decoded)
        return
    fields, trailing = _scan_fields(decoded.text)
    if isinstance(fields, str):
        yield SourceProblem(path, raw.row, raw.line, fields)
        return
    # ASCII whitespace only, as the row splitter judges blank lines: a line holding only
    # a no-break space (0xA0, not UTF-8) is junk, and must not decode the row as cp1252.
    if not trailing.strip(_ASCII_WHITESPACE):
        yield _record(fields, decoded, raw, path)
        return
    # Junk lines after a complete row: the row is read again from its own bytes (the
    # junk must not decide its encoding) and the junk is reported on its own.
    row_end = len(decoded.text.rstrip("\r\n")) - len(trailing)
    newlines = decoded.text.count("\n", 0, row_end)
    cut = -1
    for _ in range(newlines + 1):
        cut = raw.data.index(b"\n", cut + 1)
    yield from _read_row(_RowBytes(raw.data[:cut], raw.row, raw.line), path)
    yield SourceProblem(
        path,
        None,
        raw.line + newlines + 1,
        'not a cables.csv row (rows begin "<id>","<date>",...)',
    )


def split_fields(row_text: str) -> list[str] | str:
    """The eight unescaped fields of one dump row, or the reason they can't be read.

    Same reading as `csv.reader(..., escapechar="\\\\", doublequote=False, strict=True)`:
    a backslash takes the next character literally, a quote ends a quoted field.
    """
    fields, trailing = _scan_fields(row_text)
    if trailing and not isinstance(fields, str):
        return f"unexpected {trailing[0]!r} after field {FIELD_COUNT} (an unescaped quote?)"
    return fields


def _scan_fields(row_text: str) -> tuple[list[str] | str, str]:
    """The fields (or the reason they can't be read), and any lines after a whole row.

    A row is whole once its eighth field ends at a line end: what follows on later
    lines is not part of it (junk between rows), so the row is kept and the rest is
    returned to be reported on its own.
    """
    body = row_text.rstrip("\r\n")
    fields: list[str] = []
    position = 0
    while True:
        if body.startswith('"', position):
            match = _QUOTED.match(body, position)
            if match is None:
                return f"field {len(fields) + 1} opens a quote that is never closed", ""
            value = match.group(1)
            fields.append(unescape(value) if "\\" in value else value)
        else:
            match = _UNQUOTED.match(body, position)
            fields.append(match.group(0))
        position = match.end()
        if position >= len(body):
            break
        if len(fields) == FIELD_COUNT and body.startswith(("\n", "\r\n"), position):
            return fields, body[position:]
        if body[position] != ",":
            reason = f"unexpected {body[position]!r} after field {len(fields)}"
            return reason + " (an unescaped quote?)", ""
        position += 1
    if len(fields) != FIELD_COUNT:
        return f"{len(fields)} fields instead of {FIELD_COUNT}", ""
    return fields, ""


def unescape(value: str) -> str:
    """Undo the dump's backslash escapes: a backslash takes the next character as is."""
    if "\\\\" in value:
        return _ESCAPE.sub(lambda match: match.group(1), value)
    return value.replace("\\", "")  # no escaped backslash: every backslash is an escape


def _record(fields: list[str], decoded: DecodedText, raw: _RowBytes, path: str) -> SourceItem:
    dump_id, date_text, refid, origin, classification, references, header, content = fields
    cable_header, header_note = split_header(header)
    text = join_header(cable_header, content)
    if not text.strip():
        return SourceProblem(path, raw.row, raw.line, "row has no cable text")
    warnings = []
    if decoded.encoding != "utf-8":
        warnings.append(f"row is not valid UTF-8; decoded as {decoded.encoding}")
    date_time = parse_dump_date(date_text)
    if date_time is None and date_text.strip():
        warnings.append(f"date column {date_text!r} is not M/D/YYYY H:MM")
    if not refid.strip():
        warnings.append("refid column is empty")
    metadata = SourceMetadata(
        reference_id=refid.strip() or None,
        date_time=date_time,
        origin=origin.strip() or None,
        classification=classification.strip() or None,
        references=split_references(references),
        dump_id=dump_id.strip() or None,
        header_note=header_note,
    )
    return SourceRecord(
        text=text,
        source_format=DUMP_FORMAT,
        path=path,
        row=raw.row,
        line=raw.line,
        source_id=metadata.reference_id,
        metadata=metadata,
        encoding=decoded.encoding,
        raw_sha256=checksum(text, decoded.encoding),
        warnings=tuple(warnings),
    )


def split_header(header: str) -> tuple[str, str | None]:
    """Split the header field into (cable text it holds, partial-extract note or None).

    A header that is only the note gives ("", the whole field). A header with text after
    the note (a bare date-time line, a page heading) keeps that text, blank lines before
    it dropped, and gives the note's own line as the note.
    """
    match = _NOTE.match(header)
    if match is None:
        return header, None
    rest = header[match.end() :]
    if not rest.strip():
        return "", header
    blank = _LEADING_BLANK_LINES.match(rest)
    return rest[blank.end() :] if blank else rest, match.group(0).strip()


def join_header(header: str, content: str) -> str:
    """Header then content, with a line break between them if the header lacks one."""
    if not header:
        return content
    if header.endswith("\n") or not content:
        return header + content
    return header + "\n" + content


def parse_dump_date(value: str) -> datetime | None:
    """`"4/19/2006 13:31"` -> aware UTC datetime; None if it is not that shape."""
    match = _DATE.fullmatch(value)
    if match is None:
        return None
    month, day, year, hour, minute, second = match.groups()
    try:
        return datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=UTC
        )
    except ValueError:
        return None


def split_references(value: str) -> tuple[str, ...]:
    """The references column (`|`- or comma-separated refids) as a tuple."""
    return tuple(item.strip() for item in _REFERENCE_SEPARATOR.split(value) if item.strip())
