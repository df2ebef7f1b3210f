"""`embed_cables`' work: vectors stored a batch at a time and resumed, stale ones made
again, neighbours stored without withdrawn cables; the command's refusal without the
model. The model is stood in for by word vectors (tests/similar/word_vectors.py)."""

import io

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from cableroom.curation import edits as curation
from cableroom.models import CableEmbedding, SimilarCable
from cableroom.similar import embedder
from cableroom.similar.embedding_run import (
    cables_to_consider,
    embed_cables,
    store_neighbours,
    stored_vectors,
)
from tests import factories
from tests.similar.word_vectors import embed_words

pytestmark = pytest.mark.django_db

TOPICS = {
    "wheat": "WHEAT HARVEST EXPORTS",
    "wheat2": "WHEAT HARVEST FORECAST",
    "nuclear": "NUCLEAR PROGRAM TALKS",
    "nuclear2": "NUCLEAR PROGRAM INSPECTIONS",
    "visa": "VISA FRAUD RING",
}


@pytest.fixture
def archive():
    return {
        name: factories.cable(
            f"06TOPIC{index}", subject=subject, paragraphs=(("U", subject.lower()),)
        )
        for index, (name, subject) in enumerate(TOPICS.items(), start=1)
    }


def test_every_public_cable_gets_one_vector_and_a_second_run_embeds_none(archive):
    calls = []

    def counting(texts):
        calls.append(len(texts))
        return embed_words(texts)

    report = embed_cables(cables_to_consider(), counting, batch_size=2)
    assert (report.embedded, report.unchanged) == (5, 0)
    assert calls == [2, 2, 1]
    ids, vectors = stored_vectors()
    assert sorted(ids) == sorted(cable.pk for cable in archive.values())
    assert vectors.shape == (5, embedder.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    again = embed_cables(cables_to_consider(), counting, batch_size=2)
    assert (again.embedded, again.unchanged) == (0, 5)
    assert calls == [2, 2, 1]


def test_a_killed_run_keeps_its_committed_batches_and_the_next_one_finishes(archive):
    def failing_second_batch(texts, seen=[]):  # noqa: B006 (counts calls)
        seen.append(texts)
        if len(seen) == 2:
            raise KeyboardInterrupt
        return embed_words(texts)

    with pytest.raises(KeyboardInterrupt):
        embed_cables(cables_to_consider(), failing_second_batch, batch_size=2)
    assert CableEmbedding.objects.count() == 2
    report = embed_cables(cables_to_consider(), embed_words, batch_size=2)
    assert (report.embedded, report.unchanged) == (3, 2)
    assert CableEmbedding.objects.count() == 5


def test_a_corrected_subject_is_embedded_again(archive):
    embed_cables(cables_to_consider(), embed_words, batch_size=8)
    before = bytes(CableEmbedding.objects.get(cable=archive["visa"]).vector)
    curation.edit_cable(
        cable=archive["visa"], values={"subject": "WHEAT EXPORTS"}, user=factories.curator()
    )
    report = embed_cables(cables_to_consider(), embed_words, batch_size=8)
    assert (report.embedded, report.unchanged) == (1, 4)
    assert bytes(CableEmbedding.objects.get(cable=archive["visa"]).vector) != before


def test_neighbours_are_nearest_first_and_never_withdrawn(archive):
    embed_cables(cables_to_consider(), embed_words, batch_size=8)
    curation.withdraw_cable(cable=archive["nuclear2"], reason="Withdrawn for the test.", user=None)
    assert store_neighbours(kept=3) == 4
    ranked = list(
        SimilarCable.objects.filter(cable=archive["wheat"])
        .order_by("rank")
        .values_list("similar__reference_id", "score")
    )
    assert ranked[0][0] == archive["wheat2"].reference_id
    assert [score for _, score in ranked] == sorted((score for _, score in ranked), reverse=True)
    withdrawn = archive["nuclear2"]
    assert not SimilarCable.objects.filter(similar=withdrawn).exists()
    assert not SimilarCable.objects.filter(cable=withdrawn).exists()
    # A second computation replaces the first rather than adding to it.
    store_neighbours(kept=3)
    assert SimilarCable.objects.count() == 4 * 3


def test_the_command_says_how_to_install_the_model(monkeypatch, archive):
    monkeypatch.setattr(embedder, "model_available", lambda: False)
    with pytest.raises(CommandError, match=r"pip install -e '\.\[similar\]'"):
        call_command("embed_cables", "--no-progress")
    assert not CableEmbedding.objects.exists()


def test_the_command_embeds_and_stores_neighbours(monkeypatch, archive, capsys):
    monkeypatch.setattr(embedder, "model_available", lambda: True)
    monkeypatch.setattr(embedder, "embed", lambda texts, batch_size: embed_words(texts))
    monkeypatch.setattr(embedder, "sentence_model", lambda: None)
    call_command("embed_cables", "--no-progress", "--batch-size", "2")
    out = capsys.readouterr().out
    assert "Embedded 5 cables" in out and "batch 2" in out
    assert "nearest cables of 5 cables" in out
    assert SimilarCable.objects.filter(cable=archive["nuclear"]).first() is not None
    out = io.StringIO()
    call_command("embed_cables", "--no-progress", stdout=out)
    assert "Embedded 0 cables" in out.getvalue() and "unchanged" in out.getvalue()
    curation.withdraw_cable(cable=archive["visa"], reason="Withdrawn for the test.", user=None)
    call_command("embed_cables", "--no-progress", "--neighbours", stdout=out)
    assert "nearest cables of 4 cables" in out.getvalue()
    with pytest.raises(CommandError, match="at least 1"):
        call_command("embed_cables", "--no-progress", "--batch-size", "0")


def test_an_import_says_how_many_cables_wait_for_embed_cables(monkeypatch, tmp_path):
    from tests.import_inputs import dump_row, write_dump

    def imported(*rows) -> str:
        out = io.StringIO()
        dump = write_dump(tmp_path / f"cables{len(rows)}.csv", list(rows))
        call_command("import_cables", str(dump), "--workers", "0", stdout=out)
        return out.getvalue()

    monkeypatch.setattr(embedder, "model_available", lambda: True)
    assert "2 cables have no embedding yet: `manage.py embed_cables`" in imported(
        dump_row(1), dump_row(2)
    )
    embed_cables(cables_to_consider(), embed_words, batch_size=8)
    assert "1 cable has no embedding yet" in imported(dump_row(1), dump_row(2), dump_row(3))
    monkeypatch.setattr(embedder, "model_available", lambda: False)
    CableEmbedding.objects.all().delete()
    assert "no embedding" not in imported(dump_row(4), dump_row(5), dump_row(6), dump_row(7))
