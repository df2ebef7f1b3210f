"""The transmission header: addressees, date-time groups, DE line, FM/TO/INFO."""

from datetime import UTC, datetime

import pytest

from cableroom.parsing import Addressee, parse_cable
from cableroom.parsing.dates import dtg_datetime, long_date_datetime
from cableroom.parsing.header import parse_addressee, precedence_word


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "RUEHC/SECSTATE WASHDC PRIORITY 0107",
            Addressee("SECSTATE WASHDC", "RUEHC", "PRIORITY", "0107"),
        ),
        ("RUCNCIS/CIS COLLECTIVE", Addressee("CIS COLLECTIVE", "RUCNCIS", None, None)),
        ("RUEHBUL/AMEMBASSY KABUL 0019", Addressee("AMEMBASSY KABUL", "RUEHBUL", None, "0019")),
        (
            "SECSTATE WASHDC IMMEDIATE 7102",
            Addressee("SECSTATE WASHDC", None, "IMMEDIATE", "7102"),
        ),
        ("SECSTATE WASHDC IMMEDIATE", Addressee("SECSTATE WASHDC", None, "IMMEDIATE", None)),
        (
            "USMISSION USUN NEWYORK NIACT IMMEDIATE",
            Addressee("USMISSION USUN NEWYORK", None, "NIACT IMMEDIATE", None),
        ),
        (
            "AMEMBASSY BRASILIA PRIOITY 0954",
            Addressee("AMEMBASSY BRASILIA", None, "PRIORITY", "0954"),
        ),
        ("AMEMBASSY PRISTINA ROUTINE", Addressee("AMEMBASSY PRISTINA", None, "ROUTINE", None)),
        ("AMCOMSUL DHAHRAN", Addressee("AMCOMSUL DHAHRAN", None, None, None)),
        (
            "INFO/RUEHSA/AMEMBASSY PRETORIA",
            Addressee("AMEMBASSY PRETORIA", "RUEHSA", None, None),
        ),
        (
            "ZEN/AMEMBASSY DJIBOUTI IMMEDIATE 4024-4027",
            Addressee("AMEMBASSY DJIBOUTI", None, "IMMEDIATE", "4024-4027"),
        ),
        ("AMEMBASSY CAIRO 7483-", Addressee("AMEMBASSY CAIRO", None, None, "7483-")),
        (
            "AMEMBASSY LONDONIMMEDIATE",
            Addressee("AMEMBASSY LONDON", None, "IMMEDIATE", None),
        ),
        ("IMMEDIATE", None),
        (
            "JOINT STAFF WASHDC//J5/UNMA//",
            Addressee("JOINT STAFF WASHDC", None, None, None),
        ),
    ],
)
def test_addressee_lines(line, expected):
    assert parse_addressee(line) == expected


def test_two_addressees_on_one_line_are_two():
    cable = parse_cable("FM AMEMBASSY ROME\nTO SECDEF WASHDC IMMEDIATE ALDAC\n\nTEXT\n")
    assert [(a.name, a.precedence) for a in cable.to] == [
        ("SECDEF WASHDC", "IMMEDIATE"),
        ("ALDAC", None),
    ]


def test_a_line_that_is_no_addressee_ends_the_list_with_a_warning():
    text = "FM AMEMBASSY KUWAIT\nTO SECSTATE WASHDC\nDATE: 2009-02-05 16:36:00\nNSC WASHDC\n"
    cable = parse_cable(text + "\nTEXT\n")
    assert [a.name for a in cable.to] == ["SECSTATE WASHDC"]
    assert any("is not an addressee: it is a labelled line" in w.message for w in cable.warnings)


@pytest.mark.parametrize(
    ("word", "precedence"),
    [
        ("PRIORITY", "PRIORITY"),
        ("PRIOITY", "PRIORITY"),
        ("PRIORTY", "PRIORITY"),
        ("IMMEDAITE", "IMMEDIATE"),
        ("ROUTINE", "ROUTINE"),
        ("PRISTINA", None),
        ("PRETORIA", None),
        ("ROME", None),
    ],
)
def test_precedence_words_forgive_typos_but_not_city_names(word, precedence):
    assert precedence_word(word) == precedence


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        (("191331", "APR", "06"), datetime(2006, 4, 19, 13, 31, tzinfo=UTC)),
        (("170856", "May", "00"), datetime(2000, 5, 17, 8, 56, tzinfo=UTC)),
        (("181205", "NOV", "75"), datetime(1975, 11, 18, 12, 5, tzinfo=UTC)),
        (("010000", "JAN", "1974"), datetime(1974, 1, 1, 0, 0, tzinfo=UTC)),
        (("311331", "FEB", "06"), None),
        (("191331", "XYZ", "06"), None),
    ],
)
def test_date_time_groups(group, expected):
    assert dtg_datetime(*group) == expected


def test_newspaper_date_line():
    expected = datetime(2001, 2, 23, 15, 53, tzinfo=UTC)
    assert long_date_datetime("Friday, 23 February 2001, 15:53") == expected


