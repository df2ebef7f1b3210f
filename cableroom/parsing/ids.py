"""Reference ids: canonical spelling, building one from a cable's parts, REF lines."""

import re

from cableroom import refdata
from cableroom.parsing.model import Reference
from cableroom.parsing.parse_error import ParseError

PLUSD_SUFFIX = re.compile(r"_[A-Z]$")
# The longest real ids are about 30 characters; anything far longer is not one.
MAX_ID_LENGTH = 80
NOT_ALNUM = re.compile(r"[^A-Z0-9]")
ID_SHAPE = re.compile(r"^(\d{4}|\d{2})([A-Z]+?)(\d+)$")
# Words the published dumps glued in front of a station code (06EFTOBAKU1165).
GLUED_PREFIX = re.compile(
    r"^(?:NOFORN|EFTO|SIPDIS|SENSITIVE|EXDIS|NODIS|LIMDIS|S?E?C?T?I?O?N?\d+OF\d+)"
)
# Old names of the Department's station in REF lines.
STATION_ALIASES = {
    "SECSTATE": "STATE",
    "SECSTATEWASHDC": "STATE",
    "USUN": "USUNNEWYORK",
    "USEU": "USEUBRUSSELS",
    "UNVIE": "UNVIEVIENNA",
}


def two_digit_year(year: str) -> str | None:
    """ "06" -> "06", "1974" -> "74", "7575" (a doubled year) -> "75"; else None."""
    if len(year) == 2:
        return year
    if year[:2] in {"19", "20"}:
        return year[2:]
    if year[:2] == year[2:]:
        return year[:2]
    return None


def station_code(words: str) -> str | None:
    """The station code a written station names ("CAPE TOWN" -> CAPETOWN), if it is known."""
    code = NOT_ALNUM.sub("", words.upper())
    code = STATION_ALIASES.get(code, code)
    if code in refdata.stations():
        return code
    post = refdata.post_for_station(code)
    return post.station_codes[0] if post else None


def make_reference_id(year: str, station: str, serial: str) -> str:
    """Two-digit year + station + serial without leading zeros."""
    return f"{year}{station}{int(serial)}"


def canonical_reference_id(text: str) -> str | None:
    """Canonical id for a pasted spelling ("06 astana 000033", "1974STATE085546", "06ASTANA33_a").

    Malformed ids the dumps contain are mapped through the cablemap table. None when
    the text is not shaped like a reference id.
    """
    if not text or len(text) > MAX_ID_LENGTH:
        return None
    spelled = PLUSD_SUFFIX.sub("", text.strip().upper())
    squeezed = NOT_ALNUM.sub("", spelled)
    squeezed = refdata.malformed_reference_ids().get(squeezed, squeezed)
    match = ID_SHAPE.match(squeezed)
    if match is None:
        return None
    year = two_digit_year(match.group(1))
    if year is None:
        return None
    station = match.group(2)
    if station not in refdata.stations():
        unglued = GLUED_PREFIX.sub("", station)
        station = unglued if unglued in refdata.stations() else station
    return make_reference_id(year, station, match.group(3))


def require_reference_id(text: str) -> str:
    """canonical_reference_id, strict: raises ParseError when text is no reference id."""
    canonical = canonical_reference_id(text)
    if canonical is None:
        raise ParseError(f"{text!r} is not a reference id (year, station, serial: 06ASTANA33)")
    return canonical


# --- REF lines -------------------------------------------------------------------------

LABEL = re.compile(r"(?:^|(?<=[\s;,(¶]))\(?([A-P])(?:\.|\))(?=[\s(A-Z0-9])")
NOTAL = re.compile(r"\bNOTAL\b")
GLUED_ID = re.compile(r"\b(\d{4}|\d{2})([A-Z]{3,})0*(\d{1,7})\b")
WORD = re.compile(r"[A-Z]+|\d+")


def split_reference_items(ref_line: str) -> list[tuple[str | None, str]]:
    """(label, text) items of a REF line, following the labels A., B., ... in order."""
    starts: list[tuple[int, int, str]] = []
    expected = "A"
    for match in LABEL.finditer(ref_line):
        if match.group(1) == expected:
            starts.append((match.start(), match.end(), expected))
            expected = chr(ord(expected) + 1)
    if not starts:
        parts = [part.strip() for part in re.split(r";", ref_line) if part.strip()]
        return [(None, part) for part in parts]
    items: list[tuple[str | None, str]] = []
    lead = ref_line[: starts[0][0]].strip(" ;,¶")
    if lead:
        items.append((None, lead))
    for index, (_start, end, label) in enumerate(starts):
        stop = starts[index + 1][0] if index + 1 < len(starts) else len(ref_line)
        items.append((label, ref_line[end:stop].strip(" ;,¶")))
    return items


def find_cable_id(text: str, default_year: str | None) -> str | None:
    """The first cable id an item names: "99 PRETORIA 12315", "STATE 12345", "05ASTANA123"."""
    upper = text.upper()
    glued = GLUED_ID.search(upper)
    if glued and station_code(glued.group(2)):
        year = two_digit_year(glued.group(1))
        if year:
            return make_reference_id(year, station_code(glued.group(2)), glued.group(3))
    words = WORD.findall(upper)
    for index, word in enumerate(words):
        if not word.isdigit() or index == 0 or len(word) > 7:
            continue
        found = station_before(words, index)
        if found is None:
            continue
        station, first = found
        year = default_year
        if first > 0 and words[first - 1].isdigit() and len(words[first - 1]) in (2, 4):
            year = two_digit_year(words[first - 1]) or default_year
        if year:
            return make_reference_id(year, station, word)
    return None


def station_before(words: list[str], index: int) -> tuple[str, int] | None:
    """The longest run of 1-4 words before words[index] that names a station, and its start."""
    for size in (4, 3, 2, 1):
        first = index - size
        if first < 0 or any(word.isdigit() for word in words[first:index]):
            continue
        code = station_code("".join(words[first:index]))
        if code:
            return code, first
    return None


def parse_references(ref_line: str, default_year: str | None) -> list[Reference]:
    """The cables a REF line names, each with its label, id (if any), NOTAL flag and text."""
    references = []
    for label, text in split_reference_items(ref_line):
        references.append(
            Reference(
                label=label,
                reference_id=find_cable_id(text, default_year),
                notal=bool(NOTAL.search(text.upper())),
                text=text,
            )
        )
    return references
