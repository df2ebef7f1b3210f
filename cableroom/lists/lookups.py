"""What a request names, found: the cable or paragraph to add, the list to add it to."""

from cableroom.lists.editing import ListProblem
from cableroom.lists.tokens import token_in
from cableroom.models import Cable, ReadingList
from cableroom.reading.page import AnchoredParagraph, paragraph_anchors


def cable_and_paragraph(reference_id: str, anchor: str) -> tuple[Cable, AnchoredParagraph | None]:
    """The public cable `reference_id` and, when `anchor` (`p5`) is given, its paragraph."""
    reference_id, anchor = reference_id.strip()[:60], anchor.strip()
    if not reference_id:
        raise ListProblem("cable", "Name the cable to add in the cable parameter.")
    cable = (
        Cable.objects.filter(reference_id=reference_id)
        .only("reference_id", "subject", "withdrawn_at")
        .first()
    )
    if cable is None:
        raise ListProblem("cable", f"No cable {reference_id} in the archive.")
    if cable.is_withdrawn:
        raise ListProblem("cable", f"{cable.reference_id} was withdrawn from the archive.")
    if not anchor:
        return cable, None
    anchored = paragraph_anchors(list(cable.paragraphs.order_by("position")))
    paragraph = next((item for item in anchored if item.anchor == anchor), None)
    if paragraph is None:
        raise ListProblem(
            "paragraph", f"{cable.reference_id} has no paragraph {anchor[:20]} (anchors: p1, p2…)."
        )
    return cable, paragraph


def list_at(address: str) -> ReadingList:
    """The list whose edit address (or bare edit token) a reader pasted."""
    token = token_in(address)
    reading_list = ReadingList.objects.filter(edit_token=token).first() if token else None
    if reading_list is not None:
        return reading_list
    if token and ReadingList.objects.filter(share_token=token).exists():
        raise ListProblem(
            "list", "That is the list's read-only address; paste its edit address instead."
        )
    raise ListProblem("list", "No reading list has that address.")


def remembered(token: str) -> ReadingList | None:
    """The list a remembered token (the reader's cookie) names, if it still exists."""
    if not token_in(token):
        return None
    return ReadingList.objects.filter(edit_token=token).first()
