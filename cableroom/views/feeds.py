"""`/feed/`: the browse page's results as an Atom feed (RFC 4287), for any browse URL's
parameters.

Each entry's id is a tag URI (RFC 4151) naming the host and the day the cable entered
this archive, so it stays the same however often the cable is re-imported or edited.
"""

from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma
from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join

from cableroom.browse.engine import browse
from cableroom.models import Cable
from cableroom.views.cable_lists import first_paragraphs, tag_codes

FEED_SIZE = 50
SUMMARY_PARAGRAPHS = 2
PARAGRAPH_CHARACTERS = 600


# What an entry shows of the cable itself (Cable.objects.with_dates adds the dates).
ENTRY_FIELDS = (
    "reference_id",
    "subject",
    "classification",
    "date_time",
    "created_at",
    "origin__name",
)


@dataclass(frozen=True)
class FeedEntry:
    """A cable as one entry of the feed: its id, tags and first paragraphs."""

    cable: Cable
    id: str
    tags: list[str]
    paragraphs: list[tuple[int | None, str, str]]  # (number, marking, text)


def tag_uri(host: str, cable: Cable) -> str:
    """`tag:HOST,DAY:cable/REFERENCE_ID`, DAY being when the cable entered the archive."""
    return f"tag:{host},{cable.created_at:%Y-%m-%d}:cable/{cable.reference_id}"


def feed_entries(request, ids: list[int]) -> list[FeedEntry]:
    """The entries for these cable ids, in their order, in three queries."""
    cables = (
        Cable.objects.public()
        .with_dates()
        .select_related("origin")
        .only(*ENTRY_FIELDS)
        .in_bulk(ids)
    )
    tags, paragraphs = tag_codes(ids), first_paragraphs(ids, SUMMARY_PARAGRAPHS)
    host = split_domain_port(request.get_host())[0].lower()
    return [
        FeedEntry(cables[pk], tag_uri(host, cables[pk]), tags[pk], paragraphs[pk])
        for pk in ids
        if pk in cables
    ]


def summary_html(entry: FeedEntry) -> str:
    """What kind of cable it is, then its first paragraphs, each cut to a few lines."""
    cable = entry.cable
    origin = cable.origin.name if cable.origin else "an unknown post"
    kind = cable.classification or "Unclassified"
    head = format_html("<p>{} cable from {}.</p>", kind, origin)
    paragraphs = format_html_join(
        "",
        "<p>{}{}{}</p>",
        (
            (
                f"{number}. " if number is not None else "",
                f"({marking}) " if marking else "",
                _shortened(text),
            )
            for number, marking, text in entry.paragraphs
        ),
    )
    return head + paragraphs


def _shortened(text: str) -> str:
    """The text cut to PARAGRAPH_CHARACTERS at a space if one is near the end, with "…"."""
    if len(text) <= PARAGRAPH_CHARACTERS:
        return text
    cut = text[: PARAGRAPH_CHARACTERS - 1]
    space = cut.rfind(" ")
    if space > PARAGRAPH_CHARACTERS * 3 // 4:
        cut = cut[:space]
    return cut.rstrip() + "…"


class BrowseFeed(Feed):
    """The newest (or best-matching) cables of a browse request."""

    feed_type = Atom1Feed
    author_name = "Cable Room"

    def __call__(self, request, *args, **kwargs):
        state = browse(request)
        if state.redirect:
            return HttpResponseRedirect(
                state.redirect.replace(request.path, reverse("browse-feed"), 1)
            )
        if state.problems:
            text = "\n".join(f"{p.parameter}: {p.message}" for p in state.problems)
            return HttpResponseBadRequest(text + "\n", content_type="text/plain; charset=utf-8")
        request.browse_state = state
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return request.browse_state

    def title(self, state):
        query = state.constraints.query.text
        return f"Cable Room: {query}" if query else "Cable Room: cables"

    def subtitle(self, state):
        return f"{intcomma(state.count)} matching cable{'s' if state.count != 1 else ''}"

    def link(self, state):
        return state.search.without_page().url(reverse("browse"))

    def items(self, state):
        return feed_entries(state.request, state.result.page_ids(page=1, per_page=FEED_SIZE))

    def item_title(self, entry):
        return f"{entry.cable.reference_id}: {entry.cable.subject or '(no subject)'}"

    def item_link(self, entry):
        return entry.cable.get_absolute_url()

    def item_description(self, entry):
        # Atom1Feed marks the summary type="html": feed readers render it as HTML.
        return summary_html(entry)

    def item_author_name(self, entry):
        return entry.cable.origin.name if entry.cable.origin else None

    def item_categories(self, entry):
        return entry.tags

    def item_pubdate(self, entry):
        """When the cable was first published; no <published> when no copy says."""
        return entry.cable.first_released

    def item_updateddate(self, entry):
        """The cable's date, or its last curated change; when it entered the archive if
        it has neither (Atom requires a date)."""
        cable = entry.cable
        return cable.last_change_at or cable.date_time or cable.created_at

    def item_guid(self, entry):
        return entry.id
