"""The reference ids a browse result's cables cite most: one aggregate query.

Counted per citing cable (a cable naming a target twice counts once), over the result's
cables when there are at most `MAX_CABLES` of them; a larger result would send that many
ids to the database on every page, so the panel asks the reader to narrow it instead.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef

from cableroom.models import Cable, Reference

LIMIT = 10
MAX_CABLES = 2000


@dataclass(frozen=True)
class CitedInResult:
    reference_id: str
    citations: int  # cables of the result citing it
    held: bool  # the archive holds it
    public: bool  # ... and a reader may open it (not withdrawn)


@dataclass(frozen=True)
class MostCited:
    cited: list[CitedInResult]
    too_many: bool = False  # the result was too large to count over
    max_cables: int = MAX_CABLES


def most_cited(state, limit: int = LIMIT) -> MostCited:
    """The top cited ids among the cables of a browse result (`cableroom.browse.engine.Browse`)."""
    result = state.result
    if result is None or result.count == 0:
        return MostCited([], max_cables=MAX_CABLES)
    if result.count > MAX_CABLES:
        return MostCited([], too_many=True, max_cables=MAX_CABLES)
    ids = result.index.ids if result.mask is None else result.index.ids[result.mask]
    return MostCited(cited_by_cables(ids.tolist(), limit), max_cables=MAX_CABLES)


def cited_by_cables(cable_ids: list[int], limit: int = LIMIT) -> list[CitedInResult]:
    """Reference ids these cables cite, most cited first, with whether the archive has them."""
    same_id = Cable.objects.filter(reference_id=OuterRef("target_reference_id"))
    rows = (
        Reference.objects.filter(cable_id__in=cable_ids)
        .exclude(target_reference_id="")
        .values("target_reference_id")
        .annotate(
            citations=Count("cable_id", distinct=True),
            held=Exists(same_id),
            public=Exists(same_id.filter(withdrawn_at__isnull=True)),
        )
        .order_by("-citations", "target_reference_id")[:limit]
    )
    return [
        CitedInResult(row["target_reference_id"], row["citations"], row["held"], row["public"])
        for row in rows
    ]
