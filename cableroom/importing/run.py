"""Import cables from every published format into the archive: `import_cables`.

The road is one-way: source readers stream records -> copies already stored are
counted as unchanged before any parsing -> worker processes parse and plan the rest
-> each batch is written in one transaction (by this process, or on PostgreSQL by the
workers themselves, see `writer_lanes`). Memory holds a few batches at most, whatever
the size of the input; a killed run loses at most the batches in flight, and running
it again finds the committed ones unchanged.
"""

import os
import time
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from cableroom.importing.explanation import explanation_lines
from cableroom.importing.interrupted import mark_interrupted_runs
from cableroom.importing.lanes import lanes_apply, written_batches
from cableroom.importing.pacing import Pace, paced
from cableroom.importing.pipeline import Batch, planned_batches
from cableroom.importing.plan.cable_plan import CablePlan, PlanFailure, claimed_reference_id
from cableroom.importing.progress import Progress, estimate_records
from cableroom.importing.statistics import refresh_planner_statistics
from cableroom.importing.write.rows import COLUMN_LIMITS
from cableroom.importing.write.writer import BatchResult, CableWriter, DryRunWriter
from cableroom.models import CableVersion, ImportRun
from cableroom.search.index_updates import ImportIndexing
from cableroom.sources import SourceRecord, read_sources

DEFAULT_BATCH_SIZE = 500
COUNTED = ("read", "imported", "unchanged", "new_versions", "warned", "failed", "skipped")
MAX_LISTED_FAILURES = 100
MAX_LISTED_SKIPS = 10


@dataclass
class ImportSummary:
    """What an import did: the figures of its closing line, and the failures."""

    read: int = 0
    imported: int = 0
    unchanged: int = 0
    new_versions: int = 0
    warned: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    dry_run: bool = False
    failures: list[str] = field(default_factory=list)
    # For the lines that explain the figures (cableroom/importing/explanation.py).
    paths: list[str] = field(default_factory=list)
    archive_was_empty: bool = False
    warning_kinds: Counter = field(default_factory=Counter)
    skipped_paths: list[str] = field(default_factory=list)
    max_rate: float | None = None  # cables a second, when the run was paced
    paced_seconds: float = 0.0  # how long the pace held it back

    def add(self, result: BatchResult) -> None:
        self.imported += result.imported
        self.unchanged += result.unchanged
        self.new_versions += result.new_versions
        self.warned += result.warned
        self.warning_kinds.update(result.warning_kinds)

    def fail(self, line: str) -> None:
        self.failed += 1
        if len(self.failures) < MAX_LISTED_FAILURES:
            self.failures.append(line)

    def skip(self, path: str) -> None:
        self.skipped += 1
        if len(self.skipped_paths) < MAX_LISTED_SKIPS:
            self.skipped_paths.append(path)

    @property
    def rate(self) -> float:
        """Records per second over the whole run."""
        return self.read / self.seconds if self.seconds else 0.0

    def counts(self) -> dict[str, int]:
        """The figures, for ImportRun.counts."""
        return {name: getattr(self, name) for name in COUNTED}

    def report(self) -> str:
        """The closing line (read, imported, unchanged, new versions, warned, failed), then
        what the figures mean: kinds of warning, why unchanged, the files skipped."""
        head = "Dry run, nothing written: " if self.dry_run else ""
        closing = (
            f"{head}read {self.read:,}, imported {self.imported:,}, "
            f"unchanged {self.unchanged:,}, new versions {self.new_versions:,}, "
            f"warned {self.warned:,}, failed {self.failed:,} "
            f"in {self.seconds:,.1f} s ({self.rate:,.0f} records/s)."
        )
        return "\n".join([closing, *explanation_lines(self)])


