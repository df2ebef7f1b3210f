"""Every distribution the generator draws from, prepared once from figures.json.

Each attribute is a Choice (or a rate) named for what it draws, so the generator reads
like a description of a cable: `tables.tags_per_cable.draw(rng)`.
"""

from dataclasses import dataclass
from functools import cache

from cableroom.refdata import posts, read_rows, tags
from cableroom.synthetic.figures import ERAS, Choice, load_figures, rate

# Paragraph markings from the dump that are damage, not markings: kept out of generation.
# Spelled-out levels ("(CONFIDENTIAL)") are left out too: they read back as text.
MARKING_NOISE = {"SUMMARY", "D", "CO", "SU", "UN", "CPI", "SENSITIVE", "SECRET", "CONFIDENTIAL"}


@dataclass(frozen=True)
class PostInfo:
    """What a generated cable needs about its origin post."""

    name: str
    station: str
    written: str  # the station as REF lines write it: "ABU DHABI"
    from_line: str
    routing_indicator: str
    country_tag: str


@dataclass(frozen=True)
class Tables:
    """Prepared draws; see figures.json for the numbers behind each."""

    posts: dict[str, PostInfo]
    origins: Choice
    years: Choice
    months: Choice
    hours: Choice
    classifications: Choice
    noforn_rate: dict[str, float]
    classified_by_rate: dict[str, float]
    eo_na_rate: dict[str, float]
    header_styles: dict[str, Choice]
    sipdis_lines: dict[str, Choice]
    upper_case_rate: dict[str, float]
    spaced_rate: dict[str, float]
    page_break_rate: dict[str, float]
    page_break_words: dict[str, int]
    eo_numbers: dict[str, Choice]
    precedence: dict[str, Choice]
    to_count: dict[str, Choice]
    info_count: dict[str, Choice]
    to_names: Choice
    info_names: Choice
    tags_per_cable: Choice
    own_country_rate: float
    person_tag_rate: float
    tag_frequencies: Choice
    tail_rate: float
    tail_tags: tuple[str, ...]
    subject_words: Choice
    sections: Choice
    references_per_cable: Choice
    ref_line_rate: float
    present_rate: float
    reference_kinds: Choice
    reference_age: Choice
    paragraphs_per_cable: Choice
    paragraph_words: Choice
    marked_rate: dict[str, float]
    markings: dict[str, Choice]
    terms: dict[str, dict]
    term_shares: dict[str, float]


def _per_era(table: dict, build) -> dict:
    return {period: build(table[period]) for period in ERAS}


def post_infos() -> dict[str, PostInfo]:
    """Every post with a station code, keyed by the dump's origin name."""
    fips = {row["name"]: row["country_fips"] for row in read_rows("posts.csv")}
    found = {}
    for post in posts():
        if not post.station_codes:
            continue
        station = post.station_codes[0]
        city = post.city.upper()
        written = city if city.replace(" ", "") == station else station
        prefix = {"Embassy": "AMEMBASSY", "Consulate": "AMCONSUL"}.get(post.post_type, "")
        from_line = post.from_lines[0] if post.from_lines else f"{prefix} {city}".strip()
        indicator = post.routing_indicators[0] if post.routing_indicators else ""
        found[post.name] = PostInfo(
            post.name, station, written, from_line, indicator or "RUEH" + station[:3],
            fips.get(post.name, ""),
        )  # fmt: skip
    return found


def _markings(by_classification: dict) -> tuple[dict[str, float], dict[str, Choice]]:
    marked, choices = {}, {}
    for classification, counts in by_classification.items():
        kept = {k: v for k, v in counts.items() if k and k not in MARKING_NOISE and len(k) <= 8}
        total = sum(counts.values())
        marked[classification] = sum(kept.values()) / total if total else 0.0
        choices[classification] = Choice.of(kept or {"U": 1})
    return marked, choices


def _known_tags(frequencies: dict) -> dict:
    """Measured tags the reference list knows; typos (VTPREL), free text (USEU BRUSSELS)
    and dates read back as other tags, so they are left out."""
    known = tags()
    return {
        code: n
        for code, n in frequencies.items()
        if code in known and known[code].kind != "other" and " " not in code
    }


