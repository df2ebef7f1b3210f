"""Permalinks that never break: every spelling and old URL shape of a cable reaches it.

`find_cable` is what every per-cable view calls first: the cable when the id is
exactly right, a 301 to the canonical id (same URL shape, same query string) when it
is a variant spelling, a 410 with the curator's reason when the cable was withdrawn,
and a 404 naming the nearest ids otherwise. The old publishers' URL shapes
(cablegate `/cable/2006/04/06ASTANA33.html`, PlusD `.../cables/06ASTANA33_a.html`)
redirect here with 301.
"""

from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse

from cableroom.models import Cable
from cableroom.parsing.ids import canonical_reference_id
from cableroom.reading.permalinks import existing_reference_id, nearest_reference_ids
from cableroom.reading.references import cited_by


def find_cable(request, reference_id: str, cables=None) -> Cable | HttpResponse:
    """The public cable a URL names, or the response that replaces its page (301/404/410)."""
    cables = Cable.objects.all() if cables is None else cables
    cable = cables.filter(reference_id=reference_id).first()
    if cable is not None:
        return withdrawn_response(request, cable) if cable.is_withdrawn else cable
    stored = existing_reference_id(reference_id)
    if stored is not None:
        return redirect_to_reference_id(request, stored)
    return not_found_response(request, reference_id)


def redirect_to_reference_id(request, reference_id: str) -> HttpResponse:
    """301 to the same view and URL shape with the stored id, keeping the query string."""
    match = request.resolver_match
    kwargs = {**match.kwargs, "reference_id": reference_id}
    url = reverse(match.view_name, kwargs=kwargs)
    if request.META.get("QUERY_STRING"):
        url = f"{url}?{request.META['QUERY_STRING']}"
    return HttpResponsePermanentRedirect(url)


def withdrawn_response(request, cable: Cable) -> HttpResponse:
    """410 Gone: the cable existed here and a curator withdrew it, for the reason given."""
    context = {"reference_id": cable.reference_id, "cable": cable}
    response = render(request, "cableroom/cable_withdrawn.html", context, status=410)
    # What the `.json` and `.txt` forms say instead of the page (cableroom/web/errors.py).
    when = f" on {cable.withdrawn_at:%Y-%m-%d}" if cable.withdrawn_at else ""
    reason = cable.withdrawal_reason or "No reason was given."
    response.error_message = f"{cable.reference_id} was withdrawn by a curator{when}: {reason}"
    return response


def not_found_response(request, spelling: str) -> HttpResponse:
    """404 naming the nearest ids that exist and, for a known-but-missing cable, who cites it."""
    reference_id = canonical_reference_id(spelling) or spelling.upper()
    context = {
        "spelling": spelling,
        "reference_id": reference_id,
        "nearest": nearest_reference_ids(spelling),
        "cited_by": cited_by(reference_id),
    }
    response = render(request, "cableroom/cable_not_found.html", context, status=404)
    response.error_message = f"No cable {reference_id} in the archive"
    return response


def cablegate_redirect(request, year: int, month: int, reference_id: str) -> HttpResponse:
    """Cablegate's `/cable/2006/04/06ASTANA33.html` -> the cable page, 301."""
    return _redirect_to_cable(request, reference_id)


def plusd_redirect(request, name: str) -> HttpResponse:
    """PlusD's `/plusd/cables/06ASTANA33_a.html` (and `/cables/...html`) -> the cable page, 301."""
    return _redirect_to_cable(request, name)


def html_suffix_redirect(request, reference_id: str) -> HttpResponse:
    """`/cable/06ASTANA33.html` -> the cable page, 301."""
    return _redirect_to_cable(request, reference_id)


def _redirect_to_cable(request, spelling: str) -> HttpResponse:
    stored = existing_reference_id(spelling)
    if stored is None:
        return not_found_response(request, spelling)
    return HttpResponsePermanentRedirect(reverse("cable-detail", args=[stored]))
