"""The Jinja2 environment of the cable page's hot fragment (`templates/jinja2/`).

The same helpers as the Django filters of `cable_page` and `reader_dates`, so both
engines word and link everything alike. Why Jinja2 there: README, Performance.
"""

from django.template.defaultfilters import capfirst, linebreaksbr
from django.urls import reverse
from django.utils import timezone
from jinja2 import Environment

from cableroom.templatetags.cable_page import (
    classification_level,
    date_time_group,
    facet_url,
    marking_level,
    precedence_words,
)
from cableroom.templatetags.reader_dates import when


def environment(**options) -> Environment:
    """Django's Jinja2 backend calls this with the TEMPLATES options."""
    env = Environment(**options)
    env.globals.update(url=url, facet_url=facet_url)
    env.filters.update(
        when=when,
        iso=iso,
        classification_level=classification_level,
        marking_level=marking_level,
        precedence_words=precedence_words,
        date_time_group=date_time_group,
        capfirst=capfirst,
        linebreaksbr=linebreaksbr,
    )
    return env


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def iso(moment) -> str:
    """ISO 8601 in the site's time zone, as Django's `date:'c'` writes it."""
    return timezone.localtime(moment).isoformat() if moment else ""
