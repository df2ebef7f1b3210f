"""Streaming speed and memory of the cables.csv reader (no parsing, no database).

Streams ../shared/corpus/cables.csv.gz through `read_dump` and prints rows per second
and peak resident memory along the way. `--times N` reads a gzip made of N copies of the
corpus dump (gzip members concatenate; written to a temporary directory, not the repo),
so memory can be watched over a full-dump-sized input: the peak should not grow with N.

    .venv/bin/python bench/read_dump.py [--times 29] [PATH]
"""

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cableroom.sources import SourceProblem, read_dump  # noqa: E402

DUMP = ROOT.parent / "shared" / "corpus" / "cables.csv.gz"


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def repeated_dump(source: Path, times: int, directory: Path) -> Path:
    """A gzip file holding `times` copies of `source` one after another."""
    target = directory / f"cables-x{times}.csv.gz"
    with open(target, "wb") as out:
        for _ in range(times):
            with open(source, "rb") as part:
                shutil.copyfileobj(part, out)
    return target


def stream(path: Path) -> None:
    rows = problems = characters = 0
    checkpoint = 25_000
    started = time.perf_counter()
    print(f"reading {path} ({path.stat().st_size / 1e6:.1f} MB on disk)")
    print(f"peak RSS before reading: {peak_rss_mb():.1f} MB")
    for item in read_dump(path):
        if isinstance(item, SourceProblem):
            problems += 1
            continue
        rows += 1
        characters += len(item.text)
        if rows % checkpoint == 0:
            rate = rows / (time.perf_counter() - started)
            print(f"  {rows:>8,} rows  {rate:>8,.0f} rows/s  peak RSS {peak_rss_mb():.1f} MB")
    elapsed = time.perf_counter() - started
    print(
        f"rows: {rows:,}  problems: {problems}  time: {elapsed:.2f} s  "
        f"rate: {rows / elapsed:,.0f} rows/s, {characters / elapsed / 1e6:.1f} M text chars/s"
    )
    print(f"peak RSS: {peak_rss_mb():.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DUMP)
    parser.add_argument("--times", type=int, default=1, help="read N copies back to back")
    options = parser.parse_args()
    if not options.path.exists():
        sys.exit(f"no dump at {options.path}")
    if options.times <= 1:
        stream(options.path)
        return
    with tempfile.TemporaryDirectory() as directory:
        stream(repeated_dump(options.path, options.times, Path(directory)))


if __name__ == "__main__":
    main()
