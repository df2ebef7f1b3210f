"""The `when` filter: every date a reader sees, formatted by `cableroom.reading.date_display`."""

from django import template

from cableroom.reading.date_display import reader_date_time, reader_day

register = template.Library()


@register.filter
def when(moment, precision: str = "minute") -> str:
    """`{{ d|when }}` gives `2010-12-02 21:09 UTC`, `{{ d|when:"day" }}` gives `2010-12-02`."""
    if precision == "day":
        return reader_day(moment)
    return reader_date_time(moment)
