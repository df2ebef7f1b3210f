"""Full-text search over cable subjects and bodies: the query syntax, matching, ranking,
excerpts, and the database structures behind them.

It owns the search box's language (`query`, no database), one backend per engine
behind one interface (`backends/`: PostgreSQL's tsvector table, SQLite's FTS5 table,
the Tantivy index folder), keeping that folder in step with the database
(`index_updates`, which importing and curation call),
the per-process cache of results (`cache`), the excerpts of a page of results
(`snippets`), the search's words marked in a cable's paragraphs (`highlight`), the jump
to a cable whose id was typed (`id_query`) and the structures the database keeps
(`schema`). It may import `cableroom.models`, `cableroom.parsing` and
`cableroom.read_route` (which database a request reads), never views, templatetags or
browse; browse and reading import what is named below.
"""

from cableroom.search.backends.unindexed import SearchUnavailable
from cableroom.search.highlight import FIRST_MATCH_ID, highlight_paragraphs
from cableroom.search.id_query import cable_for_id_query
from cableroom.search.matching import (
    SearchMatches,
    match_cables,
    matching_ids_sql,
    rank_cables,
    top_matches,
)
from cableroom.search.query import FacetTerm, QueryError, TextQuery, parse_query
from cableroom.search.schema import GENERATION_TABLE
from cableroom.search.snippets import Snippet, marked_snippet, snippets_for

__all__ = [
    "FIRST_MATCH_ID",
    "GENERATION_TABLE",
    "FacetTerm",
    "QueryError",
    "SearchMatches",
    "SearchUnavailable",
    "Snippet",
    "TextQuery",
    "cable_for_id_query",
    "highlight_paragraphs",
    "marked_snippet",
    "match_cables",
    "matching_ids_sql",
    "parse_query",
    "rank_cables",
    "snippets_for",
    "top_matches",
]
