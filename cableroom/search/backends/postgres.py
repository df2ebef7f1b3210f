"""PostgreSQL full-text search: `to_tsquery('english')` over the search table's vectors.

Matches go through `cableroom_match_cables` (see `postgres_schema`); ranks are
`ts_rank`, where the subject (weight A) weighs more than the body (B); excerpts are
`ts_headline` over a window of the body around the first searched word.
"""

from django.conf import settings

from cableroom.search.backends import postgres_schema as schema
from cableroom.search.backends.base import (
    ELLIPSIS,
    MARK_START,
    MARK_STOP,
    SearchBackend,
    id_array,
)
from cableroom.search.query import And, Not, Or, Phrase

# The match, as an array of cable ids: every query below that matches uses it.
_MATCH = "cableroom_match_cables(to_tsquery('english', %s))"
# Normalisation 1 divides by 1 + log(length), so long cables do not win by size alone.
_RANK = "ts_rank(vector, to_tsquery('english', %s), 1)"
_HEADLINE_OPTIONS = (
    f'StartSel="{MARK_START}", StopSel="{MARK_STOP}", MaxWords=30, MinWords=12, '
    f'MaxFragments=2, FragmentDelimiter="{ELLIPSIS}"'
)
# ts_headline parses (and stems) all the text it is given, the dearest part of a page of
# results. So the body's excerpt is looked for in a window of SNIPPET_BODY_CHARS starting
# a little before the first place a searched word occurs as typed; when that window marks
# nothing although the body matches (it has only another form of the word), the whole
# body is used.
SNIPPET_BODY_CHARS = 3000
SNIPPET_LEAD_CHARS = 150
_SNIPPETS_WINDOWED = f"""
WITH shown AS MATERIALIZED (
    SELECT id, subject, body, CASE
        WHEN first_at IS NULL OR first_at <= %(lead)s THEN 1
        -- from the first space in the lead, so the window opens on a whole word
        ELSE first_at - %(lead)s + strpos(substr(body, first_at - %(lead)s, %(lead)s), ' ')
    END AS opens
    FROM cableroom_cable
    CROSS JOIN LATERAL (
        SELECT min(strpos(lower(body), word)) FILTER (WHERE strpos(lower(body), word) > 0)
        FROM unnest(%(words)s::text[]) AS word
    ) AS found (first_at)
    WHERE id = ANY(%(ids)s)
), windowed AS MATERIALIZED (
    -- MATERIALIZED: inlined, the window's headline would be computed twice
    SELECT id, subject, body, opens, ts_headline(
        'english', substr(body, opens, %(chars)s), to_tsquery('english', %(tsquery)s),
        %(options)s
    ) AS head
    FROM shown
)
SELECT id,
    ts_headline('english', subject, to_tsquery('english', %(tsquery)s), %(subject_options)s),
    CASE WHEN strpos(head, %(start)s) > 0 OR (opens = 1 AND length(body) <= %(chars)s)
        THEN head
        -- ts_headline marks only text that satisfies the whole query: when the body's
        -- own lexemes (weight B) do not, the whole body would mark nothing either
        WHEN NOT (
            SELECT ts_filter(s.vector, '{{b}}') FROM {schema.SEARCH_TABLE} AS s
            WHERE s.cable_id = windowed.id
        ) @@ to_tsquery('english', %(tsquery)s)
        THEN head
        ELSE ts_headline('english', body, to_tsquery('english', %(tsquery)s), %(options)s)
    END
FROM windowed
"""
_SNIPPETS_WHOLE = """
SELECT id,
    ts_headline('english', subject, to_tsquery('english', %(tsquery)s), %(subject_options)s),
    ts_headline('english', body, to_tsquery('english', %(tsquery)s), %(options)s)
FROM cableroom_cable WHERE id = ANY(%(ids)s)
"""


def keeps_vectors() -> bool:
    """Whether this deployment's connections write full-text vectors: not when text
    queries are answered by Tantivy alone (`SEARCH_ENGINE` "tantivy")."""
    return settings.SEARCH_ENGINE != "tantivy"


