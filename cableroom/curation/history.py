"""Recording changes: the one place a `Change` row is written.

Every curation service calls these after it writes, so the history is complete:
who, when, which field, its value before and after.
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from cableroom.curation.fields import EDITABLE_FIELDS, snapshot
from cableroom.models import Cable, Change, ChangeAction
from cableroom.search.index_updates import index_after_commit


def record_change(
    *,
    target: models.Model,
    field: str,
    before: Any,
    after: Any,
    user,
    action: str = ChangeAction.EDIT,
    cable: Cable | None = None,
    comment: str = "",
    details: dict | None = None,
    batch: Change | None = None,
    revertable: bool = True,
    revert_of: Change | None = None,
) -> Change:
    """Write one history row for a change already made to `target`."""
    if cable is None and isinstance(target, Cable):
        cable = target
    if cable is not None:
        # Text and withdrawal reach the Tantivy index after the commit, read back then.
        index_after_commit(cable.pk)
    return Change.objects.create(
        cable=cable,
        content_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        object_id=str(target.pk),
        object_repr=str(target)[:200],
        field=field,
        before=before,
        after=after,
        action=action,
        user=user_or_none(user),
        comment=comment[:300],
        details=details or {},
        batch=batch,
        revertable=revertable,
        revert_of=revert_of,
    )


def record_cable_edit(
    *, cable: Cable, before: dict[str, Any], user, action: str = ChangeAction.EDIT, comment=""
) -> list[Change]:
    """Compare the cable with `before` (a `snapshot`), record each changed field.

    A curator's edit (action EDIT) also marks the field curated, so the importer and
    re-parses leave it alone from now on; a re-parse records without marking.
    """
    after = snapshot(cable, before.keys())
    changed = [name for name in before if before[name] != after[name]]
    curated = set(cable.curated_fields)
    changes = []
    for name in changed:
        was_curated = EDITABLE_FIELDS[name].curated_as in curated
        changes.append(
            record_change(
                target=cable,
                field=name,
                before=before[name],
                after=after[name],
                user=user,
                action=action,
                comment=comment,
                details={"was_curated": was_curated},
            )
        )
    if action == ChangeAction.EDIT:
        set_curated(cable, changed, curated=True)
    return changes


def set_curated(cable: Cable, names, *, curated: bool) -> None:
    """Add the fields to (or take them from) `Cable.curated_fields`, by their curated name."""
    wanted = {EDITABLE_FIELDS[name].curated_as for name in names if name in EDITABLE_FIELDS}
    current = list(cable.curated_fields)
    if curated:
        updated = current + sorted(wanted - set(current))
    else:
        updated = [name for name in current if name not in wanted]
    if updated != current:
        cable.curated_fields = updated
        cable.save(update_fields=["curated_fields", "updated_at"])


def field_values(instance: models.Model, names) -> dict[str, Any]:
    """Plain values of a model's own columns (foreign keys as ids), for history."""
    return {name: _plain(getattr(instance, _attname(instance, name))) for name in names}


def record_object_edit(
    *, instance: models.Model, before: dict[str, Any], user, cable=None, comment=""
) -> list[Change]:
    """Record the fields of a tag, post or note that differ from `before`."""
    after = field_values(instance, before.keys())
    return [
        record_change(
            target=instance,
            field=name,
            before=before[name],
            after=after[name],
            user=user,
            cable=cable,
            comment=comment,
        )
        for name in before
        if before[name] != after[name]
    ]


def _attname(instance: models.Model, name: str) -> str:
    return instance._meta.get_field(name).attname


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def user_or_none(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None
