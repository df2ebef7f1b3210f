"""`/cable/<id>/similar/`: cables sharing a cable's words, for a cable with no stored
neighbours by meaning (the cable page links here rather than asking the search engine
on every page view)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cableroom.models import Cable
from cableroom.similar.more_like_this import similar_words
from cableroom.views.permalink_redirects import find_cable


@require_safe
def cable_similar_words(request, reference_id: str) -> HttpResponse:
    cable = find_cable(
        request,
        reference_id,
        Cable.objects.only("reference_id", "subject", "body", "withdrawn_at"),
    )
    if isinstance(cable, HttpResponse):
        return cable
    context = {"cable": cable, "more": similar_words(cable, [cable.body])}
    return render(request, "cableroom/cable_similar.html", context)
