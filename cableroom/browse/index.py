"""An in-process columnar index of every public cable's facet values.

Why: counting six facets, two of them many-to-many, over 250,000 cables takes SQL a
second or more (Datasette's tag facet takes a minute); the same counts over numpy arrays
take milliseconds, for any combination of constraints, on PostgreSQL and SQLite alike.

What: cables are numbered by position in date order (newest first, then reference id),
so a boolean mask over positions is a result set and `flatnonzero(mask)` is its first
sort order. Single-valued facets (origin, classification, year, month, the day of first
release, the DECL year or marker, the classifying official, the signer) are one code per
position; many-valued ones (tags, addressees, caveats, reason codes) are (position,
code) entry pairs plus postings lists per code. Counting is `bincount`; OR,
AND and NOT are mask algebra.

Freshness: database triggers change one generation number whenever a cable, its tags,
addressees or caveats, a tag, post or marking changes (see `search/schema.py`). Every
request reads it (one tiny query) and rebuilds the index when it differs, so an import
or a curator's edit shows on the next page and counts stay exact. A rebuild reads ids
and short codes only (about a second at 250,000 cables on PostgreSQL); text stays in the
database. One thread of a process builds at a time; meanwhile the others answer from
the index built last, rather than queue behind rebuilds while an import commits, and a
slow build (a large archive) runs in a thread of its own that no request waits for.
"""

import contextvars
import logging
import threading
import time
from contextvars import ContextVar
from dataclasses import InitVar, dataclass, field
from datetime import date
from functools import cached_property

import numpy as np
from django.conf import settings
from django.db import connections

from cableroom.browse import shared_index
from cableroom.browse.loader import NO_DAY, Columns, load_columns
from cableroom.browse.params import PAST, FoldedValues, declassification_today
from cableroom.parsing.declassification import reason_codes
from cableroom.read_route import read_alias, reading_connection
from cableroom.search.schema import GENERATION_TABLE

logger = logging.getLogger(__name__)

NO_CODE = -1
# Positions fit in 32 bits up to two billion cables: half the memory of int64, which at a
# million cables is about 100 MB a worker (the postings of tags and addressees are most of it).
POSITION = np.int32
# Bound on following merged tags (Tag.merged_into) to the surviving one.
MERGE_HOPS = 10
# Builds shorter than this are never spaced (archives up to some tens of thousands of
# cables): they cost readers little even one per commit, and every change shows at once.
SPACED_BUILD_SECONDS = 0.5
# Builds at least this slow run in a thread no request waits for (`_build_in_background`).
BACKGROUND_BUILD_SECONDS = 0.5
# With read replicas, a request on the primary may read a newer generation than one on a
# replica a moment behind: an index is kept while some database was last read at its
# generation, within this many seconds (so a replica that went away frees its index).
SEEN_SECONDS = 60


@dataclass
class SingleValued:
    """A facet with at most one value per cable: one code per position (-1 for none), and
    the same as a tally for counting."""

    codes: np.ndarray
    values: list
    tally: "Tally" = field(init=False)

    def __post_init__(self):
        held = np.flatnonzero(self.codes >= 0).astype(POSITION)
        self.tally = Tally(held, self.codes[held], len(self.values), len(self.codes))

    def mask_for(self, codes: list[int]) -> np.ndarray:
        return np.isin(self.codes, np.asarray(codes, dtype=self.codes.dtype))

    def counts(self, selection: "Selection | None") -> np.ndarray:
        if selection is None or self.tally.cost() < selection.count:
            return self.tally.counts(selection)
        # Fewer cables kept than the tally would read: their codes, taken by position
        # (`take`, not a boolean index, which is slow when the mask keeps many).
        codes = self.codes.take(selection.positions)
        return np.bincount(codes[codes >= 0], minlength=len(self.values))


