"""Template helpers of the cable page: banner colours, marking badges, precedence, anchors."""

import pytest

from cableroom.models import Paragraph
from cableroom.reading.page import paragraph_anchors
from cableroom.templatetags.cable_page import (
    classification_level,
    date_time_group,
    facet_url,
    marking_level,
    precedence_words,
)


@pytest.mark.parametrize(
    ("classification", "level"),
    [
        ("UNCLASSIFIED", "unclassified"),
        ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", "unclassified"),
        ("UNCLAS", "unclassified"),
        ("LIMITED OFFICIAL USE//NOFORN", "lou"),
        ("CONFIDENTIAL", "confidential"),
        ("confidential//noforn", "confidential"),
        ("SECRET//NOFORN", "secret"),
        ("TOP SECRET", "top-secret"),
        ("", "unknown"),
        ("RESTRICTED", "unknown"),
    ],
)
def test_classification_level(classification, level):
    assert classification_level(classification) == level


@pytest.mark.parametrize(
    ("marking", "level"),
    [
        ("U", "unclassified"),
        ("SBU", "unclassified"),
        ("U//FOUO", "unclassified"),
        ("(C)", "confidential"),
        ("C/NF", "confidential"),
        ("S/NF", "secret"),
        ("TS", "top-secret"),
        ("LOU", "lou"),
        ("Q", "unknown"),
    ],
)
def test_marking_level(marking, level):
    assert marking_level(marking) == level


@pytest.mark.parametrize(
    ("precedence", "words"),
    [
        ("P", "Priority"),
        ("OO", "Immediate"),
        ("Z", "Flash"),
        ("NIACT IMMEDIATE", "Niact Immediate"),
    ],
)
def test_precedence_words(precedence, words):
    assert precedence_words(precedence) == words


def test_facet_url_encodes_the_value():
    assert facet_url("origin", "USUN New York") == "/cables/?origin=USUN+New+York"
    assert (
        facet_url("tag", "OVIP (PATTERSON, ANNE)") == "/cables/?tag=OVIP+%28PATTERSON%2C+ANNE%29"
    )


def test_paragraph_anchors_are_unique_and_headings_follow_numbered_paragraphs():
    paragraphs = [
        Paragraph(position=0, number=None, text="DEPARTMENT FOR EUR"),
        Paragraph(position=1, number=1, text="one"),
        Paragraph(position=2, number=None, text="A HEADING"),
        Paragraph(position=3, number=1, text="one again"),
        Paragraph(position=4, number=None, text="Unnumbered prose."),
    ]
    anchored = paragraph_anchors(paragraphs)
    assert [item.anchor for item in anchored] == ["u0", "p1", "u2", "p1-2", "u4"]
    assert [item.is_heading for item in anchored] == [False, False, True, False, False]


@pytest.mark.parametrize(
    ("line", "group"),
    [
        ("P 191331Z APR 06", "191331Z APR 06"),
        ("O 260858Z JUL 06 ZDK", "260858Z JUL 06 ZDK"),
        ("NIACT IMMEDIATE 011200Z JAN 05", "011200Z JAN 05"),
        ("191331Z APR 06", "191331Z APR 06"),
        ("PRIORITY NOTE", "PRIORITY NOTE"),
    ],
)
def test_date_time_group_drops_the_precedence(line, group):
    assert date_time_group(line) == group
