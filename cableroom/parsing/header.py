"""The transmission header: VZCZC id, DE line, date-time group, FM, TO, INFO."""

import re

from cableroom.parsing.dates import dtg_datetime, long_date_datetime
from cableroom.parsing.markings import LEVEL_AT_START, SECURITY_LETTERS
from cableroom.parsing.model import Addressee, ParsedCable
from cableroom.refdata.addressees import RELAY_MARK, cut_office_symbols, not_an_addressee

PARTIAL_NOTE = re.compile(r"^\s*This record is a partial extract", re.IGNORECASE)
TRANSMISSION = re.compile(r"^\s*(VZCZC[A-Z0-9]*)\s*$")
RELAY = re.compile(r"^\s*[ZOPR]{2}\s+R[A-Z]{3,7}\b")
RELAY_MORE = re.compile(r"^\s*R[A-Z]{3,7}(?:\s+R[A-Z]{3,7})*\s*$")
DE_LINE = re.compile(r"^\s*DE\s+([A-Z]{4,8})\s*#\s*(\d{1,6})(?:/(\d+))?(?:\s+(\d{7}))?")
SECURITY = re.compile(r"^\s*ZN[RY]\s+([UCST])\1{4}")
DTG = re.compile(
    r"^\s*(?:(?P<prec>[ZOPR])(?:\s+[ZOPR])*\s+)?(?P<ddhhmm>\d{6})\s*Z\s+"
    r"(?P<month>[A-Za-z]{3})\s+(?P<year>\d{4}|\d{2})\b"
)
# Greedy (.+) on lines already stripped of trailing blanks: a lazy .+? before \s*$
# would be quadratic on long runs of blanks.
FM = re.compile(r"^\s*FM\s+(\S.*)")
TO = re.compile(r"^\s*TO\s+(\S.*)")
INFO = re.compile(r"^\s*INFO\s+(\S.*)")
XMT = re.compile(r"^\s*XMT\s+")
BREAK = re.compile(r"^\s*(?:BT|NNNN)\s*$")
# Written so that no two repetitions can share a blank: ambiguous blanks before a failing
# end make a regular expression take quadratic time on long blank runs.
OFFICE_LIST = re.compile(
    r"^\s*(?:(?:ACTION|INFO)\s+)?[A-Z]+-\d\d(?:\s+[A-Z]+-\d\d)*(?:\s*/\d+\s*W)?\s*$"
)
RULE_LINE = re.compile(r"^\s*-{5,}")
PAGE_HEADER = re.compile(r"^\s*PAGE\s+\d+\b")
FOOTER = re.compile(r"^\s*\d{4}[A-Z ]{2,6}\d{5}\s*-")
# A stray list word before the indicator ("INFO/RUEHSA/AMEMBASSY PRETORIA") is dropped.
ADDRESSEE = re.compile(r"^(?:(?:TO|INFO)\s*/\s*)?(?:(?P<ri>R[A-Z]{3,7})\s*/\s*)?(?P<name>.+)")
# Two addressees on one line: the first ends with its precedence (and serial).
TWO_ON_ONE_LINE = re.compile(
    r"^(?P<first>\S.*?\s(?:IMMEDIATE|PRIORITY|ROUTINE|FLASH)(?:\s+\d{1,5}(?:-\d{0,5})?)?)"
    r"\s+(?P<second>[A-Z].*)$"
)
SERIAL = re.compile(r"^\d{1,5}(?:-\d{0,5})?$")
GLUED_PRECEDENCE = re.compile(r"^([A-Z]{3,})(IMMEDIATE|PRIORITY|ROUTINE)$")

PRECEDENCE_LETTERS = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}
PRECEDENCE_WORDS = ("IMMEDIATE", "PRIORITY", "ROUTINE", "FLASH")


def edit_distance(left: str, right: str) -> int:
    """Levenshtein distance; only ever called on short header words."""
    previous = list(range(len(right) + 1))
    for i, left_char in enumerate(left, 1):
        current = [i]
        for j, right_char in enumerate(right, 1):
            cost = 0 if left_char == right_char else 1
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost))
        previous = current
    return previous[-1]


def precedence_word(word: str) -> str | None:
    """The precedence a word spells, forgiving typos like PRIOITY; None if it is no precedence."""
    if word in PRECEDENCE_WORDS:
        return word
    for precedence in PRECEDENCE_WORDS:
        close = abs(len(word) - len(precedence)) <= 1 and word[:2] == precedence[:2]
        if close and edit_distance(word, precedence) <= 2:
            return precedence
    return None