def import_cables(
    *,
    paths,
    dry_run: bool = False,
    workers: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
    max_rate: float | None = None,
) -> ImportSummary:
    """Import every cable under `paths` (dumps, cablegate pages, text files, directories).

    Idempotent: a copy already stored (same reference id, same bytes) is counted as
    unchanged; another copy of a stored cable becomes a new version. Bad input never
    stops the run: each unreadable row, file or cable is one line through
    `progress.note` naming where and why, and is counted as failed. `dry_run` parses,
    checks and counts everything without writing. `workers` is the number of worker
    processes: on PostgreSQL each parses and writes its batches over its own connection
    (None: one per core); on SQLite, in a dry run or inside an open transaction they
    only parse and this process writes (None: one per spare core). 0: no workers.
    `max_rate` caps the cables parsed and written a second (cableroom/importing/pacing.py),
    for an import on a machine that serves readers; None: as fast as it can.
    """
    progress = progress or Progress()
    paths = [str(path) for path in paths]
    summary = ImportSummary(
        dry_run=dry_run,
        paths=paths,
        archive_was_empty=not CableVersion.objects.exists(),
        max_rate=max_rate,
    )
    pace = Pace(max_rate) if max_rate is not None else None
    if not dry_run:
        mark_interrupted_runs()
    run = None if dry_run else ImportRun.objects.create(paths=paths)
    writer = DryRunWriter() if dry_run else CableWriter(run)
    started = time.monotonic()
    indexing = None if dry_run else ImportIndexing()
    progress.start(estimate_records(paths) if progress.wants_total else None)
    try:
        if indexing:
            indexing.start()
        _run(paths, writer, summary, progress, workers, batch_size, indexing, pace)
        if indexing:
            indexing.finish()
    except BaseException:
        _finish(run, summary, started, status=ImportRun.Status.FAILED)
        raise
    finally:
        progress.close()
        summary.paced_seconds = pace.slept if pace else 0.0
    if not dry_run:
        refresh_planner_statistics(written=summary.imported + summary.new_versions)
    status = ImportRun.Status.FAILED if summary.failed else ImportRun.Status.FINISHED
    _finish(run, summary, started, status=status)
    return summary


def _run(
    paths, writer, summary: ImportSummary, progress: Progress, workers, batch_size, indexing, pace
) -> None:
    # Skipped files are named in one line of the report, not a line each.
    items = read_sources(paths, on_skip=lambda path, reason: summary.skip(path))
    # Paced by the records left to parse and write: stored copies cost next to nothing.
    batches = paced(_batches(items, batch_size, writer), pace, lambda batch: len(batch.records))
    lanes = default_workers(workers, lanes=True)
    if lanes_apply(dry_run=isinstance(writer, DryRunWriter), workers=lanes):
        done = written_batches(
            batches, workers=lanes, import_run=writer.import_run, limits=COLUMN_LIMITS
        )
    else:
        planned = planned_batches(batches, workers=default_workers(workers), limits=COLUMN_LIMITS)
        done = ((batch, _write(plans, writer)) for batch, plans in planned)
    for batch, result in done:
        _count(batch, result, summary, progress)
        if indexing:  # committed by now, in this process or a lane
            indexing.written(result.cable_ids)
        progress.advance(batch.read)


def _write(plans, writer) -> BatchResult:
    """Write a batch's plans; the records that could not be planned join its failures."""
    result = writer.write([plan for plan in plans if isinstance(plan, CablePlan)])
    result.failures = [plan for plan in plans if isinstance(plan, PlanFailure)] + result.failures
    return result


def _count(batch: Batch, result: BatchResult, summary: ImportSummary, progress: Progress) -> None:
    summary.read += batch.read
    summary.unchanged += batch.unchanged
    summary.add(result)
    for failure in list(batch.problems) + result.failures:
        line = f"FAILED {failure}"
        summary.fail(line)
        progress.note(line)


def _batches(items, size: int, writer):
    """Cut the stream into batches; copies already stored are counted, not parsed."""
    batch = Batch()
    for item in items:
        batch.read += 1
        if isinstance(item, SourceRecord):
            batch.records.append(item)
        else:
            batch.problems.append(item)
        if batch.read >= size:
            yield _without_stored(batch, writer)
            batch = Batch()
    if batch.read:
        yield _without_stored(batch, writer)


def _without_stored(batch: Batch, writer) -> Batch:
    claims = [(claimed_reference_id(record.metadata), record) for record in batch.records]
    pairs = {(reference_id, record.raw_sha256) for reference_id, record in claims if reference_id}
    stored = writer.stored_copies(pairs)
    kept = [
        record
        for reference_id, record in claims
        if (reference_id, record.raw_sha256) not in stored
    ]
    batch.unchanged += len(batch.records) - len(kept)
    batch.records = kept
    return batch


def default_workers(workers: int | None, *, lanes: bool = False) -> int:
    """Worker processes: as asked; else, when they also write (lanes), one per core,
    and when they only parse, one per core beyond the one that writes."""
    if workers is not None:
        return max(0, workers)
    cores = os.cpu_count() or 1
    return min(cores, 8) if lanes else max(0, min(cores - 1, 4))


def _finish(run, summary: ImportSummary, started: float, *, status) -> None:
    summary.seconds = time.monotonic() - started
    if run is None:
        return
    run.status = status
    run.finished_at = timezone.now()
    run.counts = summary.counts()
    run.save(update_fields=["status", "finished_at", "counts"])
