"""Refresh one stored cable from a parse of its text: the import's write path, for one.

Curators re-parse a cable after the parser improves; the same rule holds as for an
import: fields listed in `Cable.curated_fields` keep the curator's value.
"""

from dataclasses import dataclass, field

from django.db import transaction

from cableroom.importing.plan.cable_plan import build_plan, metadata_from_json
from cableroom.importing.write.row_cache import ReferenceRows
from cableroom.importing.write.rows import fit_plan, refresh_cable
from cableroom.models import Cable
from cableroom.parsing import PARSER_VERSION, parse_cable
from cableroom.sources import SourceMetadata


def apply_parsed(cable: Cable, parsed, source_metadata: SourceMetadata | dict) -> Cable:
    """Rewrite `cable`'s parsed fields and rows from `parsed` and its source's claim.

    `source_metadata` is what the copy's source claims (a SourceMetadata, or the JSON
    stored on a CableVersion); its facet values win over the parsed ones, exactly as on
    import. The reference id never changes: it is the cable's identity. Fields in
    `cable.curated_fields` (and their children: tags, caveats, paragraphs, addressees,
    references) are left as they are. Returns the cable, reloaded.
    """
    if isinstance(source_metadata, dict):
        source_metadata = metadata_from_json(source_metadata)
    plan = build_plan(parsed, source_metadata, known_reference_id=cable.reference_id)
    if isinstance(plan, str):
        raise ValueError(plan)
    plan.reference_id = cable.reference_id
    reason = fit_plan(plan)
    if reason:
        raise ValueError(reason)
    rows = ReferenceRows()
    with transaction.atomic():
        rows.ensure_for([plan])
        refresh_cable(cable.pk, plan, rows, cable.curated_fields)
    cable.refresh_from_db()
    return cable


def reparse_cable(*, cable: Cable) -> Cable:
    """Parse the cable's current version again and apply it (see `apply_parsed`)."""
    version = cable.current_version
    if version is None:
        raise ValueError(f"{cable.reference_id} has no stored copy to parse")
    return apply_parsed(cable, parse_cable(version.raw_text), version.source_metadata)


@dataclass
class StoredReparse:
    """What re-parsing the stored cables did."""

    reparsed: int = 0
    failed: list[str] = field(default_factory=list)


def reparse_stored_cables(*, everything: bool = False) -> StoredReparse:
    """Re-parse every cable an older parser read (`parser_version`), or all of them.

    For operators after an upgrade: the same write path as a curator's re-parse, so
    curated fields stay; not recorded in the curators' history (`parser_version` says
    which parser read each cable). A cable that fails is named and skipped, and a
    second run takes up the ones left.
    """
    result = StoredReparse()
    cables = (
        Cable.objects.all() if everything else Cable.objects.exclude(parser_version=PARSER_VERSION)
    )
    for pk in list(cables.order_by("pk").values_list("pk", flat=True)):
        cable = Cable.objects.get(pk=pk)
        try:
            reparse_cable(cable=cable)
            result.reparsed += 1
        except Exception as error:  # noqa: BLE001 - one bad cable must not stop the rest
            result.failed.append(f"{cable.reference_id}: {type(error).__name__}: {error}")
    return result
