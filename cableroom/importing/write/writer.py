"""Write planned cables in batches: a new cable, another version of one, or unchanged.

A copy's identity is (cable, sha256 of its bytes): the same bytes again change nothing;
other bytes under the same reference id are another version. The cable shows its
newest version, the one released last; a copy that gives no release date counts as
released when it was imported (the cables.csv dump, which has none, was the last and
unredacted release); among such copies the one imported last is the newest. Each
batch is one transaction, so a killed import leaves whole batches or nothing, and a
re-run finds the committed ones unchanged. Several writers may run side by side (on
PostgreSQL, see `writer_lanes`): they lock the stored cables they add versions to.
"""

from collections import Counter
from dataclasses import dataclass, field, fields
from datetime import datetime

from django.db import DatabaseError, IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from cableroom.importing.plan.cable_plan import CablePlan, PlanFailure, VersionPlan
from cableroom.importing.write.bulk import allocate_ids, insert_models
from cableroom.importing.write.row_cache import ReferenceRows
from cableroom.importing.write.rows import (
    CHILD_KINDS,
    cable_values,
    fit_plan,
    insert_children,
    refresh_cable,
)
from cableroom.models import Cable, CableVersion


@dataclass
class BatchResult:
    """What writing one batch did."""

    imported: int = 0
    unchanged: int = 0
    new_versions: int = 0
    warned: int = 0
    warning_kinds: Counter = field(default_factory=Counter)  # warnings by field
    failures: list[PlanFailure] = field(default_factory=list)
    cable_ids: list[int] = field(default_factory=list)  # cables written, for the search index

    def add(self, other: "BatchResult") -> None:
        self.imported += other.imported
        self.unchanged += other.unchanged
        self.new_versions += other.new_versions
        self.warned += other.warned
        self.warning_kinds.update(other.warning_kinds)
        self.failures += other.failures
        self.cable_ids += other.cable_ids


@dataclass
class StoredCable:
    """What the database already holds for one reference id."""

    id: int
    curated_fields: list
    version_count: int
    shas: set[str]
    newest_key: tuple | None


@dataclass
class _Group:
    """The plans of one batch for one reference id, and which copy is the newest."""

    stored: StoredCable | None
    shas: set[str]
    new: list[CablePlan] = field(default_factory=list)
    newest: CablePlan | None = None
    newest_key: tuple | None = None
    cable_id: int | None = None


_VERSION_FIELDS = tuple(item.name for item in fields(VersionPlan))


def version_values(version: VersionPlan) -> dict:
    """The version row's values (a shallow copy: asdict would deep-copy the claim)."""
    return {name: getattr(version, name) for name in _VERSION_FIELDS}


def stored_cables(reference_ids, *, lock: bool = False) -> dict[str, StoredCable]:
    """The stored cables among these ids, with their versions' checksums.

    With `lock` (inside the writing transaction) the cable rows stay locked until it
    ends, in reference id order, so writers running side by side take turns on a
    cable they both add versions to instead of overwriting each other's count.
    """
    found: dict[str, StoredCable] = {}
    ids = sorted(reference_ids)
    cables = Cable.objects.select_for_update(of=("self",)) if lock else Cable.objects
    for start in range(0, len(ids), 500):
        chosen = cables.filter(reference_id__in=ids[start : start + 500])
        rows = chosen.order_by("reference_id").values_list(
            "id",
            "reference_id",
            "curated_fields",
            "version_count",
            "current_version_id",
            "current_version__released",
            "current_version__imported_at",
        )
        for pk, reference_id, curated, count, version_id, released, imported_at in rows:
            key = (released or imported_at, 0, version_id) if version_id else None
            found[reference_id] = StoredCable(pk, curated or [], count, set(), key)
    by_id = {cable.id: cable for cable in found.values()}
    pks = list(by_id)
    for start in range(0, len(pks), 500):
        versions = CableVersion.objects.filter(cable_id__in=pks[start : start + 500])
        for cable_id, sha in versions.values_list("cable_id", "raw_sha256"):
            by_id[cable_id].shas.add(sha)
    return found


def group_plans(plans, stored: dict[str, StoredCable], now: datetime, result: BatchResult):
    """Sort a batch's plans into groups by reference id, counting each plan's outcome."""
    groups: dict[str, _Group] = {}
    for sequence, plan in enumerate(plans):
        group = groups.get(plan.reference_id)
        if group is None:
            known = stored.get(plan.reference_id)
            group = _Group(known, set(known.shas) if known else set())
            group.newest_key = known.newest_key if known else None
            groups[plan.reference_id] = group
        if plan.version.raw_sha256 in group.shas:
            result.unchanged += 1
            continue
        group.shas.add(plan.version.raw_sha256)
        is_first = group.stored is None and not group.new
        result.imported += is_first
        result.new_versions += not is_first
        result.warned += bool(plan.warnings)
        result.warning_kinds.update(warning["field"] for warning in plan.warnings)
        group.new.append(plan)
        key = (plan.version.released or now, 1, sequence)
        if group.newest_key is None or key > group.newest_key:
            group.newest, group.newest_key = plan, key
    return [group for group in groups.values() if group.new]


