"""Date histograms of the current results, drawn as SVG on the server, that drill down.

The dates a request names (one year, one month, `from` and `to`, intersected) choose
the bars: years over an open or long span, months over up to three years, days over up
to two months; a single day has no bars, its cables are the list. Each bar links one
step down (a year to its months, a month to its days, a day to its cables), and a whole
year, month or day, or a from/to range, gets links to the period before and after.
A second histogram counts first publication days (the `released` facet). Bars are
links with a <title>; the page needs no JavaScript to draw or use them.
"""

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR, date, timedelta

import numpy as np

from cableroom.browse.facets import MONTH_NAMES
from cableroom.browse.index import NO_DAY
from cableroom.browse.state import SearchState

WIDTH, HEIGHT = 720, 120
LABEL_HEIGHT = 16
MAX_LABELS = 12
# The labels' 11 px font (browse.css) in the chart's own units: about 6.5 a character.
LABEL_CHAR_WIDTH = 6.5
GAP = 1
DAY_BARS_UP_TO = 62  # days in the window: up to two months are drawn day by day
MONTH_BARS_UP_TO = 3 * 366  # up to three years month by month, longer year by year
# Release days are drawn every day from the first to the last, zeros included, up to
# this span; beyond it only the days that saw releases.
RELEASE_SPAN_FILLED = 400
EPOCH = date(1970, 1, 1)
DATE_PARAMETERS = ("year", "month", "from", "to")


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
class PeriodLink:
    """A link to the period before (`rel` "prev") or after ("next") the one shown."""

    rel: str
    label: str
    url: str


@dataclass(frozen=True)
class Histogram:
    """Bars plus the drawing's size; `title` names what the bars count."""

    bars: list[Bar]
    title: str
    width: int = WIDTH
    height: int = HEIGHT + LABEL_HEIGHT
    chart_height: int = HEIGHT
    periods: list[PeriodLink] = field(default_factory=list)  # previous, next
    day: date | None = None  # the one day the results are limited to

    @property
    def label_y(self) -> int:
        return self.chart_height + LABEL_HEIGHT - 3


@dataclass(frozen=True)
class Window:
    """The days a request's date parameters leave open; None where unbounded."""

    start: date | None
    end: date | None

    @property
    def closed(self) -> bool:
        return self.start is not None and self.end is not None and self.start <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def histogram(points: list[tuple[str, str, int, str]], title: str, **extra) -> Histogram:
    """Bars for (value, label, count, url) points in the order given; empty counts stay."""
    if not points:
        return Histogram([], title, **extra)
    peak = max(count for _, _, count, _ in points) or 1
    slot = WIDTH / len(points)
    every = label_step(len(points), max(len(label) for _, label, _, _ in points))
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
    return Histogram(bars, title, **extra)


