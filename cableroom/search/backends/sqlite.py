"""SQLite full-text search: FTS5 MATCH over the external-content table.

Ranks are `bm25` with the subject column weighing four times the body; excerpts are
FTS5's `highlight` (the whole subject) and `snippet` (the body).
"""

from cableroom.search.backends import sqlite_schema as schema
from cableroom.search.backends.base import ELLIPSIS, MARK_START, MARK_STOP, SearchBackend, id_array
from cableroom.search.query import And, Not, Or, Phrase

_FTS = schema.FTS_TABLE
# The match: every query below that matches uses it.
_MATCHES = f"{_FTS} MATCH %s"
# bm25 is lower for better matches; negated so that higher is better, as elsewhere.
_RANK = f"-bm25({_FTS}, 4.0, 1.0)"


class SqliteBackend(SearchBackend):
    vendor = "sqlite"

    def compile(self, tree: And) -> str:
        """FTS5 MATCH input: quoted phrases, `OR`, `AND`, `NOT`, column filters."""
        return _compile(tree, top=True)

    def match_sql(self, tree: And) -> tuple[str, list]:
        return f"SELECT rowid FROM {_FTS} WHERE {_MATCHES}", [self.compile(tree)]

    def match_ranked(self, tree: And):
        rows = self._rows(
            f"SELECT rowid, {_RANK} FROM {_FTS} WHERE {_MATCHES}", [self.compile(tree)]
        )
        return id_array([row[0] for row in rows]), [float(row[1]) for row in rows]

    def top_ranked(self, tree: And, limit: int):
        # Ranked and cut in the database: only `limit` rows come back.
        sql = f"SELECT rowid, {_RANK} AS score FROM {_FTS} WHERE {_MATCHES} "
        rows = self._rows(sql + "ORDER BY score DESC, rowid LIMIT %s", [self.compile(tree), limit])
        return id_array([row[0] for row in rows]), [float(row[1]) for row in rows]

    def rank_ids(self, tree: And, ids: list[int]) -> dict[int, float]:
        sql = f"SELECT rowid, {_RANK} FROM {_FTS} WHERE {_MATCHES} AND rowid IN ({_marks(ids)})"
        return {pk: float(rank) for pk, rank in self._rows(sql, [self.compile(tree), *ids])}

    def snippets(self, tree: And, ids: list[int]) -> list[tuple[int, str, str]]:
        sql = (
            f"SELECT rowid, highlight({_FTS}, 0, %s, %s), snippet({_FTS}, 1, %s, %s, %s, 24) "
            f"FROM {_FTS} WHERE {_MATCHES} AND rowid IN ({_marks(ids)})"
        )
        marks = [MARK_START, MARK_STOP]
        return self._rows(sql, [*marks, *marks, ELLIPSIS, self.compile(tree), *ids])

    def highlight(self, tree: And, texts: list[str]) -> list[str]:
        # FTS5 marks only rows of an FTS5 table: the texts go through a temporary one
        # (this connection's own), tokenised like the cables.
        table = schema.HIGHLIGHT_TABLE
        marked = list(texts)
        with self.connection.cursor() as cursor:
            cursor.execute(schema.HIGHLIGHT_SQL)
            try:
                cursor.executemany(
                    f"INSERT INTO temp.{table} (rowid, text) VALUES (%s, %s)",
                    list(enumerate(texts, 1)),
                )
                cursor.execute(
                    f"SELECT rowid, highlight({table}, 0, %s, %s) FROM temp.{table} "
                    f"WHERE {table} MATCH %s",
                    [MARK_START, MARK_STOP, self.compile(tree)],
                )
                for row, text in cursor.fetchall():
                    marked[row - 1] = text
            finally:
                cursor.execute(f"DELETE FROM temp.{table}")
        return marked

    def install_schema(self) -> None:
        with self.connection.cursor() as cursor:
            schema.require_fts5(cursor)
            for statement in schema.SCHEMA_SQL:
                cursor.execute(statement)

    def fill_index(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(schema.FILL_SQL)

    def drop_schema(self) -> None:
        with self.connection.cursor() as cursor:
            for statement in schema.drop_sql():
                cursor.execute(statement)

    def _rows(self, sql: str, params: list) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def _marks(ids: list[int]) -> str:
    return ", ".join(["%s"] * len(ids))


def _compile(node, top: bool = False) -> str:
    if isinstance(node, Phrase):
        phrase = '"' + " ".join(node.words) + '"' + (" *" if node.prefix else "")
        return f"subject : {phrase}" if node.field == "subject" else phrase
    if isinstance(node, Or):
        return "(" + " OR ".join(_compile(child) for child in node.children) + ")"
    if isinstance(node, Not):
        raise ValueError("FTS5 has no NOT alone: an exclusion needs something to match")
    return _compile_and(node, top)


def _compile_and(node: And, top: bool) -> str:
    # FTS5's NOT is binary ("a NOT b"), so the exclusions follow what is required.
    required = " AND ".join(_compile(child) for child in node.required)
    if node.excluded:
        excluded = " OR ".join(_compile(child) for child in node.excluded)
        required = f"({required}) NOT ({excluded})"
    return required if top or len(node.children) == 1 else f"({required})"
