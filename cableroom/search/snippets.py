"""Excerpts of a page of results, with what the query matched marked.

The backend returns excerpts with sentinel characters around the matches;
`marked_snippet` escapes everything else, so the only markup a reader's page gets from
cable text is `<mark>`.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cableroom.search.backends import search_backend
from cableroom.search.backends.base import MARK_START, MARK_STOP
from cableroom.search.cache import cache_key, match_cache
from cableroom.search.query import TextQuery

# Rough size of a cached snippet (two excerpts of some hundreds of characters).
SNIPPET_BYTES = 1500
_SENTINELS = re.compile(f"([{MARK_START}{MARK_STOP}])")


@dataclass(frozen=True)
class Snippet:
    """Subject and body excerpts, escaped, with `<mark>` around what the query matched."""

    subject: SafeString
    body: SafeString


def snippets_for(
    ids: list[int], query: TextQuery, generation: int | None = None
) -> dict[int, Snippet]:
    """Highlighted subject and body excerpts for a page of cables, in one query.

    Given the browse generation, excerpts already made for the query are reused and only
    the other cables' are made (a facet click often shows the same cables again).
    """
    if not ids or not query.has_text:
        return {}
    ids = [int(pk) for pk in ids]
    backend = search_backend()
    key = cache_key("snippets", backend, query, generation)
    known = (match_cache.get(key) if key else None) or {}
    missing = [pk for pk in ids if pk not in known]
    if missing:
        # None for a cable the database gave no excerpt for, so it is not asked again.
        made = dict.fromkeys(missing) | {
            pk: Snippet(marked_snippet(subject), marked_snippet(body))
            for pk, subject, body in backend.snippets(query.tree, missing)
        }
        known = {**known, **made}
        if key:
            match_cache.put(key, known, SNIPPET_BYTES * len(known))
    return {pk: known[pk] for pk in ids if known.get(pk) is not None}


def marked_snippet(text: str | None) -> SafeString:
    """Escape a database excerpt and turn its sentinels, and only them, into `<mark>`."""
    html = []
    open_mark = False
    for piece in _SENTINELS.split(text or ""):
        if piece == MARK_START and not open_mark:
            html.append("<mark>")
            open_mark = True
        elif piece == MARK_STOP and open_mark:
            html.append("</mark>")
            open_mark = False
        elif piece not in (MARK_START, MARK_STOP):
            html.append(escape(piece))
    if open_mark:
        html.append("</mark>")
    return mark_safe("".join(html))
