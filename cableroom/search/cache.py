"""What each server process keeps of text searches: matches, ranks and excerpts.

Entries are keyed by the browse generation the request read (see `schema`). The
triggers give the generation a new random value on any write to a cable (an import, a
curator's edit, a withdrawal), so an entry can only be found by requests that saw the
same data: a cached result is never stale, and a rolled-back write's generation never
recurs. Clicking facets on one text query thus runs the full-text match once.
"""

import threading
from collections import OrderedDict

from django.conf import settings

from cableroom.search.backends.base import SearchBackend
from cableroom.search.query import TextQuery


class MatchCache:
    """Least recently used entries, bounded by their estimated size in bytes."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict = OrderedDict()
        self._sizes: dict = {}
        self._total = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key, value, size: int) -> None:
        with self._lock:
            self._discard(key)
            if self.max_bytes <= 0 or size > self.max_bytes:
                return
            self._entries[key] = value
            self._sizes[key] = size
            self._total += size
            while self._total > self.max_bytes:
                self._discard(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._sizes.clear()
            self._total = 0

    def _discard(self, key) -> None:
        if key in self._entries:
            del self._entries[key]
            self._total -= self._sizes.pop(key)


# What each process keeps for repeated queries (settings.SEARCH_CACHE_BYTES).
match_cache = MatchCache(settings.SEARCH_CACHE_BYTES)


def cache_key(kind: str, backend: SearchBackend, query: TextQuery, generation: int | None):
    """The key of one kind of result ("match", "rank", "snippets"); None: do not cache.

    It names the database and the query as that database reads it, so two spellings of
    one query ("heroin OR opium", "heroin or opium") share an entry.
    """
    if generation is None:
        return None
    database = backend.connection.settings_dict["NAME"]
    compiled = backend.compile(query.tree)
    return (kind, backend.vendor, database, compiled, generation, backend.results_version())
