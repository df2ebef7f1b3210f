"""CPU time used by each side of a load test, read from /proc (Linux only).

Throughput on a 2-core machine is bounded by whoever uses the cores: the gunicorn
workers, the PostgreSQL backends serving them, or the load generator itself. Comparing
their CPU seconds over the run says which one limits it.
"""

import os
import resource
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg

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


def _backends(database_url: str, application_name: str) -> list[int]:
    """PostgreSQL backends serving the site under test, by their application_name.

    Not by database name: another benchmark on the same database would count as ours.
    """
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [application_name]
        ).fetchall()
    return [row[0] for row in rows]


def _machine_busy() -> float:
    """Seconds of CPU every process on the machine used (all cores), from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / _TICKS


class CpuMeter:
    """Snapshots at creation; `since_start()` gives CPU seconds used by each side since."""

    def __init__(self, *, gunicorn_pid: int, database_url: str, application_name: str):
        self.gunicorn_pid, self.database_url = gunicorn_pid, database_url
        self.application_name = application_name
        self.start = self._snapshot()

    def _snapshot(self) -> dict[str, dict[int, float] | float]:
        workers = [self.gunicorn_pid, *_children(self.gunicorn_pid)]
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "gunicorn": {pid: _cpu_seconds(pid) for pid in workers},
            "postgres": {
                pid: _cpu_seconds(pid)
                for pid in _backends(self.database_url, self.application_name)
            },
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


def with_application_name(database_url: str, application_name: str) -> str:
    """The URL with `application_name` set, so the server's backends can be told apart."""
    parts = urlsplit(database_url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "application_name"]
    query.append(("application_name", application_name))
    return urlunsplit(parts._replace(query=urlencode(query)))
