"""Shape of one real cable's text: the few facts `measure` counts, never the text itself.

Deliberately coarse regular expressions: they only need to be right often enough to
give realistic frequencies, and they must not depend on the parser being finished.
"""

import re
from dataclasses import dataclass, field

PARTIAL_NOTE = "This record is a partial extract of the original cable."
CAVEAT_WORDS = ("NOFORN", "EXDIS", "NODIS", "LIMDIS", "SIPDIS")
TRACKED_TERMS = ("heroin", "nuclear", "program", "iran")
TRACKED_PHRASES = ("nuclear program",)

_DTG = re.compile(r"^\s*(Z|O|P|R|ZZ|OO|PP|RR|NIACT IMMEDIATE)\s+\d{6}Z\s+[A-Z]{3}\s+\d{2}", re.M)
_TAGS = re.compile(r"^\s*TAGS:?\s+(.*(?:\n(?!\s*SUBJ)[^\n:]*)?)", re.M)
# The subject and up to three continuation lines, up to a blank line or the next field.
_SUBJECT = re.compile(
    r"^[ \t]*SUBJ(?:ECT)?:?[ \t]*"
    r"(.*(?:\n(?![ \t]*(?:REF|\d|CLASSIFIED|Classified))[ \t]*\S.*){0,3})",
    re.M,
)
_REF = re.compile(r"^\s*REFS?:", re.M)
_CLASSIFIED_BY = re.compile(r"^\s*CLASSIFIED\s+BY", re.M | re.I)
_EO = re.compile(r"^\s*E\.?\s?O\.?\s*(\d{5})\s*:?\s*(.*)$", re.M)
_SECTION = re.compile(r"SECTION\s+\d+\s+OF\s+(\d+)")
_PARAGRAPH = re.compile(r"^[ \t]*¶?(\d{1,2})\.[ \t]+(?:\(([A-Z/]{1,14})\))?", re.M)
_PAGE_BREAK = re.compile(
    r"^\s*(?:[A-Z ]+ \d{8}\s+\d{3}(?:\.\d)? OF \d{3}|PAGE \d{2} .*)\s*$", re.M
)
_WORD = re.compile(r"[A-Za-z]+")
_PERSON_TAG = re.compile(r"\([A-Z' .-]+,\s*[A-Z' .-]+\)")
_INDICATOR = re.compile(r"^[A-Z]{4,8}/")
_TRAILING = re.compile(
    r"(?:\s*//)?\s*(?:NIACT\s+)?(?:IMMEDIATE|PRIORITY|ROUTINE|FLASH)?\s*\d*\s*$"
)


@dataclass
class TextShape:
    """What `measure` counts about one cable (header and body as the source gives them)."""

    header_style: str
    precedence: str = ""
    to_names: list[str] = field(default_factory=list)
    info_names: list[str] = field(default_factory=list)
    spaced_classification: bool = False
    caveats: set[str] = field(default_factory=set)
    sipdis_count: int = 0
    eo_number: str = ""
    eo_na: bool = False
    tags: list[str] = field(default_factory=list)
    person_tags: int = 0
    subject_words: int = 0
    has_ref_line: bool = False
    classified_by: bool = False
    sections: int = 1
    paragraphs: list[tuple[str, int]] = field(default_factory=list)
    upper_case: bool = False
    page_breaks: int = 0
    words: int = 0
    terms: set[str] = field(default_factory=set)


def header_style(header: str, body: str) -> str:
    """autodin (VZCZC...), fm_to (bare FM/TO lines), partial (extract note) or none."""
    if "VZCZC" in header or "VZCZC" in body[:300]:
        return "autodin"
    if PARTIAL_NOTE in header:
        return "partial"
    if re.search(r"^\s*FM\s", header, re.M):
        return "fm_to"
    return "none"


def shape_of(header: str, body: str) -> TextShape:
    """Count the shape of one cable: header, classification line, TAGS, REF, paragraphs."""
    shape = TextShape(header_style=header_style(header, body))
    _read_header(shape, header)
    _read_preamble(shape, body)
    _read_paragraphs(shape, body)
    return shape


