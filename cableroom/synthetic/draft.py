"""Draw one cable's fields from the measured tables, then render its text."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from random import Random

from cableroom.refdata import routing_indicators, squeeze
from cableroom.synthetic.corpus_plan import STATE, CorpusPlan, Planned, reference_id
from cableroom.synthetic.figures import era
from cableroom.synthetic.prose import Prose
from cableroom.synthetic.render import reference_text, render_text
from cableroom.synthetic.synthetic_cable import (
    SyntheticAddressee,
    SyntheticCable,
    SyntheticParagraph,
    SyntheticReference,
)
from cableroom.synthetic.tables import Tables

MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
PRECEDENCE_WORDS = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": ""}
SUMMARY_RATE = 0.35  # first paragraphs opening "Summary:" (a style choice, not measured)
NOTAL_RATE = 0.05
OFFICES = "EUR NEA SCA EAP AF WHA INR EB DRL PM ISN CA OES IO".split()
TITLES = ("Ambassador", "Charge d'Affaires", "Deputy Chief of Mission", "Political Counselor")
DECL_YEARS = 10


@dataclass
class Draft:
    """A cable's fields while they are being drawn; rendered into text at the end."""

    planned: Planned
    row: int
    era: str
    header_style: str
    upper_case: bool
    prose: Prose
    fields: dict = field(default_factory=dict)
    sipdis_lines: int = 0
    spaced: bool = False
    office_line: str = ""
    ref_line: bool = True


def draft_cable(position: int, plan: CorpusPlan, tables: Tables, rng: Random) -> SyntheticCable:
    """Every field of the cable planned at `position`, and its dump text."""
    planned = plan.cables[position]
    period = era(planned.date_time.year)
    draft = Draft(
        planned, position + 1, period, tables.header_styles[period].draw(rng),
        rng.random() < tables.upper_case_rate[period], Prose(rng),
    )  # fmt: skip
    _transmission(draft, tables, rng)
    _markings(draft, tables, rng)
    draft.fields["tags"] = draw_tags(planned, tables, rng, draft.prose)
    subject = draft.prose.content_words(tables.subject_words.draw(rng))
    draft.fields["subject"] = " ".join(subject).upper()
    draft.fields["references"] = draw_references(position, plan, tables, rng)
    draft.ref_line = rng.random() < tables.ref_line_rate
    draft.fields["paragraphs"] = draw_paragraphs(draft, tables, rng)
    draft.fields["signer"] = draft.prose.name().upper()
    header, content = render_text(draft, tables, rng)
    return SyntheticCable(
        row=draft.row, reference_id=planned.reference_id, date_time=planned.date_time,
        origin=planned.origin, station=planned.station, serial=planned.serial,
        classification=planned.classification, header_style=draft.header_style,
        header=header, content=content, **draft.fields,
    )  # fmt: skip


def date_time_group(moment: datetime) -> str:
    """`191331Z APR 06`: day, hour and minute in UTC, month, two-digit year."""
    return f"{moment:%d%H%M}Z {MONTHS[moment.month - 1]} {moment:%y}"


def _transmission(draft: Draft, tables: Tables, rng: Random) -> None:
    planned, style = draft.planned, draft.header_style
    post = tables.posts[planned.origin]
    has_header = style in {"fm_to", "autodin"}
    letter = tables.precedence[draft.era].draw(rng)
    word = PRECEDENCE_WORDS.get(letter, "")
    draft.fields.update(
        precedence=letter if has_header else "",
        date_time_group=date_time_group(planned.date_time) if has_header else "",
        transmission_id=f"VZCZCXRO{rng.randint(0, 9999):04d}" if style == "autodin" else "",
        sender_routing_indicator=post.routing_indicator if style == "autodin" else "",
        from_line=post.from_line if has_header else "",
        to=_addressees(tables.to_count, tables.to_names, style, word, rng) if has_header else (),
        info=_addressees(tables.info_count, tables.info_names, style, word, rng)
        if has_header
        else (),
    )


