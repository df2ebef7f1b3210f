"""`generate_cables --format db` writes what importing the same corpus's dump would."""

import pytest
from django.core.management import call_command

from cableroom.importing.run import import_cables
from cableroom.importing.synthetic_loading import load_synthetic
from cableroom.models import Cable, Paragraph
from cableroom.synthetic.dump_writer import write_dump
from cableroom.synthetic.generator import generate_cables

COUNT = 150
SEED = 42

pytestmark = pytest.mark.django_db(transaction=False)


def snapshot() -> dict[str, dict]:
    """The fields both roads must agree on, per reference id."""
    found = {}
    for cable in Cable.objects.for_reading():
        found[cable.reference_id] = {
            "date_time": cable.date_time,
            "year": cable.year,
            "origin": cable.origin.name,
            "classification": cable.classification,
            "subject": cable.subject,
            "signer": cable.signer,
            "tags": [ct.tag.code for ct in cable.cable_tags.all()],
            "caveats": sorted(m.code for m in cable.caveats.all()),
            "numbered": [
                (p.number, p.marking, p.text) for p in cable.paragraphs.all() if p.number
            ],
            "addressees": [(a.role, a.name) for a in cable.addressees.all()],
            "raw": cable.current_version.raw_text,
            "sha": cable.current_version.raw_sha256,
        }
    return found


def test_db_load_marks_every_cable_synthetic_with_its_children():
    cables = list(generate_cables(COUNT, SEED))
    assert load_synthetic(COUNT, SEED) == COUNT
    assert Cable.objects.count() == COUNT
    assert not Cable.objects.filter(is_synthetic=False).exists()
    assert Paragraph.objects.count() == sum(len(c.paragraphs) for c in cables)
    stored = Cable.objects.get(reference_id=cables[-1].reference_id)
    assert list(stored.references.values_list("target_reference_id", flat=True)) == [
        r.reference_id for r in cables[-1].references
    ]
    assert stored.body == cables[-1].body


def test_importing_the_dump_after_a_db_load_changes_nothing(tmp_path):
    load_synthetic(COUNT, SEED)
    path = write_dump(COUNT, SEED, tmp_path / "cables.csv.gz")
    summary = import_cables(paths=[path], workers=0)
    assert (summary.read, summary.unchanged, summary.imported, summary.failed) == (
        COUNT,
        COUNT,
        0,
        0,
    )


def test_db_load_and_dump_import_store_the_same_fields(tmp_path):
    load_synthetic(COUNT, SEED)
    loaded = snapshot()
    Cable.objects.all().delete()
    import_cables(paths=[write_dump(COUNT, SEED, tmp_path / "cables.csv.gz")], workers=0)
    imported = snapshot()
    assert loaded.keys() == imported.keys()
    for reference_id, fields in loaded.items():
        assert imported[reference_id] == fields, reference_id


def test_generate_cables_command_writes_a_dump(tmp_path):
    out = tmp_path / "cables.csv.gz"
    call_command("generate_cables", count=30, seed=1, output=str(out), workers=1)
    assert out.exists() and out.stat().st_size > 1000
