"""Citations: Chicago note and BibTeX entry, with and without a paragraph pinpoint."""

from datetime import UTC, datetime

import pytest

from cableroom.reading.citation import CitedCable, bibtex, bibtex_escape, chicago

CABLE = CitedCable(
    reference_id="06ASTANA33",
    subject="AMBASSADOR AND MINISTER DISCUSS VISIT",
    origin="Embassy Astana",
    date_time=datetime(2006, 4, 19, 13, 31, tzinfo=UTC),
    classification="UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    url="https://cables.example/cable/06ASTANA33/",
)
PARAGRAPH_5 = CitedCable(**{**CABLE.__dict__, "paragraph": "5", "anchor": "p5"})


def test_chicago_note_for_the_whole_cable():
    assert chicago(CABLE) == (
        "Embassy Astana, \u201cAMBASSADOR AND MINISTER DISCUSS VISIT,\u201d cable 06ASTANA33, "
        "April 19, 2006, Cable Room, https://cables.example/cable/06ASTANA33/."
    )


def test_chicago_note_pinned_to_a_paragraph():
    note = chicago(PARAGRAPH_5)
    assert note.endswith(
        "April 19, 2006, \u00b6\u00a05, Cable Room, https://cables.example/cable/06ASTANA33/#p5."
    )


def test_chicago_without_date_or_subject():
    cited = CitedCable("06X1", "", "", None, "", "https://e/cable/06X1/")
    assert (
        chicago(cited) == "US Department of State, cable 06X1, Cable Room, https://e/cable/06X1/."
    )


def test_bibtex_entry():
    assert bibtex(CABLE) == (
        "@misc{06ASTANA33,\n"
        "  author = {{Embassy Astana}},\n"
        "  title = {{AMBASSADOR AND MINISTER DISCUSS VISIT}},\n"
        "  howpublished = {Diplomatic cable 06ASTANA33},\n"
        "  year = {2006},\n"
        "  date = {2006-04-19},\n"
        "  note = {UNCLASSIFIED//FOR OFFICIAL USE ONLY},\n"
        "  publisher = {Cable Room},\n"
        "  url = {https://cables.example/cable/06ASTANA33/},\n"
        "  month = apr\n"
        "}"
    )


def test_bibtex_pinpoint_has_its_own_key_note_and_url():
    entry = bibtex(PARAGRAPH_5)
    assert entry.startswith("@misc{06ASTANA33-p5,\n")
    assert "note = {UNCLASSIFIED//FOR OFFICIAL USE ONLY, para.~5}" in entry
    assert "url = {https://cables.example/cable/06ASTANA33/#p5}" in entry


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("R&D 50% {X}", r"R\&D 50\% \{X\}"),
        ("A_B #1 $2", r"A\_B \#1 \$2"),
        ("back\\slash ~ ^", r"back\textbackslash{}slash \textasciitilde{} \textasciicircum{}"),
    ],
)
def test_bibtex_escape(text, escaped):
    assert bibtex_escape(text) == escaped


def test_subject_cannot_break_the_bibtex_entry():
    cited = CitedCable(**{**CABLE.__dict__, "subject": "OIL} @misc{evil"})
    assert "title = {{OIL\\} @misc\\{evil}}" in bibtex(cited)


CORRECTED = CitedCable(**{**CABLE.__dict__, "version": 2, "corrected": ("subject", "date")})


def test_chicago_names_the_version_and_the_corrected_fields():
    assert chicago(CORRECTED) == (
        "Embassy Astana, \u201cAMBASSADOR AND MINISTER DISCUSS VISIT,\u201d cable 06ASTANA33, "
        "April 19, 2006, version 2, subject and date corrected by a curator, Cable Room, "
        "https://cables.example/cable/06ASTANA33/."
    )


def test_bibtex_names_the_version_and_the_corrected_fields():
    entry = bibtex(CORRECTED)
    assert (
        "  note = {UNCLASSIFIED//FOR OFFICIAL USE ONLY, version 2, "
        "subject and date corrected by a curator},\n  version = {2},\n"
    ) in entry


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ((), ""),
        (("tags",), "tags corrected by a curator"),
        (("subject", "date", "tags"), "subject, date and tags corrected by a curator"),
    ],
)
def test_corrected_fields_are_listed_in_plain_words(fields, words):
    cited = CitedCable(**{**CABLE.__dict__, "corrected": fields})
    assert cited.version_words == ([words] if words else [])
    assert ("corrected" in chicago(cited)) is bool(fields)
