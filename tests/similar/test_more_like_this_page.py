""" "More like this" on the cable page: stored neighbours in the page's one query; without
them a link to the similar-words page, which asks two queries more at most; labelled
apart, never a withdrawn cable."""

import re

import pytest
from django.urls import reverse

from cableroom.curation import edits as curation
from cableroom.reading.page_query import cable_for_page, page_rows
from cableroom.similar.similar_words import search_words
from tests import factories

pytestmark = pytest.mark.django_db


def page(client, reference_id):
    response = client.get(reverse("cable-detail", args=[reference_id]))
    assert response.status_code == 200
    return response.content.decode()


def listed(html: str) -> list[str]:
    """The reference ids "More like this" lists, in order."""
    section = html.split('id="more-like-this"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<a href="/cable/([^/]+)/">', section)


@pytest.fixture
def wheat():
    cables = [
        factories.cable(
            f"06WHEAT{serial}",
            subject=f"WHEAT HARVEST REPORT {serial}",
            paragraphs=(("U", "The wheat harvest fell short of the forecast."),),
        )
        for serial in range(1, 14)
    ]
    other = factories.cable(
        "06VISA1",
        subject="VISA FRAUD RING",
        paragraphs=(("U", "Consular officers found forged passports."),),
    )
    return cables, other


def test_stored_neighbours_are_read_with_the_page(client, wheat, django_assert_num_queries):
    cables, other = wheat
    factories.similar(cables[0], *cables[1:12])  # eleven stored, ten shown
    with django_assert_num_queries(1):
        html = page(client, "06WHEAT1")
    assert "Similar meaning" in html and "Similar words" not in html
    assert listed(html) == [cable.reference_id for cable in cables[1:11]]


def test_a_withdrawn_neighbour_is_never_shown(client, wheat):
    cables, _ = wheat
    factories.similar(cables[0], *cables[1:4])
    curation.withdraw_cable(cable=cables[1], reason="Withdrawn for the test.", user=None)
    assert listed(page(client, "06WHEAT1")) == ["06WHEAT3", "06WHEAT4"]
    similar = page_rows(cable_for_page("06WHEAT1")).similar
    assert [cable.reference_id for cable in similar] == ["06WHEAT3", "06WHEAT4"]
    assert similar[0].similarity > similar[1].similarity


def test_without_neighbours_the_page_links_to_cables_sharing_its_words(
    client, wheat, django_assert_num_queries
):
    cables, other = wheat
    curation.withdraw_cable(cable=cables[5], reason="Withdrawn for the test.", user=None)
    with django_assert_num_queries(1):  # the page asks nothing of the search engine
        html = page(client, "06WHEAT1")
    assert "Similar meaning" not in html and listed(html) == []
    words_url = reverse("cable-similar", args=["06WHEAT1"])
    assert f'href="{words_url}"' in html
    # The cable, the match, the rows; and the site header's "synthetic archive?".
    with django_assert_num_queries(1 + 2 + 1):
        response = client.get(words_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Similar words" in html and "Similar meaning" not in html
    shown = listed(html)
    assert len(shown) == 10
    assert set(shown) <= {cable.reference_id for cable in cables[1:]} - {"06WHEAT6"}
    assert "06WHEAT1" not in shown and other.reference_id not in shown


def test_a_cable_like_no_other_says_so(client, wheat):
    html = client.get(reverse("cable-similar", args=["06VISA1"])).content.decode()
    assert listed(html) == []
    assert "No other cable in the archive is like this one." in html


def test_the_similar_words_page_of_an_unknown_or_withdrawn_cable(client, wheat):
    cables, _ = wheat
    assert client.get(reverse("cable-similar", args=["06NOSUCH1"])).status_code == 404
    curation.withdraw_cable(cable=cables[0], reason="Withdrawn for the test.", user=None)
    assert client.get(reverse("cable-similar", args=["06WHEAT1"])).status_code == 410


def test_json_has_no_fallback_query(client, wheat, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(reverse("cable-json", args=["06WHEAT1"]))


def test_the_words_asked_for_are_the_subjects_then_the_commonest():
    words = search_words(
        "NUCLEAR TALKS: THE IAEA VISIT",
        ["Inspectors inspected the reactor; inspectors left.", "The reactor is old. 1. C"],
    )
    assert words[:3] == ["nuclear", "talks", "iaea"]
    assert "visit" in words and "the" not in words
    assert words.index("inspectors") < words.index("inspected")
    assert words.count("reactor") == 1
    assert search_words("", []) == []
