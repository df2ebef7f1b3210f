"""Cablegate's browse pages (`/tag/PREL_0.html`, `/origin/12_0.html`, `/date/2006-04_0.html`,
`/reldate/2010-12-02_0.html`, `/classification/1_0.html`): 301 to the browse page
filtered the same way, so links printed in articles since 2010 keep working.

Cablegate numbered its pages from 0 (`_0` is the first page) and origins and
classifications by numbers of its final build (`refdata.cablegate_numbers`). Our pages
hold another number of cables, so `_3` leads to our fourth page, not to the same cables.
A value the archive does not hold is a 404 that says what was asked and where to look.
"""

from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse

from cableroom import refdata
from cableroom.browse.evaluate import code_of
from cableroom.browse.index import browse_index
from cableroom.browse.state import SearchState
from cableroom.web.errors import not_here_response


def tag_page(request, code: str, page: str) -> HttpResponse:
    """`/tag/PREL_0.html` -> `/cables/?tag=PREL`."""
    index = browse_index()
    current = index.current_tag(code.upper())
    if current not in index.tags:
        return not_here_response(request, f"No cables tagged {code} in the archive.")
    return _redirect_to_browse([("tag", current)], page)


def origin_page(request, number: str, page: str) -> HttpResponse:
    """`/origin/12_0.html` -> `/cables/?origin=UN+Rome`, by cablegate's numbering."""
    name = refdata.cablegate_numbers()["origin"].get(int(number))
    if name is None:
        return not_here_response(request, f"Cablegate had no origin number {number}.")
    if not _holds(browse_index().origin, name):
        return not_here_response(
            request, f"Cablegate's origin {number} is {name}: no cable from it here."
        )
    return _redirect_to_browse([("origin", name)], page)


def classification_page(request, number: str, page: str) -> HttpResponse:
    """`/classification/1_0.html` -> `/cables/?classification=CONFIDENTIAL`."""
    level = refdata.cablegate_numbers()["classification"].get(int(number))
    if level is None:
        return not_here_response(request, f"Cablegate had no classification number {number}.")
    if not _holds(browse_index().classification, level):
        return not_here_response(request, f"No {level} cables in the archive.")
    return _redirect_to_browse([("classification", level)], page)


def month_page(request, month: str, page: str) -> HttpResponse:
    """`/date/2006-04_0.html` -> `/cables/?month=2006-04` (cables written that month)."""
    return _redirect_to_browse([("month", month)], page)


def release_day_page(request, day: str, page: str) -> HttpResponse:
    """`/reldate/2010-12-02_0.html` -> `/cables/?released=2010-12-02` (first published then)."""
    return _redirect_to_browse([("released", day)], page)


def _holds(column, value: str) -> bool:
    """Whether some public cable has this value (a post can be known and send nothing)."""
    code = code_of(column, value)
    return code is not None and column.counts(None)[code] > 0


def _redirect_to_browse(items: list[tuple[str, str]], page: str) -> HttpResponse:
    search = SearchState(items, reverse("browse")).with_page(int(page) + 1)
    return HttpResponsePermanentRedirect(search.url())
