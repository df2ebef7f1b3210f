"""The parser's entry points the import uses, imported in one place."""

from cableroom.parsing import parse_cable
from cableroom.parsing.ids import canonical_reference_id

try:
    from cableroom.parsing import PARSER_VERSION
except ImportError:  # pragma: no cover - until the parser names its version
    PARSER_VERSION = ""

__all__ = ["PARSER_VERSION", "canonical_reference_id", "parse_cable"]
