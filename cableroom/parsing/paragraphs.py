"""Body paragraphs: numbers, markings, clean text, and the repairs real copies need."""

import re
from dataclasses import dataclass, field

from cableroom.parsing.model import ParsedCable, ParsedParagraph

PARAGRAPH_START = re.compile(
    r"^[ \t]*(?P<pilcrow>¶[ \t]*)?(?P<number>\d{1,3})[ \t]*[.)](?!\d)[ \t]*"
    r"(?:\((?P<marking>[A-Z][A-Z/ -]{0,24}?)\)[ \t]*)?(?P<rest>.*)$"
)
MARKING_START = re.compile(r"^[ \t]*\((?P<marking>[A-Z][A-Z/ -]{0,24}?)\)[ \t]*(?P<rest>.*)$")
VALID_MARKING = re.compile(r"^(?:U|C|S|TS|SBU|LOU|FOUO)(?![A-Z])")
RULE = re.compile(r"^[ \t]*[-=_*~ ]{3,}$")
LIST_ITEM = re.compile(r"^(?:-|\*|•|o[ \t]|[A-Za-z][.)][ \t]|\(\w{1,3}\)[ \t]|\d{1,2}\)[ \t])")
MULTI_SPACE = re.compile(r"[ \t\xa0]{2,}")
TERMINAL = tuple(".!?:;\"')]”’")
# How far paragraph numbers may jump before a bare number is no longer trusted.
MAX_JUMP = 20
MAX_HEADING = 80


@dataclass
class Draft:
    """A paragraph being assembled from blocks of lines."""

    number: int | None
    marking: str | None
    line: int
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


def join_lines(lines: list[str]) -> str:
    """Unwrap hard-wrapped lines, keeping list items on lines of their own."""
    text = ""
    for line in lines:
        line = line.strip()
        if not text:
            text = line
        elif LIST_ITEM.match(line):
            text += "\n" + line
        else:
            text += " " + line
    return MULTI_SPACE.sub(" ", text)


def is_heading(lines: list[str]) -> bool:
    """A short line with no closing punctuation: a heading such as "PREPARING FOR VIP VISIT"."""
    if len(lines) != 1:
        return False
    line = lines[0].strip().strip("-=/ ")
    return 0 < len(line) <= MAX_HEADING and not line.endswith(TERMINAL[:3] + (",",))


class ParagraphBuilder:
    """Turns body lines into paragraphs, deciding where each block of lines belongs."""

    def __init__(self, cable: ParsedCable, has_pilcrows: bool):
        self.cable = cable
        self.has_pilcrows = has_pilcrows
        self.drafts: list[Draft] = []
        self.block: list[str] = []
        self.block_start: Draft | None = None
        self.block_line = 0
        self.last_number = 0

    def add(self, number: int, line: str) -> None:
        """Add one body line (number is 1-based in the raw text)."""
        if not line.strip() or RULE.match(line):
            self.close_block()
            return
        start = PARAGRAPH_START.match(line)
        accepted = self.accept_number(start, number) if start else None
        if accepted is not None:
            self.close_block()
            marking = clean_marking(start.group("marking"))
            rest = (
                start.group("rest")
                if marking or not start.group("marking")
                else line_after_number(line)
            )
            self.block_start = Draft(accepted, marking, number)
            self.block = [rest]
            return
        if not self.block:
            self.block_line = number
        self.block.append(line)

    def accept_number(self, start: re.Match, line: int) -> int | None:
        """The number a numbered line starts, repaired if needed; None if it is no paragraph."""
        written = int(start.group("number"))
        previous = self.last_number
        pilcrow = bool(start.group("pilcrow"))
        marked = clean_marking(start.group("marking")) is not None
        if self.has_pilcrows and not pilcrow and str(written) == f"1{previous + 1}":
            self.cable.warn(
                "paragraphs",
                f"Paragraph number {written} read as {previous + 1}: its ¶ was damaged into a 1",
                line,
            )
            written = previous + 1
        elif previous and written != previous + 1:
            if written <= previous and not (pilcrow or marked):
                return None
            if written > previous + MAX_JUMP and not (pilcrow or marked):
                return None
            self.cable.warn(
                "paragraphs", f"Paragraph numbers jump from {previous} to {written}", line
            )
        self.last_number = written
        return written

    def close_block(self) -> None:
        if self.block_start is not None:
            draft = self.block_start
            draft.parts.append(join_lines(self.block))
            self.drafts.append(draft)
        elif self.block:
            self.place_unnumbered(self.block, self.block_line)
        self.block_start = None
        self.block = []

    def place_unnumbered(self, lines: list[str], line: int) -> None:
        """Attach a block without a number: continuation, heading, sub-block or text of its own."""
        text = join_lines(lines)
        previous = self.drafts[-1] if self.drafts else None
        if previous is None:
            self.new_unnumbered(text, line, is_heading(lines))
        elif text[:1].islower() and not previous.heading:
            previous.parts.append(" " + text)
        elif is_heading(lines):
            self.new_unnumbered(text, line, True)
        elif previous.heading:
            self.new_unnumbered(text, line, False)
        elif not previous.text.endswith(TERMINAL):
            previous.parts.append(" " + text)
        elif previous.number is not None:
            previous.parts.append("\n\n" + text)
        else:
            self.new_unnumbered(text, line, False)

    def new_unnumbered(self, text: str, line: int, heading: bool) -> None:
        marking = None
        start = MARKING_START.match(text)
        if start and clean_marking(start.group("marking")):
            marking, text = clean_marking(start.group("marking")), start.group("rest")
        self.drafts.append(Draft(None, marking, line, heading, [text]))

    def paragraphs(self) -> list[ParsedParagraph]:
        """The finished paragraphs, in order."""
        self.close_block()
        return [
            ParsedParagraph(draft.number, draft.marking, draft.text.strip())
            for draft in self.drafts
            if draft.text.strip()
        ]


def line_after_number(line: str) -> str:
    """The text after a paragraph number whose parentheses held no marking: keep them."""
    match = PARAGRAPH_START.match(line)
    return line[match.end("number") + 1 :].strip() if match else line
