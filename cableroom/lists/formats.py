"""A list written out for reference managers and notes: BibTeX, CSL-JSON, Markdown.

Withdrawn cables stay out of BibTeX and CSL-JSON (the archive no longer serves the
address they would cite); Markdown names them as withdrawn, so the reader's notes on
them are not lost. A reader's note goes in BibTeX's `annote` and CSL's `note`.
"""

from cableroom.lists.entries import ListEntry
from cableroom.models import ReadingList
from cableroom.reading.citation import ARCHIVE_NAME, bibtex, bibtex_escape

CSL_GENRE = "Diplomatic cable"
# Markdown's inline punctuation, escaped in text the reader did not write as Markdown
# (subjects, ids, posts). Those never start a line here, so `#`, `-`, `+` and `1.` are safe.
MARKDOWN_SPECIALS = set("\\`*_[]<>|")


def citable(entries: list[ListEntry]) -> list[ListEntry]:
    return [entry for entry in entries if not entry.withdrawn]


def bibtex_file(entries: list[ListEntry]) -> str:
    """One @misc entry per item (keys `06ASTANA33`, `06ASTANA33-p5`), blank-line separated."""
    written = []
    for entry in citable(entries):
        text = bibtex(entry.citation)
        if entry.item.note:
            # The entry ends with "\n}": the annotation goes in as its last field.
            text = f"{text[:-2]},\n  annote = {{{bibtex_escape(entry.item.note)}}}\n}}"
        written.append(text)
    return "\n\n".join(written) + ("\n" if written else "")


def csl_items(entries: list[ListEntry]) -> list[dict]:
    """CSL-JSON items (the citation-style-language schema, csl-data.json)."""
    items = []
    for entry in citable(entries):
        cited = entry.citation
        item = {
            "id": cited.reference_id + (f"-{cited.anchor}" if cited.anchor else ""),
            "type": "document",
            "genre": CSL_GENRE,
            "title": cited.subject.strip() or cited.reference_id,
            "author": [{"literal": cited.origin or "US Department of State"}],
            "number": cited.reference_id,
            "publisher": ARCHIVE_NAME,
            "URL": cited.pinpoint_url,
        }
        if cited.date_time:
            when = cited.date_time
            item["issued"] = {"date-parts": [[when.year, when.month, when.day]]}
        if cited.paragraph:
            item["section"] = f"para. {cited.paragraph}"
        if cited.classification:
            item["status"] = cited.classification
        if entry.item.note:
            item["note"] = entry.item.note
        items.append(item)
    return items


def markdown(reading_list: ReadingList, entries: list[ListEntry], shared_url: str) -> str:
    """A numbered list of links with the reader's notes quoted under each item."""
    lines = [f"# {markdown_escape(reading_list.title or 'Reading list')}", ""]
    lines += [f"From {ARCHIVE_NAME}: <{shared_url}>", ""]
    for number, entry in enumerate(entries, start=1):
        cited = entry.citation
        subject = markdown_escape(cited.subject.strip() or "(no subject)")
        if entry.withdrawn:
            lines.append(f"{number}. {entry.label}: {subject} (withdrawn from the archive)")
        else:
            facts = ", ".join(
                fact
                for fact in (cited.origin, cited.date_time and cited.date_time.date().isoformat())
                if fact
            )
            lines.append(
                f"{number}. [{markdown_escape(entry.label)}]({cited.pinpoint_url}): {subject}"
                + (f" ({markdown_escape(facts)})" if facts else "")
            )
        for line in entry.item.note.splitlines():
            lines.append(f"   > {line}" if line.strip() else "   >")
    return "\n".join(lines) + "\n"


def markdown_escape(text: str) -> str:
    return "".join(f"\\{c}" if c in MARKDOWN_SPECIALS else c for c in " ".join(text.split()))
