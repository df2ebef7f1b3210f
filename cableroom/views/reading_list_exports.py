"""A list's exports, under its share address only, so passing an export on never gives
away the right to edit: `list.bib`, `list.csl.json`, `list.md`, `list.zip`."""

import json

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from cableroom.lists.entries import list_entries
from cableroom.lists.formats import bibtex_file, csl_items, markdown
from cableroom.lists.raw_zip import raw_texts_zip
from cableroom.models import ReadingList


@require_safe
def list_bibtex(request, token: str) -> HttpResponse:
    reading_list, entries = _list(request, token)
    return _download(bibtex_file(entries), "application/x-bibtex", reading_list, "bib")


@require_safe
def list_csl_json(request, token: str) -> HttpResponse:
    reading_list, entries = _list(request, token)
    document = json.dumps(csl_items(entries), ensure_ascii=False, indent=1)
    return _download(document, "application/vnd.citationstyles.csl+json", reading_list, "json")


@require_safe
def list_markdown(request, token: str) -> HttpResponse:
    reading_list, entries = _list(request, token)
    shared = request.build_absolute_uri(reading_list.get_shared_url())
    text = markdown(reading_list, entries, shared)
    return _download(text, "text/markdown; charset=utf-8", reading_list, "md")


@require_safe
def list_zip(request, token: str) -> StreamingHttpResponse:
    """The raw texts, streamed: the first bytes leave before the last text is read."""
    reading_list = get_object_or_404(ReadingList, share_token=token)
    cable_ids = list(
        reading_list.items.order_by("position", "id").values_list("cable_id", flat=True)
    )
    response = StreamingHttpResponse(raw_texts_zip(cable_ids), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(reading_list, "zip")}"'
    return response


def _list(request, token: str):
    reading_list = get_object_or_404(ReadingList, share_token=token)
    return reading_list, list_entries(reading_list, request.build_absolute_uri)


def _download(text: str, content_type: str, reading_list: ReadingList, suffix: str):
    if "charset" not in content_type:
        content_type += "; charset=utf-8"
    response = HttpResponse(text.encode("utf-8"), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_file_name(reading_list, suffix)}"'
    return response


def _file_name(reading_list: ReadingList, suffix: str) -> str:
    return f"reading-list-{reading_list.share_token[:8]}.{suffix}"
