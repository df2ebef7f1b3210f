"""Curators' write paths: edit, withdraw, restore, re-parse, merge and split tags, revert.

Every write a curator makes goes through one of these functions, each of which records
a `Change` (who, when, the field, before and after), so the history is complete and
every change can be reverted. Arguments are keyword-only so call sites read plainly.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import timezone

from cableroom.curation.fields import CABLE_FIELDS, EDITABLE_FIELDS, WITHDRAWAL, snapshot
from cableroom.curation.history import (
    field_values,
    record_cable_edit,
    record_change,
    record_object_edit,
    set_curated,
    user_or_none,
)
from cableroom.curation.review import refresh_resolutions, resolve_corrected
from cableroom.curation.tag_merges import (
    TagCurationError,
    merge_tags,
    split_tag,
    unmerge_tags,
    unsplit_tag,
)
from cableroom.models import Cable, Change, ChangeAction, Note

__all__ = [
    "CurationError",
    "ReparseSummary",
    "delete_note",
    "edit_cable",
    "merge_tags",
    "record_change",
    "record_curator_edit",
    "reparse_cables",
    "restore_cable",
    "revert_change",
    "save_note",
    "split_tag",
    "withdraw_cable",
]


class CurationError(ValueError):
    """A curation step that cannot be done as asked; the message is for the curator."""


def edit_cable(*, cable: Cable, values: dict[str, Any], user, comment: str = "") -> list[Change]:
    """Set editable fields from JSON values (see `cable_fields`), mark them curated, record.

    Used by the review queue, by reverts and by scripts; the admin form writes the
    fields itself and calls `record_curator_edit` with the snapshot it took before.
    """
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise CurationError(f"Not an editable field: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        before = snapshot(cable, values)
        for name, value in values.items():
            EDITABLE_FIELDS[name].write(cable, value)
        return record_curator_edit(cable=cable, before=before, user=user, comment=comment)


def record_curator_edit(
    *, cable: Cable, before: dict[str, Any], user, comment: str = ""
) -> list[Change]:
    """Record a curator's edit made since `before`: history, curated fields, review queue."""
    changes = record_cable_edit(cable=cable, before=before, user=user, comment=comment)
    resolve_corrected(cable=cable, changes=changes, user=user)
    return changes


# What a note's history records; the cable is fixed once the note is written.
NOTE_FIELDS = ("text", "is_public", "paragraph_position")


def save_note(*, note: Note, user, comment: str = "") -> list[Change]:
    """Write a curator's new or edited note and record it in its cable's history.

    A new note is one change (field "note", its values after); an edit is one change
    per field, revertable like any other object edit. A note without an author is
    attributed to the curator saving it.
    """
    if note.author_id is None and user_or_none(user) is not None:
        note.author = user
    with transaction.atomic():
        if not note._state.adding:
            before = field_values(Note.objects.get(pk=note.pk), NOTE_FIELDS)
            note.save()
            if before["is_public"] or note.is_public:
                _readers_page_changed(note.cable_id)
            return record_object_edit(
                instance=note, before=before, user=user, cable=note.cable, comment=comment
            )
        note.save()
        if note.is_public:
            _readers_page_changed(note.cable_id)
        # Undoing a new note is deleting it, which is recorded in its own right.
        created = record_change(
            target=note,
            field="note",
            before=None,
            after=field_values(note, NOTE_FIELDS),
            user=user,
            cable=note.cable,
            comment=comment,
            revertable=False,
        )
        return [created]


def delete_note(*, note: Note, user, comment: str = "") -> Change:
    """Delete a note, keeping what it said in its cable's history."""
    with transaction.atomic():
        deleted = record_change(
            target=note,
            field="note",
            before=field_values(note, NOTE_FIELDS),
            after=None,
            user=user,
            cable=note.cable,
            comment=comment,
            revertable=False,
        )
        note.delete()
        if note.is_public:
            _readers_page_changed(note.cable_id)
        return deleted


def _readers_page_changed(cable_id: int) -> None:
    # Public notes are on the reader's page, but the note table is not one the browse
    # generation watches: touching the cable row moves it, so stored pages go stale.
    Cable.objects.filter(pk=cable_id).update(updated_at=timezone.now())


def withdraw_cable(*, cable: Cable, reason: str, user) -> Change:
    """Take a cable out of every public list; its permalink answers 410 with `reason`."""
    reason = reason.strip()
    if not reason:
        raise CurationError("A withdrawal needs a public reason.")
    if cable.is_withdrawn:
        raise CurationError(f"{cable} is already withdrawn.")
    return _set_withdrawal(
        cable, {"withdrawn_at": timezone.now().isoformat(), "reason": reason}, user
    )