@dataclass
class Declassification(SingleValued):
    """The DECL facet: the year of a cable's declassification date, or its marker (`OADR`,
    `X1`), one code per position; and `past`, the cables whose date is before today.

    `past` overlaps the years, so it is the last value and is counted from the dates
    (`days`) each time: today is the server's date (UTC), read per call, so a page asked
    after midnight counts the day that passed even when the data did not change."""

    days: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))

    @property
    def past_code(self) -> int:
        return len(self.values) - 1

    def past_mask(self) -> np.ndarray:
        return (self.days != NO_DAY) & (self.days < today_number())

    def mask_for(self, codes: list[int]) -> np.ndarray:
        mask = super().mask_for([code for code in codes if code != self.past_code])
        return mask | self.past_mask() if self.past_code in codes else mask

    def counts(self, selection: "Selection | None") -> np.ndarray:
        counts = super().counts(selection)
        past = self.past_mask()
        if selection is not None:
            past &= selection.mask
        counts[self.past_code] = np.count_nonzero(past)
        return counts

    def cache_key(self):
        return today_number()


def today_number() -> int:
    """Today (UTC, the server's date) as a day number, as the index stores days."""
    return (declassification_today() - date(1970, 1, 1)).days


# A value held by at least one cable in DENSE_SHARE is counted from a bitset of its
# cables (AND with the result's bits, then popcount) rather than from its entries: at
# 1,000,000 cables the 65 commonest tags hold 72% of the 5.6 million tag entries, and a
# tag count over half the archive fell from 31 to 9 ms, and the eight single-valued
# facets' counts from 18.7 to 8.4 ms (README, Performance). Their bitsets cost a bit per
# cable each (9 MB for the tags at 1,000,000 cables).
DENSE_SHARE = 64


@dataclass
class Tally:
    """How many cables of a selection hold each value: the commonest values as bitsets
    over positions, the other values' (position, code) entries."""

    entry_positions: InitVar[np.ndarray]
    entry_codes: InitVar[np.ndarray]
    value_count: int
    size: int  # positions in the index
    totals: np.ndarray = field(init=False)
    dense_codes: np.ndarray = field(init=False)
    dense_bits: np.ndarray = field(init=False)  # one row of 64-bit words per dense code
    sparse_positions: np.ndarray = field(init=False)  # the entries of the other codes
    sparse_codes: np.ndarray = field(init=False)

    def __post_init__(self, entry_positions: np.ndarray, entry_codes: np.ndarray):
        self.totals = np.bincount(entry_codes, minlength=self.value_count)
        self.dense_codes = np.flatnonzero(self.totals * DENSE_SHARE >= max(self.size, 1))
        self.dense_bits = np.zeros((len(self.dense_codes), _words(self.size)), dtype=np.uint64)
        dense = np.isin(entry_codes, self.dense_codes)
        if len(self.dense_codes):
            by_code = np.argsort(entry_codes[dense], kind="stable")
            positions = entry_positions[dense][by_code]
            starts = np.cumsum(self.totals[self.dense_codes])[:-1]
            for row, held in enumerate(np.split(positions, starts)):
                self.dense_bits[row] = _bits(held, self.size)
        self.sparse_positions = np.ascontiguousarray(entry_positions[~dense])
        self.sparse_codes = np.ascontiguousarray(entry_codes[~dense])

    def cost(self) -> int:
        """What counting reads, in kept positions' worth: each sparse entry, and the dense
        bitsets' words (AND and popcount of a word cost about an eighth of a position's
        `take`, measured at 1,000,000 cables)."""
        return len(self.sparse_codes) + self.dense_bits.size // 8

    def counts(self, selection: "Selection | None") -> np.ndarray:
        if selection is None:
            return self.totals.copy()
        kept = self.sparse_codes[selection.mask[self.sparse_positions]]
        counts = np.bincount(kept, minlength=self.value_count)
        if len(self.dense_codes):
            both = np.bitwise_and(self.dense_bits, selection.words)
            counts[self.dense_codes] = np.bitwise_count(both).sum(axis=1)
        return counts


@dataclass
class ManyValued:
    """A facet with any number of values per cable: postings per code (to select by it)
    and a tally of its (position, code) entries (to count)."""

    entry_positions: InitVar[np.ndarray]
    entry_codes: InitVar[np.ndarray]
    values: list
    size: int  # positions in the index
    postings_starts: np.ndarray = field(init=False)
    postings: np.ndarray = field(init=False)
    tally: Tally = field(init=False)

    def __post_init__(self, entry_positions: np.ndarray, entry_codes: np.ndarray):
        by_code = np.argsort(entry_codes, kind="stable")
        self.postings = entry_positions[by_code]
        self.tally = Tally(entry_positions, entry_codes, len(self.values), self.size)
        self.postings_starts = np.concatenate([[0], np.cumsum(self.tally.totals)])

    def positions_of(self, code: int) -> np.ndarray:
        return self.postings[self.postings_starts[code] : self.postings_starts[code + 1]]

    def mask_for(self, codes: list[int], size: int) -> np.ndarray:
        mask = np.zeros(size, dtype=bool)
        for code in codes:
            mask[self.positions_of(code)] = True
        return mask

    def counts(self, selection: "Selection | None") -> np.ndarray:
        return self.tally.counts(selection)


