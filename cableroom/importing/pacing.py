"""An import's pace: at most so many cables a second, so that readers keep the machine.

An import parses on every core it is given, and its writes keep the database server's
cores busy too (the full-text vectors, the indexes, the triggers): on a machine that
also serves readers, an import at full speed takes their cores, and lowering the
importer's own priority does not help, since its writes run in the database's processes
(README, Performance). A cap on the rate bounds both shares wherever the database runs,
in the spirit of PostgreSQL's own cost-based vacuum delay. An import with no cap runs
as fast as it can.
"""

import time
from collections.abc import Callable, Iterable, Iterator


class Pace:
    """Lets work through at `per_second` on average: `wait_for(n)` sleeps, when the work
    let through so far is ahead of the rate, until it is not, and counts `n` more.

    The first call never waits, so a small import is not slowed at all; the pace is
    kept over the whole run, so a batch that came late does not let the next ones bunch."""

    def __init__(
        self,
        per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        if not per_second > 0:
            raise ValueError(f"a pace must be above 0 a second, not {per_second!r}")
        self.per_second = per_second
        self._clock = clock
        self._sleep = sleep
        self._started: float | None = None
        self._let_through = 0
        self.slept = 0.0

    def wait_for(self, amount: int) -> None:
        now = self._clock()
        if self._started is None:
            self._started = now
        due = self._started + self._let_through / self.per_second
        if due > now:
            self._sleep(due - now)
            self.slept += due - now
        self._let_through += amount


def paced(batches: Iterable, pace: Pace | None, amount: Callable[[object], int]) -> Iterator:
    """`batches` as they come, each once `pace` lets its `amount(batch)` through."""
    for batch in batches:
        if pace is not None:
            pace.wait_for(amount(batch))
        yield batch
