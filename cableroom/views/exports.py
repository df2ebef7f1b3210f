"""`/cables.csv`: every cable a browse request matches, one row each, streamed.

The columns are documented in the README and pinned by a test: add new ones at the end,
never rename or reorder, since spreadsheets and scripts address them by name and place.
Rows are written a chunk at a time, each chunk in four queries.
"""

import csv
from urllib.parse import quote

from django.db.models import F
from django.http import HttpResponseBadRequest, HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

from cableroom.browse.engine import browse
from cableroom.models import Cable
from cableroom.parsing.declassification import reason_codes
from cableroom.views.cable_lists import addressee_posts, caveat_codes, tag_codes

CSV_CHUNK = 2000
CSV_COLUMNS = [
    "reference_id",
    "date_time",
    "origin",
    "classification",
    "subject",
    "permalink",
    "released",
    "tags",
    "to",
    "info",
    "caveats",
    "version_count",
    "curated",
    "declassify_on",
    "classified_by",
    "classified_by_title",
    "reasons",
    "signer",
]
# What the rows take from the cable itself (Cable.objects.with_dates for the release).
CABLE_FIELDS = (
    "reference_id",
    "date_time",
    "classification",
    "subject",
    "first_released",
    "version_count",
    "curated_fields",
    "declassify_date",
    "declassify_marker",
    "classified_by_name",
    "classified_by_title",
    "classification_reasons",
    "signer_name",
)
# Several values in one cell (tags, addressees, caveats) are joined with this.
LIST_SEPARATOR = "; "
# A spreadsheet opening the export runs a cell that starts with one of these as a formula
# (OWASP "CSV Injection"); subjects and post names come from cables, not from us.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a stream."""

    def write(self, value):
        return value


def browse_csv(request):
    """`/cables.csv`: every matching cable's metadata, streamed in result order."""
    state = browse(request)
    if state.redirect:
        return HttpResponseRedirect(state.redirect)
    if state.problems:
        lines = "\n".join(f"{p.parameter}: {p.message}" for p in state.problems)
        return HttpResponseBadRequest(lines + "\n", content_type="text/plain; charset=utf-8")
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        _csv_rows(request, state.result.ids_in_chunks(CSV_CHUNK), writer),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="cables.csv"'
    return response


def _csv_rows(request, chunks, writer):
    yield writer.writerow(CSV_COLUMNS)
    permalink = permalink_maker(request)
    for ids in chunks:
        for row in chunk_rows(ids):
            row["permalink"] = permalink(row["reference_id"])
            yield writer.writerow([spreadsheet_cell(row[column]) for column in CSV_COLUMNS])


def permalink_maker(request):
    """A function from reference id to the cable page's absolute URL, as `reverse` and
    `build_absolute_uri` give it, with one `reverse` in all: one per row was a third of
    the export's time."""
    marker = "REFERENCE-ID"
    head, tail = request.build_absolute_uri(reverse("cable-detail", args=[marker])).split(marker)
    return lambda reference_id: head + quote(reference_id, safe=RFC3986_SUBDELIMS + "/~:@") + tail


def chunk_rows(ids: list[int]) -> list[dict]:
    """The rows of these cables (the public ones, in the order of `ids`) without their
    permalinks, in four queries: the cables, then their tags, addressees and caveats.

    Plain values rather than model instances: an export of 250,000 cables built a
    million of them and spent its time there."""
    cables = {
        values.pop("id"): values
        for values in Cable.objects.public()
        .filter(pk__in=ids)
        .with_dates()
        .values("id", *CABLE_FIELDS, origin_name=F("origin__name"))
    }
    lists = _lists(cables)
    return [_row(cables[pk], lists[pk]) for pk in ids if pk in cables]


def _lists(cables: dict) -> dict[int, dict[str, list]]:
    """Each cable's tags, TO and INFO posts and caveats, each list in the cable's order."""
    ids = list(cables)
    tags, posts, caveats = tag_codes(ids), addressee_posts(ids), caveat_codes(ids)
    return {
        pk: {"tags": tags[pk], "to": posts[pk][0], "info": posts[pk][1], "caveats": caveats[pk]}
        for pk in ids
    }


def _row(cable: dict, lists: dict) -> dict:
    return {
        "reference_id": cable["reference_id"],
        "date_time": _iso(cable["date_time"]),
        "origin": cable["origin_name"] or "",
        "classification": cable["classification"],
        "subject": cable["subject"],
        "released": _iso(cable["first_released"]),
        "tags": _joined(lists["tags"]),
        "to": _joined(lists["to"]),
        "info": _joined(lists["info"]),
        "caveats": _joined(lists["caveats"]),
        "version_count": cable["version_count"],
        "curated": "true" if cable["curated_fields"] else "false",
        # The facets' normalised values: the DECL date (ISO) or its marker (OADR, X1).
        "declassify_on": _iso(cable["declassify_date"]) or cable["declassify_marker"],
        "classified_by": cable["classified_by_name"],
        "classified_by_title": cable["classified_by_title"],
        "reasons": _joined(reason_codes(cable["classification_reasons"])),
        "signer": cable["signer_name"],
    }


def _joined(values) -> str:
    return LIST_SEPARATOR.join(values)


def _iso(value) -> str:
    return value.isoformat() if value else ""


def spreadsheet_cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: a leading apostrophe defuses a formula."""
    text = str(value if value is not None else "")
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
