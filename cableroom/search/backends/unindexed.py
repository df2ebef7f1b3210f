"""Text queries on a node whose Tantivy index is not complete, when nothing else can
answer them: `SEARCH_ENGINE` "tantivy" on PostgreSQL, whose connections then keep no
full-text vectors (`postgres.keeps_vectors`), so the database's own index would miss
every cable written since. A match raises `SearchUnavailable`, which the reader gets as
a 503 page saying why (cableroom/web/errors.py), never as results that silently lack
cables. Excerpts, marked words and the structures work from the cable's text and stay
the database backend's.
"""

from cableroom.search.backends.base import SearchBackend
from cableroom.search.query import And


class SearchUnavailable(Exception):
    """Text queries cannot be answered on this node now; the message says why."""


class UnindexedBackend(SearchBackend):
    vendor = "unindexed"

    def __init__(self, database: SearchBackend, why: str):
        super().__init__(database.connection)
        self.database = database
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

    def snippets(self, tree: And, ids: list[int]) -> list[tuple[int, str, str]]:
        return self.database.snippets(tree, ids)

    def highlight(self, tree: And, texts: list[str]) -> list[str]:
        return self.database.highlight(tree, texts)

    def install_schema(self) -> None:
        self.database.install_schema()

    def fill_index(self) -> None:
        self.database.fill_index()

    def drop_schema(self) -> None:
        self.database.drop_schema()

    def configure_connection(self) -> None:
        self.database.configure_connection()
