"""The cable as JSON: every parsed field, what its sources claim, curators' public notes
and the versions.

Plain dicts of JSON types, built from what the cable page already loaded plus the
versions, so `/cable/<id>.json` is the page's one query with the versions in it. URLs are
absolute (`absolute` turns a path into one) so the document stands on its own.
"""

from collections.abc import Callable
from datetime import datetime

from django.urls import reverse

from cableroom.models import Cable, CableVersion
from cableroom.reading.page import CablePage
from cableroom.reading.provenance import version_source

PARSED_FIELDS = (
    "reference_id",
    "date_time_group",
    "precedence",
    "transmission_id",
    "sender_routing_indicator",
    "from_line",
    "classification",
    "sections",
    "eo_line",
    "declassify_on",
    "classified_by",
    "classification_reasons",
    "subject",
    "summary",
    "signer",
    "is_synthetic",
    "version_count",
)


def cable_document(
    page: CablePage, versions: list[CableVersion], absolute: Callable[[str], str]
) -> dict:
    """Everything known about one cable, as a JSON-ready dict."""
    cable = page.cable
    url = absolute(cable.get_absolute_url())
    document = {name: getattr(cable, name) for name in PARSED_FIELDS}
    document.update(
        url=url,
        text_url=absolute(reverse("cable-text", args=[cable.reference_id])),
        date_time=iso(cable.date_time),
        origin=_origin(cable),
        caveats=[marking.code for marking in page.caveats],
        tags=[_tag(tag) for tag in page.tags],
        to=[_addressee(addressee) for addressee in page.to],
        info=[_addressee(addressee) for addressee in page.info],
        paragraphs=[_paragraph(item, url) for item in page.paragraphs],
        # Curators' public notes on the whole cable (and on paragraphs this version no
        # longer has); a paragraph's own notes are in its entry. Private notes never.
        notes=[_note(note) for note in page.notes],
        references=[_reference(resolved, absolute) for resolved in page.references],
        cited_by=[absolute_id(citing, absolute) for citing in page.cited_by.cables],
        cited_by_truncated=page.cited_by.truncated,
        warnings=cable.warnings,
        source_metadata=cable.source_metadata,
        parser_version=cable.parser_version,
        # True when no source gave the id and its year was guessed from the
        # declassification date; `reference_id_checked` once a curator settled it.
        reference_id_inferred=cable.reference_id_inferred,
        reference_id_checked=page.inferred_id_checked,
        curated_fields=cable.curated_fields,
        # The DECL line, Classified By and signer as the facets read them.
        declassification=_declassification(page),
        classified_by_name=cable.classified_by_name or None,
        classified_by_title=cable.classified_by_title or None,
        reasons=page.reasons,
        signer_name=cable.signer_name or None,
        # Each corrected field with the parser's reading of it, as the page shows them.
        corrections=[_correction(correction) for correction in page.corrections.values()],
        updated_at=iso(cable.updated_at),
        versions=[_version(cable, number, version, absolute) for number, version in versions],
    )
    return document


def _declassification(page: CablePage) -> dict | None:
    """`{"date", "marker", "past"}`: the DECL date (ISO) or marker, and whether the date is
    before today; None when the line gives neither."""
    decl = page.declassification
    if decl is None:
        return None
    cable = page.cable
    return {
        "date": cable.declassify_date.isoformat() if cable.declassify_date else None,
        "marker": cable.declassify_marker or None,
        "past": decl.past,
    }


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, or None."""
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def absolute_id(cable: Cable, absolute: Callable[[str], str]) -> dict:
    return {"reference_id": cable.reference_id, "url": absolute(cable.get_absolute_url())}


def _origin(cable: Cable) -> dict | None:
    post = cable.origin
    if post is None:
        return None
    return {"name": post.name, "city": post.city, "country": post.country}


def _tag(tag) -> dict:
    return {"code": tag.code, "kind": tag.kind, "description": tag.description}


def _addressee(addressee) -> dict:
    return {
        "name": addressee.name,
        "post": addressee.post.name,
        "routing_indicator": addressee.routing_indicator,
        "precedence": addressee.precedence,
        "serial": addressee.serial,
    }


def _paragraph(item, cable_url: str) -> dict:
    paragraph = item.paragraph
    return {
        "number": paragraph.number,
        "marking": paragraph.marking,
        "text": paragraph.text,
        "anchor": item.anchor,
        "url": f"{cable_url}#{item.anchor}",
        "notes": [_note(note) for note in item.notes],
    }


def _correction(correction) -> dict:
    return {
        "field": correction.field,
        "label": correction.label,
        "parsed": correction.parsed,
        "corrected_at": iso(correction.corrected_at),
    }


def _note(note) -> dict:
    return {
        "text": note.text,
        "by": note.attribution,
        "paragraph_position": note.paragraph_position,
        "created_at": iso(note.created_at),
        "updated_at": iso(note.updated_at),
    }


def _reference(resolved, absolute) -> dict:
    reference = resolved.reference
    target = resolved.target
    return {
        "label": reference.label,
        "reference_id": reference.target_reference_id,
        "notal": reference.notal,
        "text": reference.text,
        "in_archive": resolved.in_archive,
        "withdrawn": resolved.withdrawn,
        "url": absolute(target.get_absolute_url()) if target else None,
    }


def _version(cable: Cable, number: int, version: CableVersion, absolute) -> dict:
    source = version_source(version)
    return {
        "number": number,
        "current": version.pk == cable.current_version_id,
        "source_format": version.source_format,
        # The release and the file's name within it; the server's path stays private.
        "source_release": source.release,
        "source_file": source.file_name,
        "source_row": version.source_row,
        "source_id": version.source_id,
        "encoding": version.encoding,
        "raw_sha256": version.raw_sha256,
        "released": iso(version.released),
        "imported_at": iso(version.imported_at),
        "source_metadata": version.source_metadata,
        "text_url": absolute(reverse("cable-version-text", args=[cable.reference_id, number])),
    }
