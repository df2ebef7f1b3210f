"""Readers' lists of cables and paragraphs, kept without an account.

Owns the list tokens, finding what a request names, the caps on lists and items,
reading a list with its cables, and its export formats (BibTeX, CSL-JSON, Markdown, a zip of raw texts). May import
the models, `cableroom.reading` (anchors, citations) and `cableroom.web` (the client's
address); never the views.
"""
