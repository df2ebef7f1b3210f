"""The cable parser: standard library only, never imports Django.

`parse_cable(text)` returns a ParsedCable and never raises; what it cannot read or had
to guess is listed in ParsedCable.warnings. `canonical_reference_id(text)` normalises
pasted ids (None if not an id); `require_reference_id` is its strict twin (ParseError).

Reading order (one module per step): text (working copy, web wrappers, TSV records) ->
classline (the classification line) -> header (VZCZC, DE, DTG, FM/TO/INFO) -> pages
(page-break lines) -> preamble (caveats, E.O., TAGS, SUBJECT, REF, Classified By) ->
sections (repeated section headers) -> paragraphs -> body (signer, summary, E.O. and
Classified By details) -> tags, ids (REF lines), origin (post, reference id) ->
markings (classification as the dump writes it). assemble.py runs the steps.
"""

from cableroom.parsing.assemble import parse_cable
from cableroom.parsing.ids import canonical_reference_id, require_reference_id
from cableroom.parsing.model import (
    Addressee,
    ParsedCable,
    ParsedParagraph,
    ParsedTag,
    ParseWarning,
    Reference,
)
from cableroom.parsing.parse_error import ParseError

# Bump whenever the same text would parse differently, so stored cables get re-parsed.
PARSER_VERSION = "1.1"

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
