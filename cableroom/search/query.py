"""The query box's language, parsed into a small tree without touching the database.

Web-search syntax, the same on every database: words are ANDed, `"quoted phrases"`
match adjacent words, `OR` between two terms makes either do, `-word` (or `-"a
phrase"`) excludes, and a word ending in `*` is a prefix (`nucl*`; in a phrase, its last
word). Field prefixes narrow a term: `subject:word` looks in subjects only, while
`tag:PREL`, `from:ASTANA` and `to:ASTANA` are facet constraints written in the box (the
browse view moves them into their own URL parameters).

The text becomes a tree of `And`, `Or`, `Not` and `Phrase` (a one-word phrase is a
word) that each search backend compiles to its own syntax. Words are reduced to runs of
letters and digits here, so no input can produce a syntax error in any backend.
"""

import re
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
# A shorter prefix stands for so many words that matching it reads much of the index.
MIN_PREFIX_CHARS = 3
TEXT_FIELDS = {"subject"}
FACET_FIELDS = {"tag": "tag", "from": "origin", "to": "addressee"}
_TOKEN = re.compile(r'(-?)(?:([A-Za-z]+):)?(?:"([^"]*)"?|(\S+))')
_WORD = re.compile(r"[^\W_]+")
_PREFIX_END = re.compile(r"[^\W_]\*+$")


class QueryError(ValueError):
    """The query cannot be searched as written; the message says why, for the reader."""


@dataclass(frozen=True)
class Phrase:
    """Words that must appear together, in this order; `field` narrows where, and with
    `prefix` the last word stands for any word it begins."""

    words: tuple[str, ...]
    field: str | None = None
    prefix: bool = False

    def searched_words(self) -> list[str]:
        return list(self.words)


@dataclass(frozen=True)
class Not:
    """Cables that do not match `child`; only ever beside something to match."""

    child: "Node"

    def searched_words(self) -> list[str]:
        return []


@dataclass(frozen=True)
class Or:
    """Cables that match any of the children."""

    children: tuple["Node", ...]

    def searched_words(self) -> list[str]:
        return [word for child in self.children for word in child.searched_words()]


@dataclass(frozen=True)
class And:
    """Cables that match every child; exclusions (`Not`) come after the rest."""

    children: tuple["Node", ...]

    @property
    def required(self) -> tuple["Node", ...]:
        return tuple(child for child in self.children if not isinstance(child, Not))

    @property
    def excluded(self) -> tuple["Node", ...]:
        return tuple(child.child for child in self.children if isinstance(child, Not))

    def searched_words(self) -> list[str]:
        return [word for child in self.children for word in child.searched_words()]


Node = Phrase | Not | Or | And


@dataclass(frozen=True)
class FacetTerm:
    """A facet constraint typed into the box: `tag:PREL`, `-from:ASTANA`."""

    parameter: str
    value: str
    negated: bool = False

    @property
    def url_value(self) -> str:
        return f"-{self.value}" if self.negated else self.value


@dataclass(frozen=True)
class TextQuery:
    """A parsed query: the tree of its text (None when it has none) and its facet terms."""

    tree: And | None = None
    facet_terms: tuple[FacetTerm, ...] = ()
    text: str = field(default="", compare=False)
    text_without_facets: str = field(default="", compare=False)

    @property
    def has_text(self) -> bool:
        return self.tree is not None

    def words(self) -> list[str]:
        """Every word searched for (not the excluded ones), for highlighting elsewhere."""
        return self.tree.searched_words() if self.tree else []

    def body_tree(self) -> And | None:
        """Any of the phrases searched for outside the subject: what to mark in a body."""
        phrases = _phrases(self.tree.required) if self.tree else []
        phrases = [phrase for phrase in phrases if phrase.field is None]
        if not phrases:
            return None
        return And((phrases[0] if len(phrases) == 1 else Or(tuple(phrases)),))


@dataclass(frozen=True)
class _Term:
    phrase: Phrase
    negated: bool


