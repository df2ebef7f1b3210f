"""Matching and ranking through the search package's public functions."""

import numpy as np
import pytest
from django.db.models.expressions import RawSQL

from cableroom.models import Cable
from cableroom.search import (
    TextQuery,
    match_cables,
    matching_ids_sql,
    parse_query,
    rank_cables,
    top_matches,
)


def test_matches_are_a_read_only_array_of_ids(search_sample):
    matches = match_cables(parse_query("heroin OR opium"), ranked=False)
    assert matches.ids.dtype == np.int64 and matches.ranks is None
    assert set(matches.ids) == {search_sample["heroin"].pk, search_sample["opium"].pk}
    with pytest.raises(ValueError):
        matches.ids[0] = 0


def test_ranked_matches_pair_each_id_with_its_rank(search_sample):
    matches = match_cables(parse_query("iran"), ranked=True)
    ranks = dict(zip(matches.ids.tolist(), matches.ranks, strict=True))
    assert ranks[search_sample["nuclear"].pk] > ranks[search_sample["scattered"].pk]


def test_a_query_without_text_matches_nothing_and_asks_nothing(
    search_sample, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert match_cables(TextQuery(), ranked=False).ids.size == 0
        assert match_cables(TextQuery(), ranked=True).ranks == []
        assert rank_cables(TextQuery(), [search_sample["heroin"].pk]) == {}
        assert rank_cables(parse_query("heroin"), []) == {}


def test_ranks_come_for_numpy_integers_too(search_sample):
    # SQLite would bind numpy integers as blobs and match nothing.
    ids = list(match_cables(parse_query("iran"), ranked=False).ids)
    assert isinstance(ids[0], np.integer)
    assert set(rank_cables(parse_query("iran"), ids)) == set(map(int, ids))


def test_matching_ids_sql_filters_a_queryset(search_sample):
    kept = Cable.objects.filter(pk__in=RawSQL(*matching_ids_sql(parse_query("nuclear -iran"))))
    assert list(kept) == [search_sample["heroin"]]


def test_top_matches_are_the_best_ranked_first_and_cut(search_sample):
    query = parse_query("nuclear OR program OR iran OR heroin")
    everything = match_cables(query, ranked=True)
    best_first = sorted(
        zip(everything.ranks, everything.ids.tolist(), strict=True), key=lambda pair: -pair[0]
    )
    top = top_matches(query, 2)
    assert top.ids.tolist() == [pk for _, pk in best_first[:2]]
    assert top.ranks == pytest.approx([rank for rank, _ in best_first[:2]])
    assert top_matches(TextQuery(), 2).ids.size == 0
