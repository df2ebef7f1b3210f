"""Measure ../shared/corpus into figures.json: counts and frequencies, never text.

    python -m cableroom.synthetic.measure ../shared/corpus [--output PATH]

Content (origins, classifications, tags, references, paragraphs, query terms) is
measured on the dump, a broad sample of 8,801 cables. The December 2010 pages are the
media partners' first, newsworthy selection, so they are used only for what the dump
cannot show: how 2006-2010 cables look (AUTODIN headers, addressee lists, page-break
lines, mixed case). Years are then reweighted to the release's shape (see `years`).
"""

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from cableroom.refdata import read_rows
from cableroom.synthetic.corpus import CorpusCable, dump_cables, html_cables
from cableroom.synthetic.figures import era
from cableroom.synthetic.textstats import TextShape, shape_of

FIGURES_PATH = Path(__file__).resolve().parent / "figures.json"
TOP_TAGS = 400
TOP_ADDRESSEES = 120
TERM_TAGS = {"heroin": "SNAR", "nuclear": "KNNP", "nuclear program": "KNNP", "iran": "IR"}

# The release's cables per year, rounded, after the year histogram WikiLeaks published
# for Cablegate (dates from December 1966 to February 2010). An assumption written
# down, not a measurement: the dev corpus stops in 2005, so it cannot show this.
RELEASE_SHAPE = {
    "before_2004": 15_300,
    "2004": 12_000,
    "2005": 22_000,
    "2006": 40_000,
    "2007": 50_000,
    "2008": 55_000,
    "2009": 50_000,
    "2010": 7_000,
}
YEARS_METHOD = (
    "Each year's weight is its expected share of the 251,287-cable release. 2004-2010 "
    "take the rounded release counts in release_shape; the years before 2004 share the "
    "before_2004 total in proportion to the dev corpus's own counts (measured). Why: "
    "the dev corpus is 61% 2004 and has nothing after 2005, while the release is about "
    "94% 2004-2010 and the speed targets are stated for the release's shape (a year "
    "facet with most cables in 2006-2009). 2010 cables fall in January and February only."
)


