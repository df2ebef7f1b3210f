"""Dates as readers see them: `2010-12-02 21:09 UTC`, never an ISO string with an offset.

Every page of the reading room formats its dates here (through the `when` template
filter), so a date reads the same on the cable page, its versions, diff and lists.
Machine-readable forms (`datetime` attributes, JSON, CSV, Atom) keep ISO 8601.
"""

from datetime import UTC, date, datetime

from django.utils.dateparse import parse_date, parse_datetime


def reader_date_time(moment: datetime | str | None) -> str:
    """`2010-12-02 21:09 UTC`; a naive time is taken as UTC; "" for None or unreadable text.

    Strings are read as ISO 8601, since that is how sources' metadata and history
    store dates.
    """
    if (isinstance(moment, date) and not isinstance(moment, datetime)) or _is_day(moment):
        return reader_day(moment)  # a day alone gets no made-up time
    moment = as_datetime(moment)
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else ""


def reader_day(moment: datetime | date | str | None) -> str:
    """`2010-12-02`, the day in UTC, for lists where the time would be noise."""
    if isinstance(moment, date) and not isinstance(moment, datetime):
        return moment.isoformat()
    if _is_day(moment):
        return parse_date(moment.strip()).isoformat()
    moment = as_datetime(moment)
    return f"{moment:%Y-%m-%d}" if moment else ""


def _is_day(moment) -> bool:
    try:
        return isinstance(moment, str) and parse_date(moment.strip()) is not None
    except ValueError:
        return False


def as_datetime(moment: datetime | str | None) -> datetime | None:
    """An aware datetime in UTC from a datetime or an ISO 8601 string, else None."""
    if isinstance(moment, str):
        try:
            moment = parse_datetime(moment.strip())
        except ValueError:
            return None
    if not isinstance(moment, datetime):
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
