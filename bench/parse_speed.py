"""Parse speed of the cable parser on one core over the dev corpus.

Reads ../shared/corpus/cables.csv.gz (the dump's header + content fields form each
cable's text) and the plain-text cables in ../shared/corpus/txt (cp1252), then times
parse_cable alone, with reading excluded, in CPU time of this single-threaded process
(so other work on the machine does not count against it). Prints cables per second;
the target is at least 2,000 (the full 251,287-cable dump in about two minutes).

    .venv/bin/python bench/parse_speed.py [--repeat N]
"""

import argparse
import csv
import gzip
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cableroom.parsing import parse_cable  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
TARGET = 2000


def dump_texts(path: Path) -> list[str]:
    """Cable texts of a cables.csv dump: header field, a newline, content field."""
    csv.field_size_limit(sys.maxsize)
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, escapechar="\\", doublequote=False)
        return [f"{row[6]}\n{row[7]}" for row in rows if len(row) >= 8]


def txt_texts(folder: Path) -> list[str]:
    """Plain-text cables, decoded as cp1252 as published."""
    return [path.read_bytes().decode("cp1252") for path in sorted(folder.glob("*.txt"))]


def time_parse(texts: list[str]) -> float:
    """CPU seconds of this process to parse every text once (one core, whatever else runs)."""
    start = time.process_time()
    for text in texts:
        parse_cable(text)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (best is reported)")
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"corpus not found at {CORPUS}")
    texts = dump_texts(CORPUS / "cables.csv.gz") + txt_texts(CORPUS / "txt")
    characters = sum(len(text) for text in texts)
    parse_cable(texts[0])  # load reference data before timing
    runs = [time_parse(texts) for _ in range(args.repeat)]
    best = min(runs)
    rate = len(texts) / best
    print(f"cables: {len(texts):,} ({characters / len(texts):,.0f} characters on average)")
    passes = ", ".join(f"{run:.2f} s" for run in runs)
    print(f"passes: {passes} (median {statistics.median(runs):.2f} s)")
    print(f"parse speed: {rate:,.0f} cables/s on one core (target {TARGET:,})")
    print(f"full dump (251,287 cables) estimate: {251287 / rate / 60:.1f} minutes")


if __name__ == "__main__":
    main()
