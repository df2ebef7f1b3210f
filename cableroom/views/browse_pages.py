"""The browse page `/cables/` and its other forms: `.json`, the facet "more" pages and
the tag glossary (the CSV export is in `exports`, the feed in `feeds`). The work is in
`cableroom.browse.engine`."""

from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from cableroom.browse.engine import PER_PAGE, browse
from cableroom.browse.facets import (
    FACETS,
    JSON_FACETS,
    TAG_KINDS,
    TagFacet,
    path_with_added_args,
    path_with_replaced_args,
)
from cableroom.browse.index import browse_index
from cableroom.browse.panels import (
    active_chips,
    date_histogram,
    facet_panels,
    page_links,
    released_histogram,
)
from cableroom.browse.params import SORTS

FACET_PAGE_LIMIT = 1000


def browse_page(request):
    """The reading room's main page: search box, facets, chips, histogram, results."""
    state = browse(request, jump_to_cable=True)
    if state.redirect:
        return HttpResponseRedirect(state.redirect)
    context = {"state": state, "sorts": SORTS, "form_values": _form_values(request)}
    if state.problems:
        return render(request, "cableroom/browse.html", context, status=400)
    cables = state.page_cables()
    snippets = state.snippets(cables)
    context.update(
        results=[(cable, snippets.get(cable.pk)) for cable in cables],
        # Result links carry this search to the cable page, for prev/next within it.
        search_query=request.GET.urlencode(),
        facets=facet_panels(request, state),
        chips=active_chips(request, state),
        histogram=date_histogram(request, state),
        released_histogram=released_histogram(request, state),
        pages=page_links(request, state),
        first_number=(state.constraints.page - 1) * PER_PAGE + 1,
        role_switch_url=path_with_replaced_args(
            request, [("addressee_role", "" if state.constraints.addressee_role else "TO")]
        ),
        feed_url=path_with_added_args(request, [], path=reverse("browse-feed")),
        json_url=path_with_added_args(request, [], path=reverse("browse-json")),
        csv_url=path_with_added_args(request, [], path=reverse("browse-csv")),
    )
    return render(request, "cableroom/browse.html", context)


def _form_values(request) -> dict:
    """What the search form shows and carries: the query, sort, dates, facet choices."""
    hidden = [
        (name, value)
        for name, values in request.GET.lists()
        if name in FACETS or name == "addressee_role"
        for value in values
    ]
    return {
        "q": request.GET.get("q", ""),
        "sort": request.GET.get("sort", ""),
        "from": request.GET.get("from", ""),
        "to": request.GET.get("to", ""),
        "hidden": hidden,
    }


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
            value.as_json() for value in FACETS[name](request, state.result, path).results().values
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
    facet = FACETS[name](request, state.result, reverse("browse"))
    kind = request.GET.get("kind", "")
    if isinstance(facet, TagFacet) and kind in TAG_KINDS:
        facet.kind = kind
    results = facet.results(limit=FACET_PAGE_LIMIT, contains=context["contains"][:100])
    context.update(
        facet=results,
        kind=facet.kind if isinstance(facet, TagFacet) else "",
        back_url=path_with_added_args(request, [], path=reverse("browse")),
        hidden=[
            (k, v) for k, vs in request.GET.lists() if k not in ("contains", "page") for v in vs
        ],
    )
    return render(request, "cableroom/browse_facet.html", context)


def tag_glossary(request):
    """`/tags/`: every TAGS code by kind, with its description and how many cables carry it."""
    index = browse_index()
    counts = dict(zip(index.tag.values, index.tag.counts(None).tolist(), strict=True))
    needle = request.GET.get("q", "").strip().lower()[:100]
    groups = {kind: [] for kind in TAG_KINDS}
    for code, info in sorted(index.tags.items()):
        if needle and needle not in f"{code} {info.description}".lower():
            continue
        groups.setdefault(info.kind, []).append((info, counts.get(code, 0)))
    context = {"groups": [(kind, tags) for kind, tags in groups.items() if tags], "q": needle}
    return render(request, "cableroom/tag_glossary.html", context)
