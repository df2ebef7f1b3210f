"""What the text proper yields besides paragraphs: signer, summary, Classified By, E.O."""

import re

from cableroom.parsing.dates import slash_date_iso
from cableroom.parsing.model import ParsedParagraph

# Matched on the stripped line: one to four capitalised words, an optional "#" after.
SIGNER = re.compile(r"([A-Z][A-Za-z'’-]*\.?(?: +[A-Z][A-Za-z'’.-]*){0,2})(?: *#)?$")
NOT_SIGNERS = {"BT", "NNNN", "END", "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "SIPDIS", "NOTE"}
# Words that make a short last line a closing phrase rather than a name.
NOT_NAME_WORDS = {
    "END", "BEGIN", "QUOTE", "UNQUOTE", "COMMENT", "TEXT", "SINCERELY", "SIGNATURE",
    "MISSING", "PARAGRAPH", "MINIMIZE", "CONSIDERED", "LIMITED", "OFFICIAL", "USE", "SECRET",
    "CONFIDENTIAL", "UNCLASSIFIED", "UNCLAS", "SIPDIS", "NOTE",
}  # fmt: skip
# A closing phrase with the name after it: "END TEXT HEFFERN", "MINIMIZE CONSIDERED SHANNON".
CLOSING_PREFIX = re.compile(
    r"^(?:END +(?:OF +)?[A-Z ]{1,30}?\.?|MINIMIZE +CONSIDERED\.?) +(?=[A-Z][A-Za-z'’-]+$)", re.I
)
TERMINAL = tuple(".!?:;\"')]”’")
MAX_SIGNER = 40
# A surname glued after the last sentence of an unwrapped copy.
GLUED_SIGNER = re.compile(r"(?P<before>[.!?\"”)])[ \t]+(?P<name>[A-Z][A-Z'’-]{2,20})[ \t]*$")
GLUED_AFTER = re.compile(r"END[ \t]+(?:OF[ \t]+)?(?:COMMENT|SUMMARY|NOTE|TEXT)[.)]?$", re.I)
# End-of-message marks that may follow the signer.
TRAILERS = {"NNNN", "BT", ">", "<", "#", "=", "-"}

# Matched on upper-cased text, case-sensitively: both start with a literal, so fast.
SUMMARY_OPEN = re.compile(r"SUMMARY(?:[ \t]+AND[ \t]+COMMENT)?\b[ \t]*[:.\-]*[ \t]*")
SUMMARY_CLOSE = re.compile(r"END[ \t]+(?:OF[ \t]+)?SUMMARY\b")
SUMMARY_START = re.compile(
    r"^(?:BEGIN[ \t]+)?SUMMARY(?:[ \t]+AND[ \t]+COMMENT)?\b[ \t]*[:.\-]*[ \t]*", re.I
)
SUMMARY_WINDOW = 6

CLASSIFIED_BY_IN_TEXT = re.compile(r"\bCLASSIFIED[ \t]+BY\b[ \t:.-]*(?P<text>[^\n]{1,300})", re.I)
CLASSIFIED_BY_LABEL = re.compile(r"^[ \t]*CLASSIFIED[ \t]+BY\b[ \t:.-]*", re.I)
REASON = re.compile(r"\bREASONS?\b[ \t]*[:.-]?[ \t]*", re.I)
NAME_TAIL = (" FOR", " PER")
REASON_PART = re.compile(r"(\d\.\d{1,2})|\(([A-Ha-h])\)|(?<![A-Za-z])([A-Ha-h])(?![A-Za-z])")
DECL = re.compile(r"\bDECL(?![A-Z])(?:[ \t]+ON)?[ \t]*[:.]?[ \t]*(?P<text>.*)$", re.I)
NOT_APPLICABLE = re.compile(r"\bN/?A\b", re.I)


def last_text_line(lines: list[str]) -> int:
    """Index of the last line with text, skipping end-of-message marks; -1 if none."""
    last = len(lines) - 1
    while last >= 0 and (not lines[last].strip() or lines[last].strip() in TRAILERS):
        last -= 1
    return last


def name_line(line: str) -> str | None:
    """The name a short line holds ("TRACY", "McKinley", "DE PREE"), else None."""
    line = CLOSING_PREFIX.sub("", " ".join(line.split()))
    match = SIGNER.match(line) if len(line) <= MAX_SIGNER + 2 else None
    if match is None:
        return None
    words = match.group(1).upper().replace(".", " ").split()
    if any(word in NOT_NAME_WORDS for word in words) or len(set(match.group(1).upper())) < 2:
        return None
    return match.group(1)


def closes_text(line: str) -> bool:
    """True when a line can come right before the signer: the end of a sentence, a rule,
    a web-site note, END COMMENT, a list item, another name (a drafter), a MINIMIZE note.
    After a sentence cut short (a page break, a wrap) the last line is its end, not a name."""
    stripped = line.strip()
    if stripped.endswith(TERMINAL) or not any(ch.isalnum() for ch in stripped):
        return True
    if "http" in stripped or "www." in stripped or stripped.startswith(("-", "*")):
        return True
    upper = stripped.upper()
    return (
        bool(GLUED_AFTER.search(upper)) or "MINIMIZE" in upper or name_line(stripped) is not None
    )


def find_signer(lines: list[str]) -> int | None:
    """Index of the signer line (last line of the text, a bare surname like TRACY), or None."""
    last = last_text_line(lines)
    if last < 0 or name_line(lines[last]) is None:
        return None
    before = last - 1
    while before >= 0 and not lines[before].strip():
        before -= 1
    if before >= 0 and not closes_text(lines[before]):
        return None
    return last


def take_signer(lines: list[str]) -> str | None:
    """The signer, removed from lines: a last line of its own, or a surname that an
    unwrapped (newspaper) copy glued after the last sentence ("END COMMENT. SOBEL")."""
    index = find_signer(lines)
    if index is not None:
        name = signer_name(lines[index])
        lines[index] = ""
        previous = last_text_line(lines)
        if previous >= 0 and signer_name(lines[previous]).upper() == name.upper():
            lines[previous] = ""  # the name written twice ("PAAL / PAAL")
        return name
    last = last_text_line(lines)
    glued = GLUED_SIGNER.search(lines[last]) if last >= 0 else None
    if glued is None or glued.group("name") in NOT_SIGNERS:
        return None
    before = lines[last][: glued.start("name")].rstrip()
    if not (GLUED_AFTER.search(before) or any(ch.islower() for ch in before)):
        return None
    lines[last] = before
    return glued.group("name")


def signer_name(line: str) -> str:
    """The signer as written, once ("SHANNON SHANNON" -> "SHANNON")."""
    name = (name_line(line) or line).strip().rstrip("#").rstrip(".")
    words = name.split()
    if len(words) > 1 and len({word.upper() for word in words}) == 1:
        return words[0]
    return " ".join(words)


def find_summary(paragraphs: list[ParsedParagraph]) -> str | None:
    """The summary: SUMMARY ... END SUMMARY, else a paragraph opening "Summary:"."""
    window = paragraphs[:SUMMARY_WINDOW]
    joined = "\n\n".join(paragraph.text for paragraph in window)
    span = summary_span(joined)
    if span:
        return span
    for index, paragraph in enumerate(window):
        start = SUMMARY_START.match(paragraph.text)
        if start and len(paragraph.text) > start.end() + 20:
            return " ".join(paragraph.text[start.end() :].split())
        heading = paragraph.number is None and paragraph.text.strip(" -:").upper() == "SUMMARY"
        if heading and index + 1 < len(window):
            return " ".join(window[index + 1].text.split())
    return None


def summary_span(text: str) -> str | None:
    """The text between SUMMARY and END SUMMARY, if both are there."""
    upper = text.upper()
    opening = SUMMARY_OPEN.search(upper)
    if opening is None:
        return None
    closing = SUMMARY_CLOSE.search(upper, opening.end())
    if closing is None:
        return None
    summary = " ".join(text[opening.end() : closing.start()].split()).rstrip(" (-")
    return summary or None


def split_classified_by(text: str) -> tuple[str | None, list[str]]:
    """ "Ambassador John Ordway, Reasons 1.4 (b) and (d)" -> name and ["1.4(b)", "1.4(d)"]."""
    text = CLASSIFIED_BY_LABEL.sub("", text)  # "Classified By: Classified by ..." repeats it
    match = REASON.search(text)
    name_part, reasons_part = (text[: match.start()], text[match.end() :]) if match else (text, "")
    name_part = name_part.strip(" \t,;.:-")
    if match and name_part.upper().endswith(NAME_TAIL):
        name_part = name_part[:-4].rstrip(" \t,;.:-")  # "... FOR REASONS 1.4"
    name = name_part or None
    return name, classification_reasons(reasons_part)


def classification_reasons(text: str) -> list[str]:
    """E.O. section 1.4/1.5 reasons: "1.4 (b) and (d)", "1.5 B/D" -> ["1.4(b)", "1.4(d)"]."""
    reasons: list[str] = []
    section = None
    for number, bracketed, bare in REASON_PART.findall(text):
        if number:
            section = number
            continue
        letter = (bracketed or bare).lower()
        if section:
            reason = f"{section}({letter})"
            if reason not in reasons:
                reasons.append(reason)
    if section and not reasons:
        reasons.append(section)
    return reasons


def classified_by_in_text(paragraphs: list[ParsedParagraph]) -> str | None:
    """A Classified By written inside the first paragraphs ("1. CLASSIFIED BY ...")."""
    for paragraph in paragraphs[:2]:
        match = CLASSIFIED_BY_IN_TEXT.search(paragraph.text)
        if match:
            return match.group("text")
    return None


def declassify_on(eo_line: str) -> str | None:
    """The declassification instruction of an E.O. line: ISO date when it is a date."""
    match = DECL.search(eo_line)
    if match:
        text = match.group("text").strip(" .")
    else:
        text = eo_line.split(":", 1)[1].strip(" .") if ":" in eo_line else ""
        if not text or NOT_APPLICABLE.fullmatch(text) or slash_date_iso(text) is None:
            return None
    if not text:
        return None
    return slash_date_iso(text) or text
