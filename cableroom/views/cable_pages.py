"""The cable page and its other forms: `/cable/<id>/`, `/cable/<id>.txt`, `/cable/<id>.json`.

The page and `.json` read the cable and all they show in one query
(`cableroom.reading.page_query`); when no public cable has exactly the id asked for,
`find_cable` answers (301 for variant spellings, 404 with the nearest ids, 410 for
withdrawn cables).
"""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import engines
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from cableroom.browse.neighbours import SEARCH_PARAMETER, search_context
from cableroom.models import Cable
from cableroom.reading.cable_json import cable_document
from cableroom.reading.page import read_cable
from cableroom.reading.page_query import cable_for_page, versions_of
from cableroom.views.permalink_redirects import find_cable, withdrawn_response

CITE_PARAMETER = "cite"
ARTICLE_TEMPLATE = "cableroom/cable_article.html"
PARTS_TEMPLATE = "cableroom/cable_parts.html"


@require_safe
def cable_detail(request, reference_id: str) -> HttpResponse:
    """The reading page: banner, decoded header, numbered paragraphs, references, citation."""
    cable = _cable_for_page(request, reference_id)
    if isinstance(cable, HttpResponse):
        return cable
    page = read_cable(
        cable,
        permalink=request.build_absolute_uri(cable.get_absolute_url()),
        search=search_context(request.GET.get(SEARCH_PARAMETER, "")),
        cite_anchor=request.GET.get(CITE_PARAMETER, ""),
        with_similar=True,
    )
    context = {"page": page, "cable": cable}
    # The article and the parts around it are rendered by Jinja2 (README, Performance);
    # the Django template around them extends the site's base.
    jinja = engines["jinja2"].env
    article = jinja.get_template(ARTICLE_TEMPLATE).render(context)
    parts = jinja.get_template(PARTS_TEMPLATE).module
    neighbours = parts.neighbours_nav(page.neighbours) if page.neighbours else ""
    context.update(
        article=mark_safe(article),
        head=parts.head_meta(cable, page.citation.url, page.description),
        neighbours=neighbours,
        aside=parts.aside(page, cable),
        # The page's query already asked whether the archive is synthetic: this wins over
        # the context processor's own query.
        archive_has_synthetic=page.archive_has_synthetic,
    )
    return render(request, "cableroom/cable_detail.html", context)


@require_safe
def cable_text(request, reference_id: str) -> HttpResponse:
    """The current version's raw text, byte for byte as stored, in UTF-8."""
    cable = find_cable(
        request, reference_id, Cable.objects.select_related("current_version").defer("body")
    )
    if isinstance(cable, HttpResponse):
        return cable
    response = HttpResponse(
        cable.raw_text.encode("utf-8"), content_type="text/plain; charset=utf-8"
    )
    return _with_canonical_link(request, response, cable)


@require_safe
def cable_json(request, reference_id: str) -> HttpResponse:
    """Every parsed field, the sources' metadata and the versions, as JSON."""
    cable = _cable_for_page(request, reference_id, with_versions=True)
    if isinstance(cable, HttpResponse):
        return cable
    page = read_cable(
        cable, permalink=request.build_absolute_uri(cable.get_absolute_url()), search=None
    )
    document = cable_document(page, versions_of(cable), request.build_absolute_uri)
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 1})
    return _with_canonical_link(request, response, cable)


def _cable_for_page(request, reference_id: str, **wanted) -> Cable | HttpResponse:
    cable = cable_for_page(reference_id, **wanted)
    if cable is None:
        return find_cable(request, reference_id)
    return withdrawn_response(request, cable) if cable.is_withdrawn else cable


def _with_canonical_link(request, response: HttpResponse, cable: Cable) -> HttpResponse:
    """Point search engines from the raw forms to the page (RFC 8288 Link header)."""
    response["Link"] = f'<{request.build_absolute_uri(cable.get_absolute_url())}>; rel="canonical"'
    return response
