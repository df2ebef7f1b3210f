"""The results table, the machine it ran on, and the JSON written under bench/results/."""

import json
import os
import platform
import time
from dataclasses import dataclass
from pathlib import Path

from bench.stats import Summary, ratio

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass
class Side:
    """One side's outcome for one query: timings, or why there are none."""

    status: str = "ok"  # ok | missing (404) | error NNN | timeout | n/a (no equivalent)
    summary: Summary | None = None
    note: str = ""

    def cell(self) -> str:
        """`median / p95` in ms, or the status."""
        if self.summary is None:
            return self.status
        cell = f"{self.summary.median_ms:,.0f} / {self.summary.p95_ms:,.0f}"
        return cell + (f" ({self.note})" if self.note else "")

    def as_dict(self) -> dict:
        data = {"status": self.status}
        if self.summary:
            data.update(self.summary.as_dict())
        if self.note:
            data["note"] = self.note
        return data


@dataclass
class Row:
    """One query's line of the table."""

    name: str
    ours: Side
    theirs: Side
    counts: dict | None = None  # cables found by each side, for browse queries

    @property
    def ratio(self) -> float | None:
        return ratio(self.theirs.summary, self.ours.summary)

    def as_dict(self) -> dict:
        value = self.ratio
        return {
            "query": self.name,
            "ours": self.ours.as_dict(),
            "datasette": self.theirs.as_dict(),
            "ratio": round(value, 2) if value is not None else None,
            "results": self.counts,
        }


def format_ratio(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.1f}x" if value < 100 else f"{value:,.0f}x"


def format_table(rows: list[Row], title: str = "") -> str:
    """A plain-text table: query, ours (median / p95 ms), Datasette, ratio."""
    header = ("query", "ours median / p95 ms", "Datasette median / p95 ms", "ratio", "found")
    lines = [
        (row.name, row.ours.cell(), row.theirs.cell(), format_ratio(row.ratio), _found(row))
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]

    def fmt(cells) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest])

    out = [title] if title else []
    out += [fmt(header), "  ".join("-" * width for width in widths)]
    out += [fmt(line) for line in lines]
    return "\n".join(out)


def _found(row: Row) -> str:
    """`1,234` when both sides find the same number of cables, `1,234 vs 1,200` otherwise."""
    if not row.counts:
        return ""
    ours, theirs = row.counts.get("ours"), row.counts.get("datasette")
    shown = f"{ours:,}" if isinstance(ours, int) else "?"
    if "datasette" in row.counts and theirs != ours:
        shown += f" vs {theirs:,}" if isinstance(theirs, int) else " vs ?"
    return shown


def format_growth(scales: list[dict]) -> str:
    """Our median per query at each scale, and the factor from the smallest to the largest.

    Queries are matched by position (every scale runs the same set in the same order;
    the deep page's name carries its number, which a small corpus lowers).
    """
    if len(scales) < 2:
        return ""
    counts = [scale["count"] for scale in scales]
    header = ["query (ours, median ms)", *[f"{count:,}" for count in counts], "growth"]
    lines = []
    for index, query in enumerate(scales[-1]["queries"]):
        medians = [_median(scale, index) for scale in scales]
        growth = format_ratio(medians[-1] / medians[0]) if medians[0] and medians[-1] else "-"
        lines.append([query["query"], *[f"{m:,.0f}" if m else "-" for m in medians], growth])
    widths = [max(len(str(line[i])) for line in [header, *lines]) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            str(cell).ljust(width) if i == 0 else str(cell).rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in [header, *lines]
    )


def _median(scale: dict, index: int) -> float | None:
    queries = scale["queries"]
    return queries[index]["ours"].get("median_ms") if index < len(queries) else None


def machine_description(pg_version: str = "") -> dict:
    """What the figures depend on: cores, memory, CPU model, PostgreSQL, load."""
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(_meminfo_kb("MemTotal") / 1024 / 1024, 1),
        "cpu_model": _cpu_model(),
        "postgresql": pg_version,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }


def _meminfo_kb(key: str) -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def write_results(data: dict, directory: Path = RESULTS_DIR) -> Path:
    """Write the run as JSON, named by its start time, so runs can be compared."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(data.get("started_at", time.time())))
    path = directory / f"bench-{stamp}.json"
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return path
