"""Read plain-text cables, one cable per file, exactly as the bytes say.

Files come as UTF-8 (web-rendered copies) or cp1252 (converted from PDF, `¶` as byte
0xB6): strict UTF-8 is tried first, then cp1252. Line ends (CRLF or LF), trailing
spaces and a byte order mark are kept, so `text.encode(encoding)` is the file.
"""

import re
from collections.abc import Iterator
from pathlib import Path

from cableroom.sources.record import (
    TEXT_FORMAT,
    SourceItem,
    SourceMetadata,
    SourceProblem,
    SourceRecord,
    checksum,
    decode_bytes,
)

MAX_CABLE_BYTES = 10 * 1024 * 1024
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
# Any one of these marks a cable: a classification line, TAGS, SUBJECT, a date-time
# group, an FM line or a transmission id. Damaged cables keep at least one.
_CABLE_MARK = re.compile(
    r"^\s*(?:UNCLAS|UNCLASSIFIED|LIMITED OFFICIAL USE|CONFIDENTIAL|C O N F|SECRET|S E C R E T"
    r"|TOP SECRET|TAGS|SUBJ(?:ECT)?\b|FM |VZCZC|[ZOPR]{1,2} \d{6}Z)"
    r"|\bTAGS\b|\bSUBJECT:|\bE\.?O\.? ?1\d{4}",
    re.MULTILINE,
)


def read_text_cable(path: str | Path) -> Iterator[SourceItem]:
    """Yield the SourceRecord for a one-cable text file, or a SourceProblem.

    Empty, binary, undecodable, oversized files and text with no mark of a cable are
    problems naming the file and the reason. Never raises on bad input.
    """
    name = str(path)
    try:
        with open(path, "rb") as cable_file:
            data = cable_file.read(MAX_CABLE_BYTES + 1)
    except OSError as error:
        yield SourceProblem(name, None, None, f"cannot open: {error.strerror or error}")
        return
    yield text_record(data, name, Path(path).stem)


def text_record(data: bytes, path: str, source_id: str) -> SourceItem:
    """The SourceRecord for one text file's bytes, or the SourceProblem it makes."""
    reason = _unreadable_reason(data)
    if reason:
        return SourceProblem(path, None, None, reason)
    decoded = decode_bytes(data)
    if isinstance(decoded, str):
        return SourceProblem(path, None, None, decoded)
    if _CABLE_MARK.search(decoded.text) is None:
        return SourceProblem(
            path,
            None,
            None,
            "not a cable: no classification line, TAGS, SUBJECT, E.O. line or date-time group",
        )
    warnings = ()
    if decoded.text.startswith("\ufeff"):
        warnings = ("file starts with a UTF-8 byte order mark (kept in the text)",)
    return SourceRecord(
        text=decoded.text,
        source_format=TEXT_FORMAT,
        path=path,
        row=None,
        line=1,
        source_id=source_id,
        metadata=SourceMetadata(),
        encoding=decoded.encoding,
        raw_sha256=checksum(decoded.text, decoded.encoding),
        warnings=warnings,
    )


def _unreadable_reason(data: bytes) -> str | None:
    if len(data) > MAX_CABLE_BYTES:
        return f"larger than {MAX_CABLE_BYTES:,} bytes; not a single cable"
    if not data.strip():
        return "empty file"
    if b"\x00" in data:
        return "binary file (contains NUL bytes), not cable text"
    controls = len(_CONTROL_BYTES.findall(data[:65536]))
    if controls > len(data[:65536]) // 20:
        return f"binary file ({controls} control bytes in the first 64 kB), not cable text"
    return None
