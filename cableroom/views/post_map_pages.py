"""The map of origin posts, `/cables/map/`: the browse page's query drawn as a world map
of the posts that sent its cables, with the same posts as a list (the map's text
equivalent). It takes every parameter `/cables/` takes, and `order` for the list; the
drawing is worked out in `cableroom.browse.post_map`."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from cableroom.browse.engine import browse
from cableroom.browse.panels import active_chips
from cableroom.browse.post_map import ORDER, order_problem, order_url, post_map
from cableroom.browse.state import Problem
from cableroom.browse.world_outline import VIEW_BOX, world_outline


def post_map_page(request):
    """Circles on the world where the results' posts are, and the posts as a list."""
    state = browse(request)
    if state.redirect:
        return HttpResponseRedirect(state.redirect)
    map_path = reverse("browse-map")
    problem = order_problem(request.GET)
    if problem:
        state.problems.append(Problem(ORDER, problem, state.search.url(map_path)))
    browse_url = state.search.without_page().url(reverse("browse"))
    context = {"state": state, "browse_url": browse_url}
    if state.problems:
        return render(request, "cableroom/post_map.html", context, status=400)
    order = request.GET.get(ORDER, "count")
    context.update(
        post_map=post_map(state, reverse("browse"), order),
        chips=active_chips(state),
        order=order,
        order_urls={name: order_url(state, map_path, name) for name in ("count", "name")},
        outline=world_outline(),
        view_box=VIEW_BOX,
    )
    return render(request, "cableroom/post_map.html", context)
