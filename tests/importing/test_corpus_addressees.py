"""Addressee facet values over the whole imported dev corpus (../shared/corpus).

Each value a reader can filter on is an office name: no office symbols, serials, dates
or sentences, one spelling per office, and the post its routing indicator names. The
indicators' names are read here from ../shared/tables itself, not from the project's
generated copy.
"""

import csv
import re
from collections import defaultdict

import pytest

from cableroom import refdata
from cableroom.models import Addressee, Post
from tests.paths import CORPUS, TABLES

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.exists(), reason=f"THE DEV CORPUS IS MISSING: {CORPUS}"),
]

TRAILING_SERIAL = re.compile(r"\s\d[\d-]*-?$")
DATE = re.compile(r"\d{1,4}[/-]\d{1,2}[/-]\d{1,4}|\b\d{1,2}:\d{2}\b|\b\d{6}Z\b")
WASHINGTON_SPELLINGS = re.compile(r"\bWASH(?:INGTON)?\s*D\.?\s*C\b\.?")


@pytest.fixture
def values(corpus_archive):
    """Every addressee facet value (a post's name) of the imported corpus."""
    names = Post.objects.filter(addressed_cables__isnull=False).values_list("name", flat=True)
    found = set(names)
    assert len(found) > 300  # the corpus names hundreds of offices
    return found


@pytest.fixture(scope="module")
def indicator_names():
    """Routing indicator -> the office names ../shared/tables give it."""
    names = defaultdict(set)
    for table, column in (
        ("routing_indicators_acp117_2010.csv", "name"),
        ("routing_indicators_observed_in_cables.csv", "name_in_header"),
    ):
        with open(TABLES / table, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                names[row["routing_indicator"].strip()].add(row[column].strip())
    return names


def test_no_value_holds_office_symbols(values):
    assert sorted(value for value in values if "//" in value) == []


def test_no_value_ends_with_a_serial(values):
    assert sorted(value for value in values if TRAILING_SERIAL.search(value)) == []


def test_no_value_holds_a_date(values):
    assert sorted(value for value in values if DATE.search(value)) == []


def test_no_value_has_more_than_eight_words(values):
    assert sorted(value for value in values if len(value.split()) > 8) == []


def test_no_two_values_differ_only_by_the_spelling_of_washington(values):
    spellings = defaultdict(set)
    for value in values:
        spellings[WASHINGTON_SPELLINGS.sub("WASHINGTON DC", value)].add(value)
    assert {key: names for key, names in spellings.items() if len(names) > 1} == {}


def test_addressees_with_a_known_routing_indicator_get_that_indicators_post(
    corpus_archive, indicator_names
):
    checked, wrong = 0, []
    rows = Addressee.objects.exclude(routing_indicator="").values_list(
        "cable__reference_id", "routing_indicator", "name", "post__name"
    )
    for reference_id, indicator, name, post in rows:
        posts = {refdata.post_for_from_line(office) for office in indicator_names[indicator]}
        posts = {fact.name for fact in posts if fact is not None}
        if posts:
            checked += 1
            if post not in posts:
                wrong.append((reference_id, f"{indicator}/{name}", post, sorted(posts)))
    assert checked > 1000
    assert wrong == []


def test_offices_that_are_not_posts_have_a_kind(values):
    posts = {post.name for post in refdata.posts()}
    kinds = dict(Post.objects.filter(name__in=values).values_list("name", "post_type"))
    offices = {name: kind for name, kind in kinds.items() if name not in posts}
    assert offices["SECDEF WASHINGTON DC"] == "Washington agency"
    assert offices["JOINT STAFF WASHINGTON DC"] == "Military"
    assert offices["ASEAN COLLECTIVE"] == "Collective"
    assert sorted(name for name, kind in offices.items() if not kind) == []
