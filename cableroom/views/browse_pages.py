"""The browse page `/cables/` and its other forms: `.json` and the facet "more" pages
(the CSV export is in `exports`, the feed in `feeds`, the tag glossary in
`glossary_pages`). The work is in `cableroom.browse.engine`."""

from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import engines
from django.urls import reverse
from django.utils.safestring import mark_safe

from cableroom.browse.engine import PER_PAGE, browse
from cableroom.browse.facets import FACETS, JSON_FACETS, TAG_KINDS, TagFacet
from cableroom.browse.most_cited import most_cited
from cableroom.browse.panels import (
    active_chips,
    date_histogram,
    facet_panels,
    page_links,
    released_histogram,
)
from cableroom.browse.params import SORTS

FACET_PAGE_LIMIT = 1000
LAYOUT_TEMPLATE = "cableroom/browse_layout.html"


def browse_page(request):
    """The reading room's main page: search box, facets, chips, histogram, results."""
    state = browse(request, jump_to_cable=True)
    if state.redirect:
        return HttpResponseRedirect(state.redirect)
    context = {"state": state, "sorts": SORTS, "form_values": _form_values(state.search)}
    if state.problems:
        return render(request, "cableroom/browse.html", context, status=400)
    cables = state.page_cables()
    snippets = state.snippets(cables)
    links = {
        "feed_url": state.search.without_page().url(reverse("browse-feed")),
        "json_url": state.search.without_page().url(reverse("browse-json")),
    }
    layout = {
        **links,
        "state": state,
        "results": [(cable, snippets.get(cable.pk)) for cable in cables],
        # Result links carry this search to the cable page, for prev/next within it.
        "search_query": state.search.query_string(),
        "facets": facet_panels(state),
        "most_cited": most_cited(state),
        "chips": active_chips(state),
        "histogram": date_histogram(state),
        "released_histogram": released_histogram(state),
        "pages": page_links(state),
        "first_number": (state.constraints.page - 1) * PER_PAGE + 1,
        "role_switch_url": state.search.replace(
            "addressee_role", "" if state.constraints.addressee_role else "TO"
        ).url(),
        "csv_url": state.search.without_page().url(reverse("browse-csv")),
        "map_url": state.search.without_page().url(reverse("browse-map")),
    }
    # The facets and results are the page's hot part, rendered by Jinja2 (README,
    # Performance); the form and the page around them stay Django templates.
    html = engines["jinja2"].get_template(LAYOUT_TEMPLATE).render(layout, request)
    context.update(links, layout=mark_safe(html))
    return render(request, "cableroom/browse.html", context)


# What the search form shows as fields of its own; it carries the other parameters
# (facet choices) as hidden fields, and drops the page.
FORM_FIELDS = ("q", "sort", "from", "to")


def _form_values(search) -> dict:
    """What the search form shows and carries: the query, sort, dates, facet choices."""
    shown = {name: (search.values(name) or [""])[-1] for name in FORM_FIELDS}
    hidden = [(k, v) for k, v in search.items if k not in FORM_FIELDS and k != "page"]
    return {**shown, "hidden": hidden}


def browse_json(request):
    """`/cables.json`: the same request as data (count, one page of results, facets)."""
    state = browse(request)
    if state.redirect:
        return HttpResponseRedirect(state.redirect)
    if state.problems:
        errors = {problem.parameter: problem.message for problem in state.problems}
        return JsonResponse({"errors": errors}, status=400)
    path = reverse("browse-json")
    facets = {
        name: [
            value.as_json()
            for value in FACETS[name](state.search, state.result, path).results().values
        ]
        for name in JSON_FACETS
    }
    results = [_cable_json(request, cable) for cable in state.page_cables()]
    return JsonResponse({"count": state.count, "results": results, "facets": facets})


def _cable_json(request, cable) -> dict:
    return {
        "reference_id": cable.reference_id,
        "date_time": cable.date_time.isoformat() if cable.date_time else None,
        "origin": cable.origin.name if cable.origin else None,
        "classification": cable.classification,
        "subject": cable.subject,
        "url": request.build_absolute_uri(cable.get_absolute_url()),
    }


def facet_more(request, name: str):
    """`/cables/facets/<name>/`: every value of one facet, with its own filter box."""
    if name not in FACETS:
        raise Http404("No such facet.")
    state = browse(request)
    if state.redirect:
        return HttpResponseRedirect(state.redirect)
    context = {"state": state, "facet_name": name, "contains": request.GET.get("contains", "")}
    if state.problems:
        return render(request, "cableroom/browse_facet.html", context, status=400)
    facet = FACETS[name](state.search, state.result, reverse("browse"))
    kind = request.GET.get("kind", "")
    if isinstance(facet, TagFacet) and kind in TAG_KINDS:
        facet.kind = kind
    results = facet.results(limit=FACET_PAGE_LIMIT, contains=context["contains"][:100])
    context.update(
        facet=results,
        kind=facet.kind if isinstance(facet, TagFacet) else "",
        back_url=state.search.without_page().url(reverse("browse")),
        # The filter box carries the browse parameters and this page's own `kind`.
        hidden=[*state.search.without_page().items, *(("kind", k) for k in [kind] if k)],
    )
    return render(request, "cableroom/browse_facet.html", context)
