"""The query box's language: text to tree, with no database."""

import pytest

from cableroom.search.query import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    And,
    FacetTerm,
    Not,
    Or,
    Phrase,
    QueryError,
    parse_query,
)

TREES = [
    ("heroin", And((Phrase(("heroin",)),))),
    ('"nuclear program" iran', And((Phrase(("nuclear", "program")), Phrase(("iran",))))),
    ("heroin OR opium", And((Or((Phrase(("heroin",)), Phrase(("opium",)))),))),
    ("heroin or opium", And((Or((Phrase(("heroin",)), Phrase(("opium",)))),))),
    ("a OR b OR c", And((Or((Phrase(("a",)), Phrase(("b",)), Phrase(("c",)))),))),
    ("oil -gas", And((Phrase(("oil",)), Not(Phrase(("gas",)))))),
    ('-"natural gas" oil', And((Phrase(("oil",)), Not(Phrase(("natural", "gas")))))),
    ("subject:oil", And((Phrase(("oil",), field="subject"),))),
    ('subject:"oil price"', And((Phrase(("oil", "price"), field="subject"),))),
    ("U.S. embassy", And((Phrase(("u", "s")), Phrase(("embassy",))))),
    ("it's'; DROP TABLE", And((Phrase(("it", "s")), Phrase(("drop",)), Phrase(("table",))))),
    ('unterminated "quote here', And((Phrase(("unterminated",)), Phrase(("quote", "here"))))),
    # An OR beside an exclusion joins nothing: the words stay ANDed.
    ("oil OR -gas", And((Phrase(("oil",)), Not(Phrase(("gas",)))))),
    ("OR oil", And((Phrase(("oil",)),))),
]


@pytest.mark.parametrize(("text", "tree"), TREES)
def test_text_becomes_a_tree(text, tree):
    assert parse_query(text).tree == tree


def test_exclusions_come_after_the_words_to_find():
    tree = parse_query("-gas oil -coal price").tree
    assert tree.required == (Phrase(("oil",)), Phrase(("price",)))
    assert tree.excluded == (Phrase(("gas",)), Phrase(("coal",)))


def test_searched_words_leave_out_the_excluded_ones():
    query = parse_query('"nuclear program" iran OR iraq -oil subject:talks')
    assert query.words() == ["nuclear", "program", "iran", "iraq", "talks"]


def test_field_prefixes_for_facets_leave_the_text():
    query = parse_query("tag:PREL -from:ASTANA to:MOSCOW iran")
    assert query.facet_terms == (
        FacetTerm("tag", "PREL"),
        FacetTerm("origin", "ASTANA", negated=True),
        FacetTerm("addressee", "MOSCOW"),
    )
    assert query.text_without_facets == "iran"
    assert query.tree == And((Phrase(("iran",)),))
    assert [term.url_value for term in query.facet_terms] == ["PREL", "-ASTANA", "MOSCOW"]


def test_a_query_of_facet_terms_only_has_no_text():
    query = parse_query('tag:PREL from:"ASTANA"')
    assert not query.has_text and query.tree is None and query.words() == []
    assert len(query.facet_terms) == 2


def test_unknown_prefix_is_text():
    assert parse_query("http://example.org").tree == And((Phrase(("http", "example", "org")),))


@pytest.mark.parametrize(
    "text",
    ["x" * (MAX_QUERY_CHARS + 1), "-alone", '-"only this"', " ".join(["w"] * (MAX_TERMS + 1))],
)
def test_unsearchable_queries_raise_query_error(text):
    with pytest.raises(QueryError):
        parse_query(text)


def test_at_the_bounds_a_query_is_searched():
    assert parse_query("x" * MAX_QUERY_CHARS).has_text
    assert len(parse_query(" ".join(["w"] * MAX_TERMS)).tree.children) == MAX_TERMS


def test_empty_query_has_no_text():
    assert not parse_query("  ").has_text
    assert not parse_query("!!! ???").has_text


def test_two_spellings_of_one_query_are_equal():
    assert parse_query("heroin OR opium") == parse_query("  HEROIN or Opium ")
