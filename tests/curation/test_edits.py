"""Curation services: edits are recorded, withdrawals and reverts work, history is complete."""

from datetime import UTC, datetime

import pytest

from cableroom.curation import edits as curation
from cableroom.curation.history import field_values, record_object_edit
from cableroom.models import Cable, Change, ChangeAction, Tag
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_edit_is_recorded_with_user_before_and_after(curator):
    cable = factories.cable(subject="PARSED SUBJECT", tags=("PREL",))
    curation.edit_cable(
        cable=cable, values={"subject": "FIXED SUBJECT", "tags": ["PREL", "KZ"]}, user=curator
    )
    changes = {c.field: c for c in Change.objects.filter(cable=cable)}
    assert set(changes) == {"subject", "tags"}
    assert (changes["subject"].before, changes["subject"].after) == (
        "PARSED SUBJECT",
        "FIXED SUBJECT",
    )
    assert changes["tags"].after == ["PREL", "KZ"]
    assert changes["subject"].user == curator
    cable.refresh_from_db()
    assert cable.subject == "FIXED SUBJECT"
    assert sorted(cable.curated_fields) == ["subject", "tags"]


def test_an_edit_that_changes_nothing_records_nothing(curator):
    cable = factories.cable(subject="SAME")
    assert curation.edit_cable(cable=cable, values={"subject": "SAME"}, user=curator) == []
    assert not Change.objects.exists()
    assert Cable.objects.get(pk=cable.pk).curated_fields == []


def test_editing_the_date_moves_year_and_month_with_it(curator):
    cable = factories.cable()
    new_date = datetime(1999, 2, 3, 4, 5, tzinfo=UTC).isoformat()
    curation.edit_cable(cable=cable, values={"date_time": new_date}, user=curator)
    cable.refresh_from_db()
    assert (cable.year, cable.month) == (1999, 2)


def test_unknown_fields_are_refused(curator):
    with pytest.raises(curation.CurationError):
        curation.edit_cable(cable=factories.cable(), values={"body": "x"}, user=curator)


def test_paragraph_markings_are_edited_by_position(curator):
    cable = factories.cable(paragraphs=(("U", "one"), ("C", "two")))
    curation.edit_cable(cable=cable, values={"paragraph_markings": {"1": "S"}}, user=curator)
    assert list(cable.paragraphs.values_list("marking", flat=True)) == ["U", "S"]
    change = Change.objects.get(cable=cable)
    assert change.before == {"0": "U", "1": "C"} and change.after == {"0": "U", "1": "S"}
    assert Cable.objects.get(pk=cable.pk).curated_fields == ["paragraphs"]


def test_revert_writes_the_value_back_and_gives_the_field_back_to_the_parser(curator):
    cable = factories.cable(subject="PARSED", origin="Embassy Oldtown")
    [change] = curation.edit_cable(cable=cable, values={"origin": "Embassy Newtown"}, user=curator)
    revert = curation.revert_change(change=change, user=curator)
    cable.refresh_from_db()
    assert cable.origin.name == "Embassy Oldtown"
    assert cable.curated_fields == []
    assert revert.action == ChangeAction.REVERT and revert.revert_of == change
    assert (revert.before, revert.after) == ("Embassy Newtown", "Embassy Oldtown")
    assert change.is_reverted


def test_revert_of_a_revert_restores_the_edit_and_its_curated_mark(curator):
    cable = factories.cable(subject="PARSED")
    [change] = curation.edit_cable(cable=cable, values={"subject": "FIXED"}, user=curator)
    revert = curation.revert_change(change=change, user=curator)
    curation.revert_change(change=revert, user=curator)
    cable.refresh_from_db()
    assert cable.subject == "FIXED" and cable.curated_fields == ["subject"]


def test_revert_refuses_when_the_field_changed_again(curator):
    cable = factories.cable(subject="PARSED")
    [first] = curation.edit_cable(cable=cable, values={"subject": "ONE"}, user=curator)
    curation.edit_cable(cable=cable, values={"subject": "TWO"}, user=curator)
    with pytest.raises(curation.CurationError, match="changed since"):
        curation.revert_change(change=first, user=curator)
    assert Cable.objects.get(pk=cable.pk).subject == "TWO"


def test_a_change_is_reverted_only_once(curator):
    cable = factories.cable(subject="PARSED")
    [change] = curation.edit_cable(cable=cable, values={"subject": "FIXED"}, user=curator)
    curation.revert_change(change=change, user=curator)
    with pytest.raises(curation.CurationError):
        curation.revert_change(change=change, user=curator)


def test_withdraw_and_restore_are_recorded_and_hide_the_cable(curator):
    cable = factories.cable()
    withdrawal = curation.withdraw_cable(cable=cable, reason="Court order", user=curator)
    cable.refresh_from_db()
    assert cable.is_withdrawn and cable.withdrawal_reason == "Court order"
    assert not Cable.objects.public().filter(pk=cable.pk).exists()
    assert withdrawal.action == ChangeAction.WITHDRAW and withdrawal.user == curator
    curation.restore_cable(cable=cable, user=curator)
    cable.refresh_from_db()
    assert not cable.is_withdrawn and cable.withdrawal_reason == ""
    assert Cable.objects.public().filter(pk=cable.pk).exists()


def test_withdrawal_needs_a_reason_and_cannot_repeat(curator):
    cable = factories.cable()
    with pytest.raises(curation.CurationError):
        curation.withdraw_cable(cable=cable, reason="  ", user=curator)
    curation.withdraw_cable(cable=cable, reason="Duplicate", user=curator)
    with pytest.raises(curation.CurationError):
        curation.withdraw_cable(cable=cable, reason="Again", user=curator)


def test_reverting_a_withdrawal_restores_the_cable(curator):
    cable = factories.cable()
    withdrawal = curation.withdraw_cable(cable=cable, reason="Court order", user=curator)
    curation.revert_change(change=withdrawal, user=curator)
    assert Cable.objects.public().filter(pk=cable.pk).exists()


def test_tag_edits_are_recorded_and_revertable(curator):
    tag = factories.tag("ZZTEST", description="old words")
    before = field_values(tag, ["description", "kind"])
    tag.description = "External political relations"
    tag.save()
    [change] = record_object_edit(instance=tag, before=before, user=curator)
    assert (change.before, change.after) == ("old words", "External political relations")
    curation.revert_change(change=change, user=curator)
    assert Tag.objects.get(pk=tag.pk).description == "old words"
