"""`manage.py embed_cables`: sentence embeddings of the archive and each cable's nearest
cables by meaning, for "More like this" on the cable page."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cableroom.models import SimilarCable
from cableroom.similar import embedder
from cableroom.similar.embedding_run import (
    cables_to_consider,
    embed_cables,
    store_neighbours,
)

DEFAULT_BATCH = 64


class Command(BaseCommand):
    help = (
        "Embed every public cable whose embedding is missing or stale with "
        f"{embedder.MODEL_NAME} (committing each batch: a killed run resumes where it "
        "stopped), then store each cable's ten nearest cables for its page."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH,
            help="Cables embedded and committed at once.",
        )
        parser.add_argument(
            "--neighbours",
            action="store_true",
            help="Compute the nearest cables again even when no cable needed embedding "
            "(after withdrawals and restores).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, batch_size, neighbours, no_progress, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if not embedder.model_available():
            raise CommandError(embedder.INSTALL_HINT)
        ids = cables_to_consider()
        spent = [0.0]

        def timed_embed(texts):
            embedder.sentence_model()  # loaded once, outside the timing
            started = time.monotonic()
            vectors = embedder.embed(texts, batch_size=batch_size)
            spent[0] += time.monotonic() - started
            return vectors

        with tqdm(
            total=len(ids), unit=" cables", disable=no_progress, file=self.stderr._out
        ) as bar:
            report = embed_cables(ids, timed_embed, batch_size=batch_size, progress=bar.update)
        rate = report.embedded / spent[0] if report.embedded else 0.0
        self.stdout.write(
            f"Embedded {report.embedded:,} cables ({rate:.1f} cables/s, batch {batch_size}); "
            f"{report.unchanged:,} were embedded already."
        )
        if not (report.embedded or neighbours or not SimilarCable.objects.exists()):
            self.stdout.write("Nearest cables unchanged (--neighbours computes them again).")
            return
        started = time.monotonic()
        with_neighbours = store_neighbours()
        self.stdout.write(
            f"Stored the nearest cables of {with_neighbours:,} cables "
            f"in {time.monotonic() - started:.1f} s."
        )
