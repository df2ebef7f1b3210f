"""The declassify, classified-by, reason and signer facets on a few synthetic cables:
values, counts, links, exclusions, case-insensitive parameters, clear 400s, and the same
cables from the browse index as from the FilterSet's SQL."""

import csv
import io
from collections import Counter
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest

from cableroom.browse.params import CableFilterSet
from cableroom.browse.state import SearchState
from cableroom.curation.edits import edit_cable
from cableroom.models import Cable
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.now(UTC).date()
# Dates on either side of today, whenever the suite runs.
GONE = (TODAY - timedelta(days=3650)).isoformat()
COMING = (TODAY + timedelta(days=3650)).isoformat()
YESTERDAY = (TODAY - timedelta(days=1)).isoformat()


@pytest.fixture
def decl_sample(db):
    return [
        factories.cable("06ASTANA1", declassify_on=GONE, signer="ORDWAY",
                        classified_by="Ambassador John Ordway",
                        classification_reasons="1.4(b), 1.4(d)"),
        factories.cable("06ASTANA2", declassify_on=COMING, signer="Ordway",
                        classified_by="AMBASSADOR JOHN ORDWAY", classification_reasons="1.4(d)"),
        factories.cable("06ASTANA3", declassify_on="OADR", signer="ARIAS",
                        classified_by="Abelardo A. Arias, Political Counselor",
                        classification_reasons="1.5(b)"),
        factories.cable("06ASTANA4", declassify_on=YESTERDAY, signer="HOAGLAND"),
        factories.cable("06ASTANA5"),
    ]  # fmt: skip


def results(client, query: str) -> set[str]:
    response = client.get(f"/cables.json?{query}")
    assert response.status_code == 200, response.content
    return {result["reference_id"] for result in response.json()["results"]}


def facet(client, name: str, query: str = "") -> dict:
    data = client.get(f"/cables.json?{query}").json()
    return {value["value"]: value for value in data["facets"][name]}


def sql_results(query: str) -> set[str]:
    """The same request through the FilterSet's SQL form (no index)."""
    filterset = CableFilterSet(
        SearchState(parse_qsl(query)).query_dict(),
        queryset=Cable.objects.public(),
        known_values={},
    )
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("reference_id", flat=True))


def test_the_declassify_facet_counts_years_markers_and_past(client, decl_sample):
    values = facet(client, "declassify")
    years = Counter(day[:4] for day in (GONE, COMING, YESTERDAY))
    expected = {"past": 2, "OADR": 1, **years}
    assert {name: value["count"] for name, value in values.items()} == expected
    assert list(values)[0] == "past", "the toggle leads the list"
    assert values["past"]["label"] == "Past its declassification date"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("declassify=past", {"06ASTANA1", "06ASTANA4"}),
        ("declassify=-past", {"06ASTANA2", "06ASTANA3", "06ASTANA5"}),
        (f"declassify={COMING[:4]}|OADR", {"06ASTANA2", "06ASTANA3"}),
        (f"declassify=past&declassify={GONE[:4]}", {"06ASTANA1"}),
        ("classified_by=John Ordway", {"06ASTANA1", "06ASTANA2"}),
        ("classified_by=-John Ordway", {"06ASTANA3", "06ASTANA4", "06ASTANA5"}),
        ("signer=Ordway|Arias", {"06ASTANA1", "06ASTANA2", "06ASTANA3"}),
        ("reason=1.4(d)", {"06ASTANA1", "06ASTANA2"}),
        ("reason=1.4(d)&reason=1.4(b)", {"06ASTANA1"}),
        ("reason=-1.4(d)&declassify=OADR|past", {"06ASTANA3", "06ASTANA4"}),
    ],
)
def test_the_index_and_the_sql_select_the_same_cables(client, decl_sample, query, expected):
    assert results(client, query) == expected
    assert sql_results(query) == expected


def test_one_official_and_one_signer_whatever_the_case(client, decl_sample):
    people = facet(client, "classified_by")
    assert {name: value["count"] for name, value in people.items()} == {
        "John Ordway": 2,
        "Abelardo A. Arias": 1,
    }
    signers = facet(client, "signer")
    assert signers["Ordway"]["count"] == 2 and "ORDWAY" not in signers
    reasons = facet(client, "reason")
    assert {name: value["count"] for name, value in reasons.items()} == {
        "1.4(b)": 1,
        "1.4(d)": 2,
        "1.5(b)": 1,
    }


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("signer=ORDWAY", "signer=Ordway"),
        ("signer=-ordway|ARIAS", "signer=-Ordway%7CArias"),
        ("classified_by=JOHN+ORDWAY", "classified_by=John+Ordway"),
        ("reason=1.4+(D)", "reason=1.4%28d%29"),
        ("declassify=PAST", "declassify=past"),
        ("declassify=oadr", "declassify=OADR"),
    ],
)
def test_hand_typed_values_are_redirected_to_the_facets_spelling(
    client, decl_sample, written, canonical
):
    response = client.get(f"/cables/?{written}")
    assert response.status_code == 302
    assert response["Location"] == f"/cables/?{canonical}"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("signer=Nobody", "signer"),
        ("classified_by=Someone+Else", "classified_by"),
        ("reason=9.9(z)", "reason"),
        ("declassify=soon", "declassify"),
        ("declassify=2016-04", "declassify"),
    ],
)
def test_unknown_values_are_a_400_naming_the_parameter(client, decl_sample, query, parameter):
    for path in ("/cables/", "/cables.json", "/cables.csv"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, response.status_code)
        assert parameter in response.content.decode()