def stored_copies(pairs) -> set[tuple[str, str]]:
    """Which (reference id, checksum) pairs the archive already holds."""
    pairs = list(pairs)
    found: set[tuple[str, str]] = set()
    for start in range(0, len(pairs), 500):
        chunk = pairs[start : start + 500]
        versions = CableVersion.objects.filter(
            cable__reference_id__in={reference_id for reference_id, _ in chunk},
            raw_sha256__in={sha for _, sha in chunk},
        )
        found.update(versions.values_list("cable__reference_id", "raw_sha256"))
    return found & set(pairs)


def batch_settings_sql() -> str | None:
    """The statement that sets up a batch's transaction on PostgreSQL (None elsewhere).

    Both settings last for the transaction only (`set_config(..., true)`), so nothing
    leaks into other work on the same connection.

    - synchronous_commit off: the commit returns without waiting for the WAL flush.
      A server crash may then lose the last few committed batches, never part of one
      and never the database's consistency; they are simply absent, and running the
      import again writes them (stored copies are recognised by their checksum), which
      is what a kill -9 of the import already relies on. Waiting for the flush of every
      batch bought nothing the resume does not already give, and kept a writer idle.
    - lz4 TOAST compression: the body, the raw text and the stored tsvector of each
      cable are compressed on the way in; with the default pglz that compression was
      about a seventh of the server's CPU time in an import (perf), lz4 costs a
      fraction of it and reads back faster. Only where the server was built with lz4.
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
            "WHERE name = 'default_toast_compression'"
        )
        row = cursor.fetchone()
    settings = ["set_config('synchronous_commit', 'off', true)"]
    if row and row[0]:
        settings.append("set_config('default_toast_compression', 'lz4', true)")
    return f"SELECT {', '.join(settings)}"


class CableWriter:
    """Writes batches of plans for one import run; keeps the post/tag/marking caches."""

    def __init__(self, import_run=None):
        self.import_run = import_run
        self.rows = ReferenceRows()
        self._settings_sql: str | None = None
        self._settings_known = False

    def stored_copies(self, pairs) -> set[tuple[str, str]]:
        """Which (reference id, checksum) pairs are stored already (see `stored_copies`)."""
        return stored_copies(pairs)

    def write(self, plans: list[CablePlan]) -> BatchResult:
        """Write a batch in one transaction; if the database refuses it, write one by one
        so that only the plans it refuses fail (each named in the result)."""
        result = BatchResult()
        fitted = []
        for plan in plans:
            reason = fit_plan(plan)
            if reason:
                result.failures.append(PlanFailure(plan.location, reason))
            else:
                fitted.append(plan)
        self._create_reference_rows(fitted)
        result.add(self._write_or_split(fitted))
        return result

    def _create_reference_rows(self, plans: list[CablePlan]) -> None:
        """Create the posts, tags and markings the plans name and lack, committed before
        the batch's own transaction.

        Created inside it, a new post or tag stayed uncommitted until the whole batch
        was, and another writer naming it (the lanes meet the same new posts all the
        time in real cables) waited on the unique index for that commit. A batch that
        then fails leaves the rows it named, which is harmless: they are reference rows
        that no cable uses, as a curator's new tag is.
        """
        try:
            with transaction.atomic():
                self.rows.ensure_for(plans)
        except DatabaseError:
            # The batch's transaction creates what is still missing, or reports why not.
            self.rows.clear()

    def _write_or_split(self, plans: list[CablePlan], attempts: int = 3) -> BatchResult:
        if not plans:
            return BatchResult()
        try:
            with transaction.atomic():
                self._set_up_batch()
                return self._write(plans)
        except DatabaseError as error:
            self.rows.clear()  # rows created in the rolled-back transaction are gone
            failed = error
        if len(plans) > 1:  # halves, so one refused plan costs a few transactions
            half = len(plans) // 2
            result = self._write_or_split(plans[:half])
            result.add(self._write_or_split(plans[half:]))
            return result
        if attempts > 1 and isinstance(failed, IntegrityError | OperationalError):
            # Another writer stored this cable meanwhile (its insert made ours wait,
            # then fail) or a deadlock was broken: looking again finds what it wrote.
            return self._write_or_split(plans, attempts - 1)
        reason = f"the database refused it: {str(failed).strip().splitlines()[0]}"
        return BatchResult(failures=[PlanFailure(plans[0].location, reason)])

    def _set_up_batch(self) -> None:
        if not self._settings_known:  # asked once per writer: a property of the server
            self._settings_sql = batch_settings_sql()
            self._settings_known = True
        if self._settings_sql:
            with connection.cursor() as cursor:
                cursor.execute(self._settings_sql)

    def _write(self, plans: list[CablePlan]) -> BatchResult:
        result = BatchResult()
        now = timezone.now()
        stored = stored_cables({plan.reference_id for plan in plans}, lock=True)
        groups = group_plans(plans, stored, now, result)
        self.rows.ensure_for(group.newest for group in groups if group.newest)
        fresh = [group for group in groups if group.stored is None]
        for group, cable_id in zip(fresh, allocate_ids(Cable, len(fresh)), strict=True):
            group.cable_id = cable_id
        version_ids = self._create_versions(groups, now)
        # Cables first: their current_version points ahead, checked at commit
        # (Django creates foreign keys deferrable on both databases).
        insert_models(
            Cable,
            [self._cable_row(group, version_ids[id(group.newest)], now) for group in fresh],
        )
        insert_models(CableVersion, self._version_rows)
        created = [(group.cable_id, group.newest) for group in fresh]
        insert_children(created, self.rows, CHILD_KINDS)
        for group in groups:
            if group.stored is not None:
                self._add_versions(group, version_ids)
        result.cable_ids = [group.cable_id or group.stored.id for group in groups]
        return result

    def _cable_row(self, group: _Group, version_id: int, now: datetime) -> dict:
        return {
            **cable_values(group.newest, self.rows),
            "id": group.cable_id,
            "reference_id": group.newest.reference_id,
            "current_version_id": version_id,
            "version_count": len(group.new),
            "created_at": now,
            "updated_at": now,
        }

    def _create_versions(self, groups: list[_Group], now: datetime) -> dict[int, int]:
        """Allocate the new versions' ids and keep their rows for `_write` to insert."""
        pairs = [(group, plan) for group in groups for plan in group.new]
        ids = allocate_ids(CableVersion, len(pairs))
        self._version_rows = [
            {
                "id": version_id,
                "cable_id": group.cable_id or group.stored.id,
                "import_run_id": self.import_run.pk if self.import_run else None,
                "imported_at": now,
                **version_values(plan.version),
            }
            for (group, plan), version_id in zip(pairs, ids, strict=True)
        ]
        return {id(plan): version_id for (_, plan), version_id in zip(pairs, ids, strict=True)}

    def _add_versions(self, group: _Group, version_ids: dict[int, int]) -> None:
        cable = group.stored
        count = cable.version_count + len(group.new)
        if group.newest is None:  # the stored current version is still the newest
            Cable.objects.filter(pk=cable.id).update(version_count=count)
            return
        refresh_cable(
            cable.id,
            group.newest,
            self.rows,
            cable.curated_fields,
            current_version_id=version_ids[id(group.newest)],
            version_count=count,
        )


