"""The cable parser: standard library only, never imports Django.

`parse_cable(text)` returns a ParsedCable and never raises; what it cannot read is
listed in ParsedCable.warnings. `canonical_reference_id(text)` normalises pasted ids.
"""

from cableroom.parsing.cable import parse_cable
from cableroom.parsing.errors import ParseError
from cableroom.parsing.ids import canonical_reference_id, require_reference_id
from cableroom.parsing.model import (
    Addressee,
    ParsedCable,
    ParsedParagraph,
    ParsedTag,
    ParseWarning,
    Reference,
)

# Bump whenever the same text would parse differently, so stored cables get re-parsed.
PARSER_VERSION = "1.0"

__all__ = [
    "PARSER_VERSION",
    "Addressee",
    "ParseError",
    "ParseWarning",
    "ParsedCable",
    "ParsedParagraph",
    "ParsedTag",
    "Reference",
    "canonical_reference_id",
    "parse_cable",
    "require_reference_id",
]
