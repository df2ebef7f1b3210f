"""The synthetic corpus: shaped like the measured one, deterministic, readable as a dump.

The generated cables are measured with the very code that measured ../shared/corpus
(cableroom.synthetic.measure.Tally), so the comparison goes through the rendered text:
a field drawn right but rendered wrong fails here too.

Tolerances are total variation distances (half the sum of absolute differences of two
distributions), chosen for a 5,000-cable sample: sampling noise alone gives about
0.5 * sqrt(categories / 5,000), so 0.03 for a handful of categories and 0.10 for the
140 origins.
"""

import csv
import gzip
import io
import json
from pathlib import Path

import pytest

from cableroom.synthetic.corpus import CorpusCable, dump_dialect
from cableroom.synthetic.dump_writer import dump_bytes, dump_row, write_dump
from cableroom.synthetic.figures import Choice, load_figures
from cableroom.synthetic.generator import generate_cables
from cableroom.synthetic.measure import Tally, figures, measure
from cableroom.synthetic.tables import load_tables
from tests.paths import REPO, SHARED

SAMPLE = 5_000
SEED = 20101128
CORPUS = SHARED / "corpus"
FIGURES_FILE = REPO / "cableroom" / "synthetic" / "figures.json"

TOLERANCE = {
    "origins": 0.10,
    "years": 0.04,
    "classifications": 0.03,
    "tags_per_cable": 0.06,
    "paragraphs_per_cable": 0.06,
    "paragraph_words": 0.08,
    "references_per_cable": 0.03,
    "subject_words": 0.06,
    "sections": 0.04,
    "header_styles": 0.05,
    "rate": 0.04,  # absolute difference of a share (own-country tag, present references)
}
TERM_RATIO = (0.6, 1.6)  # generated / measured share of cables containing a term


def distance(first: dict, second: dict) -> float:
    """Total variation distance between two {value: weight} tables (normalised here)."""
    total_a, total_b = sum(first.values()) or 1, sum(second.values()) or 1
    keys = set(first) | set(second)
    return 0.5 * sum(abs(first.get(k, 0) / total_a - second.get(k, 0) / total_b) for k in keys)


def as_corpus_cable(cable) -> CorpusCable:
    """A generated cable seen the way `measure` sees a row of the real dump."""
    return CorpusCable(
        "dump",
        cable.reference_id,
        cable.date_time.replace(tzinfo=None),
        cable.origin,
        cable.classification,
        tuple(reference.reference_id for reference in cable.references),
        cable.header,
        cable.content,
    )


@pytest.fixture(scope="module")
def synthetic_sample():
    return list(generate_cables(SAMPLE, SEED))


@pytest.fixture(scope="module")
def measured(synthetic_sample):
    """The generated sample's own figures, measured like the real corpus."""
    tally = Tally({post.name: post.country_tag for post in load_tables().posts.values()})
    for cable in synthetic_sample:
        tally.add(as_corpus_cable(cable))
    return json.loads(json.dumps(figures(tally, Path("generated"))))


@pytest.fixture(scope="module")
def target():
    return load_figures()


def test_distance_is_zero_for_equal_tables_and_one_for_disjoint():
    assert distance({"a": 1, "b": 3}, {"a": 2, "b": 6}) == pytest.approx(0)
    assert distance({"a": 1}, {"b": 1}) == pytest.approx(1)
    assert distance({"a": 1, "b": 1}, {"a": 1}) == pytest.approx(0.5)


def test_choice_draws_in_proportion():
    choice = Choice.of({"x": 1, "y": 3})
    assert choice.probability("y") == pytest.approx(0.75)
    assert choice.probability("z") == 0
    from random import Random

    rng = Random(1)
    draws = [choice.draw(rng) for _ in range(4000)]
    assert draws.count("y") / len(draws) == pytest.approx(0.75, abs=0.03)


@pytest.mark.parametrize(
    "name",
    ["classifications", "subject_words", "sections"],
)
def test_flat_distributions_match(measured, target, name):
    assert distance(measured[name], target[name]) <= TOLERANCE[name]


def test_origins_match_among_posts_the_generator_knows(measured, target):
    known = set(load_tables().posts)
    wanted = {name: n for name, n in target["origins"].items() if name in known}
    assert set(measured["origins"]) <= known
    assert distance(measured["origins"], wanted) <= TOLERANCE["origins"]


def test_years_follow_the_release_weights_not_the_dev_corpus(measured, target):
    weights = target["years"]["weights"]
    assert distance(measured["years"]["measured"], weights) <= TOLERANCE["years"]
    generated = measured["years"]["measured"]
    share_2004_2010 = sum(n for year, n in generated.items() if int(year) >= 2004) / SAMPLE
    assert share_2004_2010 > 0.9
    assert not any(int(year) > 2010 for year in generated)


def test_tags_match(measured, target):
    got, want = measured["tags"], target["tags"]
    assert distance(got["per_cable"], want["per_cable"]) <= TOLERANCE["tags_per_cable"]
    own = got["cables"]["with_own_country"] / got["cables"]["all"]
    own_wanted = want["cables"]["with_own_country"] / want["cables"]["all"]
    assert own == pytest.approx(own_wanted, abs=TOLERANCE["rate"])
    # The five most frequent measured tags are among the ten most frequent generated.
    top = sorted(want["frequencies"], key=want["frequencies"].get, reverse=True)
    assert set(top[:5]) <= set(sorted(got["frequencies"], key=got["frequencies"].get)[-10:])


