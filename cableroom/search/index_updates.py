"""Keeping the Tantivy index in step with the database: rebuilds, imports, curators' edits.

The database's own full-text structures follow every write through triggers; the
Tantivy index (see `backends/tantivy_index`) is a folder beside the database, so every
path that changes a cable's text or its withdrawal tells it which cables changed, after
the database committed them: the importer after each batch it wrote (`ImportIndexing`),
curation after its transaction (`index_after_commit`). The index is read back from the
database each time, so a late or repeated update is harmless. Withdrawn cables are
removed from the index, so no search finds them.

Nothing is written while no index exists (or `SEARCH_ENGINE` is "database"): the first
index is made by `rebuild_search_index`, which resumes where an interrupted run left off.
"""

import logging
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cableroom.models import Cable
from cableroom.search.backends.tantivy_index import (
    IndexState,
    IndexWriting,
    WriterBusy,
    index_writer,
    read_state,
)
from cableroom.search.schema import BODY_CHARS, SUBJECT_CHARS

logger = logging.getLogger(__name__)
READ_CHUNK = 500
REBUILD_COMMIT_EVERY = 10_000
IMPORT_COMMIT_EVERY = 5_000
# A killed import's batches are found again by their updated_at: written by another
# process's clock, so look a little further back than the import's start.
CLOCK_SLACK = timedelta(minutes=5)


def index_folder() -> Path | None:
    """The folder of the index to keep in step, or None when there is none to keep."""
    if settings.SEARCH_ENGINE == "database":
        return None
    folder = Path(settings.SEARCH_INDEX_DIR)
    return folder if read_state(folder) is not None else None


_COLUMNS = ("id", "reference_id", "subject", "body", "withdrawn_at")


def _write_rows(writing: IndexWriting, rows: Iterable[tuple]) -> str | None:
    """Index (or remove, when withdrawn) each cable row; the last reference id written."""
    last = None
    for pk, reference_id, subject, body, withdrawn_at in rows:
        if withdrawn_at is not None:
            writing.remove(pk)
        else:
            writing.put(pk, reference_id, subject[:SUBJECT_CHARS], body[:BODY_CHARS])
        last = reference_id
    return last


def index_cables(cable_ids: Iterable[int], *, folder: Path | None = None) -> int:
    """Bring these cables' index entries in step with the database now; how many.

    Read from the database while holding the index's writer lock, so two updates of one
    cable reach the index in the order the database committed them.
    """
    folder = folder or index_folder()
    ids = sorted({int(pk) for pk in cable_ids})
    if folder is None or not ids:
        return 0
    with index_writer(folder) as writing:
        found = set()
        for start in range(0, len(ids), READ_CHUNK):
            chunk = ids[start : start + READ_CHUNK]
            rows = Cable.objects.filter(pk__in=chunk).values_list(*_COLUMNS)
            for row in rows:
                found.add(row[0])
                _write_rows(writing, [row])
        for pk in set(ids) - found:  # deleted from the database
            writing.remove(pk)
    return len(ids)


_pending = threading.local()


def index_after_commit(cable_id: int) -> None:
    """Re-index a cable once the current transaction commits (at once outside one).

    Several changes in one transaction make one update of the index.
    """
    if index_folder() is None:
        return
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    _pending.ids.add(int(cable_id))
    transaction.on_commit(_index_pending)


def _index_pending() -> None:
    ids, _pending.ids = getattr(_pending, "ids", set()), set()
    if not ids:
        return  # an earlier callback of the same commit took them
    try:
        index_cables(ids)
    except (WriterBusy, OSError, ValueError) as error:
        # The database holds the change; the index catches up at the next rebuild.
        logger.error(
            "The search index was not updated for %d cable(s) (%s): run "
            "`manage.py rebuild_search_index --catch-up`",
            len(ids),
            error,
        )
        _mark_dirty(timezone.now())


def _mark_dirty(since: datetime) -> None:
    folder = index_folder()
    if folder is None:
        return
    try:
        with index_writer(folder) as writing:
            earlier = writing.state.dirty_since
            if earlier is None or datetime.fromisoformat(earlier) > since:
                writing.state.dirty_since = since.isoformat()
    except (WriterBusy, OSError, ValueError):
        logger.exception("The search index could not record that it lags behind")


