"""Paragraphs: numbers, markings, repairs, headings and text that must not be lost."""

import pytest

from cableroom.parsing import ParsedParagraph, parse_cable

HEAD = "UNCLAS ASTANA 000033\n\nTAGS: PREL\nSUBJECT: SYNTHETIC\n\n"


def paragraphs(body: str) -> list[ParsedParagraph]:
    return parse_cable(HEAD + body).paragraphs


def numbered(body: str) -> list[tuple[int | None, str | None]]:
    return [(p.number, p.marking) for p in paragraphs(body)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("1. (C) One.\n\n2. (S/NF) Two.\n", [(1, "C"), (2, "S/NF")]),
        ("¶1. (SBU) One.\n\n¶2. (U//FOUO) Two.\n", [(1, "SBU"), (2, "U//FOUO")]),
        ("1.(U) One.\n2.(C/REL LIBYA) Two.\n", [(1, "U"), (2, "C/REL LIBYA")]),
        ("1.  ONE WITHOUT MARKING.\n\n2.  TWO.\n", [(1, None), (2, None)]),
        ("1. (SBU-BUS SENS) One.\n", [(1, "SBU-BUS SENS")]),
        ("17, (C) A comma typo.\n", [(17, "C")]),
        ("1. (Note: not a marking) One.\n", [(1, None)]),
    ],
)
def test_numbers_and_markings(body, expected):
    assert numbered(body) == expected


def test_a_marking_that_is_not_a_marking_stays_in_the_text():
    assert paragraphs("1. (Note: not a marking) One.\n")[0].text == "(Note: not a marking) One."


def test_damaged_pilcrow_is_repaired_and_reported():
    cable = parse_cable(HEAD + "¶4. (SBU) Four.\n\n15. (SBU) Five.\n\n16. (SBU) Six.\n")
    assert [p.number for p in cable.paragraphs] == [4, 5, 6]
    assert "Paragraph number 15 read as 5: its ¶ was damaged into a 1" in [
        w.message for w in cable.warnings
    ]


def test_no_repair_without_pilcrows_in_the_cable():
    # Section 2 of a long cable may well start at paragraph 11.
    assert [p.number for p in paragraphs("11. (C) Eleven.\n\n12. (C) Twelve.\n")] == [11, 12]


def test_jumps_are_reported_not_repaired():
    cable = parse_cable(HEAD + "1. (C) One.\n\n3. (C) Three.\n")
    assert [p.number for p in cable.paragraphs] == [1, 3]
    assert any(w.message == "Paragraph numbers jump from 1 to 3" for w in cable.warnings)


def test_a_number_wrapped_to_the_start_of_a_line_is_not_a_paragraph():
    body = "1. (C) The vote falls after December\n11. In addition, more text.\n\n2. (C) Two.\n"
    assert [p.number for p in paragraphs(body)] == [1, 2]
    assert "after December 11. In addition" in paragraphs(body)[0].text


def test_lists_inside_a_paragraph_keep_their_lines():
    body = "1. (C) He listed:\n-- one thing;\n-- another.\n\n2. (C) Two.\n"
    assert paragraphs(body)[0].text == "He listed:\n-- one thing;\n-- another."


def test_hard_wrapped_lines_are_joined_and_spaces_collapsed():
    body = "1.  (C)  SUMMARY.  THE TAIWAN AUTHORITIES HAVE REACTED\nTO THE EVENTS.\n"
    assert (
        paragraphs(body)[0].text == "SUMMARY. THE TAIWAN AUTHORITIES HAVE REACTED TO THE EVENTS."
    )


def test_headings_and_unnumbered_text_are_kept():
    body = (
        "DEPARTMENT FOR SCA/CEN\n\n1. (SBU) One.\n\nPREPARING FOR VIP VISIT\n\n"
        "2. (SBU) Two.\n\n-------\nCOMMENT\n-------\n\n3. (C) Three.\n"
    )
    assert [(p.number, p.text) for p in paragraphs(body)] == [
        (None, "DEPARTMENT FOR SCA/CEN"),
        (1, "One."),
        (None, "PREPARING FOR VIP VISIT"),
        (2, "Two."),
        (None, "COMMENT"),
        (3, "Three."),
    ]


def test_split_paragraph_is_joined_across_a_blank_line_and_a_page_break():
    body = (
        "4. (SBU) He said that\n\nit was so.\n\n"
        "7. (SBU) He visited the Academy,\n\nASTANA 00000033 002.2 OF 002\n\nwhich is new.\n"
    )
    texts = {p.number: p.text for p in paragraphs(body)}
    assert texts[4] == "He said that it was so."
    assert texts[7] == "He visited the Academy, which is new."


def test_old_page_break_with_centred_level_line_is_removed():
    body = (
        "1. THE TALKS WENT ON AND\n\n                       UNCLASSIFIED\n\n"
        "PAGE 02        ASTANA  00033  01 OF 02  191331Z\nON.\n"
    )
    assert paragraphs(body)[0].text == "THE TALKS WENT ON AND ON."


def test_a_block_after_a_finished_paragraph_stays_with_it():
    body = "1. (C) He quoted the note:\n\nBEGIN TEXT. We agree. END TEXT.\n\n2. (C) Two.\n"
    assert paragraphs(body)[0].text == "He quoted the note:\n\nBEGIN TEXT. We agree. END TEXT."


def test_caveat_lines_in_the_body_are_not_text():
    cable = parse_cable(HEAD + "1. (C) One.\n\nSIPDIS\n\n2. (C) Two.\n")
    assert [p.text for p in cable.paragraphs] == ["One.", "Two."]
    assert "SIPDIS" in cable.caveats


def test_markdown_and_html_link_wrappers_are_removed():
    body = "<a id='par1' href='#par1'>¶</a>1. (C) See [the report](#) here.\n"
    assert paragraphs(body)[0] == ParsedParagraph(1, "C", "See the report here.")
