"""`manage.py reparse_cables [--all]`: bring a stored archive up to the current parser."""

from django.core.management.base import BaseCommand, CommandError

from cableroom.curation.reference_facts import refresh_reference_facts
from cableroom.curation.reparse import reparse_stored_cables
from cableroom.parsing import PARSER_VERSION


class Command(BaseCommand):
    help = (
        "Re-parse every cable an older parser read (or --all), then refresh tag and "
        "office kinds from the reference facts. Curated fields stay as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Re-parse every cable.")

    def handle(self, *args, **options):
        result = reparse_stored_cables(everything=options["all"])
        self.stdout.write(f"Re-parsed {result.reparsed:,} cables with parser {PARSER_VERSION}.")
        # After the re-parse, so that offices it named for the first time get a kind too.
        facts = refresh_reference_facts()
        self.stdout.write(
            f"Reference facts: {facts.tag_kinds:,} tag kinds and {facts.tag_descriptions:,} "
            f"descriptions set, {facts.post_kinds:,} offices given a kind."
        )
        for failure in result.failed:
            self.stderr.write(failure)
        if result.failed:
            raise CommandError(f"{len(result.failed):,} cable(s) could not be re-parsed.")
