"""Load synthetic cables straight into the database: `generate_cables --format db`.

The fast road to a large archive for measurements: the generator already knows every
field, so nothing is parsed. Each cable becomes the same CablePlan the importer builds
(raw text exactly as the dump reader would give it, checksum included) and goes
through the importer's own writer, so rows, caches, search structures and batches are
the import's; only the parsing is skipped. Every cable is marked `is_synthetic`.

Because the raw text and checksum equal the dump reader's, importing the same corpus's
cables.csv.gz afterwards finds every cable unchanged.
"""

import re

from cableroom.importing.plan.cable_plan import (
    AddresseePlan,
    CablePlan,
    metadata_to_json,
    normalised_fields,
    version_plan,
)
from cableroom.importing.statistics import refresh_planner_statistics
from cableroom.importing.write.writer import CableWriter
from cableroom.models import ImportRun
from cableroom.refdata import tags as known_tags
from cableroom.refdata.addressees import addressee_name
from cableroom.search.index_updates import ImportIndexing
from cableroom.sources.dump import join_header, split_header
from cableroom.sources.record import SourceMetadata, SourceRecord, checksum
from cableroom.synthetic.generator import map_chunks
from cableroom.synthetic.synthetic_cable import SyntheticCable

SOURCE_FORMAT = "synthetic"
PARSER_VERSION = "synthetic"
_REASON = re.compile(r"\(([a-h])\)")


def load_synthetic(count: int, seed: int, workers: int = 1, progress=None) -> int:
    """Generate `count` cables from `seed` into the database; return how many were new.

    Plans are built in `workers` processes, written in batches by this one. A cable
    already stored with the same text is left unchanged, as an import would.
    """
    run = ImportRun.objects.create(paths=[f"synthetic: {count} cables, seed {seed}"])
    writer = CableWriter(run)
    indexing = ImportIndexing()
    indexing.start()
    imported = done = 0
    for plans in map_chunks(count, seed, plans_for, workers):
        result = writer.write(plans)
        indexing.written(result.cable_ids)
        imported += result.imported
        done += len(plans)
        if progress:
            progress(done)
    indexing.finish()
    refresh_planner_statistics(written=imported)
    run.status = ImportRun.Status.FINISHED
    run.counts = {"read": done, "imported": imported, "unchanged": done - imported}
    run.save(update_fields=["status", "counts"])
    return imported


def plans_for(cables: list[SyntheticCable]) -> list[CablePlan]:
    """CablePlans for a chunk of cables (runs in the worker processes)."""
    return [cable_plan(cable) for cable in cables]


def source_record(cable: SyntheticCable) -> SourceRecord:
    """The record the dump reader would give for this cable's row."""
    header, note = split_header(cable.header)
    text = join_header(header, cable.content)
    metadata = SourceMetadata(
        reference_id=cable.reference_id,
        date_time=cable.date_time,
        origin=cable.origin,
        classification=cable.classification,
        references=tuple(reference.reference_id for reference in cable.references),
        dump_id=str(cable.row),
        header_note=note,
    )
    return SourceRecord(
        text=text,
        source_format=SOURCE_FORMAT,
        path=SOURCE_FORMAT,
        row=cable.row,
        line=None,
        source_id=cable.reference_id,
        metadata=metadata,
        encoding="utf-8",
        raw_sha256=checksum(text, "utf-8"),
    )


def cable_plan(cable: SyntheticCable) -> CablePlan:
    """The plan an import would make of this cable, from the generator's own fields."""
    record = source_record(cable)
    fields = {
        name: getattr(cable, name)
        for name in (
            "date_time_group", "precedence", "transmission_id", "sender_routing_indicator",
            "from_line", "eo_line", "declassify_on", "classified_by", "subject", "signer",
        )
    }  # fmt: skip
    fields.update(
        summary="",
        sections=cable.sections if cable.sections > 1 else None,
        classification_reasons=", ".join(
            f"1.4({letter})" for letter in _REASON.findall(cable.classified_by)
        ),
        body=cable.body,
        parser_version=PARSER_VERSION,
        date_time=cable.date_time,
        year=cable.date_time.year,
        month=cable.date_time.month,
        classification=cable.classification,
        warnings=[],
        warning_count=0,
        source_metadata=metadata_to_json(record.metadata),
        is_synthetic=True,
    )
    fields.update(normalised_fields(fields))
    plan = CablePlan(
        reference_id=cable.reference_id,
        fields=fields,
        origin=cable.origin,
        warnings=[],
        paragraphs=[(p.number, p.marking, p.text) for p in cable.paragraphs],
        addressees=_addressees(cable),
        tags=[(code, _tag_kind(code)) for code in cable.tags],
        caveats=list(cable.caveats),
        references=[
            (ref.reference_id, ref.label, ref.notal, ref.text) for ref in cable.references
        ],
    )
    plan.version = version_plan(record)
    plan.location = f"synthetic row {cable.row}"
    return plan


def _addressees(cable: SyntheticCable) -> list[AddresseePlan]:
    return [
        AddresseePlan(
            role,
            a.name,
            a.routing_indicator,
            a.precedence,
            a.serial,
            *addressee_name(a.name, a.routing_indicator or None),
        )  # fmt: skip
        for role, group in (("TO", cable.to), ("INFO", cable.info))
        for a in group
    ]


def _tag_kind(code: str) -> str:
    fact = known_tags().get(code)
    return fact.kind if fact else "other"
