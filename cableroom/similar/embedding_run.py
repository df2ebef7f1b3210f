"""`manage.py embed_cables`: embed the archive in batches, then store each cable's
nearest cables.

Every public cable whose embedding is missing, or was made from another text (a
curator's edit, a re-parse, a newer copy), is embedded, a batch at a time, and each
batch is committed with its vectors: a killed run loses at most one batch, and the next
run skips what is stored (its text digest matches). Then the neighbours of every public
cable are computed from all stored vectors and replace the old ones in one transaction,
so pages read either the old neighbours or the new, never half of each.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from django.db import transaction

from cableroom.models import Cable, CableEmbedding, Paragraph, SimilarCable
from cableroom.similar.embedder import DIMENSIONS, MODEL_NAME, embedding_text, text_digest
from cableroom.similar.nearest import nearest

# Ten are shown; two more stand in for neighbours withdrawn after the run.
KEPT_NEIGHBOURS = 12
# Cables whose texts are read at once (the embedding batches are cut from these).
READ_PAGE = 512
INSERT_BATCH = 5000

Embed = Callable[[list[str]], np.ndarray]
Progress = Callable[[int], None]


@dataclass
class EmbeddingReport:
    """What a run did: cables embedded, cables whose stored vector was still right,
    and cables given neighbours."""

    embedded: int = 0
    unchanged: int = 0
    with_neighbours: int = 0


def embedding_hint() -> str:
    """A line for the end of an import: how many public cables have no embedding yet,
    when the archive uses embeddings (some are stored, or the model is installed)."""
    from cableroom.similar.embedder import model_available

    if not (model_available() or CableEmbedding.objects.exists()):
        return ""
    waiting = Cable.objects.public().filter(embedding__isnull=True).count()
    if not waiting:
        return ""
    cables = "1 cable has" if waiting == 1 else f"{waiting:,} cables have"
    return (
        f"{cables} no embedding yet: `manage.py embed_cables` finds the nearest cables by "
        "meaning (until then a cable's page links to the cables sharing its words)."
    )


def cables_to_consider() -> list[int]:
    """Ids of every public cable, in id order (the order runs embed them in)."""
    return list(Cable.objects.public().order_by("pk").values_list("pk", flat=True))


def embed_cables(
    ids: list[int],
    embed: Embed,
    *,
    batch_size: int,
    model_name: str = MODEL_NAME,
    progress: Progress | None = None,
) -> EmbeddingReport:
    """Embed the given cables whose stored vector is missing or stale, committing each
    batch of `batch_size` embedded cables."""
    report = EmbeddingReport()
    for page in _chunks(ids, READ_PAGE):
        stale = _stale_texts(page, model_name)
        report.unchanged += len(page) - len(stale)
        if progress:
            progress(len(page) - len(stale))
        for batch in _chunks(list(stale.items()), batch_size):
            _store(batch, embed([text for _, text in batch]), model_name)
            report.embedded += len(batch)
            if progress:
                progress(len(batch))
    return report


def store_neighbours(model_name: str = MODEL_NAME, kept: int = KEPT_NEIGHBOURS) -> int:
    """Replace every cable's neighbours by the nearest public cables by stored vector;
    returns how many cables have neighbours now."""
    ids, vectors = stored_vectors(model_name)
    indexes, scores = nearest(vectors, kept)
    rows = (
        SimilarCable(
            cable_id=int(ids[row]),
            similar_id=int(ids[index]),
            rank=rank,
            score=float(scores[row, rank - 1]),
        )
        for row in range(len(ids))
        for rank, index in enumerate(indexes[row], start=1)
    )
    with transaction.atomic():
        SimilarCable.objects.all().delete()
        for batch in _chunks_of(rows, INSERT_BATCH):
            SimilarCable.objects.bulk_create(batch)
    return len(ids) if indexes.shape[1] else 0


def stored_vectors(model_name: str = MODEL_NAME) -> tuple[np.ndarray, np.ndarray]:
    """Ids of the public cables with a vector by the model, and those vectors (n × 384)."""
    rows = (
        CableEmbedding.objects.filter(model_name=model_name, cable__withdrawn_at__isnull=True)
        .order_by("cable_id")
        .values_list("cable_id", "vector")
    )
    ids, chunks = [], []
    for pk, vector in rows.iterator(chunk_size=INSERT_BATCH):
        ids.append(pk)
        chunks.append(bytes(vector))
    vectors = np.frombuffer(b"".join(chunks), dtype=np.float32).reshape(-1, DIMENSIONS)
    return np.asarray(ids, dtype=np.int64), vectors


def _stale_texts(ids: list[int], model_name: str) -> dict[int, str]:
    """The embedding text of each of the cables whose stored vector is missing or stale."""
    subjects = dict(Cable.objects.filter(pk__in=ids).values_list("pk", "subject"))
    paragraphs = defaultdict(list)
    rows = Paragraph.objects.filter(cable_id__in=ids).order_by("cable_id", "position")
    for pk, text in rows.values_list("cable_id", "text"):
        paragraphs[pk].append(text)
    digests = dict(
        CableEmbedding.objects.filter(cable_id__in=ids, model_name=model_name).values_list(
            "cable_id", "text_sha256"
        )
    )
    texts = {pk: embedding_text(subjects[pk], paragraphs[pk]) for pk in ids if pk in subjects}
    return {pk: text for pk, text in texts.items() if digests.get(pk) != text_digest(text)}


def _store(batch: list[tuple[int, str]], vectors: np.ndarray, model_name: str) -> None:
    if vectors.shape != (len(batch), DIMENSIONS):
        raise ValueError(f"expected {len(batch)} vectors of {DIMENSIONS}, got {vectors.shape}")
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    with transaction.atomic():
        CableEmbedding.objects.filter(cable_id__in=[pk for pk, _ in batch]).delete()
        CableEmbedding.objects.bulk_create(
            CableEmbedding(
                cable_id=pk,
                model_name=model_name,
                text_sha256=text_digest(text),
                vector=vectors[row].tobytes(),
            )
            for row, (pk, text) in enumerate(batch)
        )


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _chunks_of(items, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
