"""parse_cable: the whole of a cable's text in, a ParsedCable out, never an exception."""

import re

from cableroom.parsing import body as body_fields
from cableroom.parsing.classline import (
    CANDIDATE,
    ClassificationLine,
    locate_classification_line,
    read_classification_line,
)
from cableroom.parsing.dates import full_year
from cableroom.parsing.header import HeaderReader
from cableroom.parsing.ids import parse_references
from cableroom.parsing.markings import MARKING_LINES, caveats_in, dump_classification
from cableroom.parsing.model import ParsedCable
from cableroom.parsing.origin import (
    build_reference_id,
    guessed_year,
    header_disagrees,
    resolve_origin,
)
from cableroom.parsing.pages import remove_page_breaks
from cableroom.parsing.paragraphs import ParagraphBuilder
from cableroom.parsing.preamble import PreambleReader
from cableroom.parsing.sections import repeated_lines, restart_lines, same_cable
from cableroom.parsing.tags import parse_tags
from cableroom.parsing.text import unpack_tsv_record, working_lines, working_text

# Warnings for an internal failure start with this, so tests can tell them from damage.
PARSER_ERROR = "Parser error"
HEADER_ANCHOR = re.compile(r"^[ \t]*(?:FM|TO|INFO|DE|ZN[RY]|VZCZC|[ZOPR]{1,2}[ \t]+\d{6}Z)\b")
# Lines searched for header anchors when no classification line marks the header's end.
HEADER_SCAN = 400
# How far a printed inbox copy's header may run after its first classification line.
PRINTED_FORM_LINES = 80


def parse_cable(text: str) -> ParsedCable:
    """Read every field the text offers; whatever cannot be read becomes a warning.

    raw_text keeps the input unchanged; everything else is derived from it and can be
    derived again at any time.
    """
    cable = ParsedCable(raw_text=text)
    if not isinstance(text, str):
        cable.warn("raw_text", f"Expected text, got {type(text).__name__}: nothing parsed")
        return cable
    try:
        CableReader(cable).read(text)
    except Exception as error:  # noqa: BLE001 - the parser must never raise
        cable.warn(
            "cable", f"{PARSER_ERROR} ({type(error).__name__}: {error}); fields are missing"
        )
    return cable


