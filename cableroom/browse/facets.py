"""Facets: one class per kind, each value with its count, selection and toggle link.

After Datasette's `facets.py`: counts are taken over the already-filtered results (see
`evaluate` for how a facet's own values are treated), one value more than shown is
taken to know whether the list is truncated, and every value carries `value, label,
count, selected, toggle_url`. Links come from the request's `SearchState`, which keeps
every other parameter and drops `page`.
"""

from dataclasses import dataclass, field

import numpy as np

from cableroom import refdata
from cableroom.browse.evaluate import BrowseResult, code_of, dimension
from cableroom.browse.index import BrowseIndex
from cableroom.browse.params import FACET_PARAMETERS, PAST
from cableroom.browse.state import SearchState
from cableroom.parsing.declassification import DECLASSIFY_MARKERS

DEFAULT_LIMIT = 10
TAG_KINDS = ("geographic", "subject", "program", "organisation", "person", "other")
MONTH_NAMES = (
    "January February March April May June July August September October November December".split()
)  # noqa: E501


# --- values ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet as the page and the JSON show it."""

    value: str
    label: str
    count: int
    selected: bool
    toggle_url: str
    excluded: bool = False
    exclude_url: str = ""
    description: str = ""
    kind: str = ""

    def as_json(self) -> dict:
        return {
            "value": self.value,
            "label": self.label,
            "count": self.count,
            "selected": self.selected,
            "toggle_url": self.toggle_url,
        }


@dataclass
class FacetResults:
    """A facet's values, and whether more exist than are shown."""

    name: str
    title: str
    values: list[FacetValue] = field(default_factory=list)
    truncated: bool = False
    more_url: str = ""

    def groups(self) -> list[tuple[str, list[FacetValue]]]:
        """Values grouped by tag kind, in the usual order of kinds (tags only)."""
        by_kind: dict[str, list[FacetValue]] = {}
        for value in self.values:
            by_kind.setdefault(value.kind or "other", []).append(value)
        return [(kind, by_kind[kind]) for kind in TAG_KINDS if kind in by_kind]


class Facet:
    """A facet over one index column. Subclasses say how values are labelled and ordered."""

    parameter = ""
    title = ""
    order_by_value = False

    def __init__(self, search: SearchState, result: BrowseResult, path: str = "", more_path=""):
        self.search = search.on_path(path) if path else search
        self.result = result
        self.index: BrowseIndex = result.index
        self.more_path = more_path

    def column(self):
        return dimension(self.index, self.parameter, self.result.constraints.addressee_role)

    def results(self, limit: int = DEFAULT_LIMIT, contains: str = "") -> FacetResults:
        """The top `limit` values by count (or by value), selected ones always included."""
        counts = self.result.facet_counts(self.parameter)
        codes = self._candidate_codes(counts, contains)
        shown = codes[: limit + 1] if limit else codes
        truncated = bool(limit) and len(shown) > limit
        shown = list(shown[:limit]) if limit else list(shown)
        shown += [code for code in self._chosen_codes() if code not in shown]
        column = self.column()
        values = [self.value(column.values[code], int(counts[code])) for code in shown]
        more = self._more_url() if truncated else ""
        return FacetResults(self.parameter, self.title, values, truncated, more)

    def _candidate_codes(self, counts: np.ndarray, contains: str) -> list[int]:
        codes = np.flatnonzero(counts)
        if contains:
            needle = contains.lower()
            values = self.column().values
            codes = np.array([c for c in codes if needle in self.search_text(values[c])], int)
        if self.order_by_value:
            return sorted(codes.tolist(), reverse=True)
        # Most frequent first; ties by value order (codes follow sorted values).
        return codes[np.lexsort((codes, -counts[codes]))].tolist()

    def _chosen_codes(self) -> list[int]:
        choice = self.result.constraints.choice(self.parameter)
        codes = (code_of(self.column(), value) for value in (*choice.include, *choice.exclude))
        return [code for code in codes if code is not None]

    def _more_url(self) -> str:
        return self.search.without_page().url(self.more_path) if self.more_path else ""

    def search_text(self, value: str) -> str:
        return f"{value} {self.label(value)}".lower()

    def label(self, value: str) -> str:
        return value

    def value(self, value: str, count: int) -> FacetValue:
        choice = self.result.constraints.choice(self.parameter)
        selected, excluded = value in choice.include, value in choice.exclude
        name, search = self.parameter, self.search
        if selected:
            toggle = search.remove(name, value)
        elif excluded:
            toggle = search.remove(name, f"-{value}")
        else:
            toggle = search.add(name, value)
        exclude_url = "" if excluded else search.exclude(name, value).url()
        return FacetValue(value, self.label(value), count, selected, toggle.url(), excluded,
                          exclude_url, *self.extra(value))  # fmt: skip

    def extra(self, value: str) -> tuple[str, str]:
        """(description, kind) shown beside a value; tags have both."""
        return "", ""


