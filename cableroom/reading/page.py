"""What the cable page shows, from one query (`page_query.cables_for_page`).

This module turns the cable and its rows into what the page needs: paragraph anchors
and headings, notes beside their paragraphs, the banner's words, the citation; it adds
what depends on the request (prev/next within the reader's search, its words marked)
and curators' corrections, the one further query, for corrected cables only.
"""

from dataclasses import dataclass, field, replace

from django.http import QueryDict
from django.utils.safestring import SafeString

from cableroom.browse.neighbours import Neighbours, SearchContext, neighbours
from cableroom.browse.params import declassification_today
from cableroom.models import Addressee, AddresseeRole, Cable, Marking, Note, Paragraph, Tag
from cableroom.parsing.declassification import DECLASSIFY_MARKERS, reason_codes
from cableroom.reading.citation import CitedCable
from cableroom.reading.corrections import Correction, corrected_labels, corrections
from cableroom.reading.date_display import reader_day
from cableroom.reading.page_query import page_rows
from cableroom.reading.references import CitedBy, ResolvedReference
from cableroom.search import highlight_paragraphs
from cableroom.similar.more_like_this import MoreLikeThis, more_like_this

DESCRIPTION_LENGTH = 200
HEADING_LENGTH = 90


@dataclass(frozen=True)
class AnchoredParagraph:
    """A paragraph with the anchor that links to it (`p5`) and the number it was printed with."""

    paragraph: Paragraph
    anchor: str
    is_heading: bool = False
    notes: tuple[Note, ...] = ()  # curators' public notes on this paragraph
    marked: SafeString | None = None  # the text with the reader's search words marked

    @property
    def numbered(self) -> bool:
        return self.paragraph.number is not None

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other anchors of the first paragraph N: cablegate linked `#parN`, others `#paraN`."""
        number = self.paragraph.number
        if number is None or self.anchor != f"p{number}":
            return ()
        return (f"par{number}", f"para{number}")


@dataclass(frozen=True)
class Declassifying:
    """What the header says of a cable's declassification: `value` is the facet's."""

    value: str
    text: str
    past: bool


@dataclass(frozen=True)
class CablePage:
    """Everything the cable page renders, beside the cable itself."""

    cable: Cable
    paragraphs: list[AnchoredParagraph]
    to: list[Addressee]
    info: list[Addressee]
    references: list[ResolvedReference]
    cited_by: CitedBy
    neighbours: Neighbours | None
    citation: CitedCable
    notes: list[Note] = field(default_factory=list)  # public notes on the whole cable
    # The fields curators corrected, by curated name ("subject", "date_time", "tags").
    corrections: dict[str, Correction] = field(default_factory=dict)
    # For an id whose year was guessed: whether a curator has since checked the guess.
    inferred_id_checked: bool = False
    tags: list[Tag] = field(default_factory=list)  # in the order of the TAGS line
    caveats: list[Marking] = field(default_factory=list)
    archive_has_synthetic: bool = False  # the site header says so
    more_like_this: MoreLikeThis | None = None  # the page's; .json has none

    @property
    def banner(self) -> str:
        """The banner's words: the classification, then the caveats it does not already name."""
        classification = self.cable.classification or "CLASSIFICATION NOT GIVEN"
        named = set(classification.upper().replace("/", " ").split())
        extra = [caveat.code for caveat in self.caveats if caveat.code.upper() not in named]
        return "//".join([classification, *extra])

    @property
    def declassification(self) -> Declassifying | None:
        """The DECL line read: its date or marker, the facet value it links to, and whether
        the date is before today (the server's date, UTC, as the facet counts it)."""
        cable = self.cable
        if cable.declassify_date:
            day = cable.declassify_date
            past = day < declassification_today()
            return Declassifying(f"{day.year:04d}", day.isoformat(), past)
        if cable.declassify_marker:
            marker = cable.declassify_marker
            return Declassifying(marker, DECLASSIFY_MARKERS.get(marker, marker), False)
        return None

    @property
    def reasons(self) -> list[str]:
        """The Classified By line's reason codes, each a value of the reason facet."""
        return reason_codes(self.cable.classification_reasons)

    @property
    def description(self) -> str:
        """A line for link previews: origin, date, classification, then the opening text."""
        cable = self.cable
        facts = [cable.origin.name if cable.origin else "", _day(cable), cable.classification]
        opening = cable.summary or next(
            (item.paragraph.text for item in self.paragraphs if item.numbered), ""
        )
        line = ", ".join(fact for fact in facts if fact)
        return _shorten(f"Cable {cable.reference_id} from {line}. {opening}".strip())


