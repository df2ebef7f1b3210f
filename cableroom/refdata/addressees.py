"""Addressee names as a reader filters on them: one name per office, whatever the header wrote.

A TO or INFO line names an office with decorations that are not part of the office:
office symbols after `//` (`JOINT STAFF WASHDC//J5/UNMA//`), the relay marker `ZEN/`,
a precedence and a serial (`IMMEDIATE 4024-4027`), and spellings that vary from cable
to cable (`WASHDC`, `WASH DC`, `WASHINGTON DC`). `office_name` removes the decorations
and spells each office one way; `not_an_addressee` recognises lines that only landed in
an addressee list because a copy's header never ended (prose, dates, labelled lines);
`post_for_addressee` lets a routing indicator decide the post; `addressee_kind` groups
the offices that are not posts (collectives, military commands, Washington agencies).

Standard library only; imports nothing but the other reference facts.
"""

import re

from cableroom.refdata import (
    PostFact,
    post_for_from_line,
    posts_by_routing_indicator,
    routing_indicator_names,
)

# More words than any office name in the corpus has (ALL EAST ASIAN AND PACIFIC
# DIPLOMATIC POSTS has seven): longer lines are sentences.
MAX_WORDS = 8
PLACE_THEN_SYMBOLS = re.compile(r"\b([A-Z]{2}|WASHDC)/[^/\s]\S*$")
RELAY_MARK = re.compile(r"\bZEN\s*/\s*")
WASHINGTON = re.compile(r"\bWAS(?:H(?:INGTON)?)?\s*D\.?\s*C\b\.?")
# Offices spelled several ways in the corpus's headers, each with the one spelling the
# facet shows (the commonest). Project data: read off the corpus's TO and INFO lines.
OFFICE_SPELLINGS = {
    "NSC": (
        "NATIONAL SECURITY COUNCIL",
        "WHITE HOUSE NSC",
        "WHITEHOUSE NSC",
        "WHITE HOUSE NATIONAL SECURITY COUNCIL",
    ),
    "WHITE HOUSE": ("WHITEHOUSE", "THE WHITE HOUSE"),
    "DEPT OF TREASURY": (
        "DEPT OF THE TREASURY",
        "DEPARTMENT OF TREASURY",
        "DEPARTMENT OF THE TREASURY",
        "US DEPT OF TREASURY",
        "TREASURY DEPT",
        "TREASURY",
        "DEPTTREAS",
        "DEPTREAS",
        "DEPTOTREAS",
    ),
    "DEPT OF COMMERCE": ("DEPARTMENT OF COMMERCE", "USDOC"),
    "DEPT OF JUSTICE": ("DEPARTMENT OF JUSTICE", "DEPTJUSTICE", "DOJ"),
    "DEPT OF ENERGY": ("DEPARTMENT OF ENERGY", "USDOE", "DOE"),
    "DEPT OF AGRICULTURE": ("DEPARTMENT OF AGRICULTURE", "USDA"),
    "DEPT OF LABOR": ("DEPARTMENT OF LABOR", "DOL"),
    "DEPT OF HOMELAND SECURITY": ("DEPARTMENT OF HOMELAND SECURITY",),
    "DEA": ("DEA HQS", "DEAHQS"),
    "FBI": ("DIRFBI", "DIR FBI"),
    "ONDCP": ("DIRONDCP", "DIR ONDCP"),
    "JOINT STAFF": ("JOINTSTAFF",),
    "SECDEF": ("SEC DEF",),
}
SPELLING = {
    variant: office for office, variants in OFFICE_SPELLINGS.items() for variant in variants
}

LABELLED = re.compile(r"^[A-Z][A-Za-z .]{0,20}:(?:\s|$)")
DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b\d{6}Z\b|\b\d{1,2}:\d{2}\b")
REFERENCE_ID = re.compile(r"^\d{2}[A-Z]{3,}\d+\b")
PAGE_LINE = re.compile(r"^PAGE\s+\d")
SPACED_LETTERS = re.compile(r"^(?:[A-Z] ){4,}")
MARKING_START = re.compile(r"^(?:UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\b")
PROSE_MARKS = ("¶", "<<", '"', "“", "”")
# Words of sentences that no office name in the corpus uses.
SENTENCE_WORDS = frozenset(
    "IS ARE WERE HAS HAVE HAD SAYS SAID WHICH WHO THAT THERE HE SHE THEY WE AN "
    "BEING WILL WOULD INCLUDING".split()
)
SENTENCE_END = (".", ",", ";", "?", "!")

COLLECTIVE = re.compile(r"\bCOLLECTIVE\b|^ALL\b.*\bPOSTS?\b|\bMEMBER STATES\b")
MILITARY = re.compile(
    r"^(?:USCINC|CINC|CDR|COM[A-Z]|HQ\b|CJTF|JTF|MNF|USNMR|DIRNSA|USDAO|DET\b|\d+[A-Z])"
    r"|\b(?:JOINT STAFF|JCS|CJCS|AFB|AB|FT|RAF|NAVY|ARMY|USAF|USMC|CMC|CNO|DA|OSAF)\b"
)

