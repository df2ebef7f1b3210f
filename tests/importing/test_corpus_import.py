"""The whole dev corpus (../shared/corpus) imported into an empty archive, once per module.

What the archive should hold is computed here from the sources' own metadata (the
dump's columns, the pages' tables, the text files' names), never hard-coded.
"""

import hashlib
from collections import defaultdict

import pytest

from cableroom.importing.plan.cable_plan import metadata_to_json
from cableroom.importing.run import import_cables
from cableroom.models import Cable, CableVersion, Paragraph
from cableroom.parsing import canonical_reference_id
from cableroom.sources import SourceRecord, read_sources
from tests.paths import SHARED

CORPUS = SHARED / "corpus"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CORPUS.exists(), reason=f"THE DEV CORPUS IS MISSING: {CORPUS} not found"
    ),
]


@pytest.fixture(scope="module")
def sources():
    """(reference id, sha256) -> (format, claim) for every record the corpus holds."""
    copies = {}
    records = 0
    for item in read_sources([CORPUS]):
        assert isinstance(item, SourceRecord), f"the corpus should read cleanly: {item}"
        records += 1
        claimed = item.metadata.reference_id or item.source_id
        key = (canonical_reference_id(claimed), item.raw_sha256)
        copies.setdefault(key, (item.source_format, metadata_to_json(item.metadata)))
    return records, copies


def formats_by_id(copies) -> dict[str, set[str]]:
    found = defaultdict(set)
    for (reference_id, _), (source_format, _) in copies.items():
        found[reference_id].add(source_format)
    return found


def test_every_record_is_read_and_none_fails(corpus_archive, sources):
    records, copies = sources
    summary = corpus_archive
    assert summary.failed == 0, summary.failures
    assert summary.read == records
    distinct_ids = {reference_id for reference_id, _ in copies}
    assert summary.imported == len(distinct_ids)
    assert summary.new_versions == len(copies) - len(distinct_ids)
    assert summary.unchanged == records - len(copies)


def test_one_cable_per_distinct_reference_id(corpus_archive, sources):
    _, copies = sources
    expected = {reference_id for reference_id, _ in copies}
    stored = list(Cable.objects.values_list("reference_id", flat=True))
    assert len(stored) == len(expected)
    assert set(stored) == expected


def test_each_distinct_copy_is_one_version(corpus_archive, sources):
    _, copies = sources
    stored = CableVersion.objects.values_list("cable__reference_id", "raw_sha256")
    assert sorted(stored) == sorted(copies)


def test_cables_in_two_formats_are_versions_of_one_cable(corpus_archive, sources):
    _, copies = sources
    several = {ref: formats for ref, formats in formats_by_id(copies).items() if len(formats) > 1}
    assert several, "the corpus holds cables in more than one format"
    stored = defaultdict(set)
    versions = CableVersion.objects.filter(cable__reference_id__in=several)
    for reference_id, source_format in versions.values_list(
        "cable__reference_id", "source_format"
    ):
        stored[reference_id].add(source_format)
    assert stored == several
    counts = Cable.objects.filter(reference_id__in=several).values_list(
        "reference_id", "version_count"
    )
    expected_counts = defaultdict(int)
    for reference_id, _ in copies:
        expected_counts[reference_id] += 1
    assert {ref: count for ref, count in counts} == {ref: expected_counts[ref] for ref in several}


def test_each_version_keeps_its_sources_claim(corpus_archive, sources):
    _, copies = sources
    rows = CableVersion.objects.values_list(
        "cable__reference_id", "raw_sha256", "source_format", "source_metadata"
    )
    for reference_id, sha, source_format, claim in rows:
        assert (source_format, claim) == copies[(reference_id, sha)]


def test_facets_are_what_the_current_copys_source_says(corpus_archive):
    rows = Cable.objects.values_list(
        "reference_id",
        "classification",
        "origin__name",
        "date_time",
        "source_metadata",
        "current_version__source_metadata",
    )
    for reference_id, classification, origin, date_time, claim, version_claim in rows:
        assert claim == version_claim, reference_id
        if "classification" in claim:
            assert classification == claim["classification"], reference_id
        if "origin" in claim:
            assert origin == claim["origin"], reference_id
        if "date_time" in claim:
            assert date_time.isoformat() == claim["date_time"], reference_id


def test_raw_text_is_kept_byte_for_byte(corpus_archive):
    rows = CableVersion.objects.values_list("raw_text", "encoding", "raw_sha256")
    for raw_text, encoding, sha in rows.iterator(chunk_size=500):
        assert hashlib.sha256(raw_text.encode(encoding)).hexdigest() == sha


def test_year_month_body_and_warning_count_are_set(corpus_archive):
    rows = Cable.objects.values_list(
        "id", "date_time", "year", "month", "warnings", "warning_count", "body"
    )
    bodies = {}
    for pk, date_time, year, month, warnings, warning_count, body in rows:
        assert (year, month) == ((date_time.year, date_time.month) if date_time else (None, None))
        assert warning_count == len(warnings)
        if pk % 25 == 0:
            bodies[pk] = body
    paragraphs = defaultdict(list)
    for cable_id, text in Paragraph.objects.filter(cable_id__in=bodies).values_list(
        "cable_id", "text"
    ):
        paragraphs[cable_id].append(text)
    for pk, body in bodies.items():
        assert body == "\n\n".join(text for text in paragraphs[pk] if text)


def test_a_second_run_changes_nothing(corpus_archive, sources):
    records, _ = sources
    before = (Cable.objects.count(), CableVersion.objects.count(), Paragraph.objects.count())
    again = import_cables(paths=[CORPUS], workers=1)
    assert (again.read, again.unchanged) == (records, records)
    assert (again.imported, again.new_versions, again.failed) == (0, 0, 0)
    after = (Cable.objects.count(), CableVersion.objects.count(), Paragraph.objects.count())
    assert after == before
