"""Classification levels, caveats and the dump's way of writing a classification."""

import re

# A level as written on the classification line, also spelled out with spaces
# ("C O N F I D E N T I A L"). TOP SECRET is tried before SECRET.
# A doubled first letter ("SS E C R E T", "UUNCLAS") is a typo seen in real copies.
LEVEL_PATTERN = (
    r"(?P<level>T ?O ?P +S ?E ?C ?R ?E ?T|S?S ?E ?C ?R ?E ?T|C?C ?O ?N ?F ?I ?D ?E ?N ?T ?I ?A ?L|"
    r"L ?I ?M ?I ?T ?E ?D +O ?F ?F ?I ?C ?I ?A ?L +U ?S ?E|"
    r"U?U ?N ?C ?L ?A ?S(?: ?S ?I ?F ?I ?E ?D)?)"
)
# Some web copies lower-case whole bodies ("S e c r e t state 068250"), hence IGNORECASE.
LEVEL_AT_START = re.compile(r"^[ \t]*" + LEVEL_PATTERN + r"(?![A-Za-z])", re.I)
LEVELS = {
    "SSECRET": "SECRET",
    "CCONFIDENTIAL": "CONFIDENTIAL",
    "UNCLAS": "UNCLASSIFIED",
    "UUNCLAS": "UNCLASSIFIED",
    "UNCLASSIFIED": "UNCLASSIFIED",
    "LIMITEDOFFICIALUSE": "LIMITED OFFICIAL USE",
    "CONFIDENTIAL": "CONFIDENTIAL",
    "SECRET": "SECRET",
    "TOPSECRET": "TOP SECRET",
}
# The security line of an AUTODIN header (ZNR UUUUU): a fallback for the level.
SECURITY_LETTERS = {"U": "UNCLASSIFIED", "C": "CONFIDENTIAL", "S": "SECRET", "T": "TOP SECRET"}

# Caveat spellings seen in cables -> the caveat code recorded.
CAVEAT_SPELLINGS = {
    "SIPDIS": "SIPDIS",
    "SENSITIVE": "SENSITIVE",
    "SENSITIVE BUT UNCLASSIFIED": "SBU",
    "NOFORN": "NOFORN",
    "NO FORN": "NOFORN",
    "EXDIS": "EXDIS",
    "NODIS": "NODIS",
    "LIMDIS": "LIMDIS",
    "STADIS": "STADIS",
    "CHEROKEE": "CHEROKEE",
    "EFTO": "EFTO",
    "E F T O": "EFTO",
    "ORCON": "ORCON",
    "PROPIN": "PROPIN",
    "NOCONTRACT": "NOCONTRACT",
    "FOR OFFICIAL USE ONLY": "FOUO",
    "LIMITED OFFICIAL USE": "LOU",
    "FOUO": "FOUO",
}
CAVEAT_RE = re.compile(
    r"(?<![A-Z])("
    + "|".join(sorted((re.escape(s) for s in CAVEAT_SPELLINGS), key=len, reverse=True))
    + r")(?![A-Z])"
)
# A line made of caveats only ("SIPDIS", "SENSITIVE/NOFORN", "NODIS CHEROKEE").
CAVEAT_LINE = re.compile(r"^[ \t]*(?:" + CAVEAT_RE.pattern + r"[ \t/,.-]*)+$", re.IGNORECASE)
# Whole caveat lines, rule lines (-----) and end-of-message marks (NNNN, BT) in a body,
# found in one case-sensitive pass (much faster than IGNORECASE) over upper-, title- and
# lower-case spellings. The text must be wrapped in newlines.
CASED_SPELLINGS = sorted(
    {
        form
        for spelling in CAVEAT_SPELLINGS
        for form in (spelling, spelling.title(), spelling.lower())
    },
    key=len,
    reverse=True,
)
MARKING_LINES = re.compile(
    r"\n[ \t]*(?:(?:(?<![A-Za-z])(?:"
    + "|".join(re.escape(form) for form in CASED_SPELLINGS)
    + r")(?![A-Za-z]))[ \t/,.-]*)+(?=\n)|\n[ \t]*[-=_*~][-=_*~ ]{2,}(?=\n)"
    r"|\n[ \t]*(?:NNNN|BT|[<>#=-])[ \t]*(?=\n)"
)
CAVEAT_START = re.compile(r"^[ \t]*" + CAVEAT_RE.pattern, re.IGNORECASE)
LEVEL_WORD_START = re.compile(
    r"^[ \t]*(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|TOP SECRET)\b[ \t]*"
)
# Short caption lines that open with a caveat ("SENSITIVE, BUT UNCLASSIFIED") count too.
MAX_CAPTION = 30
# Before 2006 the dump writes CONFIDENTIAL cables marked SENSITIVE as CONFIDENTIAL//NOFORN
# (35 of 42 in the dev corpus); from 2006 on as CONFIDENTIAL (12 of 14).
SENSITIVE_NOFORN_UNTIL = 2005


def level_name(written: str) -> str:
    """A written level, normalised: "C O N F I D E N T I A L" -> CONFIDENTIAL."""
    return LEVELS.get(written.replace(" ", "").upper(), written.upper())


def caveats_in(text: str) -> list[str]:
    """Caveat codes written in a piece of text, in order, each once."""
    found: list[str] = []
    for match in CAVEAT_RE.finditer(text.upper()):
        code = CAVEAT_SPELLINGS[match.group(1)]
        if code not in found:
            found.append(code)
    return found


def is_caveat_line(line: str) -> bool:
    """True for a line holding nothing but caveats ("SIPDIS", "SENSITIVE/NOFORN")."""
    return bool(CAVEAT_LINE.match(line))


def caption_caveats(line: str) -> list[str] | None:
    """Caveats of a preamble caption line ("CONFIDENTIAL NOFORN", "SENSITIVE, BUT
    UNCLASSIFIED"); None when the line is not a caption."""
    rest = LEVEL_WORD_START.sub("", line, count=1)
    if not rest.strip():
        return None
    if CAVEAT_LINE.match(rest):
        return caveats_in(rest)
    if CAVEAT_START.match(rest) and len(line.strip()) <= MAX_CAPTION:
        return caveats_in(rest)[:1]
    return None


def dump_classification(level: str | None, caveats: list[str], year: int | None) -> str | None:
    """The classification as the dump's classification column writes it.

    Measured on the dev corpus: UNCLAS + SENSITIVE -> UNCLASSIFIED//FOR OFFICIAL USE ONLY
    (1,592 of 1,598; "SENSITIVE BUT UNCLASSIFIED" and "FOR OFFICIAL USE ONLY" lines do not
    count), NOFORN near the classification line is appended to CONFIDENTIAL and SECRET.
    """
    if level is None:
        return None
    if level == "LIMITED OFFICIAL USE":
        return "UNCLASSIFIED"  # the dump writes LOU cables as UNCLASSIFIED (11 of 11)
    if level == "UNCLASSIFIED":
        return "UNCLASSIFIED//FOR OFFICIAL USE ONLY" if "SENSITIVE" in caveats else level
    if level in {"CONFIDENTIAL", "SECRET", "TOP SECRET"}:
        if "NOFORN" in caveats:
            return level + "//NOFORN"
        old = year is not None and year <= SENSITIVE_NOFORN_UNTIL
        if level == "CONFIDENTIAL" and "SENSITIVE" in caveats and old:
            return level + "//NOFORN"
    return level
