"""Text queries on a node whose Tantivy index is not complete, when nothing else can
answer them: `SEARCH_ENGINE` "tantivy" on PostgreSQL, whose connections then keep no
full-text vectors (`postgres.keeps_vectors`), so the database's own index would miss
every cable written since. A match raises `SearchUnavailable`, which the reader gets as
a 503 page saying why (cableroom/web/errors.py), never as results that silently lack
cables. Excerpts, marked words and the structures work from the cable's text and stay
the database backend's.
"""

from cableroom.search.backends.base import OverDatabase, SearchBackend
from cableroom.search.query import And


class SearchUnavailable(Exception):
    """Text queries cannot be answered on this node now; the message says why."""


class UnindexedBackend(OverDatabase):
    vendor = "unindexed"

    def __init__(self, database: SearchBackend, why: str):
        super().__init__(database)
        self.why = why

    def _unavailable(self):
        raise SearchUnavailable(self.why)

    def compile(self, tree: And) -> str:
        return self.database.compile(tree)

    def match_sql(self, tree: And) -> tuple[str, list]:
        self._unavailable()

    def match_ranked(self, tree: And):
        self._unavailable()

    def rank_ids(self, tree: And, ids: list[int]) -> dict[int, float]:
        self._unavailable()
