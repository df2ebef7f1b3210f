"""The corpus plan: every cable's id, date, origin and classification, drawn first.

Drawn sequentially from one seed and sorted by date, so serial numbers rise through each
post's year as real ones do and references can point back at earlier cables. The plan
is small (a few tuples per cable); the expensive text is drawn per cable afterwards,
each from its own seed, so any number of worker processes gives the same corpus.
"""

import calendar
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import UTC, datetime
from random import Random

from cableroom.synthetic.tables import Tables

STATE = "STATE"
RECENT = 200  # a reference to a present cable picks among the last RECENT of its station


@dataclass(frozen=True, slots=True)
class Planned:
    """One cable's identity, fixed before its text is drawn."""

    reference_id: str
    date_time: datetime
    origin: str
    station: str
    serial: int
    classification: str


@dataclass
class CorpusPlan:
    """All planned cables in date order, with indexes for choosing references."""

    seed: int
    cables: list[Planned]
    by_station: dict[str, list[int]] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)

    def __post_init__(self):
        for position, cable in enumerate(self.cables):
            self.by_station.setdefault(cable.station, []).append(position)
        self.ids = {cable.reference_id for cable in self.cables}

    def earlier(self, station: str | None, position: int, rng: Random) -> Planned | None:
        """A recent cable before `position` (of `station`, or of any station when None)."""
        if station is None:
            return self.cables[rng.randrange(position)] if position else None
        positions = self.by_station.get(station, [])
        end = bisect_left(positions, position)
        if end == 0:
            return None
        return self.cables[positions[rng.randint(max(0, end - RECENT), end - 1)]]


def reference_id(year: int, station: str, serial: int) -> str:
    """`06ASTANA33`: two-digit year, station code, serial without leading zeros."""
    return f"{year % 100:02d}{station}{serial}"


def _moment(rng: Random, tables: Tables) -> datetime:
    year = tables.years.draw(rng)
    month = tables.months.draw(rng)
    if year == 2010:  # the release ends in February 2010
        month = 1 + month % 2
    day = rng.randint(1, calendar.monthrange(year, month)[1])
    return datetime(year, month, day, tables.hours.draw(rng), rng.randint(0, 59), tzinfo=UTC)


def plan_corpus(count: int, seed: int, tables: Tables) -> CorpusPlan:
    """Draw `count` cables' dates, origins and classifications; number them by date."""
    rng = Random(f"plan/{seed}")
    drawn = [
        (_moment(rng, tables), index, tables.origins.draw(rng), tables.classifications.draw(rng))
        for index in range(count)
    ]
    drawn.sort()
    serials: dict[tuple[str, int], int] = {}
    cables = []
    for moment, _, origin, classification in drawn:
        station = tables.posts[origin].station
        key = (station, moment.year)
        step = rng.randint(1, 24) if station == STATE else rng.randint(1, 6)
        serial = serials.get(key, rng.randint(0, 60)) + step
        serials[key] = serial
        cables.append(
            Planned(
                reference_id(moment.year, station, serial),
                moment,
                origin,
                station,
                serial,
                classification,
            )  # fmt: skip
        )
    return CorpusPlan(seed, cables)