def _addressees(counts, names, style: str, word: str, rng: Random) -> tuple:
    wanted = counts[style].draw(rng)
    chosen = list(dict.fromkeys(names.draw(rng) for _ in range(wanted * 2)))[:wanted]
    autodin = style == "autodin"
    return tuple(
        SyntheticAddressee(
            name,
            indicator_for(name) if autodin else "",
            word if rng.random() < 0.7 else "",
            f"{rng.randint(1, 9999):04d}" if rng.random() < 0.5 else "",
        )  # fmt: skip
        for name in chosen
    )


@cache
def indicator_for(name: str) -> str:
    """The routing indicator the indicator book gives a name, else one made from it."""
    return _indicators_by_name().get(name) or "RUEH" + squeeze(name)[:3]


@cache
def _indicators_by_name() -> dict[str, str]:
    found: dict[str, str] = {"SECSTATE WASHDC": "RUEHC"}  # the book names RUEHC otherwise
    # The shortest indicator is the office's own (RUEHC for SECSTATE WASHDC).
    for indicator, name in sorted(routing_indicators().items(), key=lambda kv: len(kv[0])):
        found.setdefault(name, indicator)
    return found


def _markings(draft: Draft, tables: Tables, rng: Random) -> None:
    planned = draft.planned
    classification = planned.classification
    noforn = rng.random() < tables.noforn_rate.get(classification, 0.0)
    sipdis = tables.sipdis_lines[draft.era].draw(rng)
    # In the order the text gives them: SIPDIS lines, SENSITIVE, NOFORN.
    caveats = ["SIPDIS"] if sipdis else []
    if "FOR OFFICIAL USE ONLY" in classification:
        caveats.append("SENSITIVE")
    if noforn:
        caveats.append("NOFORN")
    draft.fields.update(
        caveats=tuple(caveats),
        sections=tables.sections.draw(rng),
        classified_by=_classified_by(draft, tables, rng),
    )
    draft.fields.update(_eo(draft, tables, rng))
    draft.sipdis_lines = sipdis
    draft.spaced = rng.random() < tables.spaced_rate[draft.era]
    draft.office_line = _office_line(rng) if rng.random() < 0.5 else ""


def _classified_by(draft: Draft, tables: Tables, rng: Random) -> str:
    if rng.random() >= tables.classified_by_rate.get(draft.planned.classification, 0.0):
        return ""
    name = f"{draft.prose.name()} {draft.prose.name()}"
    return f"{rng.choice(TITLES)} {name}, Reasons 1.4 ({rng.choice('bcd')}) and (d)"


def _eo(draft: Draft, tables: Tables, rng: Random) -> dict:
    number = tables.eo_numbers[draft.era].draw(rng)
    if rng.random() < tables.eo_na_rate.get(draft.planned.classification, 0.0):
        return {"eo_line": f"E.O. {number}: N/A", "declassify_on": ""}
    moment = draft.planned.date_time
    when = "OADR" if draft.era == "1966-1999" else f"{moment:%m/%d}/{moment.year + DECL_YEARS}"
    return {"eo_line": f"E.O. {number}: DECL: {when}", "declassify_on": when}


def _office_line(rng: Random) -> str:
    offices = rng.sample(OFFICES, rng.randint(1, 3))
    return "DEPARTMENT FOR " + " AND ".join(
        f"{office}/{rng.choice('ABCEPRS')}" for office in offices
    )


def draw_tags(planned: Planned, tables: Tables, rng: Random, prose: Prose) -> tuple[str, ...]:
    """The TAGS: the post's country most of the time, then measured subject frequencies."""
    wanted = tables.tags_per_cable.draw(rng)
    chosen: dict[str, None] = {}
    country = tables.posts[planned.origin].country_tag
    if country and rng.random() < tables.own_country_rate:
        chosen[country] = None
    for _ in range(wanted * 3):
        if len(chosen) >= wanted:
            break
        if rng.random() < tables.tail_rate:
            chosen[rng.choice(tables.tail_tags)] = None
        else:
            chosen[tables.tag_frequencies.draw(rng)] = None
    if rng.random() < tables.person_tag_rate:
        chosen[f"{prose.name()}, {prose.name()}".upper()] = None
    return tuple(chosen)


