"""The cable fields curators edit, each read as a plain JSON value and written back from one.

History stores `before` and `after` as these JSON values, so a change can be shown,
compared and reverted without knowing how the cable looked at the time. Names are the
model's field names; they are also what goes into `Cable.curated_fields` (except
`paragraph_markings`, curated as `paragraphs`, the unit the importer rewrites).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.dateparse import parse_datetime

from cableroom.models import Addressee, Cable, CableTag, Marking, Post, Tag
from cableroom.parsing.authority import signer_name


@dataclass(frozen=True)
class CableField:
    """How to read one editable field as JSON and write it back."""

    name: str
    label: str
    read: Callable[[Cable], Any]
    write: Callable[[Cable, Any], None]
    curated_name: str = ""

    @property
    def curated_as(self) -> str:
        return self.curated_name or self.name


def _scalar(name: str, label: str) -> CableField:
    def read(cable: Cable) -> str:
        return getattr(cable, name)

    def write(cable: Cable, value: str) -> None:
        setattr(cable, name, value or "")
        cable.save(update_fields=[name, "updated_at"])

    return CableField(name, label, read, write)


def read_signer(cable: Cable) -> str:
    return cable.signer


def write_signer(cable: Cable, value: str) -> None:
    # The signer facet reads signer_name: it follows the corrected signer.
    cable.signer = value or ""
    cable.signer_name = signer_name(cable.signer)
    cable.save(update_fields=["signer", "signer_name", "updated_at"])


def read_date_time(cable: Cable) -> str | None:
    return cable.date_time.isoformat() if cable.date_time else None


def write_date_time(cable: Cable, value: str | None) -> None:
    cable.date_time = parse_datetime(value) if value else None
    # save() derives year and month, which the date facets read.
    cable.save(update_fields=["date_time", "year", "month", "updated_at"])


def read_origin(cable: Cable) -> str | None:
    return cable.origin.name if cable.origin_id else None


def write_origin(cable: Cable, value: str | None) -> None:
    cable.origin = Post.objects.get_or_create(name=value)[0] if value else None
    cable.save(update_fields=["origin", "updated_at"])


def read_tags(cable: Cable) -> list[str]:
    rows = CableTag.objects.filter(cable=cable).order_by("position", "id")
    return list(rows.values_list("tag__code", flat=True))


def write_tags(cable: Cable, codes: list[str]) -> None:
    """Replace the cable's tags, in this order; unknown codes become new tags."""
    CableTag.objects.filter(cable=cable).delete()
    codes = list(dict.fromkeys(codes))
    by_code = {tag.code: tag for tag in Tag.objects.filter(code__in=codes)}
    rows = []
    for position, code in enumerate(codes):
        tag = by_code.get(code) or Tag.objects.create(code=code)
        rows.append(CableTag(cable=cable, tag=tag, position=position))
    CableTag.objects.bulk_create(rows)


def read_caveats(cable: Cable) -> list[str]:
    return sorted(cable.caveats.values_list("code", flat=True))


def write_caveats(cable: Cable, codes: list[str]) -> None:
    markings = [
        Marking.objects.get_or_create(code=code, defaults={"kind": "caveat", "name": code})[0]
        for code in codes
    ]
    cable.caveats.set(markings)


ADDRESSEE_KEYS = ("role", "name", "routing_indicator", "precedence", "serial")


def read_addressees(cable: Cable) -> list[dict]:
    rows = Addressee.objects.filter(cable=cable).select_related("post").order_by("position", "id")
    return [
        {**{key: getattr(row, key) for key in ADDRESSEE_KEYS}, "post": row.post.name}
        for row in rows
    ]


def write_addressees(cable: Cable, addressees: list[dict]) -> None:
    Addressee.objects.filter(cable=cable).delete()
    Addressee.objects.bulk_create(
        Addressee(
            cable=cable,
            post=Post.objects.get_or_create(name=item["post"])[0],
            position=position,
            **{key: item.get(key, "") for key in ADDRESSEE_KEYS},
        )
        for position, item in enumerate(addressees)
    )


def read_paragraph_markings(cable: Cable) -> dict[str, str]:
    rows = cable.paragraphs.order_by("position").values_list("position", "marking")
    return {str(position): marking for position, marking in rows}


def write_paragraph_markings(cable: Cable, markings: dict[str, str]) -> None:
    """Set each paragraph's marking by position; paragraphs not named keep theirs."""
    for paragraph in cable.paragraphs.filter(position__in=[int(p) for p in markings]):
        wanted = markings[str(paragraph.position)]
        if paragraph.marking != wanted:
            paragraph.marking = wanted
            paragraph.save(update_fields=["marking"])


def read_withdrawal(cable: Cable) -> dict:
    withdrawn_at = cable.withdrawn_at.isoformat() if cable.withdrawn_at else None
    return {"withdrawn_at": withdrawn_at, "reason": cable.withdrawal_reason}


def write_withdrawal(cable: Cable, value: dict) -> None:
    withdrawn_at = value.get("withdrawn_at")
    cable.withdrawn_at = parse_datetime(withdrawn_at) if withdrawn_at else None
    cable.withdrawal_reason = value.get("reason", "")
    cable.save(update_fields=["withdrawn_at", "withdrawal_reason", "updated_at"])


EDITABLE_FIELDS: dict[str, CableField] = {
    handler.name: handler
    for handler in (
        _scalar("subject", "subject"),
        _scalar("summary", "summary"),
        CableField("date_time", "date", read_date_time, write_date_time),
        CableField("origin", "origin", read_origin, write_origin),
        _scalar("classification", "classification"),
        CableField("caveats", "caveats", read_caveats, write_caveats),
        CableField("tags", "tags", read_tags, write_tags),
        CableField("addressees", "addressees", read_addressees, write_addressees),
        CableField(
            "paragraph_markings",
            "paragraph markings",
            read_paragraph_markings,
            write_paragraph_markings,
            curated_name="paragraphs",
        ),
        CableField("signer", "signer", read_signer, write_signer),
    )
}
WITHDRAWAL = CableField("withdrawal", "withdrawal", read_withdrawal, write_withdrawal)
CABLE_FIELDS = {**EDITABLE_FIELDS, WITHDRAWAL.name: WITHDRAWAL}


def snapshot(cable: Cable, names=None) -> dict[str, Any]:
    """The JSON value of each editable field now: what history compares before and after."""
    return {name: EDITABLE_FIELDS[name].read(cable) for name in names or EDITABLE_FIELDS}
