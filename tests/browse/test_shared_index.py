"""The browse index shared by the processes of a node (cableroom/browse/shared_index.py):
one builds and writes it, the others map the file instead of building; while another
process builds, a process answers from the index it holds. Runs on both databases."""

import fcntl
import threading

import numpy as np
import pytest

from cableroom.browse import index as browse_index_module
from cableroom.browse import shared_index
from cableroom.browse.index import (
    answered_behind,
    browse_index,
    build_index,
    current_generation,
    forget_indexes,
    start_request,
)
from tests import factories

pytestmark = pytest.mark.django_db
WAIT = 10  # a bound against hangs, never a timing


@pytest.fixture
def folder(settings):
    return settings.BROWSE_INDEX_DIR  # the test's own (tests/conftest.py)


def no_builds(monkeypatch):
    def refuse(generation):
        raise AssertionError("built, though the node's file was there")

    monkeypatch.setattr(browse_index_module, "build_index", refuse)


def test_an_index_comes_back_from_its_file_as_read_only_views_of_it(browse_sample, folder):
    built = build_index(current_generation())
    shared_index.write_index(folder, built.generation, built)
    mapped = shared_index.read_index(folder, built.generation)
    assert mapped.generation == built.generation
    for name in ("ids", "days", "ascending"):
        assert np.array_equal(getattr(mapped, name), getattr(built, name))
    arrays = dict(all_arrays(mapped))
    assert len(arrays) > 20
    for name, array in arrays.items():  # the file's bytes, not copies
        assert not array.flags.writeable, name
        assert not array.flags.owndata, name
    assert mapped.tag.values == built.tag.values
    assert np.array_equal(mapped.tag.counts(None), built.tag.counts(None))
    assert np.array_equal(mapped.origin.counts(None), built.origin.counts(None))
    some = built.ids[::2]
    assert all(
        np.array_equal(a, b) for a, b in zip(mapped.locate(some), built.locate(some), strict=True)
    )
    assert mapped.tags == built.tags and mapped.post_aliases == built.post_aliases


def test_a_missing_or_empty_file_is_no_index(folder):
    assert shared_index.read_index(folder, 12345) is None
    folder.mkdir(parents=True, exist_ok=True)
    shared_index.index_file(folder, 12345).write_bytes(b"")
    assert shared_index.read_index(folder, 12345) is None


def test_another_process_of_the_node_maps_the_file_instead_of_building(
    client, browse_sample, folder, monkeypatch
):
    first = client.get("/cables/?tag=PREL")
    assert first.status_code == 200
    assert list(folder.glob("*.index")), "the first process wrote no file"
    # The process that built it answers from the file as well: one copy per node.
    assert not browse_index().ids.flags.owndata
    forget_indexes()  # as a second worker process starts with nothing in memory
    no_builds(monkeypatch)
    again = client.get("/cables/?tag=PREL")
    assert again.status_code == 200
    assert again.content == first.content


def test_while_another_process_builds_a_process_answers_from_the_index_it_holds(
    browse_sample, folder, monkeypatch
):
    held = browse_index()
    factories.cable("06TESTVILLE99", tags=("PREL",))  # a new generation
    assert current_generation() != held.generation
    no_builds(monkeypatch)
    with other_process_building(folder):
        start_request()
        assert browse_index() is held
        assert answered_behind()


def test_a_process_with_no_index_waits_for_the_other_processes_build(
    browse_sample, folder, monkeypatch
):
    generation = current_generation()
    built = build_index(generation)
    got = {}

    def read():
        got["index"] = browse_index()

    no_builds(monkeypatch)
    # The reader thread has a connection of its own, which does not see this test's
    # uncommitted cables: it is told the generation instead of asking.
    monkeypatch.setattr(browse_index_module, "current_generation", lambda: generation)
    with other_process_building(folder):
        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(0.2)
        assert reader.is_alive(), "with no index, the process must wait for the build"
        shared_index.write_index(folder, generation, built)  # the other process finishes
    reader.join(WAIT)
    assert got["index"].generation == generation
    assert np.array_equal(got["index"].ids, built.ids)


def test_old_generations_files_are_removed(folder):
    for generation in range(1, 7):
        shared_index.write_index(folder, generation, {"generation": generation})
    kept = sorted(path.name for path in folder.glob("*.index"))
    assert len(kept) == shared_index.KEEP
    assert shared_index.index_file(folder, 6).name in kept
    assert not list(folder.glob(".building-*"))


def all_arrays(value, name="index"):
    """Every numpy array an index holds, by where it sits."""
    if isinstance(value, np.ndarray):
        yield name, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from all_arrays(item, f"{name}[{key!r}]")
    elif hasattr(value, "__dict__"):
        for key, item in vars(value).items():
            yield from all_arrays(item, f"{name}.{key}")


class other_process_building:
    """The node's build lock held through a descriptor of its own, as another process
    holds it (flock locks belong to open files, so this process is refused too)."""

    def __init__(self, folder):
        self.folder = folder

    def __enter__(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        self.lock = open(self.folder / "build.lock", "a")  # noqa: SIM115
        fcntl.flock(self.lock, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.lock, fcntl.LOCK_UN)
        self.lock.close()
