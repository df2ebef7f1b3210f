"""Django's file cache, with a size check cheap enough to run on every page stored.

Why files: the page cache (cableroom/web/page_cache.py) must be shared by every gunicorn
worker, or each worker renders and keeps its own copy of each popular page; files in
one folder are shared, survive a restart, and need no service beside PostgreSQL
(memcached or Redis would do too; the database cache would add a COUNT(*) over the
cache table to every store and put page bytes into the archive's own database).

Why a subclass: Django's FileBasedCache lists the whole folder on every `set` to see
whether it must cull, which at tens of thousands of pages costs more than rendering
the page it stores. Here each process lists it once every CULL_CHECK_EVERY stores; the
folder may overshoot MAX_ENTRIES by that many stores per process before a cull.
"""

import itertools

from django.core.cache.backends.filebased import FileBasedCache

CULL_CHECK_EVERY = 200


class PageFileCache(FileBasedCache):
    """FileBasedCache whose cull lists the folder only every CULL_CHECK_EVERY stores."""

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._stores = itertools.count()

    def _cull(self):
        if next(self._stores) % CULL_CHECK_EVERY == 0:
            super()._cull()
