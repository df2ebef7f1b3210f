"""Readers' lists of cables and paragraphs, kept without an account.

Owns the list tokens, finding what a request names, the caps on lists and items,
reading a list with its cables, and its exports (BibTeX, CSL-JSON, Markdown, a zip of
raw texts). May import the models and `cableroom.reading` (anchors, citations); never
the views.
"""
