"""The declassification instruction and reason codes, normalised for faceting.

The parser keeps what the E.O. line says after `DECL:` as written (an ISO date when it
was an M/D/Y date) and the Classified By line's reasons as codes (`1.4(b)`). Here the
instruction becomes either a date or a marker, so cables can be counted by the year they
are due to be declassified and asked whether that date has passed:

- a date: `2016-04-19`, `2020/02/09`, `OCTOBER 1, 2001`, `1-6-09`, and the scanner's
  letters for digits (`07/25/2O13`, `I2/20/09`);
- a marker: `OADR` (Originating Agency's Determination Required), an E.O. 12958
  exemption `X1`..`X8` from section 1.6 (`1.6X1`, `(1.6 X 1)`, `EXEMPT 1.6X1`) or a
  25-year exemption `25X1`..`25X9`; the first one written counts;
- nothing for `N/A` and for instructions that are events (`CLOSURE OF ICTY`) or
  spans (`10 YEARS`): those stay readable in the raw field only.
"""

import re
from dataclasses import dataclass
from datetime import date

from cableroom.parsing.dates import MONTHS, full_year

# Declassification dates outside these years are misreadings, not instructions.
FIRST_YEAR, LAST_YEAR = 1970, 2100
NOT_APPLICABLE = re.compile(r"^\W*N\W*A\W*$|^\d+ +N/A$", re.I)
ISO = re.compile(r"\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})\b")
MONTH_DAY_YEAR = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})\b")
LONG = re.compile(r"\b([A-Z]{3})[A-Z]*\.? +(\d{1,2}), *(\d{4})\b", re.I)
OADR = re.compile(r"\bOADR\b", re.I)
# "25X1", "1.6X1", "1.6.X.1", "1.6 X 1", "X1", "(X1)", "1.6X.6"; the section is optional.
TWENTY_FIVE = re.compile(r"\b25 ?X ?([1-9])\b", re.I)
EXEMPTION = re.compile(r"(?:\b1\W*6\W*|\b)X\W?([1-8])\b", re.I)
# Scanners read 0 as O and 1 as I or L inside dates ("7/L6/2OO7").
SCANNED_DIGITS = str.maketrans("OoIlL", "00111")
SCANNED_DATE = re.compile(r"^[\dOoIlL]{1,4}[-/.][\dOoIlL]{1,2}[-/.][\dOoIlL]{2,4}$")
# What the markers mean (E.O. 12958 and the orders before it), as pages show them.
DECLASSIFY_MARKERS = {
    "OADR": "OADR: when the originating agency decides",
    **{f"X{n}": f"X{n}: exempt from the 10-year rule (1.6(d)({n}))" for n in range(1, 9)},
    **{f"25X{n}": f"25X{n}: exempt from 25-year declassification" for n in range(1, 10)},
}


@dataclass(frozen=True)
class Declassification:
    """A DECL instruction read: a date, or a marker (`OADR`, `X1`, `25X1`), or neither."""

    on: date | None = None
    marker: str = ""

    def __bool__(self) -> bool:
        return self.on is not None or bool(self.marker)


def read_declassification(text: str | None) -> Declassification:
    """The date or marker of what a DECL line says (the parser's `declassify_on`)."""
    text = " ".join((text or "").split()).strip(" .()")
    if not text or NOT_APPLICABLE.match(text):
        return Declassification()
    on = declassification_date(text)
    if on is not None:
        return Declassification(on=on)
    return Declassification(marker=declassification_marker(text))


def declassification_date(text: str) -> date | None:
    """The first plausible date in the text, in the forms the cables write."""
    if SCANNED_DATE.match(text):
        text = text.translate(SCANNED_DIGITS)
    for pattern, order in ((ISO, "ymd"), (MONTH_DAY_YEAR, "mdy")):
        match = pattern.search(text)
        if match:
            parts = dict(zip(order, (int(part) for part in match.groups()), strict=True))
            return _date(full_year(parts["y"]), parts["m"], parts["d"])
    match = LONG.search(text)
    if match and match.group(1).upper() in MONTHS:
        return _date(int(match.group(3)), MONTHS[match.group(1).upper()], int(match.group(2)))
    return None


def declassification_marker(text: str) -> str:
    """`OADR`, `25X1`..`25X9` or `X1`..`X8`, whichever the text names first; else ""."""
    found = [
        (match.start(), label)
        for pattern, label in ((OADR, "OADR"), (TWENTY_FIVE, "25X{}"), (EXEMPTION, "X{}"))
        for match in pattern.finditer(text)
        for label in [label.format(*match.groups())]
    ]
    return min(found)[1] if found else ""


def _date(year: int, month: int, day: int) -> date | None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


# --- reasons ------------------------------------------------------------------------------

REASON_CODE = re.compile(r"^(\d\.\d)(?:\(([a-h])\))?$")


def reason_codes(stored: str | None) -> list[str]:
    """The reasons as the parser stored them ("1.4(b), 1.4(d)") -> ["1.4(b)", "1.4(d)"].

    Codes are section and letter, lower case; a section alone (`1.4`) stays a code of its
    own, since the cable named no letter. Anything else is dropped."""
    codes = []
    for part in (stored or "").replace(";", ",").split(","):
        code = part.strip().replace(" ", "").lower()
        if REASON_CODE.match(code) and code not in codes:
            codes.append(code)
    return codes