class Tally:
    """Counters filled one cable at a time, turned into figures at the end."""

    def __init__(self, country_of: dict[str, str]):
        self.country_of = country_of
        self.c: defaultdict[str, Counter] = defaultdict(Counter)
        self.by: defaultdict[str, defaultdict[str, Counter]] = defaultdict(
            lambda: defaultdict(Counter)
        )
        self.dump_ids: set[str] = set()
        self.targets: list[tuple[int, str, str]] = []

    def add(self, cable: CorpusCable) -> None:
        """Count one cable: style for every source, content for the dump only."""
        shape = shape_of(cable.header, cable.body)
        self._style(cable, shape)
        if cable.source == "dump":
            self._content(cable, shape)

    def _style(self, cable: CorpusCable, shape: TextShape) -> None:
        period = era(cable.date_time.year)
        self.c["sources"][f"{cable.source} {period}"] += 1
        self.by["header_styles"][period][shape.header_style] += 1
        self.by["sipdis_lines"][period][str(min(shape.sipdis_count, 2))] += 1
        self.by["upper_case"][period][str(shape.upper_case)] += 1
        self.by["spaced_classification"][period][str(shape.spaced_classification)] += 1
        self.by["page_breaks"][period]["cables"] += 1
        self.by["page_breaks"][period]["with_breaks"] += shape.page_breaks > 0
        self.by["page_breaks"][period]["words"] += shape.words
        self.by["page_breaks"][period]["lines"] += shape.page_breaks
        if shape.eo_number:
            self.by["eo_numbers"][period][shape.eo_number] += 1
        if shape.precedence:
            self.by["precedence"][period][shape.precedence[0]] += 1
        if shape.header_style in {"fm_to", "autodin"}:
            self._addressees(shape)

    def _addressees(self, shape: TextShape) -> None:
        style = shape.header_style
        self.by["to_count"][style][str(min(len(shape.to_names), 12))] += 1
        self.by["info_count"][style][str(min(len(shape.info_names), 40))] += 1
        self.c["to_names"].update(shape.to_names)
        self.c["info_names"].update(shape.info_names)

    def _content(self, cable: CorpusCable, shape: TextShape) -> None:
        self.dump_ids.add(cable.reference_id)
        self.c["origins"][cable.origin] += 1
        self.c["years"][str(cable.date_time.year)] += 1
        self.c["months"][str(cable.date_time.month)] += 1
        self.c["hours"][str(cable.date_time.hour)] += 1
        self.c["classifications"][cable.classification] += 1
        for caveat in shape.caveats:
            self.by["caveats"][cable.classification][caveat] += 1
        self.by["eo_na"][cable.classification][str(shape.eo_na)] += 1
        self.by["classified_by"][cable.classification][str(shape.classified_by)] += 1
        self.c["subject_words"][str(min(shape.subject_words, 40))] += 1
        self.c["sections"][str(min(shape.sections, 12))] += 1
        if shape.sections > 1:
            self.c["multi_section"]["cables"] += 1
            self.c["multi_section"]["words"] += shape.words
            self.c["multi_section"]["sections"] += shape.sections
        self._tags(cable, shape)
        self._references(cable, shape)
        self._paragraphs(cable, shape)
        self._terms(shape)

    def _tags(self, cable: CorpusCable, shape: TextShape) -> None:
        own = self.country_of.get(cable.origin, "")
        self.c["tags_per_cable"][str(min(len(shape.tags) + shape.person_tags, 20))] += 1
        self.c["tag_cables"]["with_own_country"] += own in shape.tags
        self.c["tag_cables"]["with_person"] += shape.person_tags > 0
        self.c["tag_cables"]["all"] += 1
        self.c["tags"].update(tag for tag in shape.tags if tag != own)

    def _references(self, cable: CorpusCable, shape: TextShape) -> None:
        self.c["references_per_cable"][str(min(len(cable.references), 15))] += 1
        if cable.references:
            self.c["ref_line"][str(shape.has_ref_line)] += 1
        year = cable.date_time.year
        station = re.sub(r"^\d+|\d+$", "", cable.reference_id)
        self.targets.extend((year, station, target) for target in cable.references)

    def _paragraphs(self, cable: CorpusCable, shape: TextShape) -> None:
        self.c["paragraphs_per_cable"][str(min(len(shape.paragraphs), 40))] += 1
        for marking, words in shape.paragraphs:
            self.c["paragraph_words"][str(word_bin(words))] += 1
            self.by["markings"][cable.classification][marking] += 1

    def _terms(self, shape: TextShape) -> None:
        self.c["terms"]["cables"] += 1
        for term in shape.terms:
            self.c["terms"][term] += 1
        if {"nuclear program", "iran"} <= shape.terms:
            self.c["terms"]["nuclear program+iran"] += 1
        for term, tag in TERM_TAGS.items():
            key = f"{term}|{tag in shape.tags}"
            self.c["term_tag_cables"][key] += 1
            self.c["term_tag_hits"][key] += term in shape.terms


