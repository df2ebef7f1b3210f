"""The parser's entry points the import uses, imported in one place."""

from cableroom.parsing import PARSER_VERSION, canonical_reference_id, parse_cable

__all__ = ["PARSER_VERSION", "canonical_reference_id", "parse_cable"]
