"""One build of the browse index at a time per process, and readers who do not wait for it
(cableroom/browse/index.py): while one thread builds a new generation's index, the others
answer from the index built last; only a process with no index at all waits, and a slow
build runs in a thread no request waits for. While the data keeps changing, a new index
waits until the last has served its spacing."""

import threading
import time
from types import SimpleNamespace

import pytest

from cableroom.browse import index as browse_index_module
from cableroom.browse import shared_index
from cableroom.browse.index import answered_behind, browse_index, forget_indexes, start_request

WAIT = 10  # seconds a thread may take to reach a point: a bound against hangs, never timed


class Builds:
    """Stand-in builds: the data's generation is set by the test, and a build of a held
    generation waits until the test lets it go."""

    def __init__(self, monkeypatch):
        self.generation = 1
        self.held: dict[int, threading.Event] = {}
        self.started: dict[int, threading.Event] = {}
        self.count = 0
        self.seconds = 0.0  # how long each build says it took
        monkeypatch.setattr(browse_index_module, "current_generation", lambda: self.generation)
        monkeypatch.setattr(browse_index_module, "build_index", self.build)

    def hold(self, generation):
        self.held[generation] = threading.Event()
        self.started[generation] = threading.Event()

    def build(self, generation):
        self.count += 1
        if generation in self.held:
            self.started[generation].set()
            assert self.held[generation].wait(WAIT)
        return SimpleNamespace(
            generation=generation, built_at=time.time(), build_seconds=self.seconds
        )


class Reader(threading.Thread):
    """A request in a thread of its own: the index it got and whether it was behind."""

    def __init__(self):
        super().__init__(daemon=True)
        self.index = None
        self.behind = None

    def run(self):
        start_request()
        self.index = browse_index()
        self.behind = answered_behind()

    @classmethod
    def started(cls) -> "Reader":
        reader = cls()
        reader.start()
        return reader


@pytest.fixture
def builds(monkeypatch):
    browse_index_module.forget_indexes()
    yield Builds(monkeypatch)
    browse_index_module.forget_indexes()


def test_while_one_thread_builds_the_others_answer_from_the_latest_index(builds):
    first = browse_index()
    builds.generation = 2
    builds.hold(2)
    builder = Reader.started()
    assert builds.started[2].wait(WAIT)

    reader = Reader.started()
    reader.join(WAIT)
    assert not reader.is_alive(), "a reader waited for another thread's build"
    assert reader.index is first and reader.behind is True

    builds.held[2].set()
    builder.join(WAIT)
    assert builder.index.generation == 2 and builder.behind is False
    after = Reader.started()
    after.join(WAIT)
    assert after.index is builder.index and after.behind is False
    assert builds.count == 2  # generation 1 once, generation 2 once


def test_a_process_with_no_index_waits_for_the_build_under_way(builds):
    builds.hold(1)
    builder = Reader.started()
    assert builds.started[1].wait(WAIT)
    waiting = Reader.started()
    waiting.join(0.2)
    assert waiting.is_alive(), "with nothing to answer from, a reader must wait"
    builds.held[1].set()
    builder.join(WAIT)
    waiting.join(WAIT)
    assert waiting.index is builder.index and waiting.behind is False
    assert builds.count == 1  # the waiting thread found it built


def test_a_request_starts_in_step(builds):
    browse_index()
    browse_index_module._behind.set(True)
    start_request()
    assert answered_behind() is False


# Spacing a hundred-second build by 4 keeps each index for 400 s: no test waits that long,
# so "too soon" never depends on the machine's speed; "later" is made by moving `built_at`.
SLOW_BUILD = 100.0


def test_while_the_data_keeps_changing_a_new_index_waits_its_spacing(builds, settings):
    settings.BROWSE_INDEX_REBUILD_SPACING = 4
    builds.seconds = SLOW_BUILD
    first = browse_index()
    builds.generation = 2
    start_request()
    assert browse_index() is first and answered_behind() is True
    assert builds.count == 1

    first.built_at -= 4 * SLOW_BUILD  # it has now served 400 s
    start_request()
    assert browse_index() is first and answered_behind() is True  # built in the background
    browse_index_module._background.join(WAIT)
    start_request()
    second = browse_index()
    assert second.generation == 2 and answered_behind() is False
    assert builds.count == 2


def test_the_first_change_after_a_quiet_moment_is_built_at_once(builds, settings):
    settings.BROWSE_INDEX_REBUILD_SPACING = 4
    builds.seconds = 1.0
    browse_index().built_at -= 10  # ten seconds ago, ten times its build time
    builds.generation = 2
    start_request()
    browse_index()  # starts the build (in the background: builds of a second are slow)
    browse_index_module._background.join(WAIT)
    start_request()
    assert browse_index().generation == 2 and answered_behind() is False
    assert builds.count == 2


def test_no_reader_waits_for_a_slow_build(builds, settings):
    """A build of half a second or more runs in a thread of its own: the request that
    started it and every other answer from the latest index meanwhile, and one build
    runs at a time."""
    settings.BROWSE_INDEX_REBUILD_SPACING = 4
    builds.seconds = SLOW_BUILD
    first = browse_index()
    first.built_at -= 10 * SLOW_BUILD
    builds.generation = 2
    builds.hold(2)
    readers = [Reader.started(), Reader.started()]
    for reader in readers:
        reader.join(WAIT)
        assert not reader.is_alive(), "a reader waited for the build"
        assert reader.index is first and reader.behind is True
    assert builds.started[2].wait(WAIT)
    builds.held[2].set()
    browse_index_module._background.join(WAIT)
    start_request()
    assert browse_index().generation == 2 and answered_behind() is False
    assert builds.count == 2  # generation 1 once, generation 2 once


def test_cheap_builds_are_never_spaced(builds, settings):
    settings.BROWSE_INDEX_REBUILD_SPACING = 4
    builds.seconds = browse_index_module.SPACED_BUILD_SECONDS / 2
    browse_index()  # built this instant
    builds.generation = 2
    start_request()
    assert browse_index().generation == 2 and answered_behind() is False


def test_a_current_request_waits_for_the_build_instead_of_answering_behind(builds, settings):
    settings.BROWSE_INDEX_REBUILD_SPACING = 4
    builds.seconds = SLOW_BUILD
    browse_index()
    builds.generation = 2
    start_request()
    assert browse_index(current=True).generation == 2 and answered_behind() is False


def test_the_spacing_holds_for_the_node_not_each_process(builds, settings):
    """An index another process of the node wrote lately counts: this process answers from
    it rather than build, though its own is old."""
    settings.BROWSE_INDEX_REBUILD_SPACING = 4
    builds.seconds = SLOW_BUILD
    browse_index().built_at -= 10 * SLOW_BUILD
    other = SimpleNamespace(generation=3, built_at=time.time(), build_seconds=SLOW_BUILD)
    shared_index.write_index(settings.BROWSE_INDEX_DIR, 3, other)
    builds.generation = 4
    start_request()
    index = browse_index()
    assert index.generation == 3 and answered_behind() is True
    assert builds.count == 1

    forget_indexes()  # a worker that just started: it takes the node's file, builds nothing
    start_request()
    assert browse_index().generation == 3 and answered_behind() is True
    assert builds.count == 1
