"""Each cable's nearest cables by cosine similarity of unit-length vectors, in numpy.

All pairs are compared, a block of rows at a time so that memory stays bounded: at
250,000 cables a block of 256 rows is 256 × 250,000 float32 scores, 256 MB. Exact, not
approximate: the neighbours are computed once by `embed_cables`, not per page.
"""

import numpy as np

# Rows compared at once: a block's scores are BLOCK_ROWS × cables float32s.
BLOCK_ROWS = 256


def nearest(vectors: np.ndarray, k: int, block_rows: int = BLOCK_ROWS):
    """For each row i: the indexes of its k nearest other rows, nearest first, and their
    cosine similarities, as two (n, k') arrays (k' = min(k, n - 1))."""
    count = len(vectors)
    k = min(k, count - 1)
    if k <= 0:
        return np.zeros((count, 0), dtype=np.int64), np.zeros((count, 0), dtype=np.float32)
    indexes = np.empty((count, k), dtype=np.int64)
    scores = np.empty((count, k), dtype=np.float32)
    for start in range(0, count, block_rows):
        stop = min(start + block_rows, count)
        block = vectors[start:stop] @ vectors.T
        # A cable is not its own neighbour.
        block[np.arange(stop - start), np.arange(start, stop)] = -np.inf
        best = np.argpartition(-block, k - 1, axis=1)[:, :k]
        best_scores = np.take_along_axis(block, best, axis=1)
        # Nearest first; equal scores by index, so that runs agree.
        order = np.lexsort((best, -best_scores), axis=1)
        indexes[start:stop] = np.take_along_axis(best, order, axis=1)
        scores[start:stop] = np.take_along_axis(best_scores, order, axis=1)
    return indexes, scores
