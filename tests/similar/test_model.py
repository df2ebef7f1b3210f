"""The real sentence-embedding model (the optional extra `[similar]`): it loads from its
package with the hub offline, places like texts near each other, and, on real cables of
the shared corpus, gives each of ten cables a nearest cable sharing a tag or a subject
word. Without the extra these tests skip, saying how to install it; under CI=true they
fail, since CI installs it (.ci/run)."""

import itertools
import os
import re

import numpy as np
import pytest

from cableroom.parsing import parse_cable
from cableroom.similar import embedder
from cableroom.similar.nearest import nearest
from cableroom.similar.similar_words import COMMON_WORDS
from cableroom.sources.discover import read_path
from cableroom.sources.record import SourceRecord
from tests.paths import CORPUS

# Cables read from the dump for the sanity check, and how many are checked.
SAMPLE = 150
CHECKED = 10


def missing(reason: str) -> None:
    if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(f"EMBEDDING TESTS NOT RUN: {reason}")


@pytest.fixture(scope="module")
def model():
    if not embedder.model_available():
        missing(embedder.INSTALL_HINT)
    return embedder.sentence_model()


def test_the_model_loads_once_offline_and_places_like_texts_together(model):
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert embedder.sentence_model() is model
    vectors = embedder.embed(
        [
            "The wheat harvest failed after the drought.",
            "Drought ruined this year's grain crop.",
            "The consulate changed its visa interview rules.",
        ]
    )
    assert vectors.shape == (3, embedder.DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def subject_words(subject: str) -> set[str]:
    return {
        word
        for word in re.findall(r"[a-z]+", subject.lower())
        if len(word) >= 4 and word not in COMMON_WORDS
    }


@pytest.mark.slow
def test_the_nearest_of_ten_corpus_cables_shares_a_tag_or_a_subject_word(model):
    dump = CORPUS / "cables.csv.gz"
    if not dump.exists():
        pytest.skip(f"{dump} is missing: the shared corpus stands beside the checkout")
    cables = []
    records = (item for item in read_path(dump) if isinstance(item, SourceRecord))
    for record in itertools.islice(records, SAMPLE):
        parsed = parse_cable(record.text)
        if parsed.subject and parsed.tags:
            cables.append(parsed)
    texts = [
        embedder.embedding_text(cable.subject, [item.text for item in cable.paragraphs])
        for cable in cables
    ]
    indexes, scores = nearest(embedder.embed(texts), 1)
    checked = []
    for row, cable in enumerate(cables[:CHECKED]):
        other = cables[indexes[row, 0]]
        shared_tags = {tag.code for tag in cable.tags} & {tag.code for tag in other.tags}
        shared_words = subject_words(cable.subject) & subject_words(other.subject)
        checked.append((cable.reference_id, other.reference_id, shared_tags | shared_words))
    assert len(checked) == CHECKED
    assert [item for item in checked if not item[2]] == []
