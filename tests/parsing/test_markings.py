"""Classification lines, caveats, and the classification as the dump writes it."""

import pytest

from cableroom.parsing import parse_cable
from cableroom.parsing.classline import locate_classification_line
from cableroom.parsing.markings import caption_caveats, dump_classification


@pytest.mark.parametrize(
    ("line", "level", "station", "serial", "section"),
    [
        ("UNCLAS SECTION 01 OF 02 ASTANA 000033", "UNCLASSIFIED", "ASTANA", "000033", (1, 2)),
        ("C O N F I D E N T I A L TAIPEI 03647", "CONFIDENTIAL", "TAIPEI", "03647", (None, None)),
        ("S E C R E T SECTION 01 OF 04 MOSCOW 005154", "SECRET", "MOSCOW", "005154", (1, 4)),
        ("UNCLAS KUALA LUMPUR 001376", "UNCLASSIFIED", "KUALALUMPUR", "001376", (None, None)),
        (
            "UNCLAS E F T O SECTION 01 OF 04 BOGOTA 003096",
            "UNCLASSIFIED",
            "BOGOTA",
            "003096",
            (1, 4),
        ),
        (
            "SECRET NOFORN SECTION 02 OF 03 USUN NEW YORK 000123",
            "SECRET",
            "USUNNEWYORK",
            "000123",
            (2, 3),
        ),
        (
            "LIMITED OFFICIAL USE ZAGREB 02038",
            "LIMITED OFFICIAL USE",
            "ZAGREB",
            "02038",
            (None, None),
        ),
        ("TOP SECRET STATE 012345", "TOP SECRET", "STATE", "012345", (None, None)),
        ("SS E C R E T TUNIS 000679", "SECRET", "TUNIS", "000679", (None, None)),
        ("UUNCLAS MANAGUA 001002", "UNCLASSIFIED", "MANAGUA", "001002", (None, None)),
        ("S e c r e t state 068250", "SECRET", "STATE", "068250", (None, None)),
    ],
)
def test_classification_lines(line, level, station, serial, section):
    _index, found = locate_classification_line(f"FM AMEMBASSY X\n\n{line}\n")
    assert (found.level, found.station, found.serial) == (level, station, serial)
    assert (found.section, found.sections) == section


def test_year_written_before_the_station_in_old_cables():
    _index, found = locate_classification_line("C O N F I D E N T I A L 75 LIBREVILLE 1895\n")
    assert (found.year, found.station, found.serial) == ("75", "LIBREVILLE", "1895")


def test_prose_starting_with_a_level_word_is_not_a_classification_line():
    text = "SECRETARY RICE MET THE MINISTER 2006\nUNCLAS PARIS 001234\n"
    index, found = locate_classification_line(text)
    assert index == 1 and found.station == "PARIS"


def test_labels_glued_onto_the_classification_line_are_split_off():
    _index, found = locate_classification_line(
        "C O N F I D E N T I A L SECTION 01 OF 02 STATE 000284 SIPDIS E.O. 12958: DECL: "
        "01/04/2020 TAGS: MASS MARR\n"
    )
    assert found.station == "STATE" and found.serial == "000284"
    assert found.tail == ["SIPDIS", "E.O. 12958: DECL: 01/04/2020", "TAGS: MASS MARR"]


@pytest.mark.parametrize(
    ("line", "caveats"),
    [
        ("SIPDIS", ["SIPDIS"]),
        ("SENSITIVE/NOFORN", ["SENSITIVE", "NOFORN"]),
        ("NODIS CHEROKEE", ["NODIS", "CHEROKEE"]),
        ("CONFIDENTIAL NOFORN", ["NOFORN"]),
        ("SENSITIVE, BUT UNCLASSIFIED", ["SENSITIVE"]),
        ("SENSITIVE BUT UNCLASSIFIED", ["SBU"]),
        ("E F T O", ["EFTO"]),
        ("Sipdis", ["SIPDIS"]),
        ("NOFORN FOR DS/ICI/PII, OTTAWA FOR RSO", None),
        ("BUSINESS SENSITIVE", None),
        ("DEPARTMENT FOR SCA/CEN", None),
    ],
)
def test_caption_lines(line, caveats):
    assert caption_caveats(line) == caveats


@pytest.mark.parametrize(
    ("level", "caveats", "year", "written"),
    [
        ("UNCLASSIFIED", [], 2006, "UNCLASSIFIED"),
        ("UNCLASSIFIED", ["SIPDIS", "SENSITIVE"], 2006, "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        ("UNCLASSIFIED", ["SBU"], 2004, "UNCLASSIFIED"),
        ("UNCLASSIFIED", ["NOFORN", "SENSITIVE"], 2004, "UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
        ("LIMITED OFFICIAL USE", [], 1992, "UNCLASSIFIED"),
        ("CONFIDENTIAL", [], 2009, "CONFIDENTIAL"),
        ("CONFIDENTIAL", ["NOFORN"], 2009, "CONFIDENTIAL//NOFORN"),
        ("CONFIDENTIAL", ["SENSITIVE"], 2004, "CONFIDENTIAL//NOFORN"),
        ("CONFIDENTIAL", ["SENSITIVE"], 2008, "CONFIDENTIAL"),
        ("SECRET", ["SIPDIS", "NOFORN"], 2007, "SECRET//NOFORN"),
        ("SECRET", ["SENSITIVE"], 2004, "SECRET"),
        ("TOP SECRET", [], 1975, "TOP SECRET"),
        (None, ["NOFORN"], 2007, None),
    ],
)
def test_classification_as_the_dump_writes_it(level, caveats, year, written):
    assert dump_classification(level, caveats, year) == written


def test_caveats_in_order_once_each_and_not_folded_from_paragraph_markings():
    cable = parse_cable(
        "S E C R E T SECTION 01 OF 02 MEXICO 003061\n\nNOFORN\nSIPDIS\nSIPDIS\n\n"
        "E.O. 12958: DECL: 07/24/2019\nTAGS: PREL MX\nSUBJECT: X\n\n1. (S/NF) Text.\n"
    )
    assert cable.caveats == ["NOFORN", "SIPDIS"]
    assert cable.classification == "SECRET//NOFORN"
    plain = parse_cable("S E C R E T MEXICO 003061\n\nSUBJECT: X\n\n1. (S/NF) Text.\n")
    assert plain.classification == "SECRET"


def test_limited_official_use_is_kept_as_a_caveat():
    cable = parse_cable("LIMITED OFFICIAL USE ZAGREB 02038\n\nSUBJECT: X\n\n1. (LOU) Text.\n")
    assert cable.classification == "UNCLASSIFIED"
    assert cable.caveats[0] == "LOU"
    assert cable.paragraphs[0].marking == "LOU"
