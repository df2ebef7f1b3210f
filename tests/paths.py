"""Where the checkout and the shared data beside it are, for every test module."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
SEED = SHARED / "seed"
TABLES = SHARED / "tables"