class PostgresBackend(SearchBackend):
    vendor = "postgresql"

    def compile(self, tree: And) -> str:
        """`to_tsquery` input: quoted lexemes, `<->`, `|`, `&`, `!`."""
        return " & ".join(_compile(child) for child in tree.children)

    def match_sql(self, tree: And) -> tuple[str, list]:
        return f"SELECT unnest({_MATCH})", [self.compile(tree)]

    def match_ids(self, tree: And):
        # One array instead of a row per match: tens of thousands of rows cost more to
        # send and convert than the match itself.
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT {_MATCH}", [self.compile(tree)])
            return id_array(cursor.fetchone()[0] or [])

    def match_ranked(self, tree: And):
        sql = f"SELECT cable_id, {_RANK} FROM {schema.SEARCH_TABLE} WHERE cable_id = ANY({_MATCH})"
        rows = self._rows(sql, [self.compile(tree)] * 2)
        return id_array([row[0] for row in rows]), [float(row[1]) for row in rows]

    def top_ranked(self, tree: And, limit: int):
        # Ranked and cut in the database: only `limit` rows come back.
        sql = (
            f"SELECT cable_id, {_RANK} AS score FROM {schema.SEARCH_TABLE} "
            f"WHERE cable_id = ANY({_MATCH}) ORDER BY score DESC, cable_id LIMIT %s"
        )
        rows = self._rows(sql, [self.compile(tree)] * 2 + [limit])
        return id_array([row[0] for row in rows]), [float(row[1]) for row in rows]

    def rank_ids(self, tree: And, ids: list[int]) -> dict[int, float]:
        # One array parameter: a placeholder per cable would cost more to parse.
        sql = f"SELECT cable_id, {_RANK} FROM {schema.SEARCH_TABLE} WHERE cable_id = ANY(%s)"
        return {pk: float(rank) for pk, rank in self._rows(sql, [self.compile(tree), ids])}

    def snippets(self, tree: And, ids: list[int]) -> list[tuple[int, str, str]]:
        # Words ANDed: a window around the first one seldom holds them all, and
        # ts_headline marks nothing unless it does, so those read the whole body.
        windowed = len(tree.required) == 1
        params = {
            "ids": ids,
            "words": sorted(set(tree.searched_words())),
            "lead": SNIPPET_LEAD_CHARS,
            "chars": SNIPPET_BODY_CHARS,
            "tsquery": self.compile(tree),
            "options": _HEADLINE_OPTIONS,
            "subject_options": _HEADLINE_OPTIONS + ", HighlightAll=true",
            "start": MARK_START,
        }
        return self._rows(_SNIPPETS_WINDOWED if windowed else _SNIPPETS_WHOLE, params)

    def highlight(self, tree: And, texts: list[str]) -> list[str]:
        # HighlightAll: the whole text comes back, as written, marks added.
        sql = (
            "SELECT ts_headline('english', text, to_tsquery('english', %s), %s) "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS given (text, n) ORDER BY n"
        )
        options = f'HighlightAll=true, StartSel="{MARK_START}", StopSel="{MARK_STOP}"'
        return [row[0] for row in self._rows(sql, [self.compile(tree), options, texts])]

    def install_schema(self) -> None:
        self._run(schema.SCHEMA_SQL)

    def fill_index(self) -> None:
        self._run([schema.fill_vectors_sql("cableroom_cable_vector(subject, body)")])

    def drop_schema(self) -> None:
        self._run(schema.drop_sql())

    def upgrade_schema(self) -> None:
        """Move the cable's generated vector column into the search table (migration 0006).

        The stored vectors are copied rather than computed again; the column (and its GIN
        index with it) is dropped. A database created after 0006 never had the column.
        """
        with self.connection.cursor() as cursor:
            columns = self.connection.introspection.get_table_description(
                cursor, "cableroom_cable"
            )
        if not any(column.name == schema.OLD_SEARCH_VECTOR for column in columns):
            return
        # Building the GIN index once over the filled table is several times faster
        # than growing it row by row.
        self._run(
            [
                f"DROP INDEX IF EXISTS {schema.SEARCH_INDEX}",
                schema.fill_vectors_sql(schema.OLD_SEARCH_VECTOR),
                f"ALTER TABLE cableroom_cable DROP COLUMN {schema.OLD_SEARCH_VECTOR}",
                "SET LOCAL maintenance_work_mem = '256MB'",
                *schema.SCHEMA_SQL,
            ]
        )

    def configure_connection(self) -> None:
        # Browse queries are short; JIT compilation would add tens of milliseconds to
        # any whose estimated cost crosses `jit_above_cost` (a match over many rows).
        statements = ["SET jit = off"]
        if not keeps_vectors():
            statements.append(f"SET {schema.VECTORS_SETTING} = off")
        # One round trip: a statement without parameters may hold several.
        self._run(["; ".join(statements)])

    def _rows(self, sql: str, params) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _run(self, statements: list[str]) -> None:
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _compile(node) -> str:
    if isinstance(node, Phrase):
        # Weight A is the subject: `subject:word` matches only lexemes from the subject.
        weight = "A" if node.field == "subject" else ""
        labels = [f":{weight}" if weight else ""] * len(node.words)
        if node.prefix:
            labels[-1] = f":*{weight}"
        lexemes = [f"'{word}'{label}" for word, label in zip(node.words, labels, strict=True)]
        return "(" + " <-> ".join(lexemes) + ")"
    if isinstance(node, Not):
        return f"!{_compile(node.child)}"
    joiner = " | " if isinstance(node, Or) else " & "
    return "(" + joiner.join(_compile(child) for child in node.children) + ")"