def test_paragraphs_match(measured, target):
    got, want = measured["paragraphs"], target["paragraphs"]
    assert distance(got["per_cable"], want["per_cable"]) <= TOLERANCE["paragraphs_per_cable"]
    assert (
        distance(got["words_bins_of_10"], want["words_bins_of_10"]) <= TOLERANCE["paragraph_words"]
    )
    for classification in ("CONFIDENTIAL", "UNCLASSIFIED"):
        unmarked = {
            k: v.get("", 0) / sum(v.values())
            for k, v in (
                ("got", got["markings_by_classification"][classification]),
                ("want", want["markings_by_classification"][classification]),
            )
        }
        assert unmarked["got"] == pytest.approx(unmarked["want"], abs=0.08)


def test_references_match_and_some_are_missing(measured, target, synthetic_sample):
    got, want = measured["references"], target["references"]
    assert distance(got["per_cable"], want["per_cable"]) <= TOLERANCE["references_per_cable"]
    present = [ref.present for cable in synthetic_sample for ref in cable.references]
    share = sum(present) / len(present)
    wanted = want["targets"]["present"] / (want["targets"]["present"] + want["targets"]["missing"])
    assert share == pytest.approx(wanted, abs=TOLERANCE["rate"])
    ids = {cable.reference_id for cable in synthetic_sample}
    for cable in synthetic_sample:
        for reference in cable.references:
            assert (reference.reference_id in ids) == reference.present


def test_header_styles_match_per_era(measured, target):
    got = measured["by_era"]["header_styles"]
    for period, counts in got.items():
        if sum(counts.values()) >= 200:
            wanted = target["by_era"]["header_styles"][period]
            assert distance(counts, wanted) <= TOLERANCE["header_styles"], period


@pytest.mark.parametrize("term", ["heroin", "nuclear", "program", "iran", "nuclear program"])
def test_search_terms_appear_at_measured_rates(measured, target, term):
    got = measured["terms"]["document_frequency"].get(term, 0)
    want = target["terms"]["document_frequency"][term]
    low, high = TERM_RATIO
    assert low * want <= got <= high * want


def test_same_seed_same_bytes_whatever_the_workers(tmp_path):
    one = write_dump(1_200, 7, tmp_path / "one.csv.gz", workers=1).read_bytes()
    two = write_dump(1_200, 7, tmp_path / "two.csv.gz", workers=2).read_bytes()
    assert one == two
    assert gzip.decompress(one).count(b'\n"') >= 1_199


def test_different_seed_different_corpus():
    first = dump_bytes(generate_cables(50, 1), compress=False)
    second = dump_bytes(generate_cables(50, 2), compress=False)
    assert first != second


def test_ids_are_unique_and_rows_in_date_order(synthetic_sample):
    assert len({cable.reference_id for cable in synthetic_sample}) == SAMPLE
    dates = [cable.date_time for cable in synthetic_sample]
    assert dates == sorted(dates)
    assert [cable.row for cable in synthetic_sample] == list(range(1, SAMPLE + 1))


def test_csv_reader_reads_the_dump_dialect(synthetic_sample):
    quoted = [cable for cable in synthetic_sample if "'" in cable.content or '"' in cable.content]
    chosen = synthetic_sample[:300] + quoted[:50]
    text = "".join(dump_row(cable) for cable in chosen)
    rows = list(csv.reader(io.StringIO(text, newline=""), **dump_dialect()))
    assert len(rows) == len(chosen)
    for row, cable in zip(rows, chosen, strict=True):
        assert len(row) == 8
        assert row[2] == cable.reference_id
        assert row[6:] == [cable.header, cable.content]
    assert "\\'" in text  # MySQL-style escapes, as the real dump has


def test_project_dump_reader_reads_every_row(tmp_path):
    from cableroom.sources.dump import read_dump
    from cableroom.sources.record import SourceRecord

    path = write_dump(400, 3, tmp_path / "cables.csv.gz")
    items = list(read_dump(path))
    assert len(items) == 400
    assert all(isinstance(item, SourceRecord) for item in items)


def test_generated_text_parses_back_to_its_fields(synthetic_sample):
    parsing = pytest.importorskip("cableroom.parsing")
    dated = [c for c in synthetic_sample if c.header_style in {"fm_to", "autodin"}][:400]
    assert len(dated) > 100
    for cable in dated:
        parsed = parsing.parse_cable(cable.raw_text)
        assert parsed.reference_id == cable.reference_id
        assert parsed.date_time == cable.date_time
        if cable.references and "\nREF:" in cable.content:
            found = [ref.reference_id for ref in parsed.references if ref.reference_id]
            assert found == [ref.reference_id for ref in cable.references], cable.reference_id
        assert [tag.code for tag in parsed.tags] == list(cable.tags)
        numbered = [p.number for p in parsed.paragraphs if p.number]
        assert numbered == [p.number for p in cable.paragraphs if p.number]
        assert (parsed.subject or "") == cable.subject


@pytest.mark.slow
def test_figures_json_is_what_measure_gives_on_the_corpus():
    if not (CORPUS / "cables.csv.gz").exists():
        pytest.skip(f"MISSING CORPUS: {CORPUS} not found; cannot re-measure figures.json")
    from cableroom.synthetic.measure import sort_keys

    again = json.loads(json.dumps(sort_keys(measure(CORPUS))))
    committed = json.loads(FIGURES_FILE.read_text(encoding="utf-8"))
    assert again == committed
