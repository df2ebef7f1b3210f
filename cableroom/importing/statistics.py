"""Planner statistics after a large write, so the first reader after an import gets
good query plans.

A freshly loaded archive has no statistics until autovacuum's analyze comes round (and
some servers run with autovacuum off). Without them PostgreSQL guesses: fetching one
cable's paragraphs took 37 ms instead of 0.1 ms on 250,000 cables. So a run that grew
the archive by a tenth or more (autovacuum's own default threshold) analyzes the tables
it wrote before it ends. ANALYZE samples rows, so this costs seconds even at full scale.
"""

from django.db import connection

from cableroom.models import (
    Addressee,
    Cable,
    CableTag,
    CableVersion,
    Paragraph,
    Reference,
)

WRITTEN_TABLES = (Cable, CableVersion, Paragraph, Addressee, CableTag, Reference)
# Autovacuum analyzes a table once a tenth of it has changed; an import does the same.
SHARE_WORTH_ANALYZING = 0.1
# SQLite reads every index row by default; sampling this many keeps it to seconds.
SQLITE_ANALYSIS_LIMIT = 1000


def refresh_planner_statistics(*, written: int) -> bool:
    """Analyze the cable tables if `written` cables are a tenth of the archive or more."""
    if written < 1 or written < SHARE_WORTH_ANALYZING * Cable.objects.count():
        return False
    tables = [connection.ops.quote_name(model._meta.db_table) for model in WRITTEN_TABLES]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
            for table in tables:
                cursor.execute(f"ANALYZE {table}")
        else:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    return True
