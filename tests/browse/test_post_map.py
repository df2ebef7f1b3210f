"""The map of origin posts, `/cables/map/`: the browse query's posts as circles sized by
their cables, each linking to the browse page narrowed to its post, and the same posts as
a table; posts with no place listed apart. Counts come from the sample's own cables."""

import re
from html import unescape
from math import pi
from urllib.parse import parse_qsl, urlsplit

import pytest

from cableroom.browse.post_map import LARGEST_RADIUS, SMALLEST_RADIUS, radius
from cableroom.models import Cable
from tests.factories import cable

pytestmark = pytest.mark.django_db

CIRCLE = re.compile(
    r'<a href="(?P<href>[^"]+)" aria-label="(?P<label>[^"]+)"><title>(?P<title>[^<]+)</title>'
    r'<circle cx="(?P<x>[\d.]+)" cy="(?P<y>[\d.]+)" r="(?P<r>[\d.]+)"/></a>'
)


def _map(client, query="", status=200) -> str:
    response = client.get(f"/cables/map/{query}")
    assert response.status_code == status, response.content[:2000]
    return response.content.decode()


def _circles(html: str) -> dict[str, dict]:
    """The circles drawn, by post name (the label up to its colon)."""
    found = {}
    for match in CIRCLE.finditer(html):
        circle = {key: unescape(value) for key, value in match.groupdict().items()}
        found[circle["label"].split(":")[0]] = circle
    return found


def _query(url: str) -> list[tuple[str, str]]:
    parts = urlsplit(url)
    return parts.path, parse_qsl(parts.query)


def _expected_counts(**filters) -> dict[str, int]:
    counts = {}
    for found in Cable.objects.public().filter(**filters).select_related("origin"):
        counts[found.origin.name] = counts.get(found.origin.name, 0) + 1
    return counts


def test_each_placed_post_is_a_circle_named_by_its_count(client, browse_sample):
    circles = _circles(_map(client))
    expected = _expected_counts()
    placed = {name: count for name, count in expected.items() if name != "Secretary of State"}
    assert set(circles) == set(placed)
    for name, count in placed.items():
        assert circles[name]["label"] == f"{name}: {count:,} cables"
        assert circles[name]["title"] == circles[name]["label"]


def test_astana_is_east_of_moscow_and_south_of_it(client, browse_sample):
    circles = _circles(_map(client))
    astana, moscow = circles["Embassy Astana"], circles["Embassy Moscow"]
    assert float(astana["x"]) > float(moscow["x"])
    assert float(astana["y"]) > float(moscow["y"])  # y grows southwards


def test_a_circle_links_to_the_browse_page_narrowed_to_its_post(client, browse_sample):
    circles = _circles(_map(client, "?tag=PREL"))
    path, query = _query(circles["Embassy Moscow"]["href"])
    assert path == "/cables/"
    assert query == [("tag", "PREL"), ("origin", "Embassy Moscow")]
    narrowed = client.get(circles["Embassy Moscow"]["href"])
    assert narrowed.status_code == 200
    assert "06MOSCOW3" in narrowed.content.decode()


def test_a_click_on_a_post_replaces_the_origin_already_chosen(client, browse_sample):
    html = _map(client, "?origin=Embassy+Astana|Embassy+Moscow")
    _, query = _query(_circles(html)["Embassy Astana"]["href"])
    assert query == [("origin", "Embassy Astana")]


def test_every_browse_parameter_applies_to_the_counts(client, browse_sample):
    circles = _circles(_map(client, "?tag=KZ&year=2006"))
    expected = _expected_counts(tags__code="KZ", date_time__year=2006)
    assert {name: int(c["label"].split(": ")[1].split()[0]) for name, c in circles.items()} == {
        name: count for name, count in expected.items() if name != "Secretary of State"
    }
    assert "Embassy Moscow" not in circles


def test_circle_areas_follow_the_counts():
    assert radius(40, 40) == LARGEST_RADIUS
    assert pi * radius(10, 40) ** 2 == pytest.approx(pi * LARGEST_RADIUS**2 / 4)
    assert radius(1, 100_000) == SMALLEST_RADIUS
    assert radius(0, 0) == 0


def test_the_table_lists_the_placed_posts_by_count_or_by_name(client, browse_sample):
    for number in range(3):
        cable(f"06ASTANA{90 + number}", origin="Embassy Astana")
    by_count = _map(client)
    table = by_count[by_count.index("<table") : by_count.index("</table>")]
    assert table.index("Embassy Astana") < table.index("Embassy Moscow")
    assert 'aria-sort="descending"' in table
    by_name = _map(client, "?order=name")
    table = by_name[by_name.index("<table") : by_name.index("</table>")]
    assert 'aria-sort="ascending"' in table
    assert table.index("Embassy Astana") < table.index("Embassy Moscow")
    assert '<a href="/cables/map/">Cables</a>' in table


def test_posts_with_no_place_are_listed_apart(client, browse_sample):
    html = _map(client)
    apart = html[html.index('id="not-on-map-heading"') :]
    assert "Secretary of State</a>: 2 cables" in apart
    assert "Secretary of State" not in _circles(html)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("?order=size", "order"), ("?order=name&order=count", "order"), ("?year=20x6", "year")],
)
def test_bad_parameters_are_a_400_naming_them(client, browse_sample, query, parameter):
    html = _map(client, query, status=400)
    assert f"<strong>{parameter}</strong>" in html


def test_no_results_draw_no_map(client, browse_sample):
    html = _map(client, "?tag=PREL&tag=ECON&year=2005")
    assert "<svg" not in html and "No cable matches" in html


def test_the_browse_page_links_to_the_map_of_the_same_query(client, browse_sample):
    html = client.get("/cables/?tag=KZ&page=1").content.decode()
    assert '<a href="/cables/map/?tag=KZ">Map of the posts' in html
    back = _map(client, "?tag=KZ")
    assert '<a href="/cables/?tag=KZ">← Back to the results</a>' in back


def test_the_map_draws_the_land_from_the_outline_file(client, browse_sample, settings, tmp_path):
    outline = tmp_path / "land.json"
    outline.write_text(
        '{"type": "Topology", "transform": {"scale": [1, 1], "translate": [0, 0]},'
        ' "arcs": [[[0, 0], [10, 0], [0, 10], [-10, 0], [0, -10]]],'
        ' "objects": {"land": {"type": "Polygon", "arcs": [[0]]}}}'
    )
    settings.WORLD_OUTLINE_PATH = outline
    html = _map(client)
    square = "M500.0 250.0L527.8 250.0L527.8 222.2L500.0 222.2L500.0 250.0Z"
    assert f'<path class="land" d="{square}"' in html
    assert "not installed" not in html


def test_without_the_outline_file_the_map_says_so(client, browse_sample, settings, tmp_path):
    settings.WORLD_OUTLINE_PATH = tmp_path / "missing.json"
    html = _map(client)
    assert 'class="land"' not in html and "world outline is not installed" in html
    assert len(_circles(html)) == 2
