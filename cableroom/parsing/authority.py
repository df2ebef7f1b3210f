"""Who classified a cable and who signed it, as one spelling per person for the facets.

Classified By lines name an official in every order and case: "Ambassador John Ordway",
"AMBASSADOR JOHN ORDWAY", "Abelardo A. Arias, Political Counselor", "CDA Daniel
Russell". The name and the title are split apart (the title is the run of title words
before the name, or what follows a comma after it), and the name is written one way
whatever its case: words capitalised from their lower-case form, initials with a point
(`Marsha E Barnes` -> `Marsha E. Barnes`), `Mc`, `O'` and hyphenated parts capitalised
after them. So "JOHN ORDWAY" and "John Ordway" are one value. Common abbreviations of
titles are written out (`Amb.`, `DCM`, `CDA`, `Poloff`), others are capitalised.
The signer, usually a bare surname (`ORDWAY`), is written the same way.
"""

import re
from dataclasses import dataclass

# Words that make up titles, lower case, their points and commas dropped.
TITLE_WORDS = frozenset(
    """
    ambassador amb acting a/dcm dcm cda charge chargé d'affaires d' affaires a.i ai
    deputy chief of mission com principal officer consul general cg counselor counsellor
    minister minister-counselor political politcal economic econ pol pol/econ econ/pol
    polchief poloff econoff pol/econoff polcouns a/polcouns a/dcm pol/mil polmil section
    head director deputy-director assistant secretary under pdas das das/ for and the
    regional affairs management public diplomacy officer-in-charge officer charge'
    refcoord admissions interagency provincial ait io eur nea wha sca eap af inr inr/ops
    usun usnato usoecd usec permanent representative rep coordinator usesu useu pas attache defense
    military commercial agricultural labor consular legal senior advisor adviser team
    leader prt special envoy mgmt rso pao dpao ds/ia acting/dcm a/cda a/com a/pol
    a/econ chargé d'affaires, charge d'affaires minister-counsellor economics dep
    """.split()
)
# Abbreviations of titles written out; keys are lower case, points and commas dropped.
TITLES = {
    "amb": "Ambassador",
    "cda": "Chargé d'Affaires",
    "charge": "Chargé d'Affaires",
    "charge d'affaires": "Chargé d'Affaires",
    "charge d' affaires": "Chargé d'Affaires",
    "charge d'affaires ai": "Chargé d'Affaires",
    "charge ai": "Chargé d'Affaires",
    "chargé d'affaires": "Chargé d'Affaires",
    "a/dcm": "Acting Deputy Chief of Mission",
    "acting dcm": "Acting Deputy Chief of Mission",
    "dcm": "Deputy Chief of Mission",
    "com": "Chief of Mission",
    "cg": "Consul General",
    "poloff": "Political Officer",
    "econoff": "Economic Officer",
    "polchief": "Political Chief",
    "polcouns": "Political Counselor",
    "a/polcouns": "Acting Political Counselor",
}
# Titles that keep their capitals ("AIT Director", "EUR PDAS").
ACRONYMS = frozenset(
    "ait io eur nea wha sca eap af inr usun usnato usoecd usec pdas das prt rso pao dpao "
    "dcm cda com cg a/dcm pol/econ econ/pol pol/mil inr/ops ds/ia".split()
)
NAME_SUFFIXES = {"jr": "Jr.", "sr": "Sr.", "ii": "II", "iii": "III", "iv": "IV"}
# What a Classified By line may still carry after the name: "FOR 1.4 (D)", "per 1.5",
# "for reaso ns 1.4 b and d", a cut-off "FO R".
TRAILING_REASON = re.compile(
    r"[\s,;.:]+(?:(?:for|per|under)\b.*|reasons?\b.*|fo r|e\.?o\.?\b.*|1\.[4-6]\b.*)$", re.I
)
MAX_NAME_WORDS = 5


@dataclass(frozen=True)
class Authority:
    """The official a Classified By line names: `name` for faceting, `title` beside it."""

    name: str = ""
    title: str = ""


def read_classified_by(text: str | None) -> Authority:
    """Name and title of the parser's `classified_by` ("Ambassador John Ordway")."""
    text = " ".join((text or "").split())
    text = TRAILING_REASON.sub("", text).strip(" ,;.:-")
    if not text:
        return Authority()
    head, _, tail = text.partition(",")
    if tail and _is_title(head) and not _is_title(tail):
        # "CHARGE D'AFFAIRES, D. BRENT HARDT"
        return Authority(person_name(tail), official_title(head))
    if tail and not _is_title(head.split()[0]):
        # "Abelardo A. Arias, Political Counselor", "SUZANNE MCCORMICK, DIRECTOR, INR/OPS"
        return Authority(person_name(head), official_title(tail.replace(",", " ")))
    words = text.replace(",", " ").split()
    start = 0
    while start < len(words) and _is_title_word(words[start]):
        start += 1
    title_words, name_words = words[:start], words[start:]
    if len(name_words) > MAX_NAME_WORDS:
        # A sentence, not a name: keep it out of the facet.
        return Authority("", official_title(" ".join(title_words)))
    return Authority(person_name(" ".join(name_words)), official_title(" ".join(title_words)))


def signer_name(text: str | None) -> str:
    """The signer written one way: "ORDWAY" and "Ordway" are "Ordway"."""
    return person_name(text or "")


def person_name(text: str) -> str:
    """A name capitalised from its lower-case form, initials with a point."""
    words = []
    for raw in text.replace(".", ". ").split():
        word = raw.strip(" ,;:")
        if not word or word == ".":
            continue
        bare = word.rstrip(".").lower()
        if bare in NAME_SUFFIXES:
            words.append(NAME_SUFFIXES[bare])
        elif len(bare) == 1 and bare.isalpha():
            words.append(bare.upper() + ".")
        else:
            words.append(_capitalised(bare))
    return " ".join(words)


def official_title(text: str) -> str:
    """A title with its common abbreviations written out ("Amb." -> "Ambassador")."""
    key = " ".join(text.replace(".", "").replace(",", " ").lower().split())
    if not key:
        return ""
    if key in TITLES:
        return TITLES[key]
    words = [TITLES.get(word) or _title_word(word) for word in key.split()]
    return " ".join(words)


def _title_word(word: str) -> str:
    if word in ACRONYMS or "/" in word:  # office symbols: "ISN/MTR", "POL/C"
        return word.upper()
    if word in {"of", "for", "and", "the"}:
        return word
    return _capitalised(word)


def _capitalised(word: str) -> str:
    """`mckinley` -> `McKinley`, `o'brien` -> `O'Brien`, `hinson-jones` -> `Hinson-Jones`."""
    parts = re.split(r"([-'’/])", word)
    out = []
    for part in parts:
        if part.startswith("mc") and len(part) > 2:
            out.append("Mc" + part[2:].capitalize())
        else:
            out.append(part.capitalize())
    return "".join(out)


def _is_title_word(word: str) -> bool:
    # Office symbols ("ISN/MTR", "Pol/C", "A/S") are part of the title, never of a name.
    if "/" in word:
        return True
    return word.replace(".", "").replace(",", "").lower() in TITLE_WORDS or (
        word.lower().rstrip(".,") in TITLE_WORDS
    )


def _is_title(text: str) -> bool:
    words = text.split()
    return bool(words) and all(_is_title_word(word) for word in words)
