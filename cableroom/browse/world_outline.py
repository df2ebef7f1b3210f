"""The world the map of posts is drawn on: its projection and the land's outline.

The projection is equirectangular (longitude and latitude straight onto x and y), which
keeps the page's arithmetic to one line and every post where a reader's atlas has it.
The outline is Natural Earth's land at 1:110 million (public domain), as npm's
world-atlas ships it in TopoJSON (`make map-deps` puts it in var/map/); it becomes one
SVG path on first use and is kept for the life of the process. A site without the file
draws its posts on a blank sea: `world_outline()` is then "".
"""

import json
from functools import cache
from pathlib import Path

from django.conf import settings

# The drawing's size in SVG units: 360 degrees of longitude across WIDTH.
WIDTH = 1000
UNIT = WIDTH / 360
# What the map shows of the latitudes: no post is south of Cape Town or north of
# Reykjavik's latitude by much, and Antarctica would take a sixth of a phone's screen.
NORTH, SOUTH = 84.0, -57.0
VIEW_BOX = f"0 {(90 - NORTH) * UNIT:.0f} {WIDTH} {(NORTH - SOUTH) * UNIT:.0f}"


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """SVG (x, y) of a point: x grows east from the antimeridian, y south from the pole."""
    return (longitude + 180) * UNIT, (90 - latitude) * UNIT


def world_outline() -> str:
    """The land as one SVG path's `d`, or "" when the outline file is not installed."""
    return outline_path(Path(settings.WORLD_OUTLINE_PATH))


@cache
def outline_path(path: Path) -> str:
    """The `d` of a TopoJSON file's first object, projected; "" if the file is missing."""
    if not path.is_file():
        return ""
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = decoded_arcs(topology)
    shape = next(iter(topology["objects"].values()))
    parts = []
    for ring in rings(shape):
        points = ring_points(arcs, ring)
        if max(lat for _, lat in points) < SOUTH:
            continue  # Antarctica, below the map's edge
        parts += [svg_ring(copy) for copy in antimeridian_copies(points)]
    return "".join(parts)


def decoded_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Each arc as (longitude, latitude) points: TopoJSON stores quantized deltas."""
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def rings(shape: dict):
    """Every ring (a list of arc indexes) of a geometry or a collection of them."""
    kind = shape["type"]
    if kind == "GeometryCollection":
        for geometry in shape["geometries"]:
            yield from rings(geometry)
    elif kind == "Polygon":
        yield from shape["arcs"]
    elif kind == "MultiPolygon":
        for polygon in shape["arcs"]:
            yield from polygon


def ring_points(arcs: list, ring: list[int]) -> list[tuple[float, float]]:
    """A ring's points: its arcs joined, each reversed when its index is negative
    (~index), and each after the first without the point it shares with the one before."""
    points = []
    for position, index in enumerate(ring):
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if position == 0 else arc[1:])
    return points


def antimeridian_copies(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses the antimeridian (Chukotka, Fiji) as one continuous shape
    running past the map's edge, and a copy of it a world away for the other edge; the
    SVG's view box hides what lies beyond. Other rings are returned as they are."""
    unwrapped = [points[0]]
    for longitude, latitude in points[1:]:
        previous = unwrapped[-1][0]
        longitude += 360 * round((previous - longitude) / 360)
        unwrapped.append((longitude, latitude))
    copies = [unwrapped]
    longitudes = [longitude for longitude, _ in unwrapped]
    if min(longitudes) < -180:
        copies.append([(longitude + 360, latitude) for longitude, latitude in unwrapped])
    if max(longitudes) > 180:
        copies.append([(longitude - 360, latitude) for longitude, latitude in unwrapped])
    return copies


def svg_ring(points: list[tuple[float, float]]) -> str:
    """A closed path through the projected points, to a tenth of a unit, repeats left out."""
    written = []
    for longitude, latitude in points:
        x, y = project(latitude, longitude)
        step = f"{x:.1f} {y:.1f}"
        if not written or written[-1] != step:
            written.append(step)
    return "M" + "L".join(written) + "Z"
