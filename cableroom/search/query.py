"""The query box's language, parsed without touching the database.

Web-search syntax, the same on PostgreSQL and SQLite: words are ANDed, `"quoted
phrases"` match adjacent words, `OR` between two terms makes either do, `-word` (or
`-"a phrase"`) excludes. Field prefixes narrow a term: `subject:word` looks in subjects
only, while `tag:PREL`, `from:ASTANA` and `to:ASTANA` are facet constraints written in
the box (the browse view moves them into their own URL parameters).

Words are reduced to runs of letters and digits before they reach either database, so no
user input can produce a syntax error in `to_tsquery` or an FTS5 MATCH expression.
"""

import re
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
TEXT_FIELDS = {"subject"}
FACET_FIELDS = {"tag": "tag", "from": "origin", "to": "addressee"}
_TOKEN = re.compile(r'(-?)(?:([A-Za-z]+):)?(?:"([^"]*)"?|(\S+))')
_WORD = re.compile(r"[^\W_]+")


class QueryError(ValueError):
    """The query cannot be searched as written; the message says why, for the reader."""


@dataclass(frozen=True)
class Term:
    """Words that must appear together (one word, or a phrase), maybe only in one field."""

    words: tuple[str, ...]
    negated: bool = False
    field: str | None = None


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
    """A parsed query: AND of groups, each group an OR of terms; plus facet terms."""

    groups: tuple[tuple[Term, ...], ...] = ()
    facet_terms: tuple[FacetTerm, ...] = ()
    text: str = field(default="", compare=False)
    text_without_facets: str = field(default="", compare=False)

    @property
    def has_text(self) -> bool:
        return bool(self.groups)

    @property
    def positive_groups(self) -> tuple[tuple[Term, ...], ...]:
        return tuple(group for group in self.groups if not group[0].negated)

    @property
    def negated_terms(self) -> tuple[Term, ...]:
        return tuple(group[0] for group in self.groups if group[0].negated)

    def words(self) -> list[str]:
        """Every word searched for (not the excluded ones), for highlighting elsewhere."""
        return [word for group in self.positive_groups for term in group for word in term.words]


def parse_query(text: str) -> TextQuery:
    """Parse the query box; raises QueryError for a query too long or with nothing to find."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"The query is too long: keep it under {MAX_QUERY_CHARS} characters.")
    terms, facet_terms, or_marks, spans = _tokenise(text)
    if len(terms) > MAX_TERMS:
        raise QueryError(f"The query has too many terms: at most {MAX_TERMS}.")
    groups = _group(terms, or_marks)
    query = TextQuery(tuple(groups), tuple(facet_terms), text, _cut(text, spans))
    if query.has_text and not query.positive_groups:
        raise QueryError("Add a word to look for: a query cannot only exclude words.")
    return query


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    return " ".join(text.split())


def _tokenise(text: str):
    """Terms in order, facet terms, the indexes of terms an OR joins to the one before,
    and where the facet terms were written."""
    terms: list[Term] = []
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
    words = tuple(word.lower() for word in _WORD.findall(phrase if phrase is not None else bare))
    if not words:
        return None
    return Term(words, negated, prefix or None)


def _group(terms: list[Term], or_marks: set[int]) -> list[tuple[Term, ...]]:
    groups: list[list[Term]] = []
    for index, term in enumerate(terms):
        if index in or_marks:
            groups[-1].append(term)
        else:
            groups.append([term])
    return [tuple(group) for group in groups]


# --- rendering for each database ---------------------------------------------------------


def to_tsquery_text(query: TextQuery) -> str:
    """PostgreSQL `to_tsquery('english', ...)` input: quoted lexemes, `<->`, `|`, `&`, `!`."""
    parts = [_ts_group(group) for group in query.positive_groups]
    parts += [f"!{_ts_term(term)}" for term in query.negated_terms]
    return " & ".join(parts)


def _ts_group(group: tuple[Term, ...]) -> str:
    if len(group) == 1:
        return _ts_term(group[0])
    return "(" + " | ".join(_ts_term(term) for term in group) + ")"


def _ts_term(term: Term) -> str:
    # Weight A is the subject: `subject:word` matches only lexemes from the subject.
    weight = ":A" if term.field == "subject" else ""
    return "(" + " <-> ".join(f"'{word}'{weight}" for word in term.words) + ")"


def to_fts5_text(query: TextQuery) -> str:
    """SQLite FTS5 MATCH input: quoted phrases, `OR`, implicit AND, `NOT`, column filters."""
    positive = " AND ".join(_fts_group(group) for group in query.positive_groups)
    negated = query.negated_terms
    if not negated:
        return positive
    return f"({positive}) NOT (" + " OR ".join(_fts_term(term) for term in negated) + ")"


def _fts_group(group: tuple[Term, ...]) -> str:
    if len(group) == 1:
        return _fts_term(group[0])
    return "(" + " OR ".join(_fts_term(term) for term in group) + ")"


def _fts_term(term: Term) -> str:
    phrase = '"' + " ".join(term.words) + '"'
    return f"subject : {phrase}" if term.field == "subject" else phrase
