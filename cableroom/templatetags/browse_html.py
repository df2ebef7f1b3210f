"""The browse page's most repeated parts, with their HTML built in Python (the Jinja2
environment's `facet_values` and `histogram_bars`, see `jinja_environment`).

A page shows about a hundred facet values and a few dozen histogram bars; rendered
through the template engine they cost more than finding the results. `format_html`
escapes every value as the templates would; plain f-strings with one escape function
cost a fraction of that again.
"""

import html

from django.utils.safestring import SafeString, mark_safe

from cableroom.browse.facets import FacetValue


def facet_values_html(values: list[FacetValue]) -> SafeString:
    """The <li> items of a facet list: toggle link, count, exclude link."""
    if not values:
        return mark_safe('<li class="facet-empty">None in these results.</li>')
    return mark_safe("\n".join(_value_html(value) for value in values))


def short_meaning(description: str) -> str:
    """What a code means, shortly: PlusD's "Political Affairs--Human Rights" -> "Human Rights"."""
    return description.rsplit("--", 1)[-1].strip()


def _escape(value) -> str:
    """Django's escaping (the same five characters), without its per-call wrappers.

    A browse page escapes a few thousand values; `format_html` spent more time in lazy
    wrappers and SafeString checks than in escaping (about a third of the page's CPU).
    """
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value), quote=True)


def _value_html(value: FacetValue) -> str:
    state = " selected" if value.selected else " excluded" if value.excluded else ""
    action = "Remove " if value.selected else "Stop excluding " if value.excluded else ""
    mark = "✓ " if value.selected else "✗ " if value.excluded else ""
    meaning = short_meaning(value.description)
    described = f" {meaning}" if meaning else ""
    plural = "" if value.count == 1 else "s"
    count = f"{value.count:,}"
    label = _escape(value.label)
    title = f' title="{_escape(value.description)}"' if value.description else ""
    current = ' aria-current="true"' if state else ""
    aria = _escape(f"{action}{value.label}{described}, {count} cable{plural}")
    marked = f'<span aria-hidden="true">{mark}</span>' if mark else ""
    if meaning:
        text = f'<span class="code">{label}</span> <span class="meaning">{_escape(meaning)}</span>'
    else:
        text = label
    href = _escape(value.toggle_url)
    link = f'<a href="{href}"{title}{current} aria-label="{aria}">{marked}{text}</a>'
    exclude = ""
    if value.exclude_url:
        exclude = (
            f'<a class="exclude" href="{_escape(value.exclude_url)}" aria-label="Exclude {label}"'
            f' title="Exclude {label}">−</a>'
        )
    return (
        f'<li class="facet-value{state}">{link} '
        f'<span class="count" aria-hidden="true">{count}</span>{exclude}</li>'
    )


def histogram_bars_html(histogram) -> SafeString:
    """The linked bars and their labels inside the histogram's <svg>."""
    parts = []
    height, label_y = histogram.chart_height, histogram.label_y
    for bar in histogram.bars:
        plural = "" if bar.count == 1 else "s"
        label, count = _escape(bar.label), f"{bar.count:,}"
        parts.append(
            f'<a href="{_escape(bar.url)}" aria-label="{label}: {count} cable{plural}">'
            f'<rect class="hit" x="{bar.x}" y="0" width="{bar.width}" height="{height}"'
            ' fill="transparent"></rect>'
            f'<rect class="bar" x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}">'
            f"<title>{label}: {count}</title></rect></a>"
        )
        if bar.show_label:
            parts.append(f'<text x="{bar.x}" y="{label_y}" class="bar-label">{label}</text>')
    return mark_safe("\n".join(parts))


def facet_plural(title: str) -> str:
    """A facet's title as the plural a "more" link needs: "Origin post" -> "origin posts"."""
    lowered = title.lower()
    if lowered in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[lowered]
    return lowered if lowered.endswith("s") else f"{lowered}s"


# Facet titles that are not nouns: "All declassify ons" is not English.
IRREGULAR_PLURALS = {
    "declassify on": "declassification dates",
    "classified by": "classifying officials",
}


def filter_count(chips) -> int:
    """How many of the active constraints are filters: every chip but the words searched."""
    return sum(1 for chip in chips if chip.label != "Query")
