"""What a reader sees of one cable: its page, `.json`, citation, versions, diff and
permalinks, curators' corrections and the inferred-id marker, and how dates read.

It reads and never writes. It may import models, parsing (ids), browse (prev/next in a
search), search (marking the search's words) and curation.fields (the names of the
fields curators correct); views and templates import it, never the other way round.
"""
