"""The parser's one exception type, for strict helpers and internal use.

`parse_cable` itself never raises: whatever it cannot read becomes a ParseWarning.
"""


class ParseError(ValueError):
    """A part of a cable could not be read; `line` is 1-based in the raw text, if known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message if line is None else f"line {line}: {message}")
        self.message = message
        self.line = line
