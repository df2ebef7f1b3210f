"""Pieces of the browse page built from a `Browse`: facet panels, chips, histogram, pages."""

from dataclasses import dataclass

from django.urls import reverse

from cableroom.browse import histogram
from cableroom.browse.engine import Browse
from cableroom.browse.facets import FACETS, TAG_KINDS, FacetResults, TagFacet
from cableroom.browse.histogram import Histogram
from cableroom.browse.params import ALTERNATIVES, FACET_PARAMETERS, NARROWING_PARAMETERS, PAST

TAG_LIMIT_PER_KIND = 8
FACET_LIMIT = 10
PAGE_WINDOW = 2
# Chip labels where the parameter's name is no label ("classified_by").
CHIP_LABELS = {
    "declassify": "Declassify on",
    "classified_by": "Classified by",
    "reason": "Reason",
}
CHIP_VALUES = {PAST: "past its date"}


def facet_panels(state: Browse) -> list[FacetResults | tuple]:
    """Facet panels in page order; tags come as one panel per kind of tag."""
    browse_path = reverse("browse")
    panels = []
    for name in FACETS:
        if name == "month" and not state.constraints.choice("year").include:
            continue
        more = reverse("browse-facet", args=[name])
        if name == "tag":
            panels.append(("tags", _tag_panels(state, browse_path, more)))
            continue
        facet = FACETS[name](state.search, state.result, browse_path, more)
        panels.append(facet.results(limit=FACET_LIMIT))
    return panels


def _tag_panels(state, browse_path, more) -> list[FacetResults]:
    panels = []
    for kind in TAG_KINDS:
        facet = TagFacet(state.search, state.result, browse_path, more)
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


def active_chips(state: Browse) -> list[Chip]:
    """Every constraint of the request as a chip; the last one clears all."""
    constraints, search = state.constraints, state.search
    chips = []
    if constraints.query.text:
        chips.append(Chip("Query", constraints.query.text, search.remove("q").url()))
    for name in FACET_PARAMETERS:
        choice = constraints.choice(name)
        # A narrowing facet's values each narrow: one chip per value as written, its
        # alternatives joined by "or"; the other facets' values are alternatives anyway.
        groups = choice.groups if name in NARROWING_PARAMETERS else [(v,) for v in choice.include]
        label = CHIP_LABELS.get(name, name.capitalize())
        for group in groups:
            remove = search.remove(name, ALTERNATIVES.join(group)).url()
            shown = (CHIP_VALUES.get(value, value) for value in group)
            chips.append(Chip(label, " or ".join(shown), remove))
        for value in choice.exclude:
            remove = search.remove(name, f"-{value}").url()
            shown = CHIP_VALUES.get(value, value)
            chips.append(Chip(f"Not {label.lower()}", shown, remove, excluded=True))
    for name, value in (("from", constraints.date_from), ("to", constraints.date_to)):
        if value:
            chips.append(Chip(name.capitalize(), value.isoformat(), search.remove(name).url()))
    if constraints.addressee_role:
        remove = search.remove("addressee_role").url()
        chips.append(Chip("Addressees", "TO only", remove))
    return chips


def date_histogram(state: Browse) -> Histogram:
    """Bars one step finer than the dates the request names (see `histogram`)."""
    return histogram.date_histogram(state.search, state.constraints, state.result)


def released_histogram(state: Browse) -> Histogram:
    """Cables per day of first publication, each bar leading to that day's releases."""
    return histogram.released_histogram(state.search, state.result)


@dataclass(frozen=True)
class PageLink:
    """A link in the pager; `url` empty for the current page and for gaps."""

    label: str
    url: str
    current: bool = False


def page_links(state: Browse) -> list[PageLink]:
    """Previous, the first and last pages, a window around the current one, next."""
    current, paginator = state.constraints.page, state.paginator
    if paginator.num_pages <= 1:
        return []
    numbers = paginator.get_elided_page_range(current, on_each_side=PAGE_WINDOW, on_ends=1)
    links = []
    if current > 1:
        links.append(PageLink("Previous", state.search.with_page(current - 1).url()))
    for number in numbers:
        if number == paginator.ELLIPSIS:
            links.append(PageLink("…", ""))
        else:
            url = state.search.with_page(number).url()
            links.append(PageLink(str(number), url, number == current))
    if current < paginator.num_pages:
        links.append(PageLink("Next", state.search.with_page(current + 1).url()))
    return links
