"""Synthetic prose from the project's own word list, and invented proper names.

Words are drawn with Zipf weights (the word on line n of words.txt weighs 1/n), and
about one word in twenty is an invented name, so the vocabulary has the long tail of
proper nouns real cables have. Nothing here comes from cable text.
"""

import re
from bisect import bisect
from functools import cache
from itertools import accumulate
from pathlib import Path
from random import Random

WORDS_PATH = Path(__file__).resolve().parent / "words.txt"
NAME_COUNT = 20_000
NAME_SHARE = 0.05
PHRASE_COUNT = 300_000
MEAN_RUN = 3.5  # words per run: two to five, evenly
FUNCTION_WORDS = 60  # the most frequent words, left out of subject lines
_ONSETS = "b c d f g h j k l m n p r s t v z br dr gr kr pr tr st sh ch kh th".split()
_VOWELS = "a e i o u a e i o ai ou ei".split()
_CODAS = ["", "", "", "n", "r", "l", "s", "m", "t", "k", "v", "nd", "rt"]


@cache
def vocabulary() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The words of words.txt in order, with cumulative Zipf weights."""
    words: dict[str, None] = {}
    for line in WORDS_PATH.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(dict.fromkeys(line.split()))
    ordered = tuple(words)
    return ordered, tuple(accumulate(1.0 / rank for rank in range(1, len(ordered) + 1)))


def invented_name(rng: Random) -> str:
    """A pronounceable name of two or three syllables: "Tavorin", "Meshuka"."""
    syllables = [
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + (rng.choice(_CODAS) if last else "")
        for last in [False] * rng.randint(1, 2) + [True]
    ]
    return "".join(syllables).capitalize()


@cache
def names() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """A fixed pool of invented names (same on every machine), with Zipf weights."""
    rng = Random(20101128)
    pool = list(dict.fromkeys(invented_name(rng) for _ in range(NAME_COUNT * 2)))
    pool = pool[:NAME_COUNT]
    return tuple(pool), tuple(accumulate(1.0 / rank for rank in range(1, len(pool) + 1)))


@cache
def phrases() -> tuple[tuple[str, ...], tuple[int, ...]]:
    """A fixed pool of short word runs (two to five words) drawn with the Zipf weights.

    Prose is assembled from these runs rather than word by word: five times fewer
    random draws, which is what makes a 250,000-cable corpus take minutes. Word
    frequencies are those of the word draws; the runs repeat across cables, the
    sentences they make do not.
    """
    rng = Random(19661201)
    drawer = _WordDrawer(rng)
    pool, sizes = [], []
    for _ in range(PHRASE_COUNT):
        size = rng.randint(2, 5)
        pool.append(" ".join(drawer.words_of(size)))
        sizes.append(size)
    return tuple(pool), tuple(sizes)


class _WordDrawer:
    """Single words with Zipf weights, names mixed in."""

    def __init__(self, rng: Random):
        self.rng = rng
        self.words, self.word_weights = vocabulary()
        self.names, self.name_weights = names()
        self.word_total = self.word_weights[-1]
        self.name_total = self.name_weights[-1]

    def name(self) -> str:
        """One invented name, common ones more often."""
        position = bisect(self.name_weights, self.rng.random() * self.name_total)
        return self.names[position]

    def words_of(self, count: int) -> list[str]:
        """`count` words of running text, names mixed in."""
        rng, words, weights, total = self.rng, self.words, self.word_weights, self.word_total
        out = []
        for _ in range(count):
            if rng.random() < NAME_SHARE:
                out.append(self.name())
            else:
                out.append(words[bisect(weights, rng.random() * total)])
        return out

    def content_words(self, count: int) -> list[str]:
        """`count` words without the most frequent function words, for subject lines."""
        low = self.word_weights[FUNCTION_WORDS - 1]
        span = self.word_total - low
        words, weights, rng = self.words, self.word_weights, self.rng
        return [words[bisect(weights, low + rng.random() * span)] for _ in range(count)]


class Prose(_WordDrawer):
    """Draws words, names and sentences from one random generator."""

    def __init__(self, rng: Random):
        super().__init__(rng)
        self.phrases, self.phrase_sizes = phrases()

    def sentences(self, count: int) -> list[str]:
        """About `count` words as sentences (two to seven runs and a closing word each).

        The runs are drawn in one list comprehension and then cut into sentences: a few
        Python operations per sentence rather than per word.
        """
        random, pool = self.rng.random, self.phrases
        top = len(pool)
        runs = [pool[int(random() * top)] for _ in range(max(1, round(count / MEAN_RUN)))]
        ends = self.content_words(len(runs) // 2 + 1)
        out: list[str] = []
        start = 0
        while start < len(runs):
            stop = start + 2 + int(random() * 6)
            first = runs[start]
            # A content word ends the sentence: "a." at a line start reads as a sub-paragraph.
            body = " ".join([first[0].upper() + first[1:], *runs[start + 1 : stop]])
            out.append(f"{body} {ends[len(out)]}.")
            start = stop
        return out


_LINE = re.compile(r"(.{1,%d})(?: +|$)")


@cache
def _line_pattern(width: int) -> re.Pattern:
    return re.compile(_LINE.pattern % width)


def wrap(text: str, width: int = 64) -> list[str]:
    """Lines of at most `width` characters, broken at spaces (a longer word is cut)."""
    return [line for line in _line_pattern(width).findall(text) if line] or [""]
