"""`/cables.csv`: every cable a browse request matches, one row each, streamed.

The columns are documented in the README and pinned by a test: add new ones at the end,
never rename or reorder, since spreadsheets and scripts address them by name and place.
Rows are written a chunk at a time, each chunk in a fixed number of queries.
"""

import csv

from django.http import HttpResponseBadRequest, HttpResponseRedirect, StreamingHttpResponse

from cableroom.browse.engine import browse
from cableroom.models import AddresseeRole, Cable

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
]
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
    for ids in chunks:
        found = Cable.objects.public().for_export().in_bulk(ids)
        for cable in (found[pk] for pk in ids if pk in found):
            row = csv_row(cable, request.build_absolute_uri(cable.get_absolute_url()))
            yield writer.writerow([spreadsheet_cell(row[column]) for column in CSV_COLUMNS])


def csv_row(cable: Cable, permalink: str) -> dict:
    """One cable's cells by column name (`cable` from `Cable.objects.for_export()`)."""
    addressees = list(cable.addressees.all())
    return {
        "reference_id": cable.reference_id,
        "date_time": _iso(cable.date_time),
        "origin": cable.origin.name if cable.origin else "",
        "classification": cable.classification,
        "subject": cable.subject,
        "permalink": permalink,
        "released": _iso(cable.first_released),
        "tags": _joined(cable_tag.tag.code for cable_tag in cable.cable_tags.all()),
        "to": _posts(addressees, AddresseeRole.TO),
        "info": _posts(addressees, AddresseeRole.INFO),
        "caveats": _joined(marking.code for marking in cable.caveats.all()),
        "version_count": cable.version_count,
        "curated": "true" if cable.curated_fields else "false",
    }


def _posts(addressees, role: str) -> str:
    """The posts of one role, each once, in the order of the header."""
    names = (addressee.post.name for addressee in addressees if addressee.role == role)
    return _joined(dict.fromkeys(names))


def _joined(values) -> str:
    return LIST_SEPARATOR.join(values)


def _iso(value) -> str:
    return value.isoformat() if value else ""


def spreadsheet_cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: a leading apostrophe defuses a formula."""
    text = str(value if value is not None else "")
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
