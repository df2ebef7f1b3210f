"""Import runs whose process is gone are marked interrupted, not left "running" for ever.

A run killed with SIGKILL (or by a power cut) never reaches the code that closes its
ImportRun row. Each row names the host and process that made it; a row still
"running" whose process no longer exists on this host is marked interrupted when the
next import starts and when a curator opens the list of runs. A row made on another
host cannot be checked from here and is left as it is.
"""

import os

from cableroom.models import ImportRun
from cableroom.models.import_runs import current_host


def mark_interrupted_runs() -> int:
    """Mark this host's "running" rows whose process is gone; return how many."""
    running = ImportRun.objects.filter(status=ImportRun.Status.RUNNING, host=current_host())
    gone = [run.pk for run in running.only("pk", "pid") if not process_exists(run.pid)]
    if not gone:
        return 0
    still_running = ImportRun.objects.filter(pk__in=gone, status=ImportRun.Status.RUNNING)
    return still_running.update(status=ImportRun.Status.INTERRUPTED)


def process_exists(pid: int | None) -> bool:
    """Whether a process with this id exists here (another user's counts too)."""
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
