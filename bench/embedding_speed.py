"""Embedding throughput of "More like this" on this machine's CPU, and what it means
for the full dump.

Reads the first N cables of a dump (the shared corpus by default), builds the text
`embed_cables` embeds from each (subject and paragraphs, cut at 800 characters, read
to 128 word pieces; `--max-tokens 256` and `--text-chars` try the model's default),
loads all-MiniLM-L6-v2 (the extra `[similar]`) and embeds them at each batch size
asked for, timed after a warm-up batch. Prints cables per second of wall time and of
CPU time, the load average, and the time 250,000 cables would take at that rate; then
the time `nearest` takes over 25,000 random vectors, scaled to 250,000. Asserts nothing.

    .venv/bin/python bench/embedding_speed.py --count 512 --batch-sizes 16 64
"""

import argparse
import itertools
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cableroom.parsing import parse_cable  # noqa: E402
from cableroom.similar import embedder  # noqa: E402
from cableroom.similar.nearest import nearest  # noqa: E402
from cableroom.sources.discover import read_path  # noqa: E402
from cableroom.sources.record import SourceRecord  # noqa: E402

FULL_DUMP = 250_000
DEFAULT_DUMP = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cables.csv.gz"


def texts_of(dump: Path, count: int) -> list[str]:
    records = (item for item in read_path(dump) if isinstance(item, SourceRecord))
    texts = []
    for record in itertools.islice(records, count):
        parsed = parse_cable(record.text)
        texts.append(
            embedder.embedding_text(parsed.subject or "", [p.text for p in parsed.paragraphs])
        )
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dump", nargs="?", type=Path, default=DEFAULT_DUMP)
    parser.add_argument("--count", type=int, default=512)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--nearest-count", type=int, default=25_000)
    parser.add_argument("--max-tokens", type=int, default=embedder.MAX_TOKENS)
    parser.add_argument("--text-chars", type=int, default=embedder.TEXT_CHARS)
    args = parser.parse_args()
    embedder.TEXT_CHARS = args.text_chars
    texts = texts_of(args.dump, args.count)
    print(f"{len(texts)} cables, mean text {np.mean([len(t) for t in texts]):.0f} characters")
    started = time.monotonic()
    embedder.sentence_model().max_seq_length = args.max_tokens
    loaded = time.monotonic() - started
    print(f"reading {args.max_tokens} word pieces; model loaded in {loaded:.1f} s")
    embedder.embed(texts[:16], batch_size=16)  # warm-up
    for batch_size in args.batch_sizes:
        load = os.getloadavg()[0]
        wall, cpu = time.monotonic(), time.process_time()
        embedder.embed(texts, batch_size=batch_size)
        wall, cpu = time.monotonic() - wall, time.process_time() - cpu
        rate = len(texts) / wall
        print(
            f"batch {batch_size}: {rate:.1f} cables/s wall, {len(texts) / cpu:.1f} per CPU "
            f"second (load {load:.1f} before); {FULL_DUMP:,} cables: "
            f"{FULL_DUMP / rate / 3600:.1f} h"
        )
    # The neighbours: every pair compared, so time grows with the square of the count;
    # timed on random unit vectors of a size that fits a run, scaled by n².
    rows = np.random.default_rng(1).standard_normal((args.nearest_count, embedder.DIMENSIONS))
    rows = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
    started = time.monotonic()
    nearest(rows, 12)
    seconds = time.monotonic() - started
    print(
        f"nearest over {len(rows):,} vectors: {seconds:.1f} s; {FULL_DUMP:,} by n²: "
        f"{seconds * (FULL_DUMP / len(rows)) ** 2 / 60:.0f} min"
    )


if __name__ == "__main__":
    main()
