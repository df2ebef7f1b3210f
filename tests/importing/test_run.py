"""import_cables on small synthetic inputs: rows, versions, idempotency, curated fields."""

import hashlib

import pytest

from cableroom.curation import edits as curation
from cableroom.importing.progress import Progress
from cableroom.importing.run import import_cables
from cableroom.models import (
    Addressee,
    Cable,
    CableTag,
    CableVersion,
    ImportRun,
    Paragraph,
    Post,
    Reference,
    Tag,
)
from tests import factories
from tests.import_inputs import cable_text, cablegate_page, dump_row, reference_id, write_dump

pytestmark = pytest.mark.django_db


class Notes(Progress):
    """Collects the problem lines an import reports."""

    def __init__(self):
        self.lines: list[str] = []

    def note(self, message: str) -> None:
        self.lines.append(message)


def run(*paths, **options):
    options.setdefault("workers", 0)
    return import_cables(paths=paths, **options)


def write_text(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_a_cable_and_all_its_rows_are_written(tmp_path):
    summary = run(write_text(tmp_path / "06ASTANA123.txt", cable_text(123)))
    assert (summary.read, summary.imported, summary.failed) == (1, 1, 0)
    cable = Cable.objects.get()
    assert cable.reference_id == reference_id(123)
    assert (cable.year, cable.month) == (2006, 4)
    assert cable.origin.name == "Embassy Astana"
    assert cable.body == "A first synthetic paragraph.\n\nA second one."
    assert cable.current_version.raw_text == cable_text(123)
    assert cable.version_count == 1
    assert Paragraph.objects.filter(cable=cable).count() == 2
    assert list(CableTag.objects.filter(cable=cable).values_list("tag__code", flat=True)) == [
        "PREL",
        "PGOV",
        "KZ",
    ]
    assert sorted(cable.caveats.values_list("code", flat=True)) == ["SENSITIVE", "SIPDIS"]
    assert Addressee.objects.filter(cable=cable).count() == 2
    targets = Reference.objects.filter(cable=cable).values_list("target_reference_id", flat=True)
    assert list(targets) == ["06STATE1234", "05ASTANA99"]
    assert cable.current_version.import_run == ImportRun.objects.get()


def test_the_dump_columns_are_the_facets(tmp_path):
    row = dump_row(
        7, origin="Embassy Almaty", classification="CONFIDENTIAL", date="4/20/2006 9:05"
    )
    run(write_dump(tmp_path / "cables.csv", [row]))
    cable = Cable.objects.get()
    assert cable.origin.name == "Embassy Almaty"
    assert cable.classification == "CONFIDENTIAL"
    assert (cable.date_time.day, cable.date_time.hour, cable.date_time.minute) == (20, 9, 5)
    assert cable.source_metadata == cable.current_version.source_metadata
    assert cable.source_metadata["origin"] == "Embassy Almaty"
    assert cable.warning_count == len(cable.warnings) == 3
    assert {warning["field"] for warning in cable.warnings} == {
        "origin",
        "classification",
        "date_time",
    }


def test_importing_twice_changes_nothing(tmp_path):
    dump = write_dump(tmp_path / "cables.csv", [dump_row(serial) for serial in range(1, 6)])
    first = run(dump)
    versions = list(CableVersion.objects.values_list("id", "raw_sha256"))
    second = run(dump)
    assert (first.imported, second.imported, second.unchanged) == (5, 0, 5)
    assert list(CableVersion.objects.values_list("id", "raw_sha256")) == versions
    assert Cable.objects.count() == 5


def test_the_same_copy_twice_in_one_input_is_one_version(tmp_path):
    dump = write_dump(tmp_path / "cables.csv", [dump_row(1), dump_row(1, dump_id=99)])
    summary = run(dump)
    assert (summary.imported, summary.unchanged, summary.new_versions) == (1, 1, 0)
    assert CableVersion.objects.count() == 1


def test_another_copy_becomes_a_version_and_the_newest_is_shown(tmp_path):
    old = cable_text(1, subject="THE FIRST COPY")
    new = cable_text(1, subject="THE LATER COPY")
    run(write_dump(tmp_path / "a.csv", [dump_row(1, text=old)]))
    summary = run(write_dump(tmp_path / "b.csv", [dump_row(1, text=new)]))
    assert (summary.imported, summary.new_versions) == (0, 1)
    cable = Cable.objects.get()
    assert cable.version_count == 2 == cable.versions.count()
    assert cable.subject == "THE LATER COPY"
    assert cable.current_version.raw_text == new
    assert Paragraph.objects.filter(cable=cable).count() == 2  # replaced, not added


def test_a_copy_released_earlier_does_not_replace_an_undated_one(tmp_path):
    """The page says when it was released; the dump says nothing, so it counts as
    released when imported: the page, released in 2011, is the older copy."""
    run(write_dump(tmp_path / "cables.csv", [dump_row(5, text=cable_text(5, subject="DUMP"))]))
    page = cablegate_page(cable_text(5, subject="PAGE"), refid="06ASTANA5", released="2011-08-30")
    (tmp_path / "06ASTANA5.html").write_text(page)
    summary = run(tmp_path / "06ASTANA5.html")
    assert summary.new_versions == 1
    cable = Cable.objects.get()
    assert (cable.subject, cable.version_count) == ("DUMP", 2)


def test_of_two_pages_the_later_release_is_shown(tmp_path):
    for name, released in (("early", "2010-11-30"), ("late", "2011-08-30")):
        folder = tmp_path / name
        folder.mkdir()
        page = cablegate_page(
            cable_text(5, subject=name.upper()), refid="06ASTANA5", released=released
        )
        (folder / "06ASTANA5.html").write_text(page)
    run(tmp_path / "late")
    run(tmp_path / "early")
    cable = Cable.objects.get()
    assert (cable.subject, cable.version_count) == ("LATE", 2)
    assert cable.current_version.released.year == 2011


def test_a_curators_correction_survives_a_new_copy(tmp_path):
    first = cable_text(3, subject="AS SENT", paragraphs=("Old words.",), tags="PREL")
    run(write_dump(tmp_path / "a.csv", [dump_row(3, text=first)]))
    cable = Cable.objects.get()
    cable.subject = "AS CORRECTED BY A CURATOR"
    cable.curated_fields = ["subject", "tags"]
    cable.save()
    second = cable_text(3, subject="AS RESENT", paragraphs=("New words.",), tags="PGOV, KZ")
    summary = run(write_dump(tmp_path / "b.csv", [dump_row(3, text=second)]))
    assert summary.new_versions == 1
    cable.refresh_from_db()
    assert cable.subject == "AS CORRECTED BY A CURATOR"
    assert list(cable.tags.values_list("code", flat=True)) == ["PREL"]
    assert cable.body == "New words."  # not curated: refreshed from the newest copy
    assert cable.current_version.raw_text == second
    assert cable.curated_fields == ["subject", "tags"]


def cable_tags(serial: int) -> list[str]:
    cable = Cable.objects.get(reference_id=reference_id(serial))
    return list(cable.cable_tags.order_by("position").values_list("tag__code", flat=True))


@pytest.mark.parametrize("workers", [0, 1])
def test_a_new_copy_gets_the_tag_a_code_was_merged_into(tmp_path, workers):
    """A curator merged OLDX into NEWX: a later copy naming OLDX gets NEWX, once."""
    first = [
        dump_row(3, text=cable_text(3, subject="FIRST", tags="PREL, OLDX")),
        dump_row(4, text=cable_text(4, subject="FIRST", tags="OLDX, NEWX")),
    ]
    run(write_dump(tmp_path / "a.csv", first))
    old, new = Tag.objects.get(code="OLDX"), Tag.objects.get(code="NEWX")
    curation.merge_tags(source=old, target=new, user=factories.curator())
    second = [
        dump_row(3, text=cable_text(3, subject="SECOND", tags="PREL, OLDX")),
        dump_row(4, text=cable_text(4, subject="SECOND", tags="OLDX, NEWX")),
    ]
    summary = run(write_dump(tmp_path / "b.csv", second), workers=workers)
    assert (summary.new_versions, summary.failed) == (2, 0)
    assert (cable_tags(3), cable_tags(4)) == (["PREL", "NEWX"], ["NEWX"])
    assert not CableTag.objects.filter(tag=old).exists()


def test_a_curated_date_keeps_its_year_and_month(tmp_path):
    run(write_dump(tmp_path / "a.csv", [dump_row(3)]))
    cable = Cable.objects.get()
    cable.date_time = cable.date_time.replace(year=2001)
    cable.curated_fields = ["date_time"]
    cable.save()
    changed = cable_text(3, subject="CHANGED")
    run(write_dump(tmp_path / "b.csv", [dump_row(3, text=changed, date="5/1/2007 10:00")]))
    cable.refresh_from_db()
    assert (cable.year, cable.date_time.year, cable.subject) == (2001, 2001, "CHANGED")


def test_dry_run_reports_and_writes_nothing(tmp_path):
    dump = write_dump(tmp_path / "cables.csv", [dump_row(1), dump_row(2), dump_row(1)])
    summary = run(dump, dry_run=True)
    assert (summary.read, summary.imported, summary.unchanged) == (3, 2, 1)
    assert "Dry run" in summary.report()
    assert not Cable.objects.exists()
    assert not ImportRun.objects.exists()


def test_dry_run_knows_what_is_stored(tmp_path):
    dump = write_dump(tmp_path / "cables.csv", [dump_row(1), dump_row(2)])
    run(dump)
    more = write_dump(tmp_path / "more.csv", [dump_row(1), dump_row(3)])
    summary = run(more, dry_run=True)
    assert (summary.imported, summary.unchanged) == (1, 1)


def test_workers_parse_in_other_processes_with_the_same_result(tmp_path):
    dump = write_dump(tmp_path / "cables.csv", [dump_row(serial) for serial in range(1, 40)])
    summary = run(dump, workers=2, batch_size=7)
    assert (summary.read, summary.imported) == (39, 39)
    assert Cable.objects.count() == 39
    assert Paragraph.objects.count() == 78


def test_posts_tags_and_markings_missing_from_the_facts_are_created(tmp_path):
    text = cable_text(8, post="AMEMBASSY NOWHERELAND", tags="PREL, ZZZTESTTAG")
    row = dump_row(8, text=text, origin="Embassy Nowhereland")
    run(write_dump(tmp_path / "cables.csv", [row]))
    cable = Cable.objects.get()
    assert cable.origin == Post.objects.get(name="Embassy Nowhereland")
    assert cable.tags.get(code="ZZZTESTTAG").kind == "other"


def test_a_value_too_long_for_its_column_is_cut_with_a_warning(tmp_path):
    claimed = "CONFIDENTIAL" + "//NOFORN" * 20
    run(write_dump(tmp_path / "cables.csv", [dump_row(9, classification=claimed)]))
    cable = Cable.objects.get()
    limit = Cable._meta.get_field("classification").max_length
    assert cable.classification == claimed[:limit]
    assert any("cut to the" in warning["message"] for warning in cable.warnings)
    assert cable.warning_count == len(cable.warnings)


def test_the_run_is_recorded(tmp_path):
    summary = run(write_dump(tmp_path / "cables.csv", [dump_row(1)]))
    recorded = ImportRun.objects.get()
    assert recorded.status == ImportRun.Status.FINISHED
    assert recorded.counts["imported"] == summary.imported == 1
    assert recorded.finished_at is not None


def test_a_row_the_database_refuses_fails_alone(tmp_path, monkeypatch):
    """A batch the database rejects is written again cable by cable."""
    from cableroom.importing.write import rows as cable_rows

    original = cable_rows.insert_children

    def refuse_serial_2(cables, rows, kinds):
        if any(plan.reference_id == reference_id(2) for _, plan in cables):
            from django.db import DatabaseError

            raise DatabaseError("synthetic refusal")
        return original(cables, rows, kinds)

    monkeypatch.setattr("cableroom.importing.write.writer.insert_children", refuse_serial_2)
    notes = Notes()
    rows = [dump_row(serial) for serial in (1, 2, 3)]
    dump = write_dump(tmp_path / "cables.csv", rows)
    summary = run(dump, progress=notes)
    assert (summary.imported, summary.failed) == (2, 1)
    assert sorted(Cable.objects.values_list("reference_id", flat=True)) == [
        reference_id(1),
        reference_id(3),
    ]
    line = rows[0].count("\n") + 1
    assert notes.lines == [
        f"FAILED {dump} row 2 (line {line}): the database refused it: synthetic refusal"
    ]
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


def test_raw_text_of_a_cp1252_file_is_byte_exact(tmp_path):
    text = cable_text(11, line_end="\r\n").replace("1. (SBU)", "\u00b61. (SBU) caf\u00e9  ")
    data = text.encode("cp1252")
    assert b"\xb6" in data
    (tmp_path / "06ASTANA11.txt").write_bytes(data)
    run(tmp_path / "06ASTANA11.txt")
    version = CableVersion.objects.get()
    assert version.encoding == "cp1252"
    assert version.raw_text.encode(version.encoding) == data
    assert version.raw_sha256 == hashlib.sha256(data).hexdigest()


def test_raw_text_of_a_dump_row_with_backslash_escapes_is_exact(tmp_path):
    text = cable_text(12, subject='A \\"QUOTED\\" WORD').replace(
        "A second one.", 'It\'s a "test" with a back\\slash.'
    )
    dump = write_dump(tmp_path / "cables.csv", [dump_row(12, text=text)])
    assert b'\\"test\\"' in dump.read_bytes() and b"It\\'s" in dump.read_bytes()
    run(dump)
    version = CableVersion.objects.get()
    assert version.raw_text == text
    assert hashlib.sha256(version.raw_text.encode(version.encoding)).hexdigest() == (
        version.raw_sha256
    )
