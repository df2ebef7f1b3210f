"""A cable's neighbourhood in the citation graph, two steps each way, laid out for an SVG.

Columns left to right: cables citing the cables that cite it, cables citing it, the
cable, the cables it cites, the cables those cite. A node sits in the first column
that reaches it (nearest the centre). Cited ids with no cable are shown as missing,
withdrawn cables as withdrawn, neither as links; withdrawn cables' own REFs are not
followed. Each column holds at most `MAX_PER_COLUMN` nodes; the rest are counted as
left out. Five queries whatever the cable: two per step and one for the nodes' cables.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse

from cableroom.models import Cable, Reference

MAX_PER_COLUMN = 12
# The second step reads at most this many REF rows each way, so a much-cited cable
# costs a bounded query; what it cuts is counted among the nodes left out.
STEP_ROW_LIMIT = 2000
# Layout, in SVG user units.
COLUMN_WIDTH = 190
NODE_WIDTH = 150
NODE_HEIGHT = 38
ROW_HEIGHT = 50
MARGIN = 16
CENTRE, CITES, CITES_2, CITED_BY, CITED_BY_2 = 0, 1, 2, -1, -2
COLUMN_NAMES = {
    CITED_BY_2: "Cite the cables citing it",
    CITED_BY: "Cite it",
    CENTRE: "This cable",
    CITES: "It cites",
    CITES_2: "Cited by the cables it cites",
}


@dataclass
class GraphNode:
    reference_id: str
    column: int
    subject: str = ""
    date_time: datetime | None = None
    state: str = "held"  # held, missing (not in the archive), withdrawn
    x: int = 0
    y: int = 0
    # For a node two steps out: the ids one step out it is linked to.
    via: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        """The cable page; "" for a node that is not a readable cable."""
        if self.state != "held":
            return ""
        return reverse("cable-detail", args=[self.reference_id])

    @property
    def centre_y(self) -> int:
        return self.y + NODE_HEIGHT // 2

    @property
    def text_x(self) -> int:
        return self.x + 8

    @property
    def description(self) -> str:
        """What the node's link or label says to a screen reader and in its tooltip."""
        if self.state == "missing":
            return f"{self.reference_id}, not in the archive"
        if self.state == "withdrawn":
            return f"{self.reference_id}, withdrawn from the archive"
        day = f", {self.date_time:%Y-%m-%d}" if self.date_time else ""
        return f"{self.reference_id}{day}: {self.subject or '(no subject)'}"


@dataclass
class GraphEdge:
    """`source` cites `target`, with the line's end points."""

    source: GraphNode
    target: GraphNode

    @property
    def path(self) -> str:
        """SVG path data: straight between columns; within one column (two cited cables
        citing each other) a curve out to the right, so it does not cross the boxes."""
        source, target = self.source, self.target
        if source.x == target.x:
            right = source.x + NODE_WIDTH
            bend = right + COLUMN_WIDTH - NODE_WIDTH - 8
            return (
                f"M{right},{source.centre_y} C{bend},{source.centre_y} "
                f"{bend},{target.centre_y} {right},{target.centre_y}"
            )
        if source.x < target.x:
            start, end = source.x + NODE_WIDTH, target.x
        else:
            start, end = source.x, target.x + NODE_WIDTH
        return f"M{start},{source.centre_y} L{end},{target.centre_y}"


@dataclass
class ReferenceGraph:
    centre: GraphNode
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    left_out: int = 0
    width: int = 0
    height: int = 0
    columns: list[tuple[str, list[GraphNode]]] = field(default_factory=list)


def reference_graph(cable: Cable) -> ReferenceGraph:
    """The cable's citation neighbourhood, two steps out each way, laid out."""
    centre_id = cable.reference_id
    cites_1 = _unique(
        Reference.objects.filter(cable=cable)
        .exclude(target_reference_id="")
        .order_by("position")
        .values_list("target_reference_id", flat=True)
    )
    cited_by_1 = _unique(
        Reference.objects.filter(target_reference_id=centre_id, cable__withdrawn_at__isnull=True)
        .order_by("cable__date_time", "cable__reference_id")
        .values_list("cable__reference_id", flat=True)
    )
    pairs = {(centre_id, target) for target in cites_1}
    pairs |= {(source, centre_id) for source in cited_by_1}
    kept_cites, kept_cited_by = cites_1[:MAX_PER_COLUMN], cited_by_1[:MAX_PER_COLUMN]
    second = _second_step(kept_cites, kept_cited_by)
    pairs |= second
    placed = {centre_id: CENTRE}
    for reference_id in kept_cites:
        placed.setdefault(reference_id, CITES)
    for reference_id in kept_cited_by:
        placed.setdefault(reference_id, CITED_BY)
    left_out = (len(cites_1) - len(kept_cites)) + (len(cited_by_1) - len(kept_cited_by))
    left_out += _place_second_step(second, placed)
    nodes = _nodes(placed)
    by_id = {node.reference_id: node for node in nodes}
    edges = [
        GraphEdge(by_id[source], by_id[target])
        for source, target in sorted(pairs)
        if source in by_id and target in by_id and source != target
    ]
    _mark_via(edges)
    return _laid_out(ReferenceGraph(by_id[centre_id], nodes, edges, left_out))


