"""Batched writes of planned cables to the database: rows, bulk statements and caches of
known rows.

It may import models and the rest of importing; nothing outside importing calls it.
"""
