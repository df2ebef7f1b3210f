"""Regenerate the reference data files from the shared source tables.

Run `python -m cableroom.refdata.build ../shared/tables` from the repository root.
The output in cableroom/refdata/data/ is committed: it holds facts only (codes,
names, descriptions), each file naming its sources in data/README.md. The cable
texts themselves are never copied.
"""

import csv
import html
import re
import sys
from collections import defaultdict
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# Subject TAGS start with a letter naming the bureau family (A administration,
# B/C consular, E economic, M military, O operations, P political, S social,
# T technology); K marks a program tag.
SUBJECT_INITIALS = set("ABCEMOPST")
# Four-letter codes no list names are trusted as subject/program codes only when several
# cables use them; once or twice is more often a typo or a word (WITH, PAGE).
MIN_UNLISTED_USES = 3
KIND_BY_GUESS = {
    "subject": "subject",
    "program (K-tag)": "program",
    "geographic (FIPS-like)": "geographic",
    "organization": "organisation",
}


def read_table(tables: Path, name: str) -> list[dict[str, str]]:
    """Read one source table as a list of dicts (UTF-8, header row)."""
    with open(tables / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_table(out: Path, name: str, header: list[str], rows: list[list[str]]) -> None:
    """Write one generated table, LF line ends."""
    with open(out / name, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def split_multi(value: str) -> list[str]:
    """Split a `A | B` or space-separated multi-value cell into clean items."""
    items = []
    for part in value.split("|"):
        part = part.strip()
        if part:
            items.append(part)
    return items


def station_codes_seen(value: str) -> list[str]:
    """Station codes from posts.csv; some cells list two codes separated by a space."""
    codes = []
    for item in split_multi(value):
        codes.extend(code for code in item.split() if not code.startswith("NOFORN"))
    return codes


def build_stations(out: Path, tables: Path, posts: list[dict[str, str]]) -> set[str]:
    codes = {
        row["station_code_in_refid"].strip() for row in read_table(tables, "stations_cablemap.csv")
    }
    rows = [[code, "cablemap"] for code in sorted(codes)]
    seen = set()
    for post in posts:
        seen.update(station_codes_seen(post["refid_station_codes_seen"]))
    rows += [[code, "posts"] for code in sorted(seen - codes)]
    write_table(out, "stations.csv", ["code", "source"], rows)
    return codes | seen


def build_malformed(out: Path, tables: Path) -> None:
    rows = [
        [row["wikileaks_id"].strip(), row["corrected_id"].strip(), row["kind"].strip()]
        for row in read_table(tables, "malformed_refids_cablemap.csv")
    ]
    write_table(
        out, "malformed_reference_ids.csv", ["malformed", "canonical", "kind"], sorted(rows)
    )


def add_unique(items: list[str], new: list[str]) -> None:
    """Append the new items not yet present, keeping first-seen order."""
    for item in new:
        if item not in items:
            items.append(item)


def derived_station_codes(post: dict[str, str], stations: set[str]) -> list[str]:
    """Codes a post's own name implies (USEU Brussels -> USEUBRUSSELS), if cablemap lists them."""
    candidates = [post["origin_name"], post["city"]]
    codes = []
    for candidate in candidates:
        code = "".join(ch for ch in candidate.upper() if ch.isalnum())
        if code in stations and code not in codes:
            codes.append(code)
    return codes


def post_rank(post: dict[str, str]) -> tuple[int, int]:
    """When two posts claim one station code, embassies and consulates win (USEU vs Embassy)."""
    local = post["post_type"] in {"Embassy", "Consulate"}
    return (int(local), int(post["n_extracted_cables"] or 0))


def build_posts(out: Path, posts: list[dict[str, str]], stations: set[str]) -> None:
    merged: dict[str, dict[str, list[str]]] = {}
    order = []
    claims: dict[str, list[dict[str, str]]] = defaultdict(list)
    for post in posts:
        name = post["origin_name"].strip()
        if name not in merged:
            merged[name] = {"station": [], "ri": [], "fm": []}
            order.append(post)
        entry = merged[name]
        codes = station_codes_seen(post["refid_station_codes_seen"])
        codes += derived_station_codes(post, stations)
        for code in codes:
            if code not in entry["station"]:
                entry["station"].append(code)
                claims[code].append(post)
        ris = split_multi(post["routing_indicator_acp117_2010"])
        ris += split_multi(post["routing_indicator_seen_in_DE_line"])
        add_unique(entry["ri"], ris)
        add_unique(entry["fm"], split_multi(post["fm_line_seen"]))
    owner = {code: max(rivals, key=post_rank)["origin_name"] for code, rivals in claims.items()}
    rows = []
    for post in order:
        name = post["origin_name"].strip()
        entry = merged[name]
        codes = [code for code in entry["station"] if owner[code] == name]
        rows.append(
            [
                name,
                post["post_type"].strip(),
                post["city"].strip(),
                post["country"].strip(),
                post["country_fips"].strip(),
                "|".join(codes),
                "|".join(entry["ri"]),
                "|".join(entry["fm"]),
            ]
        )
    header = ["name", "post_type", "city", "country", "country_fips"]
    header += ["station_codes", "routing_indicators", "from_lines"]
    write_table(out, "posts.csv", header, sorted(rows))


def build_routing_indicators(out: Path, tables: Path) -> None:
    """Every name the tables give each indicator: ACP 117's first, then those seen in
    headers, most often seen first. One indicator may have named two posts over the
    years (RUEHTA: AMEMBASSY ALMATY in 2006, AMEMBASSY ASTANA later)."""
    pairs: dict[tuple[str, str], str] = {}
    for row in read_table(tables, "routing_indicators_acp117_2010.csv"):
        pairs.setdefault((row["routing_indicator"].strip(), row["name"].strip()), "acp117_2010")
    observed = read_table(tables, "routing_indicators_observed_in_cables.csv")
    observed.sort(key=lambda row: -int(row["occurrences"] or 0))
    for row in observed:
        key = (row["routing_indicator"].strip(), row["name_in_header"].strip())
        pairs.setdefault(key, "observed")
    order = {key: position for position, key in enumerate(pairs)}
    rows = sorted(pairs, key=lambda key: (key[0], order[key]))
    write_table(
        out,
        "routing_indicators.csv",
        ["routing_indicator", "name", "source"],
        [[ri, name, pairs[ri, name]] for ri, name in rows],
    )


def code_shape(code: str, guess: str, count: int = 0) -> str:
    """What a code looks like, from the Cablegate list's heuristic and the code's shape.

    Only the parser uses it, to tell codes from words when it splits glued tokens
    (MASSMNUC); it is never a tag's kind, which only a source gives (`source_kinds`).
    """
    if "," in code:
        return "person"
    if guess in KIND_BY_GUESS:
        return KIND_BY_GUESS[guess]
    if guess.startswith("subject?"):
        if len(code) == 2:
            return "geographic"
        if count < MIN_UNLISTED_USES:
            return "other"
        if code[0] == "K":
            return "program"
        return "subject" if code[0] in SUBJECT_INITIALS else "other"
    return "other"


# Kinds the project's guide to the cable format gives by name (../shared/CABLES.md, on
# the TAGS line: "`K...` program tags (`KCRM` crime, `KDEM` democracy)").
GUIDE_TAG_KINDS = {"KCRM": "program", "KDEM": "program"}
GUIDE_SOURCE = "project (../shared/CABLES.md)"
# PlusD files each subject tag under a category ("Political Affairs"); a code with a
# category is a subject code.
PLUSD_SUBJECT = "PlusD category"


def source_kinds(tables: Path) -> dict[str, tuple[str, str]]:
    """code -> (kind, source) for every code a source gives a kind; later sources win."""
    kinds: dict[str, tuple[str, str]] = {}
    for row in read_table(tables, "tags_descriptions_plusd.csv"):
        if row["category"].strip():
            kinds[row["tag"].strip()] = ("subject", PLUSD_SUBJECT)
    listed = [
        ("tags_subject_cablemap.csv", "subject", "cablemap subject-tags.txt"),
        ("tags_organization_cablemap.csv", "organisation", "cablemap organization-tags.txt"),
    ]
    for name, kind, source in listed:
        for row in read_table(tables, name):
            kinds[row["tag"].strip()] = (kind, source)
    for row in read_table(tables, "geo_fips_geonames.csv"):
        kinds[row["fips_10_4"].strip()] = ("geographic", "GeoNames FIPS 10-4")
    for code, kind in GUIDE_TAG_KINDS.items():
        kinds.setdefault(code, (kind, GUIDE_SOURCE))
    return kinds


def collect_tag_codes(tables: Path) -> dict[str, list[str]]:
    """Every tag code (Cablegate's list, the cablemap, GeoNames and PlusD lists) with
    its kind and the source of the kind ("other" and no source when none gives one),
    and its shape."""
    shapes: dict[str, str] = {}
    for row in read_table(tables, "tags_all_cablegate.csv"):
        code = row["tag"].strip()
        if code:
            count = int(row["count_in_extracted_cables"] or 0)
            shapes[code] = code_shape(code, row["kind_guess"].strip(), count)
    kinds = source_kinds(tables)
    for row in read_table(tables, "tags_descriptions_plusd.csv"):
        shapes.setdefault(row["tag"].strip(), code_shape(row["tag"], "subject?", 3))
    tags: dict[str, list[str]] = {}
    for code in sorted(shapes.keys() | kinds.keys()):
        kind, source = kinds.get(code, ("other", ""))
        shape = kind if code in kinds else shapes[code]
        tags[code] = [code, kind, "", "", source, shape]
    return tags


# Tags no table describes but the project's guide to the cable format does.
# SMIG appears there too, undescribed: no source gives it a description yet.
GUIDE_TAG_DESCRIPTIONS = {"KCRM": "Crime"}


def build_tags(out: Path, tables: Path) -> None:
    tags = collect_tag_codes(tables)
    plusd = {row["tag"].strip(): row for row in read_table(tables, "tags_descriptions_plusd.csv")}
    geo = {row["fips_10_4"].strip(): row for row in read_table(tables, "geo_fips_geonames.csv")}
    for code, entry in tags.items():
        if code in plusd and plusd[code]["description"].strip():
            entry[2:4] = [plusd[code]["description"].strip(), "PlusD"]
        elif entry[1] == "geographic" and code in geo:
            entry[2:4] = [geo[code]["country"].strip(), "GeoNames FIPS 10-4 country name"]
        elif code in GUIDE_TAG_DESCRIPTIONS:
            entry[2:4] = [GUIDE_TAG_DESCRIPTIONS[code], GUIDE_SOURCE]
    header = ["code", "kind", "description", "description_source", "kind_source", "shape"]
    write_table(out, "tags.csv", header, sorted(tags.values()))


# Classification levels as the dump's classification column writes them, with a
# rank by how restricted the level is (the NOFORN forms share their level's rank).
LEVELS = [
    ("UNCLASSIFIED", "Unclassified", 0),
    ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", "Unclassified, for official use only", 1),
    ("LIMITED OFFICIAL USE", "Limited official use", 2),
    ("CONFIDENTIAL", "Confidential", 3),
    ("CONFIDENTIAL//NOFORN", "Confidential, no foreign nationals", 3),
    ("SECRET", "Secret", 4),
    ("SECRET//NOFORN", "Secret, no foreign nationals", 4),
    ("TOP SECRET", "Top secret", 5),
]
# Caveats and handling markings seen in cable texts. Descriptions come from the
# PlusD handling-restrictions table where it has one, otherwise from ../shared/CABLES.md.
CAVEATS = {
    "SIPDIS": "SIPRNet distribution: the cable was shared on the defence network",
    "SENSITIVE": "Sensitive but unclassified; paragraphs marked (SBU)",
    "SBU": "Sensitive but unclassified",
    "NOFORN": "No foreign distribution",
    "EXDIS": "Exclusive distribution only",
    "NODIS": "No distribution (other than to persons indicated)",
    "LIMDIS": "Limited distribution only",
    "STADIS": "State distribution only",
    "CHEROKEE": "Limited to senior officials",
    "ONLY": "Eyes only",
    "BU": "Background use only",
    "CONDIS": "Controlled distribution",
    "US": "US Government only",
    "EFTO": "Encrypted for transmission only",
    "FOUO": "For official use only",
    "ORCON": "Dissemination and extraction controlled by originator",
    "PROPIN": "Caution: proprietary information involved",
    "NOCONTRACT": "Not releasable to contractors",
}


def build_markings(out: Path, tables: Path) -> None:
    plusd_levels = {
        row["classification"].strip() for row in read_table(tables, "classifications_plusd.csv")
    }
    plusd_caveats = {
        row["code"].strip(): row["description"].strip()
        for row in read_table(tables, "handling_restrictions_plusd.csv")
    }
    rows = []
    for code, name, rank in LEVELS:
        source = "PlusD" if code in plusd_levels else "project"
        rows.append([code, "classification", name, name, str(rank), source])
    for code, fallback in CAVEATS.items():
        description = plusd_caveats.get(code) or fallback
        source = "PlusD" if plusd_caveats.get(code) else "project"
        rows.append([code, "caveat", code, description, "", source])
    write_table(
        out, "markings.csv", ["code", "kind", "name", "description", "rank", "source"], rows
    )


# The final cablegate build's page that tables/README.md takes its sidebars from: its
# "Browse by classification" links number the classifications (the same 1-6 in every
# build of ../shared/corpus/html; the link text names the level, the title is wrong).
FINAL_BUILD_PAGE = "corpus/html/markchips_build-final-251287/1975/11/7575LIBREVILLE1895.html"
CLASSIFICATION_LINK = re.compile(r"href='/classification/(\d+)_0\.html'[^>]*>([^<]+)<")


def build_cablegate_numbers(out: Path, tables: Path, posts: list[dict[str, str]]) -> None:
    """The numbers cablegate's browse URLs gave origins and classifications (/origin/12_0.html)."""
    rows = {
        ("origin", int(post["cablegate_origin_id"]), post["origin_name"].strip())
        for post in posts
        if post["cablegate_origin_id"].strip()
    }
    page = (tables.parent / FINAL_BUILD_PAGE).read_text(encoding="utf-8")
    rows |= {
        ("classification", int(number), html.unescape(name).strip())
        for number, name in CLASSIFICATION_LINK.findall(page)
    }
    write_table(out, "cablegate_numbers.csv", ["facet", "number", "value"], sorted(rows))


def build_post_places(out: Path) -> None:
    """Each post's place, looked up from the posts file just written (see post_places)."""
    from cableroom.refdata.post_places import locate_posts

    places = locate_posts(read_table(out, "posts.csv"))
    header = ["post", "latitude", "longitude", "place", "country", "geonameid", "matched_by"]
    rows = [
        [p.post, f"{p.latitude:.4f}", f"{p.longitude:.4f}", p.place, p.country,
         str(p.geonameid), p.matched_by]
        for p in places
    ]  # fmt: skip
    write_table(out, "post_places.csv", header, rows)


def build(tables: Path, out: Path = DATA_DIR) -> None:
    """Regenerate every data file from the source tables directory into out."""
    out.mkdir(exist_ok=True)
    posts = read_table(tables, "posts.csv")
    stations = build_stations(out, tables, posts)
    build_malformed(out, tables)
    build_posts(out, posts, stations)
    build_post_places(out)
    build_routing_indicators(out, tables)
    build_tags(out, tables)
    build_markings(out, tables)
    build_cablegate_numbers(out, tables, posts)


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/tables"))
