"""What one source record becomes in the archive, decided in pure Python with no Django
import.

It may import parsing, refdata and sources only, so the plan can be tested without a
database.
"""
