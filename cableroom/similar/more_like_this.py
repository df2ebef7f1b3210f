"""What "More like this" shows: on the cable page, the nearest cables by meaning that
`embed_cables` stored; for a cable with none stored, a link to the cables sharing its
words (`/cable/<id>/similar/`), which the search engine finds on that page only.

The fallback is a page of its own because it costs what a search costs: asked on every
cable page it took 33 ms of CPU a page at 250,000 cables (an OR of up to fourteen
words, ranked), six times the whole page without it. The two lists are labelled apart
("similar meaning", "similar words"): a reader should know which one a list is.
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
    # On the cable page with nothing stored: the words list is a link, not yet asked.
    deferred: bool = False

    @property
    def by_meaning(self) -> bool:
        return self.by == MEANING


def more_like_this(stored: list[Cable]) -> MoreLikeThis:
    """The cable page's: the stored neighbours (read with the page's query) when there
    are any; otherwise a link to the similar-words page. No query of its own."""
    if stored:
        return MoreLikeThis(stored, MEANING)
    return MoreLikeThis([], WORDS, deferred=True)


def similar_words(cable: Cable, paragraphs: list[str]) -> MoreLikeThis:
    """The similar-words page's: the search engine's cables sharing the cable's words
    (two queries at most)."""
    return MoreLikeThis(similar_by_words(cable, paragraphs), WORDS)
