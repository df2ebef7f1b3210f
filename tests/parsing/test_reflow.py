"""Hard-wrapped lines join their paragraph whatever their first character; list items,
table rows and rules keep their own lines. The lines are real ones from the dev corpus.
"""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command

from cableroom.parsing import parse_cable
from cableroom.parsing.paragraphs import TERMINAL, unwrap
from cableroom.sources import SourceRecord, read_sources
from tests.paths import CORPUS

needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason=f"MISSING CORPUS: {CORPUS}")


@pytest.mark.parametrize(
    ("wrapped", "joined"),
    [
        (  # 03FRANKFURT9685
            "Economics Minister Walter Doering\n(FDP) argues that since nuclear power",
            "Economics Minister Walter Doering (FDP) argues that since nuclear power",
        ),
        (
            "the Directorate General of Telecommunications\n(DGT) announced in September",
            "the Directorate General of Telecommunications (DGT) announced in September",
        ),
        (
            "Hadi Yildiz (10), and Bahrem Aslan\n(33) were killed, and three others",
            "Hadi Yildiz (10), and Bahrem Aslan (33) were killed, and three others",
        ),
        (
            "(please see paragraphs 2 and\n12) in reply to reftel request",
            "(please see paragraphs 2 and 12) in reply to reftel request",
        ),
        (
            "Chen's speech -- satisfying Washington\n-- had already been achieved.",
            "Chen's speech -- satisfying Washington -- had already been achieved.",
        ),
    ],
)
def test_a_wrapped_line_joins_whatever_its_first_character(wrapped, joined):
    assert unwrap(wrapped) == joined


@pytest.mark.parametrize(
    "lines",
    [
        ["THE SHURA COUNCIL ELECTIONS THIS FALL;", "(B) THE IMPORTANCE OF THE APPLICATION"],
        ["resigned from their positions yesterday:", "1) DYP's Adana Provincial Chairman;"],
        ["B. Merchandise Trade", "- Exports (fob basis) 83,529 66,413"],
        ["- Exports (fob basis) 83,529 66,413", "- Imports (fob basis) -74,496 -55,297"],
        ["OMAR MEETS BIN LADEN", "--------------------/"],
    ],
)
def test_list_items_table_rows_and_rules_keep_their_lines(lines):
    assert unwrap("\n".join(lines)) == "\n".join(lines)


def corpus_cable(reference_id: str):
    for item in read_sources([CORPUS]):
        if isinstance(item, SourceRecord) and item.metadata.reference_id == reference_id:
            return parse_cable(item.text)
    raise AssertionError(f"{reference_id} is not in the corpus")


@needs_corpus
def test_03frankfurt9685_paragraph_1_reads_as_one_sentence():
    paragraphs = corpus_cable("03FRANKFURT9685").paragraphs
    first = next(paragraph.text for paragraph in paragraphs if paragraph.number == 1)
    assert "Walter Doering (FDP) argues" in first
    assert "\n" not in first


def bracket_breaks(paragraphs: list[str]) -> list[str]:
    """Line breaks before an acronym in brackets where the line before ends mid-sentence."""
    found = []
    for text in paragraphs:
        for previous, line in zip(text.split("\n"), text.split("\n")[1:], strict=False):
            opens_acronym = re.match(r"\([A-Z]{2,}\)", line)
            if opens_acronym and previous and not previous.endswith(TERMINAL):
                found.append(f"{previous[-30:]}⏎{line[:30]}")
    return found


@needs_corpus
def test_no_paragraph_of_the_corpus_breaks_before_a_bracketed_acronym():
    paragraphs = [
        paragraph.text
        for item in read_sources([CORPUS])
        if isinstance(item, SourceRecord)
        for paragraph in parse_cable(item.text).paragraphs
    ]
    assert len(paragraphs) > 50_000
    assert bracket_breaks(paragraphs) == []


@pytest.mark.slow
@needs_corpus
def test_the_worst_cables_parse_cables_names_have_no_such_break():
    out = StringIO()
    call_command("parse_cables", str(CORPUS), "--worst", "20", stdout=out, stderr=StringIO())
    named = set(re.findall(r"\b\d{2}[A-Z]{3,}\d+\b", out.getvalue().split("Worst examples")[1]))
    assert len(named) >= 10
    lines = StringIO()
    call_command("parse_cables", str(CORPUS), "--jsonl", stdout=lines, stderr=StringIO())
    paragraphs = [
        paragraph["text"]
        for cable in map(json.loads, lines.getvalue().splitlines())
        if cable.get("reference_id") in named
        for paragraph in cable["paragraphs"]
    ]
    assert paragraphs
    assert bracket_breaks(paragraphs) == []
