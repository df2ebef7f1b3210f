"""Template tags of the browse, cable and curation pages, and the Jinja2 environment of
the cable page's article (the same functions as its filters): display code only.

They may import browse, reading and search for what they render; nothing below them
imports templatetags.
"""
