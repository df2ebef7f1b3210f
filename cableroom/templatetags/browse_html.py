"""Template tags for the browse page's most repeated parts, with their HTML built in Python.

A page shows about a hundred facet values and a few dozen histogram bars; rendered
through the template engine they cost more than finding the results. `format_html`
escapes every value as the templates would, at a fraction of the time.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from cableroom.browse.facets import FacetValue


def facet_values_html(values: list[FacetValue]) -> SafeString:
    """The <li> items of a facet list: toggle link, count, exclude link."""
    if not values:
        return mark_safe('<li class="facet-empty">None in these results.</li>')
    return format_html_join("\n", "{}", ((_value_html(value),) for value in values))


def short_meaning(description: str) -> str:
    """What a code means, shortly: PlusD's "Political Affairs--Human Rights" -> "Human Rights"."""
    return description.rsplit("--", 1)[-1].strip()


def _value_html(value: FacetValue) -> SafeString:
    state = " selected" if value.selected else " excluded" if value.excluded else ""
    action = "Remove " if value.selected else "Stop excluding " if value.excluded else ""
    mark = "✓ " if value.selected else "✗ " if value.excluded else ""
    meaning = short_meaning(value.description)
    described = f" {meaning}" if meaning else ""
    plural = "" if value.count == 1 else "s"
    link = format_html(
        '<a href="{}"{}{} aria-label="{}{}{}, {} cable{}">{}{}{}</a>',
        value.toggle_url,
        format_html(' title="{}"', value.description) if value.description else "",
        mark_safe(' aria-current="true"') if state else "",
        action, value.label, described, f"{value.count:,}", plural,
        format_html('<span aria-hidden="true">{}</span>', mark) if mark else "",
        format_html('<span class="code">{}</span>', value.label) if meaning else value.label,
        format_html(' <span class="meaning">{}</span>', meaning) if meaning else "",
    )  # fmt: skip
    exclude = ""
    if value.exclude_url:
        exclude = format_html(
            '<a class="exclude" href="{}" aria-label="Exclude {}" title="Exclude {}">−</a>',
            value.exclude_url,
            value.label,
            value.label,
        )
    return format_html(
        '<li class="facet-value{}">{} <span class="count" aria-hidden="true">{}</span>{}</li>',
        state,
        link,
        f"{value.count:,}",
        exclude,
    )


def histogram_bars_html(histogram) -> SafeString:
    """The linked bars and their labels inside the histogram's <svg>."""
    parts = []
    for bar in histogram.bars:
        plural = "" if bar.count == 1 else "s"
        parts.append(
            format_html(
                '<a href="{}" aria-label="{}: {} cable{}">'
                '<rect class="hit" x="{}" y="0" width="{}" height="{}" fill="transparent"></rect>'
                '<rect class="bar" x="{}" y="{}" width="{}" height="{}">'
                "<title>{}: {}</title></rect>"
                "</a>",
                bar.url,
                bar.label,
                f"{bar.count:,}",
                plural,
                bar.x,
                bar.width,
                histogram.chart_height,
                bar.x,
                bar.y,
                bar.width,
                bar.height,
                bar.label,
                f"{bar.count:,}",
            )  # fmt: skip
        )
        if bar.show_label:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" class="bar-label">{}</text>',
                    bar.x,
                    histogram.label_y,
                    bar.label,
                )
            )
    return mark_safe("\n".join(parts))


register = template.Library()


@register.simple_tag
def facet_values(values):
    """A facet's <li> items."""
    return facet_values_html(values)


@register.filter
def facet_plural(title: str) -> str:
    """A facet's title as the plural a "more" link needs: "Origin post" -> "origin posts"."""
    lowered = title.lower()
    return lowered if lowered.endswith("s") else f"{lowered}s"


@register.filter
def filter_count(chips) -> int:
    """How many of the active constraints are filters: every chip but the words searched."""
    return sum(1 for chip in chips if chip.label != "Query")


@register.simple_tag
def histogram_bars(histogram):
    """The histogram's linked bars."""
    return histogram_bars_html(histogram)
