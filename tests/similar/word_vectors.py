"""A stand-in for the sentence-embedding model in tests: each word of a text adds a
fixed pseudo-random direction, so texts sharing words point alike. Fast, and without
the optional extra."""

import hashlib

import numpy as np

from cableroom.similar.embedder import DIMENSIONS


def word_vector(word: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:8], "little")
    return np.random.default_rng(seed).standard_normal(DIMENSIONS).astype(np.float32)


def embed_words(texts: list[str]) -> np.ndarray:
    rows = []
    for text in texts:
        vector = sum((word_vector(word) for word in text.lower().split()), np.zeros(DIMENSIONS))
        norm = np.linalg.norm(vector)
        rows.append(vector / norm if norm else vector)
    return np.asarray(rows, dtype=np.float32).reshape(len(texts), DIMENSIONS)
