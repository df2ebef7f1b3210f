"""What every search backend does, so the rest of the code never asks which database it is on.

A backend compiles a query tree (`cableroom.search.query`) to its database's own syntax
and answers six things with it: the ids of the matching cables, their ranks, excerpts
for a page of them, the words it matches marked in any text (a cable's paragraphs), the
SQL a FilterSet uses to keep matching cables in a queryset, and the structures (tables,
indexes, triggers) all of this reads.

Excerpts and marked texts come back with the private-use characters MARK_START and
MARK_STOP around what matched; `cableroom.search.snippets` escapes everything else, so
the only markup a reader's page gets from cable text is `<mark>`.
"""

from abc import ABC, abstractmethod

import numpy as np

from cableroom.search.query import And

MARK_START, MARK_STOP = "\ue000", "\ue001"
ELLIPSIS = " … "


class SearchBackend(ABC):
    """Full-text search over cable subjects and bodies on one database connection."""

    vendor = ""

    def __init__(self, connection):
        self.connection = connection

    # --- queries ---------------------------------------------------------------------

    @abstractmethod
    def compile(self, tree: And) -> str:
        """The query in this database's syntax; equal text means equal matches."""

    @abstractmethod
    def match_sql(self, tree: And) -> tuple[str, list]:
        """SQL selecting the id of every matching cable (one column), and its parameters."""

    def match_ids(self, tree: And) -> np.ndarray:
        """Ids of every matching cable, withdrawn ones included, in no particular order."""
        with self.connection.cursor() as cursor:
            cursor.execute(*self.match_sql(tree))
            return id_array([row[0] for row in cursor.fetchall()])

    @abstractmethod
    def match_ranked(self, tree: And) -> tuple[np.ndarray, list[float]]:
        """Ids of every matching cable and their ranks (higher is better), in one query."""

    def top_ranked(self, tree: And, limit: int) -> tuple[np.ndarray, list[float]]:
        """The `limit` best matching cables, best first, and their ranks, in one query."""
        ids, ranks = self.match_ranked(tree)
        # Stable on the negated rank: equal ranks keep the backend's order.
        best = np.argsort(-np.asarray(ranks, dtype=np.float64), kind="stable")[:limit]
        return id_array(ids[best]), [ranks[i] for i in best]

    @abstractmethod
    def rank_ids(self, tree: And, ids: list[int]) -> dict[int, float]:
        """Ranks of the given cables (higher is better), in one query.

        Ask only for cables the query matches: what another cable gets differs by backend.
        """

    @abstractmethod
    def snippets(self, tree: And, ids: list[int]) -> list[tuple[int, str, str]]:
        """(id, subject, body excerpt) of the given cables, with sentinels around matches.

        Ask only for cables the query matches: what another cable gets differs by backend.
        """

    @abstractmethod
    def highlight(self, tree: And, texts: list[str]) -> list[str]:
        """Each text whole, with sentinels around what `tree` matches in it.

        A fixed number of queries however many texts (one on PostgreSQL).
        """

    # --- structures ------------------------------------------------------------------

    @abstractmethod
    def install_schema(self) -> None:
        """Create whatever search structure is missing; a no-op when all are in place."""

    @abstractmethod
    def fill_index(self) -> None:
        """Index every existing cable that is not indexed yet."""

    @abstractmethod
    def drop_schema(self) -> None:
        """Remove the search structures (the reverse of `install_schema`)."""

    def results_version(self):
        """What, beside the browse generation, results depend on (None: nothing).

        An index kept outside the database is committed after the database's own
        transaction, so a generation alone could name results of an older index.
        """
        return None

    def upgrade_schema(self) -> None:
        """Bring structures of an older layout up to date (migration 0006)."""
        return None  # only PostgreSQL had an older layout

    def configure_connection(self) -> None:
        """Settings a new connection needs before its first search."""
        return None  # none by default


class OverDatabase(SearchBackend):
    """A backend that matches by other means than the database's full-text index, over
    the database backend it wraps: excerpts, marked words and the structures work from
    the cable's text in the database and stay that backend's."""

    def __init__(self, database: SearchBackend):
        super().__init__(database.connection)
        self.database = database

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


def id_array(ids) -> np.ndarray:
    """Cable ids as a read-only int64 array, safe to share through the match cache."""
    array = np.asarray(ids, dtype=np.int64)
    array.setflags(write=False)
    return array
