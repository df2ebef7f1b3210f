"""Frozen dataclasses for the project-owned reference facts."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PostFact:
    """A sending post, named as the dump's origin column spells it ("Embassy Astana")."""

    name: str
    post_type: str
    city: str
    country: str
    station_codes: tuple[str, ...]
    routing_indicators: tuple[str, ...]
    from_lines: tuple[str, ...]


@dataclass(frozen=True)
class TagFact:
    """A TAGS code with its kind and description, each as a source gives it."""

    code: str
    kind: str  # geographic | subject | program | organisation | person | other
    description: str
    description_source: str
    kind_source: str = ""  # the table that gives the kind; "" for "other"
    shape: str = ""  # what the code looks like, for the parser's splitting only


@dataclass(frozen=True)
class MarkingFact:
    """A classification level or a handling caveat."""

    code: str
    kind: str  # classification | caveat
    name: str
    description: str
    rank: int | None  # how restricted a classification level is; None for caveats
