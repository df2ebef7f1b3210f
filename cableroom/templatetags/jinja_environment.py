"""The Jinja2 environment of the hot fragments (`templates/jinja2/`): the cable page's
article and the parts around it, and the browse page's facets and results.

The same helpers as the Django filters of `cable_page`, `reader_dates`, `browse_html`
and humanize, so both engines word and link everything alike. Why Jinja2 there: README,
Performance.
"""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import (
    capfirst,
    date,
    linebreaksbr,
    pluralize,
    slugify,
    truncatechars,
)
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import Environment

from cableroom.templatetags.browse_html import (
    facet_plural,
    facet_values_html,
    filter_count,
    histogram_bars_html,
)
from cableroom.templatetags.cable_page import (
    bibtex_entry,
    cable_in_search_url,
    chicago_note,
    classification_level,
    date_time_group,
    facet_url,
    marking_level,
    precedence_words,
    search_url,
)
from cableroom.templatetags.reader_dates import when


def environment(**options) -> Environment:
    """Django's Jinja2 backend calls this with the TEMPLATES options."""
    env = Environment(**options)
    env.globals.update(
        url=url,
        facet_url=facet_url,
        cable_in_search_url=cable_in_search_url,
        search_url=search_url,
        static=static,
        facet_values=facet_values_html,
        histogram_bars=histogram_bars_html,
    )
    env.filters.update(
        when=when,
        iso=iso,
        classification_level=classification_level,
        marking_level=marking_level,
        precedence_words=precedence_words,
        date_time_group=date_time_group,
        capfirst=capfirst,
        linebreaksbr=linebreaksbr,
        intcomma=intcomma,
        pluralize=pluralize,
        slugify=slugify,
        date=date,
        facet_plural=facet_plural,
        filter_count=filter_count,
        truncatechars=truncatechars,
        chicago_note=chicago_note,
        bibtex_entry=bibtex_entry,
    )
    return env


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def iso(moment) -> str:
    """ISO 8601 in the site's time zone, as Django's `date:'c'` writes it."""
    return timezone.localtime(moment).isoformat() if moment else ""
