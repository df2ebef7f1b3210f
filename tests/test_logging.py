"""Each log line is printed once, with DEBUG on (`make run`) and off (production)."""

import os
import subprocess
import sys

import pytest

from tests.paths import REPO

# Django's own loggers, at the levels `make run` shows, and one of ours.
PROBE = (
    "import logging;"
    "logging.getLogger('django.request').warning('probe: a warning from Django');"
    "logging.getLogger('django.utils.autoreload').info('probe: runserver information');"
    "logging.getLogger('cableroom.web').warning('probe: a warning of ours')"
)
PROBES = [
    "probe: a warning from Django",
    "probe: runserver information",
    "probe: a warning of ours",
]


def _clean_environment(**names) -> dict:
    project = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "DEBUG", "LOG_LEVEL"}
    clean = {key: value for key, value in os.environ.items() if key not in project}
    return {**clean, **names}


@pytest.mark.parametrize("debug", ["1", "0"])
def test_each_log_line_is_printed_once(debug):
    env = _clean_environment(DEBUG=debug, SECRET_KEY="log-test-key-" + "x" * 40)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PROBE],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert {probe: lines.count(probe) for probe in PROBES} == dict.fromkeys(PROBES, 1)
