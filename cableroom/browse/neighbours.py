"""Previous and next cable within the search a reader came from.

The search travels in the cable URL as one parameter, `search`, holding the browse
page's query string (`/cable/06ASTANA33/?search=tag%3DPREL`), so a link to "this cable,
read inside that search" can be shared. The string is validated by the browse page's
own FilterSet and evaluated by its own engine (the in-process index, and full-text
matching when the search has words), so prev/next follow exactly the order the reader
saw, whatever the sort. Parameters the browse page refuses, or words this node cannot
search yet (its index being built), give no neighbours, never an error page.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

import numpy as np
from django.http import QueryDict

from cableroom.browse.engine import PER_PAGE, known_values, results_for
from cableroom.browse.index import browse_index
from cableroom.browse.state import SearchState
from cableroom.models import Cable
from cableroom.search import SearchUnavailable

SEARCH_PARAMETER = "search"
MAX_SEARCH_CHARS = 4000


@dataclass(frozen=True)
class SearchContext:
    """The reader's search: the browse page's query string, as it was."""

    query_string: str

    def cable_url(self, cable: Cable) -> str:
        """A cable's page inside this search, so prev/next carry on from there."""
        return f"{cable.get_absolute_url()}?{urlencode({SEARCH_PARAMETER: self.query_string})}"

    def results_query(self, page: int | None) -> str:
        """The browse query string, turned to the page that lists the cable."""
        return self.state.with_page(page or 1).query_string()

    @property
    def state(self) -> SearchState:
        return SearchState.from_query(QueryDict(self.query_string))


@dataclass(frozen=True)
class Neighbours:
    """The cables before and after one cable in a search's order (either may be None)."""

    search: SearchContext
    previous: Cable | None
    next: Cable | None
    position: int | None = None  # 1-based place in the results; None when not among them
    count: int = 0

    @property
    def results_query(self) -> str:
        """The browse query string of the results page this cable is on."""
        page = (self.position - 1) // PER_PAGE + 1 if self.position else None
        return self.search.results_query(page)


def search_context(query_string: str) -> SearchContext | None:
    """The search carried in a cable URL, or None when there is none (or it is absurd)."""
    if not query_string or len(query_string) > MAX_SEARCH_CHARS:
        return None
    return SearchContext(query_string=query_string)


def neighbours(cable: Cable, search: SearchContext) -> Neighbours:
    """The cables just before and after `cable` in the search's results.

    Queries: the index's generation check, the text match when the search has words
    (and its ranking when sorted by relevance), and one fetch of the two neighbours.
    Locating the cable is array work, no OFFSET.
    """
    index = browse_index()
    constraints, problems = search.state.validate(known_values(index))
    if problems:
        return Neighbours(search, None, None)
    # The browse page's own matching and ranking, so the order is the one the reader saw
    # (including its newest-first fallback when too many cables match to rank).
    try:
        result, _notice = results_for(index, constraints)
    except SearchUnavailable:
        return Neighbours(search, None, None)
    ordered = result.ordered
    positions, _ = index.locate(np.array([cable.pk], dtype=np.int64))
    places = np.flatnonzero(ordered == positions[0]) if len(positions) else []
    if len(places) == 0:
        return Neighbours(search, None, None, count=len(ordered))
    place = int(places[0])
    before = int(index.ids[ordered[place - 1]]) if place > 0 else None
    after = int(index.ids[ordered[place + 1]]) if place + 1 < len(ordered) else None
    found = _cables_by_id([pk for pk in (before, after) if pk is not None])
    return Neighbours(search, found.get(before), found.get(after), place + 1, len(ordered))


def _cables_by_id(ids: list[int]) -> dict[int, Cable]:
    if not ids:
        return {}
    return Cable.objects.only("reference_id", "subject", "date_time").in_bulk(ids)
