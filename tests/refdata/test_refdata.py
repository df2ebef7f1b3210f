"""Reference facts: the generated data files and their cached loaders."""

import dataclasses
import filecmp

import pytest

from cableroom import refdata
from cableroom.refdata.build import DATA_DIR, build
from tests.paths import SHARED
from tests.tag_sources import kind_is_sourced

TABLES = SHARED / "tables"
TAG_KINDS = {"geographic", "subject", "program", "organisation", "person", "other"}


@pytest.mark.parametrize(
    "code", ["ASTANA", "NEWDELHI", "USUNNEWYORK", "STATE", "BANDARSERIBEGAWAN"]
)
def test_stations_include_known_codes(code):
    assert code in refdata.stations()


def test_stations_exclude_malformed_codes():
    assert not any(code.startswith("NOFORN") for code in refdata.stations())


@pytest.mark.parametrize(
    ("malformed", "canonical"),
    [
        ("7575LIBREVILLE1895", "75LIBREVILLE1895"),
        ("08SCTION02OF02SAOPAULO335", "08SAOPAULO335"),
        ("06EFTOBAKU1165", "06BAKU1165"),
    ],
)
def test_malformed_reference_ids_map_to_canonical(malformed, canonical):
    assert refdata.malformed_reference_ids()[malformed] == canonical


def test_post_names_are_unique_and_spelled_as_the_dump():
    names = [post.name for post in refdata.posts()]
    assert len(names) == len(set(names))
    assert {"Embassy Astana", "Consulate Adana", "USUN New York", "Secretary of State"} <= set(
        names
    )


def test_each_station_code_belongs_to_one_post():
    codes = [code for post in refdata.posts() for code in post.station_codes]
    assert len(codes) == len(set(codes))


def test_post_facts_are_frozen():
    post = refdata.posts()[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        post.name = "changed"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("ASTANA", "Embassy Astana"),
        ("BRUSSELS", "Embassy Brussels"),
        ("USEUBRUSSELS", "USEU Brussels"),
        ("STATE", "Secretary of State"),
        ("UNVIEVIENNA", "UNVIE"),
        ("HOCHIMINHCITY", "Consulate Ho Chi Minh City"),
    ],
)
def test_post_for_station(code, name):
    assert refdata.post_for_station(code).name == name


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("AMEMBASSY ASTANA", "Embassy Astana"),
        ("USOFFICE ASTANA", "Embassy Astana"),
        ("AMCOMSUL DHAHRAN", "Consulate Dhahran"),  # typo in real headers
        ("AMEMBASSY KUALA LUMPUR", "Embassy Kuala Lumpur"),
        ("SECSTATE WASHDC", "Secretary of State"),
        ("USMISSION USUN NEW YORK", "USUN New York"),
        ("USEU BRUSSELS", "USEU Brussels"),
        ("AIT TAIPEI", "American Institute Taiwan, Taipei"),
    ],
)
def test_post_for_from_line(line, name):
    assert refdata.post_for_from_line(line).name == name


def test_post_for_unknown_names_is_none():
    assert refdata.post_for_from_line("AMEMBASSY ATLANTIS") is None
    assert refdata.post_for_station("ATLANTIS") is None


def test_post_for_routing_indicator_directly_and_via_office_name():
    assert refdata.post_for_routing_indicator("RUEHTA").name == "Embassy Astana"
    # RUEHAST is not in posts.csv; its ACP office name (AMCONSUL ASTANA) leads to the post.
    assert refdata.post_for_routing_indicator("RUEHAST").name == "Embassy Astana"


def test_routing_indicators_name_offices():
    assert refdata.routing_indicators()["RUEHC"] == "DEPT OF STATE WASHINGTON DC"
    assert refdata.post_for_routing_indicator("RUEHC").name == "Secretary of State"


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("PREL", "subject"),
        ("KCRM", "program"),
        ("KZ", "geographic"),
        ("NATO", "organisation"),
        ("KISSINGER, HENRY A", "other"),  # no table calls it a person tag
        ("MASSMNUC", "other"),
        ("ADANA", "other"),
        ("KNNP", "other"),
    ],
)
def test_tag_kinds(code, kind):
    assert refdata.tags()[code].kind == kind


def test_every_tag_kind_is_one_of_the_documented_kinds():
    assert {fact.kind for fact in refdata.tags().values()} <= TAG_KINDS


def test_tag_descriptions_name_their_source():
    prel = refdata.tags()["PREL"]
    assert "External" in prel.description and prel.description_source == "PlusD"
    assert refdata.tags()["KZ"].description == "Kazakhstan"
    assert all(fact.description_source for fact in refdata.tags().values() if fact.description)


def test_markings_cover_levels_and_caveats():
    markings = refdata.markings()
    levels = [
        "UNCLASSIFIED",
        "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
        "LIMITED OFFICIAL USE",
        "CONFIDENTIAL",
        "SECRET",
        "TOP SECRET",
    ]
    ranks = [markings[level].rank for level in levels]
    assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks)
    for caveat in ["NOFORN", "SIPDIS", "SENSITIVE", "EXDIS", "NODIS", "LIMDIS"]:
        assert markings[caveat].kind == "caveat" and markings[caveat].rank is None
        assert markings[caveat].description
    assert markings["SECRET//NOFORN"].rank == markings["SECRET"].rank


def test_loaders_are_cached():
    assert refdata.tags() is refdata.tags()
    assert refdata.posts() is refdata.posts()


@pytest.fixture
def tables():
    if not TABLES.exists():
        pytest.skip(f"SKIPPED LOUDLY: shared tables not found at {TABLES}")
    return TABLES


def test_build_regenerates_the_committed_files(tables, tmp_path):
    build(tables, tmp_path)
    committed = sorted(path.name for path in DATA_DIR.glob("*.csv"))
    generated = sorted(path.name for path in tmp_path.glob("*.csv"))
    assert generated == committed
    for name in committed:
        assert filecmp.cmp(tmp_path / name, DATA_DIR / name, shallow=False), name


def test_data_readme_names_every_file():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for path in DATA_DIR.glob("*.csv"):
        assert f"`{path.name}`" in readme


def test_kcrm_is_described_from_the_cable_format_guide():
    kcrm = refdata.tags()["KCRM"]
    assert kcrm.description == "Crime"
    assert kcrm.description_source == "project (../shared/CABLES.md)"


def test_every_tag_kind_comes_from_a_shared_table():
    wrong = [
        (code, fact.kind)
        for code, fact in refdata.tags().items()
        if not kind_is_sourced(code, fact.kind)
    ]
    assert len(refdata.tags()) > 4000
    assert wrong == []


def test_each_kind_names_its_source():
    facts = refdata.tags().values()
    assert {fact.kind_source for fact in facts if fact.kind == "other"} == {""}
    assert all(fact.kind_source for fact in facts if fact.kind != "other")
