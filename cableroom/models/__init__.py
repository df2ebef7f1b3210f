from .cable import (
    Addressee,
    AddresseeRole,
    Cable,
    CableTag,
    CableVersion,
    Paragraph,
    Reference,
    date_parts,
)
from .imports import ImportRun
from .reference import Marking, MarkingKind, Post, Tag, TagKind

__all__ = [
    "Addressee",
    "AddresseeRole",
    "Cable",
    "CableTag",
    "CableVersion",
    "ImportRun",
    "Marking",
    "MarkingKind",
    "Paragraph",
    "Post",
    "Reference",
    "Tag",
    "TagKind",
    "date_parts",
]
