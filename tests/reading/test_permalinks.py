"""Permalinks that never break: every URL shape answers 200, 301, 404 or 410 as it should."""

from datetime import UTC, datetime

import pytest

from cableroom.reading.permalinks import (
    IdParts,
    existing_reference_id,
    nearest_reference_ids,
    split_reference_id,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plain_astana():
    return factories.cable("06ASTANA33")


@pytest.mark.parametrize(
    "path",
    [
        "/cable/06ASTANA33/",
        "/cable/06ASTANA33.txt",
        "/cable/06ASTANA33.json",
        "/cable/06ASTANA33/versions/",
        "/cable/06ASTANA33/versions/1/",
        "/cable/06ASTANA33/versions/1.txt",
        "/cable/06ASTANA33/diff/",
    ],
)
def test_canonical_shapes_answer_200(client, plain_astana, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/cable/06astana33/", "/cable/06ASTANA33/"),
        ("/cable/06ASTANA000033/", "/cable/06ASTANA33/"),
        ("/cable/06ASTANA33_a/", "/cable/06ASTANA33/"),
        ("/cable/06Astana33_B/", "/cable/06ASTANA33/"),
        ("/cable/06astana33.txt", "/cable/06ASTANA33.txt"),
        ("/cable/06ASTANA0033.json", "/cable/06ASTANA33.json"),
        ("/cable/06astana33/versions/", "/cable/06ASTANA33/versions/"),
        ("/cable/06astana33/versions/1.txt", "/cable/06ASTANA33/versions/1.txt"),
        ("/cable/2006/04/06ASTANA33.html", "/cable/06ASTANA33/"),
        ("/cable/2006/04/06astana33.html", "/cable/06ASTANA33/"),
        ("/plusd/cables/06ASTANA33_a.html", "/cable/06ASTANA33/"),
        ("/cables/06ASTANA33_a.html", "/cable/06ASTANA33/"),
        ("/cable/06ASTANA33.html", "/cable/06ASTANA33/"),
    ],
)
def test_variant_spellings_and_old_shapes_redirect_301(client, plain_astana, path, target):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == target


def test_missing_slash_redirects_301(client, plain_astana):
    response = client.get("/cable/06ASTANA33")
    assert response.status_code == 301
    assert response["Location"] == "/cable/06ASTANA33/"


def test_redirect_keeps_the_query_string(client, plain_astana):
    response = client.get("/cable/06astana33/", {"search": "tag=PREL"})
    assert response["Location"] == "/cable/06ASTANA33/?search=tag%3DPREL"


def test_malformed_dump_ids_redirect_to_the_canonical_id(client):
    factories.cable("75LIBREVILLE1895")
    response = client.get("/cable/7575LIBREVILLE1895/")
    assert response.status_code == 301
    assert response["Location"] == "/cable/75LIBREVILLE1895/"
    plusd = client.get("/plusd/cables/1975LIBREVILLE01895_b.html")
    assert plusd["Location"] == "/cable/75LIBREVILLE1895/"


def test_ids_stored_in_an_unusual_form_are_found_case_insensitively(client):
    factories.cable("06ODDSTATION7X")
    response = client.get("/cable/06oddstation7x/")
    assert response.status_code == 301
    assert response["Location"] == "/cable/06ODDSTATION7X/"


@pytest.mark.parametrize(
    "path",
    [
        "/cable/06ASTANA34/",
        "/cable/06ASTANA34.txt",
        "/cable/06ASTANA34.json",
        "/cable/2006/04/06ASTANA34.html",
        "/plusd/cables/06ASTANA34_a.html",
        "/cable/NOT-AN-ID/",
        "/cable/06ASTANA33/versions/9/",
    ],
)
def test_unknown_ids_answer_404(client, plain_astana, path):
    assert client.get(path).status_code == 404


def test_404_names_the_nearest_existing_ids(client):
    for serial in (30, 33, 40, 120):
        factories.cable(f"06ASTANA{serial}")
    factories.cable("06ALMATY34")
    response = client.get("/cable/06ASTANA34/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'href="/cable/06ASTANA33/"' in html and 'href="/cable/06ASTANA30/"' in html
    assert "06ALMATY34" not in html


def test_404_of_a_cited_cable_lists_who_cites_it(client):
    factories.cable("06ALMATY5", references=("05ASTANA999",))
    html = client.get("/cable/05astana999/").content.decode()
    assert "knows of it" in html and 'href="/cable/06ALMATY5/"' in html


@pytest.mark.parametrize(
    "path", ["/cable/06ASTANA33/", "/cable/06ASTANA33.txt", "/cable/06ASTANA33.json"]
)
def test_withdrawn_cables_answer_410_with_the_public_reason(client, path):
    factories.cable(
        "06ASTANA33",
        withdrawn_at=datetime(2024, 5, 1, tzinfo=UTC),
        withdrawal_reason="A duplicate of <b>06ASTANA34</b>.",
    )
    response = client.get(path)
    assert response.status_code == 410
    body = response.content.decode()
    if path.endswith("/"):
        assert "A duplicate of &lt;b&gt;06ASTANA34&lt;/b&gt;." in body
    else:  # the machine-readable forms say it in their own format
        body = response.json()["error"] if path.endswith(".json") else body
        assert "A duplicate of <b>06ASTANA34</b>." in body
    assert "2024-05-01" in body


def test_withdrawn_cable_variant_spelling_redirects_then_410(client):
    factories.cable("06ASTANA33", withdrawn_at=datetime(2024, 5, 1, tzinfo=UTC))
    response = client.get("/cable/06astana33/", follow=True)
    assert response.redirect_chain == [("/cable/06ASTANA33/", 301)]
    assert response.status_code == 410


@pytest.mark.parametrize(
    ("spelling", "parts"),
    [
        ("06ASTANA33", IdParts("06", "ASTANA", 33)),
        ("06astana000033", IdParts("06", "ASTANA", 33)),
        ("1974STATE085546", IdParts("74", "STATE", 85546)),
        ("STATE", None),
        ("", None),
    ],
)
def test_split_reference_id(spelling, parts):
    assert split_reference_id(spelling) == parts


def test_existing_reference_id_prefers_the_canonical_spelling():
    factories.cable("06ASTANA33")
    assert existing_reference_id("06astana0033") == "06ASTANA33"
    assert existing_reference_id("06ASTANA34") is None


def test_nearest_ids_fall_back_to_a_similar_station():
    factories.cable("06ASTANA33")
    assert nearest_reference_ids("06ASTNA33") == ["06ASTANA33"]
    assert nearest_reference_ids("rubbish") == []


def test_nearest_ids_skip_withdrawn_cables():
    factories.cable("06ASTANA33", withdrawn_at=datetime(2024, 5, 1, tzinfo=UTC))
    factories.cable("06ASTANA35")
    assert nearest_reference_ids("06ASTANA34") == ["06ASTANA35"]
