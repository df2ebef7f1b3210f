"""The labelled lines between the classification line and the text: caveats, E.O.,
TAGS, SUBJECT, REF and Classified By, in whatever order and spelling they come."""

import re

from cableroom.parsing.classline import split_glued_labels
from cableroom.parsing.markings import caption_caveats

EO = re.compile(r"^[ \t]*(?:E[ \t]?\.[ \t]?O\.?|EO(?=[ \t]+1\d{4}))[ \t]*(?:1\d{4})?", re.I)
DECL_ALONE = re.compile(r"^[ \t]*\(?DECL\b", re.I)
TAGS = re.compile(r"^[ \t]*TAGS?\b[ \t]*[:.]?[ \t]*(.*)$", re.I)
SUBJECT = re.compile(r"^[ \t]*SUBJ(?:ECT)?\b[ \t]*[:.-]?[ \t]*(.*)$", re.I)
REF = re.compile(r"^[ \t]*REF(?:S|TELS?|ERENCES?)?\b[ \t]*[:.-]?[ \t]*(.*)$", re.I)
CLASSIFIED_BY = re.compile(
    r"^[ \t]*(?:\((?:U|C|S|SBU)\)[ \t]*)?CLASSIFIED[ \t]+BY\b[ \t]*[:.-]?[ \t]*(.*)$", re.I
)
PARAGRAPH_START = re.compile(r"^[ \t]*(?:¶[ \t]*)?\d{1,3}[ \t]*[.)][ \t(]*[A-Za-z(\"]")
UNFINISHED = ("(", ",", " AND", " OR", "REASONS", "REASON", "REASON:", "REASONS:")
REF_ITEM = re.compile(r"^[ \t]*¶?\(?[B-P][.)][ \t]")
TAG_CODE = re.compile(r"[A-Z0-9]{2,8}")
MAX_TAG_CONTINUATION = 120
# How many more lines each labelled block may run on for.
CONTINUATION_LIMIT = {"subject": 4, "ref": 15, "classified_by": 4, "tags": 2, "eo": 1}
# Free lines before any labelled field: routing notes ("DEPT FOR ..."); more is text.
MAX_ROUTING_LINES = 60
# Free lines tolerated after a labelled field while waiting for a SUBJECT line.
MAX_FREE_LINES = 3


def tag_continuation(line: str) -> bool:
    """A line of bare codes ("KDEM, KZ") that continues a TAGS line."""
    words = line.replace(",", " ").split()
    return (
        len(line) <= MAX_TAG_CONTINUATION and bool(words) and all(map(TAG_CODE.fullmatch, words))
    )


class PreambleReader:
    """Reads body lines until the text proper starts, collecting the labelled fields.

    `consumed` holds the line numbers read as fields; every other line is text and
    goes to the paragraphs, so a wrongly guessed boundary loses nothing.
    """

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}
        self.field_lines: dict[str, int] = {}
        self.caveats: list[str] = []
        self.consumed: set[int] = set()
        self.block: str | None = None
        self.block_left = 0
        self.done = False
        self.stopped_at: int | None = None
        self.last_field: str | None = None
        self.free_lines = 0

    def read(self, number: int, line: str) -> None:
        """Read one line (number is its index); does nothing once the text has started."""
        if self.done:
            return
        if not line.strip():
            if not self.unfinished():
                self.block = None
            return
        if PARAGRAPH_START.match(line):
            self.stop(number)
            return
        for piece in split_glued_labels(line):
            self.read_piece(number, piece)

    def unfinished(self) -> bool:
        """A Classified By cut off mid-reason ("1.5 (b) and (") goes on after blank lines."""
        if self.block != "classified_by" or not self.fields[self.block]:
            return False
        return self.fields[self.block][-1].upper().endswith(UNFINISHED)

    def stop(self, number: int) -> None:
        """The text starts at line number."""
        self.done = True
        self.stopped_at = number

    def read_piece(self, number: int, piece: str) -> None:
        caveats = caption_caveats(piece)
        if caveats is not None:
            self.add_caveats(caveats)
            self.consume(number, None)
        elif self.labelled(number, piece):
            return
        elif self.block and self.block_left > 0 and self.continues(piece):
            self.fields[self.block].append(piece.strip())
            self.block_left -= 1
            self.consumed.add(number)
        elif self.last_field == "ref" and REF_ITEM.match(piece):
            # REF items set apart by blank lines ("REF: A. TBILISI 2196 / / B. TBILISI 2111").
            self.fields["ref"].append(piece.strip())
            self.consumed.add(number)
        elif self.text_starts():
            self.stop(number)
        else:
            self.free_lines += 1

    def text_starts(self) -> bool:
        """Free text after SUBJECT is the text; elsewhere a few free lines are routing notes."""
        if "subject" in self.fields:
            return True
        if not self.fields:
            return self.free_lines >= MAX_ROUTING_LINES
        return self.free_lines >= MAX_FREE_LINES

    def labelled(self, number: int, piece: str) -> bool:
        if EO.match(piece) or (DECL_ALONE.match(piece) and "eo" not in self.fields):
            self.open("eo", number, piece.strip())
            return True
        for name, pattern in (
            ("tags", TAGS),
            ("subject", SUBJECT),
            ("ref", REF),
            ("classified_by", CLASSIFIED_BY),
        ):
            match = pattern.match(piece)
            if match and name not in self.fields:
                self.open(name, number, match.group(1).strip())
                return True
        return False

    def continues(self, piece: str) -> bool:
        if self.block == "tags":
            so_far = " ".join(self.fields["tags"])
            open_item = so_far.count("(") > so_far.count(")") or so_far.endswith((",", "-"))
            return open_item or tag_continuation(piece)
        if self.block == "eo":
            return bool(DECL_ALONE.match(piece))
        if self.block == "classified_by":
            # Once the reasons are given, only a short tail like "d)." still belongs.
            return (
                "REASON" not in " ".join(self.fields[self.block]).upper()
                or len(piece.strip()) < 12
            )
        return True

    def open(self, name: str, number: int, text: str) -> None:
        self.fields[name] = [text] if text else []
        self.last_field = name
        self.field_lines[name] = number
        self.consume(number, name)

    def consume(self, number: int, block: str | None) -> None:
        self.consumed.add(number)
        self.free_lines = 0
        self.block = block
        self.block_left = CONTINUATION_LIMIT.get(block, 0) if block else 0

    def add_caveats(self, caveats: list[str]) -> None:
        self.caveats.extend(caveat for caveat in caveats if caveat not in self.caveats)

    def text(self, name: str) -> str | None:
        """A field's lines joined, whitespace collapsed; None if the field was not seen."""
        if name not in self.fields:
            return None
        return " ".join(" ".join(self.fields[name]).split())
