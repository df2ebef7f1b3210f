"""A cable id typed into the search box: the cable it names, so the box can open it."""

import re

from cableroom.models import Cable
from cableroom.parsing.ids import canonical_reference_id, station_code

_STATION_SERIAL = re.compile(r"^\s*([A-Za-z][A-Za-z .]*?)\s*0*(\d{1,7})\s*$")
FIRST_YEAR, LAST_YEAR = 1966, 2010


def cable_for_id_query(text: str) -> str | None:
    """The public cable a query names by id ("06ASTANA33", "06 ASTANA 33", "ASTANA 000033").

    One query at most, and none when the text is not shaped like an id. A station and
    serial without a year finds the cable only when exactly one year has that serial.
    """
    candidates = _id_candidates(text)
    if not candidates:
        return None
    found = list(
        Cable.objects.public()
        .filter(reference_id__in=candidates)
        .values_list("reference_id", flat=True)[:2]
    )
    return found[0] if len(found) == 1 else None


def _id_candidates(text: str) -> list[str]:
    text = (text or "").strip()
    if not text or len(text) > 40:
        return []
    canonical = canonical_reference_id(text)
    if canonical:
        return [canonical]
    match = _STATION_SERIAL.match(text)
    if match is None:
        return []
    station = station_code(match.group(1))
    if station is None:
        return []
    serial = int(match.group(2))
    return [f"{year % 100:02d}{station}{serial}" for year in range(FIRST_YEAR, LAST_YEAR + 1)]
