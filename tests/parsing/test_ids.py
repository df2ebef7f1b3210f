"""Reference ids: canonical spellings for permalinks, and REF lines."""

import pytest

from cableroom.parsing import ParseError, Reference, canonical_reference_id, require_reference_id
from cableroom.parsing.ids import parse_references


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("06ASTANA33", "06ASTANA33"),
        ("06astana33", "06ASTANA33"),
        ("06 ASTANA 33", "06ASTANA33"),
        (" 06-ASTANA-000033 ", "06ASTANA33"),
        ("06ASTANA000033", "06ASTANA33"),
        ("1974STATE085546", "74STATE85546"),
        ("06ASTANA33_a", "06ASTANA33"),
        ("06ASTANA33_B", "06ASTANA33"),
        ("7575LIBREVILLE1895", "75LIBREVILLE1895"),
        ("85NOFORNMOGADISHU1643", "85MOGADISHU1643"),
        ("90STATE255291TOSEC140303", "90STATE255291"),
        ("08SCTION02OF02SAOPAULO335", "08SAOPAULO335"),
        ("10USUNNEWYORK99", "10USUNNEWYORK99"),
    ],
)
def test_canonical_reference_id(written, canonical):
    assert canonical_reference_id(written) == canonical


@pytest.mark.parametrize("written", ["", "ASTANA33", "07BERN", "hello world", "3000ASTANA1", "¶¶"])
def test_not_a_reference_id(written):
    assert canonical_reference_id(written) is None


@pytest.mark.parametrize(
    ("ref_line", "expected"),
    [
        (
            "A. STATE 12345 B. 05ASTANA123 (NOTAL)",
            [
                Reference("A", "06STATE12345", False, "STATE 12345"),
                Reference("B", "05ASTANA123", True, "05ASTANA123 (NOTAL)"),
            ],
        ),
        ("STATE 272523; USUN 6028", ["06STATE272523", "06USUNNEWYORK6028"]),
        ("A. 99 PRETORIA 12315  B. 00 CAPE TOWN 2150", ["99PRETORIA12315", "00CAPETOWN2150"]),
        ("A) BOGOTA 3560  B) BOGOTA 3610", ["06BOGOTA3560", "06BOGOTA3610"]),
        ("(A) LAGOS 2200 (B) LAGOS 2322", ["06LAGOS2200", "06LAGOS2322"]),
        ("A. SECSTATE 131524", ["06STATE131524"]),
        ("2004 Warsaw 4013", ["04WARSAW4013"]),
        ("A. MUSCAT 1912 B. USDR DOHA DTG 291258Z OCT 04", ["06MUSCAT1912", None]),
        (
            "A. STATE 124823 ¶B. GUHA-CARTER E-MAIL (07SEP07) ¶C. BERN 860",
            ["06STATE124823", None, "06BERN860"],
        ),
        ("TAIPEI 3626 (NOTAL)", ["06TAIPEI3626"]),
        ("NONE", [None]),
    ],
)
def test_references(ref_line, expected):
    references = parse_references(ref_line, "06")
    if isinstance(expected[0], Reference):
        assert references == expected
    else:
        assert [reference.reference_id for reference in references] == expected


def test_references_without_a_year_need_the_cable_year():
    assert parse_references("STATE 12345", None)[0].reference_id is None
    assert parse_references("05 STATE 12345", None)[0].reference_id == "05STATE12345"


def test_notal_flag():
    references = parse_references("A. TAIPEI 3626 (NOTAL) B. TAIPEI 3700", "89")
    assert [reference.notal for reference in references] == [True, False]


def test_strict_helper_raises_parse_error():
    assert require_reference_id("06 astana 33") == "06ASTANA33"
    with pytest.raises(ParseError, match="not a reference id"):
        require_reference_id("hello")