def parse_query(text: str) -> TextQuery:
    """Parse the query box; raises QueryError for a query too long or with nothing to find."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"The query is too long: keep it under {MAX_QUERY_CHARS} characters.")
    terms, facet_terms, or_marks, spans = _tokenise(text)
    if len(terms) > MAX_TERMS:
        raise QueryError(f"The query has too many terms: at most {MAX_TERMS}.")
    tree = _tree(_group(terms, or_marks))
    if text and tree is None and not facet_terms:
        raise QueryError(
            f'{_quoted(text)} has no word to look for: search for words, a "quoted phrase" '
            "or the start of a word (nucl*); -word leaves a word out."
        )
    if tree is not None and not tree.required:
        raise QueryError(
            f"{_quoted(text)} only leaves words out, and a search needs a word to look for: add "
            "one (nuclear -iran). To leave out a tag or a post instead, use the filters "
            "beside the results, or -tag:PREL and -from:ASTANA in the box."
        )
    return TextQuery(tree, tuple(facet_terms), text, _cut(text, spans))


def _quoted(text: str, limit: int = 60) -> str:
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    return " ".join(text.split())


def _tokenise(text: str):
    """Terms in order, facet terms, the indexes of terms an OR joins to the one before,
    and where the facet terms were written."""
    terms: list[_Term] = []
    facet_terms: list[FacetTerm] = []
    spans: list[tuple[int, int]] = []
    or_marks: set[int] = set()
    pending_or = False
    for match in _TOKEN.finditer(text):
        negated, prefix, phrase, bare = match.groups()
        if bare is not None and bare.upper() == "OR" and not negated and not prefix:
            pending_or = bool(terms)
            continue
        prefix = (prefix or "").lower()
        if prefix in FACET_FIELDS:
            value = (phrase if phrase is not None else bare or "").strip()
            if value:
                facet_terms.append(FacetTerm(FACET_FIELDS[prefix], value, bool(negated)))
            spans.append(match.span())
            continue
        term = _term(match.group(0), prefix, phrase, bare, bool(negated))
        if term is None:
            continue
        if pending_or and not term.negated and not terms[-1].negated:
            or_marks.add(len(terms))
        pending_or = False
        terms.append(term)
    return terms, facet_terms, or_marks, spans


def _term(raw: str, prefix: str, phrase: str | None, bare: str | None, negated: bool):
    if prefix and prefix not in TEXT_FIELDS:
        # An unknown prefix ("http:") is part of the text, not a field.
        bare = raw.lstrip("-") if phrase is None else f"{prefix} {phrase}"
        prefix = ""
    written = (phrase if phrase is not None else bare).strip()
    words = tuple(word.lower() for word in _WORD.findall(written))
    if not words:
        return None
    starts = _PREFIX_END.search(written) is not None
    if starts and len(words[-1]) < MIN_PREFIX_CHARS:
        raise QueryError(
            f"{_quoted(written)} is too short a start of a word: give at least "
            f"{MIN_PREFIX_CHARS} letters before the * (nuc*)."
        )
    return _Term(Phrase(words, prefix or None, starts), negated)


def _group(terms: list[_Term], or_marks: set[int]) -> list[list[_Term]]:
    groups: list[list[_Term]] = []
    for index, term in enumerate(terms):
        if index in or_marks:
            groups[-1].append(term)
        else:
            groups.append([term])
    return groups


def _tree(groups: list[list[_Term]]) -> And | None:
    # An OR joins only terms to look for, so an excluded term is always a group alone.
    required = [_either(group) for group in groups if not group[0].negated]
    excluded = [Not(group[0].phrase) for group in groups if group[0].negated]
    return And(tuple(required + excluded)) if groups else None


def _either(group: list[_Term]) -> Node:
    if len(group) == 1:
        return group[0].phrase
    return Or(tuple(term.phrase for term in group))


def _phrases(nodes) -> list[Phrase]:
    found = []
    for node in nodes:
        if isinstance(node, Phrase):
            found.append(node)
        elif isinstance(node, Or | And):
            found += _phrases(node.children)
    return found