def test_a_year_no_cable_names_finds_nothing(client, decl_sample):
    assert results(client, "declassify=1999") == set()


def test_clicking_past_then_a_year_narrows(client, decl_sample):
    past = facet(client, "declassify")["past"]
    after = facet(client, "declassify", urlsplit(past["toggle_url"]).query)
    assert after["past"]["selected"] and after["past"]["count"] == 2
    gone = after[GONE[:4]]
    query = urlsplit(gone["toggle_url"]).query
    assert gone["count"] == len(results(client, query)) >= 1


def test_chips_name_the_facets_in_words(client, decl_sample):
    html = client.get("/cables/?declassify=past&classified_by=-John+Ordway").content.decode()
    assert "Declassify on" in html and "past its date" in html
    assert "Not classified by" in html


def test_the_cable_header_links_each_value_to_its_facet(client, decl_sample):
    html = client.get("/cable/06ASTANA1/").content.decode()
    assert f'href="/cables/?declassify={GONE[:4]}"' in html
    assert f">{GONE}</a>" in html and "(past)" in html
    assert 'href="/cables/?classified_by=John+Ordway"' in html and "(Ambassador)" in html
    assert 'href="/cables/?reason=1.4%28d%29"' in html
    assert 'href="/cables/?signer=Ordway"' in html
    future = client.get("/cable/06ASTANA2/").content.decode()
    assert f">{COMING}</a>" in future and "(past)" not in future
    oadr = client.get("/cable/06ASTANA3/").content.decode()
    assert 'href="/cables/?declassify=OADR"' in oadr


def test_the_cable_json_gives_the_normalised_values(client, decl_sample):
    document = client.get("/cable/06ASTANA1.json").json()
    assert document["declassification"] == {"date": GONE, "marker": None, "past": True}
    assert document["classified_by_name"] == "John Ordway"
    assert document["classified_by_title"] == "Ambassador"
    assert document["reasons"] == ["1.4(b)", "1.4(d)"]
    assert document["signer_name"] == "Ordway"
    assert client.get("/cable/06ASTANA5.json").json()["declassification"] is None


def test_the_csv_ends_with_the_normalised_columns(client, decl_sample):
    response = client.get("/cables.csv?signer=Ordway|Arias")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_id = {row["reference_id"]: row for row in rows}
    assert by_id["06ASTANA1"]["declassify_on"] == GONE
    assert by_id["06ASTANA1"]["reasons"] == "1.4(b); 1.4(d)"
    assert by_id["06ASTANA3"]["declassify_on"] == "OADR"
    assert by_id["06ASTANA3"]["classified_by_title"] == "Political Counselor"
    assert {row["signer"] for row in rows} == {"Ordway", "Arias"}


def test_a_curators_signer_is_the_facets_value(client, decl_sample, curator):
    cable = Cable.objects.get(reference_id="06ASTANA4")
    edit_cable(cable=cable, values={"signer": "MCKINLEY"}, user=curator)
    cable.refresh_from_db()
    assert cable.signer_name == "McKinley"
    assert results(client, "signer=McKinley") == {"06ASTANA4"}


def test_a_date_becomes_past_when_the_day_turns(client, decl_sample, monkeypatch):
    from cableroom.browse import index

    factories.cable("06ASTANA6", declassify_on=TODAY.isoformat())
    assert "06ASTANA6" not in results(client, "declassify=past")
    # Midnight passes; no data changes, so the index (and its cached totals) stays.
    tomorrow = index.today_number() + 1
    monkeypatch.setattr(index, "today_number", lambda: tomorrow)
    assert "06ASTANA6" in results(client, "declassify=past")
    assert facet(client, "declassify")["past"]["count"] == 3


@pytest.mark.parametrize("name", ["declassify", "classified_by", "reason", "signer"])
def test_each_facet_has_its_page_of_every_value(client, decl_sample, name):
    response = client.get(f"/cables/facets/{name}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert {"declassify": "past", "classified_by": "John Ordway", "reason": "1.5(b)",
            "signer": "Hoagland"}[name] in html  # fmt: skip
