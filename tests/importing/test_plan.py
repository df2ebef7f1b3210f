"""The field policy, without a database: source metadata vs. parsed text."""

from datetime import UTC, datetime

import pytest

from cableroom.importing.plan.cable_plan import (
    CablePlan,
    PlanFailure,
    build_plan,
    metadata_from_json,
    metadata_to_json,
    plan_record,
)
from cableroom.sources import SourceMetadata, SourceRecord
from cableroom.sources.record import checksum
from tests.import_inputs import cable_text, reference_id


def record(text: str, metadata: SourceMetadata | None = None, **fields) -> SourceRecord:
    return SourceRecord(
        text=text,
        source_format=fields.pop("source_format", "text"),
        path=fields.pop("path", "synthetic/cable.txt"),
        row=fields.pop("row", None),
        line=1,
        source_id=fields.pop("source_id", "cable"),
        metadata=metadata or SourceMetadata(),
        encoding="utf-8",
        raw_sha256=checksum(text, "utf-8"),
        warnings=fields.pop("warnings", ()),
    )


def by_field(plan: CablePlan) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for warning in plan.warnings:
        found.setdefault(warning["field"], []).append(warning["message"])
    return found


def test_without_metadata_the_parsed_values_fill_every_field():
    plan = plan_record(record(cable_text(123)))
    assert plan.reference_id == reference_id(123)
    assert plan.fields["date_time"] == datetime(2006, 4, 19, 13, 31, tzinfo=UTC)
    assert (plan.fields["year"], plan.fields["month"]) == (2006, 4)
    assert plan.origin == "Embassy Astana"
    assert plan.fields["classification"] == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert plan.fields["subject"] == "A SYNTHETIC CABLE FOR THE IMPORT TESTS"
    assert plan.warnings == []


def test_body_is_the_paragraphs_joined_by_blank_lines():
    plan = plan_record(record(cable_text(5, paragraphs=("First words.", "Second words."))))
    assert plan.fields["body"] == "First words.\n\nSecond words."
    assert [(number, marking) for number, marking, _ in plan.paragraphs] == [
        (1, "SBU"),
        (2, "SBU"),
    ]


def test_the_source_metadata_wins_and_each_disagreement_is_a_warning():
    claim = SourceMetadata(
        reference_id="06ASTANA123",
        date_time=datetime(2006, 4, 20, 9, 0, tzinfo=UTC),
        origin="Embassy Almaty",
        classification="CONFIDENTIAL",
    )
    plan = plan_record(record(cable_text(123), claim))
    assert plan.fields["date_time"] == claim.date_time
    assert plan.origin == "Embassy Almaty"
    assert plan.fields["classification"] == "CONFIDENTIAL"
    warned = by_field(plan)
    assert set(warned) == {"date_time", "origin", "classification"}
    assert "'CONFIDENTIAL'" in warned["classification"][0]
    assert plan.fields["warning_count"] == len(plan.warnings) == 3


def test_agreeing_metadata_gives_no_warning():
    claim = SourceMetadata(
        reference_id="06ASTANA123",
        date_time=datetime(2006, 4, 19, 13, 31, tzinfo=UTC),
        origin="Embassy Astana",
        classification="UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    )
    assert plan_record(record(cable_text(123), claim)).warnings == []


def test_a_malformed_id_in_the_source_is_stored_canonical_with_a_warning():
    text = cable_text(1895, station="LIBREVILLE", post="AMEMBASSY LIBREVILLE", year=1975)
    plan = plan_record(record(text, SourceMetadata(reference_id="7575LIBREVILLE1895")))
    assert plan.reference_id == "75LIBREVILLE1895"
    assert any("7575LIBREVILLE1895" in message for message in by_field(plan)["reference_id"])


def test_a_reference_id_from_the_source_alone_is_enough():
    plan = plan_record(record("SUBJECT: NOTHING ELSE\n", SourceMetadata(reference_id="06ASTANA9")))
    assert isinstance(plan, CablePlan)
    assert plan.reference_id == "06ASTANA9"


def test_no_reference_id_anywhere_is_a_failure_naming_the_file():
    failure = plan_record(record("Dear diary, nothing happened today.\n"))
    assert isinstance(failure, PlanFailure)
    assert "synthetic/cable.txt" in str(failure)
    assert "reference id" in failure.reason


def test_addressees_resolve_to_posts_by_routing_indicator():
    plan = plan_record(record(cable_text(123)))
    roles = [(a.role, a.name, a.routing_indicator, a.post) for a in plan.addressees]
    assert roles[0][:3] == ("TO", "SECSTATE WASHDC", "RUEHC")
    assert roles[1][:3] == ("INFO", "AMEMBASSY ALMATY", "RUEHTA")
    # RUEHTA is a known routing indicator, so the post has the dump's spelling.
    assert roles[1][3] != "AMEMBASSY ALMATY"


def test_tags_keep_order_once_each_with_their_kind():
    plan = plan_record(record(cable_text(123, tags="PREL, PGOV, KZ, PREL")))
    assert plan.tags == [("PREL", "subject"), ("PGOV", "subject"), ("KZ", "geographic")]
    assert plan.caveats == ["SIPDIS", "SENSITIVE"]


def test_source_warnings_are_kept_for_the_curator():
    plan = plan_record(record(cable_text(123), warnings=("row is not valid UTF-8",)))
    assert {"field": "source", "message": "row is not valid UTF-8", "line": None} in plan.warnings


def test_version_keeps_the_raw_text_and_the_claim():
    claim = SourceMetadata(
        reference_id="06ASTANA123",
        released=datetime(2011, 8, 30, 1, 44, tzinfo=UTC),
        references=("05ASTANA99",),
    )
    text = cable_text(123)
    plan = plan_record(record(text, claim, source_format="cablegate-html", path="p.html"))
    assert plan.version.raw_text == text
    assert plan.version.released == claim.released
    assert plan.version.source_metadata == metadata_to_json(claim)
    assert metadata_from_json(plan.version.source_metadata) == claim


@pytest.mark.parametrize(
    "metadata",
    [
        SourceMetadata(),
        SourceMetadata(reference_id="06ASTANA1", date_time=datetime(2006, 1, 2, 3, 4, tzinfo=UTC)),
    ],
)
def test_build_plan_for_a_known_cable_needs_no_id(metadata):
    from cableroom.parsing import parse_cable

    plan = build_plan(parse_cable("nothing here"), metadata, known_reference_id="06ASTANA1")
    assert plan.reference_id == "06ASTANA1"


def test_a_source_id_of_no_known_shape_is_kept_as_written_with_a_warning():
    plan = plan_record(record(cable_text(123), SourceMetadata(reference_id=" ODD-ID-1 ")))
    assert plan.reference_id == "ODD-ID-1"
    assert any("ODD-ID-1" in message for message in by_field(plan)["reference_id"])
