"""manage.py createcurator USERNAME: an account that can curate but not manage users."""

import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cableroom.curation.roles import create_curator

PASSWORD_ENV = "DJANGO_CURATOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a curator account (staff, in the curator group). Asks for the password, "
        f"or reads it from ${PASSWORD_ENV} with --noinput."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--noinput", "--no-input", action="store_true", dest="noinput")

    def handle(self, *args, username, email, noinput, **options):
        password = os.environ.get(PASSWORD_ENV, "") if noinput else self.ask_password()
        if not password:
            raise CommandError(f"No password: set {PASSWORD_ENV} when using --noinput.")
        try:
            user = create_curator(username=username, password=password, email=email)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Curator {user.get_username()!r} created; log in at /admin/.")

    def ask_password(self) -> str:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return password
