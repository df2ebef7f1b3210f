"""The classification line: `UNCLAS SECTION 01 OF 02 ASTANA 000033` and its many spellings."""

import re
from dataclasses import dataclass, field

from cableroom.parsing.ids import station_code
from cableroom.parsing.markings import CAVEAT_RE, LEVEL_PATTERN, caveats_in, level_name

CANDIDATE = re.compile(r"^[ \t]*" + LEVEL_PATTERN + r"(?![A-Za-z])(?P<rest>.*)$", re.M | re.I)
SECTION = re.compile(r"\bSECTION[ \t]*0*(\d{1,3})[ \t]*OF[ \t]*0*(\d{1,3})\b")
# Labels that the one-line renderings glue onto the classification line (10STATE284).
# A zero-width cut after a blank (no leading [ \t]+: long runs of blanks would make
# the search quadratic).
GLUED_LABEL = re.compile(
    r"(?<=[ \t])(?=(?:SIPDIS\b|E\.[ \t]?O\.|EO[ \t]+1\d{4}|TAGS\b|SUBJ(?:ECT)?[ \t]*:|"
    r"REFS?[ \t]*:|CLASSIFIED[ \t]+BY\b|Classified[ \t]+By\b))"
)
WORD = re.compile(r"(?<![A-Z0-9])(?:[A-Z][A-Z'.-]*|\d+)(?![A-Z0-9])")
MAX_STATION_WORDS = 5
MAX_LOWER_REST = 40


@dataclass
class ClassificationLine:
    """What a classification line says; station_words is the station as written."""

    text: str
    level: str
    caveats: list[str] = field(default_factory=list)
    section: int | None = None
    sections: int | None = None
    station: str | None = None
    station_words: str | None = None
    serial: str | None = None
    year: str | None = None
    tail: list[str] = field(default_factory=list)


def split_glued_labels(line: str) -> list[str]:
    """A line holding several preamble labels, cut before each label."""
    pieces = GLUED_LABEL.split(line) if " " in line or "\t" in line else [line]
    return [piece.rstrip() for piece in pieces if piece.strip()]


def read_classification_line(match: re.Match) -> ClassificationLine:
    """Level, caveats, section, station and serial of one candidate line."""
    line = match.group(0).strip()
    pieces = split_glued_labels(match.group("rest"))
    head = pieces[0] if pieces and not GLUED_LABEL.match(" " + pieces[0], 1) else ""
    tail = pieces[1:] if head else pieces
    found = ClassificationLine(text=line, level=level_name(match.group("level")), tail=tail)
    head = head.upper()
    section = SECTION.search(head)
    if section:
        found.section, found.sections = int(section.group(1)), int(section.group(2))
        head = head[: section.start()] + " " + head[section.end() :]
    found.caveats = caveats_in(head)
    read_station(found, WORD.findall(CAVEAT_RE.sub(" ", head)))
    return found


def read_station(found: ClassificationLine, words: list[str]) -> None:
    """The last number preceded by a station name: serial, station and (old style) year."""
    best = None
    for index in range(len(words) - 1, 0, -1):
        if not words[index].isdigit() or len(words[index]) > 7:
            continue
        for size in range(min(MAX_STATION_WORDS, index), 0, -1):
            names = words[index - size : index]
            if any(word.isdigit() for word in names):
                continue
            code = station_code("".join(names))
            if code or (best is None and size == 1 and len(names[0]) >= 3):
                best = (code, " ".join(names), words[index], index - size)
                if code:
                    break
        if best and best[0]:
            break
    if best:
        found.station, found.station_words, found.serial, first = best
        before = words[first - 1] if first > 0 else ""
        found.year = before if before.isdigit() and len(before) == 2 else None


def plausible(match: re.Match) -> bool:
    """Upper-case levels always; lower-case ones ("S e c r e t state 068250") on short lines."""
    level = match.group("level")
    return level.isupper() or len(match.group("rest").strip()) <= MAX_LOWER_REST


def locate_classification_line(text: str) -> tuple[int, ClassificationLine] | None:
    """The classification line's index in text.split("\\n") and what it says.

    The first candidate naming a known station wins; otherwise the first naming any
    station and serial; otherwise the first level word alone on a line after the header.
    """
    fallback = None
    level_only = None
    for match in CANDIDATE.finditer(text):
        if not plausible(match):
            continue
        found = read_classification_line(match)
        if found.station:
            return text.count("\n", 0, match.start()), found
        if found.serial and fallback is None:
            fallback = (text.count("\n", 0, match.start()), found)
        elif level_only is None and not found.serial and match.group("rest").strip() == "":
            level_only = (text.count("\n", 0, match.start()), found)
    return fallback or level_only