class CableReader:
    """Runs the parsing steps in order over one cable's working text."""

    def __init__(self, cable: ParsedCable):
        self.cable = cable
        self.lines: list[str] = []
        self.line: ClassificationLine | None = None
        self.body_start = 0
        self.body = ""
        self.preamble = PreambleReader()
        self.security: str | None = None

    def read(self, raw: str) -> None:
        text, note = unpack_tsv_record(working_text(raw))
        if note:
            self.cable.warn("raw_text", note)
        self.lines = working_lines(text)
        joined = "\n".join(self.lines)
        located = locate_classification_line(joined)
        if located and "\nFM " in joined[joined.find(located[1].text) :]:
            located = self.after_printed_form(*located)
        header_end = located[0] if located else self.header_end_without_line()
        if located:
            self.line = located[1]
        self.read_header(header_end)
        self.body_start = header_end + 1 if located else header_end
        self.read_body()
        self.resolve()

    def after_printed_form(
        self, index: int, line: ClassificationLine
    ) -> tuple[int, ClassificationLine]:
        """Printed inbox copies open with the classification line, then the whole header,
        then the line again: the second one starts the body."""
        seen_header = False
        for later in range(index + 1, min(len(self.lines), index + PRINTED_FORM_LINES)):
            text = self.lines[later]
            if HEADER_ANCHOR.match(text):
                seen_header = True
            elif seen_header and text.strip():
                match = CANDIDATE.match(text)
                if match and same_cable(read_classification_line(match), line):
                    return later, read_classification_line(match)
        return index, line

    def header_end_without_line(self) -> int:
        """Without a classification line the header ends at the blank line after its last
        FM/TO/INFO/DE line and the addressee lines that follow it."""
        last = None
        for index, line in enumerate(self.lines[:HEADER_SCAN]):
            if HEADER_ANCHOR.match(line):
                last = index
        if last is None:
            return 0
        for index in range(last + 1, len(self.lines)):
            if not self.lines[index].strip():
                return index
        return len(self.lines)

    def read_header(self, end: int) -> None:
        reader = HeaderReader(self.cable)
        for index in range(end):
            reader.read(index + 1, self.lines[index])
        self.security = reader.security
        if self.cable.precedence == "IMMEDIATE" and any(
            addressee.precedence == "NIACT IMMEDIATE" for addressee in self.cable.to
        ):
            self.cable.precedence = "NIACT IMMEDIATE"
        if reader.partial:
            self.cable.warn(
                "to", "Partial extract: the routing header (FM, TO, INFO) is not available"
            )

    def read_body(self) -> None:
        station_words = self.line.station_words if self.line else None
        body, _count = remove_page_breaks("\n".join(self.lines[self.body_start :]), station_words)
        self.body = body
        lines = body.split("\n")
        for piece in self.line.tail if self.line else []:
            self.preamble.read(-1, piece)
        for index, line in enumerate(lines):
            self.preamble.read(index, line)
            if self.preamble.done:
                break
        if self.line:
            dropped, caveats = repeated_lines(lines, restart_lines(body, self.line))
            self.preamble.consumed.update(dropped)
            self.preamble.add_caveats(caveats)
        self.read_paragraphs(lines)

    def read_paragraphs(self, lines: list[str]) -> None:
        """Paragraphs from every body line not read as a field, caveat or signer line."""
        cable = self.cable
        for index in self.preamble.consumed:
            if index >= 0:
                lines[index] = ""
        cable.signer = body_fields.take_signer(lines)
        text = MARKING_LINES.sub(self.drop_marking_line, "\n" + "\n".join(lines) + "\n")[1:-1]
        builder = ParagraphBuilder(cable, "¶" in text)
        builder.read(text, self.body_start + 1)
        cable.paragraphs = builder.paragraphs()

    def drop_marking_line(self, match: re.Match) -> str:
        """Caveat lines (SIPDIS again) and rules (-----) are not text; caveats are kept."""
        self.preamble.add_caveats(caveats_in(match.group(0)))
        return "\n"

    def resolve(self) -> None:
        """Fields that combine header, classification line, preamble and paragraphs.

        Each step is guarded: an internal error in one field leaves the others intact.
        """
        steps = [
            ("eo_line", self.resolve_eo),
            ("classification", self.resolve_markings),
            ("classified_by", self.resolve_classified_by),
            ("tags", self.resolve_tags),
            ("subject", self.resolve_subject),
            ("reference_id", self.resolve_identity),
            ("references", self.resolve_references),
            ("summary", self.resolve_summary),
            ("warnings", self.warn_missing),
        ]
        for field, step in steps:
            try:
                step()
            except Exception as error:  # noqa: BLE001 - the parser must never raise
                self.cable.warn(field, f"{PARSER_ERROR} ({type(error).__name__}: {error})")

    def resolve_eo(self) -> None:
        self.cable.eo_line = self.preamble.text("eo")
        if self.cable.eo_line:
            self.cable.declassify_on = body_fields.declassify_on(self.cable.eo_line)

    def resolve_subject(self) -> None:
        self.cable.subject = self.preamble.text("subject")
        self.resolve_subject_marking()

    def resolve_identity(self) -> None:
        line = self.identity_line()
        post = resolve_origin(self.cable, line)
        self.cable.origin = post.name if post else None
        build_reference_id(self.cable, line, post, self.body)

    def resolve_summary(self) -> None:
        self.cable.summary = body_fields.find_summary(self.cable.paragraphs)

    def identity_line(self) -> ClassificationLine | None:
        """The classification line, unless the header names another cable (then None)."""
        cable, line = self.cable, self.line
        if line is None or not header_disagrees(cable, line):
            return line
        cable.warn(
            "reference_id",
            f"Header (FM {cable.from_line}, DE #{cable.station_serial}) and classification "
            f"line ({line.station_words} {line.serial}) name different cables: header used",
        )
        if self.security:
            cable.classification = dump_classification(self.security, [], None)
        return None

    def resolve_markings(self) -> None:
        cable, line = self.cable, self.line
        preamble_caveats = list(line.caveats if line else [])
        if line and line.level == "LIMITED OFFICIAL USE":
            preamble_caveats.insert(0, "LOU")
        preamble_caveats += [c for c in self.preamble.caveats if c not in preamble_caveats]
        cable.caveats = preamble_caveats
        if line:
            cable.classification_line = line.text
            cable.section, cable.sections = line.section, line.sections
        year = cable.date_time.year if cable.date_time else None
        if year is None and cable.eo_line and guessed_year(cable.eo_line):
            year = full_year(int(guessed_year(cable.eo_line)))
        level = line.level if line else self.security
        if line is None and level:
            cable.warn(
                "classification",
                "No classification line: level taken from the header's security line",
            )
        cable.classification = dump_classification(level, preamble_caveats, year)

    def resolve_classified_by(self) -> None:
        text = self.preamble.text("classified_by")
        if text is None:
            text = body_fields.classified_by_in_text(self.cable.paragraphs)
        if text:
            self.cable.classified_by, self.cable.classification_reasons = (
                body_fields.split_classified_by(text)
            )

    def resolve_tags(self) -> None:
        self.cable.tags_line = self.preamble.text("tags")
        if self.cable.tags_line:
            self.cable.tags, notes = parse_tags(self.cable.tags_line)
            for note in notes:
                self.cable.warn("tags", note, self.line_number("tags"))

    def resolve_subject_marking(self) -> None:
        subject = self.cable.subject
        if subject and subject.startswith("("):
            marking, _, rest = subject[1:].partition(")")
            if marking and len(marking) <= 12 and rest:
                self.cable.subject_marking = marking.strip()
                self.cable.subject = rest.strip()

    def resolve_references(self) -> None:
        cable = self.cable
        cable.ref_line = self.preamble.text("ref")
        if cable.ref_line:
            year = cable.reference_id[:2] if cable.reference_id else None
            cable.references = parse_references(cable.ref_line, year)

    def line_number(self, field: str) -> int | None:
        index = self.preamble.field_lines.get(field)
        return None if index is None or index < 0 else index + self.body_start + 1

    def warn_missing(self) -> None:
        cable = self.cable
        checks = [
            ("classification", cable.classification, "No classification line found"),
            ("date_time", cable.date_time, "No date-time group found"),
            ("tags", cable.tags_line, "No TAGS line found"),
            ("subject", cable.subject, "No SUBJECT line found"),
            ("paragraphs", cable.paragraphs, "No body text found"),
            ("eo_line", cable.eo_line, "No E.O. line found"),
            ("signer", cable.signer, "No signer found at the end of the text"),
        ]
        for field, value, message in checks:
            if not value:
                cable.warn(field, message)
        if cable.origin is None:
            written = cable.from_line or cable.station
            named = f"{written!r} names no post in the reference list" if written else ""
            cable.warn("origin", named or "Sending post not recognised: no station, FM or DE line")
        classified = (cable.classification or "").startswith(("CONFIDENTIAL", "SECRET", "TOP"))
        if classified and not cable.classified_by:
            cable.warn("classified_by", "Classified cable without a Classified By line")
