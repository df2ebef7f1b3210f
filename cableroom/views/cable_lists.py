"""What the CSV export and the feed list for each cable of a chunk: tags, addressees,
caveats, first paragraphs. One query each for the whole chunk, as plain values: model
instances for every tag and addressee of 250,000 cables were most of an export's time."""

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from cableroom.models import Addressee, AddresseeRole, Cable, CableTag, Paragraph


def _by_cable(ids, rows) -> dict[int, list]:
    """Rows of (cable id, value...) grouped by cable, in their order; every id a key."""
    grouped: dict[int, list] = {pk: [] for pk in ids}
    for pk, *values in rows:
        grouped[pk].append(values[0] if len(values) == 1 else tuple(values))
    return grouped


def tag_codes(ids) -> dict[int, list[str]]:
    """Each cable's TAGS codes, in the order of its TAGS line."""
    rows = CableTag.objects.filter(cable_id__in=ids).order_by("cable_id", "position")
    return _by_cable(ids, rows.values_list("cable_id", "tag__code"))


def addressee_posts(ids) -> dict[int, tuple[list[str], list[str]]]:
    """Each cable's TO posts and INFO posts, each post once, in the order of the header."""
    rows = Addressee.objects.filter(cable_id__in=ids).order_by("cable_id", "position")
    posts = {pk: ({}, {}) for pk in ids}  # dicts as ordered sets
    for pk, role, name in rows.values_list("cable_id", "role", "post__name"):
        posts[pk][0 if role == AddresseeRole.TO else 1][name] = None
    return {pk: (list(to), list(info)) for pk, (to, info) in posts.items()}


def caveat_codes(ids) -> dict[int, list[str]]:
    """Each cable's handling caveats, in their usual order."""
    rows = Cable.caveats.through.objects.filter(cable_id__in=ids)
    ordered = rows.order_by("cable_id", "marking__rank", "marking__code")
    return _by_cable(ids, ordered.values_list("cable_id", "marking__code"))


def first_paragraphs(ids, count: int) -> dict[int, list[tuple[int | None, str, str]]]:
    """Each cable's first `count` paragraphs as (number, marking, text)."""
    rows = (
        Paragraph.objects.filter(cable_id__in=ids)
        .annotate(rank=Window(RowNumber(), partition_by=F("cable_id"), order_by="position"))
        .filter(rank__lte=count)
        .order_by("cable_id", "position")
    )
    return _by_cable(ids, rows.values_list("cable_id", "number", "marking", "text"))
