"""`manage.py import_cables PATH...`: load cables from dumps, cablegate pages and text files."""

import argparse

from django.core.management.base import BaseCommand, CommandError

from cableroom.importing.progress import progress_for
from cableroom.importing.run import DEFAULT_BATCH_SIZE, import_cables
from cableroom.similar.embedding_run import embedding_hint


class Command(BaseCommand):
    help = (
        "Import cables from cables.csv dumps (plain or .gz), cablegate HTML pages and "
        "plain-text cables, files or directories. Idempotent and resumable; exits non-zero "
        "if any input could not be imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or directories to import.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read, parse and report; write nothing."
        )
        parser.add_argument(
            "--workers", type=int, default=None, help="Parsing processes (0: none)."
        )
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
        parser.add_argument("--no-progress", action="store_true", help="No bar, no lines.")
        parser.add_argument(
            "--max-rate",
            type=_cables_per_second,
            default=None,
            metavar="CABLES_PER_SECOND",
            help="Parse and write at most this many cables a second, so that readers of "
            "the same machine and database keep their share of them (default: no cap).",
        )

    def handle(self, *args, paths, dry_run, workers, batch_size, no_progress, max_rate, **options):
        # The bar needs the real stream: Django's wrapper adds a newline to each write.
        stream = getattr(self.stderr, "_out", self.stderr)
        summary = import_cables(
            paths=paths,
            dry_run=dry_run,
            workers=workers,
            batch_size=batch_size,
            progress=progress_for(stream, enabled=not no_progress),
            max_rate=max_rate,
        )
        self.stdout.write(summary.report())
        if not dry_run and (summary.imported or summary.new_versions):
            waiting = embedding_hint()
            if waiting:
                self.stdout.write(waiting)
        if summary.failed:
            raise CommandError(
                f"{summary.failed:,} input(s) could not be imported; each is named above."
            )


def _cables_per_second(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"a number of cables a second above 0, not {text!r}")
    return value
