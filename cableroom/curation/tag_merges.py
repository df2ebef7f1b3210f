"""Merging two tags into one and splitting a glued tag, each recorded and reversible.

A merge moves every cable from the old tag to the new one and leaves the old tag
pointing at the new (`Tag.merged_into`), so facet counts follow at once and old
URLs resolve through `Tag.objects.resolve`. A split replaces a glued code
("MASSMNUC") by its parts on every cable that carries it, and marks those cables'
tags curated so a re-parse does not glue them again.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from cableroom.curation.fields import write_tags
from cableroom.curation.history import record_change, set_curated
from cableroom.models import Cable, CableTag, Change, ChangeAction, Tag
from cableroom.refdata import tags as tag_facts

# SQLite allows a limited number of parameters per statement.
CHUNK = 500


class TagCurationError(ValueError):
    """A merge or split that cannot be done as asked, with the reason for the curator."""


def merge_tags(*, source: Tag, target: Tag, user, comment: str = "") -> Change:
    """Move every cable from `source` to `target` and make `source` redirect to it."""
    target = Tag.objects.resolve(target.code)
    if source.merged_into_id:
        raise TagCurationError(f"{source.code} is already merged into {source.merged_into}.")
    if target.pk == source.pk:
        raise TagCurationError("A tag cannot be merged into itself.")
    with transaction.atomic():
        before = tag_lists(CableTag.objects.filter(tag=source).values("cable_id"))
        dropped = list(
            CableTag.objects.filter(tag=source, cable__cable_tags__tag=target).values_list(
                "cable_id", "position"
            )
        )
        CableTag.objects.filter(tag=source, cable__cable_tags__tag=target).delete()
        CableTag.objects.filter(tag=source).update(tag=target)
        redirected = list(Tag.objects.filter(merged_into=source).values_list("code", flat=True))
        Tag.objects.filter(merged_into=source).update(merged_into=target)
        source.merged_into = target
        source.save(update_fields=["merged_into"])
        dropped_ids = {cable_id for cable_id, _ in dropped}
        details = {
            "target": target.code,
            "moved": [cable_id for cable_id in before if cable_id not in dropped_ids],
            "dropped": [list(pair) for pair in dropped],
            "redirected": redirected,
        }
        batch = record_change(
            target=source,
            field="merged_into",
            before=None,
            after=target.code,
            user=user,
            action=ChangeAction.MERGE,
            comment=comment,
            details=details,
        )
        record_tag_parts(batch=batch, before=before)
    return batch


def unmerge_tags(*, change: Change, user) -> Change:
    """Undo a recorded merge: cables go back to the old tag, which stops redirecting."""
    source = Tag.objects.get(pk=change.object_id)
    target = Tag.objects.get(code=change.details["target"])
    if source.merged_into_id != target.pk:
        raise TagCurationError(f"{source.code} is no longer merged into {target.code}.")
    moved, dropped = change.details["moved"], change.details["dropped"]
    with transaction.atomic():
        before = tag_lists(moved + [cable_id for cable_id, _ in dropped])
        for chunk in chunks(moved):
            CableTag.objects.filter(tag=target, cable_id__in=chunk).update(tag=source)
        CableTag.objects.bulk_create(
            [CableTag(cable_id=c, tag=source, position=p) for c, p in dropped],
            ignore_conflicts=True,
        )
        redirected = change.details["redirected"]
        Tag.objects.filter(code__in=redirected, merged_into=target).update(merged_into=source)
        source.merged_into = None
        source.save(update_fields=["merged_into"])
        revert = record_change(
            target=source,
            field="merged_into",
            before=target.code,
            after=None,
            user=user,
            action=ChangeAction.REVERT,
            revert_of=change,
            revertable=False,
        )
        record_tag_parts(batch=revert, before=before)
    return revert


def split_tag(*, tag: Tag, into: list[str], user, comment: str = "") -> Change:
    """Replace a glued tag by its parts on every cable that carries it."""
    parts = list(dict.fromkeys(code.strip().upper() for code in into if code.strip()))
    if len(parts) < 2 or tag.code in parts:
        raise TagCurationError("Give at least two codes, each different from the glued one.")
    facts = tag_facts()
    for code in parts:
        kind = facts[code].kind if code in facts else "other"
        Tag.objects.get_or_create(code=code, defaults={"kind": kind})
    with transaction.atomic():
        before = tag_lists(CableTag.objects.filter(tag=tag).values("cable_id"))
        cables = Cable.objects.in_bulk(list(before))
        was_curated = [pk for pk, cable in cables.items() if "tags" in cable.curated_fields]
        for pk, codes in before.items():
            write_tags(cables[pk], replace_code(codes, tag.code, parts))
            set_curated(cables[pk], ["tags"], curated=True)
        batch = record_change(
            target=tag,
            field="split_into",
            before=None,
            after=parts,
            user=user,
            action=ChangeAction.SPLIT,
            comment=comment,
            details={
                "cables": {str(pk): codes for pk, codes in before.items()},
                "was_curated": was_curated,
            },
        )
        record_tag_parts(batch=batch, before=before)
    return batch


def unsplit_tag(*, change: Change, user) -> Change:
    """Undo a recorded split: each cable gets back the tags it had before it."""
    recorded = {int(pk): codes for pk, codes in change.details["cables"].items()}
    expected = {part.cable_id: part.after for part in change.parts.all()}
    with transaction.atomic():
        before = tag_lists(list(recorded))
        moved_on = [pk for pk, codes in before.items() if codes != expected.get(pk)]
        if moved_on:
            raise TagCurationError(
                f"{len(moved_on)} cable(s) had their tags changed since the split; "
                "revert those changes first."
            )
        cables = Cable.objects.in_bulk(list(recorded))
        for pk, codes in recorded.items():
            write_tags(cables[pk], codes)
            if pk not in change.details["was_curated"]:
                set_curated(cables[pk], ["tags"], curated=False)
        tag = Tag.objects.get(pk=change.object_id)
        revert = record_change(
            target=tag,
            field="split_into",
            before=change.after,
            after=None,
            user=user,
            action=ChangeAction.REVERT,
            revert_of=change,
            revertable=False,
        )
        record_tag_parts(batch=revert, before=before)
    return revert


def replace_code(codes: list[str], old: str, new: list[str]) -> list[str]:
    """The tag list with `old` replaced, in place, by the `new` codes, each once."""
    result: list[str] = []
    for code in codes:
        result.extend(new if code == old else [code])
    return list(dict.fromkeys(result))


def tag_lists(cable_ids) -> dict[int, list[str]]:
    """Each cable's tag codes in order; `cable_ids` may be a list or a subquery."""
    rows = CableTag.objects.order_by("cable_id", "position", "id")
    if isinstance(cable_ids, list):
        found = [row for chunk in chunks(cable_ids) for row in _codes(rows, chunk)]
    else:
        found = _codes(rows, cable_ids)
    lists: dict[int, list[str]] = defaultdict(list)
    for cable_id, code in found:
        lists[cable_id].append(code)
    return dict(lists)


def _codes(rows, cable_ids):
    return list(rows.filter(cable_id__in=cable_ids).values_list("cable_id", "tag__code"))


def record_tag_parts(*, batch: Change, before: dict[int, list[str]]) -> None:
    """One history row per cable whose tags a merge or split changed, in bulk."""
    after = tag_lists(list(before))
    refs = _reference_ids(list(before))
    cable_type = ContentType.objects.get_for_model(Cable)
    Change.objects.bulk_create(
        Change(
            cable_id=pk,
            content_type=cable_type,
            object_id=str(pk),
            object_repr=refs.get(pk, str(pk)),
            field="tags",
            before=codes,
            after=after.get(pk, []),
            action=batch.action,
            user=batch.user,
            at=batch.at,
            comment=batch.comment,
            batch=batch,
            revertable=False,
        )
        for pk, codes in before.items()
        if codes != after.get(pk, [])
    )


def _reference_ids(cable_ids: list[int]) -> dict[int, str]:
    refs = {}
    for chunk in chunks(cable_ids):
        refs.update(Cable.objects.filter(pk__in=chunk).values_list("pk", "reference_id"))
    return refs


def chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]