class DryRunWriter:
    """Says what `CableWriter` would do, writing nothing.

    Remembers the (reference id, checksum) pairs it has seen, so a copy met twice in
    one dry run counts as unchanged the second time, as it would in a real run.
    """

    def __init__(self):
        self.seen: dict[str, set[str]] = {}

    def stored_copies(self, pairs) -> set[tuple[str, str]]:
        """Stored pairs, and pairs this dry run has already counted."""
        pairs = set(pairs)
        seen = {(ref, sha) for ref, sha in pairs if sha in self.seen.get(ref, ())}
        return stored_copies(pairs - seen) | seen

    def write(self, plans: list[CablePlan]) -> BatchResult:
        result = BatchResult()
        fitted = [plan for plan in plans if not self._refused(plan, result)]
        batch_ids = {plan.reference_id for plan in fitted}
        for reference_id, cable in stored_cables(batch_ids - self.seen.keys()).items():
            self.seen[reference_id] = set(cable.shas)
        known = {
            reference_id: StoredCable(0, [], 0, self.seen[reference_id], None)
            for reference_id in batch_ids
            if self.seen.get(reference_id)
        }
        for group in group_plans(fitted, known, timezone.now(), result):
            self.seen[group.new[0].reference_id] = group.shas
        return result

    def _refused(self, plan: CablePlan, result: BatchResult) -> bool:
        reason = fit_plan(plan)
        if reason:
            result.failures.append(PlanFailure(plan.location, reason))
        return bool(reason)
