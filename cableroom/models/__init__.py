"""The archive's tables: Cable, CableVersion, Post, Tag, Marking, Paragraph, Addressee,
Reference, changes, import runs, reading lists and embeddings.

QuerySets with names saying what they are for live beside their models. It imports
nothing else of the project.
"""

from cableroom.models.cable import (
    Addressee,
    AddresseeRole,
    Cable,
    CableTag,
    CableVersion,
    Paragraph,
    Reference,
    date_parts,
)
from cableroom.models.changes import (
    CableForReview,
    Change,
    ChangeAction,
    Note,
    PostName,
    ReviewOutcome,
    ReviewResolution,
)
from cableroom.models.entities import Marking, MarkingKind, Post, Tag, TagKind
from cableroom.models.import_runs import ImportRun
from cableroom.models.reading_lists import ReadingList, ReadingListItem
from cableroom.models.similarity import CableEmbedding, SimilarCable

__all__ = [
    "Addressee",
    "AddresseeRole",
    "Cable",
    "CableEmbedding",
    "CableForReview",
    "CableTag",
    "CableVersion",
    "Change",
    "ChangeAction",
    "ImportRun",
    "Marking",
    "MarkingKind",
    "Note",
    "Paragraph",
    "Post",
    "PostName",
    "ReadingList",
    "ReadingListItem",
    "Reference",
    "ReviewOutcome",
    "ReviewResolution",
    "SimilarCable",
    "Tag",
    "TagKind",
    "date_parts",
]
