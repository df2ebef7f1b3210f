"""SEARCH_ENGINE=tantivy on a node whose index is not built: on PostgreSQL, which then
keeps no vectors, a text query is a 503 saying why (never results missing cables), the
rest of the site works; SQLite keeps its FTS5 table and answers from it. Both databases."""

import json

import pytest
from django.db import connection

from cableroom.search import parse_query
from cableroom.search.backends import search_backend
from cableroom.search.backends.unindexed import SearchUnavailable, UnindexedBackend


@pytest.fixture
def tantivy_without_index(settings, search_sample):
    settings.SEARCH_ENGINE = "tantivy"  # the test's SEARCH_INDEX_DIR holds no index
    return search_sample


def test_postgresql_says_search_is_unavailable_and_sqlite_answers(tantivy_without_index):
    backend = search_backend()
    tree = parse_query("heroin").tree
    if connection.vendor == "postgresql":
        assert isinstance(backend, UnindexedBackend)
        with pytest.raises(SearchUnavailable, match="being built"):
            backend.match_ids(tree)
        with pytest.raises(SearchUnavailable):
            backend.top_ranked(tree, 10)
    else:
        assert backend.match_ids(tree).tolist() == [tantivy_without_index["heroin"].pk]


def test_the_reader_gets_a_503_page_and_the_rest_of_the_site_works(tantivy_without_index, client):
    page = client.get("/cables/", {"q": "heroin"})
    listing = client.get("/cables/", {"tag": "PREL"})
    cable = client.get("/cable/06ASTANA33/", {"search": "q=heroin"})  # marked from its text
    assert listing.status_code == 200 and cable.status_code == 200
    assert "<mark" in cable.content.decode()
    if connection.vendor != "postgresql":
        assert page.status_code == 200 and "06ASTANA33" in page.content.decode()
        return
    assert page.status_code == 503 and page["Retry-After"]
    assert "search index is being built" in page.content.decode()
    answer = client.get("/cables.json", {"q": "heroin"})
    assert answer.status_code == 503
    assert "being built" in json.loads(answer.content)["error"]