def restore_cable(*, cable: Cable, user) -> Change:
    """Put a withdrawn cable back where readers find it."""
    if not cable.is_withdrawn:
        raise CurationError(f"{cable} is not withdrawn.")
    return _set_withdrawal(cable, {"withdrawn_at": None, "reason": ""}, user)


def _set_withdrawal(cable: Cable, value: dict, user, **extra) -> Change:
    action = ChangeAction.WITHDRAW if value["withdrawn_at"] else ChangeAction.RESTORE
    with transaction.atomic():
        before = WITHDRAWAL.read(cable)
        WITHDRAWAL.write(cable, value)
        return record_change(
            target=cable,
            field=WITHDRAWAL.name,
            before=before,
            after=WITHDRAWAL.read(cable),
            user=user,
            action=extra.pop("action", action),
            **extra,
        )


@dataclass
class ReparseSummary:
    """What a re-parse did: cables read, cables whose fields changed, failures."""

    reparsed: int = 0
    changed: int = 0
    changes: int = 0
    failed: list[str] = field(default_factory=list)


def reparse_cables(*, cables, user) -> ReparseSummary:
    """Parse each cable's current raw text again and refresh what it yields.

    The importer's write path does the writing, so the same rule holds as for an
    import: fields a curator fixed stay as they are. Each field the parse changed is
    recorded (action "reparse"), so a re-parse can be inspected and reverted too.
    """
    summary = ReparseSummary()
    for cable in cables:
        try:
            with transaction.atomic():
                changes = _reparse_one(cable, user)
        except Exception as error:  # noqa: BLE001 - one bad cable must not stop the rest
            summary.failed.append(f"{cable.reference_id}: {type(error).__name__}: {error}")
            continue
        summary.reparsed += 1
        summary.changed += bool(changes)
        summary.changes += len(changes)
    return summary


def _reparse_one(cable: Cable, user) -> list[Change]:
    from cableroom.curation.reparse import reparse_cable  # the importer owns the write path

    cable.refresh_from_db()  # the curated fields as they are now, not as first loaded
    before = snapshot(cable)
    reparse_cable(cable=cable)
    cable.refresh_from_db()
    refresh_resolutions(cable)
    return record_cable_edit(cable=cable, before=before, user=user, action=ChangeAction.REPARSE)


def revert_change(*, change: Change, user) -> Change:
    """Write a change's `before` value back, recorded as a new change.

    Refuses when the field has changed again since (revert the later change first),
    so a revert never silently throws away someone else's work.
    """
    if not change.revertable or change.is_reverted:
        raise CurationError("This change cannot be reverted (or already was).")
    try:
        with transaction.atomic():
            return _revert(change, user)
    except TagCurationError as error:
        raise CurationError(str(error)) from error


def _revert(change: Change, user) -> Change:
    if change.action == ChangeAction.MERGE:
        return unmerge_tags(change=change, user=user)
    if change.action == ChangeAction.SPLIT:
        return unsplit_tag(change=change, user=user)
    if change.cable_id and change.field in CABLE_FIELDS:
        return _revert_cable_field(change, user)
    return _revert_object_field(change, user)


def _revert_cable_field(change: Change, user) -> Change:
    cable = Cable.objects.get(pk=change.cable_id)
    handler = CABLE_FIELDS[change.field]
    if handler.read(cable) != change.after:
        raise CurationError(f"The {handler.label} has changed since; revert that change first.")
    if handler is WITHDRAWAL:
        return _set_withdrawal(
            cable, change.before, user, action=ChangeAction.REVERT, revert_of=change
        )
    was_curated = handler.curated_as in cable.curated_fields
    handler.write(cable, change.before)
    revert = record_change(
        target=cable,
        field=change.field,
        before=change.after,
        after=change.before,
        user=user,
        action=ChangeAction.REVERT,
        details={"was_curated": was_curated},
        revert_of=change,
    )
    set_curated(cable, [change.field], curated=_curated_after_revert(change))
    return revert


def _curated_after_revert(change: Change) -> bool:
    # Undoing a curator's edit gives the field back to the parser as it was; undoing
    # a re-parse is a curator's choice of the old value, which the parser must keep.
    if change.action == ChangeAction.REPARSE:
        return True
    return bool(change.details.get("was_curated", True))


def _revert_object_field(change: Change, user) -> Change:
    try:
        target = change.target
    except ObjectDoesNotExist:  # a note deleted since, say
        raise CurationError(f"{change.object_repr} no longer exists.") from None
    if field_values(target, [change.field])[change.field] != change.after:
        raise CurationError(f"{target}'s {change.field} has changed since; revert that first.")
    setattr(target, target._meta.get_field(change.field).attname, change.before)
    target.save()
    return record_change(
        target=target,
        field=change.field,
        before=change.after,
        after=change.before,
        user=user,
        action=ChangeAction.REVERT,
        cable=change.cable,
        revert_of=change,
    )
