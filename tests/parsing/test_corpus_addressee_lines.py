"""Every TO and INFO line of the dev corpus, parsed and named without a database.

The fast twin of tests/importing/test_corpus_addressees.py: the same properties of the
facet values, checked on the parser's and the reference facts' output alone.
"""

import re
from collections import defaultdict

import pytest

from cableroom.importing.plan.cable_plan import addressee_plans
from cableroom.parsing import parse_cable
from cableroom.sources import SourceRecord, read_sources
from tests.paths import CORPUS, SEED

pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason=f"THE DEV CORPUS IS MISSING: {CORPUS}")

TRAILING_SERIAL = re.compile(r"\s\d[\d-]*-?$")
DATE = re.compile(r"\d{1,4}[/-]\d{1,2}[/-]\d{1,4}|\b\d{1,2}:\d{2}\b|\b\d{6}Z\b")
WASHINGTON_SPELLINGS = re.compile(r"\bWASH(?:INGTON)?\s*D\.?\s*C\b\.?")


@pytest.fixture(scope="module")
def corpus_addressees():
    """(reference id, AddresseePlan) for every addressee the corpus's copies name."""
    found = []
    for item in read_sources([CORPUS]):
        if isinstance(item, SourceRecord):
            parsed = parse_cable(item.text)
            found += [(parsed.reference_id, plan) for plan in addressee_plans(parsed)]
    assert len(found) > 10_000
    return found


def offending(corpus_addressees, test) -> list[tuple[str, str]]:
    return sorted({(ref, plan.post) for ref, plan in corpus_addressees if test(plan.post)})


def test_values_are_office_names_only(corpus_addressees):
    assert offending(corpus_addressees, lambda value: "//" in value) == []
    assert offending(corpus_addressees, TRAILING_SERIAL.search) == []
    assert offending(corpus_addressees, DATE.search) == []
    assert offending(corpus_addressees, lambda value: len(value.split()) > 8) == []


def test_names_as_written_keep_no_office_symbols(corpus_addressees):
    assert sorted({plan.name for _, plan in corpus_addressees if "//" in plan.name}) == []


def test_one_spelling_of_washington_per_office(corpus_addressees):
    spellings = defaultdict(set)
    for _, plan in corpus_addressees:
        spellings[WASHINGTON_SPELLINGS.sub("WASHINGTON DC", plan.post)].add(plan.post)
    assert {key: names for key, names in spellings.items() if len(names) > 1} == {}


def test_every_value_has_a_kind(corpus_addressees):
    assert sorted({plan.post for _, plan in corpus_addressees if not plan.kind}) == []


@pytest.mark.skipif(not SEED.exists(), reason=f"MISSING SEED: {SEED}")
def test_06astana33_names_almaty_and_astana_once_each():
    # INFO RUEHTA/AMEMBASSY ALMATY ... RUEHAST/USOFFICE ASTANA: RUEHTA is Almaty here.
    parsed = parse_cable((SEED / "06ASTANA33.txt").read_text(encoding="utf-8"))
    info = [(plan.routing_indicator, plan.post) for plan in addressee_plans(parsed)[1:]]
    assert info[0] == ("RUEHTA", "US Office Almaty")
    assert info[-1] == ("RUEHAST", "Embassy Astana")
    assert [post for _, post in info].count("Embassy Astana") == 1