def _second_step(cites: list[str], cited_by: list[str]) -> set[tuple[str, str]]:
    """(source, target) pairs one more step out: what the cited cables cite, and who cites
    the citing ones. Withdrawn cables' REFs are not followed."""
    pairs = set()
    if cites:
        rows = (
            Reference.objects.filter(
                cable__reference_id__in=cites, cable__withdrawn_at__isnull=True
            )
            .exclude(target_reference_id="")
            .order_by("cable__reference_id", "position")
            .values_list("cable__reference_id", "target_reference_id")[:STEP_ROW_LIMIT]
        )
        pairs |= set(rows)
    if cited_by:
        rows = (
            Reference.objects.filter(
                target_reference_id__in=cited_by, cable__withdrawn_at__isnull=True
            )
            .order_by("cable__date_time", "cable__reference_id")
            .values_list("cable__reference_id", "target_reference_id")[:STEP_ROW_LIMIT]
        )
        pairs |= set(rows)
    return pairs


def _place_second_step(second: set[tuple[str, str]], placed: dict[str, int]) -> int:
    """Put the nodes two steps out in their columns; how many did not fit."""
    further = {CITES_2: [], CITED_BY_2: []}
    for source, target in sorted(second):
        if target not in placed and placed.get(source) == CITES:
            further[CITES_2].append(target)
        elif source not in placed and placed.get(target) == CITED_BY:
            further[CITED_BY_2].append(source)
    left_out = 0
    for column, found in further.items():
        found = _unique(found)
        left_out += max(0, len(found) - MAX_PER_COLUMN)
        for reference_id in found[:MAX_PER_COLUMN]:
            placed.setdefault(reference_id, column)
    return left_out


def _mark_via(edges: list[GraphEdge]) -> None:
    for edge in edges:
        if edge.target.column == CITES_2 and edge.source.column == CITES:
            edge.target.via.append(edge.source.reference_id)
        if edge.source.column == CITED_BY_2 and edge.target.column == CITED_BY:
            edge.source.via.append(edge.target.reference_id)


def _nodes(placed: dict[str, int]) -> list[GraphNode]:
    found = {
        row["reference_id"]: row
        for row in Cable.objects.filter(reference_id__in=list(placed))
        .order_by()
        .values("reference_id", "subject", "date_time", "withdrawn_at")
    }
    nodes = []
    for reference_id, column in placed.items():
        row = found.get(reference_id)
        if row is None:
            nodes.append(GraphNode(reference_id, column, state="missing"))
            continue
        state = "withdrawn" if row["withdrawn_at"] else "held"
        nodes.append(
            GraphNode(reference_id, column, row["subject"], row["date_time"], state=state)
        )
    return nodes


def _laid_out(graph: ReferenceGraph) -> ReferenceGraph:
    """Columns side by side, each column's nodes stacked and centred on the tallest."""
    columns = {column: [] for column in COLUMN_NAMES}
    for node in graph.nodes:
        columns[node.column].append(node)
    tallest = max(len(nodes) for nodes in columns.values())
    for index, (_column, nodes) in enumerate(sorted(columns.items())):
        offset = (tallest - len(nodes)) * ROW_HEIGHT // 2
        for row, node in enumerate(nodes):
            node.x = MARGIN + index * COLUMN_WIDTH
            node.y = MARGIN + 24 + offset + row * ROW_HEIGHT
    graph.width = 2 * MARGIN + (len(columns) - 1) * COLUMN_WIDTH + NODE_WIDTH
    graph.height = 2 * MARGIN + 24 + tallest * ROW_HEIGHT
    graph.columns = [
        (COLUMN_NAMES[column], columns[column]) for column in sorted(columns) if column != CENTRE
    ]
    return graph


def column_headings() -> list[tuple[int, str]]:
    """(x of the column's centre, its name), for the SVG's column labels."""
    return [
        (MARGIN + index * COLUMN_WIDTH + NODE_WIDTH // 2, COLUMN_NAMES[column])
        for index, column in enumerate(sorted(COLUMN_NAMES))
    ]


def _unique(values) -> list[str]:
    return list(dict.fromkeys(values))
