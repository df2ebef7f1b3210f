"""Evaluate validated browse constraints over the in-process index.

The result is a mask over index positions (the matching cables), one mask per
constraint, and the matching positions in the requested order.

A facet value's count is the number of cables the results would hold after a click on
it, and a chosen value's count is the number they hold now. So a value of a narrowing
facet (tags, addressees, caveats) counts the results holding it; a value of a facet of
alternatives (origin, classification, year, month) that has a choice already counts
the results plus the cables the value would add (0, and not offered, when it would add
none); an excluded value counts the results once it is no longer excluded.
"""

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from cableroom.browse.index import NO_DAY, BrowseIndex, ManyValued, Selection, SingleValued
from cableroom.browse.params import (
    FACET_PARAMETERS,
    NARROWING_PARAMETERS,
    Choice,
    Constraints,
)
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
    # Each facet's choice as evaluated (merged tags followed to the surviving one).
    choices: dict[str, Choice] = field(default_factory=dict)
    ranks: np.ndarray | None = None
    _counts: dict = field(default_factory=dict, repr=False)

    @cached_property
    def mask(self) -> np.ndarray | None:
        """Matching positions as booleans; None means every public cable."""
        return _all_of(self.masks.values(), self.index.size)

    @cached_property
    def selection(self) -> Selection | None:
        """The mask as facet counts read it (None: every public cable)."""
        return None if self.mask is None else Selection(self.mask)

    @cached_property
    def count(self) -> int:
        return self.index.size if self.selection is None else self.selection.count

    def mask_for_facet(self, parameter: str) -> np.ndarray | None:
        """The mask a facet counts over: every constraint except the facet's own."""
        if parameter not in self.masks:
            return self.mask
        others = (mask for name, mask in self.masks.items() if name != parameter)
        return _all_of(others, self.index.size)

    def facet_counts(self, parameter: str) -> np.ndarray:
        """Counts per value code of a facet's column, as the module docstring defines them
        (computed once per request)."""
        if parameter not in self._counts:
            self._counts[parameter] = self._facet_counts(parameter)
        return self._counts[parameter]

    def _facet_counts(self, parameter: str) -> np.ndarray:
        column = dimension(self.index, parameter, self.constraints.addressee_role)
        choice = self.choices.get(parameter, Choice())
        if self.mask is None:
            return _totals(self.index, parameter, column)
        if choice.include and parameter not in NARROWING_PARAMETERS:
            added = column.counts(self._selection_for_facet(parameter))
            counts = np.where(added > 0, self.count + added, 0)
        else:
            counts = column.counts(self.selection)
        codes = _codes(column)
        for value in choice.include:
            if value in codes:
                counts[codes[value]] = self.count
        for value in choice.exclude:
            # A value both chosen and excluded is shown chosen, its count the results'.
            if value in codes and value not in choice.include:
                counts[codes[value]] = self._count_unexcluded(parameter, column, choice, value)
        return counts

    def _selection_for_facet(self, parameter: str) -> Selection | None:
        if parameter not in self.masks:
            return self.selection
        mask = self.mask_for_facet(parameter)
        return None if mask is None else Selection(mask)

    def _count_unexcluded(self, parameter: str, column, choice: Choice, value: str) -> int:
        """The results' size once `value` is no longer excluded from the facet."""
        kept = tuple(v for v in choice.exclude if v != value)
        mask = _choice_mask(column, Choice(choice.include, kept, choice.groups), self.index.size)
        others = self.mask_for_facet(parameter)
        return int(mask.sum() if others is None else (mask & others).sum())

    def counts_by(self, parameter: str) -> np.ndarray:
        """Counts of the result set itself by a single-valued column (the histogram)."""
        return dimension(self.index, parameter).counts(self.selection)

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
        return np.arange(self.index.size) if mask is None else self.selection.positions

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
            choice = _current_tags(index, choice)
        if choice:
            column = dimension(index, parameter, constraints.addressee_role)
            result.masks[parameter] = _choice_mask(column, choice, index.size)
            result.choices[parameter] = choice
    date_mask = _date_mask(index, constraints)
    if date_mask is not None:
        result.masks["date"] = date_mask
    if matches is not None and constraints.query.has_text:
        result.masks["q"], result.ranks = _text_mask(index, matches)
    return result


def _current_tags(index: BrowseIndex, choice: Choice) -> Choice:
    def current(values):
        return tuple(dict.fromkeys(map(index.current_tag, values)))

    groups = tuple(current(group) for group in choice.groups)
    return Choice(current(choice.include), current(choice.exclude), groups)


def _choice_mask(column: SingleValued | ManyValued, choice: Choice, size: int) -> np.ndarray:
    """Positions holding a value of every group of the choice and none of its exclusions."""
    codes = _codes(column)
    mask = np.ones(size, dtype=bool)
    for group in choice.groups:
        mask &= _column_mask(column, [codes[value] for value in group if value in codes], size)
    exclude = [codes[value] for value in choice.exclude if value in codes]
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
    # A column whose counts depend on the day (the DECL facet's `past`) names the day.
    key = (parameter, id(column), getattr(column, "cache_key", lambda: None)())
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
