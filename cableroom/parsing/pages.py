"""Page-break lines the distribution system inserted into cable bodies.

Forms seen: `ASTANA 00000033 001.2 OF 002` (2000s), `PAGE 02  VATICA 01192 01 OF 02
022245Z` with a centred level line above it (older), `2004CARACA00545 - CONFIDENTIAL`
footers, and the first two glued into prose. They are not part of the text: the
working copy loses them, the raw text keeps them.
"""

import re

NEW_FORM = r"\d{8}[ \t]+\d{3}(?:\.\d)?[ \t]+OF[ \t]+\d{3}"
OLD_FORM = (
    r"PAGE[ \t]+\d{1,3}[ \t]+(?:[A-Z][A-Z0-9 ]{0,12}?[ \t]+)?\d{3,7}"
    r"(?:[ \t]+\d{2}[ \t]+OF[ \t]+\d{2})?(?:[ \t]+\d{6}Z)?"
)
LEVEL_WORDS = r"(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|TOP SECRET|LIMITED OFFICIAL USE)"
PAGE_LINE = re.compile(
    r"^[ \t]*(?:"
    r"[A-Z][A-Z .'-]{0,30}[ \t]+" + NEW_FORM + r"|"
    r"(?:INFO[ \t]+)?" + OLD_FORM + r"|"
    r"PAGE[ \t]+\d{1,3}[ \t]+R[A-Z]{3,7}\d{4}\b.*|"
    r"\d{4}[A-Z ]{2,8}\d{5}[ \t]*-[ \t]*(?:Cl[a-z]*.*|[A-Z ]*)|"
    + LEVEL_WORDS
    + r"(?:[ \t]+[A-Z]{3}\d{4})?"
    r")[ \t]*\\?$",
    re.M,
)
GLUED_OLD = re.compile(r"[ \t]*(?:" + LEVEL_WORDS + r"[ \t]+)?" + OLD_FORM + r"Z?\b")
ANY_STATION = r"[A-Z]{2,10}"


def glued_new_form(station_words: str | None) -> re.Pattern:
    """The glued new-form pattern, anchored on the cable's own station as page lines write it."""
    station = re.escape(station_words[:10]) + r"[A-Z]*" if station_words else ANY_STATION
    return re.compile(r"[ \t]*\b" + station + r"[ \t]+" + NEW_FORM + r"\b[ \t]*")


def remove_page_breaks(body: str, station_words: str | None) -> tuple[str, int]:
    """The body without page-break lines (blanked, so line numbers hold) and glued page marks."""
    body, lines = PAGE_LINE.subn("", body)
    glued = 0
    if "OF" in body:
        body, count = glued_new_form(station_words).subn(" ", body)
        glued += count
    if "PAGE" in body:
        body, count = GLUED_OLD.subn(" ", body)
        glued += count
    return body, lines + glued
