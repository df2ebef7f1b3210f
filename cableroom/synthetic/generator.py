"""Generate synthetic cables deterministically from a seed.

    for cable in generate_cables(count=1000, seed=7):
        ...

The same (count, seed) always gives the same cables, field for field and byte for
byte, whatever the number of worker processes: the plan (ids, dates, origins) is drawn
from the seed, then each cable's fields and text from a generator seeded with
(seed, row). With `workers` > 1 the cables are drafted in forked processes, in chunks
of CHUNK, and come back in order.
"""

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from functools import partial
from random import Random

from cableroom.synthetic.corpus_plan import CorpusPlan, plan_corpus
from cableroom.synthetic.draft import draft_cable
from cableroom.synthetic.synthetic_cable import SyntheticCable
from cableroom.synthetic.tables import load_tables

CHUNK = 500
_PLAN: CorpusPlan | None = None  # set before forking; workers inherit it


def generate_cables(count: int, seed: int, workers: int = 1) -> Iterator[SyntheticCable]:
    """`count` cables in date order, row numbers from 1."""
    for chunk in map_chunks(count, seed, _identity, workers):
        yield from chunk


def map_chunks(count: int, seed: int, job: Callable, workers: int = 1) -> Iterator:
    """`job(cables)` for each chunk of CHUNK cables, in order, in `workers` processes.

    `job` must be a module-level function (workers find it by name). Doing the work
    that follows drafting (formatting, compressing) in the workers too is what lets
    two cores share a large run.
    """
    global _PLAN
    _PLAN = plan_corpus(count, seed, load_tables())
    starts = range(0, count, CHUNK)
    task = partial(_run_chunk, job=job)
    if workers <= 1 or count <= CHUNK:
        yield from map(task, starts)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        # At most a few chunks in flight: when the consumer is slower than the workers
        # (a database write), memory stays flat instead of queueing the whole corpus.
        pending: deque = deque()
        for start in starts:
            pending.append(pool.apply_async(task, (start,)))
            if len(pending) > 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def draft_chunk(plan: CorpusPlan, start: int) -> list[SyntheticCable]:
    """The cables of one chunk, each from its own seeded generator."""
    tables = load_tables()
    end = min(start + CHUNK, len(plan.cables))
    return [
        draft_cable(position, plan, tables, Random(f"cable/{plan.seed}/{position}"))
        for position in range(start, end)
    ]


def _run_chunk(start: int, job: Callable):
    return job(draft_chunk(_PLAN, start))


def _identity(cables: list[SyntheticCable]) -> list[SyntheticCable]:
    return cables
