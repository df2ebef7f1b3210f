"""Ids whose year was guessed: the importer lets a source's id win over the guess, and
readers see an "id year inferred" marker (page and .json) where no source gave one."""

import importlib
import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from cableroom.curation import edits as curation
from cableroom.models import Cable
from tests import factories
from tests.import_inputs import cable_text, cablegate_page, dump_row, write_dump

pytestmark = pytest.mark.django_db

# No date-time group: the parser guesses 2006 from "DECL: 04/19/2016" (ten years on).
HEADLESS = """CONFIDENTIAL ASTANA 000033

SIPDIS

E.O. 12958: DECL: 04/19/2016
TAGS: PREL, KZ
SUBJECT: A CABLE WITHOUT ITS HEADER

1. (C) A synthetic paragraph.
"""
GUESSED_ID = "06ASTANA33"
SOURCE_ID = "05ASTANA33"  # what the dump or the page says: the guess was wrong


def import_cables(*paths) -> None:
    call_command("import_cables", *map(str, paths), "--workers", "0", stdout=io.StringIO())


def marker_shown(client, reference_id: str) -> bool:
    html = client.get(reverse("cable-detail", args=[reference_id])).content.decode()
    return '<span class="correction-mark">Id year inferred</span>' in html


def test_a_text_file_without_date_time_group_gets_the_guess_and_the_marker(client, tmp_path):
    path = tmp_path / "headless.txt"
    path.write_text(HEADLESS)
    import_cables(path)
    cable = Cable.objects.get()
    assert cable.reference_id == GUESSED_ID and cable.reference_id_inferred
    assert any("guessed from the declassification date" in w["message"] for w in cable.warnings)
    assert marker_shown(client, GUESSED_ID)
    document = json.loads(client.get(reverse("cable-json", args=[GUESSED_ID])).content)
    assert (document["reference_id_inferred"], document["reference_id_checked"]) == (True, False)


def test_the_dump_column_wins_over_the_guess(client, tmp_path):
    import_cables(
        write_dump(tmp_path / "cables.csv", [dump_row(33, text=HEADLESS, refid=SOURCE_ID)])
    )
    cable = Cable.objects.get()
    assert cable.reference_id == SOURCE_ID and not cable.reference_id_inferred
    messages = [w["message"] for w in cable.warnings if w["field"] == "reference_id"]
    assert not any("guessed" in message for message in messages)
    assert any(f"'{SOURCE_ID}'" in m and "the source's value is used" in m for m in messages)
    assert not marker_shown(client, SOURCE_ID)
    document = json.loads(client.get(reverse("cable-json", args=[SOURCE_ID])).content)
    assert document["reference_id_inferred"] is False


def test_the_page_table_wins_over_the_guess(client, tmp_path):
    page = tmp_path / "05ASTANA33.html"
    page.write_text(cablegate_page(HEADLESS, refid=SOURCE_ID, released="2011-08-30 01:44"))
    import_cables(page)
    cable = Cable.objects.get()
    assert cable.reference_id == SOURCE_ID and not cable.reference_id_inferred
    disagreement = f"gives the reference id '{SOURCE_ID}' but the text says '{GUESSED_ID}'"
    assert any(disagreement in w["message"] for w in cable.warnings)
    assert not marker_shown(client, SOURCE_ID)


def test_a_source_that_agrees_with_the_guess_still_makes_it_no_guess(tmp_path):
    import_cables(
        write_dump(tmp_path / "cables.csv", [dump_row(33, text=HEADLESS, refid=GUESSED_ID)])
    )
    assert not Cable.objects.get(reference_id=GUESSED_ID).reference_id_inferred


def test_a_cable_with_its_date_time_group_has_no_marker(client, tmp_path):
    path = tmp_path / "whole.txt"
    path.write_text(cable_text(33))
    import_cables(path)
    cable = Cable.objects.get()
    assert not cable.reference_id_inferred
    assert not marker_shown(client, cable.reference_id)


def test_a_reparse_keeps_the_marker(tmp_path, curator):
    path = tmp_path / "headless.txt"
    path.write_text(HEADLESS)
    import_cables(path)
    Cable.objects.update(reference_id_inferred=False)
    summary = curation.reparse_cables(cables=Cable.objects.all(), user=curator)
    assert summary.failed == []
    assert Cable.objects.get().reference_id_inferred


def test_the_migration_flags_cables_imported_before_it():
    migration = importlib.import_module("cableroom.migrations.0009_cable_reference_id_inferred")
    guessed = factories.cable("06X1")
    other = factories.cable("06X2")
    Cable.objects.filter(pk=guessed.pk).update(
        warning_count=1,
        warnings=[
            {
                "field": "reference_id",
                "message": "No date-time group: year 06 guessed from the declassification date",
                "line": None,
            }
        ],
    )
    Cable.objects.filter(pk=other.pk).update(
        warning_count=1,
        warnings=[{"field": "date_time", "message": "No date-time group found", "line": None}],
    )
    migration.flag_guessed_ids(apps, None)
    assert list(
        Cable.objects.filter(reference_id_inferred=True).values_list("reference_id", flat=True)
    ) == ["06X1"]
