"""Re-parsing from the admin: curated fields stay, everything else is refreshed and recorded."""

import pytest
from django.urls import reverse

from cableroom.curation import edits as curation
from cableroom.models import Cable, Change, ChangeAction
from tests import factories

pytestmark = pytest.mark.django_db

# A hand-written, synthetic cable: not real cable text.
RAW = """P 191331Z APR 06
FM AMEMBASSY TESTVILLE
TO SECSTATE WASHDC PRIORITY 0107
BT
UNCLAS SECTION 01 OF 01 TESTVILLE 000033

SIPDIS

E.O. 12958: N/A
TAGS: PREL, PGOV, KZ
SUBJECT: SYNTHETIC TALKS ON NOTHING IN PARTICULAR

1. (U) SUMMARY: A synthetic paragraph for tests. END SUMMARY.

2. (SBU) A second synthetic paragraph.

SMITH
"""


@pytest.fixture
def stale():
    """A cable whose stored fields are an old parser's mistakes."""
    return factories.cable(
        "06TESTVILLE33",
        raw_text=RAW,
        subject="SYNTHETIC TALKS",
        signer="",
        tags=("PRELPGOV",),
        paragraphs=(("U", "A synthetic paragraph for tests."),),
    )


def tag_codes(cable) -> list[str]:
    return list(cable.cable_tags.order_by("position").values_list("tag__code", flat=True))


def test_reparse_refreshes_the_parsed_fields_and_records_them(stale, curator):
    summary = curation.reparse_cables(cables=[stale], user=curator)
    assert (summary.reparsed, summary.changed, summary.failed) == (1, 1, [])
    cable = Cable.objects.get(pk=stale.pk)
    assert cable.subject == "SYNTHETIC TALKS ON NOTHING IN PARTICULAR"
    assert cable.signer == "SMITH"
    assert tag_codes(cable) == ["PREL", "PGOV", "KZ"]
    recorded = {c.field: c for c in Change.objects.filter(cable=cable)}
    assert recorded["subject"].action == ChangeAction.REPARSE
    assert recorded["tags"].before == ["PRELPGOV"] and recorded["tags"].user == curator
    assert cable.curated_fields == []


def test_reparse_leaves_curated_fields_untouched(stale, curator):
    curation.edit_cable(
        cable=stale,
        values={"subject": "A CURATOR'S SUBJECT", "tags": ["ZZMINE"]},
        user=curator,
    )
    curation.reparse_cables(cables=[stale], user=curator)
    cable = Cable.objects.get(pk=stale.pk)
    assert cable.subject == "A CURATOR'S SUBJECT"
    assert tag_codes(cable) == ["ZZMINE"]
    assert cable.signer == "SMITH"  # not curated: refreshed
    reparsed = Change.objects.filter(cable=cable, action=ChangeAction.REPARSE)
    assert not reparsed.filter(field__in=["subject", "tags"]).exists()


def test_a_reparse_change_can_be_reverted_and_then_sticks(stale, curator):
    curation.reparse_cables(cables=[stale], user=curator)
    change = Change.objects.get(cable=stale, field="signer", action=ChangeAction.REPARSE)
    curation.revert_change(change=change, user=curator)
    curation.reparse_cables(cables=[stale], user=curator)
    cable = Cable.objects.get(pk=stale.pk)
    assert cable.signer == "" and "signer" in cable.curated_fields


def test_a_cable_that_cannot_be_reparsed_is_reported_not_fatal(stale, curator):
    broken = factories.cable("06TESTVILLE34")
    broken.current_version = None
    broken.save()
    summary = curation.reparse_cables(cables=[broken, stale], user=curator)
    assert summary.reparsed == 1 and len(summary.failed) == 1
    assert "06TESTVILLE34" in summary.failed[0]


def test_the_admin_action_reparses_the_selected_cables(client, stale, curator):
    client.force_login(curator)
    url = reverse("admin:cableroom_cable_changelist")
    response = client.post(url, {"action": "reparse_selected", "_selected_action": [stale.pk]})
    assert response.status_code == 302
    assert Cable.objects.get(pk=stale.pk).signer == "SMITH"
