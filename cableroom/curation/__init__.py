"""Curators' write paths: field edits, tag merges, the review queue, change history,
reverts and re-parsing.

It may import models, parsing, refdata, sources and importing (to re-parse); never views
or admin, which call it.
"""
