"""Date-time groups (191331Z APR 06) and the few other date shapes cables use."""

import re
from datetime import UTC, date, datetime

MONTHS = {
    name: number
    for number, name in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1
    )
}
MONTH_NAMES = {
    name: number
    for number, name in enumerate(
        [
            "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY",
            "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER",
        ],
        1,
    )
}  # fmt: skip
# Cables in the archive run from 1966 to 2010: two-digit years below this are 20xx.
CENTURY_PIVOT = 66
# Newspaper renderings open with "Friday, 23 February 2001, 15:53".
LONG_DATE = re.compile(
    r"^[ \t]*(?:[A-Z][a-z]+day,[ \t]*)?(\d{1,2})[ \t]+([A-Z][a-z]+)[ \t]+(\d{4}),?"
    r"[ \t]+(\d{1,2}):(\d{2})[ \t]*$"
)
SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b")


def full_year(year: int) -> int:
    """Four-digit year from a DTG's two-digit year (66-99 -> 19xx, else 20xx)."""
    if year >= 100:
        return year
    return 1900 + year if year >= CENTURY_PIVOT else 2000 + year


def dtg_datetime(ddhhmm: str, month: str, year: str) -> datetime | None:
    """The UTC datetime of a date-time group ("191331", "APR", "06"), None if impossible."""
    month_number = MONTHS.get(month[:3].upper())
    if month_number is None or len(ddhhmm) != 6 or not year.isdigit():
        return None
    day, hour, minute = int(ddhhmm[:2]), int(ddhhmm[2:4]), int(ddhhmm[4:])
    try:
        return datetime(full_year(int(year)), month_number, day, hour, minute, tzinfo=UTC)
    except ValueError:
        return None


def long_date_datetime(line: str) -> datetime | None:
    """The datetime of a "Friday, 23 February 2001, 15:53" line, else None."""
    match = LONG_DATE.match(line)
    if match is None:
        return None
    day, month, year, hour, minute = match.groups()
    month_number = MONTH_NAMES.get(month.upper())
    if month_number is None:
        return None
    try:
        return datetime(int(year), month_number, int(day), int(hour), int(minute), tzinfo=UTC)
    except ValueError:
        return None


def slash_date_iso(text: str) -> str | None:
    """ISO date of the first M/D/Y date in text ("04/19/2016" -> "2016-04-19"), else None."""
    match = SLASH_DATE.search(text)
    if match is None:
        return None
    month, day, year = (int(part) for part in match.groups())
    try:
        return date(full_year(year), month, day).isoformat()
    except ValueError:
        return None
