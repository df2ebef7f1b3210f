"""Parse batches in worker processes while the main process writes the ones before.

Parsing is pure CPU and needs no database, so it runs in other processes; writing
stays in the one process that holds the connection and the transaction. At most a
few batches are in flight, so memory stays flat however long the input is.
"""

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from cableroom.importing.plan.cable_plan import CablePlan, plan_records
from cableroom.importing.plan.fit import ColumnLimits


@dataclass
class Batch:
    """A run of input items: the records still to parse, the problems, the counts."""

    read: int = 0
    unchanged: int = 0
    records: list = field(default_factory=list)
    problems: list = field(default_factory=list)


def planned_batches(
    batches: Iterable[Batch], *, workers: int, limits: ColumnLimits
) -> Iterator[tuple[Batch, list]]:
    """Yield each batch with its plans, fitted to `limits`, in input order.

    `workers=0` parses in this process.
    """
    if workers <= 0:
        for batch in batches:
            yield batch, plan_records(batch.records, limits)
        return
    # fork: the workers start at once with the reference facts already loaded; they
    # never touch the database connection they inherit.
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=exit_with_parent,
        initargs=(os.getpid(),),
    )
    with pool:
        in_flight: deque = deque()
        for batch in batches:
            in_flight.append((batch, pool.submit(_plan_without_text, batch.records, limits)))
            if len(in_flight) > workers + 1:
                yield _with_text(*in_flight.popleft())
        while in_flight:
            yield _with_text(*in_flight.popleft())


def _plan_without_text(records: list, limits: ColumnLimits) -> list:
    """Plans for the records, without the raw text: this process still has it, and
    sending it back would only cost pickling."""
    plans = plan_records(records, limits)
    for plan in plans:
        if isinstance(plan, CablePlan):
            plan.version.raw_text = None
    return plans


def _with_text(batch: Batch, future) -> tuple[Batch, list]:
    plans = future.result()
    for record, plan in zip(batch.records, plans, strict=True):
        if isinstance(plan, CablePlan):
            plan.version.raw_text = record.text
    return batch, plans


def exit_with_parent(parent: int) -> None:
    """Stop this worker when the importing process is gone (kill -9 leaves no one to
    tell it), instead of waiting for work forever as an orphan."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="exit-with-parent").start()
