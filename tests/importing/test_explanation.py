"""The lines under an import's closing line: kinds of warning, why unchanged, what was
skipped, and commands that work as printed."""

import io
import shlex
from collections import Counter

import pytest
from django.core.management import call_command

from cableroom.importing.progress import Progress
from cableroom.importing.run import import_cables
from tests.import_inputs import dump_row, reference_id, write_dump

pytestmark = pytest.mark.django_db

QUEUE = "/admin/cableroom/cableforreview/"


class Notes(Progress):
    def __init__(self):
        self.lines: list[str] = []

    def note(self, message: str) -> None:
        self.lines.append(message)


def run(*paths, **options):
    return import_cables(paths=paths, workers=0, **options)


def lines_starting(report: str, start: str) -> list[str]:
    return [line for line in report.splitlines() if line.startswith(start)]


def warned_dump(tmp_path):
    rows = [
        dump_row(1, date="4/20/2006 10:00"),
        dump_row(2, date="4/20/2006 10:00", origin="Embassy Almaty"),
        dump_row(3),
    ]
    return write_dump(tmp_path / "cables.csv", rows)


def test_a_first_import_says_an_unchanged_copy_came_twice_in_the_input(tmp_path):
    dump = write_dump(tmp_path / "cables.csv", [dump_row(1), dump_row(1, dump_id=99)])
    report = run(dump).report()
    assert lines_starting(report, "Unchanged") == [
        "Unchanged 1: the same copy (same reference id, same bytes) came more than once in "
        "this input; it is stored once."
    ]


def test_a_second_import_says_the_archive_held_the_copies_already(tmp_path):
    dump = write_dump(tmp_path / "cables.csv", [dump_row(1), dump_row(2)])
    assert lines_starting(run(dump).report(), "Unchanged") == []
    assert lines_starting(run(dump).report(), "Unchanged") == [
        "Unchanged 2: copies the archive held already, or that came more than once in this input."
    ]


def test_warnings_are_counted_by_kind_with_where_to_find_them(tmp_path):
    summary = run(warned_dump(tmp_path))
    assert summary.warned == 2
    assert summary.warning_kinds == Counter({"date_time": 2, "origin": 1})
    report = summary.report().splitlines()
    assert (
        report[1]
        == "Warned 2: copies with parser warnings, 3 warnings by kind: date_time 2, origin 1."
    )
    assert report[2].endswith(f"manage.py parse_cables --worst 20 {tmp_path / 'cables.csv'}")
    assert report[3] == f"  Curators settle them in the review queue: {QUEUE}"


def test_the_review_queue_named_lists_the_warned_cables(tmp_path, curator_client):
    run(warned_dump(tmp_path))
    html = curator_client.get(QUEUE).content.decode()
    assert reference_id(1) in html and reference_id(2) in html
    assert reference_id(3) not in html


def test_the_parse_command_named_works_as_printed(tmp_path):
    line = run(warned_dump(tmp_path)).report().splitlines()[2]
    words = shlex.split(line.split(": ", 1)[1])
    assert words[1:3] == ["manage.py", "parse_cables"]
    out = io.StringIO()
    call_command(*words[2:], stdout=out)
    assert "date_time" in out.getvalue() and reference_id(2) in out.getvalue()


def test_kinds_beyond_the_commonest_five_are_summed(tmp_path):
    summary = run(write_dump(tmp_path / "cables.csv", [dump_row(1)]))
    summary.warned = 7
    summary.warning_kinds = Counter({f"kind{n}": 10 - n for n in range(7)})
    line = lines_starting(summary.report(), "Warned")[0]
    assert line.endswith("kind0 10, kind1 9, kind2 8, kind3 7, kind4 6, 2 other kinds 9.")


def test_a_dry_run_names_no_review_queue(tmp_path):
    report = run(warned_dump(tmp_path), dry_run=True).report()
    assert lines_starting(report, "Warned 2:") and QUEUE not in report


def test_no_warnings_no_unchanged_no_skips_means_the_closing_line_alone(tmp_path):
    report = run(write_dump(tmp_path / "cables.csv", [dump_row(1)])).report()
    assert report.startswith("read 1, imported 1,") and len(report.splitlines()) == 1


def test_skipped_files_are_one_line_of_the_report(tmp_path):
    write_dump(tmp_path / "cables.csv", [dump_row(1)])
    (tmp_path / "README.md").write_text("# Notes\n")
    (tmp_path / "expected.csv").write_text("refid,role\n06ASTANA1,primary\n")
    notes = Notes()
    summary = run(tmp_path, progress=notes)
    assert summary.skipped == 2 and notes.lines == []
    assert lines_starting(summary.report(), "Skipped") == [
        f"Skipped 2 files that are not cable sources: {tmp_path / 'README.md'}, "
        f"{tmp_path / 'expected.csv'}."
    ]


def test_many_skipped_files_are_counted_and_the_first_named(tmp_path):
    for number in range(12):
        (tmp_path / f"notes-{number:02d}.md").write_text("notes\n")
    (line,) = lines_starting(run(tmp_path).report(), "Skipped")
    assert line.startswith("Skipped 12 files that are not cable sources: ")
    assert line.endswith("notes-09.md and 2 more.") and "notes-10.md" not in line
