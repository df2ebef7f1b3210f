"""The map's projection and its land outline, decoded from TopoJSON: delta-encoded arcs,
reversed arcs, shared points, Antarctica left out, and rings across the antimeridian."""

import json

import pytest

from cableroom.browse.world_outline import (
    NORTH,
    SOUTH,
    UNIT,
    VIEW_BOX,
    antimeridian_copies,
    outline_path,
    project,
)


def test_the_projection_puts_longitude_and_latitude_straight_onto_x_and_y():
    assert project(90, -180) == (0, 0)
    assert project(0, 0) == pytest.approx((500, 250))
    assert project(-90, 180) == pytest.approx((1000, 500))
    astana, moscow = project(51.18, 71.45), project(55.75, 37.62)
    assert astana[0] > moscow[0] and astana[1] > moscow[1]


def test_the_view_box_spans_the_latitudes_the_map_shows():
    x, top, width, height = (float(n) for n in VIEW_BOX.split())
    assert (x, width) == (0, 1000)
    assert top == pytest.approx((90 - NORTH) * UNIT, abs=0.5)
    assert top + height == pytest.approx((90 - SOUTH) * UNIT, abs=1)


def _topology(tmp_path, arcs, shape, scale=(1, 1), translate=(0, 0)):
    path = tmp_path / "topology.json"
    topology = {
        "type": "Topology",
        "transform": {"scale": list(scale), "translate": list(translate)},
        "arcs": arcs,
        "objects": {"land": shape},
    }
    path.write_text(json.dumps(topology))
    return path


def test_arcs_are_decoded_from_deltas_joined_and_reversed(tmp_path):
    # Two arcs make a square from (0, 0) to (10, 10) degrees; the second is read backwards.
    arcs = [[[0, 0], [10, 0], [0, 10]], [[0, 0], [0, 10], [10, 0]]]
    path = _topology(tmp_path, arcs, {"type": "Polygon", "arcs": [[0, ~1]]})
    corners = [project(0, 0), project(0, 10), project(10, 10), project(10, 0)]
    expected = "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in corners) + "L500.0 250.0Z"
    assert outline_path(path) == expected


def test_the_transform_scales_and_shifts_the_quantized_points(tmp_path):
    arcs = [[[0, 0], [2, 0], [0, 2], [-2, 0], [0, -2]]]
    shape = {"type": "MultiPolygon", "arcs": [[[0]]]}
    path = _topology(tmp_path, arcs, shape, scale=(5, 5), translate=(-180, 80))
    assert outline_path(path).startswith("M0.0 27.8L27.8 27.8")


def test_land_wholly_south_of_the_map_is_left_out(tmp_path):
    arcs = [[[0, -80], [10, 0], [0, 5], [-10, 0], [0, -5]], [[0, 0], [10, 0], [0, 10]]]
    shape = {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "arcs": [[0]]}, {"type": "Polygon", "arcs": [[1]]},
    ]}  # fmt: skip
    assert outline_path(_topology(tmp_path, arcs, shape)).count("M") == 1


def test_a_missing_file_is_no_outline(tmp_path):
    assert outline_path(tmp_path / "nowhere.json") == ""


def test_a_ring_across_the_antimeridian_is_drawn_whole_at_both_edges():
    ring = [(178.0, -16.0), (-179.0, -16.0), (-179.0, -17.0), (178.0, -17.0)]
    copies = antimeridian_copies(ring)
    assert copies[0] == [(178.0, -16.0), (181.0, -16.0), (181.0, -17.0), (178.0, -17.0)]
    assert copies[1] == [(-182.0, -16.0), (-179.0, -16.0), (-179.0, -17.0), (-182.0, -17.0)]
    assert len(copies) == 2


def test_a_ring_away_from_the_antimeridian_is_drawn_once_as_it_is():
    ring = [(10.0, 0.0), (20.0, 0.0), (20.0, 10.0)]
    assert antimeridian_copies(ring) == [ring]
