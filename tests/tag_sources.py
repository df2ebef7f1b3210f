"""The kinds ../shared/tables (and the guide ../shared/CABLES.md) give TAGS codes, read
straight from the shared files, for tests to hold the project's kinds against."""

import csv
import re
from collections import defaultdict
from functools import cache

from tests.paths import SHARED, TABLES

GUIDE_PROGRAM_TAGS = re.compile(r"`K\.\.\.` program tags \(([^)]*)\)")


def _rows(name: str) -> list[dict[str, str]]:
    with open(TABLES / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def kinds_by_source() -> dict[str, set[str]]:
    """code -> every kind some source gives it."""
    kinds = defaultdict(set)
    for row in _rows("geo_fips_geonames.csv"):
        kinds[row["fips_10_4"].strip()].add("geographic")
    for row in _rows("tags_subject_cablemap.csv"):
        kinds[row["tag"].strip()].add("subject")
    for row in _rows("tags_organization_cablemap.csv"):
        kinds[row["tag"].strip()].add("organisation")
    for row in _rows("tags_descriptions_plusd.csv"):
        if row["category"].strip():
            kinds[row["tag"].strip()].add("subject")
    guide = (SHARED / "CABLES.md").read_text(encoding="utf-8")
    for code in re.findall(r"`(K[A-Z]{3})`", GUIDE_PROGRAM_TAGS.search(guide).group(1)):
        kinds[code].add("program")
    return dict(kinds)


def kind_is_sourced(code: str, kind: str) -> bool:
    """True when a source gives the code this kind, or none gives it any and it is other."""
    sourced = kinds_by_source().get(code)
    return kind in sourced if sourced else kind == "other"
