"""PostgreSQL clusters of the tests' own: a primary and a streaming replica of it.

Made with the server binaries on the machine (initdb, pg_basebackup -R, pg_ctl) in a
temporary folder, each on its own loopback port, and removed at the end. PostgreSQL
refuses to run as root, so as root (CI) the server commands run as the `postgres` user
through runuser, in a folder that user owns.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

HOST = "127.0.0.1"
# Ports this project's tests may take for servers of their own.
PORTS = range(55400, 55500)
SERVER_USER = "postgres"
# Small and unsafe on purpose: a throwaway cluster needs neither memory nor durability.
SETTINGS = """
listen_addresses = '127.0.0.1'
shared_buffers = 16MB
max_connections = 30
fsync = off
full_page_writes = off
wal_level = replica
max_wal_senders = 4
hot_standby = on
"""


def server_bin() -> Path | None:
    """The newest PostgreSQL server binaries Debian installed, if any."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return Path(found[-1]).parent if found else None


def free_port(taken: set[int] = frozenset()) -> int:
    for port in PORTS:
        if port in taken:
            continue
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def _as_server_user() -> list[str]:
    return ["runuser", "-u", SERVER_USER, "--"] if os.geteuid() == 0 else []


class Cluster:
    """One PostgreSQL server: its folder, port and log."""

    def __init__(self, bindir: Path, root: Path, name: str, port: int):
        self.bindir = bindir
        self.data = root / name
        self.port = port
        self.log = root / f"{name}.log"
        self.socket_dir = root

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@{HOST}:{self.port}/{database}"

    def run(self, program: str, *args: str) -> None:
        command = [*_as_server_user(), str(self.bindir / program), *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{program} failed: {result.stdout}{result.stderr}{self.tail()}")

    def initdb(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(SETTINGS)

    def base_backup_of(self, primary: "Cluster") -> None:
        """A copy of the primary set up to follow it (standby.signal, primary_conninfo)."""
        self.run(
            "pg_basebackup",
            *("-D", str(self.data), "-h", HOST, "-p", str(primary.port), "-U", "postgres"),
            *("-R", "-X", "stream", "-c", "fast", "--no-sync"),
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.socket_dir}"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(self.url(database), autocommit=True)

    def query(self, sql: str, database: str = "postgres"):
        """The first row of what `sql` returns (None for a statement that returns none)."""
        with self.connect(database) as connection:
            cursor = connection.execute(sql)
            return cursor.fetchone() if cursor.description else None

    def tail(self) -> str:
        return self.log.read_text()[-2000:] if self.log.exists() else ""


class PrimaryAndReplica:
    """A primary cluster and a streaming replica of it, in one temporary folder."""

    def __init__(self, bindir: Path):
        self.root = Path(tempfile.mkdtemp(prefix="cableroom-replica-"))
        if os.geteuid() == 0:
            shutil.chown(self.root, SERVER_USER, SERVER_USER)
        primary_port = free_port()
        self.primary = Cluster(bindir, self.root, "primary", primary_port)
        self.replica = Cluster(bindir, self.root, "replica", free_port({primary_port}))

    def start_primary(self) -> None:
        self.primary.initdb()
        self.primary.start()

    def start_replica(self) -> None:
        self.replica.base_backup_of(self.primary)
        self.replica.start()
        assert self.replica.query("SELECT pg_is_in_recovery()")[0] is True

    def wait_for_replay(self, database: str, timeout: float = 30) -> None:
        """Until the replica has replayed everything the primary has written so far."""
        target = self.primary.query("SELECT pg_current_wal_lsn()::text", database)[0]
        sql = f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"
        deadline = time.monotonic() + timeout
        while not self.replica.query(sql, database)[0]:
            if time.monotonic() > deadline:
                raise AssertionError(f"replica did not replay up to {target}")
            time.sleep(0.05)

    def remove(self) -> None:
        """Stop both servers (whatever state they are in) and delete the folder."""
        for cluster in (self.replica, self.primary):
            try:
                cluster.stop()
            except (RuntimeError, subprocess.TimeoutExpired):
                pass
        shutil.rmtree(self.root, ignore_errors=True)
