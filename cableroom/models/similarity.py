"""What "More like this" reads: each cable's sentence embedding and its nearest cables.

`CableEmbedding` holds one vector a cable (float32 bytes: pgvector is not packaged for
this Debian's PostgreSQL, and the neighbours are found in numpy, not by the database).
`SimilarCable` holds each cable's nearest cables by that vector, found by
`manage.py embed_cables`, so the cable page reads them as a column of its one query.
"""

from django.db import models

from cableroom.models.cable import Cable


class CableEmbedding(models.Model):
    """A cable's embedding by one model, and the digest of the text it was made from."""

    cable = models.OneToOneField(
        Cable, primary_key=True, on_delete=models.CASCADE, related_name="embedding"
    )
    model_name = models.CharField(max_length=100)
    # sha256 of the embedded text: a cable whose subject or paragraphs changed since
    # (a curator's edit, a re-parse, a new copy) is embedded again.
    text_sha256 = models.CharField(max_length=64)
    vector = models.BinaryField()
    embedded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Embedding of cable {self.cable_id} by {self.model_name}"


class SimilarCable(models.Model):
    """One of a cable's nearest cables by meaning: `rank` 1 is the nearest."""

    cable = models.ForeignKey(
        Cable, on_delete=models.CASCADE, related_name="similar_cables", db_index=False
    )
    similar = models.ForeignKey(
        Cable, on_delete=models.CASCADE, related_name="similar_to", db_index=False
    )
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField(help_text="Cosine similarity of the two embeddings, -1 to 1.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cable", "rank"], name="similar_cable_rank"),
        ]
        # A deleted cable's rows are found by the cascade through this index.
        indexes = [models.Index(fields=["similar"], name="similar_cable_similar")]

    def __str__(self) -> str:
        return f"{self.cable_id} ~ {self.similar_id} ({self.rank})"
