"""How to cite a cable: Chicago-style note and BibTeX entry, optionally pinned to a paragraph.

Pure functions over a small dataclass, so the wording can be tested without a database.
The subject is cited as the cable wrote it (upper case): changing its case would
mangle the acronyms cables are full of. A citation names the version the page shows
(a later copy can change the text) and the fields curators corrected, since the cited
wording is then the archive's, not the cable's.
"""

from dataclasses import dataclass
from datetime import datetime

ARCHIVE_NAME = "Cable Room"

# BibTeX's special characters, escaped so a subject like "R&D" cannot break the entry.
BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class CitedCable:
    """What a citation names: the cable, where it came from, and its permanent address."""

    reference_id: str
    subject: str
    origin: str
    date_time: datetime | None
    classification: str
    url: str  # the permalink, absolute
    paragraph: str = ""  # the paragraph number as printed ("5"), for a pinpoint
    anchor: str = ""  # the paragraph's anchor ("p5")
    version: int | None = None  # the number of the version cited (`/versions/2/`)
    corrected: tuple[str, ...] = ()  # the fields curators corrected ("subject", "date")

    @property
    def pinpoint_url(self) -> str:
        return f"{self.url}#{self.anchor}" if self.anchor else self.url

    @property
    def version_words(self) -> list[str]:
        """ "version 2" and "subject and date corrected by a curator", as far as known."""
        words = [f"version {self.version}"] if self.version else []
        if self.corrected:
            words.append(f"{_listed(self.corrected)} corrected by a curator")
        return words


def chicago(cited: CitedCable) -> str:
    """A Chicago-style note: sender, "subject," cable id, date, ¶, archive, URL.

    The classification is left to the BibTeX note: Chicago notes for cables omit it.
    """
    parts = [cited.origin or "US Department of State"]
    if cited.subject:
        parts.append(f"\u201c{cited.subject.strip()},\u201d")
    parts.append(f"cable {cited.reference_id}")
    if cited.date_time:
        parts.append(_long_date(cited.date_time))
    if cited.paragraph:
        parts.append(f"\u00b6\u00a0{cited.paragraph}")
    parts += [*cited.version_words, ARCHIVE_NAME, cited.pinpoint_url]
    return _join_note(parts) + "."


def bibtex(cited: CitedCable) -> str:
    """A BibTeX @misc entry keyed by the reference id, with the paragraph in `note`."""
    fields = [
        ("author", "{" + bibtex_escape(cited.origin or "US Department of State") + "}"),
        ("title", "{" + bibtex_escape(cited.subject.strip()) + "}"),
        ("howpublished", f"Diplomatic cable {bibtex_escape(cited.reference_id)}"),
    ]
    if cited.date_time:
        fields += [
            ("year", str(cited.date_time.year)),
            ("date", cited.date_time.date().isoformat()),
        ]
    note = [bibtex_escape(cited.classification)] if cited.classification else []
    if cited.paragraph:
        note.append(f"para.~{bibtex_escape(cited.paragraph)}")
    note += [bibtex_escape(words) for words in cited.version_words]
    if note:
        fields.append(("note", ", ".join(note)))
    if cited.version:
        fields.append(("version", str(cited.version)))
    fields += [("publisher", ARCHIVE_NAME), ("url", cited.pinpoint_url)]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    month = f",\n  month = {MONTHS[cited.date_time.month - 1]}" if cited.date_time else ""
    return f"@misc{{{_bibtex_key(cited)},\n{body}{month}\n}}"


def bibtex_escape(text: str) -> str:
    """Text with BibTeX's special characters escaped."""
    return "".join(BIBTEX_ESCAPES.get(character, character) for character in text)


def _bibtex_key(cited: CitedCable) -> str:
    key = "".join(character for character in cited.reference_id if character.isalnum())
    return f"{key}-p{cited.paragraph}" if cited.paragraph else key


def _long_date(date_time: datetime) -> str:
    return f"{date_time:%B} {date_time.day}, {date_time.year}"


def _listed(names: tuple[str, ...]) -> str:
    """ "subject", "subject and date", "subject, date and tags"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _join_note(parts: list[str]) -> str:
    """Comma-separated, except after a quoted title that already ends in its comma."""
    text = parts[0]
    for part in parts[1:]:
        text += " " if text.endswith(",\u201d") else ", "
        text += part
    return text
