"""The browse index shared by the worker processes of a node: one builds it, all map it.

Why: every worker built its own copy of the index at each new generation. During an
import that is a rebuild per worker per committed batch (five workers, five rebuilds of
the same arrays, beside the import), and at a million cables each copy is a few hundred
MB of memory. Here one process builds and writes the index to a file; every process
maps that file read-only, so the operating system keeps one copy in its page cache for
all of them and a worker that finds the file ready loads it in milliseconds.

The file: the index pickled (protocol 5) with its numpy arrays taken out of band, so
they are written as raw bytes, each aligned, and come back as read-only views of the
mapped file, not copies. `FORMAT` is bumped when the index's classes change. Files are
named by generation: a generation is one state of the data on every database of the
archive (see `cableroom.browse.index`), and a random number, so a folder never holds
two states under one name. A writer writes a temporary file and renames it, so a reader
sees a whole file or none; a file a reader still maps may be deleted, it stays readable
to that reader. The folder is the node's own, like the page cache's: whatever can write
into it can make this process unpickle it, so it must be writable by the app alone.
"""

import fcntl
import json
import mmap
import os
import pickle
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FORMAT = 4
MAGIC = b"CABLEROOM-BROWSE-INDEX\n"
ALIGN = 64  # numpy's arrays are fastest on aligned memory
# Files of older generations kept for a moment: a replica a little behind the primary
# asks for the previous one.
KEEP = 3


def index_file(folder: Path, generation: int) -> Path:
    return Path(folder) / f"{generation}.v{FORMAT}.index"


def read_index(folder: Path, generation: int):
    """The index of this generation mapped from its file, or None if none is written."""
    try:
        with open(index_file(folder, generation), "rb") as file:
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    except (FileNotFoundError, ValueError):  # ValueError: an empty file cannot be mapped
        return None
    view = memoryview(mapped)
    if bytes(view[: len(MAGIC)]) != MAGIC:
        return None
    header_size = int.from_bytes(view[len(MAGIC) : len(MAGIC) + 8], "little")
    start = len(MAGIC) + 8
    header = json.loads(bytes(view[start : start + header_size]))
    buffers = [view[offset : offset + size] for offset, size in header["buffers"]]
    offset, size = header["pickle"]
    return pickle.loads(view[offset : offset + size], buffers=buffers)


def write_index(folder: Path, generation: int, index) -> Path:
    """Write the index for every process of the node; returns the file."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    buffers: list[pickle.PickleBuffer] = []
    data = pickle.dumps(index, protocol=5, buffer_callback=buffers.append)
    raws = [buffer.raw() for buffer in buffers]
    # The header's size depends on the offsets it lists: lay out with a generous bound.
    header_room = 64 + 48 * (len(raws) + 1)
    offset = _aligned(len(MAGIC) + 8 + header_room)
    layout = []
    for raw in raws:
        layout.append((offset, raw.nbytes))
        offset = _aligned(offset + raw.nbytes)
    header = json.dumps({"buffers": layout, "pickle": (offset, len(data))}).encode()
    assert len(header) <= header_room
    target = index_file(folder, generation)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".building-", delete=False) as file:
        try:
            file.write(MAGIC + len(header).to_bytes(8, "little") + header)
            for (start, _), raw in zip(layout, raws, strict=True):
                file.seek(start)
                file.write(raw)
            file.seek(offset)
            file.write(data)
            file.flush()
            os.replace(file.name, target)
        except BaseException:
            os.unlink(file.name)
            raise
    _forget_old(folder, target)
    return target


def newest_generation(folder: Path) -> int | None:
    """The generation of the index this node wrote last, or None if it holds none."""
    for file in sorted(Path(folder).glob(f"*.v{FORMAT}.index"), key=_modified, reverse=True):
        try:
            return int(file.name.split(".", 1)[0])
        except ValueError:
            continue
    return None


@contextmanager
def node_build(folder: Path, *, wait: bool) -> Iterator[bool]:
    """Hold the node's build lock while the block runs; yields False (at once) when another
    process holds it and `wait` is false."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "build.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _aligned(offset: int) -> int:
    return -(-offset // ALIGN) * ALIGN


def _forget_old(folder: Path, kept: Path) -> None:
    files = sorted(folder.glob("*.index"), key=_modified, reverse=True)
    for old in [file for file in files if file != kept][KEEP - 1 :]:
        old.unlink(missing_ok=True)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0
