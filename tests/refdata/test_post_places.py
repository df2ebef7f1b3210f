"""Where the posts are: the lookup the refdata build runs (on a small gazetteer made
here), and the places it wrote for the posts of the reference tables."""

import pytest

from cableroom import refdata
from cableroom.refdata.post_places import (
    STATED_SEATS,
    Gazetteer,
    folded,
    locate,
    post_places,
)

COUNTRIES = {
    "IN": {"fips": "IN", "name": "India", "capital": "New Delhi"},
    "US": {"fips": "US", "name": "United States", "capital": "Washington"},
    "GD": {"fips": "GJ", "name": "Grenada", "capital": "St. George's"},
    "CA": {"fips": "CA", "name": "Canada", "capital": "Ottawa"},
    "BM": {"fips": "BD", "name": "Bermuda", "capital": "Hamilton"},
}


def _city(geonameid, name, country, population, lat=0.0, lon=0.0, alternates=(), admin1=""):
    return {
        "geonameid": geonameid, "name": name, "countrycode": country, "population": population,
        "latitude": lat, "longitude": lon, "alternatenames": list(alternates),
        "admin1code": admin1,
    }  # fmt: skip


CITIES = [
    _city(1, "Delhi", "IN", 11_000_000, 28.65, 77.23, alternates=("New Delhi", "Dilli")),
    _city(2, "New Delhi", "IN", 300_000, 28.63, 77.22),
    _city(3, "Charleston", "US", 150_000, 32.78, -79.93, admin1="SC"),
    _city(4, "Charleston", "US", 50_000, 38.35, -81.63, admin1="WV"),
    _city(5, "Saint George's", "GD", 7_500, 12.05, -61.75, alternates=("St. George's",)),
    _city(6, "Hamilton", "CA", 570_000, 43.25, -79.85),
    _city(7, "Hamilton", "BM", 902, 32.29, -64.78),
    _city(8, "Bonn", "DE", 320_000, 50.73, 7.10),
]


@pytest.fixture
def gazetteer():
    return Gazetteer(COUNTRIES, {str(c["geonameid"]): c for c in CITIES})


def _post(name, city, fips, post_type="Embassy"):
    return {"name": name, "city": city, "country_fips": fips, "post_type": post_type}


def test_a_place_s_own_name_wins_over_another_place_s_other_name(gazetteer):
    place = locate(_post("Embassy New Delhi", "New Delhi", "IN"), gazetteer)
    assert (place.geonameid, place.matched_by) == (2, "name")
    assert (place.latitude, place.longitude, place.country) == (28.63, 77.22, "IN")


def test_another_name_finds_a_place_when_no_place_has_it_as_its_own(gazetteer):
    place = locate(_post("Embassy Dilli", "Dilli", "IN"), gazetteer)
    assert (place.geonameid, place.matched_by) == (1, "alternate name")


def test_the_most_populous_of_a_country_s_places_of_that_name(gazetteer):
    place = locate(_post("Consulate Charleston", "Charleston", "US", "Consulate"), gazetteer)
    assert place.geonameid == 3


def test_a_stated_seat_names_the_division_where_the_country_has_two(gazetteer):
    charleston = STATED_SEATS["US OFFICE FSC CHARLESTON"]
    assert charleston == ("Charleston", "US", "SC")
    assert gazetteer.find(*charleston)[0]["geonameid"] == 3
    assert gazetteer.find("Charleston", "US", "WV")[0]["geonameid"] == 4


def test_a_stated_seat_overrides_the_table_s_country(gazetteer):
    # The table's row puts the consulate in Canada, which has the bigger Hamilton.
    place = locate(_post("Consulate Hamilton", "Hamilton", "CA", "Consulate"), gazetteer)
    assert (place.geonameid, place.country, place.matched_by) == (7, "BM", "stated")


def test_an_embassy_named_after_its_country_is_at_the_capital(gazetteer):
    place = locate(_post("Embassy Grenada", "Grenada", "GJ"), gazetteer)
    assert (place.geonameid, place.matched_by) == (5, "capital")


def test_no_country_or_no_city_is_no_place(gazetteer):
    assert locate(_post("Secretary of State", "", ""), gazetteer) is None
    assert locate(_post("Consulate Nowhere", "Nowhere", "IN", "Consulate"), gazetteer) is None


def test_names_are_folded_without_accents_or_punctuation():
    assert folded("São Paulo") == folded("Sao Paulo") == "SAOPAULO"
    assert folded("St. George's") == "STGEORGES"


# --- the committed places ------------------------------------------------------------------


def test_every_place_belongs_to_a_post_of_the_tables():
    names = {post.name for post in refdata.posts()}
    assert set(post_places()) <= names


def test_every_post_with_a_country_in_the_tables_is_placed():
    unplaced = [post for post in refdata.posts() if post.name not in post_places()]
    assert [post.name for post in unplaced if post.country] == []
    assert all(name in post_places() for name in STATED_SEATS)


@pytest.mark.parametrize(
    ("post", "country", "latitude", "longitude"),
    [
        ("Embassy Astana", "KZ", 51.2, 71.4),
        ("Consulate Hamilton", "BM", 32.3, -64.8),
        ("Embassy Kingston", "JM", 18.0, -76.8),
        ("Consulate Osaka Kobe", "JP", 34.7, 135.5),
        ("USUN New York", "US", 40.7, -74.0),
    ],
)
def test_known_posts_are_where_an_atlas_has_them(post, country, latitude, longitude):
    place = post_places()[post]
    assert place.country == country
    assert place.latitude == pytest.approx(latitude, abs=0.2)
    assert place.longitude == pytest.approx(longitude, abs=0.2)
