"""Facet counts (cableroom/browse/index.py, Tally, for ManyValued and SingleValued): the
commonest values counted from bitsets, the others from their entries, always the same
counts as counting every entry the mask keeps. No database: entries drawn at random."""

import numpy as np
import pytest

from cableroom.browse.index import DENSE_SHARE, ManyValued, Selection, SingleValued


def entries(size: int, values: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """(position, code) pairs, one per cable and value, codes Zipf-like: a few held by
    many cables (bitsets), most by few (entries)."""
    per_cable = rng.integers(0, 6, size=size)
    positions = np.repeat(np.arange(size, dtype=np.int32), per_cable)
    codes = np.minimum(rng.zipf(1.3, size=len(positions)) - 1, values - 1).astype(np.int32)
    keys = np.unique(positions.astype(np.int64) * values + codes)
    return (keys // values).astype(np.int32), (keys % values).astype(np.int32)


@pytest.mark.parametrize("size", [0, 1, 63, 64, 65, 1000, 4099])
def test_counts_equal_counting_every_entry(size):
    rng = np.random.default_rng(size)
    values = 300
    positions, codes = entries(size, values, rng)
    facet = ManyValued(positions, codes, [f"V{i}" for i in range(values)], size=size)
    if size >= 1000:  # both ways of counting are used
        assert 0 < len(facet.tally.dense_codes) < values
        assert len(facet.tally.sparse_codes) > 0
    masks = [None, np.zeros(size, bool), np.ones(size, bool)]
    masks += [rng.random(size) < share for share in (0.01, 0.3, 0.5, 0.9)]
    for mask in masks:
        kept = codes if mask is None else codes[mask[positions]]
        expected = np.bincount(kept, minlength=values)
        selection = None if mask is None else Selection(mask)
        assert np.array_equal(facet.counts(selection), expected)


def test_a_value_held_by_one_cable_in_dense_share_is_a_bitset():
    size = DENSE_SHARE * 10
    common = np.arange(0, size, DENSE_SHARE, dtype=np.int32)  # exactly 1 in DENSE_SHARE
    rare = common[:-1]  # one fewer
    positions = np.concatenate([common, rare])
    codes = np.array([0] * len(common) + [1] * len(rare), dtype=np.int32)
    order = np.lexsort((codes, positions))
    facet = ManyValued(positions[order], codes[order], ["COMMON", "RARE"], size=size)
    assert facet.tally.dense_codes.tolist() == [0]
    assert np.array_equal(facet.positions_of(0), common)
    assert np.array_equal(facet.positions_of(1), rare)


@pytest.mark.parametrize("size", [0, 1, 64, 1000, 4099])
def test_single_valued_counts_equal_counting_every_code(size):
    rng = np.random.default_rng(size + 7)
    values = 50
    # Zipf-like codes, a fifth of the cables with none (-1), as DECL dates or signers.
    codes = np.minimum(rng.zipf(1.5, size=size) - 1, values - 1).astype(np.int32)
    codes[rng.random(size) < 0.2] = -1
    facet = SingleValued(codes, [f"V{i}" for i in range(values)])
    if size >= 1000:
        assert 0 < len(facet.tally.dense_codes) < values
        assert len(facet.tally.sparse_codes) > 0
    for share in (None, 0.0, 0.01, 0.5, 1.0):
        mask = None if share is None else rng.random(size) < share
        kept = codes if mask is None else codes[mask]
        expected = np.bincount(kept[kept >= 0], minlength=values)
        selection = None if mask is None else Selection(mask)
        assert np.array_equal(facet.counts(selection), expected)
