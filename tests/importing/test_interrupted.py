"""Runs whose process is gone are marked interrupted: at the next import and in the admin."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from cableroom.importing.interrupted import mark_interrupted_runs, process_exists
from cableroom.importing.run import import_cables
from cableroom.models import ImportRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    assert not process_exists(process.pid)
    return process.pid


def running_row(**fields) -> ImportRun:
    return ImportRun.objects.create(paths=["x.csv"], **fields)


def test_a_new_row_names_this_host_and_process():
    run = running_row()
    assert run.pid == os.getpid() and run.host


def test_the_next_import_marks_a_killed_run_interrupted(tmp_path, dead_pid):
    killed = running_row(pid=dead_pid)
    alive = running_row()  # this very process: still going
    elsewhere = running_row(pid=dead_pid, host="another-host")  # cannot be checked here
    import_cables(paths=[tmp_path], workers=0)
    statuses = dict(ImportRun.objects.values_list("pk", "status"))
    assert statuses[killed.pk] == ImportRun.Status.INTERRUPTED
    assert statuses[alive.pk] == ImportRun.Status.RUNNING
    assert statuses[elsewhere.pk] == ImportRun.Status.RUNNING


def test_finished_runs_are_left_alone(dead_pid):
    done = running_row(pid=dead_pid, status=ImportRun.Status.FINISHED)
    assert mark_interrupted_runs() == 0
    done.refresh_from_db()
    assert done.status == ImportRun.Status.FINISHED


def test_the_admin_list_shows_a_killed_run_as_interrupted(curator_client, dead_pid):
    running_row(pid=dead_pid)
    response = curator_client.get(reverse("admin:cableroom_importrun_changelist"))
    assert response.status_code == 200
    assert "Interrupted" in response.content.decode()
    assert ImportRun.objects.get().status == ImportRun.Status.INTERRUPTED
