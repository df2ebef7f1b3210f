"""What readers see of curators' corrections: which fields were corrected, and the
parser's wording of each before the first correction.

A field a curator corrected is named in `Cable.curated_fields`; its parsed wording is
the `before` of the change that took it from the parser, read from the cable's history
in one query (none when nothing was corrected). Readers see the corrected value with a
marker and the parsed one beside it, and citations say the cable was corrected.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cableroom.curation.fields import EDITABLE_FIELDS
from cableroom.models import Cable, Change, ChangeAction
from cableroom.reading.date_display import reader_date_time

# Curated name ("paragraphs") -> the field that writes it ("paragraph_markings").
BY_CURATED_NAME = {handler.curated_as: handler for handler in EDITABLE_FIELDS.values()}
# Changes that take a field from the parser: a curator's edit, or a tag split.
TAKEOVERS = (ChangeAction.EDIT, ChangeAction.SPLIT)


@dataclass(frozen=True)
class Correction:
    """One field a curator corrected, with what the parser had read there."""

    field: str  # the curated name: "subject", "date_time", "tags", "paragraphs"
    label: str  # what readers call it: "subject", "date", "paragraph markings"
    parsed: str | None  # the parser's value as a reader reads it; None if not recorded
    corrected_at: datetime | None = None  # the latest correction of the field


def corrections(cable: Cable) -> dict[str, Correction]:
    """The cable's corrected fields by curated name, in the order of `EDITABLE_FIELDS`."""
    curated = [name for name in BY_CURATED_NAME if name in set(cable.curated_fields or ())]
    if not curated:
        return {}
    fields = [BY_CURATED_NAME[name].name for name in curated]
    history = Change.objects.filter(cable=cable, field__in=fields).order_by("at", "id")
    originals = parsed_originals(history.only("field", "before", "after", "action", "at"))
    found = {}
    for name in curated:
        handler = BY_CURATED_NAME[name]
        original, at = originals.get(handler.name, (_NOT_RECORDED, None))
        parsed = None if original is _NOT_RECORDED else shown(handler.name, original)
        found[name] = Correction(name, handler.label, parsed, at)
    return found


_NOT_RECORDED = object()


def parsed_originals(history) -> dict[str, tuple[Any, datetime | None]]:
    """Field -> (the parser's value before curators took it over, the last change's time).

    Read oldest first: a curator's edit or a tag split opens a run of corrections,
    remembering the value before it; a re-parse (which only touches fields the parser
    owns) or a revert back to the remembered value closes it. A tag merge leaves tags
    to the parser, which follows the merge, so it opens no run.
    """
    runs: dict[str, tuple[Any, datetime | None]] = {}
    for change in history:
        run = runs.get(change.field)
        if change.action in TAKEOVERS:
            runs[change.field] = (run[0] if run else change.before, change.at)
        elif run is None:
            continue
        elif change.action == ChangeAction.REPARSE or change.after == run[0]:
            del runs[change.field]
        else:
            runs[change.field] = (run[0], change.at)
    return runs


def shown(field: str, value: Any) -> str:
    """A field's JSON value (as history stores it) in the words the page uses."""
    if field == "date_time":
        return reader_date_time(value) or "not given"
    if field == "addressees":
        return "; ".join(f"{item.get('role', '')} {item.get('name', '')}" for item in value or ())
    if field == "paragraph_markings":
        markings = (value or {}).items()
        return ", ".join(
            f"¶{int(position) + 1} {marking or '—'}" for position, marking in markings
        )
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "none"
    return str(value) if value else "not given"


def corrected_labels(found: dict[str, Correction]) -> tuple[str, ...]:
    """The labels of the corrected fields, for a citation: ("subject", "tags")."""
    return tuple(correction.label for correction in found.values())
