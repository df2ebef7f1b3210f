"""Read cables out of cablegate web pages (the 2010-2011 site builds).

A cable page holds `<table class='cable'>` (Reference ID, Created, Released,
Classification, Origin) and, after it, two `<pre>` blocks: the transmission header and
the body, lines joined by `&#x000A;`, tags and paragraph numbers wrapped in links. The
record's text is what a reader of the page sees: header, a blank line, body, with
entities decoded and tags dropped (link text kept, so `¶1.` and `TAGS: PINT IR`).

The classification link's `title` attribute is wrong on most pages, so the link text is
used. Parsing starts at the cable table: the ~40 kB browse sidebar before it is skipped.
"""

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from cableroom.sources.record import (
    HTML_FORMAT,
    SourceItem,
    SourceMetadata,
    SourceProblem,
    SourceRecord,
    checksum,
    decode_bytes,
)

MAX_PAGE_BYTES = 20 * 1024 * 1024
_CABLE_TABLE = re.compile(r"""<table\s+class\s*=\s*["']cable["']""", re.IGNORECASE)
_TIMESTAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")
_HTML_SUFFIXES = (".html", ".htm")


class _CablePageParser(HTMLParser):
    """Collects the cable table's labels and first row, and the text of each <pre>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.labels: list[str] = []
        self.values: list[str] = []
        self.pres: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_table = True  # the parser is fed from the table's opening tag
        self._in_pre = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "pre":
            self._in_pre = True
            self.pres.append([])
        elif self._in_table and tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._in_pre = False
        elif tag == "table":
            self._in_table = False
        elif self._cell is not None and tag in ("th", "td"):
            self._close_cell(tag)

    def handle_data(self, data: str) -> None:
        if self._in_pre:
            self.pres[-1].append(data)
        elif self._cell is not None:
            self._cell.append(data)

    def _close_cell(self, tag: str) -> None:
        text = " ".join("".join(self._cell).split())
        self._cell = None
        if tag == "th":
            self.labels.append(text)
        elif len(self.values) < len(self.labels):  # only the first row after the labels
            self.values.append(text)

    def table(self) -> dict[str, str]:
        """The cable table as {label: text}."""
        return dict(zip(self.labels, self.values, strict=False))


def read_cablegate_page(path: str | Path) -> Iterator[SourceItem]:
    """Yield the one cable on a cablegate page, or a SourceProblem saying why not.

    A page without the cable table is "not a cablegate cable page"; unreadable or
    undecodable files are problems too. Never raises on bad input.
    """
    name = str(path)
    try:
        data = _read_limited(path)
    except OSError as error:
        yield SourceProblem(name, None, None, f"cannot open: {error.strerror or error}")
        return
    if isinstance(data, str):
        yield SourceProblem(name, None, None, data)
        return
    yield page_record(data, name)


def read_cablegate_tree(path: str | Path) -> Iterator[SourceItem]:
    """Every `.html`/`.htm` page under a directory (sorted), or the one page given."""
    root = Path(path)
    if not root.is_dir():
        yield from read_cablegate_page(path)
        return
    for page in sorted(root.rglob("*")):
        if page.is_file() and page.name.lower().endswith(_HTML_SUFFIXES):
            yield from read_cablegate_page(page)


def page_record(data: bytes, path: str) -> SourceItem:
    """The SourceRecord for one page's bytes, or a SourceProblem."""
    decoded = decode_bytes(data)
    if isinstance(decoded, str):
        return SourceProblem(path, None, None, decoded)
    found = _CABLE_TABLE.search(decoded.text)
    if found is None:
        return SourceProblem(path, None, None, "not a cablegate cable page (no cable table)")
    line = decoded.text.count("\n", 0, found.start()) + 1
    parser = _CablePageParser()
    parser.feed(decoded.text[found.start() :])
    parser.close()
    pres = ["".join(parts) for parts in parser.pres]
    if not pres or not any(block.strip() for block in pres):
        return SourceProblem(path, None, line, "cable page has no cable text (<pre> blocks)")
    return _record(parser.table(), pres, decoded.text, decoded.encoding, path, line)


def _record(
    table: dict[str, str], pres: list[str], page: str, encoding: str, path: str, line: int
) -> SourceRecord:
    text, warnings = _cable_text(pres)
    metadata = page_metadata(table)
    if metadata.reference_id is None:
        warnings.append("cable table has no Reference ID")
    if encoding != "utf-8":
        warnings.append(f"page is not valid UTF-8; decoded as {encoding}")
    try:
        digest = checksum(text, encoding)
    except UnicodeEncodeError:
        # Entities can produce characters the page's own encoding cannot write.
        encoding = "utf-8"
        digest = checksum(text, encoding)
    return SourceRecord(
        text=text,
        source_format=HTML_FORMAT,
        path=path,
        row=None,
        line=line,
        source_id=metadata.reference_id,
        metadata=metadata,
        encoding=encoding,
        raw_sha256=digest,
        warnings=tuple(warnings),
    )


def _cable_text(pres: list[str]) -> tuple[str, list[str]]:
    warnings = []
    if len(pres) == 1:
        warnings.append("page has one <pre> block, not header and body; read as the body")
        return pres[0], warnings
    if len(pres) > 2:
        warnings.append(f"page has {len(pres)} <pre> blocks; the first two were read")
    header, body = pres[0], pres[1]
    return (header + "\n\n" + body if header else body), warnings


def page_metadata(table: dict[str, str]) -> SourceMetadata:
    """SourceMetadata from the cable table's {label: text}."""
    return SourceMetadata(
        reference_id=table.get("Reference ID") or None,
        date_time=parse_page_timestamp(table.get("Created", "")),
        released=parse_page_timestamp(table.get("Released", "")),
        origin=table.get("Origin") or None,
        classification=table.get("Classification") or None,
    )


def parse_page_timestamp(value: str) -> datetime | None:
    """`2010-11-30 16:04` -> aware UTC datetime; None if absent or another shape."""
    match = _TIMESTAMP.fullmatch(value.strip())
    if match is None:
        return None
    parts = [int(part) for part in match.groups(default="0")]
    try:
        return datetime(*parts, tzinfo=UTC)
    except ValueError:
        return None


def _read_limited(path: str | Path) -> bytes | str:
    with open(path, "rb") as page:
        data = page.read(MAX_PAGE_BYTES + 1)
    if len(data) > MAX_PAGE_BYTES:
        return f"larger than {MAX_PAGE_BYTES:,} bytes; not a cable page"
    if not data.strip():
        return "empty file"
    return data
