"""The tag glossary `/tags/`: the tags cables use, A–Z and by kind, a letter at a time.

Everything comes from the browse index (codes, kinds, descriptions, counts), so the page
asks the database nothing. The reference facts know thousands of codes no cable in the
archive carries: a search (`q`) finds them, the lists leave them out.
"""

from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urlencode

from django import forms

from cableroom.browse.facets import TAG_KINDS
from cableroom.browse.index import BrowseIndex

# Up to this many tags the glossary is one page; beyond, it shows one letter at a time.
ONE_PAGE = 300
# A search lists at most this many tags (the most used first).
SEARCH_LIMIT = 500
OTHER_LETTER = "#"
LETTERS = [chr(code) for code in range(ord("A"), ord("Z") + 1)] + [OTHER_LETTER]


class GlossaryForm(forms.Form):
    """The glossary's parameters; a bad value is a 400 naming the parameter."""

    kind = forms.ChoiceField(required=False, choices=[("", "all")] + [(k, k) for k in TAG_KINDS])
    letter = forms.ChoiceField(required=False, choices=[("", "")] + [(x, x) for x in LETTERS])
    q = forms.CharField(required=False, max_length=100, strip=True)


@dataclass(frozen=True)
class GlossaryEntry:
    """One tag as the glossary shows it."""

    code: str
    kind: str
    description: str
    count: int
    anchor: str  # the entry's HTML id, unique per code
    merged_into: str | None
    merged_url: str  # where the tag it was merged into is listed, "" if not merged


@dataclass(frozen=True)
class Glossary:
    """What one glossary page shows: entries, and the letters and kinds to move to."""

    kind: str
    letter: str  # the letter shown, "" when the page shows every letter or a search
    q: str
    entries: list[GlossaryEntry]
    letters: list[tuple[str, int, str]]  # (letter, tags in use, url)
    kinds: list[tuple[str, int, str]]  # (kind or "", tags in use, url)
    truncated: bool  # a search matched more than SEARCH_LIMIT tags

    def by_letter(self) -> list[tuple[str, list[GlossaryEntry]]]:
        """The entries under their letters, for the page's headings."""
        if self.q:
            return [("", self.entries)] if self.entries else []
        return [(key, list(group)) for key, group in groupby(self.entries, letter_of)]


def letter_of(entry_or_code) -> str:
    """The letter a code is listed under: A–Z, or # for digits and anything else."""
    code = entry_or_code if isinstance(entry_or_code, str) else entry_or_code.code
    first = code[:1].upper()
    return first if "A" <= first <= "Z" else OTHER_LETTER


def first_letter(codes: list[str]) -> str:
    """The first letter, A to Z then #, that any of the codes is listed under."""
    present = {letter_of(code) for code in codes}
    return next(letter for letter in LETTERS if letter in present)


def tag_anchor(code: str) -> str:
    """An HTML id for a code, different for every code: letters, digits and hyphens stay,
    every other character becomes `_<hex>_` (PREL -> tag-PREL, "S.P." -> tag-S_2e_P_2e_)."""
    kept = (
        ch if ch.isascii() and (ch.isalnum() or ch == "-") else f"_{ord(ch):x}_" for ch in code
    )
    return "tag-" + "".join(kept)


def glossary_url(path: str, *, kind: str = "", letter: str = "", q: str = "") -> str:
    items = [
        (name, value) for name, value in (("kind", kind), ("letter", letter), ("q", q)) if value
    ]
    return f"{path}?{urlencode(items)}" if items else path


def build_glossary(index: BrowseIndex, path: str, *, kind="", letter="", q="") -> Glossary:
    """The glossary page for these (valid) parameters, read from the browse index."""
    counts = dict(zip(index.tag.values, index.tag.counts(None).tolist(), strict=True))
    used = sorted(
        (code for code, count in counts.items() if count and code in index.tags),
        key=str.casefold,
    )
    of_kind = [code for code in used if not kind or index.tags[code].kind == kind]
    truncated = False
    if q:
        codes, truncated = search(index, counts, q.casefold(), kind)
    else:
        if not letter and len(of_kind) > ONE_PAGE:
            letter = first_letter(of_kind)
        codes = [code for code in of_kind if not letter or letter_of(code) == letter]
    entries = [entry(index, counts, code, path, len(of_kind) > ONE_PAGE) for code in codes]
    return Glossary(
        kind=kind,
        letter=letter,
        q=q,
        entries=entries,
        letters=letter_links(of_kind, path, kind),
        kinds=kind_links(index, used, path),
        truncated=truncated,
    )


def search(index: BrowseIndex, counts: dict, needle: str, kind: str) -> tuple[list[str], bool]:
    """Codes, used or not, whose code or description holds the needle: most used first."""
    found = [
        code
        for code, info in index.tags.items()
        if (not kind or info.kind == kind)
        and (needle in code.casefold() or needle in info.description.casefold())
    ]
    found.sort(key=lambda code: (-counts.get(code, 0), code.casefold()))
    return found[:SEARCH_LIMIT], len(found) > SEARCH_LIMIT


def entry(index: BrowseIndex, counts: dict, code: str, path: str, paged: bool) -> GlossaryEntry:
    info = index.tags[code]
    merged_url = ""
    if info.merged_into:
        letter = letter_of(info.merged_into) if paged else ""
        merged_url = glossary_url(path, letter=letter) + "#" + tag_anchor(info.merged_into)
    return GlossaryEntry(
        code=code,
        kind=info.kind,
        description=info.description,
        count=counts.get(code, 0),
        anchor=tag_anchor(code),
        merged_into=info.merged_into,
        merged_url=merged_url,
    )


def letter_links(codes: list[str], path: str, kind: str) -> list[tuple[str, int, str]]:
    per_letter = {letter: 0 for letter in LETTERS}
    for code in codes:
        per_letter[letter_of(code)] += 1
    return [
        (letter, count, glossary_url(path, kind=kind, letter=letter))
        for letter, count in per_letter.items()
    ]


def kind_links(index: BrowseIndex, used: list[str], path: str) -> list[tuple[str, int, str]]:
    per_kind = {kind: 0 for kind in TAG_KINDS}
    for code in used:
        per_kind[index.tags[code].kind] = per_kind.get(index.tags[code].kind, 0) + 1
    links = [("", len(used), glossary_url(path))]
    return links + [(kind, n, glossary_url(path, kind=kind)) for kind, n in per_kind.items()]
