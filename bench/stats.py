"""Summaries of timings: median, 95th percentile, maximum, and ratios between two sides."""

import math
from dataclasses import dataclass


def percentile(values: list[float], fraction: float) -> float:
    """The `fraction` quantile (0..1) with linear interpolation between closest ranks.

    The same definition as numpy's default and Python's statistics.quantiles
    "inclusive" method: with one value, every percentile is that value.
    """
    if not values:
        raise ValueError("no values")
    if not 0 <= fraction <= 1:
        raise ValueError("fraction must be between 0 and 1")
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    if low == high:
        return ordered[low]
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Summary:
    """Timings of one query on one side, in milliseconds."""

    n: int
    median_ms: float
    p95_ms: float
    max_ms: float

    @classmethod
    def of(cls, seconds: list[float]) -> "Summary":
        """From raw durations in seconds."""
        ms = [value * 1000 for value in seconds]
        return cls(len(ms), percentile(ms, 0.5), percentile(ms, 0.95), max(ms))

    def as_dict(self) -> dict:
        return {
            "n": self.n,
            "median_ms": round(self.median_ms, 1),
            "p95_ms": round(self.p95_ms, 1),
            "max_ms": round(self.max_ms, 1),
        }


def ratio(theirs: Summary | None, ours: Summary | None) -> float | None:
    """How many times slower Datasette's median is than ours (None when either is absent)."""
    if theirs is None or ours is None or ours.median_ms <= 0:
        return None
    return theirs.median_ms / ours.median_ms