def _tail_tags(frequent: dict) -> tuple[str, ...]:
    """Codes outside the measured top list, for the long tail of rare tags."""
    kinds = {"subject", "program", "organisation"}
    rare = (code for code, fact in tags().items() if fact.kind in kinds and " " not in code)
    return tuple(sorted(code for code in rare if code not in frequent))


@cache
def load_tables() -> Tables:
    """Build every draw from figures.json (once per process)."""
    f = load_figures()
    known = post_infos()
    era_table = f["by_era"]
    tag_table = f["tags"]
    references = f["references"]
    targets = references["targets"]
    marked, markings = _markings(f["paragraphs"]["markings_by_classification"])
    classifications = f["classifications"]
    page_breaks = era_table["page_breaks"]
    return Tables(
        posts=known,
        origins=Choice.of({k: v for k, v in f["origins"].items() if k in known}),
        years=Choice.of(f["years"]["weights"], int),
        months=Choice.of(f["months"], int),
        hours=Choice.of(f["hours"], int),
        classifications=Choice.of(classifications),
        noforn_rate={
            k: v.get("NOFORN", 0) / classifications[k]
            for k, v in f["caveats_by_classification"].items()
        },
        classified_by_rate={k: v.get("True", 0.0) for k, v in f["classified_by"].items()},
        eo_na_rate={k: v.get("True", 0.0) for k, v in f["eo_na_by_classification"].items()},
        header_styles=_per_era(era_table["header_styles"], Choice.of),
        sipdis_lines=_per_era(era_table["sipdis_lines"], lambda t: Choice.of(t, int)),
        upper_case_rate=_per_era(era_table["upper_case"], rate),
        spaced_rate=_per_era(era_table["spaced_classification"], rate),
        page_break_rate=_per_era(page_breaks, lambda t: t["with_breaks"] / t["cables"]),
        page_break_words=_per_era(page_breaks, lambda t: t["words"] // max(t["lines"], 1)),
        eo_numbers=_per_era(era_table["eo_numbers"], Choice.of),
        precedence=_per_era(era_table["precedence"], Choice.of),
        to_count={k: Choice.of(v, int) for k, v in f["addressees"]["to_count"].items()},
        info_count={k: Choice.of(v, int) for k, v in f["addressees"]["info_count"].items()},
        to_names=Choice.of(f["addressees"]["to_names"]),
        info_names=Choice.of(f["addressees"]["info_names"]),
        tags_per_cable=Choice.of(tag_table["per_cable"], int),
        own_country_rate=tag_table["cables"]["with_own_country"] / tag_table["cables"]["all"],
        person_tag_rate=tag_table["cables"]["with_person"] / tag_table["cables"]["all"],
        # Multi-word free text (USEU BRUSSELS) reads back as several tags: left out.
        tag_frequencies=Choice.of(_known_tags(tag_table["frequencies"])),
        tail_rate=tag_table["tail_occurrences"]
        / (tag_table["tail_occurrences"] + sum(tag_table["frequencies"].values())),
        tail_tags=_tail_tags(tag_table["frequencies"]),
        subject_words=Choice.of({k: v for k, v in f["subject_words"].items() if k != "0"}, int),
        sections=Choice.of(f["sections"], int),
        references_per_cable=Choice.of(references["per_cable"], int),
        ref_line_rate=rate(references["with_ref_line"]),
        present_rate=targets["present"] / (targets["present"] + targets["missing"]),
        reference_kinds=Choice.of({k: targets[k] for k in ("own", "state", "other")}),
        reference_age=Choice.of(references["age_years"], int),
        paragraphs_per_cable=Choice.of(f["paragraphs"]["per_cable"], int),
        paragraph_words=Choice.of(f["paragraphs"]["words_bins_of_10"], int),
        marked_rate=marked,
        markings=markings,
        terms=f["terms"]["given_tag"],
        term_shares=f["terms"]["document_frequency"],
    )
