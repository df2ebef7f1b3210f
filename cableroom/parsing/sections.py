"""Section restarts: multi-section cables whose later sections repeat their own header.

Copies of long cables often hold every section as sent: after section 1's text come
section 2's date-time group, FM, TO and INFO lines, its classification line
(`... SECTION 02 OF 03 CAPE TOWN 00097`) and a repeat of E.O., TAGS and SUBJECT. None
of that is text; the reader drops it so the paragraphs run on across sections.
"""

import re

from cableroom.parsing import header
from cableroom.parsing.classline import CANDIDATE, ClassificationLine, read_classification_line
from cableroom.parsing.preamble import PreambleReader

ADDRESSEE_LIKE = re.compile(r"^[ \t]*(?:R[A-Z]{3,7}/)?[A-Z][A-Z0-9 ./&()'-]{1,60}$")
LEVEL_ONLY = re.compile(
    r"^[ \t]*(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)(?:[ \t]+\S+)?[ \t]*$"
)
ANCHORS = (header.DTG, header.FM, header.TO, header.INFO, header.OFFICE_LIST, header.TRANSMISSION)
SKIPPABLE = (header.RULE_LINE, header.PAGE_HEADER, header.FOOTER, header.BREAK, LEVEL_ONLY)
# How far back from a repeated classification line its header may start.
MAX_HEADER_LINES = 80
# How far after it the repeated E.O., TAGS and SUBJECT lines may run.
MAX_PREAMBLE_LINES = 40
TERMINAL = tuple(".!?:;\"')")


def restart_lines(body: str, main: ClassificationLine) -> list[int]:
    """Indexes (in body.split("\\n")) of later lines repeating the cable's classification line.

    Only lines holding the station as written are tried, found with str.find (fast).
    """
    if not main.station or not main.serial or not main.station_words:
        return []
    found = []
    counted, counted_to = 0, 0  # line count kept as we go: linear, not quadratic
    position = body.find(main.station_words)
    while position != -1:
        line_start = body.rfind("\n", 0, position) + 1
        match = CANDIDATE.match(body, line_start)
        if match and same_cable(read_classification_line(match), main):
            counted += body.count("\n", counted_to, line_start)
            counted_to = line_start
            found.append(counted)
        line_end = body.find("\n", position)
        if line_end == -1:
            break
        position = body.find(main.station_words, line_end)
    return found


def same_cable(line: ClassificationLine, main: ClassificationLine) -> bool:
    return (
        line.station == main.station and bool(line.serial) and int(line.serial) == int(main.serial)
    )


def header_start(lines: list[str], restart: int) -> int:
    """First line of the header block written just before a repeated classification line."""
    start = restart
    earliest_anchor = None
    index = restart - 1
    while index >= 0 and restart - index <= MAX_HEADER_LINES:
        line = lines[index]
        if any(pattern.match(line) for pattern in ANCHORS):
            earliest_anchor = index
        elif not (
            not line.strip() or any(p.match(line) for p in SKIPPABLE) or addressee_like(line)
        ):
            break
        index -= 1
    if earliest_anchor is not None:
        start = earliest_anchor
    while start > 0 and (not lines[start - 1].strip() or LEVEL_ONLY.match(lines[start - 1])):
        start -= 1
    return start


def addressee_like(line: str) -> bool:
    return bool(ADDRESSEE_LIKE.match(line)) and not line.rstrip().endswith(TERMINAL)


def repeated_lines(lines: list[str], restarts: list[int]) -> tuple[set[int], list[str]]:
    """Line indexes that belong to section restarts, and the caveats those repeat."""
    dropped: set[int] = set()
    caveats: list[str] = []
    for restart in restarts:
        dropped.update(range(header_start(lines, restart), restart + 1))
        reader = PreambleReader()
        for index in range(restart + 1, min(len(lines), restart + 1 + MAX_PREAMBLE_LINES)):
            reader.read(index, lines[index])
            if reader.done:
                break
        # Routing notes repeated before the fields are dropped too, once fields show
        # that this really is a repeated preamble.
        if reader.fields:
            end = reader.stopped_at or max(reader.consumed, default=restart)
            dropped.update(range(restart + 1, end))
        dropped.update(reader.consumed)
        caveats.extend(reader.caveats)
    return dropped, caveats
