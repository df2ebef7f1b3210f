"""Facet counts on the imported dev corpus equal counts taken from the sources' metadata.

`../shared/corpus/expected.csv` holds, per cable, what its source itself claims (the
dump's columns, the page's table): origin, classification and date. The browse facets
over the whole archive must count exactly those, one per cable.
"""

import csv
from collections import Counter

import pytest

from cableroom.browse.evaluate import evaluate
from cableroom.browse.facets import FACETS
from cableroom.browse.index import browse_index
from cableroom.browse.params import Constraints
from cableroom.browse.state import SearchState
from cableroom.models import Cable
from cableroom.parsing import canonical_reference_id
from tests.paths import SHARED

CORPUS = SHARED / "corpus"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.exists(), reason=f"THE DEV CORPUS IS MISSING: {CORPUS}"),
]


@pytest.fixture(scope="module")
def claims() -> list[dict]:
    """One row per cable: what its primary copy's source says, under its canonical id
    (the dumps hold malformed ids such as 7575LIBREVILLE1895, stored as 75LIBREVILLE1895)."""
    with open(CORPUS / "expected.csv", newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["role"] == "primary"]
    # The dump holds some cables twice, once under a malformed id (85NOFORNMOGADISHU1643
    # and 85MOGADISHU1643): one cable in the archive, so one claim here.
    by_id = {}
    for row in rows:
        row["refid"] = canonical_reference_id(row["refid"]) or row["refid"]
        by_id.setdefault(row["refid"], row)
    return list(by_id.values())


def facet_counts(name: str) -> Counter:
    """Every value of a facet over the whole archive, as the browse page counts it."""
    result = evaluate(browse_index(), Constraints(), None)
    values = FACETS[name](SearchState(path="/cables/"), result).results(0).values
    return Counter({value.value: value.count for value in values})


def stated_by_source(claims, column: str, key=lambda value: value) -> tuple[Counter, set]:
    """Counts of a column's values where the source states them, and the cables where
    expected.csv marks the value as derived from the text (plain-text copies have no
    metadata): those are left out of the comparison."""
    stated = [row for row in claims if "(derived" not in row[column]]
    derived = {row["refid"] for row in claims if "(derived" in row[column]}
    return Counter(key(row[column]) for row in stated), derived


def archive_counts(name: str, field: str, derived: set) -> Counter:
    """The facet's counts less the cables whose value no source states."""
    counts = facet_counts(name)
    for value in Cable.objects.filter(reference_id__in=derived).values_list(field, flat=True):
        counts[str(value)] -= 1
    return +counts  # drops values left at zero


@pytest.mark.parametrize(
    ("facet", "column", "field", "key"),
    [
        ("origin", "origin", "origin__name", lambda value: value),
        ("classification", "classification", "classification", lambda value: value),
        ("year", "date", "year", lambda value: value[:4]),
    ],
)
def test_facet_counts_match_the_sources_metadata(
    corpus_archive, claims, facet, column, field, key
):
    # The importer may skip a record or two (it says so in its summary); compare the
    # cables the archive holds.
    stored = set(Cable.objects.values_list("reference_id", flat=True))
    claims = [row for row in claims if row["refid"] in stored]
    expected, derived = stated_by_source(claims, column, key)
    assert len(derived) < 50, "most cables carry their own metadata"
    assert archive_counts(facet, field, derived) == expected


def test_every_cable_is_counted_once(corpus_archive, claims):
    result = evaluate(browse_index(), Constraints(), None)
    assert result.count == Cable.objects.count()
    missing = {row["refid"] for row in claims} - set(
        Cable.objects.values_list("reference_id", flat=True)
    )
    assert len(missing) <= corpus_archive.skipped, missing
