"""Parse and write in several processes at once, each with its own connection.

On PostgreSQL the server does much of an import's work (the full-text vector of each
cable, the indexes), in one server process per connection: a single writing connection
therefore caps the import at what one core of the server can do, however many cores
there are. So on PostgreSQL each worker process ("lane") parses its batch and writes it
in its own transaction, and the importing process only reads, skips stored copies and
reports. Lanes that meet the same cable take turns on it (the writer locks stored
cables; a new cable stored by another lane meanwhile is found on a retry).

SQLite takes one writer at a time, so there the single writer of `pipeline` is used.
"""

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.util import Finalize

from django.db import connection, connections

from cableroom.importing.pipeline import Batch, exit_with_parent
from cableroom.importing.plan.cable_plan import CablePlan, plan_records
from cableroom.importing.plan.fit import ColumnLimits
from cableroom.importing.write.writer import BatchResult, CableWriter
from cableroom.models import ImportRun

_writer: CableWriter | None = None
_inherited: list = []  # the parent's connections: kept, never closed from here


def lanes_apply(*, dry_run: bool, workers: int) -> bool:
    """Whether to write from worker processes: PostgreSQL, a real run, not inside an
    open transaction (whose work the lanes could not join), at least one worker."""
    return (
        workers > 0
        and not dry_run
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    )


def written_batches(
    batches: Iterable[Batch], *, workers: int, import_run: ImportRun | None, limits: ColumnLimits
) -> Iterator[tuple[Batch, BatchResult]]:
    """Yield each batch with what writing it did, in input order, `workers` lanes wide."""
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_lane,
        initargs=(os.getpid(), import_run.pk if import_run else None),
    )
    with pool:
        in_flight: deque = deque()
        for batch in batches:
            in_flight.append((batch, pool.submit(_plan_and_write, batch.records, limits)))
            if len(in_flight) > workers + 1:
                done, future = in_flight.popleft()
                yield done, future.result()
        while in_flight:
            done, future = in_flight.popleft()
            yield done, future.result()


def _start_lane(parent: int, import_run_id: int | None) -> None:
    global _writer
    exit_with_parent(parent)
    for inherited in connections.all(initialized_only=True):
        # Closing the parent's connection here would end its session on the server;
        # set it aside, and this process opens its own on first use.
        _inherited.append(inherited.connection)
        inherited.connection = None
    _writer = CableWriter(ImportRun(pk=import_run_id) if import_run_id else None)
    Finalize(None, connections.close_all, exitpriority=10)


def _plan_and_write(records: list, limits: ColumnLimits) -> BatchResult:
    plans = plan_records(records, limits)
    result = _writer.write([plan for plan in plans if isinstance(plan, CablePlan)])
    refused = [plan for plan in plans if not isinstance(plan, CablePlan)]
    result.failures = refused + result.failures
    return result
