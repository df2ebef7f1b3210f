"""What a source reader hands on: one cable's raw text with its source, or one problem.

Readers yield `SourceRecord | SourceProblem` (the `SourceItem` union) in input order, so
an importer sees every cable and every failure in one stream, can count both, and never
has to wrap a reader in try/except: readers do not raise on bad input.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

DUMP_FORMAT = "cables.csv"
HTML_FORMAT = "cablegate-html"
TEXT_FORMAT = "text"


@dataclass(frozen=True, slots=True)
class SourceMetadata:
    """What the format itself says about a cable, beside its text (all optional).

    These are the source's claims, an independent check on what the parser reads
    from the text: the dump's columns or the cablegate page's table.
    """

    reference_id: str | None = None
    date_time: datetime | None = None  # aware, UTC
    released: date | datetime | None = None
    origin: str | None = None
    classification: str | None = None
    references: tuple[str, ...] = ()
    dump_id: str | None = None
    header_note: str | None = None


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """One cable as published: the raw text, never altered, and where it came from.

    `raw_sha256` is the sha256 of `text.encode(encoding)`: for a text file that is the
    file's exact bytes; for a dump row the unescaped field bytes; for a page the
    reader's text (markup removed) as the page's encoding writes it.
    """

    text: str
    source_format: str
    path: str
    row: int | None
    line: int | None
    source_id: str | None
    metadata: SourceMetadata
    encoding: str
    raw_sha256: str
    warnings: tuple[str, ...] = ()

    @property
    def location(self) -> str:
        """`path`, `path row N (line L)` or `path line L`, for messages."""
        return describe_location(self.path, self.row, self.line)


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """Input that could not be read as a cable: which file, where, and why."""

    path: str
    row: int | None
    line: int | None
    reason: str

    @property
    def location(self) -> str:
        """`path`, `path row N (line L)` or `path line L`, for messages."""
        return describe_location(self.path, self.row, self.line)

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


SourceItem = SourceRecord | SourceProblem


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text decoded from bytes with the encoding that worked."""

    text: str
    encoding: str


def describe_location(path: str, row: int | None, line: int | None) -> str:
    """Name a place in an input file the way every message of the readers does."""
    if row is not None and line is not None:
        return f"{path} row {row} (line {line})"
    if row is not None:
        return f"{path} row {row}"
    if line is not None:
        return f"{path} line {line}"
    return path


def checksum(text: str, encoding: str) -> str:
    """sha256 hex of the bytes `text` was decoded from (it re-encodes exactly)."""
    return hashlib.sha256(text.encode(encoding)).hexdigest()


def decode_bytes(data: bytes) -> DecodedText | str:
    """Decode strict UTF-8, else cp1252; return the reason as a str when neither works.

    cp1252 is the fallback because the PDF-converted cables are cp1252 (`¶` is 0xB6);
    both are strict so that `text.encode(encoding)` gives back exactly `data`.
    """
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return DecodedText(data.decode("cp1252"), "cp1252")
        except UnicodeDecodeError as cp1252_error:
            bad = data[cp1252_error.start]
            return (
                f"undecodable bytes: not UTF-8 (byte 0x{data[utf8_error.start]:02X} at offset "
                f"{utf8_error.start}) and not cp1252 (byte 0x{bad:02X} at offset "
                f"{cp1252_error.start})"
            )
