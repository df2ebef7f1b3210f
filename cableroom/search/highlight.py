"""The words of a search marked in a cable's paragraphs, for a reader arriving from it.

Marks come from the search backend, so they follow the same stemming and phrases as
the match. Everything else in the text is escaped: the only markup from cable text is
`<mark>`. The first mark carries the id FIRST_MATCH_ID, so a link ending in
`#first-match` opens the page at the first paragraph that holds a search word.
"""

from django.utils.safestring import SafeString, mark_safe

from cableroom.search.backends import search_backend
from cableroom.search.backends.base import MARK_START
from cableroom.search.query import QueryError, parse_query
from cableroom.search.snippets import marked_snippet

FIRST_MATCH_ID = "first-match"


def highlight_paragraphs(query_text: str, texts: list[str]) -> list[SafeString | None]:
    """Each text escaped with the search's words marked, or None where none occurs.

    One query when the search has words to mark in a body, none otherwise (no words, only
    `subject:` words, or a query that does not parse).
    """
    try:
        tree = parse_query(query_text).body_tree()
    except QueryError:
        return [None] * len(texts)
    if tree is None or not texts:
        return [None] * len(texts)
    marked = search_backend().highlight(tree, texts)
    html = [marked_snippet(text) if MARK_START in text else None for text in marked]
    first = next((index for index, item in enumerate(html) if item is not None), None)
    if first is not None:
        html[first] = mark_safe(html[first].replace("<mark>", f'<mark id="{FIRST_MATCH_ID}">', 1))
    return html
