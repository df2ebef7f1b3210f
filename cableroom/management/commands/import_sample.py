"""`manage.py import_sample`: give an empty archive something to show (used by `make run`)."""

import importlib.util
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cableroom.models import Cable

SYNTHETIC_COUNT = 2000
NO_SAMPLE = (
    "No sample data found: {shared} holds no corpus/ or seed/, and cableroom.synthetic is "
    "not installed. Import cables with `python manage.py import_cables PATH...` (a "
    "cables.csv dump, cablegate pages or text files), or run `make run CABLES=PATH`."
)


def sample_paths(shared: Path) -> list[Path]:
    """The shared corpus and seed cable, those that exist."""
    return [path for path in (shared / "corpus", shared / "seed") if path.exists()]


class Command(BaseCommand):
    help = (
        "Import --path if given; otherwise, when the archive holds no cables, import "
        "../shared/corpus and ../shared/seed, else synthetic cables if cableroom.synthetic "
        "is there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", action="append", help="Import this instead (repeatable).")

    def handle(self, *args, path=None, **options):
        self.import_sample(path)
        if settings.SEARCH_ENGINE != "database" and Cable.objects.exists():
            # Built once, finished if interrupted, caught up after a killed import.
            stream = getattr(self.stderr, "_out", self.stderr)
            call_command("rebuild_search_index", "--if-missing", stdout=self.stdout, stderr=stream)

    def import_sample(self, path) -> None:
        if path:  # asked for by name: imported whatever the archive holds (idempotent)
            self.import_paths(path)
            return
        count = Cable.objects.count()
        if count:
            self.stdout.write(f"The archive holds {count:,} cables; no sample imported.")
            return
        paths = sample_paths(Path(settings.CABLEROOM_SHARED_DIR))
        if paths:
            self.import_paths(paths)
        elif importlib.util.find_spec("cableroom.synthetic") is not None:
            self.import_synthetic()
        else:
            self.stdout.write(NO_SAMPLE.format(shared=settings.CABLEROOM_SHARED_DIR))

    def import_paths(self, paths) -> None:
        self.stdout.write(f"Importing sample cables from {', '.join(map(str, paths))}")
        try:
            # The raw stream, so that import_cables can draw its progress bar on it.
            stream = getattr(self.stderr, "_out", self.stderr)
            call_command("import_cables", *map(str, paths), stdout=self.stdout, stderr=stream)
        except CommandError as error:
            # Some inputs failed (each was named); the rest is imported and worth serving.
            self.stderr.write(f"Sample import finished with failures: {error}")

    def import_synthetic(self) -> None:
        from cableroom.synthetic.dump_writer import write_dump

        target = Path(settings.BASE_DIR) / "var" / f"synthetic-{SYNTHETIC_COUNT}.csv.gz"
        target.parent.mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"No sample data found; generating {SYNTHETIC_COUNT:,} synthetic cables")
        write_dump(count=SYNTHETIC_COUNT, seed=1, path=target)
        self.import_paths([target])
        Cable.objects.filter(versions__source_path=str(target)).update(is_synthetic=True)
