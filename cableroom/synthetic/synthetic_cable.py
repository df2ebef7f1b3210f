"""A synthetic cable: every field the archive stores, and its text as the dump holds it."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class SyntheticAddressee:
    """One TO or INFO line: "RUEHC/SECSTATE WASHDC PRIORITY 0107"."""

    name: str
    routing_indicator: str
    precedence: str
    serial: str


@dataclass(frozen=True, slots=True)
class SyntheticReference:
    """One entry of the REF line; `present` when the target is a generated cable too."""

    label: str
    reference_id: str
    notal: bool
    text: str
    present: bool


@dataclass(frozen=True, slots=True)
class SyntheticParagraph:
    """A numbered paragraph (number None for unnumbered text) with its marking."""

    number: int | None
    marking: str
    text: str


@dataclass(frozen=True, slots=True)
class SyntheticCable:
    """Everything about one generated cable; `header` and `content` are the dump's fields."""

    row: int
    reference_id: str
    date_time: datetime
    origin: str
    station: str
    serial: int
    classification: str
    caveats: tuple[str, ...]
    header_style: str
    precedence: str
    date_time_group: str
    transmission_id: str
    sender_routing_indicator: str
    from_line: str
    to: tuple[SyntheticAddressee, ...]
    info: tuple[SyntheticAddressee, ...]
    sections: int
    eo_line: str
    declassify_on: str
    classified_by: str
    tags: tuple[str, ...]
    subject: str
    references: tuple[SyntheticReference, ...]
    paragraphs: tuple[SyntheticParagraph, ...]
    signer: str
    header: str
    content: str

    @property
    def raw_text(self) -> str:
        """The cable text as the dump reader gives it: header then content, no extract note."""
        if self.header_style == "partial":
            return self.content
        return self.header + self.content

    @property
    def body(self) -> str:
        """The paragraphs' text joined: what full-text search reads."""
        return "\n\n".join(paragraph.text for paragraph in self.paragraphs)
