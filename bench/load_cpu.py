"""CPU time used by each side of a load test, read from /proc (Linux only).

Throughput on a 2-core machine is bounded by whoever uses the cores: the gunicorn
workers, the PostgreSQL backends serving them, or the load generator itself. Comparing
their CPU seconds over the run says which one limits it.
"""

import os
import resource
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # fields after "(comm)"


def _cpu_seconds(pid: int) -> float:
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / _TICKS if fields else 0.0


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _children(parent: int) -> list[int]:
    return [pid for pid in _pids() if (fields := _stat(pid)) and int(fields[1]) == parent]


def _backends(database: str) -> list[int]:
    """PostgreSQL backends serving this database (their title names it)."""
    found = []
    for pid in _pids():
        try:
            title = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if title.startswith("postgres: ") and f" {database} " in title:
            found.append(pid)
    return found


def _machine_busy() -> float:
    """Seconds of CPU every process on the machine used (all cores), from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / _TICKS


class CpuMeter:
    """Snapshots at creation; `since_start()` gives CPU seconds used by each side since."""

    def __init__(self, *, gunicorn_pid: int, database: str):
        self.gunicorn_pid, self.database = gunicorn_pid, database
        self.start = self._snapshot()

    def _snapshot(self) -> dict[str, dict[int, float] | float]:
        workers = [self.gunicorn_pid, *_children(self.gunicorn_pid)]
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "gunicorn": {pid: _cpu_seconds(pid) for pid in workers},
            "postgres": {pid: _cpu_seconds(pid) for pid in _backends(self.database)},
            "generator": usage.ru_utime + usage.ru_stime,
            "machine": _machine_busy(),
        }

    def since_start(self) -> dict[str, float]:
        end = self._snapshot()
        used = {
            "gunicorn workers": _delta(self.start["gunicorn"], end["gunicorn"]),
            "postgres backends": _delta(self.start["postgres"], end["postgres"]),
            "load generator": end["generator"] - self.start["generator"],
        }
        used["whole machine (all users)"] = end["machine"] - self.start["machine"]
        return used


def _delta(before: dict[int, float], after: dict[int, float]) -> float:
    # A process born during the run counts from zero.
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
