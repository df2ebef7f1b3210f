"""Write paths into the archive: import, re-parse. Keyword-only arguments, docstrings."""