AUTODIN = """\
VZCZCXRO7821
PP RUEHDBU RUEHLN RUEHVK
RUEHYG
DE RUEHAST #0033/01 1091331
ZNR UUUUU ZZH
P 191331Z APR 06
FM USOFFICE ASTANA
TO RUEHC/SECSTATE WASHDC PRIORITY 0107
INFO RUEHTA/AMEMBASSY ALMATY PRIORITY 0101
RUCNCIS/CIS COLLECTIVE
XMT AMEMBASSY LONDON
AMEMBASSY PARIS
BT
UNCLAS SECTION 01 OF 02 ASTANA 000033
"""


def test_autodin_header():
    cable = parse_cable(AUTODIN)
    assert cable.transmission_id == "VZCZCXRO7821"
    assert cable.sender_routing_indicator == "RUEHAST"
    assert cable.station_serial == "33"
    assert cable.precedence == "PRIORITY"
    assert cable.date_time_group == "191331Z APR 06"
    assert cable.from_line == "USOFFICE ASTANA"
    assert [a.name for a in cable.to] == ["SECSTATE WASHDC"]
    # Relay lines and XMT (excluded) addresses are not addressees.
    assert [a.name for a in cable.info] == ["AMEMBASSY ALMATY", "CIS COLLECTIVE"]
    assert cable.reference_id == "06ASTANA33"


@pytest.mark.parametrize(
    ("line", "precedence", "iso"),
    [
        ("O 260858Z JUL 06 ZDK", "IMMEDIATE", "2006-07-26T08:58:00+00:00"),
        ("P R 041820Z JAN 10", "PRIORITY", "2010-01-04T18:20:00+00:00"),
        ("O R 181205Z NOV 75 ZFF4", "IMMEDIATE", "1975-11-18T12:05:00+00:00"),
        ("Z 010101Z MAR 03", "FLASH", "2003-03-01T01:01:00+00:00"),
        ("R 090540Z MAR 72 ", "ROUTINE", "1972-03-09T05:40:00+00:00"),
    ],
)
def test_date_time_group_lines(line, precedence, iso):
    cable = parse_cable(f"{line}\nFM AMEMBASSY PARIS\nTO SECSTATE WASHDC\n\nUNCLAS PARIS 001234\n")
    assert cable.precedence == precedence
    assert cable.date_time.isoformat() == iso
    assert cable.reference_id == f"{iso[2:4]}PARIS1234"


def test_office_distribution_lists_are_not_addressees():
    text = (
        " CONFIDENTIAL\n\nPAGE 01        CAPE T  00097  01 OF 03  182017Z\nACTION AF-00\n\n"
        "INFO  LOG-00   ADS-00   INR-05\n      H-01     NSCE-00  /037 W\n"
        "                  ------------------352654  200910Z /23\n"
        "R 171512Z JAN 90\nFM AMCONSUL CAPE TOWN\nTO SECSTATE WASHDC 5365\n"
        "INFO AMEMBASSY PRETORIA\nAMCONSUL DURBAN\n\n"
        "C O N F I D E N T I A L SECTION 01 OF 03 CAPE TOWN 00097\n"
    )
    cable = parse_cable(text)
    assert [a.name for a in cable.info] == ["AMEMBASSY PRETORIA", "AMCONSUL DURBAN"]
    assert cable.to == [Addressee("SECSTATE WASHDC", None, None, "5365")]
    assert cable.origin == "Consulate Cape Town"


def test_partial_extract_note_is_reported():
    text = (
        "This record is a partial extract of the original cable. The full text of the "
        "original cable is not available.\n\nUNCLAS MADRID 000490\n"
    )
    cable = parse_cable(text)
    assert any("Partial extract" in w.message for w in cable.warnings)
    assert cable.station == "MADRID" and cable.station_serial == "490"


def test_header_and_body_naming_different_cables_trust_the_header():
    text = (
        "VZCZCXRO5721\nDE RUEHFR #2725/01 1770754\nZNY CCCCC ZZH\nO 260754Z JUN 07\n"
        "FM AMEMBASSY PARIS\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 8471\n\n"
        "S E C R E T SECTION 01 OF 04 MOSCOW 005154\n\nSUBJECT: ANOTHER CABLE'S BODY\n"
    )
    cable = parse_cable(text)
    assert cable.reference_id == "07PARIS2725"
    assert cable.origin == "Embassy Paris"
    assert cable.classification == "CONFIDENTIAL"
    assert any(
        w.field == "reference_id" and "different cables" in w.message for w in cable.warnings
    )


def test_security_line_stands_in_for_a_missing_classification_line():
    text = (
        "DE RUEHLP #3262/01 3482321\nZNY SSSSS ZZH\nO 142321Z DEC 07\n"
        "FM AMEMBASSY LA PAZ\n\nSIPDIS\n"
    )
    cable = parse_cable(text)
    assert cable.classification == "SECRET"
    assert cable.reference_id == "07LAPAZ3262"
    assert any("security line" in w.message for w in cable.warnings)


def test_niact_immediate_addressee_makes_the_cable_niact():
    cable = parse_cable(
        "O R 181205Z NOV 75 ZFF4\nFM AMEMBASSY LIBREVILLE\n"
        "TO USMISSION USUN NEWYORK NIACT IMMEDIATE\nSECSTATE WASHDC IMMEDIATE 7102\n\n"
        "C O N F I D E N T I A L 75 LIBREVILLE 1895\n"
    )
    assert cable.precedence == "NIACT IMMEDIATE"
    assert cable.date_time_group == "181205Z NOV 75"
