from .access import LoginFailure
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
from .curation import (
    CableForReview,
    Change,
    ChangeAction,
    Note,
    PostName,
    ReviewOutcome,
    ReviewResolution,
)
from .imports import ImportRun
from .reference import Marking, MarkingKind, Post, Tag, TagKind

__all__ = [
    "Addressee",
    "AddresseeRole",
    "Cable",
    "CableForReview",
    "CableTag",
    "CableVersion",
    "Change",
    "ChangeAction",
    "ImportRun",
    "LoginFailure",
    "Marking",
    "MarkingKind",
    "Note",
    "Paragraph",
    "Post",
    "PostName",
    "Reference",
    "ReviewOutcome",
    "ReviewResolution",
    "Tag",
    "TagKind",
    "date_parts",
]
