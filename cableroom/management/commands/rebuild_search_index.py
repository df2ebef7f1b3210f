"""`manage.py rebuild_search_index`: build the Tantivy index of every public cable."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from cableroom.search import index_updates
from cableroom.search.backends.tantivy_index import WriterBusy, read_state
from cableroom.search.schema import rebuild_fts


class Command(BaseCommand):
    help = (
        "Build the Tantivy search index in SEARCH_INDEX_DIR from the database, committing "
        "in batches; an interrupted run is resumed after the last reference id it "
        "committed. Text queries use the database's own index until it completes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fresh", action="store_true", help="Start from empty even after an interruption."
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Only build (or finish) an index that is not complete; catch up otherwise.",
        )
        parser.add_argument(
            "--catch-up",
            action="store_true",
            help="Only re-index the cables changed since the index last missed a write.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=index_updates.REBUILD_COMMIT_EVERY,
            help="Cables per commit (and per step of resuming).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--database-vectors",
            action="store_true",
            help="Instead: compute the database's own full-text vectors of every cable "
            "without one (after SEARCH_ENGINE=tantivy, which writes none on PostgreSQL).",
        )

    def handle(
        self, *args, fresh, if_missing, catch_up, batch_size, no_progress, database_vectors,
        **options,
    ):  # fmt: skip
        if database_vectors:
            self.fill_database_vectors()
            return
        if settings.SEARCH_ENGINE == "database":
            raise CommandError("SEARCH_ENGINE is 'database': no Tantivy index is used.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        folder = settings.SEARCH_INDEX_DIR
        state = read_state(folder)
        try:
            if catch_up or (if_missing and state is not None and state.complete):
                self.catch_up(folder, state)
                return
            self.rebuild(folder, fresh=fresh, batch_size=batch_size, quiet=no_progress)
        except WriterBusy as error:
            raise CommandError(f"{error}; try again when it is done.") from error

    def fill_database_vectors(self) -> None:
        began = time.monotonic()
        rebuild_fts()
        self.stdout.write(
            f"The database's full-text vectors are complete ({time.monotonic() - began:,.1f} s)."
        )
        if settings.SEARCH_ENGINE == "tantivy" and connection.vendor == "postgresql":
            self.stderr.write(
                "SEARCH_ENGINE is still 'tantivy': cables written from now on get no vectors."
            )

    def catch_up(self, folder, state) -> None:
        if state is None or not state.complete:
            raise CommandError(f"No complete search index in {folder}: rebuild it first.")
        count = index_updates.catch_up(folder=folder)
        self.stdout.write(f"Search index in {folder} is complete; {count:,} cable(s) caught up.")

    def rebuild(self, folder, *, fresh: bool, batch_size: int, quiet: bool) -> None:
        stream = getattr(self.stderr, "_out", self.stderr)
        bar = None

        def started(total: int, resumed_after: str | None) -> None:
            nonlocal bar
            if resumed_after:
                self.stdout.write(f"Resuming the search index after {resumed_after}")
            bar = tqdm(total=total, unit=" cables", file=stream, dynamic_ncols=True, disable=quiet)

        began = time.monotonic()
        try:
            count = index_updates.rebuild_index(
                folder=folder,
                fresh=fresh,
                commit_every=batch_size,
                on_start=started,
                on_progress=lambda done: bar.update(done),
            )
        finally:
            if bar is not None:
                bar.close()
        seconds = time.monotonic() - began
        rate = count / seconds if seconds else 0.0
        self.stdout.write(
            f"Search index in {folder}: {count:,} cables indexed in {seconds:,.1f} s "
            f"({rate:,.0f} cables/s)."
        )
