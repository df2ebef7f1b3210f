"""Nearest cables in numpy: exact, nearest first, never the cable itself, whatever the
block size."""

import numpy as np
import pytest

from cableroom.similar.nearest import nearest


def unit_rows(count: int, dimensions: int = 16, seed: int = 3) -> np.ndarray:
    rows = np.random.default_rng(seed).standard_normal((count, dimensions)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.mark.parametrize("block_rows", [1, 3, 7, 256])
def test_nearest_agrees_with_sorting_every_pair(block_rows):
    vectors = unit_rows(23)
    indexes, scores = nearest(vectors, 5, block_rows=block_rows)
    similarity = vectors @ vectors.T
    for row in range(len(vectors)):
        others = [i for i in np.argsort(-similarity[row], kind="stable") if i != row]
        assert list(indexes[row]) == others[:5]
        assert np.allclose(scores[row], similarity[row, others[:5]], atol=1e-6)
        assert row not in indexes[row]
        assert list(scores[row]) == sorted(scores[row], reverse=True)


def test_fewer_cables_than_neighbours_asked_for():
    indexes, scores = nearest(unit_rows(3), 12)
    assert indexes.shape == scores.shape == (3, 2)
    assert nearest(unit_rows(1), 12)[0].shape == (1, 0)
