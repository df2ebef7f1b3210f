"""A drafted cable's text, laid out as the dump holds it: header field and content field.

Three header styles (the partial-extract note, bare FM/TO lines, a full AUTODIN block),
then the classification line, SIPDIS, E.O., TAGS, SUBJECT, REF, Classified By, numbered
marked paragraphs wrapped at 64 columns with page-break lines, and the signer. Every
content line ends with a space, as nearly every line of the real dump does.
"""

import re
from functools import cache

from cableroom.refdata import posts
from cableroom.synthetic.prose import wrap
from cableroom.synthetic.textstats import PARTIAL_NOTE

WIDTH = 64
LEVELS = {
    "UNCLASSIFIED": "UNCLAS",
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY": "UNCLAS",
    "LIMITED OFFICIAL USE": "LIMITED OFFICIAL USE",
    "CONFIDENTIAL": "CONFIDENTIAL",
    "CONFIDENTIAL//NOFORN": "CONFIDENTIAL",
    "SECRET": "SECRET",
    "SECRET//NOFORN": "SECRET",
    "TOP SECRET": "TOP SECRET",
}
SECURITY = {"UNCLAS": "ZNR UUUUU ZZH", "CONFIDENTIAL": "ZNY CCCCC ZZH", "SECRET": "ZNY SSSSS ZZH"}
_ID = re.compile(r"^(\d{2})([A-Z]+?)(\d+)$")


@cache
def written_stations() -> dict[str, str]:
    """Station code -> how REF lines write it ("ABUDHABI" -> "ABU DHABI")."""
    found = {}
    for post in posts():
        city = post.city.upper()
        for code in post.station_codes:
            found.setdefault(code, city if city.replace(" ", "") == code else code)
    return found


def reference_text(target_id: str, year: int, notal: bool) -> str:
    """`STATE 12345`, or `05 ASTANA 123` when the target is from another year."""
    match = _ID.match(target_id)
    if not match:
        return target_id
    yy, station, serial = match.groups()
    written = written_stations().get(station, station)
    text = f"{written} {serial}" if int(yy) == year % 100 else f"{yy} {written} {serial}"
    return text + (" (NOTAL)" if notal else "")


def render_text(draft, tables, rng) -> tuple[str, str]:
    """(header field, content field) for the dump."""
    return _header(draft, rng), _content(draft, tables, rng)


def _level(draft) -> str:
    level = LEVELS.get(draft.planned.classification, "UNCLAS")
    if draft.spaced and level in {"CONFIDENTIAL", "SECRET"}:
        return " ".join(level)
    return level


def _header(draft, rng) -> str:
    style, f = draft.header_style, draft.fields
    if style == "partial":
        return f"{PARTIAL_NOTE} The full text of the original cable is not available.\n\n"
    if style == "none":
        return ""
    lines = []
    if style == "autodin":
        lines += _autodin_lines(draft, rng)
    lines += [f"{f['precedence']} {f['date_time_group']}", f"FM {f['from_line']}"]
    lines += _addressee_lines("TO", f["to"], style)
    lines += _addressee_lines("INFO", f["info"], style)
    if style == "autodin":
        lines.append("BT")
    return "\n".join(lines) + "\n"


def _autodin_lines(draft, rng) -> list[str]:
    f, moment = draft.fields, draft.planned.date_time
    relays = [a.routing_indicator for a in f["info"][:4]] or ["RUEHC"]
    level = LEVELS.get(draft.planned.classification, "UNCLAS")
    return [
        f["transmission_id"],
        f"{f['precedence'] * 2} {' '.join(relays)}",
        f"DE {f['sender_routing_indicator']} #{draft.planned.serial % 10000:04d}/01 "
        f"{moment.timetuple().tm_yday:03d}{moment:%H%M}",
        SECURITY.get(level, SECURITY["SECRET"]),
    ]


def _addressee_lines(word: str, addressees, style: str) -> list[str]:
    lines = []
    for index, a in enumerate(addressees):
        name = f"{a.routing_indicator}/{a.name}" if style == "autodin" else a.name
        line = " ".join(part for part in (name, a.precedence, a.serial) if part)
        lines.append(f"{word} {line}" if index == 0 else line)
    return lines


def _content(draft, tables, rng) -> str:
    lines = _preamble(draft)
    lines += _paragraph_lines(draft, tables, rng)
    lines += ["", "", draft.fields["signer"]]
    return "".join(f"{line} \n" for line in lines)