ADDRESSEE_KINDS = ("Collective", "Military", "Washington agency", "Other office")


def cut_office_symbols(text: str) -> str:
    """The office before its `//` symbols; a place written after them is kept
    (`JCS//J5//WASHDC` -> `JCS WASHDC`). A single `/` after a place's code starts
    symbols too (`DIA WASHDC/DOR-2B`, `USCINCPAC HONOLULU HI/CC`)."""
    text = PLACE_THEN_SYMBOLS.sub(r"\1", text.strip(" /"))
    if "//" not in text:
        return text
    parts = [part.strip() for part in text.split("//")]
    office = parts[0]
    if len(parts) > 2 and WASHINGTON.fullmatch(parts[-1]):
        office = f"{office} {parts[-1]}"
    return office


def office_name(text: str) -> str:
    """The one spelling of the office a header names (no symbols, precedence or serial:
    the header reader has removed those): `WHITE HOUSE NSC WASHDC` -> `NSC WASHINGTON DC`."""
    name = " ".join(RELAY_MARK.sub("", cut_office_symbols(text.upper())).split())
    name = WASHINGTON.sub("WASHINGTON DC", name)
    if name.endswith(" WASHINGTON DC"):
        office = name.removesuffix(" WASHINGTON DC")
        return f"{SPELLING.get(office, office)} WASHINGTON DC"
    return SPELLING.get(name, name)


def not_an_addressee(text: str) -> str | None:
    """Why a line read in a TO or INFO list cannot be an addressee, or None if it can be.

    Copies whose header never ends carry their preamble and body into the list: labelled
    lines (`DATE: 2009-02-05 16:36:00`), dates, cable ids, page headers, classification
    lines and sentences.
    """
    line = " ".join(text.split())
    if not any(ch.isalpha() for ch in line):
        return "it names no office"
    if LABELLED.match(line):
        return "it is a labelled line, not an office"
    if DATE.search(line):
        return "it holds a date or a time"
    if REFERENCE_ID.match(line) or PAGE_LINE.match(line):
        return "it is a cable id or a page header"
    if SPACED_LETTERS.match(line) or MARKING_START.match(line):
        return "it is a classification line"
    if any(ch.islower() for ch in line) or any(mark in line for mark in PROSE_MARKS):
        return "it is prose (header lines are written in capitals)"
    words = cut_office_symbols(line).replace("(", " ").replace(")", " ").split()
    if line.endswith(SENTENCE_END) or ", " in line or SENTENCE_WORDS.intersection(words):
        return "it is a sentence"
    if len(words) > MAX_WORDS:
        return f"it has more than {MAX_WORDS} words"
    return None


def post_for_addressee(name: str, routing_indicator: str | None = None) -> PostFact | None:
    """The post an addressee names; its routing indicator decides when the tables know it.

    An indicator can have named two posts over the years (RUEHTA was AMEMBASSY ALMATY in
    2006, AMEMBASSY ASTANA later): the written name wins when it is one of them, else the
    indicator's first post (ACP 117's). None when the office is no post.
    """
    written = post_for_from_line(name) or post_for_from_line(drop_country_code(name))
    candidates = indicator_posts(routing_indicator) if routing_indicator else []
    if not candidates or written in candidates:
        return written
    return candidates[0]


def indicator_posts(routing_indicator: str) -> list[PostFact]:
    """The posts the tables' names for an indicator resolve to, in the tables' order."""
    found: list[PostFact] = []
    for name in routing_indicator_names(routing_indicator):
        post = post_for_from_line(name)
        if post is not None and post not in found:
            found.append(post)
    post = posts_by_routing_indicator().get(routing_indicator.strip().upper())
    if post is not None and post not in found:
        found.append(post)
    return found


def drop_country_code(name: str) -> str:
    """`AMEMBASSY ANKARA TU` -> `AMEMBASSY ANKARA`: military-style headers add the country."""
    words = name.split()
    return " ".join(words[:-1]) if len(words) > 2 and len(words[-1]) == 2 else name


def addressee_name(name: str, routing_indicator: str | None = None) -> tuple[str, str]:
    """(facet value, kind) for an addressee: the post's name and type when it is a post,
    else the office's one spelling and its kind."""
    post = post_for_addressee(name, routing_indicator)
    if post is not None:
        return post.name, post.post_type or addressee_kind(office_name(post.name))
    office = office_name(name)
    return office, addressee_kind(office)


def addressee_kind(office: str) -> str:
    """The group of an office that is not a post: Collective, Military, Washington agency
    or Other office (one of ADDRESSEE_KINDS)."""
    if COLLECTIVE.search(office):
        return "Collective"
    if MILITARY.search(office):
        return "Military"
    if office.endswith("WASHINGTON DC"):
        return "Washington agency"
    return "Other office"
