"""Search as readers meet it: the 400 for a query with nothing to find, prefixes on the
browse page, and the cable page opened from a search with its words marked."""

import json
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cableroom.search import FIRST_MATCH_ID
from tests.factories import cable
from tests.search.conftest import paragraphs


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("-iran", "only leaves words out"),
        ('-"nuclear program" -opium', "only leaves words out"),
        ("!!(&|", "has no word to look for"),
        ("*:*", "has no word to look for"),
        ("-", "has no word to look for"),
        ("OR", "has no word to look for"),
        ("n*", "at least 3 letters"),
    ],
)
def test_a_query_with_nothing_to_find_is_a_clear_400(client, search_sample, text, says):
    html = client.get("/cables/", {"q": text})
    assert html.status_code == 400
    assert says in html.content.decode()
    answer = client.get("/cables.json", {"q": text})
    assert answer.status_code == 400
    assert says in json.dumps(answer.json())


def test_an_exclusion_only_query_points_at_the_filters(client, search_sample):
    html = client.get("/cables/", {"q": "-iran"}).content.decode()
    assert "use the filters" in html and "-tag:PREL" in html
    assert "Search without it" in html  # the same request without the query, one click


def test_a_prefix_finds_every_word_it_begins(client, search_sample):
    answer = client.get("/cables.json", {"q": "nucl*"})
    assert answer.status_code == 200
    found = {item["reference_id"] for item in answer.json()["results"]}
    assert found == {"06ASTANA33", "06MOSCOW1", "06MOSCOW2"}


def _cable_page(client, reference_id, browse_query):
    url = reverse("cable-detail", args=[reference_id])
    return client.get(url, {"search": urlencode(browse_query)})


def test_the_cable_page_marks_the_search_words_and_names_the_first(client, search_sample):
    html = _cable_page(client, "06MOSCOW1", {"q": "nucl* -heroin"}).content.decode()
    assert f'its <mark id="{FIRST_MATCH_ID}">nuclear</mark> program' in html
    assert html.count(f'id="{FIRST_MATCH_ID}"') == 1
    plain = _cable_page(client, "06MOSCOW1", {"tag": "PREL"}).content.decode()
    assert "<mark" not in plain


def test_marked_paragraphs_stay_escaped(client, db):
    cable(
        "06EVIL3",
        subject="TEST",
        paragraphs=paragraphs("<script>alert('x')</script> heroin <b>seized</b>", "Clean."),
    )
    html = _cable_page(client, "06EVIL3", {"q": "heroin"}).content.decode()
    assert "<script>alert" not in html and "<b>seized" not in html
    assert (
        f'&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; <mark id="{FIRST_MATCH_ID}">' in html
    )


def test_marks_cost_one_query_more_on_the_cable_page(client, search_sample):
    words, subject_only = {"q": "heroin"}, {"q": "subject:heroin"}
    # Once each first: the browse index and the text matches are then kept in memory.
    _cable_page(client, "06ASTANA33", words)
    _cable_page(client, "06ASTANA33", subject_only)
    with CaptureQueriesContext(connection) as without_marks:
        assert _cable_page(client, "06ASTANA33", subject_only).status_code == 200
    with CaptureQueriesContext(connection) as with_marks:
        assert _cable_page(client, "06ASTANA33", words).status_code == 200
    # One on PostgreSQL; SQLite fills, reads and empties a temporary FTS5 table.
    added = len(with_marks) - len(without_marks)
    assert added == (1 if connection.vendor == "postgresql" else 4)


def test_results_link_to_the_first_match_only_when_words_were_searched(client, search_sample):
    html = client.get("/cables/", {"q": "heroin"}).content.decode()
    assert f"/cable/06ASTANA33/?search=q%3Dheroin#{FIRST_MATCH_ID}" in html
    html = client.get("/cables/", {"sort": "date"}).content.decode()
    assert "/cable/06ASTANA33/?search=sort%3Ddate" in html
    assert "#" + FIRST_MATCH_ID not in html