def paragraph_anchors(paragraphs: list[Paragraph]) -> list[AnchoredParagraph]:
    """Unique anchors: `p5` for paragraph 5, `p5-2` for a second 5, `u3` for unnumbered ones.

    Numbers can repeat (a cable that restarts its numbering in a later section), and
    anchors must not: the second paragraph 5 gets `p5-2`.
    """
    seen: dict[str, int] = {}
    anchored = []
    numbered_seen = False
    for paragraph in paragraphs:
        if paragraph.number is None:
            anchor = f"u{paragraph.position}"
        else:
            anchor = f"p{paragraph.number}"
        seen[anchor] = seen.get(anchor, 0) + 1
        if seen[anchor] > 1:
            anchor = f"{anchor}-{seen[anchor]}"
        heading = numbered_seen and looks_like_heading(paragraph)
        anchored.append(AnchoredParagraph(paragraph, anchor, heading))
        numbered_seen = numbered_seen or paragraph.number is not None
    return anchored


def looks_like_heading(paragraph: Paragraph) -> bool:
    """An unnumbered, short, upper-case line: a section heading ("PREPARING FOR VIP VISIT").

    Only between numbered paragraphs: before the first one, such lines are office
    routing ("DEPARTMENT FOR SCA/CEN") and read as text.
    """
    text = paragraph.text.strip()
    short = 0 < len(text) <= HEADING_LENGTH and "\n" not in text
    return paragraph.number is None and short and text.isupper()


def read_cable(
    cable: Cable,
    *,
    permalink: str,
    search: SearchContext | None,
    cite_anchor: str = "",
    with_similar: bool = False,
) -> CablePage:
    """The cable page for a cable fetched with `cables_for_page()`.

    `permalink` is the absolute canonical URL; `cite_anchor` pins the citation to one
    paragraph when it names an existing anchor and is ignored otherwise. `with_similar`
    adds "More like this" (no query: the stored neighbours come with the page's, and
    without them the page links to the similar-words page).
    """
    rows = page_rows(cable)
    paragraphs, cable_notes = with_notes(paragraph_anchors(rows.paragraphs), rows.public_notes)
    if search:
        paragraphs = with_search_marks(paragraphs, search)
    addressees = rows.addressees
    corrected = corrections(cable)
    citation = cited_cable(cable, permalink, _pinned(paragraphs, cite_anchor))
    return CablePage(
        cable=cable,
        paragraphs=paragraphs,
        to=[addressee for addressee in addressees if addressee.role == AddresseeRole.TO],
        info=[addressee for addressee in addressees if addressee.role == AddresseeRole.INFO],
        references=rows.references,
        cited_by=rows.cited_by,
        neighbours=neighbours(cable, search) if search else None,
        citation=replace(citation, corrected=corrected_labels(corrected)),
        notes=cable_notes,
        corrections=corrected,
        inferred_id_checked=rows.inferred_id_checked,
        tags=rows.tags,
        caveats=rows.caveats,
        archive_has_synthetic=rows.archive_has_synthetic,
        more_like_this=more_like_this(rows.similar) if with_similar else None,
    )


def with_notes(
    paragraphs: list[AnchoredParagraph], notes: list[Note]
) -> tuple[list[AnchoredParagraph], list[Note]]:
    """Public notes put beside the paragraphs they name; the rest are on the whole cable.

    A note names its paragraph by position, so a re-parse that left fewer paragraphs
    can orphan it: it is shown with the whole cable's notes rather than lost.
    """
    by_position: dict[int, list[Note]] = {}
    for note in notes:
        by_position.setdefault(note.paragraph_position, []).append(note)
    placed = [
        replace(item, notes=tuple(by_position.pop(item.paragraph.position)))
        if item.paragraph.position in by_position
        else item
        for item in paragraphs
    ]
    # Notes come ordered whole-cable first, then by paragraph: the dict keeps that order.
    return placed, [note for group in by_position.values() for note in group]


def with_search_marks(
    paragraphs: list[AnchoredParagraph], search: SearchContext
) -> list[AnchoredParagraph]:
    """The paragraphs with the words of the reader's search (its `q`) marked."""
    query_text = QueryDict(search.query_string).get("q", "")
    if not query_text.strip():
        return paragraphs
    marks = highlight_paragraphs(query_text, [item.paragraph.text for item in paragraphs])
    return [
        replace(item, marked=mark) if mark is not None else item
        for item, mark in zip(paragraphs, marks, strict=True)
    ]


def cited_cable(
    cable: Cable, permalink: str, paragraph: AnchoredParagraph | None = None
) -> CitedCable:
    """The facts a citation of this cable names, pinned to a paragraph when one is given.

    `cable` comes from `cables_for_page()`, which numbers its current version.
    """
    number = paragraph.paragraph.number if paragraph else None
    return CitedCable(
        reference_id=cable.reference_id,
        subject=cable.subject,
        origin=cable.origin.name if cable.origin else "",
        date_time=cable.date_time,
        classification=cable.classification,
        url=permalink,
        paragraph=str(number) if number is not None else "",
        anchor=paragraph.anchor if paragraph else "",
        version=cable.current_version_number,
    )


def _pinned(paragraphs: list[AnchoredParagraph], anchor: str) -> AnchoredParagraph | None:
    return next((item for item in paragraphs if anchor and item.anchor == anchor), None)


def _day(cable: Cable) -> str:
    return reader_day(cable.date_time)


def _shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"
