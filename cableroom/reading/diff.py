"""What differs between two versions of a cable's raw text (redacted and unredacted copies).

Line-level difflib opcodes, grouped into hunks with a few lines of context, and
word-level marks inside changed lines so a redaction (`XXXXXXXXXXXX` for a name) stands
out. Trailing spaces are ignored when comparing: the dump pads nearly every line with
them and the web pages do not, which would otherwise mark every line as changed.
"""

import difflib
import re
from dataclasses import dataclass

CONTEXT_LINES = 3
WORDS = re.compile(r"(\s+)")


@dataclass(frozen=True)
class Segment:
    """A run of text within a line, marked when it is what changed."""

    text: str
    changed: bool = False


@dataclass(frozen=True)
class DiffLine:
    """One line of the diff: kept, removed (old only) or added (new only)."""

    kind: str  # "equal" | "removed" | "added"
    old_number: int | None
    new_number: int | None
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)


@dataclass(frozen=True)
class DiffSummary:
    """The hunks of a diff and how many lines each side lost or gained."""

    hunks: list[list[DiffLine]]
    removed: int
    added: int

    @property
    def identical(self) -> bool:
        return not self.hunks


def diff_texts(old: str, new: str, context: int = CONTEXT_LINES) -> DiffSummary:
    """The differences between two raw texts, as hunks of lines with word-level marks."""
    old_lines = [line.rstrip() for line in old.splitlines()]
    new_lines = [line.rstrip() for line in new.splitlines()]
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    # An identical pair still yields one group of unchanged context: drop it.
    groups = [
        group
        for group in matcher.get_grouped_opcodes(context)
        if any(tag != "equal" for tag, *_ in group)
    ]
    hunks = [
        [line for opcode in group for line in _lines(opcode, old_lines, new_lines)]
        for group in groups
    ]
    removed = sum(line.kind == "removed" for hunk in hunks for line in hunk)
    added = sum(line.kind == "added" for hunk in hunks for line in hunk)
    return DiffSummary(hunks, removed, added)


def _lines(opcode, old_lines: list[str], new_lines: list[str]) -> list[DiffLine]:
    tag, i1, i2, j1, j2 = opcode
    if tag == "equal":
        return [
            DiffLine("equal", i + 1, j + 1, (Segment(old_lines[i]),))
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
        ]
    removed = [DiffLine("removed", i + 1, None, (Segment(old_lines[i]),)) for i in range(i1, i2)]
    added = [DiffLine("added", None, j + 1, (Segment(new_lines[j]),)) for j in range(j1, j2)]
    if tag == "replace":
        removed, added = _mark_words(removed, added)
    return removed + added


def _mark_words(removed: list[DiffLine], added: list[DiffLine]):
    """Pair replaced lines in order and mark the words that differ within each pair."""
    pairs = min(len(removed), len(added))
    for index in range(pairs):
        old_segments, new_segments = word_diff(removed[index].text, added[index].text)
        removed[index] = DiffLine("removed", removed[index].old_number, None, old_segments)
        added[index] = DiffLine("added", None, added[index].new_number, new_segments)
    return removed, added


def word_diff(old: str, new: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """Segments of two lines, with the words only one of them has marked as changed."""
    old_words, new_words = WORDS.split(old), WORDS.split(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    old_segments: list[Segment] = []
    new_segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        changed = tag != "equal"
        if i2 > i1:
            old_segments.append(Segment("".join(old_words[i1:i2]), changed))
        if j2 > j1:
            new_segments.append(Segment("".join(new_words[j1:j2]), changed))
    return tuple(old_segments), tuple(new_segments)
