"""`/cable/<id>/graph/`: the cables a cable cites and that cite it, two steps out, as an
SVG drawn on the server with the same links listed in words beside it."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cableroom.models import Cable
from cableroom.reading.reference_graph import (
    MAX_PER_COLUMN,
    NODE_HEIGHT,
    NODE_WIDTH,
    column_headings,
    reference_graph,
)
from cableroom.views.permalink_redirects import find_cable


@require_safe
def cable_graph(request, reference_id: str) -> HttpResponse:
    cable = find_cable(
        request, reference_id, Cable.objects.only("reference_id", "subject", "withdrawn_at")
    )
    if isinstance(cable, HttpResponse):
        return cable
    context = {
        "cable": cable,
        "graph": reference_graph(cable),
        "headings": column_headings(),
        "node_width": NODE_WIDTH,
        "node_height": NODE_HEIGHT,
        "per_column": MAX_PER_COLUMN,
    }
    return render(request, "cableroom/cable_graph.html", context)
