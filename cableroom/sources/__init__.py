"""Readers for the formats cables are published in: the cables.csv dump, cablegate
HTML pages and plain-text files. Standard library only; never imports Django.

Every reader yields `SourceRecord | SourceProblem` in input order and never raises on
bad input, so one stream carries every cable and every failure to the importer.
"""

from cableroom.sources.cablegate_html import read_cablegate_page, read_cablegate_tree
from cableroom.sources.discover import read_path, read_sources
from cableroom.sources.dump import read_dump
from cableroom.sources.plain_text import read_text_cable
from cableroom.sources.record import (
    DUMP_FORMAT,
    HTML_FORMAT,
    TEXT_FORMAT,
    SourceItem,
    SourceMetadata,
    SourceProblem,
    SourceRecord,
)

__all__ = [
    "DUMP_FORMAT",
    "HTML_FORMAT",
    "TEXT_FORMAT",
    "SourceItem",
    "SourceMetadata",
    "SourceProblem",
    "SourceRecord",
    "read_cablegate_page",
    "read_cablegate_tree",
    "read_dump",
    "read_path",
    "read_sources",
    "read_text_cable",
]
