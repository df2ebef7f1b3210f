"""Tantivy full-text search: the query tree as Tantivy queries over the index folder.

Matches and BM25 ranks come from the index (see `tantivy_index`), as cable ids, so the
browse index intersects them with the facets as it does the database's. Excerpts, the
words marked on a cable page and the database structures are the database backend's,
which this one wraps: they work from the cable's text in the database.
"""

import gc
import re
from contextlib import contextmanager
from operator import itemgetter

import numpy as np
import tantivy

from cableroom.search.backends.base import OverDatabase, SearchBackend, id_array
from cableroom.search.backends.tantivy_index import (
    SCHEMA,
    SUBJECT_BOOST,
    SearchIndex,
    english_analyzer,
    prefix_analyzer,
)
from cableroom.search.query import And, Not, Or, Phrase

_STEMS = english_analyzer()
_PREFIXES = prefix_analyzer()
_TEXT_FIELDS = ("subject", "body")


class TantivyBackend(OverDatabase):
    vendor = "tantivy"

    def __init__(self, database: SearchBackend, index: SearchIndex):
        super().__init__(database)
        self.index = index

    def compile(self, tree: And) -> str:
        # The tree itself: it is what the Tantivy query is built from, and two spellings
        # of one query parse to equal trees.
        return repr(tree)

    def results_version(self):
        return self.index.searcher()[1]

    def match_sql(self, tree: And) -> tuple[str, list]:
        ids = [int(pk) for pk in self.match_ids(tree)]
        if self.connection.vendor == "postgresql":
            return "SELECT unnest(%s::integer[])", [ids]
        return "SELECT value FROM json_each(%s)", [f"[{','.join(map(str, ids))}]"]

    def match_ids(self, tree: And) -> np.ndarray:
        searcher, _ = self.index.searcher()
        if not searcher.num_docs:
            return id_array([])
        # Ordered by the id fast field, each hit carries the cable's id: no score to
        # compute, no second lookup.
        with _collector_paused():
            hits = searcher.search(
                tantivy_query(tree),
                limit=searcher.num_docs,
                count=False,
                order_by_field="cable_id",
            ).hits
            ids = np.fromiter(map(itemgetter(0), hits), np.int64, len(hits))
            del hits  # freed before the collector is back, or its next run walks them all
        return id_array(ids)

    def match_ranked(self, tree: And):
        return self._scored(tantivy_query(tree))

    def top_ranked(self, tree: And, limit: int) -> tuple[np.ndarray, list[float]]:
        # Tantivy keeps only the best `limit` hits while it scores: no full ranking.
        return self._scored(tantivy_query(tree), limit)

    def rank_ids(self, tree: And, ids: list[int]) -> dict[int, float]:
        # Only the given cables: a filter that adds nothing to their scores.
        only = tantivy.Query.const_score_query(
            tantivy.Query.term_set_query(SCHEMA, "cable_id", [int(pk) for pk in ids]), 0.0
        )
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, tantivy_query(tree)), (tantivy.Occur.Must, only)]
        )
        found, scores = self._scored(query)
        return {int(pk): score for pk, score in zip(found, scores, strict=True)}

    def _scored(
        self, query: tantivy.Query, limit: int | None = None
    ) -> tuple[np.ndarray, list[float]]:
        searcher, _ = self.index.searcher()
        if not searcher.num_docs:
            return id_array([]), []
        limit = searcher.num_docs if limit is None else min(limit, searcher.num_docs)
        with _collector_paused():
            hits = searcher.search(query, limit=limit, count=False).hits
            ids = id_array(searcher.fast_field_values("cable_id", list(map(itemgetter(1), hits))))
            scores = list(map(float, map(itemgetter(0), hits)))
            del hits  # freed before the collector is back, or its next run walks them all
        return ids, scores


@contextmanager
def _collector_paused():
    """Python's cycle collector off while hits become Python objects.

    A word in most cables (`government`, 150,000 hits at 255,000 cables) makes two objects
    a hit; every 700 new objects start a collection, which walks the young generation the
    hits fill: 213 collections and 25 ms of a 93 ms request, measured in a web worker.
    Hits hold no cycles, so nothing is left for the collector to find later.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def tantivy_query(tree: And) -> tantivy.Query:
    """The Tantivy query of a query tree: a word or phrase is looked for in the subject
    (boosted) and the body, or in the subject alone with `subject:`."""
    return _query(tree)


def _query(node) -> tantivy.Query:
    if isinstance(node, Phrase):
        return _phrase(node)
    if isinstance(node, Or):
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, _query(child)) for child in node.children]
        )
    if isinstance(node, Not):
        raise ValueError("An exclusion needs something to match beside it")
    clauses = [(tantivy.Occur.Must, _query(child)) for child in node.required]
    clauses += [(tantivy.Occur.MustNot, _query(child)) for child in node.excluded]
    return tantivy.Query.boolean_query(clauses)


def _phrase(phrase: Phrase) -> tantivy.Query:
    fields = ("subject",) if phrase.field == "subject" else _TEXT_FIELDS
    terms = [token for word in phrase.words[:-1] for token in _STEMS.analyze(word)]
    last = (_PREFIXES if phrase.prefix else _STEMS).analyze(phrase.words[-1])
    terms += last
    if not last:  # the word is no word of the index (longer than any): nothing matches
        return tantivy.Query.empty_query()
    queries = []
    for field in fields:
        query = _field_query(field, terms, phrase.prefix)
        if field == "subject":
            query = tantivy.Query.boost_query(query, SUBJECT_BOOST)
        queries.append(query)
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, query) for query in queries])


def _field_query(field: str, terms: list[str], prefix: bool) -> tantivy.Query:
    if len(terms) == 1:
        if prefix:
            return tantivy.Query.regex_query(SCHEMA, field, re.escape(terms[0]) + ".*")
        return tantivy.Query.term_query(SCHEMA, field, terms[0])
    if prefix:
        # Not phrase_prefix_query: that one tries only the first 50 words the start
        # begins ("the a*" found 57 of 7,479 cables), a regex phrase every one of them.
        patterns = [re.escape(term) for term in terms]
        return tantivy.Query.regex_phrase_query(
            SCHEMA, field, [*patterns[:-1], patterns[-1] + ".*"]
        )
    return tantivy.Query.phrase_query(SCHEMA, field, terms)
