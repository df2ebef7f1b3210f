"""Curators' write paths: edits, notes, withdrawals, tag merges and splits, re-parses,
the review queue, and the history of every change (so each can be reverted).

It may import models, refdata, parsing, sources and the importer's write path (a re-parse
writes as an import does); the admin and management commands call it.
"""
