"""parse_cables: parse cables from their sources and report, without the database."""

import json

from django.core.management.base import BaseCommand, CommandError

from cableroom.importing.report import (
    build_report,
    cable_json,
    format_report,
    parse_sources,
)


class Command(BaseCommand):
    help = (
        "Parse cables from files or directories (cables.csv[.gz], cablegate HTML, .txt) "
        "without touching the database. Prints a summary of agreement with the sources' "
        "metadata, warnings by kind and the worst cables, or one JSON object per cable."
    )
    requires_system_checks = []  # runs with no database configured or migrated

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--text-only",
            action="store_true",
            help="take every field from the text; ignore the source's metadata",
        )
        parser.add_argument("--jsonl", action="store_true", help="one JSON object per cable")
        parser.add_argument(
            "--worst", type=int, default=10, help="worst examples to show (default 10)"
        )

    def handle(self, *args, paths, text_only, jsonl, worst, **options):
        problems = 0

        def report_problem(problem):
            nonlocal problems
            problems += 1
            self.stderr.write(str(problem))

        def report_skip(path, reason):
            self.stderr.write(f"{path}: skipped, {reason}")

        items = parse_sources(paths, on_problem=report_problem, on_skip=report_skip)
        if jsonl:
            for item in items:
                self.stdout.write(json.dumps(cable_json(item, text_only=text_only)))
        else:
            report = build_report(items, text_only=text_only, worst=worst)
            self.stdout.write("\n".join(format_report(report, problems=problems)))
        if problems:
            raise CommandError(f"{problems} input(s) could not be read (listed above)")
