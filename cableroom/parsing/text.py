"""The working copy of a cable's text: what the parser reads, never what it stores.

Line ends are unified, web wrappers (HTML links, markdown links, entities) removed and
trailing spaces dropped, keeping one working line per raw line wherever possible so
warnings can name raw line numbers.
"""

import re

NEWLINES = re.compile(r"\r\n?")
ENTITY = re.compile(r"&(?:#[xX]([0-9A-Fa-f]{1,6})|#(\d{1,7})|(amp|lt|gt|quot|apos|nbsp));")
NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'", "nbsp": " "}
HTML_TAG = re.compile(
    r"</?(?:a|pre|code|br|p|b|i|u|em|strong|span|div|font)\b[^<>\n]{0,300}>", re.I
)
MARKDOWN_LINK = re.compile(
    r"\[([^\[\]\n]{1,80})\]\((?:#[^()\s]{0,80}|[a-z]+:[^()\s]{0,200}|/[^()\s]{0,200})\)"
)
# A pilcrow lost to a wrong decoding: U+FFFD before a paragraph number.
LOST_PILCROW = re.compile(r"\ufffd(?=\s*\d)")
# A whole database record pasted into a body (07BERN881): date, id, origin, level, refs...
TSV_RECORD = re.compile(
    r"^(?:\d+\t)?\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)?\t[0-9A-Z_]+\t[^\t\n]*\t[^\t\n]*\t",
    re.M,
)
ESCAPED_NEWLINE = re.compile(r"\\\n")


def entity(match: re.Match) -> str:
    hex_code, decimal, name = match.groups()
    if name:
        return NAMED[name]
    code = int(hex_code, 16) if hex_code else int(decimal)
    if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return match.group(0)
    return chr(code)


def working_text(raw: str) -> str:
    """The raw text with web wrappers removed and line ends unified (LF).

    Each regular expression runs only when a cheap substring test says it can match.
    """
    text = NEWLINES.sub("\n", raw) if "\r" in raw else raw
    if "&" in text:
        text = ENTITY.sub(entity, text)
    if "<" in text:
        text = HTML_TAG.sub("", text)
    if "](" in text:
        text = MARKDOWN_LINK.sub(r"\1", text)
    if "\ufffd" in text:
        text = LOST_PILCROW.sub("¶", text)
    return text


def working_lines(text: str) -> list[str]:
    """The working text's lines without trailing white space."""
    return [line.rstrip() for line in text.split("\n")]


def unpack_tsv_record(text: str) -> tuple[str, str | None]:
    """A body holding tab-separated database records -> the text of the first record.

    Returns the text to parse and, when records were found, a note for the curator.
    """
    if "\t" not in text:
        return text, None
    records = list(TSV_RECORD.finditer(text))
    if not records:
        return text, None
    first = records[0]
    end = records[1].start() if len(records) > 1 else len(text)
    fields = ESCAPED_NEWLINE.sub("\n", text[first.start() : end]).rstrip("\\\n ").split("\t")
    if fields[0].isdigit():
        fields = fields[1:]  # the dump's own row id
    header, content = (fields[5], "\t".join(fields[6:])) if len(fields) > 6 else ("", fields[-1])
    before = text[: first.start()]
    if "FM " not in before:
        before += "\n" + header
    note = (
        f"Body holds {len(records)} tab-separated database record(s); parsed the content "
        f"of the first ({fields[1]}) and ignored the rest"
    )
    return before + "\n\n" + content, note
