"""Facets: one class per kind, each value with its count, selection and toggle link.

After Datasette's `facets.py`: counts are taken over the already-filtered results (see
`browse_query` for how a facet's own OR-values are treated), one value more than shown
is taken to know whether the list is truncated, and every value carries `value, label,
count, selected, toggle_url`. Links are built by `path_with_added_args` and
`path_with_removed_args`, which keep every other parameter and drop `page`.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

import numpy as np

from cableroom import refdata
from cableroom.browse.evaluate import BrowseResult, code_of, dimension
from cableroom.browse.index import BrowseIndex

DEFAULT_LIMIT = 10
TAG_KINDS = ("geographic", "subject", "program", "organisation", "person", "other")
MONTH_NAMES = (
    "January February March April May June July August September October November December".split()
)  # noqa: E501


# --- URL helpers -----------------------------------------------------------------------


# What a browse URL carries from one page to the next; `page` never, other pages' own
# parameters (the "more" page's filter box) neither.
BROWSE_PARAMETERS = (
    "q", "tag", "origin", "addressee", "addressee_role", "classification", "caveat",
    "year", "month", "released", "from", "to", "sort",
)  # fmt: skip


def _query_items(query_dict) -> list[tuple[str, str]]:
    return [
        (key, value)
        for key, values in query_dict.lists()
        if key in BROWSE_PARAMETERS
        for value in values
    ]


def path_with_added_args(request, args: list[tuple[str, str]], path: str | None = None) -> str:
    """The current URL plus `args` (kept once each), without `page`."""
    items = [(k, v) for k, v in _query_items(request.GET)]
    items += [item for item in args if item not in items]
    return _url(path or request.path, items)


def path_with_removed_args(request, args: list[tuple[str, str]], path: str | None = None) -> str:
    """The current URL without `args` (name and value pairs; value None drops the name)."""
    items = [
        (k, v)
        for k, v in _query_items(request.GET)
        if (k, v) not in args and (k, None) not in args
    ]
    return _url(path or request.path, items)


def path_with_replaced_args(request, args: list[tuple[str, str]], path: str | None = None) -> str:
    """The current URL with every value of the named parameters replaced by `args`."""
    names = {name for name, _ in args}
    items = [(k, v) for k, v in _query_items(request.GET) if k not in names]
    return _url(path or request.path, items + [(k, v) for k, v in args if v != ""])


def _url(path: str, items: list[tuple[str, str]]) -> str:
    return f"{path}?{urlencode(items)}" if items else path


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

    def __init__(self, request, result: BrowseResult, path: str = "", more_path: str = ""):
        self.request = request
        self.path = path or request.path
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
        return (
            path_with_added_args(self.request, [], path=self.more_path) if self.more_path else ""
        )

    def search_text(self, value: str) -> str:
        return f"{value} {self.label(value)}".lower()

    def label(self, value: str) -> str:
        return value

    def value(self, value: str, count: int) -> FacetValue:
        choice = self.result.constraints.choice(self.parameter)
        selected, excluded = value in choice.include, value in choice.exclude
        name = self.parameter
        if selected:
            toggle = path_with_removed_args(self.request, [(name, value)], self.path)
        elif excluded:
            toggle = path_with_removed_args(self.request, [(name, f"-{value}")], self.path)
        else:
            toggle = path_with_added_args(self.request, [(name, value)], self.path)
        exclude_url = ""
        if not excluded:
            base = _without(self.request, name, value)
            exclude_url = _url(self.path, base + [(name, f"-{value}")])
        return FacetValue(value, self.label(value), count, selected, toggle, excluded,
                          exclude_url, *self.extra(value))  # fmt: skip

    def extra(self, value: str) -> tuple[str, str]:
        """(description, kind) shown beside a value; tags have both."""
        return "", ""


def _without(request, name: str, value: str) -> list[tuple[str, str]]:
    return [(k, v) for k, v in _query_items(request.GET) if (k, v) != (name, value)]


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
            url += ("&" if "?" in url else "?") + urlencode({"kind": self.kind})
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


FACETS = {
    facet.parameter: facet
    for facet in (
        TagFacet,
        OriginFacet,
        AddresseeFacet,
        ClassificationFacet,
        CaveatFacet,
        YearFacet,
        MonthFacet,
        ReleasedFacet,
    )
}
JSON_FACETS = ("tag", "origin", "addressee", "classification", "caveat", "year")
