#!/usr/bin/env python
"""Django's command-line utility for Cable Room."""

import os
import sys
from pathlib import Path

import environ

ENV_FILE = Path(__file__).resolve().parent / ".env"


def main() -> None:
    # The checkout's .env (`make run` writes one holding a generated SECRET_KEY) fills in
    # what the environment leaves unset, so every command works as the README shows it.
    environ.Env.read_env(ENV_FILE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cableroom.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
