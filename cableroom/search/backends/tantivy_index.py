"""The Tantivy index folder: its schema and analyzers, readers that follow commits, the one
writer, and the state a rebuild leaves behind.

No Django here: callers pass the folder. Inside it, `tantivy/` is Tantivy's own index,
`state.json` says whether the index is complete (a rebuild records how far it got) and
`writer.lock` is held by whichever process writes. Tantivy allows one writer per index
and fails at once when another holds it; every writer (a gunicorn worker after a
curator's edit, the importer, a rebuild) waits for this lock instead, briefly, since each
holds it only for one commit. Readers in every process reopen the index when its
`meta.json` changes, which each commit rewrites.
"""

import fcntl
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import tantivy

# Bumped when the schema or analyzers change: an index of another layout is rebuilt.
LAYOUT = 1
ENGLISH = "cableroom_english"
# Long enough for any word of a cable; longer tokens are noise (hex dumps, lines of ====).
LONGEST_WORD = 40
SUBJECT_BOOST = 4.0  # as SQLite's bm25 weights: a word in the subject counts four times
WRITER_HEAP_BYTES = 64_000_000
WRITER_THREADS = 1  # two cores shared with the web and the database: one is plenty


def english_analyzer() -> tantivy.TextAnalyzer:
    """Words of cable text as indexed: letters and digits, lower case, accents folded, stemmed
    with Snowball's English stemmer (the stemmer of PostgreSQL's 'english' too)."""
    return _words().filter(tantivy.Filter.stemmer("english")).build()


def prefix_analyzer() -> tantivy.TextAnalyzer:
    """The start of a word as typed (`nucl*`), matched against the stems: not stemmed."""
    return _words().build()


def _words() -> tantivy.TextAnalyzerBuilder:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(LONGEST_WORD))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
    )


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    # The database's id: a fast field, so matches come back as ids without stored fields.
    builder.add_integer_field("cable_id", indexed=True, fast=True)
    builder.add_text_field("reference_id", tokenizer_name="raw")
    for name in ("subject", "body"):
        builder.add_text_field(name, tokenizer_name=ENGLISH, index_option="position")
    return builder.build()


SCHEMA = build_schema()


@dataclass
class IndexState:
    """What `state.json` records: complete, or how far a rebuild got; and since when
    writes may be missing (an import that was killed before it indexed its batches)."""

    complete: bool = False
    rebuilt_through: str | None = None  # the last reference id a rebuild committed
    dirty_since: str | None = None  # ISO time; cables changed since then are re-indexed
    layout: int = LAYOUT


def index_path(folder: Path) -> Path:
    return Path(folder) / "tantivy"


def read_state(folder: Path) -> IndexState | None:
    """The folder's state, or None when it holds no index (or one of another layout)."""
    try:
        data = json.loads((Path(folder) / "state.json").read_text())
    except (OSError, ValueError):
        return None
    known = {name: data[name] for name in IndexState.__dataclass_fields__ if name in data}
    state = IndexState(**known)
    if state.layout != LAYOUT or not (index_path(folder) / "meta.json").exists():
        return None
    return state


def _write_state(folder: Path, state: IndexState) -> None:
    path = Path(folder) / "state.json"
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(state)))
    os.replace(temporary, path)  # readers see the old state or the new, never half


class SearchIndex:
    """One process's reader of the index in a folder."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.index = _open(self.folder)
        # Reloaded by us when meta.json changes: no watcher thread, and a commit made a
        # moment ago is seen by the next search, in this process or any other.
        self.index.config_reader(reload_policy="Manual")
        self._meta = index_path(self.folder) / "meta.json"
        self._seen: tuple | None = None
        self._lock = threading.Lock()

    def searcher(self) -> tuple[tantivy.Searcher, tuple]:
        """A searcher of the last commit, and that commit's version (for cache keys)."""
        try:
            stat = self._meta.stat()
            version = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        except FileNotFoundError:
            version = self._seen  # the folder is being made again: keep the last commit
        with self._lock:
            if version != self._seen:
                try:
                    self.index.reload()
                    self._seen = version
                except ValueError:
                    if self._seen is None:
                        raise
                    # Half made again: the files of the last commit stay open and valid.
            return self.index.searcher(), self._seen


def _open(folder: Path) -> tantivy.Index:
    path = index_path(folder)
    path.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
    index.register_tokenizer(ENGLISH, english_analyzer())
    return index


_readers: dict[Path, SearchIndex] = {}
_readers_lock = threading.Lock()


def open_reader(folder: Path) -> SearchIndex:
    """This process's reader of the folder's index (opened once)."""
    folder = Path(folder)
    with _readers_lock:
        reader = _readers.get(folder)
        if reader is None:
            reader = _readers[folder] = SearchIndex(folder)
        return reader


class IndexWriting:
    """The writer's side of one commit: documents added and removed, and the state."""

    def __init__(self, folder: Path, writer: tantivy.IndexWriter, state: IndexState):
        self.folder = folder
        self.writer = writer
        self.state = state

    def put(self, cable_id: int, reference_id: str, subject: str, body: str) -> None:
        """Index a cable, replacing what the index held for it."""
        self.remove(cable_id)
        self.writer.add_document(
            tantivy.Document(
                cable_id=cable_id, reference_id=reference_id, subject=subject, body=body
            )
        )

    def remove(self, cable_id: int) -> None:
        self.writer.delete_documents_by_term("cable_id", cable_id)

    def remove_all(self) -> None:
        self.writer.delete_all_documents()


class WriterBusy(RuntimeError):
    """Another process held the index's writer lock for longer than we would wait."""


@contextmanager
def index_writer(
    folder: Path, *, timeout: float = 60.0, fresh: bool = False
) -> Iterator[IndexWriting]:
    """Write to the folder's index (created if missing) as its only writer; commit on exit.

    Waits up to `timeout` seconds for another writer to finish its commit. The state
    (`IndexWriting.state`, changed by the caller) is written after the commit, so a
    rebuild's progress never claims more than the index holds. `fresh` starts from an
    empty index, discarding whatever the folder held (also an index of another layout).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "writer.lock", "a+b") as lock:
        _lock(lock, timeout)
        try:
            if fresh:
                (folder / "state.json").unlink(missing_ok=True)
                shutil.rmtree(index_path(folder), ignore_errors=True)
            index = _open(folder)
            writer = index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=WRITER_THREADS)
            state = read_state(folder) or IndexState()
            writing = IndexWriting(folder, writer, state)
            try:
                yield writing
            except BaseException:
                writer.rollback()
                raise
            writer.commit()
            # Merges started by the commit finish before the next writer may start.
            writer.wait_merging_threads()
            _write_state(folder, writing.state)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _lock(lock, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise WriterBusy(
                    f"the search index in {lock.name} is being written by another process"
                ) from None
            time.sleep(0.05)
