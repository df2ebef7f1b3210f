"""The browse request's URL parameters as one object, after Blacklight's SearchState.

A `SearchState` holds the parameters the browse FilterSet declares, in the order the URL
wrote them, and nothing else. It validates them (`validate`), says where a request that
wrote facets in the query box or named a merged tag belongs (`canonical`), and builds
every link the pages show: `add`, `remove`, `toggle`, `exclude` and `replace` return a
new state without the page number; `url` writes a state for any path. Views, facets,
chips and the pager ask it for URLs; nothing else reads parameter names from a request.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from django.http import QueryDict

from cableroom.browse.index import BrowseIndex
from cableroom.browse.params import (
    ALTERNATIVES,
    PARAMETERS,
    CableFilterSet,
    Constraints,
    alternatives,
)
from cableroom.models import Cable

PAGE = "page"
# Facets whose values a URL may write in any case and spacing: requests are redirected to
# the spelling the facet shows (`signer=ORDWAY` -> `signer=Ordway`).
FOLDED_FACETS = ("declassify", "classified_by", "signer", "reason")


@dataclass(frozen=True)
class Problem:
    """A parameter the request got wrong, and a link to the same request without it."""

    parameter: str
    message: str
    remove_url: str


@dataclass(frozen=True)
class SearchState:
    """The parameters of one browse request; every change returns a new state."""

    items: tuple[tuple[str, str], ...] = ()
    path: str = "/cables/"

    def __post_init__(self):
        object.__setattr__(self, "items", tuple(self.items))

    @classmethod
    def from_query(cls, query: QueryDict, path: str = "/cables/") -> "SearchState":
        """The browse parameters of a query string (other names are dropped)."""
        items = [(name, value) for name, values in query.lists() for value in values]
        return cls([(name, value) for name, value in items if name in PARAMETERS], path)

    @classmethod
    def from_request(cls, request, path: str = "") -> "SearchState":
        return cls.from_query(request.GET, path or request.path)

    def __repr__(self) -> str:
        return f"SearchState({self.url()!r})"

    # --- reading -------------------------------------------------------------------------

    def values(self, name: str) -> list[str]:
        return [value for key, value in self.items if key == name]

    def query_dict(self) -> QueryDict:
        query = QueryDict(mutable=True)
        for name, value in self.items:
            query.appendlist(name, value)
        return query

    def query_string(self) -> str:
        return "&".join(_encoded(name, value) for name, value in self.items)

    def url(self, path: str = "") -> str:
        """This state's link, on `path` (the browse page's own by default)."""
        path = path or self.path
        return f"{path}?{self.query_string()}" if self.items else path

    # --- new states ------------------------------------------------------------------------

    def _new(self, items) -> "SearchState":
        return SearchState([(k, v) for k, v in items if k != PAGE], self.path)

    def without_page(self) -> "SearchState":
        return self._new(self.items)

    def with_page(self, number: int) -> "SearchState":
        """This state on page `number` (page 1 has no page parameter)."""
        state = self.without_page()
        return SearchState((*state.items, (PAGE, str(number))), self.path) if number > 1 else state

    def on_path(self, path: str) -> "SearchState":
        return SearchState(self.items, path)

    def add(self, name: str, value: str) -> "SearchState":
        """Plus `name=value`, unless the state holds it already."""
        extra = [] if (name, value) in self.items else [(name, value)]
        return self._new([*self.items, *extra])

    def remove(self, name: str, value: str | None = None) -> "SearchState":
        """Without `name=value`, or without every value of `name` when value is None.

        A value among the alternatives of another (`IZ` in `tag=IZ|PHUM`) leaves the
        others (`tag=PHUM`)."""
        if value is None:
            return self._new([(k, v) for k, v in self.items if k != name])
        items = []
        for key, written in self.items:
            if key == name:
                written = _without_alternatives(written, value)
            if written:
                items.append((key, written))
        return self._new(items)

    def replace(self, name: str, *values: str) -> "SearchState":
        """Every value of `name` replaced by `values` (blank ones dropped)."""
        kept = [(k, v) for k, v in self.items if k != name]
        return self._new([*kept, *((name, value) for value in values if value != "")])

    def holds(self, name: str, value: str) -> bool:
        """Whether `name=value` is written, alone or among alternatives."""
        return any(_without_alternatives(v, value) != v for k, v in self.items if k == name)

    def toggle(self, name: str, value: str) -> "SearchState":
        return self.remove(name, value) if self.holds(name, value) else self.add(name, value)

    def exclude(self, name: str, value: str) -> "SearchState":
        """`-value` instead of `value`: the cables without it."""
        return self.remove(name, value).add(name, f"-{value}")

    # --- validation ------------------------------------------------------------------------

    def filterset(self, known_values: dict) -> CableFilterSet:
        return CableFilterSet(
            self.query_dict(), queryset=Cable.objects.public(), known_values=known_values
        )

    def validate(self, known_values: dict) -> tuple[Constraints | None, list[Problem]]:
        """The constraints these parameters ask for, or the problems that name them."""
        filterset = self.filterset(known_values)
        if filterset.is_valid():
            return filterset.constraints(), []
        problems = []
        for parameter, messages in filterset.errors.items():
            name = "q" if parameter == "__all__" else parameter
            remove = self.remove(name).url()
            problems += [Problem(name, str(message), remove) for message in messages]
        return None, problems

    def canonical(
        self, index: BrowseIndex, constraints: Constraints
    ) -> tuple["SearchState | None", list[Problem]]:
        """Where a request that wrote facets in the query box or named a merged tag belongs.

        `tag:IZ tag:PHUM` in the box becomes `tag=IZ&tag=PHUM`, the URL the facet clicks
        make. None when the request is already where it belongs.
        """
        query, moved, problems = constraints.query, [], []
        for term in query.facet_terms:
            value = _resolve(index, term.parameter, term.value)
            if value is None:
                message = f"Unknown {term.parameter} in the query: {term.value}."
                problems.append(Problem("q", message, ""))
            else:
                moved.append((term.parameter, f"-{value}" if term.negated else value))
        kept = [(k, v) for k, v in self.items if k not in (PAGE, "q")]
        items = [(k, _current_tags(index, v) if k == "tag" else v) for k, v in kept]
        items = [(k, _spelled(index, k, v) if k in FOLDED_FACETS else v) for k, v in items]
        if problems or not (moved or items != kept):
            return None, problems
        items = [(k, v) for k, v in items if v]
        if query.text_without_facets:
            items.insert(0, ("q", query.text_without_facets))
        items += [item for item in moved if item not in items]
        return SearchState(items, self.path), []


@lru_cache(maxsize=4096)
def _encoded(name: str, value: str) -> str:
    """`name=value` as `urlencode` writes it. A browse page writes a few hundred links that
    differ in one parameter each; encoding each pair once took a tenth of the page's CPU."""
    return urlencode(((name, value),))


