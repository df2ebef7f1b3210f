"""One browse request from URL to results: validate, redirect, match, count, fetch a page.

Shared by the page, its JSON, CSV and Atom forms and the facet "more" pages, so every
form answers the same URL with the same cables. Queries per request, once the index is
warm: the generation check, the page's cables, and with a text query the match and the
snippets (and one id look-up when the query is shaped like a reference id). The match,
the ranks and the snippets are cached per process until the data changes, so a facet
click on the same words adds at most the snippets of cables not shown before.
"""

import math
from dataclasses import dataclass, field

from django.urls import reverse

from cableroom.browse.evaluate import BrowseResult, evaluate
from cableroom.browse.facets import path_with_replaced_args
from cableroom.browse.index import BrowseIndex, browse_index
from cableroom.browse.office_names import renamed_office_url
from cableroom.browse.params import CableFilterSet, Constraints
from cableroom.models import Cable
from cableroom.search import cable_for_id_query, match_cables, rank_cables, snippets_for

PER_PAGE = 25
# Ranking reads every candidate's full-text entry; above this many matches (after the
# facets narrowed them) results come newest first, with a notice, instead.
RANK_LIMIT = 2000
# What a result list shows; the body and the JSON fields stay in the database.
LISTED_FIELDS = (
    "reference_id", "date_time", "subject", "classification", "updated_at", "origin__name",
)  # fmt: skip


@dataclass
class Problem:
    """A parameter the request got wrong, and a link to the same request without it."""

    parameter: str
    message: str
    remove_url: str


@dataclass
class Browse:
    """Everything the browse views render; `redirect` set when the URL should change."""

    request: object
    index: BrowseIndex
    constraints: Constraints | None = None
    result: BrowseResult | None = None
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    redirect: str = ""

    @property
    def count(self) -> int:
        return self.result.count if self.result else 0

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(self.count / PER_PAGE))

    def page_cables(self, page: int | None = None, per_page: int = PER_PAGE) -> list[Cable]:
        """The cables of one page, in order, with their origin post, in one query."""
        page = page or self.constraints.page
        ids = self.result.page_ids(page, per_page)
        return cables_in_order(ids)

    def snippets(self, cables: list[Cable]) -> dict:
        pks = [cable.pk for cable in cables]
        return snippets_for(pks, self.constraints.query, generation=self.index.generation)


def cables_in_order(ids: list[int]) -> list[Cable]:
    """Public cables with these ids, in the order of the ids."""
    found = Cable.objects.public().select_related("origin").only(*LISTED_FIELDS).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def known_values(index: BrowseIndex) -> dict:
    """What each facet parameter accepts: values the archive knows."""
    posts = set(index.addressee.values) | set(index.origin.values)
    return {
        "tag": set(index.tags),
        "origin": posts,
        "addressee": posts,
        "caveat": set(index.caveat.values),
        "classification": set(index.classification.values),
    }


def browse(request, *, jump_to_cable: bool = False) -> Browse:
    """Validate the request's parameters and, if they are good, evaluate them."""
    index = browse_index()
    state = Browse(request, index)
    known = known_values(index)
    state.redirect = renamed_office_url(request, known["addressee"])
    if state.redirect:
        return state
    filterset = CableFilterSet(request.GET, queryset=Cable.objects.public(), known_values=known)
    if not filterset.is_valid():
        state.problems = _problems(request, filterset.errors)
        return state
    state.constraints = filterset.constraints()
    state.redirect = _canonical_redirect(request, index, state.constraints, state.problems)
    if state.problems or state.redirect:
        return state
    if jump_to_cable:
        reference_id = cable_for_id_query(state.constraints.query.text)
        if reference_id:
            state.redirect = reverse("cable-detail", args=[reference_id])
            return state
    _evaluate(state)
    return state


def results_for(index: BrowseIndex, constraints: Constraints) -> tuple[BrowseResult, str]:
    """Match the words, apply the facets, rank what is left; and a notice, if any.

    Queries: the text match when there are words, and the ranking of at most
    RANK_LIMIT candidates when sorting by relevance; neither when the same words were
    matched (and those cables ranked) since the data last changed.
    """
    query = constraints.query
    # The index's generation is the one this request read: matches and ranks cached
    # under it were computed on the same data (see search.MatchCache).
    generation = index.generation
    matches = match_cables(query, ranked=False, generation=generation) if query.has_text else None
    result = evaluate(index, constraints, matches)
    if constraints.sort != "relevance" or not query.has_text:
        return result, ""
    if result.count > RANK_LIMIT:
        return result, (
            f"{result.count:,} cables match: too many to rank by relevance, so the newest "
            "come first. Narrow the search with a facet or more words to rank them."
        )
    ids = result.index.ids[result.mask].tolist()
    result.set_ranks(rank_cables(query, ids, generation=generation))
    return result, ""


def _evaluate(state: Browse) -> None:
    constraints = state.constraints
    state.result, notice = results_for(state.index, constraints)
    if notice:
        state.notices.append(notice)
    if constraints.page > state.page_count:
        state.problems.append(
            Problem(
                "page",
                f"There is no page {constraints.page}: these results have "
                f"{state.page_count} page{'s' if state.page_count != 1 else ''}.",
                path_with_replaced_args(state.request, []),
            )
        )


def _problems(request, errors) -> list[Problem]:
    problems = []
    for parameter, messages in errors.items():
        name = "q" if parameter == "__all__" else parameter
        remove = path_with_replaced_args(request, [(name, "")])
        problems += [Problem(name, str(message), remove) for message in messages]
    return problems


def _canonical_redirect(request, index, constraints, problems) -> str:
    """Where to send a request that wrote facets in the query box or named a merged tag."""
    query = constraints.query
    moved = []
    for term in query.facet_terms:
        value = _resolve(index, term.parameter, term.value)
        if value is None:
            problems.append(
                Problem("q", f"Unknown {term.parameter} in the query: {term.value}.", "")
            )
        else:
            moved.append((term.parameter, f"-{value}" if term.negated else value))
    merged = _merged_tags(index, constraints)
    if problems or not (moved or merged):
        return ""
    items = [(k, v) for k, vs in request.GET.lists() for v in vs if k not in ("page", "q")]
    items = [(k, merged.get((k, v), v)) for k, v in items]
    if query.text_without_facets:
        items.insert(0, ("q", query.text_without_facets))
    items += [item for item in moved if item not in items]
    from urllib.parse import urlencode

    return f"{request.path}?{urlencode(items)}"


def _resolve(index: BrowseIndex, parameter: str, value: str) -> str | None:
    if parameter == "tag":
        upper = value.upper()
        return upper if upper in index.tags else None
    return index.post_aliases.get(value.upper())


def _merged_tags(index: BrowseIndex, constraints: Constraints) -> dict:
    """(tag, written value) -> the value naming the tag it was merged into."""
    choice = constraints.choice("tag")
    renamed = {}
    for written in (*choice.include, *(f"-{code}" for code in choice.exclude)):
        code = written.removeprefix("-")
        target = index.current_tag(code)
        if target != code:
            renamed[("tag", written)] = written.replace(code, target, 1)
    return renamed
