"""Refresh one stored cable from a parse of its text: the import's write path, for one.

Curators re-parse a cable after the parser improves; the same rule holds as for an
import: fields listed in `Cable.curated_fields` keep the curator's value.
"""

from django.db import transaction

from cableroom.importing.plan.cable_plan import build_plan, metadata_from_json
from cableroom.importing.write.row_cache import ReferenceRows
from cableroom.importing.write.rows import fit_plan, refresh_cable
from cableroom.models import Cable
from cableroom.parsing import parse_cable
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
