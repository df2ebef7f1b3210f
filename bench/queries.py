"""The query set, as our URLs and the equivalent Datasette URLs.

The browse queries are those of issue 6 (all cables; one tag; a tag and an origin; a
year; the text queries `heroin` and `"nuclear program" iran`; a text query with two
facets; page 500) and a word nearly every cable contains; then the cable page, its .txt
and .json, CSV export and the feed. Each Datasette URL asks for the same facets (origin,
classification, year, tags as an array), the same order (newest first) and the same page
size. Where Datasette has no equivalent (.txt, the feed) its side is None and reported
as n/a.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

PAGE_SIZE = 25  # cableroom.browse.engine.PER_PAGE
DEEP_PAGE = 500
# In about four of five synthetic cables (and in most real ones).
COMMON_WORD = "government"
DATASETTE_TABLE = "/cables/cables"
DATASETTE_FACETS = [
    ("_facet", "origin"),
    ("_facet", "classification"),
    ("_facet", "year"),
    ("_facet_array", "tags"),
    ("_sort_desc", "date_time"),
]
_SAFE = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


@dataclass(frozen=True)
class Picks:
    """Values chosen from the corpus so every query has results."""

    tag: str
    origin: str
    year: int
    text: str  # the text query combined with two facets
    reference_id: str
    cable_pk: int
    deep_page: int  # DEEP_PAGE, or the last page of a smaller corpus
    deep_page_token: str  # Datasette's _next token for the first row of that page
    tags: tuple[str, ...] = ()  # the three commonest tags, for AND across tags (issue 16)


@dataclass(frozen=True)
class Query:
    """One query: our path, and Datasette's (None when it has no equivalent)."""

    name: str
    ours: str
    theirs: str | None

    def count_paths(self) -> tuple[str, str | None] | None:
        """JSON forms that give each side's result count, for browse queries only."""
        if not self.ours.startswith("/cables/") or "page=" in self.ours:
            return None
        ours = self.ours.replace("/cables/", "/cables.json", 1)
        theirs = None
        if self.theirs:
            path, _, query = self.theirs.partition("?")
            kept = [part for part in query.split("&") if not part.startswith("_facet")]
            theirs = f"{path}.json?{'&'.join([*kept, '_size=0', '_nofacet=1'])}"
        return ours, theirs


