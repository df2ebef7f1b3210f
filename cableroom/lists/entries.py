"""A list as its pages and exports show it: each item with its cable, paragraph and citation.

Two queries whatever the length: the items with their cables and posts, and the
paragraphs of the cables whose paragraphs are listed (for their anchors and text).
"""

from collections.abc import Callable
from dataclasses import dataclass

from cableroom.models import Cable, Paragraph, ReadingList, ReadingListItem
from cableroom.reading.citation import CitedCable
from cableroom.reading.page import AnchoredParagraph, cited_cable, paragraph_anchors
from cableroom.reading.page_query import current_version_number

CABLE_FIELDS = (
    "cable__reference_id",
    "cable__subject",
    "cable__date_time",
    "cable__classification",
    "cable__withdrawn_at",
    "cable__origin__name",
)


@dataclass(frozen=True)
class ListEntry:
    """One item of a list: a whole cable, or one paragraph of it."""

    item: ReadingListItem
    paragraph: AnchoredParagraph | None
    citation: CitedCable

    @property
    def cable(self) -> Cable:
        return self.item.cable

    @property
    def withdrawn(self) -> bool:
        return self.item.cable.is_withdrawn

    @property
    def paragraph_lost(self) -> bool:
        """A paragraph item whose paragraph a re-parse no longer finds."""
        return self.item.paragraph_position is not None and self.paragraph is None

    @property
    def label(self) -> str:
        """`06ASTANA33` or `06ASTANA33 ¶5`."""
        if self.paragraph is None:
            return self.cable.reference_id
        number = self.paragraph.paragraph.number
        return f"{self.cable.reference_id} ¶{number if number is not None else '(unnumbered)'}"


def list_entries(reading_list: ReadingList, absolute_url: Callable[[str], str]) -> list[ListEntry]:
    """The list's items in order; `absolute_url` makes a path absolute (the request's
    `build_absolute_uri`), for the permalinks citations carry."""
    items = list(
        ReadingListItem.objects.filter(reading_list=reading_list)
        .select_related("cable__origin")
        .only("reading_list_id", "paragraph_position", "position", "note", *CABLE_FIELDS)
        .annotate(cable_version_number=current_version_number("cable"))
        .order_by("position", "id")
    )
    for item in items:  # what a citation names, as the cable page's own query gives it
        item.cable.current_version_number = item.cable_version_number
    anchored = _paragraphs(
        {item.cable_id for item in items if item.paragraph_position is not None}
    )
    entries = []
    for item in items:
        paragraph = None
        if item.paragraph_position is not None:
            paragraph = anchored.get((item.cable_id, item.paragraph_position))
        permalink = absolute_url(item.cable.get_absolute_url())
        entries.append(ListEntry(item, paragraph, cited_cable(item.cable, permalink, paragraph)))
    return entries


def _paragraphs(cable_ids: set[int]) -> dict[tuple[int, int], AnchoredParagraph]:
    if not cable_ids:
        return {}
    by_cable: dict[int, list[Paragraph]] = {}
    rows = Paragraph.objects.filter(cable_id__in=cable_ids).order_by("cable_id", "position")
    for paragraph in rows:
        by_cable.setdefault(paragraph.cable_id, []).append(paragraph)
    return {
        (cable_id, anchored.paragraph.position): anchored
        for cable_id, paragraphs in by_cable.items()
        for anchored in paragraph_anchors(paragraphs)
    }
