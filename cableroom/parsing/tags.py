"""The TAGS line: split, de-duplicated, glued codes separated, each code with its kind."""

import re
from functools import cache

from cableroom import refdata
from cableroom.parsing.model import ParsedTag

PERSON_IN_PARENS = re.compile(r"\(([A-Z][A-Za-z'\-]+,[ \t]*[A-Z][A-Za-z .'\-]*)\)")
ITEM_SEPARATOR = re.compile(r"[,;]+")
CODE_SHAPE = re.compile(r"^[A-Z0-9]{2,}$")
WELL_FORMED_KINDS = {"geographic", "subject", "program", "organisation"}
# Glued tokens are split into subject/program codes and at most one country code only:
# organisation codes are too many and too short (COUNTER is not CO + UNTER).
GLUE_PART_KINDS = {"geographic", "subject", "program"}
MAX_PARTS = 4


@cache
def well_formed_codes() -> frozenset[str]:
    """Codes that are tags in their own right (not typos or free text)."""
    return frozenset(
        code for code, fact in refdata.tags().items() if fact.shape in WELL_FORMED_KINDS
    )


@cache
def glue_parts() -> frozenset[str]:
    """Codes a glued token may be split into."""
    tags = refdata.tags()
    return frozenset(code for code, fact in tags.items() if fact.shape in GLUE_PART_KINDS)


def tag_kind(code: str) -> str:
    """The kind a source table gives the code; "other" for every code none lists."""
    fact = refdata.tags().get(code)
    return fact.kind if fact is not None else "other"


def code_shape(code: str) -> str:
    """What a code looks like, for telling codes from words: never a tag's kind."""
    fact = refdata.tags().get(code)
    if fact is not None:
        return fact.shape
    if "," in code:
        return "person"
    if not CODE_SHAPE.match(code):
        return "other"
    if len(code) == 2:
        return "geographic"
    if len(code) == 4:
        return "program" if code[0] == "K" else "subject"
    return "other"


def unglue(code: str) -> list[str] | None:
    """Known codes that spell a glued token (MASSMNUC -> MASS, MNUC), or None.

    Parts are codes of four or more letters plus at most one two-letter country code,
    so that words like TERFIN are not read as three countries.
    """
    if code in well_formed_codes() or len(code) < 6 or not CODE_SHAPE.match(code):
        return None
    return split_known(code, glue_parts(), MAX_PARTS, countries_left=1)


def split_known(
    code: str, known: frozenset[str], parts_left: int, countries_left: int
) -> list[str] | None:
    if code in known and (len(code) >= 4 or (len(code) == 2 and countries_left)):
        return [code]
    if parts_left <= 1:
        return None
    for size in (4, 5, 6, 2):
        head, rest = code[:size], code[size:]
        if len(rest) < 2 or head not in known or (size == 2 and not countries_left):
            continue
        tail = split_known(rest, known, parts_left - 1, countries_left - (size == 2))
        if tail:
            return [head, *tail]
    return None


def tag_items(tags_line: str) -> list[str]:
    """Raw tag items in order: person tags, codes, and runs of free text."""
    persons = [" ".join(name.split()) for name in PERSON_IN_PARENS.findall(tags_line)]
    line = PERSON_IN_PARENS.sub(" ", tags_line)
    items: list[str] = []
    chunks = ITEM_SEPARATOR.split(line)
    for chunk in chunks:
        words = chunk.split()
        if len(chunks) > 1 and len(words) > 1 and not all(w in well_formed_codes() for w in words):
            # In a comma-separated line, "TRAFFICKING IN PERSONS" is one free-text tag.
            items.append(" ".join(words))
        else:
            items.extend(chunk_items(words))
    return join_persons(items) + persons


def chunk_items(words: list[str]) -> list[str]:
    """Code-shaped words one by one; other words joined into free-text items."""
    items: list[str] = []
    text: list[str] = []
    for word in words:
        word = word.strip(".:()[]")
        if not word:
            continue
        if CODE_SHAPE.match(word):
            if text:
                items.append(" ".join(text))
                text = []
            items.append(word)
        else:
            text.append(word)
    if text:
        items.append(" ".join(text))
    return items


def join_persons(items: list[str]) -> list[str]:
    """Rejoin SURNAME, GIVEN person tags that the comma split apart."""
    known = refdata.tags()
    joined: list[str] = []
    index = 0
    while index < len(items):
        item = items[index]
        following = items[index + 1] if index + 1 < len(items) else ""
        if looks_like_surname(item, known) and following.isalpha() and following not in known:
            joined.append(f"{item}, {following}")
            index += 2
            continue
        joined.append(item)
        index += 1
    return joined


def looks_like_surname(item: str, known: dict) -> bool:
    return item.isalpha() and len(item) >= 5 and item not in known and code_shape(item) == "other"


def parse_tags(tags_line: str) -> tuple[list[ParsedTag], list[str]]:
    """The tags of a TAGS line and notes on what was guessed (glued codes split)."""
    tags: list[ParsedTag] = []
    seen: set[str] = set()
    notes: list[str] = []
    if tags_line == tags_line.lower():
        tags_line = tags_line.upper()  # web copies that lower-cased a whole body
    for item in tag_items(tags_line):
        parts = unglue(item)
        if parts:
            notes.append(f"Glued tag {item} read as {', '.join(parts)}")
        for code in parts or [item]:
            if code not in seen:
                seen.add(code)
                tags.append(ParsedTag(code, tag_kind(code)))
    return tags, notes
