"""What the cable page's "More like this" shows: the nearest cables by meaning that
`embed_cables` stored, or, for a cable with none stored, cables sharing its words.

The two are labelled apart ("similar meaning", "similar words"): a reader should know
which one a list is.
"""

from dataclasses import dataclass

from cableroom.models import Cable
from cableroom.similar.similar_words import similar_by_words

MEANING = "meaning"
WORDS = "words"


@dataclass(frozen=True)
class MoreLikeThis:
    """Up to ten cables like this one, best first, and how they were found."""

    cables: list[Cable]
    by: str  # MEANING or WORDS

    @property
    def by_meaning(self) -> bool:
        return self.by == MEANING


def more_like_this(cable: Cable, stored: list[Cable], paragraphs: list[str]) -> MoreLikeThis:
    """The stored neighbours (read with the page's query) when there are any; otherwise
    the search engine's cables sharing the cable's words (two queries at most)."""
    if stored:
        return MoreLikeThis(stored, MEANING)
    return MoreLikeThis(similar_by_words(cable, paragraphs), WORDS)
