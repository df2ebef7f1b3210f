"""Facet values say what their codes mean beside the code, counts are grouped by
thousands, "more" links read as English, and phones get a "Filters (n)" control."""

import re

import pytest

from cableroom.browse.facets import FacetValue
from cableroom.templatetags.browse_html import facet_plural, facet_values_html, short_meaning
from tests import factories

pytestmark = pytest.mark.django_db


def facet_item(html: str, code: str) -> str:
    return re.search(
        rf'<li class="facet-value[^"]*">(?:(?!</li>).)*?>{code}<.*?</li>', html, re.S
    )[0]


@pytest.fixture
def tagged_cables():
    factories.tag("IZ", kind="geographic", description="Iraq")
    factories.tag("PHUM", description="Political Affairs--Human Rights")
    factories.tag("ZZZZ", description="")
    factories.cable("06BAGHDAD1", tags=("IZ", "PHUM"), caveats=("NOFORN",))
    factories.cable("06BAGHDAD2", tags=("IZ", "ZZZZ"))


def test_tag_values_show_their_meaning_next_to_the_code(client, tagged_cables):
    html = client.get("/cables/").content.decode()
    assert '<span class="code">IZ</span> <span class="meaning">Iraq</span>' in html
    assert '<span class="code">PHUM</span> <span class="meaning">Human Rights</span>' in html
    assert 'aria-label="PHUM Human Rights, 1 cable"' in html
    # A code without a known meaning is shown as it is.
    assert ">ZZZZ</a>" in facet_item(html, "ZZZZ") and "meaning" not in facet_item(html, "ZZZZ")


def test_caveats_say_what_they_mean(client, tagged_cables):
    html = client.get("/cables/").content.decode()
    assert (
        '<span class="code">NOFORN</span> <span class="meaning">No Foreign Distribution</span>'
        in html
    )


def test_counts_are_grouped_by_thousands():
    value = FacetValue("PREL", "PREL", 123456, False, "/cables/?tag=PREL")
    html = facet_values_html([value])
    assert '<span class="count" aria-hidden="true">123,456</span>' in html
    assert "123,456 cables" in html


@pytest.mark.parametrize(
    ("title", "plural"),
    [
        ("Origin post", "origin posts"),
        ("Addressee", "addressees"),
        ("Geographic tags", "geographic tags"),
        ("Classification", "classifications"),
        ("Declassify on", "declassification dates"),
        ("Classified by", "classifying officials"),
    ],
)
def test_more_links_name_the_facet_in_the_plural(title, plural):
    assert facet_plural(title) == plural


def test_the_origin_more_link_reads_as_english(client):
    for number in range(12):
        factories.cable(f"06POST{number}X1", origin=f"Embassy Place{number:02d}")
    html = client.get("/cables/").content.decode()
    assert "All origin posts…</a>" in html
    assert "All origin post…" not in html


def test_short_meaning_keeps_the_part_after_plusds_heading():
    assert short_meaning("Political Affairs--External Political Relations") == (
        "External Political Relations"
    )
    assert short_meaning("Iraq") == "Iraq"
    assert short_meaning("") == ""


def test_the_filters_control_counts_the_active_filters(client, tagged_cables):
    assert "<summary>Filters</summary>" in client.get("/cables/").content.decode()
    words_only = client.get("/cables/?q=synthetic").content.decode()
    assert "<summary>Filters</summary>" in words_only, "the words searched are no filter"
    html = client.get("/cables/?tag=IZ&tag=-ZZZZ").content.decode()
    summary, first_result = (
        html.index("<summary>Filters (2)</summary>"),
        html.index('class="result"'),
    )
    assert summary < first_result
    assert html.index('class="chips"') < first_result
