"""The DECL, classified-by, reason and signer facets on the real cables, against plain SQL.

The shared corpus is imported once for the module (`corpus_archive`). "Past its
declassification date" is counted by the browse index from day numbers compared with
today in Python; the oracle asks the database itself, with its own idea of today
(PostgreSQL's CURRENT_DATE in the connection's UTC, SQLite's date('now'), also UTC).
"""

from collections import Counter

import pytest
from django.db import connection
from django.test import RequestFactory

from cableroom.browse.engine import browse
from cableroom.browse.evaluate import evaluate
from cableroom.browse.facets import FACETS
from cableroom.browse.index import browse_index
from cableroom.browse.params import Constraints, fold
from cableroom.browse.state import SearchState
from cableroom.parsing.declassification import LAST_YEAR

pytestmark = pytest.mark.slow

PUBLIC = "FROM cableroom_cable WHERE withdrawn_at IS NULL"
ISO_SHAPED = "declassify_on LIKE '____-__-__'"


def today_sql() -> str:
    return "CURRENT_DATE" if connection.vendor == "postgresql" else "date('now')"


def scalar(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def grouped(sql: str) -> Counter:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return Counter({value: n for value, n in cursor.fetchall()})


def facet_counts(name: str) -> Counter:
    """Every value of a facet over the whole archive, as the browse page counts it."""
    result = evaluate(browse_index(), Constraints(), None)
    values = FACETS[name](SearchState(path="/cables/"), result).results(0).values
    return Counter({value.value: value.count for value in values})


def test_past_its_date_equals_the_sql_oracle(corpus_archive):
    oracle = scalar(f"SELECT count(*) {PUBLIC} AND declassify_date < {today_sql()}")
    assert oracle > 1000  # the corpus's cables mostly name dates long gone
    assert facet_counts("declassify")["past"] == oracle
    # The page answers the same: its result is the oracle's cables.
    state = browse(RequestFactory().get("/cables/?declassify=past"))
    assert not state.problems and state.count == oracle


def test_not_past_is_every_other_cable(corpus_archive):
    total = scalar(f"SELECT count(*) {PUBLIC}")
    past = scalar(f"SELECT count(*) {PUBLIC} AND declassify_date < {today_sql()}")
    state = browse(RequestFactory().get("/cables/?declassify=-past"))
    assert state.count == total - past


def test_every_iso_date_the_parser_kept_is_the_facets_date(corpus_archive):
    """The parser keeps M/D/Y dates as ISO strings; each (in a plausible year) is the
    normalised date, so the oracle above counts what the cables say."""
    cast = (
        "CAST(declassify_date AS text)" if connection.vendor == "postgresql" else "declassify_date"
    )
    differing = scalar(
        f"SELECT count(*) {PUBLIC} AND {ISO_SHAPED} AND declassify_on < '{LAST_YEAR + 1}' "
        f"AND (declassify_date IS NULL OR {cast} <> declassify_on)"
    )
    assert differing == 0
    iso = scalar(f"SELECT count(*) {PUBLIC} AND {ISO_SHAPED}")
    dated = scalar(f"SELECT count(*) {PUBLIC} AND declassify_date IS NOT NULL")
    assert dated >= iso - 10  # a few typed years (2104) are left out on purpose


def test_years_and_markers_count_each_cable_once(corpus_archive):
    counts = facet_counts("declassify")
    oracle = grouped(
        f"SELECT CASE WHEN declassify_date IS NOT NULL THEN "
        f"CAST(EXTRACT(YEAR FROM declassify_date) AS integer) ELSE NULL END, count(*) "
        f"{PUBLIC} AND declassify_date IS NOT NULL GROUP BY 1"
        if connection.vendor == "postgresql"
        else f"SELECT CAST(strftime('%Y', declassify_date) AS integer), count(*) {PUBLIC} "
        "AND declassify_date IS NOT NULL GROUP BY 1"
    )
    assert {f"{year:04d}": n for year, n in oracle.items()} == {
        value: n for value, n in counts.items() if value.isdigit()
    }
    markers = grouped(
        f"SELECT declassify_marker, count(*) {PUBLIC} AND declassify_date IS NULL "
        "AND declassify_marker <> '' GROUP BY declassify_marker"
    )
    assert markers["OADR"] > 100
    assert markers == {
        value: n for value, n in counts.items() if not value.isdigit() and value != "past"
    }


@pytest.mark.parametrize(
    ("facet", "column"), [("signer", "signer_name"), ("classified_by", "classified_by_name")]
)
def test_people_facets_count_as_sql_groups_and_fold_case(corpus_archive, facet, column):
    counts = facet_counts(facet)
    oracle = grouped(f"SELECT {column}, count(*) {PUBLIC} AND {column} <> '' GROUP BY {column}")
    assert counts == oracle
    # One value per person whatever the case the cables wrote: no two values fold alike.
    folded = Counter(fold(value) for value in counts)
    assert [value for value, n in folded.items() if n > 1] == []
    raw = "signer" if facet == "signer" else "classified_by"
    spellings = scalar(f"SELECT count(DISTINCT {raw}) {PUBLIC} AND {raw} <> ''")
    assert len(counts) < spellings  # "ORDWAY" and "Ordway" became one


def test_reason_counts_equal_the_stored_lists(corpus_archive):
    counts = facet_counts("reason")
    oracle = Counter()
    for joined, n in grouped(
        f"SELECT classification_reasons, count(*) {PUBLIC} GROUP BY classification_reasons"
    ).items():
        for code in set(joined.split(", ")) - {""}:
            oracle[code] += n
    assert counts == oracle
    assert counts["1.4(d)"] > 1000


def test_a_hand_typed_signer_in_capitals_finds_the_facets_value(client, corpus_archive):
    signer = facet_counts("signer").most_common(1)[0][0]
    response = client.get(f"/cables/?signer={signer.upper()}")
    assert response.status_code == 302
    assert response["Location"].endswith(f"signer={signer.replace(' ', '+')}")
    followed = client.get(response["Location"])
    assert followed.status_code == 200
