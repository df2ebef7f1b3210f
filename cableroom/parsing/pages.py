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
END = r"[ \t]*\\?$"
# Each kind of page line has its own pattern and a cheap test that must pass first,
# so that most cables pay for none of them.
NEW_FORM_HINT = " OF 0"
NEW_FORM_LINE = re.compile(r"^[ \t]*[A-Z][A-Z .'-]{0,30}[ \t]+" + NEW_FORM + END, re.M)
OLD_FORM_LINE = re.compile(
    r"^[ \t]*(?:INFO[ \t]+)?(?:"
    + OLD_FORM
    + r"|PAGE[ \t]+\d{1,3}[ \t]+R[A-Z]{3,7}\d{4}\b.*)"
    + END,
    re.M,
)
FOOTER_HINT = re.compile(r" - (?:Cl|UNCLAS|CONFID|SECRET|LIMITED|TOP)")
FOOTER_LINE = re.compile(
    r"^[ \t]*\d{4}[A-Z ]{2,8}\d{5}[ \t]*-[ \t]*(?:Cl[a-z]*.*|[A-Z]+(?: [A-Z]+)*)?" + END, re.M
)
# Centred level lines ("      UNCLASSIFIED") head the pages of older copies.
LEVEL_LINE = re.compile(r"^[ \t]*" + LEVEL_WORDS + r"(?:[ \t]+[A-Z]{3}\d{4})?" + END, re.M)
# Glued marks start at a word (no leading [ \t]*: long blank runs would make the search
# quadratic); the blanks left around them are collapsed with the text's other spaces.
GLUED_OLD = re.compile(r"\b(?:" + LEVEL_WORDS + r"[ \t]+)?" + OLD_FORM + r"Z?\b")
PAGE_WORD = "PAGE"
ANY_STATION = r"[A-Z]{2,10}"


def glued_new_form(station_words: str | None) -> re.Pattern:
    """The glued new-form pattern, anchored on the cable's own station as page lines write it."""
    station = re.escape(station_words[:10]) + r"[A-Z]*" if station_words else ANY_STATION
    return re.compile(r"\b" + station + r"[ \t]+" + NEW_FORM + r"\b")


def remove_page_breaks(body: str, station_words: str | None) -> tuple[str, int]:
    """The body without page-break lines (blanked, so line numbers hold) and glued page marks."""
    removed = 0
    if NEW_FORM_HINT in body:
        body, count = NEW_FORM_LINE.subn("", body)
        body, glued = glued_new_form(station_words).subn(" ", body)
        removed += count + glued
    old_style = "PAGE" in body
    if old_style:
        body, count = OLD_FORM_LINE.subn("", body)
        removed += count
    if FOOTER_HINT.search(body):
        body, count = FOOTER_LINE.subn("", body)
        removed += count
        old_style = old_style or count > 0
    if old_style:
        body, count = LEVEL_LINE.subn("", body)
        removed += count
    if has_glued_page(body):
        body, glued = GLUED_OLD.subn(" ", body)
        removed += glued
    return body, removed


def has_glued_page(body: str) -> bool:
    """True when a PAGE mark sits after other text on its line (it was glued in)."""
    position = body.find(PAGE_WORD)
    while position != -1:
        line_start = body.rfind("\n", 0, position) + 1
        if body[line_start:position].strip():
            return True
        position = body.find(PAGE_WORD, position + len(PAGE_WORD))
    return False
