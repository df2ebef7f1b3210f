"""Body paragraphs: numbers, markings, clean text, and the repairs real copies need.

The body is read block by block (runs of non-blank lines) with whole-text regular
expressions, so the cost stays linear and mostly in C.
"""

import re
from dataclasses import dataclass, field

from cableroom.parsing.model import ParsedCable, ParsedParagraph

PARAGRAPH_START = re.compile(
    r"^[ \t]*(?P<pilcrow>¶[ \t]*)?(?P<number>\d{1,3})[ \t]*"
    r"(?P<stop>[.)]|,(?=[ \t]*\())(?!\d)[ \t]*"
    r"(?:\((?P<marking>[A-Z][A-Z/ -]{0,24}?)\)[ \t]*)?",
    re.M,
)
# Where a paragraph number may start inside a block: after a line break.
LINE_THEN_DIGIT = re.compile(r"\n[ \t]*(?:¶[ \t]*)?\d")
BLOCK = re.compile(r"(?:^[ \t]*\S[^\n]*(?:\n|\Z))+", re.M)
MARKING_START = re.compile(r"^[ \t]*\((?P<marking>[A-Z][A-Z/ -]{0,24}?)\)[ \t]*")
VALID_MARKING = re.compile(r"^(?:U|C|S|TS|SBU|LOU|FOUO)(?![A-Z])")
# A line break inside a block is a hard wrap unless the next line is a list item, a
# table row or a rule. A list marker alone does not make an item: "(FDP) argues" and
# "12) in reply" continue a sentence the line before left open.
# (Lines carry no trailing white space: see text.working_lines.)
# A letter, number or roman numeral in brackets marks an item; "(FDP)" is an acronym.
LIST_START = (
    r"(?:-|\*|•|o[ \t]|[A-Za-z][.)][ \t]|\((?:[A-Za-z]|\d{1,2}|[ivxIVX]{1,4})\)[ \t]"
    r"|\d{1,2}\)[ \t])"
)
LIST_LINE = re.compile(r"\n[ \t]*" + LIST_START)
LIST_ITEM = re.compile(r"[ \t]*" + LIST_START)
# Columns: a gap of three blanks inside the line, or two figures at its end.
TABLE_ROW = re.compile(r"\S[ \t]{3,}\S|\d[\d,.%]*[ \t]+-?\d[\d,.%]*$")
RULE = re.compile(r"^[ \t]*[-=_*/ ]{3,}$")
TERMINAL = tuple(".!?:;\"')]”’")
HEADING_END = (".", "!", ",", ";")
# How far paragraph numbers may jump before a bare number is no longer trusted.
MAX_JUMP = 20
MAX_HEADING = 80


@dataclass(slots=True)
class Draft:
    """A paragraph being assembled from blocks of lines."""

    number: int | None
    marking: str | None
    heading: bool = False
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def clean_marking(marking: str | None) -> str | None:
    """A paragraph marking as written, tidied ("S/NF", "SBU"); None if it is no marking."""
    if marking is None:
        return None
    marking = " ".join(marking.split())
    return marking if VALID_MARKING.match(marking) else None


def unwrap(text: str) -> str:
    """Join hard-wrapped lines with spaces, keeping list items, table rows and rules
    on lines of their own."""
    if LIST_LINE.search(text) is None:
        return " ".join(text.split())  # the common case, all in C
    lines = text.strip().split("\n")
    joined = [tidy(lines[0])]
    for previous, line in zip(lines, lines[1:], strict=False):
        joined.append(("\n" if own_line(previous, line) else " ") + tidy(line))
    return "".join(joined)


def tidy(line: str) -> str:
    return " ".join(line.split())


def own_line(previous: str, line: str) -> bool:
    """True when a source line starts a line of its own rather than continuing the last."""
    if RULE.match(line) or RULE.match(previous):
        return True
    if not LIST_ITEM.match(line):
        return False
    return (
        previous.rstrip().endswith(TERMINAL)
        or TABLE_ROW.search(line) is not None
        or TABLE_ROW.search(previous) is not None
    )


def ends_mid_sentence(text: str, position: int) -> bool:
    """True when the line before position (a line start) stops without closing punctuation."""
    if position == 0:
        return False
    previous = text[text.rfind("\n", 0, position - 1) + 1 : position - 1]
    return not previous.rstrip().endswith(TERMINAL)


def is_heading(text: str) -> bool:
    """One short line with no closing punctuation: a heading like "PREPARING FOR VIP VISIT"."""
    line = text.strip().strip("-=/ ")
    return "\n" not in line and 0 < len(line) <= MAX_HEADING and not line.endswith(HEADING_END)


