"""Fields of the body: E.O., Classified By, SUBJECT, REF, summary, signer; the model's JSON."""

import json

import pytest

from cableroom.parsing import ParsedCable, parse_cable
from cableroom.parsing.body import classification_reasons, declassify_on, split_classified_by


@pytest.mark.parametrize(
    ("eo_line", "declassify"),
    [
        ("E.O. 12958: DECL: 04/19/2016", "2016-04-19"),
        ("EO 12958 DECL: 02/14/2018", "2018-02-14"),
        ("E.O. 12356: DECL:OADR", "OADR"),
        ("E.O. 12958: DECL: 1.6X1", "1.6X1"),
        ("E.O. 12958: 9/5/02", "2002-09-05"),
        ("E.O. 12958: N/A", None),
        ("E.O. 11652: GDS", None),
        ("E.O. 12958: AS AMENDED; DECLASSIFIED JUNE 21, 2006", None),
        ("E.O. 13526: DECL: 01/04/2020", "2020-01-04"),
    ],
)
def test_declassify_on(eo_line, declassify):
    assert declassify_on(eo_line) == declassify


@pytest.mark.parametrize(
    ("text", "name", "reasons"),
    [
        (
            "Ambassador John Ordway, Reasons 1.4 (b) and (d)",
            "Ambassador John Ordway",
            ["1.4(b)", "1.4(d)"],
        ),
        (
            "AMBASSADOR ORDWAY FOR REASONS 1.4(B) AND (D)",
            "AMBASSADOR ORDWAY",
            ["1.4(b)", "1.4(d)"],
        ),
        (
            "Charge Bob Manzanares; reasons 1.5 (B) and (D)",
            "Charge Bob Manzanares",
            ["1.5(b)", "1.5(d)"],
        ),
        (
            "AIT Director Douglas Paal, Reason 1.4 b/d",
            "AIT Director Douglas Paal",
            ["1.4(b)", "1.4(d)"],
        ),
        (
            "Ambassador Richard L. Baltimore III. Reason: 1.4(c).",
            "Ambassador Richard L. Baltimore III",
            ["1.4(c)"],
        ),
        ("POLCOUNS JOHN SMITH. REASON: 1.5 (D).", "POLCOUNS JOHN SMITH", ["1.5(d)"]),
        (
            "Thomas A. Shannon, Ambassador; REASON: 1.4(B), (D)",
            "Thomas A. Shannon, Ambassador",
            ["1.4(b)", "1.4(d)"],
        ),
        ("DCM Jane Doe", "DCM Jane Doe", []),
    ],
)
def test_classified_by(text, name, reasons):
    assert split_classified_by(text) == (name, reasons)


def test_reasons_without_letters_keep_the_section():
    assert classification_reasons("1.5") == ["1.5"]


PREAMBLE = """\
C O N F I D E N T I A L SECTION 01 OF 02 MUSCAT 001943

SIPDIS

NOFORN

DEPT. FOR DS/IP/NEA, DS/DSS/ITA,
CA/OCS, NEA/EX

E.O. 12958: DECL: 1.6X1
TAGS: AEMR, ASEC, MU
SUBJECT: (C) EMBASSY MUSCAT EAC - 11/03/2004
AND MORE

REF: A. MUSCAT 1912

     B. USDR DOHA DTG 291258Z OCT 04

Classified By: Ambassador Richard L. Baltimore III.
Reason: 1.4(c).

-------
SUMMARY
-------

1. (S) The Ambassador chaired a meeting. End Summary.

2. (SBU) More text.

BALTIMORE
"""


@pytest.fixture
def parsed_cable() -> ParsedCable:
    return parse_cable(PREAMBLE)


def test_preamble_fields(parsed_cable):
    assert parsed_cable.eo_line == "E.O. 12958: DECL: 1.6X1"
    assert parsed_cable.declassify_on == "1.6X1"
    assert parsed_cable.tags_line == "AEMR, ASEC, MU"
    assert parsed_cable.subject == "EMBASSY MUSCAT EAC - 11/03/2004 AND MORE"
    assert parsed_cable.subject_marking == "C"
    assert parsed_cable.ref_line == "A. MUSCAT 1912 B. USDR DOHA DTG 291258Z OCT 04"
    assert [r.label for r in parsed_cable.references] == ["A", "B"]
    assert parsed_cable.classified_by == "Ambassador Richard L. Baltimore III"
    assert parsed_cable.classification_reasons == ["1.4(c)"]
    assert parsed_cable.caveats == ["SIPDIS", "NOFORN"]
    assert parsed_cable.classification == "CONFIDENTIAL//NOFORN"


def test_routing_notes_are_kept_as_text(parsed_cable):
    assert parsed_cable.paragraphs[0].number is None
    assert parsed_cable.paragraphs[0].text == "DEPT. FOR DS/IP/NEA, DS/DSS/ITA, CA/OCS, NEA/EX"


def test_summary_and_signer(parsed_cable):
    assert parsed_cable.summary == "The Ambassador chaired a meeting."
    assert parsed_cable.signer == "BALTIMORE"
    assert all("BALTIMORE" not in p.text for p in parsed_cable.paragraphs)