def catch_up(*, folder: Path | None = None) -> int:
    """Re-index the cables changed since the index last missed a write; how many."""
    folder = folder or index_folder()
    state = read_state(folder) if folder else None
    if state is None or state.dirty_since is None:
        return 0
    since = datetime.fromisoformat(state.dirty_since) - CLOCK_SLACK
    ids = list(Cable.objects.filter(updated_at__gte=since).values_list("pk", flat=True))
    index_cables(ids, folder=folder)
    with index_writer(folder) as writing:
        if writing.state.dirty_since == state.dirty_since:
            writing.state.dirty_since = None
    return len(ids)


class ImportIndexing:
    """The importer's side: the cables of each written batch, committed every few thousand.

    While an import runs the index records that it may lag (`dirty_since`): if the
    import is killed before its last commit, the next import (or `rebuild_search_index
    --catch-up`) re-indexes the cables changed since it started.
    """

    def __init__(self, commit_every: int = IMPORT_COMMIT_EVERY):
        self.folder = index_folder()
        self.commit_every = commit_every
        self.waiting: set[int] = set()
        self.started = timezone.now()

    def start(self) -> None:
        if self.folder is None:
            return
        catch_up(folder=self.folder)  # what a killed import left unindexed
        _mark_dirty(self.started)

    def written(self, cable_ids: Iterable[int]) -> None:
        if self.folder is None:
            return
        self.waiting.update(cable_ids)
        if len(self.waiting) >= self.commit_every:
            self.flush()

    def flush(self) -> None:
        if self.folder is not None and self.waiting:
            index_cables(self.waiting, folder=self.folder)
            self.waiting = set()

    def finish(self) -> None:
        if self.folder is None:
            return
        self.flush()
        with index_writer(self.folder) as writing:
            if writing.state.dirty_since == self.started.isoformat():
                writing.state.dirty_since = None


def rebuild_index(
    *,
    folder: Path | None = None,
    fresh: bool = False,
    commit_every: int = REBUILD_COMMIT_EVERY,
    on_start: Callable[[int, str | None], None] = lambda total, resumed_after: None,
    on_progress: Callable[[int], None] = lambda count: None,
) -> int:
    """Index every public cable, in reference id order, committing every `commit_every`.

    Resumes after the last committed reference id when an earlier rebuild was
    interrupted (unless `fresh`); a complete index is rebuilt from empty. Searches use
    the database's index until the rebuild completes. `on_start` gets the number of
    cables to index and the reference id resumed after; `on_progress` each commit's
    count. Returns the number of cables indexed.
    """
    folder = Path(folder or settings.SEARCH_INDEX_DIR)
    state = read_state(folder)
    resume = None if fresh or state is None or state.complete else state.rebuilt_through
    if resume is None:
        if state is not None:
            # Searches leave the index (state incomplete) before it is emptied.
            with index_writer(folder) as writing:
                writing.state.complete = False
        # An index of another layout (or none) is removed; a current one emptied.
        with index_writer(folder, fresh=fresh or state is None) as writing:
            writing.remove_all()
            writing.state = IndexState(complete=False, rebuilt_through=None)
    public = Cable.objects.filter(withdrawn_at__isnull=True)
    remaining = public.filter(reference_id__gt=resume) if resume else public
    on_start(remaining.count(), resume)
    indexed, last = 0, resume
    while True:
        done = _rebuild_step(folder, last, commit_every)
        if done is None:
            break
        count, last = done
        indexed += count
        on_progress(count)
    with index_writer(folder) as writing:
        writing.state.complete = True
        writing.state.rebuilt_through = None
    return indexed


def _rebuild_step(folder: Path, after: str | None, limit: int) -> tuple[int, str] | None:
    """Index up to `limit` public cables after reference id `after`, in one commit."""
    count, last = 0, after
    with index_writer(folder) as writing:
        while count < limit:
            chunk = Cable.objects.filter(withdrawn_at__isnull=True)
            if last is not None:
                chunk = chunk.filter(reference_id__gt=last)
            rows = list(
                chunk.order_by("reference_id").values_list(*_COLUMNS)[
                    : min(READ_CHUNK, limit - count)
                ]
            )
            if not rows:
                break
            last = _write_rows(writing, rows)
            count += len(rows)
        writing.state.rebuilt_through = last
    return (count, last) if count else None
