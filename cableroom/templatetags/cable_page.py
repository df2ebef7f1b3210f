"""Template helpers for reading a cable: banner colours, marking badges, precedence, facet links.

The classification colours follow the US convention for banners: green UNCLASSIFIED,
blue CONFIDENTIAL, red SECRET, orange TOP SECRET; LIMITED OFFICIAL USE (a control
marking, not a classification) takes the purple of its successor, CUI.
"""

import re
from urllib.parse import urlencode

from django import template
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse

from cableroom.browse.neighbours import SEARCH_PARAMETER
from cableroom.reading.citation import CitedCable, bibtex, chicago
from cableroom.search import FIRST_MATCH_ID

register = template.Library()

# Longest spellings first: "TOP SECRET" must win over "SECRET".
LEVELS = (
    ("TOP SECRET", "top-secret"),
    ("SECRET", "secret"),
    ("CONFIDENTIAL", "confidential"),
    ("LIMITED OFFICIAL USE", "lou"),
    ("UNCLASSIFIED", "unclassified"),
    ("UNCLAS", "unclassified"),
)

# Paragraph markings as written in "(S/NF)": the level is the part before the first slash.
MARKING_LEVELS = {
    "TS": "top-secret",
    "S": "secret",
    "C": "confidential",
    "LOU": "lou",
    "U": "unclassified",
    "SBU": "unclassified",
}

PRECEDENCE_WORDS = {
    "Z": "Flash",
    "O": "Immediate",
    "P": "Priority",
    "R": "Routine",
    "NIACT": "Night action (immediate)",
}

BROWSE_FALLBACK_PATH = "/cables/"
# The precedence written before a date-time group: "P 191331Z APR 06", "NIACT IMMEDIATE ...".
PRECEDENCE_BEFORE_DTG = re.compile(r"^(?:[ZOPR]{1,2}|NIACT IMMEDIATE|IMMEDIATE)\s+(?=\d{6}Z)")


@register.filter
def classification_level(classification: str) -> str:
    """The banner colour class of a classification: `secret` for "SECRET//NOFORN"."""
    spelled = " ".join((classification or "").upper().replace("//", " ").split())
    for words, level in LEVELS:
        if spelled.startswith(words):
            return level
    return "unknown"


@register.filter
def marking_level(marking: str) -> str:
    """The badge colour class of a paragraph marking: `secret` for "S/NF"."""
    head = (marking or "").upper().strip("() ").split("/")[0]
    return MARKING_LEVELS.get(head, "unknown")


@register.filter
def precedence_words(precedence: str) -> str:
    """ "P" -> "Priority"; words already spelled out ("NIACT IMMEDIATE") come back title-cased."""
    precedence = (precedence or "").strip().upper()
    if precedence in PRECEDENCE_WORDS:
        return PRECEDENCE_WORDS[precedence]
    if len(precedence) == 2 and precedence[0] == precedence[1]:
        return PRECEDENCE_WORDS.get(precedence[0], precedence)
    return precedence.title()


@register.filter
def date_time_group(line: str) -> str:
    """The date-time group of a DTG line, without the precedence shown beside it."""
    return PRECEDENCE_BEFORE_DTG.sub("", (line or "").strip())


@register.simple_tag
def facet_url(name: str, value: str) -> str:
    """The browse page filtered by one facet value: `/cables/?tag=PREL`."""
    return f"{browse_path()}?{urlencode({name: value})}"


@register.simple_tag
def search_url(query_string: str) -> str:
    """The browse page with a whole query string, to go back to the reader's results."""
    return f"{browse_path()}?{query_string}" if query_string else browse_path()


@register.simple_tag
def cable_in_search_url(cable, query_string: str) -> str:
    """A cable's page carrying the browse query it was opened from, for prev/next; with
    words searched for, it opens at the first of them (see search.highlight)."""
    if not query_string:
        return cable.get_absolute_url()
    url = f"{cable.get_absolute_url()}?{urlencode({SEARCH_PARAMETER: query_string})}"
    return f"{url}#{FIRST_MATCH_ID}" if QueryDict(query_string).get("q", "").strip() else url


def browse_path() -> str:
    """The browse page's path (route "browse"; "cable-list" was its planned name)."""
    for name in ("browse", "cable-list"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return BROWSE_FALLBACK_PATH


@register.filter
def chicago_note(cited: CitedCable) -> str:
    """The Chicago-style note for a cited cable (autoescaped by the template)."""
    return chicago(cited)


@register.filter
def bibtex_entry(cited: CitedCable) -> str:
    """The BibTeX entry for a cited cable (autoescaped by the template)."""
    return bibtex(cited)
