"""One browse request from URL to results: validate, redirect, match, count, fetch a page.

Shared by the page, its JSON, CSV and Atom forms and the facet "more" pages, so every
form answers the same URL with the same cables. Queries per request, once the index is
warm: the generation check, the page's cables, and with a text query the match and the
snippets (and one id look-up when the query is shaped like a reference id). The match,
the ranks and the snippets are cached per process until the data changes, so a facet
click on the same words adds at most the snippets of cables not shown before.
"""

import time
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator
from django.urls import reverse

from cableroom.browse.evaluate import BrowseResult, evaluate
from cableroom.browse.index import BrowseIndex, answered_behind, browse_index
from cableroom.browse.office_names import renamed_office_url
from cableroom.browse.params import Constraints
from cableroom.browse.state import Problem, SearchState
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
class Browse:
    """Everything the browse views render; `redirect` set when the URL should change."""

    request: object
    search: SearchState
    index: BrowseIndex
    constraints: Constraints | None = None
    result: BrowseResult | None = None
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    redirect: str = ""

    @property
    def count(self) -> int:
        return self.result.count if self.result else 0

    @cached_property
    def paginator(self) -> Paginator:
        """Pages of the result positions; a range, so nothing is fetched to count them."""
        return Paginator(range(self.count), PER_PAGE)

    @property
    def page_count(self) -> int:
        return self.paginator.num_pages

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
        # Matched whatever the case: `signer=ORDWAY` is Ordway (the redirect spells it so).
        "classified_by": index.spellings("classified_by"),
        "signer": index.spellings("signer"),
        "reason": index.spellings("reason"),
    }


def browse(request, *, jump_to_cable: bool = False) -> Browse:
    """Validate the request's parameters and, if they are good, evaluate them.

    A reader with a session (a curator, who edits) gets the index of the data as it is,
    so their own edits show on the next page; anonymous readers may get the one built
    last while the data keeps changing (see browse.index.rebuild_due)."""
    index = browse_index(current=settings.SESSION_COOKIE_NAME in request.COOKIES)
    state = Browse(request, SearchState.from_request(request), index)
    known = known_values(index)
    # Links shared before addressees became one name per office keep working.
    state.redirect = renamed_office_url(request, known["addressee"])
    if state.redirect:
        return state
    state.constraints, state.problems = state.search.validate(known)
    if state.problems:
        return state
    canonical, state.problems = state.search.canonical(index, state.constraints)
    if state.problems:
        return state
    if canonical is not None:
        state.redirect = canonical.url()
        return state
    if jump_to_cable:
        reference_id = cable_for_id_query(state.constraints.query.text)
        if reference_id:
            state.redirect = reverse("cable-detail", args=[reference_id])
            return state
    _evaluate(state)
    if answered_behind():
        state.notices.append(behind_notice(index))
    return state


def behind_notice(index: BrowseIndex) -> str:
    """What a page answered from an older index says (see browse.index.rebuild_due)."""
    seconds = max(1, round(time.time() - index.built_at))
    return (
        "Cables are being added or changed right now: these results and counts are the "
        f"archive as it stood {seconds:,} second{'s' if seconds != 1 else ''} ago. Reload "
        "in a moment for the newest."
    )


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
                state.search.without_page().url(),
            )
        )
