"""Template tags for the browse page's repeated parts (see `views.browse_html`)."""

from django import template

from ..views.browse_html import facet_values_html, histogram_bars_html

register = template.Library()


@register.simple_tag
def facet_values(values):
    """A facet's <li> items."""
    return facet_values_html(values)


@register.simple_tag
def histogram_bars(histogram):
    """The histogram's linked bars."""
    return histogram_bars_html(histogram)
