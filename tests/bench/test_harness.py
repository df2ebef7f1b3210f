"""The harness's pure pieces: percentiles, summaries, the table, Datasette URL details.

No timing here: the harness measures, tests only check its arithmetic and formatting.
"""

import statistics

import pytest

from bench.queries import PAGE_SIZE, Picks, Query, deep_page, query_set, tilde_encode
from bench.report import Row, Side, format_growth, format_ratio, format_table
from bench.stats import Summary, percentile, ratio

PICKS = Picks("PREL", "Embassy Baghdad", 2008, "iran", "08BAGHDAD123", 42, 500, "tok")


def test_percentile_interpolates_between_ranks():
    assert percentile([5], 0.95) == 5
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile([10, 20], 0.95) == pytest.approx(19.5)
    assert percentile([3, 1, 2], 1.0) == 3
    values = [float(v) for v in range(1, 101)]
    expected = statistics.quantiles(values, n=20, method="inclusive")[-1]
    assert percentile(values, 0.95) == pytest.approx(expected)


def test_percentile_refuses_nonsense():
    with pytest.raises(ValueError):
        percentile([], 0.5)
    with pytest.raises(ValueError):
        percentile([1.0], 1.5)


def test_summary_is_in_milliseconds():
    summary = Summary.of([0.010, 0.020, 0.030, 1.0])
    assert summary.n == 4
    assert summary.median_ms == pytest.approx(25)
    assert summary.max_ms == pytest.approx(1000)
    assert summary.p95_ms == pytest.approx(30 + (1000 - 30) * 0.85)


def test_ratio_is_theirs_over_ours_and_none_without_both():
    ours, theirs = Summary(5, 50, 60, 70), Summary(3, 500, 600, 700)
    assert ratio(theirs, ours) == pytest.approx(10)
    assert ratio(None, ours) is None
    assert ratio(theirs, None) is None


def test_table_shows_cells_statuses_ratio_and_disagreeing_counts():
    slow = Side("ok", Summary(2, 1234, 1500, 1600))
    rows = [
        Row("all cables", Side("ok", Summary(5, 41.2, 80, 90)), slow,
            {"ours": 250000, "datasette": 250000}),
        Row("cable .txt", Side("ok", Summary(5, 9, 12, 14)), Side("n/a")),
        Row("feed", Side("missing"), Side("n/a")),
        Row("tag", Side("ok", Summary(5, 10, 12, 14)), Side("ok", Summary(1, 20, 20, 20), "cold"),
            {"ours": 10, "datasette": 11}),
    ]  # fmt: skip
    table = format_table(rows, "title")
    lines = table.splitlines()
    assert lines[0] == "title"
    assert "41 / 80" in lines[3] and "1,234 / 1,500" in lines[3] and "30.0x" in lines[3]
    assert "250,000" in lines[3] and " vs " not in lines[3]
    assert "n/a" in lines[4] and lines[4].rstrip().endswith("-")
    assert "missing" in lines[5]
    assert "20 / 20 (cold)" in lines[6] and "10 vs 11" in lines[6]
    assert len({len(line.rstrip()) <= len(lines[1]) for line in lines[1:]}) == 1


def test_format_ratio():
    assert format_ratio(None) == "-"
    assert format_ratio(2.345) == "2.3x"
    assert format_ratio(1234.5) == "1,234x"


def test_growth_table_compares_smallest_and_largest_scale():
    def scale(count, median):
        return {"count": count, "queries": [{"query": "all", "ours": {"median_ms": median}}]}

    table = format_growth([scale(10_000, 10), scale(250_000, 40)])
    assert "10,000" in table and "250,000" in table and "4.0x" in table
    assert format_growth([scale(10_000, 10)]) == ""


def test_tilde_encoding_matches_datasette():
    # Values checked against datasette.utils.tilde_encode 0.65.
    assert tilde_encode("2008-01-01 10:00:00") == "2008-01-01+10~3A00~3A00"
    assert tilde_encode("a.b~c/é") == "a~2Eb~7Ec~2F~C3~A9"


def test_deep_page_is_500_or_the_last_page():
    assert deep_page(250_000) == 500
    assert deep_page(2_000) == 2_000 // PAGE_SIZE
    assert deep_page(2_001) == 2_000 // PAGE_SIZE + 1
    assert deep_page(0) == 1


def test_query_set_covers_issue_6_and_asks_datasette_for_the_same_facets():
    queries = query_set(PICKS)
    names = [query.name for query in queries]
    assert names[:8] == [
        "all cables", "tag PREL", "tag + origin", "year 2008", "q heroin",
        'q "nuclear program" iran', "q iran + tag + year", "page 500",
    ]  # fmt: skip
    for query in queries[:8]:
        assert query.ours.startswith("/cables/")
        for facet in (
            "_facet=origin",
            "_facet=classification",
            "_facet=year",
            "_facet_array=tags",
        ):
            assert facet in query.theirs
    assert "origin=Embassy+Baghdad" in queries[2].ours
    assert "_searchmode=raw" in queries[5].theirs
    assert "_next=tok" in queries[7].theirs
    assert {q.name: q.theirs for q in queries}["cable .txt"] is None
    common = {q.name: q for q in queries}["q government"]
    assert "q=government" in common.ours and "_search=government" in common.theirs


def test_count_paths_only_for_browse_queries():
    browse = Query(
        "tag", "/cables/?tag=PREL", "/cables/cables?_facet=origin&tags__arraycontains=PREL"
    )
    ours, theirs = browse.count_paths()
    assert ours == "/cables.json?tag=PREL"
    assert theirs == "/cables/cables.json?tags__arraycontains=PREL&_size=0&_nofacet=1"
    assert Query("page", "/cables/?page=500", None).count_paths() is None
    assert Query("cable", "/cable/X/", None).count_paths() is None


def test_narrowing_queries_are_and_across_tags_on_both_sides():
    picks = Picks(
        "PREL", "Embassy Baghdad", 2008, "iran", "08BAGHDAD123", 42, 500, "tok",
        ("PREL", "PGOV", "PHUM"),
    )  # fmt: skip
    queries = {query.name: query for query in query_set(picks)}
    both = queries["tag PREL AND PGOV"]
    assert "tag=PREL&tag=PGOV" in both.ours
    assert "tags__arraycontains=PREL&tags__arraycontains=PGOV" in both.theirs
    assert "tag=PHUM" in queries["tag PREL AND PGOV AND PHUM"].ours
    assert queries["tag PREL|PGOV (either)"].theirs is None
    excluded = queries["tag PREL AND PGOV -origin"]
    assert "origin=-Embassy+Baghdad" in excluded.ours
    assert "origin__not=Embassy+Baghdad" in excluded.theirs
    # Without the three tags (an empty archive) there is nothing to narrow.
    assert not any(" AND " in query.name for query in query_set(PICKS))


def test_text_queries_of_issue_19_reach_datasette_in_raw_mode():
    queries = {query.name: query for query in query_set(PICKS)}
    phrase, prefix = queries['q "prime minister"'], queries["q nucl*"]
    assert "q=%22prime+minister%22" in phrase.ours
    assert "_search=%22prime+minister%22" in phrase.theirs
    assert "q=nucl%2A" in prefix.ours and "_searchmode=raw" in prefix.theirs