def label_step(bars: int, longest_label: int) -> int:
    """Label every n-th bar: at most twelve labels, fewer when labels are long, so that
    day labels ("28 Nov 2010") never run into each other."""
    fits = max(1, int(WIDTH // (longest_label * LABEL_CHAR_WIDTH + 12)))
    every = max(1, round(bars / min(MAX_LABELS, fits)))
    while -(-bars // every) > fits:
        every += 1
    return every


def year_span(years_with_counts: dict[int, int]) -> list[tuple[int, int]]:
    """Every year from the first to the last that has cables, gaps filled with zero."""
    if not years_with_counts:
        return []
    first, last = min(years_with_counts), max(years_with_counts)
    return [(year, years_with_counts.get(year, 0)) for year in range(first, last + 1)]


def request_window(constraints) -> Window:
    """The intersection of the request's one year, one month, `from` and `to`."""
    starts, ends = [], []
    years = constraints.choice("year").include
    if len(years) == 1 and MINYEAR <= int(years[0]) <= MAXYEAR:
        starts.append(date(int(years[0]), 1, 1))
        ends.append(date(int(years[0]), 12, 31))
    months = constraints.choice("month").include
    if len(months) == 1 and MINYEAR <= int(months[0][:4]) <= MAXYEAR:
        first = date.fromisoformat(f"{months[0]}-01")
        starts.append(first)
        ends.append(month_end(first))
    if constraints.date_from:
        starts.append(constraints.date_from)
    if constraints.date_to:
        ends.append(constraints.date_to)
    return Window(max(starts, default=None), min(ends, default=None))


def date_histogram(search: SearchState, constraints, result) -> Histogram:
    """The creation-date histogram for a request: bars one step finer than its window."""
    window = request_window(constraints)
    periods = period_links(search, window)
    if not window.closed:
        return _year_bars(search, result, window, periods)
    if window.days == 1:
        return Histogram([], f"Cables of {window.start.day} {window.start:%B %Y}", periods=periods,
                         day=window.start)  # fmt: skip
    if window.days <= DAY_BARS_UP_TO:
        return _day_bars(search, result, window, periods)
    if window.days <= MONTH_BARS_UP_TO:
        return _month_bars(search, result, window, periods)
    return _year_bars(search, result, window, periods)


def _year_bars(search: SearchState, result, window: Window, periods) -> Histogram:
    counts = result.counts_by("year")
    by_year = {int(v): int(c) for v, c in zip(result.index.year.values, counts, strict=True) if c}
    first = window.start.year if window.start else None
    last = window.end.year if window.end else None
    points = [
        (str(year), str(year), count, _drill(search, [("year", str(year))]))
        for year, count in year_span(by_year)
        if (first is None or year >= first) and (last is None or year <= last)
    ]
    return histogram(points, "Cables per year", periods=periods)


def _month_bars(search: SearchState, result, window: Window, periods) -> Histogram:
    counts = result.counts_by("month")
    by_month = dict(zip(result.index.month.values, counts.tolist(), strict=True))
    points = []
    month = window.start.replace(day=1)
    while month is not None and month <= window.end:
        value = f"{month:%Y-%m}"
        label = f"{MONTH_NAMES[month.month - 1][:3]} {month.year}"
        points.append((value, label, int(by_month.get(value, 0)), _month_url(search, month)))
        month = _shifted(month_end(month), 1)
    if window.start.year == window.end.year:
        title = f"Cables per month in {window.start.year}"
    else:
        title = f"Cables per month, {points[0][1]} to {points[-1][1]}"
    return histogram(points, title, periods=periods)


def _day_bars(search: SearchState, result, window: Window, periods) -> Histogram:
    counts = day_counts(result.index.days, result.mask, window.start, window.end)
    points = []
    for offset, count in enumerate(counts.tolist()):
        day = window.start + timedelta(days=offset)
        points.append((day.isoformat(), f"{day.day} {day:%b}", count, _day_url(search, day)))
    if (window.start.day, window.end) == (1, month_end(window.start)):
        title = f"Cables per day in {MONTH_NAMES[window.start.month - 1]} {window.start.year}"
    else:
        title = f"Cables per day, {_short(window.start)} to {_short(window.end)}"
    return histogram(points, title, periods=periods)


def released_histogram(search: SearchState, result) -> Histogram:
    """Cables per day of first publication; a bar leads to that day's releases."""
    days = result.index.released_days
    days = days if result.mask is None else days[result.mask]
    days = days[days != NO_DAY]
    if len(days) == 0:
        return Histogram([], "Cables first published per day")
    first, last = int(days.min()), int(days.max())
    if last - first < RELEASE_SPAN_FILLED:
        counts = np.bincount(days - first, minlength=last - first + 1)
        numbers = range(first, last + 1)
    else:
        numbers, counts = np.unique(days, return_counts=True)
    points = []
    for number, count in zip(numbers, counts.tolist(), strict=True):
        day = EPOCH + timedelta(days=int(number))
        url = search.replace("released", day.isoformat()).url()
        points.append((day.isoformat(), _short(day), count, url))
    return histogram(points, "Cables first published per day")


def day_counts(days: np.ndarray, mask, start: date, end: date) -> np.ndarray:
    """Cables per day from `start` to `end` among the positions `mask` keeps."""
    days = days if mask is None else days[mask]
    low, high = day_number(start), day_number(end)
    inside = days[(days >= low) & (days <= high)]
    return np.bincount(inside - low, minlength=high - low + 1)


def period_links(search: SearchState, window: Window) -> list[PeriodLink]:
    """Links to the period before and after a whole year, month, day or from/to range
    (none past the calendar's ends, years 1 and 9999), and one step up."""
    if not window.closed:
        return []
    start, end = window.start, window.end
    links = [_up_link(search, start, end)]
    for rel, step in (("prev", -1), ("next", 1)):
        try:
            links.append(_period_link(search, rel, step, start, end))
        except OverflowError:
            pass
    return links


def _up_link(search: SearchState, start: date, end: date) -> PeriodLink:
    """One step up: a day to its month, a month to its year, a year or range to all."""
    if start == end:
        return PeriodLink("up", f"All of {MONTH_NAMES[start.month - 1]} {start.year}",
                          _month_url(search, start))  # fmt: skip
    if start.day == 1 and end == month_end(start):
        return PeriodLink(
            "up", f"All of {start.year}", _drill(search, [("year", str(start.year))])
        )
    return PeriodLink("up", "All dates", _drill(search, []))


def _period_link(search: SearchState, rel: str, step: int, start: date, end: date) -> PeriodLink:
    if start == end:
        day = start + timedelta(days=step)
        return PeriodLink(rel, f"{day.day} {day:%B %Y}", _day_url(search, day))
    if start.day == 1 and end == month_end(start):
        month = (start - timedelta(days=1) if step < 0 else end + timedelta(days=1)).replace(day=1)
        label = f"{MONTH_NAMES[month.month - 1]} {month.year}"
        return PeriodLink(rel, label, _month_url(search, month))
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        year = start.year + step
        if not MINYEAR <= year <= MAXYEAR:
            raise OverflowError(year)
        return PeriodLink(rel, str(year), _drill(search, [("year", str(year))]))
    span = timedelta(days=(end - start).days + 1) * step
    first, last = start + span, end + span
    url = _drill(search, [("from", first.isoformat()), ("to", last.isoformat())])
    return PeriodLink(rel, f"{_short(first)} to {_short(last)}", url)


def _shifted(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _month_url(search: SearchState, month: date) -> str:
    return _drill(search, [("month", f"{month:%Y-%m}")])


def _day_url(search: SearchState, day: date) -> str:
    return _drill(search, [("from", day.isoformat()), ("to", day.isoformat())])


def _drill(search: SearchState, args: list[tuple[str, str]]) -> str:
    """The current URL with its date parameters replaced by `args` (other filters kept)."""
    for name in DATE_PARAMETERS:
        search = search.remove(name)
    for name, value in args:
        search = search.add(name, value)
    return search.url()


def _short(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def month_end(day: date) -> date:
    return day.replace(day=monthrange(day.year, day.month)[1])


def day_number(day: date) -> int:
    return (day - EPOCH).days
