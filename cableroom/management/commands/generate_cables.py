"""`manage.py generate_cables --count N --seed S [--format csv|db] [--output PATH]`.

Synthetic cables shaped like the real ones (see cableroom/synthetic): `csv` writes a
cables.csv.gz in the dump's format for `import_cables`, so an import is measured on the
real path; `db` loads them straight into the database, marked synthetic.
"""

import os
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from cableroom.synthetic.dump_writer import write_dump


class Command(BaseCommand):
    help = (
        "Generate N synthetic cables from a seed (same seed, same corpus): as a cables.csv.gz "
        "dump (--format csv) or straight into the database (--format db)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="How many cables.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same corpus.")
        parser.add_argument("--format", choices=("csv", "db"), default="csv")
        parser.add_argument(
            "--output", default="cables.csv.gz", help="Dump path for --format csv (.gz or .csv)."
        )
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1, help="Processes drafting text."
        )

    def handle(self, *args, count, seed, format, output, workers, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        started = time.monotonic()
        report = self._progress(count, started)
        if format == "csv":
            path = write_dump(count, seed, output, workers=workers, progress=report)
            what = f"wrote {path}"
        else:
            from cableroom.importing.synthetic_loading import load_synthetic

            loaded = load_synthetic(count, seed, workers=workers, progress=report)
            what = f"loaded {loaded:,} cables into the database"
        elapsed = time.monotonic() - started
        rate = count / elapsed if elapsed else 0
        self.stdout.write(f"{what}: {count:,} cables in {elapsed:.1f} s ({rate:,.0f} cables/s)")

    def _progress(self, count: int, started: float):
        """Plain periodic lines: count, rate, time left (on stderr, one every ~10%)."""
        step = max(count // 10, 1)
        marks = {"next": step}

        def report(done: int) -> None:
            if done < marks["next"] and done < count:
                return
            marks["next"] = done + step
            elapsed = time.monotonic() - started
            rate = done / elapsed if elapsed else 0
            left = (count - done) / rate if rate else 0
            print(
                f"  {done:,}/{count:,} cables, {rate:,.0f}/s, {left:,.0f} s left",
                file=sys.stderr,
                flush=True,
            )

        return report