def word_bin(words: int) -> int:
    """Paragraph lengths in bins of 10 words up to 300 (longer ones share the last bin)."""
    return min(words // 10 * 10, 300)


def reference_figures(tally: Tally) -> dict:
    """How many references a cable has, where they point, and how many are missing."""
    where: Counter = Counter()
    age: Counter = Counter()
    for year, station, target in tally.targets:
        match = re.match(r"(\d{2})([A-Z]+?)(\d+)$", target.upper())
        where["present" if target in tally.dump_ids else "missing"] += 1
        if not match:
            where["malformed"] += 1
            continue
        where[_station_kind(match.group(2), station)] += 1
        target_year = int(match.group(1)) + (1900 if int(match.group(1)) > 60 else 2000)
        age[str(max(0, min(year - target_year, 10)))] += 1
    return {
        "per_cable": dict(tally.c["references_per_cable"]),
        "with_ref_line": dict(tally.c["ref_line"]),
        "targets": dict(where),
        "age_years": dict(age),
        "note": (
            "present = the target is itself a cable of the dev corpus (a clustered 3.5% "
            "sample, so cables cite their own post's cables that are also in it). The "
            "generator keeps this share of references pointing at generated cables and "
            "makes the rest point at ids that are not in the corpus."
        ),
    }


def _station_kind(target_station: str, own_station: str) -> str:
    if target_station == own_station:
        return "own"
    return "state" if target_station == "STATE" else "other"


def term_figures(tally: Tally) -> dict:
    """Share of cables containing each benchmark term, alone and beside its tag."""
    total = tally.c["terms"]["cables"]
    given = {}
    for term, tag in TERM_TAGS.items():
        rates = {}
        for has in (True, False):
            cables = tally.c["term_tag_cables"][f"{term}|{has}"]
            hits = tally.c["term_tag_hits"][f"{term}|{has}"]
            rates["with_tag" if has else "without_tag"] = round(hits / cables, 5) if cables else 0
        given[term] = {"tag": tag, **rates}
    shares = {k: round(v / total, 5) for k, v in tally.c["terms"].items() if k != "cables"}
    return {"cables": total, "document_frequency": shares, "given_tag": given}


def year_weights(measured: Counter) -> dict[str, float]:
    """Per-year weights: release_shape for 2004-2010, measured shape before 2004."""
    before = {year: n for year, n in measured.items() if int(year) < 2004}
    total_before = sum(before.values()) or 1
    weights = {y: RELEASE_SHAPE["before_2004"] * n / total_before for y, n in before.items()}
    weights.update({y: float(n) for y, n in RELEASE_SHAPE.items() if y.isdigit()})
    total = sum(weights.values())
    return {year: round(w / total, 6) for year, w in sorted(weights.items())}


def _shares(counter: Counter) -> dict[str, float]:
    total = sum(counter.values()) or 1
    return {key: round(value / total, 4) for key, value in counter.items()}


def figures(tally: Tally, corpus: Path) -> dict:
    """The whole table, ready for json.dump."""
    c, by = tally.c, tally.by
    multi = c["multi_section"]
    return {
        "about": {
            "measured_from": str(corpus.name),
            "command": "python -m cableroom.synthetic.measure ../shared/corpus",
            "sources": dict(c["sources"]),
            "note": __doc__.split("\n\n", 2)[2].strip(),
        },
        "origins": dict(c["origins"].most_common()),
        "years": {
            "measured": dict(sorted(c["years"].items())),
            "release_shape": RELEASE_SHAPE,
            "weights": year_weights(c["years"]),
            "method": YEARS_METHOD,
        },
        "months": dict(c["months"]),
        "hours": dict(c["hours"]),
        "classifications": dict(c["classifications"].most_common()),
        "caveats_by_classification": {k: dict(v) for k, v in by["caveats"].items()},
        "eo_na_by_classification": {k: _shares(v) for k, v in by["eo_na"].items()},
        "classified_by": {k: _shares(v) for k, v in by["classified_by"].items()},
        "by_era": {
            name: {period: dict(counter) for period, counter in by[name].items()}
            for name in (
                "header_styles",
                "sipdis_lines",
                "upper_case",
                "spaced_classification",
                "page_breaks",
                "eo_numbers",
                "precedence",
            )
        },  # fmt: skip
        "addressees": {
            "to_count": {k: dict(v) for k, v in by["to_count"].items()},
            "info_count": {k: dict(v) for k, v in by["info_count"].items()},
            "to_names": dict(c["to_names"].most_common(TOP_ADDRESSEES)),
            "info_names": dict(c["info_names"].most_common(TOP_ADDRESSEES)),
        },
        "tags": {
            "per_cable": dict(c["tags_per_cable"]),
            "cables": dict(c["tag_cables"]),
            "frequencies": dict(c["tags"].most_common(TOP_TAGS)),
            "distinct": len(c["tags"]),
            "tail_occurrences": sum(n for _, n in c["tags"].most_common()[TOP_TAGS:]),
        },
        "subject_words": dict(c["subject_words"]),
        "sections": dict(c["sections"]),
        "words_per_section": round(multi["words"] / max(multi["sections"], 1)),
        "references": reference_figures(tally),
        "paragraphs": {
            "per_cable": dict(c["paragraphs_per_cable"]),
            "words_bins_of_10": dict(c["paragraph_words"]),
            "markings_by_classification": {k: dict(v) for k, v in by["markings"].items()},
        },
        "terms": term_figures(tally),
    }


def sort_keys(value):
    """Numeric keys in numeric order, so the file reads naturally and diffs stay small."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: (not kv[0].isdigit(), _key(kv[0])))
        return {k: sort_keys(v) for k, v in items}
    return value


def _key(key: str):
    return int(key) if key.isdigit() else key


def measure(corpus: Path) -> dict:
    """Read the dump and the December 2010 pages once and return the figures."""
    country_of = {row["name"]: row["country_fips"] for row in read_rows("posts.csv")}
    tally = Tally(country_of)
    for cable in dump_cables(corpus):
        tally.add(cable)
    for cable in html_cables(corpus):
        tally.add(cable)
    return figures(tally, corpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the ../shared/corpus directory")
    parser.add_argument("--output", type=Path, default=FIGURES_PATH)
    args = parser.parse_args(argv)
    if not (args.corpus / "cables.csv.gz").exists():
        print(f"no cables.csv.gz in {args.corpus}", file=sys.stderr)
        return 2
    table = measure(args.corpus)
    text = json.dumps(sort_keys(table), indent=1, ensure_ascii=False) + "\n"
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
