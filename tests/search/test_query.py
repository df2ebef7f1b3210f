"""The query box's language: text to tree, with no database."""

import pytest

from cableroom.search.query import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    MIN_PREFIX_CHARS,
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
    assert not parse_query("").has_text


@pytest.mark.parametrize("text", ["!!(&|", "*:*", "-", "OR", "!!! ???", '""', "- OR -"])
def test_a_query_of_operators_or_punctuation_only_says_there_is_no_word(text):
    with pytest.raises(QueryError, match="has no word to look for"):
        parse_query(text)


@pytest.mark.parametrize("text", ["-iran", '-"nuclear program"', "-iran -iraq", "-nucl*"])
def test_a_query_that_only_excludes_suggests_a_word_or_a_filter(text):
    with pytest.raises(QueryError, match="only leaves words out") as raised:
        parse_query(text)
    assert "filters" in str(raised.value) and "-tag:PREL" in str(raised.value)


def test_a_long_query_is_shortened_in_its_message():
    with pytest.raises(QueryError) as raised:
        parse_query("-" + "x" * 500)
    assert len(str(raised.value)) < 300 and "…" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("nucl*", And((Phrase(("nucl",), prefix=True),))),
        ("Nucl**", And((Phrase(("nucl",), prefix=True),))),
        ('"nuclear prog*"', And((Phrase(("nuclear", "prog"), prefix=True),))),
        ("subject:nucl*", And((Phrase(("nucl",), field="subject", prefix=True),))),
        ("iran -nucl*", And((Phrase(("iran",)), Not(Phrase(("nucl",), prefix=True))))),
        # Only a star at the end of a word makes a prefix.
        ("*nucl", And((Phrase(("nucl",)),))),
        ("nu*cl", And((Phrase(("nu", "cl")),))),
        ("nucl *", And((Phrase(("nucl",)),))),
    ],
)
def test_a_word_ending_in_a_star_is_a_prefix(text, tree):
    assert parse_query(text).tree == tree


@pytest.mark.parametrize("text", ["n*", "nu*", '"nuclear p*"', "iran -ab*"])
def test_a_prefix_needs_enough_letters(text):
    with pytest.raises(QueryError, match=f"at least {MIN_PREFIX_CHARS} letters"):
        parse_query(text)
    assert parse_query("nuc*").tree.children[0].prefix


def test_the_body_tree_is_any_phrase_to_find_outside_the_subject():
    query = parse_query('"nuclear program" iran OR iraq -oil subject:talks')
    assert query.body_tree() == And(
        (Or((Phrase(("nuclear", "program")), Phrase(("iran",)), Phrase(("iraq",)))),)
    )
    assert parse_query("iran").body_tree() == And((Phrase(("iran",)),))
    assert parse_query("subject:talks").body_tree() is None
    assert parse_query("tag:PREL").body_tree() is None


def test_two_spellings_of_one_query_are_equal():
    assert parse_query("heroin OR opium") == parse_query("  HEROIN or Opium ")
