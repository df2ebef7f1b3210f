"""The reference ids a browse result's cables cite most: one aggregate query.

Counted per citing cable (a cable naming a target twice counts once), over the result's
cables when there are at most `MAX_CABLES` of them: the ids travel as one parameter each,
and building and sending them costs more than the count itself, so a larger result is
asked to narrow instead (figures in the README).
Whether the archive holds each of the ten is a second, small look-up by the unique
`reference_id`: asked inside the aggregate, PostgreSQL hashed the whole cable table twice
and walked the REF index in target order.
"""

from dataclasses import dataclass

from django.db.models import Count

from cableroom.models import Cable, Reference

LIMIT = 10
MAX_CABLES = 1000


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
    rows = list(
        Reference.objects.filter(cable_id__in=cable_ids)
        .exclude(target_reference_id="")
        .values_list("target_reference_id")
        .annotate(citations=Count("cable_id", distinct=True))
        .order_by("-citations", "target_reference_id")[:limit]
    )
    if not rows:
        return []
    held = dict(
        Cable.objects.filter(reference_id__in=[reference_id for reference_id, _ in rows])
        .order_by()
        .values_list("reference_id", "withdrawn_at")
    )
    return [
        CitedInResult(
            reference_id,
            citations,
            held=reference_id in held,
            public=reference_id in held and held[reference_id] is None,
        )
        for reference_id, citations in rows
    ]
