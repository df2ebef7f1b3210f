"""figures.json as ready-to-draw tables: one weighted choice per measured distribution."""

import json
from bisect import bisect
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from random import Random

FIGURES_PATH = Path(__file__).resolve().parent / "figures.json"
ERAS = ("1966-1999", "2000-2005", "2006-2010")


def era(year: int) -> str:
    """The three styles cables come in: FM/TO telegrams, partial extracts, AUTODIN copies."""
    if year < 2000:
        return "1966-1999"
    return "2000-2005" if year < 2006 else "2006-2010"


@dataclass(frozen=True, slots=True)
class Choice:
    """A weighted choice among values, drawn with one random number."""

    values: tuple
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, weights: dict, convert=str) -> "Choice":
        """From {value: weight}; keys are converted (figures.json keys are strings)."""
        items = [(convert(key), float(weight)) for key, weight in weights.items() if weight > 0]
        if not items:
            raise ValueError("a choice needs at least one positive weight")
        total, cumulative = 0.0, []
        for _, weight in items:
            total += weight
            cumulative.append(total)
        return cls(tuple(value for value, _ in items), tuple(cumulative))

    def draw(self, rng: Random):
        """One value, with probability proportional to its weight."""
        return self.values[bisect(self.cumulative, rng.random() * self.cumulative[-1])]

    def probability(self, value) -> float:
        """The probability of drawing `value` (0 when it is not a value)."""
        total = self.cumulative[-1]
        for index, candidate in enumerate(self.values):
            if candidate == value:
                low = self.cumulative[index - 1] if index else 0.0
                return (self.cumulative[index] - low) / total
        return 0.0

    def distribution(self) -> dict:
        """{value: probability} for every value."""
        return {value: self.probability(value) for value in self.values}


def rate(counts: dict, key: str = "True") -> float:
    """Share of `key` among the counts ({"True": 3, "False": 1} -> 0.75)."""
    total = sum(counts.values())
    return counts.get(key, 0) / total if total else 0.0


@cache
def load_figures(path: Path = FIGURES_PATH) -> dict:
    """The raw figures table (cached per process)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))
