"""The per-process cache of matches, ranks and excerpts, and when it must not answer."""

import pytest
from django.db import connection

from cableroom.browse.index import current_generation
from cableroom.models import Cable
from cableroom.search import match_cables, parse_query, rank_cables, snippets_for
from cableroom.search.backends import search_backend
from cableroom.search.cache import MatchCache, cache_key


def test_match_cache_drops_the_least_recently_used_beyond_its_bound():
    cache = MatchCache(max_bytes=10)
    cache.put("a", "A", 4)
    cache.put("b", "B", 4)
    assert cache.get("a") == "A"  # now "b" is the least recently used
    cache.put("c", "C", 4)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == ("A", None, "C")
    cache.put("huge", "H", 11)
    assert cache.get("huge") is None and cache.get("c") == "C"


def test_a_match_cache_of_no_bytes_keeps_nothing():
    # SEARCH_CACHE_MB=0 (the benchmark's default): even an empty match is not kept.
    cache = MatchCache(max_bytes=0)
    cache.put("empty", "E", 0)
    assert cache.get("empty") is None


def test_putting_a_key_again_replaces_its_entry_and_size():
    cache = MatchCache(max_bytes=10)
    cache.put("a", "A", 8)
    cache.put("a", "A2", 2)
    cache.put("b", "B", 8)
    assert (cache.get("a"), cache.get("b")) == ("A2", "B")
    cache.clear()
    assert cache.get("a") is None


def test_keys_name_the_query_as_the_database_reads_it_and_the_generation():
    backend = search_backend(connection)
    one, other = parse_query("heroin OR opium"), parse_query("HEROIN or  opium")
    assert cache_key("match", backend, one, 7) == cache_key("match", backend, other, 7)
    assert cache_key("match", backend, one, 7) != cache_key("match", backend, one, 8)
    assert cache_key("match", backend, one, 7) != cache_key("rank", backend, one, 7)
    assert cache_key("match", backend, one, None) is None


@pytest.fixture
def fresh_cache():
    from cableroom.search.cache import match_cache

    match_cache.clear()
    yield
    match_cache.clear()


def test_repeated_match_rank_and_snippets_use_the_cache_until_a_cable_changes(
    search_sample, django_assert_num_queries, fresh_cache
):
    query = parse_query("iran")
    generation = current_generation()
    first = match_cables(query, ranked=False, generation=generation)
    ranks = rank_cables(query, list(first.ids), generation=generation)
    shown = search_sample["scattered"].pk
    snippets = snippets_for([shown], query, generation=generation)
    with django_assert_num_queries(0):
        assert match_cables(query, ranked=False, generation=generation).ids is first.ids
        assert rank_cables(query, list(first.ids), generation=generation) == ranks
        assert snippets_for([shown], query, generation=generation) == snippets
    # A curator's edit changes the generation, so the next request matches afresh.
    opium = search_sample["opium"].pk
    Cable.objects.filter(pk__in=[shown, opium]).update(body="Opium talks with Iran.")
    generation = current_generation()
    fresh = match_cables(query, ranked=False, generation=generation)
    assert set(fresh.ids) == set(first.ids) | {opium}
    assert opium in rank_cables(query, list(fresh.ids), generation=generation)
    assert "Opium talks" in snippets_for([shown], query, generation=generation)[shown].body


def test_ranks_and_snippets_of_other_cables_are_added_to_what_is_kept(
    search_sample, django_assert_num_queries, fresh_cache
):
    query = parse_query("iran OR heroin")
    generation = current_generation()
    nuclear, heroin = search_sample["nuclear"].pk, search_sample["heroin"].pk
    rank_cables(query, [nuclear], generation=generation)
    snippets_for([nuclear], query, generation=generation)
    with django_assert_num_queries(2):  # the one cable not ranked, not excerpted before
        assert set(rank_cables(query, [nuclear, heroin], generation=generation)) == {
            nuclear,
            heroin,
        }
        assert set(snippets_for([nuclear, heroin], query, generation=generation)) == {
            nuclear,
            heroin,
        }


def test_matches_without_a_generation_are_not_cached(search_sample, fresh_cache):
    query = parse_query("heroin")
    first = match_cables(query, ranked=False)
    assert match_cables(query, ranked=False).ids is not first.ids
