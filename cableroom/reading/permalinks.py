"""Finding a cable from any spelling of its reference id, and the nearest ids when none matches.

A permalink must keep working whatever form a reader pasted: lower case, zero-padded
serials, PlusD suffixes, the malformed ids of the published dumps. The parser's
`canonical_reference_id` knows the spellings; this module asks the database which
canonical id exists, so the views can answer 301 to it or 404 with the nearest ids.
"""

import difflib
import re
from dataclasses import dataclass

from cableroom.models import Cable
from cableroom.parsing.ids import canonical_reference_id

# Two-digit year, station letters, serial: 06ASTANA33. PlusD adds 1970s four-digit years.
ID_SHAPE = re.compile(r"^(?P<year>\d{2}|\d{4})(?P<station>[A-Z]+)(?P<serial>\d+)")

NEAREST_LIMIT = 5
# Ids of one year and serial compared by spelling when the station finds nothing.
NEAREST_CANDIDATES = 2000


@dataclass(frozen=True)
class IdParts:
    """A reference id cut into its year, station code and serial."""

    year: str
    station: str
    serial: int

    @property
    def prefix(self) -> str:
        return f"{self.year}{self.station}"


def split_reference_id(reference_id: str) -> IdParts | None:
    """Year, station and serial of an id, or None when it does not look like one."""
    match = ID_SHAPE.match(reference_id.upper())
    if match is None:
        return None
    year = match["year"][-2:]
    return IdParts(year, match["station"], int(match["serial"]))


def existing_reference_id(spelling: str) -> str | None:
    """The stored reference id a pasted spelling stands for, or None.

    Tries the parser's canonical form, then the spelling as given and upper-cased, in
    one indexed query. Withdrawn cables count: the reader is then sent on to their 410
    page at the canonical address. No case-insensitive scan: ids are stored upper-case,
    and a scan of the whole table on every unknown id would let 404s cost the most.
    """
    canonical = canonical_reference_id(spelling)
    spellings = [spelling for spelling in (canonical, spelling, spelling.upper()) if spelling]
    stored = Cable.objects.filter(reference_id__in=spellings).values_list(
        "reference_id", flat=True
    )
    found = set(stored)
    return next((candidate for candidate in spellings if candidate in found), None)


def nearest_reference_ids(spelling: str, limit: int = NEAREST_LIMIT) -> list[str]:
    """Public ids close to an unknown one: the same post and year first, near serials first.

    Falls back to ids of the same year and serial that look alike (a mistyped
    station), so `06ASTNA33` suggests `06ASTANA33`.
    """
    parts = split_reference_id(canonical_reference_id(spelling) or spelling)
    if parts is None:
        return []
    public = Cable.objects.public()
    ids = _ids_around(_with_prefix(public, parts.prefix), parts, limit)
    by_serial = [
        (found, found_parts.serial)
        for found in ids
        if (found_parts := split_reference_id(found)) and found_parts.station == parts.station
    ]
    if by_serial:
        by_serial.sort(key=lambda pair: (abs(pair[1] - parts.serial), pair[1]))
        return [found for found, _ in by_serial[:limit]]
    return _alike_in_year(parts, limit)


def _alike_in_year(parts: IdParts, limit: int) -> list[str]:
    """Ids of the same year and serial spelled like the wanted one (a mistyped station).

    Reads ids only, in index order, so PostgreSQL can answer from the index alone;
    whether the few close matches are public is asked afterwards.
    """
    same_year = _with_prefix(Cable.objects.all(), parts.year)
    same_year = same_year.filter(reference_id__endswith=str(parts.serial)).order_by("reference_id")
    ids = list(same_year.values_list("reference_id", flat=True)[:NEAREST_CANDIDATES])
    wanted = f"{parts.prefix}{parts.serial}"
    close = difflib.get_close_matches(wanted, ids, n=limit * 2, cutoff=0.6)
    public = set(
        Cable.objects.public()
        .filter(reference_id__in=close)
        .order_by()
        .values_list("reference_id", flat=True)
    )
    return [found for found in close if found in public][:limit]


def _with_prefix(cables, prefix: str):
    """Ids starting with `prefix`, as an index range scan.

    LIKE 'X%' cannot use the index under a non-C collation; a range can.
    """
    after_prefix = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return cables.filter(
        reference_id__gte=prefix, reference_id__lt=after_prefix, reference_id__startswith=prefix
    )


def _ids_around(cables, parts: IdParts, limit: int) -> list[str]:
    """Ids sorting just before and after the wanted one: two short index range scans."""
    wanted = f"{parts.prefix}{parts.serial}"
    ids = cables.values_list("reference_id", flat=True)
    before = ids.filter(reference_id__lt=wanted).order_by("-reference_id")[: limit * 4]
    after = ids.filter(reference_id__gte=wanted).order_by("reference_id")[: limit * 4]
    return [*before, *after]
