"""Choosing a reader per file and walking directories: mixed trees in tmp_path."""

import gzip
import os
import socket
import threading
from pathlib import Path

import pytest

from cableroom.sources import SourceProblem, SourceRecord, read_sources
from tests.paths import SHARED

CORPUS = SHARED / "corpus"
needs_corpus = pytest.mark.skipif(
    not CORPUS.exists(), reason=f"MISSING CORPUS: {CORPUS} not found; corpus walk not run"
)

DUMP_ROW = (
    '"1","4/19/2006 13:31","06ASTANA33","Embassy Astana","UNCLASSIFIED","","","UNCLAS X\n"\n'
)
PAGE = """<html><table class='cable'><tr><th>Reference ID</th></tr>
<tr><td><a href='x'>06ASTANA34</a></td></tr></table>
<pre>FM X</pre><pre>UNCLAS ASTANA 000034</pre></html>"""
TEXT = "UNCLAS ASTANA 000035\r\nTAGS: PGOV\r\n"


def make_tree(root: Path) -> None:
    files = {
        "a/cables.csv": DUMP_ROW.encode(),
        "a/more.csv.gz": gzip.compress(DUMP_ROW.replace('"1"', '"2"').encode()),
        "b/06ASTANA34.html": PAGE.encode(),
        "b/c/06ASTANA35.txt": TEXT.encode("cp1252"),
        "README.md": b"# notes",
        "expected.csv": b"refid,role,source_format\n06ASTANA33,primary,cables.csv\n",
        ".git/objects.txt": TEXT.encode(),
        "b/.hidden.txt": TEXT.encode(),
        "b/broken.txt": b"\x00\x01\x02",
    }
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def read_with_skips(paths):
    skipped: list[tuple[str, str]] = []
    items = list(read_sources(paths, on_skip=lambda path, reason: skipped.append((path, reason))))
    return items, skipped


def test_directory_walk_reads_every_source_in_sorted_order(tmp_path):
    make_tree(tmp_path)
    items, skipped = read_with_skips([tmp_path])
    summary = [(Path(item.path).relative_to(tmp_path).as_posix(), type(item)) for item in items]
    assert summary == [
        ("a/cables.csv", SourceRecord),
        ("a/more.csv.gz", SourceRecord),
        ("b/06ASTANA34.html", SourceRecord),
        ("b/broken.txt", SourceProblem),
        ("b/c/06ASTANA35.txt", SourceRecord),
    ]
    formats = [item.source_format for item in items if isinstance(item, SourceRecord)]
    assert formats == ["cables.csv", "cables.csv", "cablegate-html", "text"]
    assert {Path(path).name for path, _ in skipped} == {"README.md", "expected.csv"}
    assert "binary" in items[3].reason


def test_file_named_explicitly_is_always_read(tmp_path):
    make_tree(tmp_path)
    items, skipped = read_with_skips([tmp_path / "expected.csv", tmp_path / "README.md"])
    assert skipped == []
    assert all(isinstance(item, SourceProblem) for item in items)
    assert "not a cables.csv row" in items[0].reason
    assert "not a cable" in items[1].reason


@pytest.mark.parametrize(
    ("data", "source_format"),
    [
        (gzip.compress(DUMP_ROW.encode()), "cables.csv"),
        (DUMP_ROW.encode(), "cables.csv"),
        (PAGE.encode(), "cablegate-html"),
        (TEXT.encode(), "text"),
    ],
)
def test_unknown_extension_is_read_by_its_content(tmp_path, data, source_format):
    path = tmp_path / "download.bin"
    path.write_bytes(data)
    [record] = list(read_sources([path]))
    assert record.source_format == source_format


def test_missing_path_is_a_problem_and_the_rest_is_read(tmp_path):
    (tmp_path / "x.txt").write_text(TEXT)
    items = list(read_sources([tmp_path / "absent", tmp_path / "x.txt"]))
    assert isinstance(items[0], SourceProblem)
    assert items[0].reason == "no such file or directory"
    assert isinstance(items[1], SourceRecord)


def test_empty_directory_yields_nothing(tmp_path):
    assert list(read_sources([tmp_path])) == []


@needs_corpus
@pytest.mark.slow
def test_whole_corpus_reads_without_problems():
    items, skipped = read_with_skips([CORPUS])
    assert not [item for item in items if isinstance(item, SourceProblem)]
    counts = {}
    for item in items:
        counts[item.source_format] = counts.get(item.source_format, 0) + 1
    assert counts == {"cables.csv": 8801, "cablegate-html": 992, "text": 21}
    assert sorted(Path(path).name for path, _ in skipped) == ["README.md", "expected.csv"]


def read_within(paths, seconds: float):
    """read_with_skips, failing (not hanging) if it takes longer than `seconds`."""
    done: list = []
    worker = threading.Thread(target=lambda: done.append(read_with_skips(paths)), daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        for path in paths:  # let a reader stuck on a FIFO go
            for fifo in [path] if path.is_fifo() else path.glob("*"):
                if fifo.is_fifo():
                    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        raise AssertionError(f"reading {paths} took over {seconds} s")
    return done[0]


def test_a_fifo_in_an_import_folder_is_skipped_within_a_second(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    os.mkfifo(tmp_path / "b.txt")
    items, skipped = read_within([tmp_path], 1.0)
    assert [Path(item.path).name for item in items] == ["a.txt"]
    assert skipped == [(str(tmp_path / "b.txt"), "not a regular file (a FIFO)")]


def test_a_fifo_named_explicitly_is_skipped_too(tmp_path):
    os.mkfifo(tmp_path / "cables.csv")
    items, skipped = read_within([tmp_path / "cables.csv"], 1.0)
    assert items == []
    assert skipped == [(str(tmp_path / "cables.csv"), "not a regular file (a FIFO)")]


def test_a_socket_is_skipped_with_its_path(tmp_path):
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(tmp_path / "s.txt"))
        items, skipped = read_within([tmp_path], 1.0)
    assert items == []
    assert skipped == [(str(tmp_path / "s.txt"), "not a regular file (a socket)")]


def test_a_symlink_counts_as_what_it_points_to(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(TEXT)
    os.mkfifo(tmp_path / "real" / "pipe")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "link.txt").symlink_to(tmp_path / "real" / "a.txt")
    (tmp_path / "in" / "pipe.txt").symlink_to(tmp_path / "real" / "pipe")
    items, skipped = read_within([tmp_path / "in"], 1.0)
    assert [(Path(item.path).name, type(item)) for item in items] == [("link.txt", SourceRecord)]
    assert skipped == [(str(tmp_path / "in" / "pipe.txt"), "not a regular file (a FIFO)")]