def _without_alternatives(written: str, value: str) -> str:
    """A written value less the alternatives `value` names ("" when none are left); the
    same written value when `value` is not among them or differs in sign."""
    sign, signed = written.startswith("-"), value.startswith("-")
    kept, gone = alternatives(written.removeprefix("-")), alternatives(value.removeprefix("-"))
    if sign != signed or not gone or not set(gone) <= set(kept):
        return written
    left = [alternative for alternative in kept if alternative not in gone]
    return ("-" if sign and left else "") + ALTERNATIVES.join(left)


def _resolve(index: BrowseIndex, parameter: str, value: str) -> str | None:
    """A value typed after `tag:`, `from:` or `to:` as the URL writes it (`tag:iz|phum`
    -> `IZ|PHUM`), or None when one of its alternatives names nothing the archive knows."""
    resolved = []
    for alternative in alternatives(value):
        upper = alternative.upper()
        found = (upper if upper in index.tags else None) if parameter == "tag" else None
        found = found or (index.post_aliases.get(upper) if parameter != "tag" else None)
        if found is None:
            return None
        resolved.append(found)
    return ALTERNATIVES.join(dict.fromkeys(resolved)) or None


def _spelled(index: BrowseIndex, parameter: str, written: str) -> str:
    """A written value with each alternative spelled as the facet shows it (`-ordway` ->
    `-Ordway`); alternatives no cable has stay as written."""
    sign, spelled = _each_alternative(written, index.spellings(parameter).canonical)
    return sign + spelled


def _current_tags(index: BrowseIndex, written: str) -> str:
    """A written tag value naming, for each merged tag, the tag it was merged into."""
    sign, current = _each_alternative(written, index.current_tag)
    return sign + current if current else ""


def _each_alternative(written: str, rewrite: Callable[[str], str]) -> tuple[str, str]:
    """The value's exclusion sign, and its alternatives rewritten, each once, in order."""
    sign = "-" if written.startswith("-") else ""
    values = alternatives(written.removeprefix("-"))
    return sign, ALTERNATIVES.join(dict.fromkeys(rewrite(value) for value in values))
