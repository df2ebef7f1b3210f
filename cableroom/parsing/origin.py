"""Who sent the cable and which reference id it has, from whatever the text offers."""

import re

from cableroom import refdata
from cableroom.parsing.classline import ClassificationLine
from cableroom.parsing.dates import full_year
from cableroom.parsing.ids import make_reference_id, station_code
from cableroom.parsing.model import ParsedCable

NEW_PAGE_MARK = re.compile(
    r"^[ \t]*([A-Z][A-Z .'-]{1,30}?)[ \t]+0*(\d{1,8})[ \t]+\d{3}(?:\.\d)?[ \t]+OF[ \t]+\d{3}", re.M
)
DECL_YEAR = re.compile(
    r"\bDECL\w*(?:[ \t]+ON)?(?:[ \t]*:)?[ \t]*\d{1,2}/\d{1,2}/(\d{4}|\d{2})\b", re.I
)
DECL_OFFSETS = (10, 25, 20, 15, 5)
FIRST_YEAR, LAST_YEAR = 1966, 2010
EO_NUMBER = re.compile(r"\b(1[0-9]{4})\b")
# Years each executive order on classification was cited in cables.
EO_YEARS = {
    "11652": (1972, 1978),
    "12065": (1978, 1982),
    "12356": (1982, 1995),
    "12958": (1995, 2010),
    "13526": (2009, 2010),
}


def resolve_origin(cable: ParsedCable, line: ClassificationLine | None) -> refdata.PostFact | None:
    """The sending post: from the classification line's station, else the FM line, else DE."""
    if line and line.station_words:
        post = refdata.post_for_station(line.station_words) or refdata.post_for_station(
            line.station or ""
        )
        if post:
            return post
    if cable.from_line:
        post = refdata.post_for_from_line(cable.from_line)
        if post:
            return post
    if cable.sender_routing_indicator:
        return refdata.post_for_routing_indicator(cable.sender_routing_indicator)
    return None


def header_disagrees(cable: ParsedCable, line: ClassificationLine) -> bool:
    """True when the DE serial and the FM post name another cable than the classification line.

    Some web copies pair one cable's header with another cable's body; the header is
    then the copy's own identity.
    """
    if not (cable.station_serial and line.serial and cable.from_line):
        return False
    if int(cable.station_serial) == int(line.serial):
        return False
    post = refdata.post_for_from_line(cable.from_line)
    return post is not None and line.station is not None and line.station not in post.station_codes


def page_mark_station(body: str) -> tuple[str | None, str | None]:
    """Station and serial from a new-form page-break line ("ASTANA 00000033 001.2 OF 002")."""
    match = NEW_PAGE_MARK.search(body)
    if match is None:
        return None, None
    return station_code(match.group(1)), match.group(2)


def id_station(
    line: ClassificationLine | None, post: refdata.PostFact | None, body: str
) -> tuple[str | None, str | None]:
    """Station code and serial for the reference id, from the best source available."""
    if line and line.station and line.serial:
        return line.station, line.serial
    station, serial = page_mark_station(body)
    if station is None and post and post.station_codes:
        station = post.station_codes[0]
    return station, serial


def guessed_year(eo_text: str) -> str | None:
    """A two-digit year when no date-time group exists, from the E.O. line's DECL date.

    Cables were mostly declassified 10 years on, some 25 (or 5, 15, 20); the first
    offset that lands within the years the cited executive order was in force wins.
    """
    match = DECL_YEAR.search(eo_text)
    if match is None:
        return None
    declassify = full_year(int(match.group(1)))
    first, last = EO_YEARS.get(eo_number(eo_text), (FIRST_YEAR, LAST_YEAR))
    for offset in DECL_OFFSETS:
        if first <= declassify - offset <= last:
            return f"{(declassify - offset) % 100:02d}"
    return None


def eo_number(eo_text: str) -> str | None:
    match = EO_NUMBER.search(eo_text)
    return match.group(1) if match else None


def build_reference_id(
    cable: ParsedCable, line: ClassificationLine | None, post: refdata.PostFact | None, body: str
) -> None:
    """Set station, station_serial and reference_id, warning about each guess."""
    station, serial = id_station(line, post, body)
    serial = serial or cable.station_serial
    cable.station = station
    cable.station_serial = str(int(serial)) if serial else None
    if station is None or serial is None:
        cable.warn("reference_id", "No station and serial found: the reference id is unknown")
        return
    if cable.date_time is not None:
        year = f"{cable.date_time.year % 100:02d}"
    elif line and line.year:
        year = line.year
    else:
        year = guessed_year(cable.eo_line or "")
        if year is None:
            cable.warn(
                "reference_id",
                f"No date-time group: the year of {station} {int(serial)} is unknown",
            )
            return
        cable.reference_id_year_guessed = True
        cable.warn(
            "reference_id",
            f"No date-time group: year {year} guessed from the declassification date",
        )
    cable.reference_id = make_reference_id(year, station, serial)
