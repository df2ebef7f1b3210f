"""The lines under an import's closing line: what its figures mean, and where to look.

A first import of the shared corpus ends with thousands of copies warned and one
unchanged; without these lines a newcomer cannot tell whether that is bad, or where the
warnings are. They name the commonest kinds of warning, the commands that list the
cables, why copies were unchanged, and the files skipped, in a line each.
"""

import shlex
import sys
from pathlib import Path

from django.urls import reverse

TOP_KINDS = 5
WORST = 20


def explanation_lines(summary) -> list[str]:
    """The explaining lines for an `ImportSummary`; none for figures that need none."""
    return [
        *_unchanged_lines(summary),
        *_warning_lines(summary),
        *_skipped_lines(summary),
        *_pace_lines(summary),
    ]


def _unchanged_lines(summary) -> list[str]:
    if not summary.unchanged:
        return []
    if summary.archive_was_empty:
        why = (
            "the same copy (same reference id, same bytes) came more than once in this "
            "input; it is stored once"
        )
    else:
        why = "copies the archive held already, or that came more than once in this input"
    return [f"Unchanged {summary.unchanged:,}: {why}."]


def _warning_lines(summary) -> list[str]:
    if not summary.warned:
        return []
    kinds = summary.warning_kinds
    total = sum(kinds.values())
    top = kinds.most_common(TOP_KINDS)
    listed = ", ".join(f"{kind} {count:,}" for kind, count in top)
    others = len(kinds) - len(top)
    if others:
        rest = total - sum(count for _, count in top)
        listed += f", {others} other kind{_s(others)} {rest:,}"
    lines = [
        f"Warned {summary.warned:,}: copies with parser warnings, {total:,} warning{_s(total)} "
        f"by kind: {listed}.",
        f"  The worst cables, each kind with examples: {parse_command(summary.paths)}",
    ]
    if not summary.dry_run:
        queue = reverse("admin:cableroom_cableforreview_changelist")
        lines.append(f"  Curators settle them in the review queue: {queue}")
    return lines


def _skipped_lines(summary) -> list[str]:
    if not summary.skipped:
        return []
    names = ", ".join(summary.skipped_paths)
    more = summary.skipped - len(summary.skipped_paths)
    if more:
        names += f" and {more:,} more"
    count = summary.skipped
    return [f"Skipped {count:,} file{_s(count)} that {_are(count)} not cable sources: {names}."]


def _pace_lines(summary) -> list[str]:
    if summary.max_rate is None:
        return []
    return [
        f"Paced to at most {summary.max_rate:,g} cables/s (--max-rate): held back "
        f"{summary.paced_seconds:,.1f} s of the {summary.seconds:,.1f} s, so that readers "
        "kept the machine."
    ]


def parse_command(paths) -> str:
    """The `parse_cables` command that lists the worst cables of these paths."""
    return shlex.join([_python(), "manage.py", "parse_cables", "--worst", str(WORST), *paths])


def _python() -> str:
    """This interpreter as the reader would type it: `.venv/bin/python` in a checkout."""
    try:
        return str(Path(sys.executable).relative_to(Path.cwd()))
    except ValueError:
        return "python"


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _are(count: int) -> str:
    return "is" if count == 1 else "are"
