"""The map of origin posts for one browse request: a circle per post, sized by its cables.

The counts are the browse index's own: the results counted by origin
(`BrowseResult.counts_by`), so every parameter of `/cables/` (words, facets, dates)
applies, and a post's count is its cables among the results. (The origin facet's counts
are what a click would give, which once an origin is chosen is no post's own count.)
A circle's area is proportional to its post's count, the largest circle standing for the
largest count; a post with few cables still gets a circle a finger can find. Each circle
and each row of the list below the map links to the browse page narrowed to its post,
written by the request's `SearchState` as the origin facet writes it. Where posts are
comes from `cableroom.refdata.post_places`; posts without a place are listed apart.
"""

from dataclasses import dataclass
from math import sqrt

from django.http import QueryDict

from cableroom.browse.engine import Browse
from cableroom.browse.world_outline import project
from cableroom.refdata.post_places import post_places

# Radii in SVG units (the map is 1000 units wide): the largest count's circle, and the
# smallest any circle gets, so a post with one cable among thousands can still be hit.
LARGEST_RADIUS = 28.0
SMALLEST_RADIUS = 2.5
# How the list below the map is ordered: `order=count` (the default) or `order=name`.
ORDERS = ("count", "name")
ORDER = "order"


@dataclass(frozen=True)
class PostCount:
    """One post with cables among the results, and where a click on it leads."""

    name: str
    count: int
    url: str  # the browse page narrowed to this post
    x: float | None = None  # None: the post has no place on the map
    y: float | None = None
    radius: float = 0.0

    @property
    def label(self) -> str:
        """The circle's accessible name: "Embassy Astana: 1,234 cables"."""
        return f"{self.name}: {self.count:,} cable{'' if self.count == 1 else 's'}"


@dataclass(frozen=True)
class PostMap:
    """What the map page draws and lists."""

    posts: list[PostCount]  # every post with cables, in the list's order
    largest: int  # the count the largest circle stands for (0: no cables)

    @property
    def on_map(self) -> list[PostCount]:
        """Placed posts, largest first, so a small circle is drawn over a large one."""
        placed = [post for post in self.posts if post.x is not None]
        return sorted(placed, key=lambda post: (-post.count, post.name))

    @property
    def placed(self) -> list[PostCount]:
        """Placed posts in the list's order: the map's text equivalent."""
        return [post for post in self.posts if post.x is not None]

    @property
    def not_on_map(self) -> list[PostCount]:
        return [post for post in self.posts if post.x is None]


def radius(count: int, largest: int) -> float:
    """A circle's radius: its area is to the largest's as its count is to `largest`."""
    return max(SMALLEST_RADIUS, LARGEST_RADIUS * sqrt(count / largest)) if largest else 0.0


def post_map(state: Browse, browse_path: str, order: str = "count") -> PostMap:
    """Every origin post among the request's results, placed, sized and linked."""
    column = state.index.origin
    counts = state.result.counts_by("origin")
    largest = int(counts.max()) if len(counts) else 0
    places = post_places()
    search = state.search.on_path(browse_path)
    posts = []
    for code in counts.nonzero()[0].tolist():
        name, count = column.values[code], int(counts[code])
        url = search.replace("origin", name).url()
        place = places.get(name)
        if place is None:
            posts.append(PostCount(name, count, url))
            continue
        x, y = project(place.latitude, place.longitude)
        posts.append(PostCount(name, count, url, round(x, 1), round(y, 1), radius(count, largest)))
    if order == "name":
        posts.sort(key=lambda post: post.name.casefold())
    else:
        posts.sort(key=lambda post: (-post.count, post.name.casefold()))
    return PostMap(posts, largest)


def order_problem(query: QueryDict) -> str:
    """What is wrong with the list's `order` parameter, or "" when nothing is."""
    values = query.getlist(ORDER)
    if len(values) > 1:
        return "Give one order: count or name."
    if values and values[0] not in ORDERS:
        return f"Unknown order {values[0]!r}: the list is ordered by count or name."
    return ""


def order_url(state: Browse, path: str, order: str) -> str:
    """This map ordered by `order` (count, the default, writes no parameter)."""
    url = state.search.without_page().url(path)
    if order == ORDERS[0]:
        return url
    return f"{url}{'&' if '?' in url else '?'}{ORDER}={order}"
