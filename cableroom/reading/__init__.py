"""What a cable page shows: the page itself, its JSON, citations, versions, diffs and
permalinks.

It may import models, parsing, search (to mark a search's words) and browse (prev/next
within a search); never views or templatetags.
"""