def parse_addressee(text: str) -> Addressee | None:
    """One addressee line: "RUEHC/SECSTATE WASHDC PRIORITY 0107", "SECSTATE WASHDC IMMEDIATE".

    Office symbols after `//` and the `ZEN/` relay mark are dropped from the name; the
    serial may be a range ("4024-4027") or cut short ("7483-").
    """
    match = ADDRESSEE.match(text.strip())
    if match is None:
        return None
    words = RELAY_MARK.sub("", cut_office_symbols(match.group("name"))).split()
    if len(words) == 1 and precedence_word(words[0]):
        return None  # the precedence of the line before, wrapped
    serial = words.pop() if len(words) > 1 and SERIAL.match(words[-1]) else None
    glued = GLUED_PRECEDENCE.match(words[-1]) if words else None
    if glued:  # "AMEMBASSY LONDONIMMEDIATE"
        words[-1:] = [glued.group(1), glued.group(2)]
    precedence = precedence_word(words[-1]) if len(words) > 1 else None
    if precedence:
        words.pop()
        if words[-1] == "NIACT" and len(words) > 1:
            words.pop()
            precedence = "NIACT " + precedence
    if not words:
        return None
    return Addressee(" ".join(words), match.group("ri"), precedence, serial)


class HeaderReader:
    """Reads header lines one at a time, remembering which addressee list is open."""

    def __init__(self, cable: ParsedCable):
        self.cable = cable
        self.state: str | None = None
        self.partial = False
        self.security: str | None = None

    def read(self, number: int, line: str) -> None:
        if not line.strip():
            return
        if self.read_fixed(number, line):
            return
        if self.state in ("to", "info") and not LEVEL_AT_START.match(line):
            self.add_addressee(line, number)

    def read_fixed(self, number: int, line: str) -> bool:
        """Lines with a fixed shape; True when the line was one of them."""
        for handler in (self.transmission, self.de_line, self.dtg, self.addressee_list, self.skip):
            if handler(number, line):
                return True
        return False

    def transmission(self, number: int, line: str) -> bool:
        if PARTIAL_NOTE.match(line):
            self.partial = True
            return True
        match = TRANSMISSION.match(line)
        if match:
            self.cable.transmission_id = match.group(1)
            self.state = None
            return True
        if RELAY.match(line) or (self.state == "relay" and RELAY_MORE.match(line)):
            self.state = "relay"
            return True
        return False

    def de_line(self, number: int, line: str) -> bool:
        match = DE_LINE.match(line)
        if match is None:
            return False
        self.cable.sender_routing_indicator = match.group(1)
        self.cable.station_serial = match.group(2)
        self.state = None
        return True

    def dtg(self, number: int, line: str) -> bool:
        match = DTG.match(line)
        if match is None:
            return self.long_date(line)
        if self.cable.date_time_group is None:
            group = line[match.start("ddhhmm") : match.end("year")]
            self.cable.date_time_group = group
            self.cable.date_time = dtg_datetime(*match.group("ddhhmm", "month", "year"))
            if self.cable.date_time is None:
                self.cable.warn(
                    "date_time", f"Date-time group {group!r} is not a real date", number
                )
            letter = match.group("prec")
            self.cable.precedence = PRECEDENCE_LETTERS.get(letter) if letter else None
        self.state = None
        return True

    def long_date(self, line: str) -> bool:
        when = long_date_datetime(line)
        if when is None:
            return False
        if self.cable.date_time is None:
            self.cable.date_time = when
            self.cable.date_time_group = line.strip()
        return True

    def addressee_list(self, number: int, line: str) -> bool:
        if OFFICE_LIST.match(line):
            self.state = "offices"
            return True
        for pattern, state in ((FM, "fm"), (TO, "to"), (INFO, "info")):
            match = pattern.match(line)
            if match:
                self.state = state
                if state == "fm":
                    self.cable.from_line = match.group(1).strip()
                else:
                    self.add_addressee(match.group(1), number)
                return True
        if XMT.match(line):
            self.state = "xmt"
            return True
        return False

    def skip(self, number: int, line: str) -> bool:
        """Security line, breaks, page headers and footers: nothing to keep."""
        security = SECURITY.match(line)
        if security:
            self.security = SECURITY_LETTERS[security.group(1)]
            return True
        if BREAK.match(line) or PAGE_HEADER.match(line):
            return True
        if RULE_LINE.match(line) or FOOTER.match(line):
            self.state = None if self.state == "offices" else self.state
            return True
        return self.state in ("offices", "xmt")

    def add_addressee(self, text: str, number: int) -> None:
        """Add one TO/INFO line; a line that is no addressee ends the list, with a warning
        (a copy whose header never ended would otherwise list its body as addressees)."""
        if PAGE_HEADER.match(text):
            return  # a page break inside the list: the list goes on after it
        pair = TWO_ON_ONE_LINE.match(text.strip())
        if pair:
            self.add_addressee(pair.group("first"), number)
            if self.state in ("to", "info"):
                self.add_addressee(pair.group("second"), number)
            return
        addressee = parse_addressee(text)
        if addressee is None:
            return
        reason = not_an_addressee(addressee.name)
        if reason:
            self.cable.warn(
                self.state, f"{text.strip()[:80]!r} is not an addressee: {reason}", number
            )
            self.state = None
            return
        target = self.cable.to if self.state == "to" else self.cable.info
        target.append(addressee)
