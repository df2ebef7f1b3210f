"""Imports leave the planner statistics fresh (cableroom/importing/statistics.py)."""

import pytest
from django.db import connection

from cableroom.importing.run import import_cables
from cableroom.importing.statistics import refresh_planner_statistics
from cableroom.models import Cable, Paragraph
from tests import factories
from tests.import_inputs import cable_text

pytestmark = pytest.mark.django_db


def counted_rows(model) -> int | None:
    """The row count the planner's statistics hold for the table (None: no statistics).

    Only an ANALYZE sets it to the table's real size, so the tests below compare it to
    the rows they made, whatever statistics earlier tests left behind.
    """
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone() is None:
                return None
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            counts = [int(stat.split()[0]) for (stat,) in cursor.fetchall()]
            return max(counts, default=None)
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return int(cursor.fetchone()[0])


def manual_analyses(model) -> int:
    """How many times ANALYZE was run by hand on the table (PostgreSQL only).

    Autovacuum's analyses count apart (autoanalyze_count), so unlike reltuples this figure
    cannot be overwritten by an autovacuum worker analyzing the table at the same moment:
    one such race once left reltuples at 9 for a table the test's transaction saw with 6.
    """
    with connection.cursor() as cursor:
        # Statistics are read once per transaction unless the snapshot is cleared.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = %s",
            [model._meta.db_table],
        )
        return int(cursor.fetchone()[0])


def analysis_marks(*models) -> dict:
    """What shows that ANALYZE ran on each table: on PostgreSQL its count of manual
    analyses, which autovacuum never touches (its own analyses count apart); an autovacuum
    worker analyzing a table at the same moment once wrote its reltuples over the import's.
    SQLite has no autovacuum, and its statistics roll back with the test's transaction."""
    if connection.vendor == "postgresql":
        return {model: manual_analyses(model) for model in models}
    return {model: counted_rows(model) for model in models}


def assert_analyzed(before: dict, rows: dict) -> None:
    after = analysis_marks(*before)
    for model, mark in before.items():
        if connection.vendor == "postgresql":
            assert after[model] == mark + 1, model.__name__
        else:
            assert after[model] == rows[model], model.__name__


def test_an_import_that_fills_the_archive_analyzes_what_it_wrote(tmp_path):
    for serial in (1, 2, 3):
        (tmp_path / f"06ASTANA{serial}.txt").write_text(cable_text(serial))
    before = analysis_marks(Cable, Paragraph)
    summary = import_cables(paths=[tmp_path], workers=0)
    assert summary.imported == 3
    written = Paragraph.objects.count()
    assert written > 3
    assert_analyzed(before, {Cable: 3, Paragraph: written})


def test_a_dry_run_analyzes_nothing(tmp_path):
    factories.cable()
    (tmp_path / "06ASTANA1.txt").write_text(cable_text(1))
    before = analysis_marks(Cable)
    summary = import_cables(paths=[tmp_path], workers=0, dry_run=True)
    assert summary.imported == 1
    assert analysis_marks(Cable) == before
    assert counted_rows(Cable) != 1


def test_a_small_addition_to_a_large_archive_leaves_the_statistics_to_autovacuum():
    for _ in range(20):
        factories.cable()
    before = analysis_marks(Cable)
    assert refresh_planner_statistics(written=1) is False
    assert analysis_marks(Cable) == before
    assert refresh_planner_statistics(written=2) is True
    assert_analyzed(before, {Cable: 20})


def test_nothing_written_means_nothing_to_analyze():
    factories.cable()
    before = analysis_marks(Cable)
    assert refresh_planner_statistics(written=0) is False
    assert analysis_marks(Cable) == before
