"""Pieces of the browse page built from a `Browse`: facet panels, chips, histogram, pages."""

from dataclasses import dataclass

from django.urls import reverse

from cableroom.browse import histogram
from cableroom.browse.engine import Browse
from cableroom.browse.facets import (
    FACETS,
    TAG_KINDS,
    FacetResults,
    TagFacet,
    path_with_removed_args,
    path_with_replaced_args,
)
from cableroom.browse.histogram import Histogram
from cableroom.browse.params import FACET_PARAMETERS

TAG_LIMIT_PER_KIND = 8
FACET_LIMIT = 10
PAGE_WINDOW = 2


def facet_panels(request, state: Browse) -> list[FacetResults | tuple]:
    """Facet panels in page order; tags come as one panel per kind of tag."""
    browse_path = reverse("browse")
    panels = []
    for name in FACET_PARAMETERS:
        if name == "month" and not state.constraints.choice("year").include:
            continue
        more = reverse("browse-facet", args=[name])
        if name == "tag":
            panels.append(("tags", _tag_panels(request, state, browse_path, more)))
            continue
        facet = FACETS[name](request, state.result, browse_path, more)
        panels.append(facet.results(limit=FACET_LIMIT))
    return panels


def _tag_panels(request, state, browse_path, more) -> list[FacetResults]:
    panels = []
    for kind in TAG_KINDS:
        facet = TagFacet(request, state.result, browse_path, more)
        facet.kind = kind
        results = facet.results(limit=TAG_LIMIT_PER_KIND)
        results.title = f"{kind.capitalize()} tags"
        results.values = [v for v in results.values if v.kind == kind]
        if results.values:
            panels.append(results)
    return panels


@dataclass(frozen=True)
class Chip:
    """An active constraint shown above the results, removable in one click."""

    label: str
    value: str
    remove_url: str
    excluded: bool = False


def active_chips(request, state: Browse) -> list[Chip]:
    """Every constraint of the request as a chip; the last one clears all."""
    constraints = state.constraints
    chips = []
    if constraints.query.text:
        chips.append(
            Chip("Query", constraints.query.text, path_with_replaced_args(request, [("q", "")]))
        )
    for name in FACET_PARAMETERS:
        choice = constraints.choice(name)
        for value in choice.include:
            chips.append(
                Chip(name.capitalize(), value, path_with_removed_args(request, [(name, value)]))
            )
        for value in choice.exclude:
            remove = path_with_removed_args(request, [(name, f"-{value}")])
            chips.append(Chip(f"Not {name}", value, remove, excluded=True))
    for name, value in (("from", constraints.date_from), ("to", constraints.date_to)):
        if value:
            chips.append(
                Chip(
                    name.capitalize(),
                    value.isoformat(),
                    path_with_replaced_args(request, [(name, "")]),
                )
            )
    if constraints.addressee_role:
        remove = path_with_replaced_args(request, [("addressee_role", "")])
        chips.append(Chip("Addressees", "TO only", remove))
    return chips


def date_histogram(request, state: Browse) -> Histogram:
    """Bars one step finer than the dates the request names (see `histogram`)."""
    return histogram.date_histogram(request, state.constraints, state.result)


def released_histogram(request, state: Browse) -> Histogram:
    """Cables per day of first publication, each bar leading to that day's releases."""
    return histogram.released_histogram(request, state.result)


@dataclass(frozen=True)
class PageLink:
    """A link in the pager; `url` empty for the current page and for gaps."""

    label: str
    url: str
    current: bool = False


def page_links(request, state: Browse) -> list[PageLink]:
    """First, previous, a window around the current page, next and last."""
    current, last = state.constraints.page, state.page_count
    if last <= 1:
        return []
    numbers = sorted(
        {1, last, *range(max(1, current - PAGE_WINDOW), min(last, current + PAGE_WINDOW) + 1)}
    )
    links = []
    if current > 1:
        links.append(PageLink("Previous", _page_url(request, current - 1)))
    previous = 0
    for number in numbers:
        if number - previous > 1:
            links.append(PageLink("…", ""))
        links.append(PageLink(str(number), _page_url(request, number), number == current))
        previous = number
    if current < last:
        links.append(PageLink("Next", _page_url(request, current + 1)))
    return links


def _page_url(request, number: int) -> str:
    url = path_with_replaced_args(request, [])
    if number == 1:
        return url
    return f"{url}{'&' if '?' in url else '?'}page={number}"
