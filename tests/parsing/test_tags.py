"""The TAGS line: split, de-duplicated, unglued, each code with its kind."""

import pytest

from cableroom.parsing import ParsedTag, parse_cable
from cableroom.parsing.tags import parse_tags, unglue


def codes(line: str) -> list[str]:
    return [tag.code for tag in parse_tags(line)[0]]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "KCRM, KDEM, PGOV, PREL, SMIG, SNAR, KZ",
            ["KCRM", "KDEM", "PGOV", "PREL", "SMIG", "SNAR", "KZ"],
        ),
        ("PREL PGOV KZ", ["PREL", "PGOV", "KZ"]),
        ("PREL,PGOV,,KZ", ["PREL", "PGOV", "KZ"]),
        ("PREL; PGOV", ["PREL", "PGOV"]),
        ("PREL, PHUM, PREL, PHUM, VT", ["PREL", "PHUM", "VT"]),
        ("MASSMNUC, PREL", ["MASS", "MNUC", "PREL"]),
        ("VTPREL MEPP", ["VT", "PREL", "MEPP"]),
        ("KPAOKMDRKE", ["KPAO", "KMDR", "KE"]),
        ("PREL, TU, ADANA, Press Summaries", ["PREL", "TU", "ADANA", "Press Summaries"]),
        (
            "PARM, PREL, American - Spanish Relations",
            ["PARM", "PREL", "American - Spanish Relations"],
        ),
        ("OVIP (PATTERSON, ANNE) PREL", ["OVIP", "PREL", "PATTERSON, ANNE"]),
        ("PREL, PGOV, PATTERSON, ANNE, KZ", ["PREL", "PGOV", "PATTERSON, ANNE", "KZ"]),
        ("", []),
    ],
)
def test_tag_lines(line, expected):
    assert codes(line) == expected


@pytest.mark.parametrize(
    "word", ["COUNTER", "TERFIN", "HUMANR", "POLICY", "POLMIL", "PREL", "UNSC"]
)
def test_words_and_real_codes_are_not_unglued(word):
    assert unglue(word) is None


def test_kinds_come_from_the_tables_and_unknown_codes_are_other():
    tags, _notes = parse_tags(
        "PREL, KCRM, KZ, NATO, OVIP (PATTERSON, ANNE), Press Summaries, QQQQ, KNNP, ADANA"
    )
    assert tags == [
        ParsedTag("PREL", "subject"),
        ParsedTag("KCRM", "program"),
        ParsedTag("KZ", "geographic"),
        ParsedTag("NATO", "organisation"),
        ParsedTag("OVIP", "subject"),
        ParsedTag("Press Summaries", "other"),
        # No table lists these: their shape (a K, four letters, a comma) is no source.
        ParsedTag("QQQQ", "other"),
        ParsedTag("KNNP", "other"),
        ParsedTag("ADANA", "other"),
        ParsedTag("PATTERSON, ANNE", "other"),
    ]


def test_ungluing_is_reported():
    _tags, notes = parse_tags("MASSMNUC")
    assert notes == ["Glued tag MASSMNUC read as MASS, MNUC"]


@pytest.mark.parametrize(
    "line",
    [
        "TAGS: [KCRM](#) [KDEM](#) [KZ](#)",
        "TAGS: <a href='/tag/KCRM_0.html'>KCRM</a> <a href='/tag/KDEM_0.html'>KDEM</a> KZ",
        "TAGS KCRM, KDEM, KZ",
        "Tags: kcrm, kdem, kz",
    ],
)
def test_tags_line_spellings(line):
    cable = parse_cable(f"UNCLAS ASTANA 000033\n\n{line}\nSUBJECT: X\n\n1. Text.\n")
    assert [(tag.code, tag.kind) for tag in cable.tags] == [
        ("KCRM", "program"),
        ("KDEM", "program"),
        ("KZ", "geographic"),
    ]


def test_wrapped_tags_line_is_joined():
    cable = parse_cable(
        "UNCLAS MADRID 002043\n\nTAGS: CVIS, KVPR, (EL-\nSAYED, RABEI)\nSUBJECT: X\n"
    )
    assert cable.tags_line == "CVIS, KVPR, (EL- SAYED, RABEI)"
    assert cable.subject == "X"


def test_missing_tags_line_is_a_warning():
    cable = parse_cable("UNCLAS MADRID 002043\n\nSUBJECT: X\n\n1. Text.\n")
    assert cable.tags == [] and cable.tags_line is None
    assert any(w.field == "tags" and w.message == "No TAGS line found" for w in cable.warnings)
