"""The synthetic corpus file for a scale: generated once, reused while the generator is unchanged.

The file name carries a fingerprint of the generator (its code, figures.json and the
word list), so a changed generator never reuses a stale corpus.
"""

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "bench" / "data"
SYNTHETIC_DIR = ROOT / "cableroom" / "synthetic"


def generator_fingerprint() -> str:
    """Eight hex digits that change whenever the generator or its inputs change."""
    digest = hashlib.sha256()
    for path in sorted(SYNTHETIC_DIR.glob("*")):
        if path.suffix in {".py", ".json", ".txt"}:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def corpus_path(count: int, seed: int) -> Path:
    return DATA_DIR / f"cables-{count}-s{seed}-{generator_fingerprint()}.csv.gz"


def ensure_corpus(count: int, seed: int, env: dict, log=print) -> tuple[Path, float | None]:
    """The corpus file, generated if missing; and the seconds generating took (None: reused)."""
    path = corpus_path(count, seed)
    if path.exists():
        log(f"reusing {path.relative_to(ROOT)}")
        return path, None
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    log(f"generating {count:,} cables (seed {seed}) into {path.relative_to(ROOT)}")
    started = time.monotonic()
    command = [sys.executable, "manage.py", "generate_cables", "--count", str(count)]
    command += ["--seed", str(seed), "--output", str(path), "--workers", str(os.cpu_count() or 1)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return path, time.monotonic() - started