def _preamble(draft) -> list[str]:
    f, planned = draft.fields, draft.planned
    station = written_stations().get(planned.station, planned.station)
    digits = 5 if draft.era == "1966-1999" else 6
    section = f" SECTION 01 OF {f['sections']:02d}" if f["sections"] > 1 else ""
    lines = [f"{_level(draft)}{section} {station} {planned.serial:0{digits}d}", ""]
    lines += ["SIPDIS", ""] * draft.sipdis_lines
    if "FOR OFFICIAL USE ONLY" in planned.classification:
        lines += ["SENSITIVE", ""]
    if "NOFORN" in f["caveats"]:
        lines += ["NOFORN", ""]
    if draft.office_line:
        lines += [draft.office_line, ""]
    lines.append(f["eo_line"])
    lines += _tags_lines(f["tags"])
    lines += wrap(f"SUBJECT: {f['subject']}", WIDTH) + ["", ""]
    if f["references"] and draft.ref_line:
        lines += _ref_lines(f["references"]) + ["", ""]
    if f["classified_by"]:
        lines += _classified_by_lines(f["classified_by"]) + ["", ""]
    return lines


def _classified_by_lines(classified_by: str) -> list[str]:
    line = f"Classified By: {classified_by}"
    if len(line) <= WIDTH + 12:
        return [line]
    # Wrap after "1.4", as real copies do, so no line starts with the section number.
    first, _, rest = line.partition(" 1.4 ")
    return [f"{first} 1.4", rest]


def _tags_lines(tags: tuple[str, ...]) -> list[str]:
    codes = [tag for tag in tags if ", " not in tag]
    people = [f"({tag})" for tag in tags if ", " in tag]
    # A person tag follows the last code in parentheses: "TAGS: PREL, SP (SURNAME, NAME)".
    return [" ".join(["TAGS:", ", ".join(codes), *people]).replace("  ", " ")]


def _ref_lines(references) -> list[str]:
    if len(references) == 1:
        return wrap(f"REF: {references[0].text}", WIDTH)
    words = ["REF:"]
    for reference in references:
        words += [f"{reference.label}.", *reference.text.split()]
    return wrap(" ".join(words), WIDTH)


def _paragraph_lines(draft, tables, rng) -> list[str]:
    paragraphs = draft.fields["paragraphs"]
    wide = draft.era == "1966-1999"
    breaks = _page_breaks(paragraphs, draft.era, tables, rng)
    pages = len(breaks) + 1
    lines = []
    for index, paragraph in enumerate(paragraphs):
        lines += _paragraph(paragraph, wide)
        lines.append("")
        if index in breaks:
            lines += [_page_break(draft, breaks.index(index) + 2, pages), ""]
    return lines


def _page_breaks(paragraphs, era: str, tables, rng) -> list[int]:
    """Indexes of the paragraphs a page-break line follows.

    Real copies break pages mid-paragraph too; here breaks fall between paragraphs so
    that the paragraph text the parser reads back is the text the generator wrote.
    """
    rate = tables.page_break_rate[era]
    if rng.random() >= rate:
        return []
    spacing = max(150, int(tables.page_break_words[era] * rate))
    breaks, words = [], 0
    for index, paragraph in enumerate(paragraphs[:-1]):
        words += paragraph.text.count(" ") + 1
        if words >= spacing * (len(breaks) + 1):
            breaks.append(index)
    return breaks


def _paragraph(paragraph, wide: bool) -> list[str]:
    gap = "  " if wide else " "
    prefix = ""
    if paragraph.number is not None:
        prefix = f"{paragraph.number}.{gap}"
        prefix += f"({paragraph.marking}){gap}" if paragraph.marking else ""
    return wrap(prefix + paragraph.text, WIDTH)


def _page_break(draft, page: int, pages: int) -> str:
    planned = draft.planned
    station = written_stations().get(planned.station, planned.station)
    if draft.era == "1966-1999":
        indicator = draft.fields["sender_routing_indicator"] or "RUFHRA"
        level = LEVELS.get(planned.classification, "UNCLAS")
        serial = planned.serial
        return f"PAGE {page:02d} {indicator}{serial % 10000:04d} {level} {station} {serial:04d}"
    return f"{station} {planned.serial:08d}  {page:03d}.2 OF {pages:03d}"