def _read_header(shape: TextShape, header: str) -> None:
    dtg = _DTG.search(header)
    shape.precedence = dtg.group(1) if dtg else ""
    shape.to_names, shape.info_names = addressees(header)


def addressees(header: str) -> tuple[list[str], list[str]]:
    """TO and INFO names from FM/TO or AUTODIN header lines, routing indicators dropped."""
    to: list[str] = []
    info: list[str] = []
    current = None
    for line in header.splitlines():
        line = line.strip()
        if line.startswith(("TO ", "INFO ")):
            current = to if line.startswith("TO ") else info
            line = line.split(None, 1)[1] if " " in line else ""
        elif not line or line.startswith(("BT", "XMT", "FM ", "ZEN", "ACTION", "DE ")):
            current = None if line.startswith(("BT", "XMT")) else current
            continue
        if current is not None and line:
            current.append(addressee_name(line))
    return to, info


def addressee_name(line: str) -> str:
    """`RUEHC/SECSTATE WASHDC IMMEDIATE 3751` -> `SECSTATE WASHDC`."""
    name = _INDICATOR.sub("", line.strip())
    return _TRAILING.sub("", name).strip()


def _read_preamble(shape: TextShape, body: str) -> None:
    head, _, _ = body.partition("\nSUBJ")
    first = next((line for line in body.splitlines() if line.strip()), "")
    shape.spaced_classification = bool(re.match(r"\s*(?:[A-Z] ){4,}", first))
    section = _SECTION.search(first)
    shape.sections = int(section.group(1)) if section else 1
    shape.caveats = {word for word in CAVEAT_WORDS if re.search(rf"\b{word}\b", head)}
    shape.sipdis_count = len(re.findall(r"^\s*SIPDIS\s*$", head, re.M))
    eo = _EO.search(body)
    if eo:
        shape.eo_number, shape.eo_na = eo.group(1), "N/A" in eo.group(2)
    _read_tags(shape, body)
    subject = _SUBJECT.search(body)
    shape.subject_words = len(_WORD.findall(subject.group(1))) if subject else 0
    shape.has_ref_line = bool(_REF.search(body))
    shape.classified_by = bool(_CLASSIFIED_BY.search(body))


def _read_tags(shape: TextShape, body: str) -> None:
    match = _TAGS.search(body)
    if not match:
        return
    line = match.group(1)
    shape.person_tags = len(_PERSON_TAG.findall(line))
    line = _PERSON_TAG.sub(" ", line).upper()
    # Comma-separated lines may hold multi-word tags (USEU BRUSSELS); others use spaces.
    parts = line.split(",") if "," in line else line.split()
    tags = [" ".join(part.split()).strip(".:;()") for part in parts]
    shape.tags = list(dict.fromkeys(tag for tag in tags if tag and len(tag.split()) <= 2))


def _read_paragraphs(shape: TextShape, body: str) -> None:
    marks = list(_PARAGRAPH.finditer(body))
    for here, after in zip(marks, [*marks[1:], None], strict=False):
        end = after.start() if after else len(body)
        text = _PAGE_BREAK.sub("", body[here.end() : end])
        shape.paragraphs.append((here.group(2) or "", len(_WORD.findall(text))))
    letters = "".join(_WORD.findall(body[marks[0].start() :] if marks else body))
    upper = sum(1 for ch in letters if ch.isupper())
    shape.upper_case = bool(letters) and upper > 0.8 * len(letters)
    shape.page_breaks = len(_PAGE_BREAK.findall(body))
    shape.words = len(_WORD.findall(body))
    lower = body.lower()
    shape.terms = {term for term in TRACKED_TERMS if re.search(rf"\b{term}\b", lower)}
    shape.terms |= {p for p in TRACKED_PHRASES if re.search(r"\s+".join(p.split()), lower)}
