"""Evaluate validated browse constraints over the in-process index.

The result is a mask over index positions (the matching cables), the masks each facet
counts over, and the matching positions in the requested order. Facets are counted
disjunctively: a facet's own constraints are left out of the mask it counts over, so
with `origin=A` the origin facet still shows what `origin=A&origin=B` (OR) would add;
a facet with no constraint of its own is counted over the current result set exactly.
"""

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from cableroom.browse.index import NO_DAY, BrowseIndex, ManyValued, SingleValued
from cableroom.browse.params import FACET_PARAMETERS, Choice, Constraints
from cableroom.search import SearchMatches

_EPOCH = np.datetime64("1970-01-01", "D")


def dimension(index: BrowseIndex, parameter: str, addressee_role: str = ""):
    """The index column a facet parameter reads."""
    if parameter == "addressee" and addressee_role == "TO":
        return index.addressee_to
    return getattr(index, parameter)


@dataclass
class BrowseResult:
    """The cables matching a request, and the masks facets are counted over."""

    index: BrowseIndex
    constraints: Constraints
    masks: dict[str, np.ndarray] = field(default_factory=dict)
    ranks: np.ndarray | None = None
    _counts: dict = field(default_factory=dict, repr=False)

    @cached_property
    def mask(self) -> np.ndarray | None:
        """Matching positions as booleans; None means every public cable."""
        return _all_of(self.masks.values(), self.index.size)

    @cached_property
    def count(self) -> int:
        return self.index.size if self.mask is None else int(self.mask.sum())

    def mask_for_facet(self, parameter: str) -> np.ndarray | None:
        """The mask a facet counts over: every constraint except the facet's own."""
        if parameter not in self.masks:
            return self.mask
        others = (mask for name, mask in self.masks.items() if name != parameter)
        return _all_of(others, self.index.size)

    def facet_counts(self, parameter: str) -> np.ndarray:
        """Counts per value code of a facet's column (computed once per request)."""
        if parameter not in self._counts:
            column = dimension(self.index, parameter, self.constraints.addressee_role)
            mask = self.mask_for_facet(parameter)
            if mask is None:
                self._counts[parameter] = _totals(self.index, parameter, column)
            else:
                self._counts[parameter] = column.counts(mask)
        return self._counts[parameter]

    def counts_by(self, parameter: str) -> np.ndarray:
        """Counts of the result set itself by a single-valued column (the histogram)."""
        return dimension(self.index, parameter).counts(self.mask)

    @cached_property
    def ordered(self) -> np.ndarray:
        """Matching positions in the requested order."""
        sort, mask = self.constraints.sort, self.mask
        if sort == "relevance" and self.ranks is not None:
            candidates = np.flatnonzero(mask) if mask is not None else np.arange(self.index.size)
            return candidates[np.lexsort((candidates, -self.ranks[candidates]))]
        if sort == "date":
            ascending = self.index.ascending
            return ascending if mask is None else ascending[mask[ascending]]
        return np.arange(self.index.size) if mask is None else np.flatnonzero(mask)

    def set_ranks(self, ranks: dict[int, float]) -> None:
        """Relevance per cable id, for sorting by relevance (before `ordered` is read)."""
        ids = np.fromiter(ranks.keys(), dtype=np.int64, count=len(ranks))
        values = np.fromiter(ranks.values(), dtype=np.float64, count=len(ranks))
        positions, found = self.index.locate(ids)
        self.ranks = np.zeros(self.index.size, dtype=np.float64)
        self.ranks[positions] = values[found]

    def page_ids(self, page: int, per_page: int) -> list[int]:
        """Cable ids of one page, in order: slicing an array, no OFFSET scan."""
        positions = self.ordered[(page - 1) * per_page : page * per_page]
        return self.index.ids[positions].tolist()

    def ids_in_chunks(self, size: int):
        """Every matching cable id in order, a chunk at a time (exports)."""
        for start in range(0, len(self.ordered), size):
            yield self.index.ids[self.ordered[start : start + size]].tolist()


def evaluate(
    index: BrowseIndex, constraints: Constraints, matches: SearchMatches | None
) -> BrowseResult:
    """Masks for every constraint; text matches come from the database as cable ids."""
    result = BrowseResult(index, constraints)
    for parameter in FACET_PARAMETERS:
        choice = constraints.choice(parameter)
        if choice and parameter == "tag":
            # Callers that skip the browse page's redirect (prev/next) may name merged tags.
            current = index.current_tag
            choice = Choice(
                tuple(map(current, choice.include)), tuple(map(current, choice.exclude))
            )
        if choice:
            column = dimension(index, parameter, constraints.addressee_role)
            result.masks[parameter] = _choice_mask(column, choice, index.size)
    date_mask = _date_mask(index, constraints)
    if date_mask is not None:
        result.masks["date"] = date_mask
    if matches is not None and constraints.query.has_text:
        result.masks["q"], result.ranks = _text_mask(index, matches)
    return result


def _choice_mask(column: SingleValued | ManyValued, choice: Choice, size: int) -> np.ndarray:
    codes = _codes(column)
    include = [codes[value] for value in choice.include if value in codes]
    exclude = [codes[value] for value in choice.exclude if value in codes]
    mask = _column_mask(column, include, size) if choice.include else np.ones(size, dtype=bool)
    if exclude:
        mask &= ~_column_mask(column, exclude, size)
    return mask


def _column_mask(column, codes: list[int], size: int) -> np.ndarray:
    if isinstance(column, ManyValued):
        return column.mask_for(codes, size)
    return column.mask_for(codes)


def _codes(column) -> dict[str, int]:
    # Value -> code, kept on the column: built once per index.
    codes = getattr(column, "_codes", None)
    if codes is None:
        codes = {value: code for code, value in enumerate(column.values)}
        column._codes = codes
    return codes


def code_of(column, value: str) -> int | None:
    """A value's code in a column, or None when no cable has ever had it."""
    return _codes(column).get(value)


def _totals(index: BrowseIndex, parameter: str, column) -> np.ndarray:
    # Unconstrained counts are the same for every request until the index changes.
    cache = index.__dict__.setdefault("_totals", {})
    key = (parameter, id(column))
    if key not in cache:
        cache[key] = column.counts(None)
    return cache[key]


def _date_mask(index: BrowseIndex, constraints: Constraints) -> np.ndarray | None:
    start, end = constraints.date_from, constraints.date_to
    if start is None and end is None:
        return None
    mask = index.days != NO_DAY
    if start is not None:
        mask &= index.days >= _day_number(start)
    if end is not None:
        mask &= index.days <= _day_number(end)
    return mask


def _day_number(day) -> int:
    return int((np.datetime64(day, "D") - _EPOCH).astype(int))


def _text_mask(index: BrowseIndex, matches: SearchMatches):
    ids = np.asarray(matches.ids, dtype=np.int64)
    positions, found = index.locate(ids)
    mask = np.zeros(index.size, dtype=bool)
    mask[positions] = True
    ranks = None
    if matches.ranks is not None:
        ranks = np.zeros(index.size, dtype=np.float64)
        ranks[positions] = np.asarray(matches.ranks, dtype=np.float64)[found]
    return mask, ranks


def _all_of(masks, size: int) -> np.ndarray | None:
    combined = None
    for mask in masks:
        combined = mask.copy() if combined is None else combined & mask
    return combined
