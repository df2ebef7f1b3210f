"""The browse-during-import benchmark's core on a tiny archive: a fresh copy of a dump is
new to the archive, and browse pages keep being timed while a real import commits."""

import gzip
import sys
from pathlib import Path

import pytest
from django.db import connection

from bench.browse_during_import import (
    BROWSE_ONLY,
    GENERATION_TABLE,
    GenerationReader,
    fresh_copy,
    import_command,
    run_phases,
    start_process,
)
from bench.load_mix import TrafficMix
from bench.servers import production_env
from cableroom.models import Cable
from cableroom.search.schema import GENERATION_TABLE as SCHEMA_GENERATION_TABLE
from cableroom.sources import SourceProblem, read_dump
from tests import factories

NOTE = "This record is a partial extract of the original cable."


def _dump(path: Path, count: int, station: str = "TESTVILLE") -> Path:
    rows = []
    for number in range(1, count + 1):
        fields = [
            str(number), "4/19/2006 13:31", f"06{station}{number}", "Embassy Testville",
            "UNCLASSIFIED", "", NOTE, f"SUBJECT: WHEAT HARVEST {number}\n\n1. Text {number}.",
        ]  # fmt: skip
        rows.append(",".join(f'"{field}"' for field in fields) + "\n")
    path.write_bytes(gzip.compress("".join(rows).encode()))
    return path


def _held(ids: list[str]) -> int:
    return Cable.objects.filter(reference_id__in=ids).count()


def test_the_generation_table_is_the_one_the_index_reads():
    assert GENERATION_TABLE == SCHEMA_GENERATION_TABLE


@pytest.mark.django_db
def test_the_fresh_copy_is_the_first_whose_ids_the_archive_lacks(tmp_path):
    source = _dump(tmp_path / "source.csv.gz", 3)
    target = tmp_path / "fresh.csv.gz"
    assert fresh_copy(source, target, _held) == (1, 3)
    first = [record.metadata.reference_id for record in read_dump(target)]
    # The archive already holds one cable of copy 1 (an earlier run imported it).
    factories.cable(first[1])

    assert fresh_copy(source, target, _held) == (2, 3)
    records = list(read_dump(target))
    assert not [record for record in records if isinstance(record, SourceProblem)]
    second = [record.metadata.reference_id for record in records]
    assert len(set(second)) == 3
    assert not set(second) & set(first)
    assert _held(second) == 0


@pytest.fixture
def postgresql_url():
    if connection.vendor != "postgresql":
        pytest.skip(
            "PostgreSQL only: the import runs in a process of its own beside the server, "
            "which SQLite's in-memory test database cannot share (the benchmark itself "
            "needs PostgreSQL)"
        )
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_browsing_is_timed_before_and_while_an_import_commits(
    postgresql_url, live_server, tmp_path
):
    # Every value the mix names must exist, or the page answers 400 (a problem): two pages
    # of 25 for `?page=2`, a SECRET cable for `?classification=SECRET`.
    for number in range(1, 31):
        level = "SECRET" if number == 1 else "UNCLASSIFIED"
        factories.cable(
            f"06OLDTOWN{number}", tags=("PREL", "ECON")[number % 2 :], classification=level
        )
    mix = TrafficMix(
        reference_ids=["06OLDTOWN1"], tags=["PREL", "ECON"], origins=["Embassy Testville"],
        years=[2006], words=["wheat"], pages=2, weights=BROWSE_ONLY,
    )  # fmt: skip
    dump = _dump(tmp_path / "new.csv.gz", 40, station="NEWTOWN")
    env = production_env(postgresql_url, tmp_path / "static")
    # Small batches: several commits, so several generation changes to see.
    command = import_command(dump, workers=0, batch_size=5)
    assert command[:3] == [sys.executable, "manage.py", "import_cables"]

    with GenerationReader(postgresql_url) as generation:
        baseline, during, imported = run_phases(
            live_server.url,
            lambda rng: mix.next_request(rng)[1],
            start_process(command, env),
            generation,
            clients=2,
            baseline_seconds=1.0,
            log=lambda line: None,
        )

    assert imported.returncode == 0, imported.output
    assert (imported.read, imported.imported) == (40, 40)
    assert imported.cables_per_second > 0
    assert Cable.objects.filter(reference_id__startswith="06NEWTOWN").count() == 40
    assert baseline.samples and during.samples
    for phase in (baseline, during):
        assert {sample.status for sample in phase.samples} == {200}
    assert baseline.summary()["generation_changes"] == 0
    changes = during.summary()["generation_changes"]
    assert 1 <= changes <= 8 + 1  # a poll may miss a commit; eight batches, one ANALYZE
    assert all(0 <= at <= imported.seconds for at, _value in during.generations)
    summary = during.summary()
    assert summary["requests"] == len(during.samples)
    assert summary["p50_ms"] <= summary["p95_ms"] <= summary["p99_ms"] <= summary["max_ms"]


def test_the_import_command_passes_the_pace_on():
    command = import_command(Path("dump.csv.gz"), workers=2, batch_size=None, max_rate=150.0)
    assert command[command.index("--max-rate") + 1] == "150.0"
    assert "--max-rate" not in import_command(Path("dump.csv.gz"), None, None)
