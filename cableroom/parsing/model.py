"""Dataclasses for a parsed cable. Everything converts to plain JSON types via to_dict()."""

from dataclasses import asdict, dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ParseWarning:
    """Something the parser could not find or had to guess, worded for a curator."""

    field: str
    message: str
    line: int | None = None


@dataclass(frozen=True)
class Addressee:
    """One TO or INFO addressee: "RUEHC/SECSTATE WASHDC PRIORITY 0107"."""

    name: str
    routing_indicator: str | None = None
    precedence: str | None = None
    serial: str | None = None


@dataclass(frozen=True)
class ParsedTag:
    """One TAGS code and its kind (geographic, subject, program, organisation, person, other)."""

    code: str
    kind: str


@dataclass(frozen=True)
class Reference:
    """One earlier cable named on the REF line; reference_id is None when it names no cable."""

    label: str | None
    reference_id: str | None
    notal: bool
    text: str


@dataclass(frozen=True)
class ParsedParagraph:
    """A body paragraph: number (None for headings, unnumbered text), marking, clean text."""

    number: int | None
    marking: str | None
    text: str


@dataclass
class ParsedCable:
    """Everything read out of one cable's text; raw_text is the input, unchanged."""

    raw_text: str
    reference_id: str | None = None
    reference_id_year_guessed: bool = False
    station: str | None = None
    transmission_id: str | None = None
    precedence: str | None = None
    date_time: datetime | None = None
    date_time_group: str | None = None
    sender_routing_indicator: str | None = None
    station_serial: str | None = None
    from_line: str | None = None
    origin: str | None = None
    to: list[Addressee] = field(default_factory=list)
    info: list[Addressee] = field(default_factory=list)
    classification: str | None = None
    classification_line: str | None = None
    caveats: list[str] = field(default_factory=list)
    section: int | None = None
    sections: int | None = None
    eo_line: str | None = None
    declassify_on: str | None = None
    classified_by: str | None = None
    classification_reasons: list[str] = field(default_factory=list)
    tags: list[ParsedTag] = field(default_factory=list)
    tags_line: str | None = None
    subject: str | None = None
    subject_marking: str | None = None
    references: list[Reference] = field(default_factory=list)
    ref_line: str | None = None
    paragraphs: list[ParsedParagraph] = field(default_factory=list)
    summary: str | None = None
    signer: str | None = None
    warnings: list[ParseWarning] = field(default_factory=list)

    def warn(self, field_name: str, message: str, line: int | None = None) -> None:
        """Record something the parser could not find or had to guess."""
        self.warnings.append(ParseWarning(field_name, message, line))

    def to_dict(self) -> dict:
        """Plain JSON types: lists and dicts of str/int/bool/None, datetimes as ISO 8601 UTC."""
        data = asdict(self)
        if self.date_time is not None:
            data["date_time"] = self.date_time.isoformat().replace("+00:00", "Z")
        return data