def numbering_message(previous: int, written: int) -> str:
    """A curator's description of a break in paragraph numbering."""
    if written > previous:
        return f"Paragraph numbers jump from {previous} to {written}"
    if written == previous:
        return f"Paragraph number {written} appears twice"
    return f"Paragraph numbers go back from {previous} to {written}"


class ParagraphBuilder:
    """Turns the body text into paragraphs, deciding where each block belongs."""

    def __init__(self, cable: ParsedCable, has_pilcrows: bool):
        self.cable = cable
        self.has_pilcrows = has_pilcrows
        self.drafts: list[Draft] = []
        self.last_number = 0
        self.dotted = False

    def read(self, body: str, first_line: int) -> None:
        """Read a body whose first line is raw line number first_line."""
        line, position = first_line, 0
        for block in BLOCK.finditer(body):
            line += body.count("\n", position, block.start())
            position = block.start()
            self.add_block(block.group(0), line)

    def add_block(self, text: str, line: int) -> None:
        cut, draft = 0, None
        counted, position = line, 0  # line numbers counted as we go: linear, not quadratic
        for start in self.starts(text):
            counted += text.count("\n", position, start.start())
            position = start.start()
            marking = clean_marking(start.group("marking"))
            continuing = ends_mid_sentence(text, position)
            number = self.accept_number(start, marking, counted, continuing)
            if number is None:
                continue
            self.flush(text[cut : start.start()], draft)
            draft = Draft(number, marking)
            cut = start.end() if marking or not start.group("marking") else start.end("number") + 1
        self.flush(text[cut:], draft)

    @staticmethod
    def starts(text: str):
        """Paragraph-number matches at the start of the block's lines."""
        first = PARAGRAPH_START.match(text)
        if first:
            yield first
        if "\n" in text:
            for candidate in LINE_THEN_DIGIT.finditer(text):
                start = PARAGRAPH_START.match(text, candidate.start() + 1)
                if start:
                    yield start

    def flush(self, text: str, draft: Draft | None) -> None:
        if draft is not None:
            draft.parts.append(unwrap(text))
            self.drafts.append(draft)
        elif text.strip():
            self.place_unnumbered(text)

    def list_item(self, start: re.Match) -> bool:
        """ "9)" in a cable whose paragraphs are numbered "9." is an item of a list."""
        if start.group("stop") == ".":
            self.dotted = True
            return False
        return self.dotted

    def accept_number(
        self, start: re.Match, marking: str | None, line: int, continuing: bool
    ) -> int | None:
        """The number a numbered line starts, repaired if needed; None if it is no paragraph.

        continuing: the line before ends mid-sentence, so a bare number there is more
        likely wrapped text ("after December / 11. In addition") than a paragraph.
        """
        written = int(start.group("number"))
        previous = self.last_number
        marked = marking is not None
        trusted = marked or bool(start.group("pilcrow"))
        in_list = self.list_item(start)
        # Web copies put a ¶ before any line-initial number ("December / ¶17. Official").
        if (continuing and not marked) or (in_list and not trusted):
            return None
        if self.has_pilcrows and not start.group("pilcrow") and str(written) == f"1{previous + 1}":
            self.cable.warn(
                "paragraphs",
                f"Paragraph number {written} read as {previous + 1}: its ¶ was damaged into a 1",
                line,
            )
            written = previous + 1
        elif previous and written != previous + 1:
            if not trusted and (written <= previous or written > previous + MAX_JUMP):
                return None
            self.cable.warn("paragraphs", numbering_message(previous, written), line)
        self.last_number = written
        return written

    def place_unnumbered(self, block: str) -> None:
        """Attach a block without a number: continuation, heading, sub-block or text of its own."""
        text = unwrap(block)
        previous = self.drafts[-1] if self.drafts else None
        if previous is None:
            self.new_unnumbered(text, is_heading(block))
        elif text[:1].islower() and not previous.heading:
            previous.parts.append(" " + text)
        elif is_heading(block):
            self.new_unnumbered(text, True)
        elif previous.heading:
            self.new_unnumbered(text, False)
        elif not previous.parts[-1].rstrip().endswith(TERMINAL):
            previous.parts.append(" " + text)
        elif previous.number is not None:
            previous.parts.append("\n\n" + text)
        else:
            self.new_unnumbered(text, False)

    def new_unnumbered(self, text: str, heading: bool) -> None:
        marking = None
        start = MARKING_START.match(text)
        if start and clean_marking(start.group("marking")):
            marking, text = clean_marking(start.group("marking")), text[start.end() :]
        self.drafts.append(Draft(None, marking, heading, [text]))

    def paragraphs(self) -> list[ParsedParagraph]:
        """The finished paragraphs, in order."""
        result = []
        for draft in self.drafts:
            text = draft.text.strip()
            if text:
                result.append(ParsedParagraph(draft.number, draft.marking, text))
        return result
