"""Dates readers see: `2010-12-02 21:09 UTC` everywhere, never an ISO string with an offset."""

import re
from datetime import UTC, date, datetime, timedelta, timezone
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.template import Context, Template
from django.urls import reverse

from cableroom.curation import edits as curation
from cableroom.models import Note
from cableroom.reading.date_display import reader_date_time, reader_day
from tests import factories

# 2010-12-02T21:09:00+00:00, 2010-12-02 21:09:00+00:00, 2010-12-02T21:09Z, ...
ISO_WITH_OFFSET = re.compile(
    r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)"
)
RELEASED = datetime(2010, 12, 2, 21, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (RELEASED, "2010-12-02 21:09 UTC"),
        ("2010-12-02T21:09:00+00:00", "2010-12-02 21:09 UTC"),
        ("2010-12-02T22:09:00+01:00", "2010-12-02 21:09 UTC"),
        (
            datetime(2010, 12, 2, 23, 9, tzinfo=timezone(timedelta(hours=2))),
            "2010-12-02 21:09 UTC",
        ),
        (datetime(2010, 12, 2, 21, 9), "2010-12-02 21:09 UTC"),  # naive: taken as UTC
        ("2010-12-02 21:09", "2010-12-02 21:09 UTC"),
        ("2011-08-30", "2011-08-30"),  # a day alone: no time made up
        (date(2011, 8, 30), "2011-08-30"),
        ("2011-02-30", ""),
        ("not a date", ""),
        ("2010-13-45T00:00", ""),
        (None, ""),
    ],
)
def test_reader_date_time(moment, shown):
    assert reader_date_time(moment) == shown


def test_reader_day():
    assert reader_day(RELEASED) == "2010-12-02"
    assert reader_day(date(2006, 4, 19)) == "2006-04-19"
    assert reader_day("2006-04-19T23:30:00-05:00") == "2006-04-20"
    assert reader_day("2011-08-30") == "2011-08-30"
    assert reader_day(None) == ""


def test_the_when_filter():
    template = Template('{% load reader_dates %}{{ moment|when }} / {{ moment|when:"day" }}')
    assert template.render(Context({"moment": RELEASED})) == "2010-12-02 21:09 UTC / 2010-12-02"


class ReaderText(HTMLParser):
    """What a reader reads of a page: its text and the attributes a browser shows."""

    SHOWN_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "value")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        self.parts += [value or "" for name, value in attrs if name in self.SHOWN_ATTRIBUTES]


def reader_text(html: str) -> str:
    parser = ReaderText()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.parts)


@pytest.fixture
def dated_cable(curator):
    """A cable with every kind of date a page shows: sent, released (metadata and
    versions), a note, a correction, a citing cable, a second version."""
    cable = factories.cable(
        "10TESTVILLE1",
        subject="DATES EVERYWHERE",
        date_time=datetime(2010, 1, 5, 9, 30, tzinfo=UTC),
        paragraphs=(("U", "First paragraph."), ("U", "Second paragraph.")),
        source_metadata={"released": "2010-12-02T21:09:00+00:00"},
    )
    cable.current_version.released = RELEASED
    cable.current_version.save()
    factories.version(
        cable,
        "DATES EVERYWHERE\n\nFirst paragraph, redacted.\n",
        source_format="csv",
        released=RELEASED + timedelta(days=300),
    )
    factories.cable("10TESTVILLE2", references=("10TESTVILLE1",))
    Note.objects.create(cable=cable, text="A public note.", is_public=True, author=curator)
    curation.edit_cable(
        cable=cable, values={"date_time": "2010-01-05T10:30:00+00:00"}, user=curator
    )
    withdrawn = factories.cable("10TESTVILLE3")
    curation.withdraw_cable(cable=withdrawn, reason="A duplicate.", user=curator)
    return cable


PAGES = [
    ("cable-detail", ["10TESTVILLE1"], {}),
    ("cable-detail", ["10TESTVILLE1"], {"cite": "p1"}),
    ("cable-detail", ["10TESTVILLE2"], {}),
    ("cable-detail", ["10TESTVILLE3"], {}),  # withdrawn: 410
    ("cable-versions", ["10TESTVILLE1"], {}),
    ("cable-version", ["10TESTVILLE1", 1], {}),
    ("cable-version", ["10TESTVILLE1", 2], {}),
    ("cable-diff", ["10TESTVILLE1"], {}),
    ("browse", [], {}),
    ("browse", [], {"q": "paragraph"}),
    ("home", [], {}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args", "params"), PAGES)
def test_no_page_shows_an_iso_date_with_an_offset(client, dated_cable, name, args, params):
    response = client.get(reverse(name, args=args), params)
    assert response.status_code in (200, 410)
    text = reader_text(response.content.decode())
    assert ISO_WITH_OFFSET.findall(text) == []
    assert re.search(r"\d{4}-\d\d-\d\d", text), "the page shows a date at all"


@pytest.mark.django_db
def test_the_cable_page_formats_every_date(client, dated_cable):
    text = reader_text(client.get(reverse("cable-detail", args=["10TESTVILLE1"])).content.decode())
    assert "Released 2010-12-02 21:09 UTC" in text
    assert "2010-01-05 10:30 UTC" in text  # the corrected date
    assert "Parsed from the cable as 2010-01-05 09:30 UTC" in " ".join(text.split())


@pytest.mark.django_db
def test_versions_show_release_times(client, dated_cable):
    text = reader_text(
        client.get(reverse("cable-versions", args=["10TESTVILLE1"])).content.decode()
    )
    assert "2010-12-02 21:09 UTC" in text and "2011-09-28 21:09 UTC" in text


@pytest.mark.django_db
def test_the_feed_summaries_show_no_iso_date(client, dated_cable):
    feed = ElementTree.fromstring(client.get(reverse("browse-feed")).content)
    summaries = [
        element.text or "" for element in feed.iter("{http://www.w3.org/2005/Atom}summary")
    ]
    assert summaries
    assert [ISO_WITH_OFFSET.findall(reader_text(summary)) for summary in summaries] == [
        [] for _ in summaries
    ]