def deep_page(total: int) -> int:
    """Page DEEP_PAGE, or the last page when the corpus has fewer pages."""
    return max(1, min(DEEP_PAGE, -(-total // PAGE_SIZE)))


def tilde_encode(value: str) -> str:
    """Datasette's encoding of values in paths and _next tokens (space as +, else ~XX)."""
    out = []
    for byte in value.encode("utf-8"):
        if byte in _SAFE:
            out.append(chr(byte))
        elif byte == 0x20:
            out.append("+")
        else:
            out.append(f"~{byte:02X}")
    return "".join(out)


def _ours(path: str, params: list[tuple[str, object]]) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def _theirs(params: list[tuple[str, object]], path: str = DATASETTE_TABLE) -> str:
    return f"{path}?{urlencode(DATASETTE_FACETS + params)}"


def browse_queries(picks: Picks) -> list[Query]:
    """The eight browse queries of issue 6, and a common word."""
    tag, origin, year = picks.tag, picks.origin, picks.year
    phrase = '"nuclear program" iran'
    return [
        Query("all cables", "/cables/", _theirs([])),
        Query(
            f"tag {tag}",
            _ours("/cables/", [("tag", tag)]),
            _theirs([("tags__arraycontains", tag)]),
        ),
        Query(
            "tag + origin",
            _ours("/cables/", [("tag", tag), ("origin", origin)]),
            _theirs([("tags__arraycontains", tag), ("origin", origin)]),
        ),
        Query(f"year {year}", _ours("/cables/", [("year", year)]), _theirs([("year", year)])),
        Query("q heroin", _ours("/cables/", [("q", "heroin")]), _theirs([("_search", "heroin")])),
        Query(
            f"q {phrase}",
            _ours("/cables/", [("q", phrase)]),
            _theirs([("_search", phrase), ("_searchmode", "raw")]),
        ),
        Query(
            f"q {picks.text} + tag + year",
            _ours("/cables/", [("q", picks.text), ("tag", tag), ("year", year)]),
            _theirs([("_search", picks.text), ("tags__arraycontains", tag), ("year", year)]),
        ),
        Query(
            f"page {picks.deep_page}",
            _ours("/cables/", [("page", picks.deep_page)]),
            _theirs([("_next", picks.deep_page_token)]),
        ),
        # Beyond the list: a word most cables contain, the costliest kind of match.
        Query(
            f"q {COMMON_WORD}",
            _ours("/cables/", [("q", COMMON_WORD)]),
            _theirs([("_search", COMMON_WORD)]),
        ),
    ]


def text_queries() -> list[Query]:
    """Issue 19's real-text queries: a phrase of two common words and a prefix."""
    return [
        Query(f"q {text}", _ours("/cables/", [("q", text)]), _theirs(_datasette_search(text)))
        for text in ('"prime minister"', "nucl*")
    ]


def _datasette_search(text: str) -> list[tuple[str, object]]:
    # Quotes and the trailing * are FTS5 syntax: Datasette passes them on in raw mode.
    return [("_search", text), ("_searchmode", "raw")]


def narrowing_queries(picks: Picks) -> list[Query]:
    """Issue 16: each tag value narrows (AND), `|` is either, `-` excludes.

    Datasette's array filter repeated is AND as well; it has no "either" on one array
    column, so that row has no Datasette side.
    """
    if len(picks.tags) < 3:
        return []
    first, second, third = picks.tags
    both = [("tag", first), ("tag", second)]
    theirs_both = [("tags__arraycontains", first), ("tags__arraycontains", second)]
    return [
        Query(f"tag {first} AND {second}", _ours("/cables/", both), _theirs(theirs_both)),
        Query(
            f"tag {first} AND {second} AND {third}",
            _ours("/cables/", [*both, ("tag", third)]),
            _theirs([*theirs_both, ("tags__arraycontains", third)]),
        ),
        Query(
            f"tag {first}|{second} (either)",
            _ours("/cables/", [("tag", f"{first}|{second}")]),
            None,
        ),
        Query(
            f"tag {first} AND {second} -origin",
            _ours("/cables/", [*both, ("origin", f"-{picks.origin}")]),
            _theirs([*theirs_both, ("origin__not", picks.origin)]),
        ),
        Query(
            f"q {picks.text} + tag {first} AND {second}",
            _ours("/cables/", [("q", picks.text), *both]),
            _theirs([("_search", picks.text), *theirs_both]),
        ),
    ]


def cable_queries(picks: Picks) -> list[Query]:
    """The cable page and its forms, CSV export of the tag + origin result, the feed."""
    ref, pk = picks.reference_id, picks.cable_pk
    narrowed = [("tag", picks.tag), ("origin", picks.origin)]
    theirs_csv = [("tags__arraycontains", picks.tag), ("origin", picks.origin)]
    theirs_csv += [("_stream", "on"), ("_size", "max")]
    return [
        Query("cable page", f"/cable/{ref}/", f"{DATASETTE_TABLE}/{pk}"),
        Query("cable .txt", f"/cable/{ref}.txt", None),
        Query("cable .json", f"/cable/{ref}.json", f"{DATASETTE_TABLE}/{pk}.json"),
        Query(
            "CSV tag + origin",
            _ours("/cables.csv", narrowed),
            f"{DATASETTE_TABLE}.csv?{urlencode(theirs_csv)}",
        ),
        Query("feed tag", _ours("/feed/", [("tag", picks.tag)]), None),
    ]


def query_set(picks: Picks) -> list[Query]:
    """Every query the harness times, in table order."""
    return browse_queries(picks) + text_queries() + narrowing_queries(picks) + cable_queries(picks)
