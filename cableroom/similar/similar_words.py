"""The fallback of "More like this" while no embeddings are stored: cables sharing the
cable's words, as the search engine ranks them.

The words are those of the subject and the commonest long words of the paragraphs, any
of them (`OR`), so the engine's own ranking (BM25 on Tantivy and SQLite, `ts_rank` on
PostgreSQL) weighs rare shared words above common ones. Two queries at most: the match
(none on Tantivy) and the rows of the best cables.
"""

import re
from collections import Counter

from cableroom.models import Cable
from cableroom.search import parse_query, top_matches

SHOWN = 10
SUBJECT_WORDS = 8
BODY_WORDS = 6
MIN_SUBJECT_LETTERS = 4
MIN_BODY_LETTERS = 6
_WORD = re.compile(r"[a-z]+")
# Words that say nothing of what a cable is about: English function words and the
# words of every cable's header and boilerplate.
COMMON_WORDS = frozenset(
    """
    about above after again against also among because been before being below between
    both during each from further have having here into more most other over same should
    some such than that their them then there these they this those through under until
    very were what when where which while will with would could shall your ours
    cable cables classified reason reasons confidential secret unclassified subject
    sipdis noforn embassy department state secstate washdc amembassy comment summary
    paragraph para action request info ref refs reftel tags date post posts
    """.split()
)


def similar_by_words(cable: Cable, paragraphs: list[str]) -> list[Cable]:
    """Up to ten public cables sharing the cable's words, best first, itself left out."""
    words = search_words(cable.subject, paragraphs)
    if not words:
        return []
    query = parse_query(" OR ".join(words))
    # Two spare places: the cable itself and a withdrawn cable may be among the best.
    matches = top_matches(query, SHOWN + 2)
    order = [int(pk) for pk in matches.ids if int(pk) != cable.pk]
    if not order:
        return []
    found = (
        Cable.objects.public()
        .select_related("origin")
        .only("reference_id", "subject", "date_time", "origin__name")
    )
    by_pk = {other.pk: other for other in found.filter(pk__in=order)}
    return [by_pk[pk] for pk in order if pk in by_pk][:SHOWN]


def search_words(subject: str, paragraphs: list[str]) -> list[str]:
    """The subject's words, then the paragraphs' commonest long words, each once."""
    chosen = []
    for word in _WORD.findall((subject or "").lower()):
        if len(word) >= MIN_SUBJECT_LETTERS and word not in COMMON_WORDS and word not in chosen:
            chosen.append(word)
    chosen = chosen[:SUBJECT_WORDS]
    counts = Counter(
        word
        for text in paragraphs
        for word in _WORD.findall(text.lower())
        if len(word) >= MIN_BODY_LETTERS and word not in COMMON_WORDS
    )
    # Most common first; ties alphabetically, so a page asks the same query every time.
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    body = [word for word, _ in ranked if word not in chosen][:BODY_WORDS]
    return chosen + body
