"""The DECL, Classified By and signer facet columns are filled wherever the parser's
strings are: at import, by `reparse_cables`, and by migration 0012 for cables stored
before it (all through `normalised_fields`)."""

from datetime import date
from importlib import import_module
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection

from cableroom.importing.run import import_cables
from cableroom.models import Cable
from tests.import_inputs import cable_text, reference_id

pytestmark = pytest.mark.django_db

CLASSIFIED = (
    "E.O. 12958: DECL: 04/19/2016",
    "Classified By: AMBASSADOR JOHN ORDWAY, REASONS 1.4 (B) AND (D)",
)


def classified_text() -> str:
    text = cable_text(serial=77).replace("UNCLAS ASTANA", "C O N F I D E N T I A L ASTANA")
    return text.replace("E.O. 12958: N/A", "\n".join(CLASSIFIED))


def columns(cable: Cable) -> tuple:
    names = ("declassify_date", "declassify_marker", "classified_by_name",
             "classified_by_title", "classification_reasons", "signer_name")  # fmt: skip
    return tuple(getattr(cable, name) for name in names)


EXPECTED = (date(2016, 4, 19), "", "John Ordway", "Ambassador", "1.4(b), 1.4(d)", "Ordway")


def test_an_import_fills_the_facet_columns(tmp_path):
    (tmp_path / "cable.txt").write_text(classified_text())
    assert import_cables(paths=[tmp_path], workers=1).failed == 0
    cable = Cable.objects.get(reference_id=reference_id(77))
    assert columns(cable) == EXPECTED


def test_reparse_fills_them_for_a_cable_stored_without(tmp_path):
    (tmp_path / "cable.txt").write_text(classified_text())
    import_cables(paths=[tmp_path], workers=1)
    Cable.objects.update(
        declassify_date=None, classified_by_name="", classified_by_title="", signer_name="",
        parser_version="1.0",
    )  # fmt: skip
    call_command("reparse_cables", stdout=StringIO(), stderr=StringIO())
    assert columns(Cable.objects.get(reference_id=reference_id(77))) == EXPECTED


def test_migration_0012_fills_them_from_the_stored_strings(tmp_path):
    (tmp_path / "cable.txt").write_text(classified_text())
    import_cables(paths=[tmp_path], workers=1)
    Cable.objects.update(declassify_date=None, classified_by_name="", signer_name="")
    migration = import_module("cableroom.migrations.0012_declassification_authority_signer")
    migration.fill(django_apps, SimpleNamespace(connection=connection))
    assert columns(Cable.objects.get(reference_id=reference_id(77))) == EXPECTED
