"""A date histogram of the current results, drawn as SVG on the server.

Bars are links (to that year, or that month once one year is chosen), each with a
<title> for screen readers and hover; the page needs no JavaScript to draw or use it.
"""

from dataclasses import dataclass

WIDTH, HEIGHT = 720, 120
LABEL_HEIGHT = 16
GAP = 1


@dataclass(frozen=True)
class Bar:
    """One bar: where it is drawn, what it counts and where it leads."""

    x: float
    y: float
    width: float
    height: float
    label: str
    count: int
    url: str
    show_label: bool


@dataclass(frozen=True)
class Histogram:
    """Bars plus the drawing's size; `title` names what the bars count."""

    bars: list[Bar]
    title: str
    width: int = WIDTH
    height: int = HEIGHT + LABEL_HEIGHT
    chart_height: int = HEIGHT

    @property
    def label_y(self) -> int:
        return self.chart_height + LABEL_HEIGHT - 3


def histogram(points: list[tuple[str, str, int, str]], title: str) -> Histogram:
    """Bars for (value, label, count, url) points in the order given; empty counts stay."""
    if not points:
        return Histogram([], title)
    peak = max(count for _, _, count, _ in points) or 1
    slot = WIDTH / len(points)
    every = max(1, round(len(points) / 12))
    bars = []
    for i, (_value, label, count, url) in enumerate(points):
        height = 0 if count == 0 else max(1.0, HEIGHT * count / peak)
        bars.append(
            Bar(
                x=round(i * slot + GAP, 2),
                y=round(HEIGHT - height, 2),
                width=round(max(slot - 2 * GAP, 1), 2),
                height=round(height, 2),
                label=label,
                count=count,
                url=url,
                show_label=i % every == 0,
            )
        )
    return Histogram(bars, title)


def year_span(years_with_counts: dict[int, int]) -> list[tuple[int, int]]:
    """Every year from the first to the last that has cables, gaps filled with zero."""
    if not years_with_counts:
        return []
    first, last = min(years_with_counts), max(years_with_counts)
    return [(year, years_with_counts.get(year, 0)) for year in range(first, last + 1)]
