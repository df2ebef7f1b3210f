"""Management commands of the project: thin wrappers that parse arguments and call a
service.

The work lives in importing, curation and synthetic; see `commands/`.
"""
