"""Template tags of the browse, cable and curation pages: display code only.

They may import browse, reading and search for what they render; nothing below them
imports templatetags.
"""