class Selection:
    """A result's cables as a mask over positions, with the two forms facet counts read
    it in made once, however many facets count over it (twelve a browse page): the kept
    positions, whose codes single-valued facets take, and the mask as 64-bit words, which
    many-valued facets AND with their bitsets."""

    def __init__(self, mask: np.ndarray):
        self.mask = mask

    @cached_property
    def positions(self) -> np.ndarray:
        return np.flatnonzero(self.mask)

    @cached_property
    def words(self) -> np.ndarray:
        return _packed(self.mask)

    @cached_property
    def count(self) -> int:
        return int(np.count_nonzero(self.mask))


def _words(size: int) -> int:
    return -(-size // 64)


def _bits(positions: np.ndarray, size: int) -> np.ndarray:
    """Positions as a bitset of 64-bit words, bit p of the set for position p."""
    mask = np.zeros(size, dtype=bool)
    mask[positions] = True
    return _packed(mask)


def _packed(mask: np.ndarray) -> np.ndarray:
    """A boolean mask as 64-bit words, bit p for position p, the last word zero-filled."""
    packed = np.packbits(mask, bitorder="little")
    words = np.zeros(_words(len(mask)) * 8, dtype=np.uint8)
    words[: len(packed)] = packed
    return words.view(np.uint64)


@dataclass(frozen=True)
class TagInfo:
    """What the tag facet and glossary show about a tag besides its code."""

    code: str
    kind: str
    description: str
    merged_into: str | None


@dataclass
class BrowseIndex:
    """Every public cable's facet values, by position in newest-first order."""

    generation: int | None
    ids: np.ndarray
    days: np.ndarray
    ascending: np.ndarray
    origin: SingleValued
    classification: SingleValued
    year: SingleValued
    month: SingleValued
    released: SingleValued
    released_days: np.ndarray
    declassify: Declassification
    classified_by: SingleValued
    signer: SingleValued
    reason: ManyValued
    tag: ManyValued
    caveat: ManyValued
    addressee: ManyValued
    addressee_to: ManyValued
    tags: dict[str, TagInfo]
    marking_names: dict[str, str]
    post_aliases: dict[str, str]
    _positions_by_id: dict = field(repr=False)  # sorted ids and their positions (locate)
    built_at: float = 0.0  # when its build ended (time.time(), comparable between processes)
    build_seconds: float = 0.0

    @property
    def size(self) -> int:
        return len(self.ids)

    def current_tag(self, code: str) -> str:
        """The code a tag goes by now: a merged code leads to the tag it was merged into.

        Merges are flattened when made, so this is one hop; the bound guards a hand edit
        that made a cycle. Unknown codes come back as written.
        """
        for _ in range(MERGE_HOPS):
            info = self.tags.get(code)
            if info is None or not info.merged_into:
                break
            code = info.merged_into
        return code

    @cached_property
    def tag_kinds(self) -> np.ndarray:
        """The kind of each tag code, aligned with `tag.values`."""
        kinds = [
            self.tags[code].kind if code in self.tags else "other" for code in self.tag.values
        ]
        return np.array(kinds, dtype=object)

    def spellings(self, parameter: str) -> FoldedValues:
        """A facet's values found whatever their case and spacing (see FOLDED_FACETS)."""
        cache = self.__dict__.setdefault("_spellings", {})
        if parameter not in cache:
            cache[parameter] = FoldedValues(getattr(self, parameter).values)
        return cache[parameter]

    def locate(self, cable_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the cable ids found in the index, and which of the ids were found.

        Ids not in the index (withdrawn cables) are dropped from the positions.
        """
        sorted_ids, order = self._positions_by_id["ids"], self._positions_by_id["order"]
        if len(sorted_ids) == 0:
            return np.zeros(0, dtype=POSITION), np.zeros(len(cable_ids), dtype=bool)
        slots = np.clip(np.searchsorted(sorted_ids, cable_ids), 0, len(sorted_ids) - 1)
        found = sorted_ids[slots] == cable_ids
        return order[slots[found]], found


_lock = threading.Lock()  # guards the dicts below, held for moments
_indexes: dict[int, BrowseIndex] = {}
# The generation each database (alias) was last read at, and when.
_seen: dict[str, tuple[int, float]] = {}
# One build at a time in a process. While one thread builds, the others answer from the
# index built last instead of waiting for it: during an import every committed batch is
# a new generation, and readers waited for whole rebuilds back to back (p95 14 s at
# 59,000 cables, bench/browse_during_import.py).
_build_lock = threading.Lock()
_latest: BrowseIndex | None = None
_background: threading.Thread | None = None  # a build no request waits for
# Whether this request was answered from an index older than the data it read.
_behind: ContextVar[bool] = ContextVar("browse_index_behind", default=False)


def current_generation() -> int | None:
    """The generation number the triggers keep (the sum of its rows, see search/schema.py) in
    the database this request reads; None if the table is empty."""
    with reading_connection().cursor() as cursor:
        cursor.execute(f"SELECT sum(generation) FROM {GENERATION_TABLE}")
        total = cursor.fetchone()[0]
    return None if total is None else int(total)


def browse_index(*, current: bool = False) -> BrowseIndex:
    """The index for the request's database as it is now: one query when nothing changed.

    `current`: the reader must see the data as it is (a curator, whose own edits show on
    the next page): never an older index, even while another builds or the latest is
    fresh; such a request waits for the build.

    A generation names one state of the data on the primary and on every replica alike
    (a replica replays the primary's commits in order), so indexes are kept by
    generation, never by database. With one database, the old index goes as soon as the
    new one is built. `answered_behind()` then says whether this call answered from an
    older index.
    """
    _behind.set(False)
    generation = current_generation()
    if generation is None:
        return build_index(None)
    index = _indexes.get(generation) or _built_or_latest(generation, current)
    with _lock:
        _seen[read_alias()] = (generation, time.monotonic())
        _forget_unread()
    return index


def forget_indexes() -> None:
    """Drop every index this process holds (tests: each starts from other data), once a
    build in the background has ended."""
    global _latest
    if _background is not None:
        _background.join()
    with _lock:
        _indexes.clear()
        _seen.clear()
        _latest = None


def answered_behind() -> bool:
    """Whether an index older than the request's data answered it (another thread was
    building the current one): such a page is right for a moment, not to be kept."""
    return _behind.get()


def start_request() -> None:
    """Forget the previous request's `answered_behind` (threads serve many requests)."""
    _behind.set(False)


def _built_or_latest(generation: int, current: bool = False) -> BrowseIndex:
    """The generation's index: from the node's shared file, or built by this thread, or
    the latest index the node holds, while another thread or process builds the new one
    or while the latest is too fresh to replace (`rebuild_due`).

    Only a process with no index at all, or a `current` request, waits for the build
    under way."""
    folder = settings.BROWSE_INDEX_DIR
    index = shared_index.read_index(folder, generation)
    if index is not None:
        return _keep(generation, index)
    newest = _newest_on_node(folder)
    if newest is not None and not current:
        if not rebuild_due(newest):
            return _behind_with(newest)
        if newest.build_seconds >= BACKGROUND_BUILD_SECONDS:
            _build_in_background(generation)
            return _behind_with(newest)
    wait = current or _latest is None
    if not _build_lock.acquire(blocking=wait):
        return _behind_with(_latest)
    try:
        # Another thread or process may have built it while this one waited.
        index = _indexes.get(generation) or shared_index.read_index(folder, generation)
        if index is None:
            with shared_index.node_build(folder, wait=wait) as building:
                if not building:
                    return _behind_with(_latest)
                index = _shared_build(folder, generation)
        return _keep(generation, index)
    finally:
        _build_lock.release()


def _build_in_background(generation: int) -> None:
    """Build the generation's index for the node in a thread of this process (unless one
    is building already), so that no reader waits for it: a build takes 15 s at
    1,000,000 cables, and the request that started it used to wait that long (a 13 s
    page during an import, README Performance). Meanwhile pages come from the index
    built last and say how old it is."""
    global _background
    with _lock:
        if _background is not None and _background.is_alive():
            return
        # The request's context: the build reads the database this request reads.
        context = contextvars.copy_context()
        _background = threading.Thread(
            target=context.run,
            args=(_build_for_node, generation),
            name="browse-index-build",
            daemon=True,
        )
        _background.start()


def _build_for_node(generation: int) -> None:
    folder = settings.BROWSE_INDEX_DIR
    try:
        if not _build_lock.acquire(blocking=False):
            return  # a request of this process is building
        try:
            with shared_index.node_build(folder, wait=False) as building:
                if building:  # else another process of the node builds it
                    _keep(generation, _shared_build(folder, generation))
        finally:
            _build_lock.release()
    except Exception:
        # No reader is waiting on this thread: the log is the only place to say so.
        logger.exception("Building the browse index of generation %s failed", generation)
    finally:
        connections.close_all()  # this thread's own connections


def _shared_build(folder, generation: int) -> BrowseIndex:
    """The generation's index from the node's file, built and written first if no
    process wrote it yet (the caller holds the node's build lock)."""
    index = shared_index.read_index(folder, generation)
    if index is None:
        built = build_index(generation)
        shared_index.write_index(folder, generation, built)
        # The builder maps the file too, so its private copy is freed and the node
        # holds one copy of the arrays (214 MB at 1,000,000 cables).
        index = shared_index.read_index(folder, generation) or built
    return index


def _newest_on_node(folder) -> BrowseIndex | None:
    """The index built last on this node: this process's latest, or a newer one another
    process wrote (so that the rebuild spacing holds for the node, not per process)."""
    generation = shared_index.newest_generation(folder)
    if generation is None or (_latest is not None and generation == _latest.generation):
        return _latest
    index = _indexes.get(generation) or shared_index.read_index(folder, generation)
    if index is None or (_latest is not None and index.built_at <= _latest.built_at):
        return _latest
    return _keep(generation, index)


def _keep(generation: int, index: BrowseIndex) -> BrowseIndex:
    global _latest
    with _lock:
        _indexes[generation] = index
        _latest = index
    return index


def _behind_with(index: BrowseIndex) -> BrowseIndex:
    _behind.set(True)
    return index


def _forget_unread() -> None:
    now = time.monotonic()
    wanted = {generation for generation, at in _seen.values() if now - at <= SEEN_SECONDS}
    for generation in [g for g in _indexes if g not in wanted]:
        del _indexes[generation]


def build_index(generation: int | None) -> BrowseIndex:
    """Read every public cable's facet values from the database into arrays."""
    started = time.monotonic()
    index = assemble(generation, load_columns())
    index.build_seconds = time.monotonic() - started
    index.built_at = time.time()
    return index


def rebuild_due(index: BrowseIndex) -> bool:
    """Whether a newer generation may replace `index` now: once it has served for
    BROWSE_INDEX_REBUILD_SPACING times as long as it took to build.

    While the data keeps changing (an import commits a batch a second) rebuilds then take
    at most a fifth of one core with the default 4, instead of all of it; readers meanwhile
    get the index built last, told how old it is. After a quiet moment the first change
    is built at once, and so is every change while builds are cheap (a small archive)."""
    if index.build_seconds < SPACED_BUILD_SECONDS:
        return True
    spacing = settings.BROWSE_INDEX_REBUILD_SPACING * index.build_seconds
    return time.time() - index.built_at >= spacing


def assemble(generation: int | None, columns: Columns) -> BrowseIndex:
    """Arrays and postings from raw columns; vectorised, no loop over cables."""
    posts = {row[0]: row[1] for row in columns.posts}
    by_id = np.argsort(columns.ids)
    sorted_pair = (columns.ids[by_id], by_id)
    triples = columns.addressee_triples
    to_only = triples[triples[:, 2] == 1][:, :2]
    released_days = _days_by_position(sorted_pair, columns.released_pairs)
    return BrowseIndex(
        generation=generation,
        # Contiguous, like every array here: a strided view would be pickled as a copy
        # into a shared index's file, not mapped from it (see shared_index).
        ids=np.ascontiguousarray(columns.ids),
        days=columns.days,
        ascending=_ascending(columns.days),
        origin=_by_lookup(columns.origins, posts),
        classification=_by_value(np.array(columns.classifications, dtype=object)),
        year=_by_value(columns.years, missing=0, label="{:04d}"),
        month=_by_value(columns.years * 100 + columns.months, missing=0, label="{}", month=True),
        released=_by_day(released_days),
        released_days=released_days,
        declassify=_declassification(columns.declassify_days, columns.declassify_markers),
        classified_by=_by_value(np.array(columns.classified_by, dtype=object)),
        signer=_by_value(np.array(columns.signers, dtype=object)),
        reason=_many_from_lists(columns.reasons, reason_codes),
        tag=_many(sorted_pair, columns.tag_pairs, {row[0]: row[1] for row in columns.tags}),
        caveat=_many(
            sorted_pair, columns.caveat_pairs, {row[0]: row[1] for row in columns.markings}
        ),
        addressee=_many(sorted_pair, triples[:, :2], posts),
        addressee_to=_many(sorted_pair, to_only, posts),
        tags=_tag_infos(columns.tags),
        marking_names={row[1]: row[2] or row[1] for row in columns.markings},
        post_aliases=_post_aliases(columns.posts),
        # Sorted once here, so that an index shared between processes shares it too.
        _positions_by_id={"ids": sorted_pair[0], "order": sorted_pair[1].astype(POSITION)},
    )


def _ascending(days: np.ndarray) -> np.ndarray:
    # Oldest first; cables without a date stay last; equal days keep reference order.
    key = np.where(days == NO_DAY, np.iinfo(np.int32).max, days)
    return np.lexsort((np.arange(len(days)), key)).astype(POSITION)


def _by_value(values: np.ndarray, missing=None, label="{}", month=False) -> SingleValued:
    """Codes for a column of plain values (classification, year, year*100+month)."""
    if values.dtype == object:
        present = values != ""
    else:
        present = (values != missing) & (
            ((values // 100 > 0) & (values % 100 > 0)) if month else True
        )
    distinct, inverse = np.unique(values[present], return_inverse=True)
    codes = np.full(len(values), NO_CODE, dtype=np.int32)
    codes[present] = inverse
    if month:
        labels = [f"{value // 100:04d}-{value % 100:02d}" for value in distinct.tolist()]
    else:
        labels = [label.format(value) for value in distinct.tolist()]
    return SingleValued(codes, labels)


def _declassification(days: np.ndarray, markers: list[str]) -> Declassification:
    """Codes for the DECL facet: years of the dates, then markers, then `past`."""
    dated = days != NO_DAY
    years = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    labels = np.array(markers, dtype=object).reshape(-1)
    labels[dated] = [f"{year:04d}" for year in years[dated].tolist()]
    by_value = _by_value(labels)
    return Declassification(by_value.codes, [*by_value.values, PAST], days)


def _many_from_lists(texts: list[str], split) -> ManyValued:
    """A many-valued facet from one text per position that `split` turns into values.

    Distinct texts are few (reason lists repeat), so each is split once and the entries
    are laid out with numpy."""
    distinct, inverse = np.unique(np.array(texts, dtype=object), return_inverse=True)
    lists = [split(text) for text in distinct.tolist()]
    labels = sorted({value for values in lists for value in values})
    code_of = {value: code for code, value in enumerate(labels)}
    flat = np.array([code_of[value] for values in lists for value in values], dtype=np.int32)
    lengths = np.array([len(values) for values in lists], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)])[:-1]
    per_position = lengths[inverse] if len(inverse) else np.zeros(0, dtype=np.int64)
    positions = np.repeat(np.arange(len(inverse), dtype=POSITION), per_position)
    first_entry = np.repeat(np.cumsum(per_position) - per_position, per_position)
    within = np.arange(len(positions), dtype=np.int64) - first_entry
    codes = flat[np.repeat(starts[inverse], per_position) + within] if len(flat) else flat
    return ManyValued(positions, codes.astype(np.int32), labels, size=len(texts))


def _days_by_position(sorted_pair, pairs: np.ndarray) -> np.ndarray:
    """(cable id, day number) pairs -> a day per position, NO_DAY where none is known."""
    sorted_ids, order = sorted_pair
    days = np.full(len(sorted_ids), NO_DAY, dtype=np.int32)
    if len(pairs) == 0 or len(sorted_ids) == 0:
        return days
    slots = np.clip(np.searchsorted(sorted_ids, pairs[:, 0]), 0, len(sorted_ids) - 1)
    found = sorted_ids[slots] == pairs[:, 0]
    days[order[slots[found]]] = pairs[found, 1]
    return days


def _by_day(days: np.ndarray) -> SingleValued:
    """Codes for a column of day numbers, labelled YYYY-MM-DD."""
    present = days != NO_DAY
    distinct, inverse = np.unique(days[present], return_inverse=True)
    codes = np.full(len(days), NO_CODE, dtype=np.int32)
    codes[present] = inverse
    labels = np.datetime_as_string(distinct.astype("datetime64[D]")).tolist()
    return SingleValued(codes, labels)


def _by_lookup(ids: np.ndarray, names: dict[int, str]) -> SingleValued:
    """Codes for a foreign-key column, labelled by the names it points to."""
    labels = sorted(set(names.values()))
    code_of_name = {name: code for code, name in enumerate(labels)}
    lookup = np.full(max(names, default=0) + 1, NO_CODE, dtype=np.int32)
    for row_id, name in names.items():
        lookup[row_id] = code_of_name[name]
    inside = (ids > 0) & (ids < len(lookup))
    codes = np.full(len(ids), NO_CODE, dtype=np.int32)
    codes[inside] = lookup[ids[inside]]
    return SingleValued(codes, labels)


def _many(sorted_pair, pairs: np.ndarray, names: dict[int, str]) -> ManyValued:
    labels = sorted(set(names.values()))
    code_of_name = {name: code for code, name in enumerate(labels)}
    # Map database ids straight to codes through a dense lookup table.
    lookup = np.full(max(names, default=0) + 1, NO_CODE, dtype=np.int32)
    for row_id, name in names.items():
        lookup[row_id] = code_of_name[name]
    positions, codes = _positions_and_codes(sorted_pair, pairs.reshape(-1, 2), lookup)
    return ManyValued(positions, codes, labels, size=len(sorted_pair[0]))


def _positions_and_codes(sorted_pair, pairs: np.ndarray, lookup: np.ndarray):
    sorted_ids, order = sorted_pair
    if len(pairs) == 0 or len(sorted_ids) == 0:
        return np.zeros(0, dtype=POSITION), np.zeros(0, dtype=np.int32)
    slots = np.clip(np.searchsorted(sorted_ids, pairs[:, 0]), 0, len(sorted_ids) - 1)
    inside = (pairs[:, 1] >= 0) & (pairs[:, 1] < len(lookup))
    codes = np.where(inside, lookup[np.clip(pairs[:, 1], 0, len(lookup) - 1)], NO_CODE)
    keep = (sorted_ids[slots] == pairs[:, 0]) & (codes >= 0)
    # One entry per cable and value, whatever duplicates the rows hold; sorted by position.
    keys = np.sort(order[slots[keep]].astype(np.int64) * len(lookup) + codes[keep])
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys
    return (keys // len(lookup)).astype(POSITION), (keys % len(lookup)).astype(np.int32)


def _tag_infos(tag_rows: list[tuple]) -> dict[str, TagInfo]:
    code_by_id = {row[0]: row[1] for row in tag_rows}
    return {
        code: TagInfo(code, kind or "other", description or "", code_by_id.get(merged))
        for _id, code, kind, description, merged in tag_rows
    }


def _post_aliases(post_rows: list[tuple]) -> dict[str, str]:
    """Upper-cased names, station codes and cities -> post name, for `from:` and `to:`.

    Exact names win over station codes, and station codes over cities, when they clash.
    """
    aliases: dict[str, str] = {}
    for _id, name, _codes, city in post_rows:
        if city:
            aliases.setdefault(city.upper(), name)
    for _id, name, codes, _city in post_rows:
        for code in (codes or "").split():
            aliases[code.upper()] = name
    for _id, name, _codes, _city in post_rows:
        aliases[name.upper()] = name
    return aliases