class TagFacet(Facet):
    parameter, title = "tag", "Tags"
    kind = ""  # set to list one kind of tag only

    def _candidate_codes(self, counts, contains):
        if self.kind:
            counts = np.where(self.index.tag_kinds == self.kind, counts, 0)
        return super()._candidate_codes(counts, contains)

    def _more_url(self):
        url = super()._more_url()
        if url and self.kind:
            # `kind` belongs to the "more" page alone, not to the browse parameters.
            url += ("&" if "?" in url else "?") + f"kind={self.kind}"
        return url

    def extra(self, value):
        info = self.index.tags.get(value)
        return (info.description, info.kind) if info else ("", "other")

    def search_text(self, value):
        info = self.index.tags.get(value)
        return f"{value} {info.description if info else ''}".lower()


class OriginFacet(Facet):
    parameter, title = "origin", "Origin post"


class AddresseeFacet(Facet):
    parameter, title = "addressee", "Addressee"


class ClassificationFacet(Facet):
    parameter, title = "classification", "Classification"


class CaveatFacet(Facet):
    parameter, title = "caveat", "Caveat"

    def label(self, value):
        return self.index.marking_names.get(value, value)

    def extra(self, value):
        fact = refdata.markings().get(value)
        return (fact.description if fact else "", "")


class YearFacet(Facet):
    parameter, title, order_by_value = "year", "Year", True


class MonthFacet(Facet):
    parameter, title, order_by_value = "month", "Month", True

    def label(self, value):
        year, month = value.split("-")
        return f"{MONTH_NAMES[int(month) - 1]} {year}"

    def _candidate_codes(self, counts, contains):
        # Months drill down from the chosen year(s): only their months are offered.
        years = set(self.result.constraints.choice("year").include)
        values = self.column().values
        codes = super()._candidate_codes(counts, contains)
        return sorted((c for c in codes if values[c][:4] in years), reverse=False)


class ReleasedFacet(Facet):
    """The day a cable was first published, the earliest any of its copies gives."""

    parameter, title = "released", "Release day"


class DeclassifyFacet(Facet):
    """The year a cable's DECL line sets for its declassification, or the marker it gives
    instead; and `past`, the cables whose date is before today, listed first."""

    parameter, title = "declassify", "Declassify on"

    def label(self, value):
        if value == PAST:
            return "Past its declassification date"
        return DECLASSIFY_MARKERS.get(value, value)

    def _candidate_codes(self, counts, contains):
        codes = super()._candidate_codes(counts, contains)
        values = self.column().values
        past = [c for c in codes if values[c] == PAST]
        markers = [c for c in codes if not values[c].isdigit() and values[c] != PAST]
        years = sorted((c for c in codes if values[c].isdigit()), key=values.__getitem__)
        # Years in order, the histogram's way; `past` and the markers before them.
        return past + markers + years[::-1]


class ClassifiedByFacet(Facet):
    """The official a Classified By line names, one spelling per person."""

    parameter, title = "classified_by", "Classified by"


class ReasonFacet(Facet):
    """The E.O. reason codes a Classified By line gives (1.4(b), 1.4(d))."""

    parameter, title = "reason", "Classification reason"


class SignerFacet(Facet):
    """The name on the cable's closing line, one spelling whatever its case."""

    parameter, title = "signer", "Signer"


_CLASSES = (TagFacet, OriginFacet, AddresseeFacet, ClassificationFacet, CaveatFacet, YearFacet,
            MonthFacet, ReleasedFacet, DeclassifyFacet, ClassifiedByFacet, ReasonFacet,
            SignerFacet)  # fmt: skip
# One class per facet parameter of the FilterSet, in its order.
FACETS = {name: next(c for c in _CLASSES if c.parameter == name) for name in FACET_PARAMETERS}
# Months are the year facet's drill-down on the page and release days have a histogram of
# their own; the JSON gives years only.
JSON_FACETS = tuple(name for name in FACETS if name not in ("month", "released"))