@pytest.mark.parametrize(
    ("body", "summary"),
    [
        ("1. (C) SUMMARY: Things moved. END SUMMARY.\n", "Things moved."),
        ("1. (C) Summary and Comment: Things moved. End Summary and Comment.\n", "Things moved."),
        (
            "1. (C) Summary: Things moved a great deal this week in town.\n\n2. (C) More.\n",
            "Things moved a great deal this week in town.",
        ),
        (
            "SUMMARY\n\n1. (C) Things moved a great deal.\n\n2. (C) More.\n",
            "Things moved a great deal.",
        ),
        ("1. (C) Nothing to sum up here.\n", None),
    ],
)
def test_summaries(body, summary):
    parsed_cable = parse_cable(f"UNCLAS PARIS 000001\n\nSUBJECT: X\n\n{body}")
    assert parsed_cable.summary == summary


@pytest.mark.parametrize(
    ("ending", "signer"),
    [
        ("1. Text ends here.\n\nTRACY\n", "TRACY"),
        ("1. Text ends here.\nLAFLEUR\n", "LAFLEUR"),
        ("1. Text ends here.\n\nMcKinley\n", "McKinley"),
        ("1. Text ends here.\n\nHINSON-JONES\n\nNNNN\n", "HINSON-JONES"),
        ("1. Text ends here.\n\nDE PREE\n>\n", "DE PREE"),
        ("1. Text ends in the middle of\nTHINGS\n", None),
        ("1. Text ends here.\n\nUNCLASSIFIED\n", None),
        ("1. Text ends here with a long last line that is no name at all.\n", None),
        ("1. Text ends here.\n\n********* *********\nARNETT\n", "ARNETT"),
        (
            "1. Text ends.\nVisit our site: http://www.state.sgov.gov/p/wha/ottawa\nKELLY\n",
            "KELLY",
        ),
        ("1. Text ends here.\n\nEND COMMENT\nHILL\n", "HILL"),
        ("1. Text ends here.\n\nPAAL\nPAAL\n", "PAAL"),
        ("1. Text ends here.\n\nEND TEXT HEFFERN\n", "HEFFERN"),
        ("1. Text ends here.\n\nMINIMIZE CONSIDERED SHANNON\n", "SHANNON"),
        ("1. Text ends here.\n\nSHANNON SHANNON\n", "SHANNON"),
        ("1. Text ends here.\n\nEND COMMENT\n", None),
        ("1. Text ends here.\n\nLIMITED OFFICIAL USE\n", None),
        ("1. Text ends here. END COMMENT. SOBEL\n", "SOBEL"),
    ],
)
def test_signer(ending, signer):
    assert parse_cable(f"UNCLAS PARIS 000001\n\nSUBJECT: X\n\n{ending}").signer == signer


def test_subject_without_colon_and_subj_abbreviation():
    assert (
        parse_cable("UNCLAS PARIS 000001\n\nSUBJ: KOREA AT UNGA\n\n1. X.\n").subject
        == "KOREA AT UNGA"
    )


def test_subject_stops_at_a_paragraph_without_blank_line():
    parsed_cable = parse_cable("UNCLAS PARIS 000001\n\nSUBJECT: ONE\nTWO\n1. (U) Text.\n")
    assert parsed_cable.subject == "ONE TWO"
    assert parsed_cable.paragraphs[0].number == 1


def test_missing_fields_are_reported_in_words():
    parsed_cable = parse_cable("Just some words.\n")
    messages = {w.message for w in parsed_cable.warnings}
    assert {
        "No classification line found",
        "No TAGS line found",
        "No SUBJECT line found",
    } <= messages
    assert "No date-time group found" in messages
    assert parsed_cable.paragraphs[0].text == "Just some words."


def test_to_dict_is_plain_json():
    parsed_cable = parse_cable(
        "P 191331Z APR 06\nFM USOFFICE ASTANA\nTO RUEHC/SECSTATE WASHDC PRIORITY 0107\n\n"
        + PREAMBLE
    )
    data = parsed_cable.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["date_time"] == "2006-04-19T13:31:00Z"
    assert data["to"] == [
        {
            "name": "SECSTATE WASHDC",
            "routing_indicator": "RUEHC",
            "precedence": "PRIORITY",
            "serial": "0107",
        }
    ]
    assert data["paragraphs"][2] == {
        "number": 1,
        "marking": "S",
        "text": "The Ambassador chaired a meeting. End Summary.",
    }
    assert data["tags"][0] == {"code": "AEMR", "kind": "subject"}
    warned = parse_cable("no cable here").to_dict()["warnings"]
    assert warned and all(set(warning) == {"field", "message", "line"} for warning in warned)


def test_an_internal_error_in_one_field_leaves_the_others(monkeypatch):
    from cableroom.parsing import assemble

    def broken(_line):
        raise RuntimeError("boom")

    monkeypatch.setattr(assemble, "parse_tags", broken)
    parsed_cable = parse_cable(PREAMBLE)
    assert parsed_cable.tags == [] and parsed_cable.subject.startswith("EMBASSY MUSCAT")
    assert parsed_cable.paragraphs and parsed_cable.signer == "BALTIMORE"
    assert any(
        w.field == "tags" and w.message.startswith(assemble.PARSER_ERROR)
        for w in parsed_cable.warnings
    )