def draw_references(position: int, plan: CorpusPlan, tables: Tables, rng: Random) -> tuple:
    """REF entries: a measured share point at generated cables, the rest at missing ones."""
    planned = plan.cables[position]
    found = []
    for _ in range(tables.references_per_cable.draw(rng)):
        kind = tables.reference_kinds.draw(rng)
        station = {"own": planned.station, "state": STATE}.get(kind)
        target = None
        if rng.random() < tables.present_rate:
            target = plan.earlier(station, position, rng)
        target_id = (
            target.reference_id if target else _missing(planned, station, plan, rng, tables)
        )
        if target_id == planned.reference_id or any(r.reference_id == target_id for r in found):
            continue
        notal = rng.random() < NOTAL_RATE
        text = reference_text(target_id, planned.date_time.year, notal)
        label = chr(ord("A") + len(found))
        found.append(SyntheticReference(label, target_id, notal, text, target is not None))
    return tuple(found)


def _missing(planned: Planned, station, plan: CorpusPlan, rng: Random, tables: Tables) -> str:
    """An id shaped like a real one that no generated cable has."""
    year = max(1966, planned.date_time.year - tables.reference_age.draw(rng))
    station = station or tables.posts[tables.origins.draw(rng)].station
    top = 150_000 if station == STATE else 12_000
    while True:
        candidate = reference_id(year, station, rng.randint(1, top))
        if candidate not in plan.ids:
            return candidate


def draw_paragraphs(draft: Draft, tables: Tables, rng: Random) -> tuple:
    """Numbered, marked paragraphs of measured count and length; terms added at their rates."""
    classification = draft.planned.classification
    count = tables.paragraphs_per_cable.draw(rng)
    marked = rng.random() < tables.marked_rate.get(classification, 0.0)
    lengths = [
        max(2, tables.paragraph_words.draw(rng) + rng.randint(0, 9)) for _ in range(count or 2)
    ]
    texts = [draft.prose.sentences(length) for length in lengths]
    add_terms(texts, draft.fields["tags"], tables, rng)
    if count >= 3 and rng.random() < SUMMARY_RATE:
        first = texts[0]
        first[0] = f"Summary: {first[0]}"
        first[-1] = f"{first[-1]} End Summary."
    paragraphs = []
    for index, sentences in enumerate(texts):
        marking = tables.markings[classification].draw(rng) if marked and count else ""
        text = " ".join(sentences)
        paragraphs.append(
            SyntheticParagraph(
                index + 1 if count else None, marking, text.upper() if draft.upper_case else text
            )
        )
    return tuple(paragraphs)


def add_terms(texts: list[list[str]], tags: tuple[str, ...], tables: Tables, rng: Random) -> None:
    """Put the benchmark's search terms in at the rates measured, beside their tags."""
    found = set()
    rules = tables.terms
    # The phrase first: a cable with "nuclear program" already has "nuclear".
    for term in ("nuclear program", "nuclear", "heroin", "iran"):
        rule = rules[term]
        share = rule["with_tag"] if rule["tag"] in tags else rule["without_tag"]
        if term == "nuclear":
            phrase = rules["nuclear program"]
            share -= phrase["with_tag"] if phrase["tag"] in tags else phrase["without_tag"]
        if term not in found and rng.random() < share and not (term == "nuclear" and found):
            found.add(term)
    shares = tables.term_shares
    if "nuclear program" in found and rng.random() < shares["nuclear program+iran"] / max(
        shares["nuclear program"], 1e-9
    ):
        found.add("iran")
    if rng.random() < shares["program"]:
        found.add("program")
    for term in sorted(found):
        for _ in range(rng.randint(1, 3)):
            sentences = texts[rng.randrange(len(texts))]
            which = rng.randrange(len(sentences))
            words = sentences[which].split(" ")
            spot = rng.randint(1, len(words) - 1) if len(words) > 1 else 0  # never after the end
            words[spot:spot] = term.split() if term != "iran" else ["Iran"]
            sentences[which] = " ".join(words)
