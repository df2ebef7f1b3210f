"""The caps hold when requests race: many adds to one list, many new lists from one client.

Threads, each with its own database connection, start together at a barrier; the
counting is slowed so that without the locks every thread would pass the check.
"""

import threading
import time

import pytest
from django.db import connection, connections

from cableroom.lists import editing
from cableroom.models import ReadingList, ReadingListItem
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 8


def race(work, monkeypatch) -> list:
    """Run `work(n)` in THREADS threads at once; the outcomes (results or exceptions)."""
    if connection.vendor != "postgresql":
        pytest.skip("the caps are made race-safe on PostgreSQL; SQLite writes one at a time")
    start = threading.Barrier(THREADS)
    outcomes = []

    def run(number):
        try:
            start.wait()
            outcomes.append(work(number))
        except editing.ListProblem as problem:
            outcomes.append(problem)
        finally:
            connections.close_all()

    for model in (editing.ReadingList, editing.ReadingListItem):
        monkeypatch.setattr(model.objects, "filter", slowed(model.objects.filter))
    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def slowed(function):
    def slow(*args, **kwargs):
        time.sleep(0.05)
        return function(*args, **kwargs)

    return slow


def test_concurrent_adds_never_pass_the_item_cap(settings, monkeypatch):
    settings.READING_LIST_MAX_ITEMS = 3
    cables = [factories.cable(f"06RACE{n}") for n in range(THREADS)]
    reading_list = editing.create_list("192.0.2.1")
    outcomes = race(lambda n: editing.add_item(reading_list, cables[n], None), monkeypatch)
    assert sum(isinstance(outcome, editing.ListFull) for outcome in outcomes) == THREADS - 3
    assert ReadingListItem.objects.filter(reading_list=reading_list).count() == 3


def test_concurrent_new_lists_never_pass_the_daily_cap(settings, monkeypatch):
    settings.READING_LISTS_PER_CLIENT_PER_DAY = 2
    outcomes = race(lambda n: editing.create_list("192.0.2.9", f"list {n}"), monkeypatch)
    assert sum(isinstance(outcome, editing.TooManyLists) for outcome in outcomes) == THREADS - 2
    assert ReadingList.objects.count() == 2
