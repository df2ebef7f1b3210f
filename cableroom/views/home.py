"""Pages of the reading room. Views stay thin: queries live in models, search and facets."""

from django.shortcuts import render

from cableroom.models import Cable


def home(request):
    """The front page: what the archive holds and where to start reading."""
    recent = Cable.objects.public().select_related("origin").order_by("-date_time")[:20]
    context = {"recent_cables": recent, "cable_count": Cable.objects.public().count()}
    return render(request, "cableroom/home.html", context)
