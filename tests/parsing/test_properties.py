"""Properties that hold for any input: parse_cable never raises, and the raw text is
kept exactly as given."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cableroom.parsing import canonical_reference_id, parse_cable
from cableroom.parsing.assemble import PARSER_ERROR

# Fragments that steer random text into the parser's interesting paths.
FRAGMENTS = [
    "VZCZCXRO7821",
    "DE RUEHAST #0033/01 1091331",
    "ZNR UUUUU ZZH",
    "P 191331Z APR 06",
    "O R 181205Z NOV 75 ZFF4",
    "311399Z FEB 06",
    "FM USOFFICE ASTANA",
    "TO RUEHC/SECSTATE WASHDC PRIORITY 0107",
    "INFO LOG-00 NP-00",
    "UNCLAS SECTION 01 OF 02 ASTANA 000033",
    "C O N F I D E N T I A L",
    "S e c r e t state 068250",
    "SIPDIS",
    "SENSITIVE/NOFORN",
    "E.O. 12958: DECL: 04/19/2016",
    "TAGS: [KCRM](#) MASSMNUC, (PATTERSON, ANNE)",
    "SUBJECT: (C) SUBJECT",
    "REF: A. STATE 12345 B. 05ASTANA123 (NOTAL)",
    "Classified By: Ambassador, Reasons 1.4 (b) and (d)",
    "ASTANA 00000033 001.2 OF 002",
    "PAGE 02        VATICA  01192  01 OF 02  022245Z",
    "¶1. (SBU) SUMMARY: text. END SUMMARY.",
    "15. (SBU) text",
    "1.",
    "<a href='#par1'>¶</a>",
    "&#x000A;",
    "2007-09-11 09:44:00\t07BERN881\tEmbassy Bern\tSECRET\t\tVZCZC\\",
    "-------",
    "TRACY",
    "\ufffd1.",
]
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r", "\n\n", " \n", "\t", ""])
# Long blank runs: a regular expression with ambiguous blanks before a failing end would
# take quadratic (or worse) time on them, and this suite would crawl.
BLANK_RUNS = st.sampled_from([" " * 5000, "\t" * 2000, ". " * 2000, "R" * 3000, "1 " * 2000])
PIECES = st.one_of(
    st.sampled_from(FRAGMENTS),
    BLANK_RUNS,
    st.text(max_size=80),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=10),
)
CABLE_LIKE = st.lists(st.tuples(PIECES, LINE_ENDS), max_size=40).map(
    lambda parts: "".join(piece + end for piece, end in parts)
)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(text: str) -> None:
    cable = parse_cable(text)
    assert cable.raw_text is text
    assert not any(w.message.startswith(PARSER_ERROR) for w in cable.warnings), cable.warnings
    json.dumps(cable.to_dict())


@SETTINGS
@given(st.text())
def test_any_text(text):
    check(text)


@SETTINGS
@given(CABLE_LIKE)
def test_cable_like_text(text):
    check(text)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(FRAGMENTS), st.integers(min_value=10_000, max_value=200_000))
def test_huge_lines(fragment, size):
    check(fragment + "X" * size + "\n" + fragment * 50)


@SETTINGS
@given(st.text())
def test_canonical_reference_id_never_raises(text):
    result = canonical_reference_id(text)
    assert result is None or result[:2].isdigit()


def test_non_text_input_is_reported_not_raised():
    cable = parse_cable(None)  # type: ignore[arg-type]
    assert cable.raw_text is None and cable.warnings
