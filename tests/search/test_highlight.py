"""The search's words marked in a cable's paragraphs: escaped, one query, the first mark named."""

import pytest

from cableroom.search import FIRST_MATCH_ID, highlight_paragraphs

TEXTS = [
    "Routing and nothing else.",
    "<script>alert(1)</script> Police seized HEROIN & opium.",
    "More heroin later; a nuclear program too.",
]


def test_words_are_marked_and_everything_else_escaped(db):
    marked = highlight_paragraphs("heroin", TEXTS)
    assert marked[0] is None
    assert marked[1] == (
        "&lt;script&gt;alert(1)&lt;/script&gt; Police seized "
        f'<mark id="{FIRST_MATCH_ID}">HEROIN</mark> &amp; opium.'
    )
    assert marked[2] == "More <mark>heroin</mark> later; a nuclear program too."


def test_only_the_first_mark_of_all_is_named(db):
    marked = highlight_paragraphs("heroin OR nucl*", TEXTS)
    html = "".join(item for item in marked if item)
    assert html.count(f'id="{FIRST_MATCH_ID}"') == 1
    assert html.count("<mark") == 3 and "<mark>nuclear</mark>" in html


def test_excluded_and_subject_words_are_not_marked(db):
    assert highlight_paragraphs("nuclear -heroin", TEXTS)[2] == (
        f'More heroin later; a <mark id="{FIRST_MATCH_ID}">nuclear</mark> program too.'
    )
    assert highlight_paragraphs("subject:heroin", TEXTS) == [None, None, None]


@pytest.mark.parametrize("query_text", ["", "  ", "-heroin", "!!!", "tag:PREL", "x" * 5000])
def test_no_words_to_mark_asks_nothing(db, django_assert_num_queries, query_text):
    with django_assert_num_queries(0):
        assert highlight_paragraphs(query_text, TEXTS) == [None, None, None]


def test_marking_many_paragraphs_takes_a_fixed_number_of_queries(
    db, django_assert_max_num_queries
):
    # SQLite fills, reads and empties a temporary FTS5 table: a few statements.
    with django_assert_max_num_queries(5):
        marked = highlight_paragraphs("heroin", TEXTS * 40)
    assert sum(item is not None for item in marked) == 80
    assert highlight_paragraphs("heroin", []) == []
