"""One article read once for everything the story memory asks: sentences, keys, sketch, relevance."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from monitor.novelty.relevance import RelevanceQuery, RelevanceResult
from monitor.text import (
    SentenceFeatures,
    band_keys,
    content_hash,
    detect_language,
    minhash,
    sentence_features,
    sentence_fingerprint,
    shingles,
    split_sentences,
    tokenize,
)

NUM_PERM = 128
BANDS = 32  # 4 rows per band: pairs with Jaccard 0.5 meet in a band with p = 0.87, 0.6 with 0.99
SHINGLE_SIZE = 4
# sentences shorter than this many tokens ('Quelle: dpa') are too common to identify anything
MIN_FINGERPRINT_TOKENS = 6
ALIAS_PREFIX = "a:"


@dataclass(slots=True)
class Sentence:
    position: int
    is_title: bool
    features: SentenceFeatures
    keys: frozenset[str]  # features.keys plus topic aliases ('a:north korea')
    fingerprint: int | None


@dataclass(slots=True)
class Analysis:
    language: str | None
    sentences: list[Sentence]
    relevance: RelevanceResult | None
    term_counts: Counter[str]
    content_hash: str
    signature: np.ndarray
    shingle_count: int
    band_keys: list[int]

    @property
    def keys(self) -> set[str]:
        return set(self.term_counts)

    @property
    def fingerprints(self) -> set[int]:
        return {s.fingerprint for s in self.sentences if s.fingerprint is not None}


def _plain_names(tokens: tuple[str, ...], language: str | None) -> frozenset[str]:
    return sentence_features("", language, tokens).names


def key_kind(key: str) -> str:
    if key.startswith("n:"):
        return "name"
    if key.startswith("#"):
        return "number"
    if key.startswith(ALIAS_PREFIX):
        return "alias"
    return "word"


def analyse(
    title: str, text: str, language: str | None, query: RelevanceQuery | None, salt: str
) -> Analysis:
    """Split, tokenise and key an article; `salt` (the topic) keeps its LSH keys apart from others'."""
    language = language[:2].lower() if language else detect_language(f"{title}\n{text}")
    pieces: list[tuple[str, bool]] = [(s, True) for s in split_sentences(title, language)]
    pieces += [(s, False) for s in split_sentences(text, language)]
    tokenised = [(s, t, tuple(tokenize(s))) for s, t in pieces]
    all_tokens: list[str] = []
    offsets: list[int] = []
    for _s, _t, tokens in tokenised:
        offsets.append(len(all_tokens))
        all_tokens.extend(tokens)

    relevance = query.match(all_tokens, language) if query is not None else None
    # topic aliases per token position: 'Nordkorea' and 'North Korea' become one key
    alias_at: dict[int, str] = {}
    single: set[int] = set()
    if relevance is not None:
        for name, spans in relevance.spans.items():
            for start, end in spans:
                for position in range(start, end):
                    alias_at[position] = ALIAS_PREFIX + name
                    # a one-word alias (Putin, Duma) keeps its own key too: it is more specific
                    # than the topic term; a phrase (North Korea, Kim Jong Un) is read as the term
                    if end - start == 1:
                        single.add(position)

    # names found anywhere in the article, so a sentence-initial 'Seoul' is read as the name too
    doc_names = frozenset(
        key for _s, _t, tokens in tokenised for key in _plain_names(tokens, language)
    )
    sentences: list[Sentence] = []
    counts: Counter[str] = Counter()
    body_tokens: list[str] = []
    for position, ((sentence, is_title, tokens), offset) in enumerate(
        zip(tokenised, offsets, strict=True)
    ):
        local_alias = {
            i - offset: a for i, a in alias_at.items() if offset <= i < offset + len(tokens)
        }
        skip = frozenset(i for i in local_alias if i + offset not in single)
        features = sentence_features(sentence, language, tokens, skip, doc_names)
        keys = features.keys | frozenset(local_alias.values())
        fingerprint = (
            sentence_fingerprint(sentence) if len(tokens) >= MIN_FINGERPRINT_TOKENS else None
        )
        sentences.append(Sentence(position, is_title, features, keys, fingerprint))
        weight = 2 if is_title else 1  # a headline says what the article is about
        for key in keys:
            counts[key] += weight
        if not is_title:
            body_tokens.extend(tokens)

    # copies get new headlines: the sketch covers the body only (the title when there is none)
    shingle_set = shingles(body_tokens or all_tokens, SHINGLE_SIZE)
    signature = minhash(shingle_set, NUM_PERM)
    return Analysis(
        language=language,
        sentences=sentences,
        relevance=relevance,
        term_counts=counts,
        content_hash=content_hash(f"{text}" if text.strip() else title),
        signature=signature,
        shingle_count=len(shingle_set),
        band_keys=band_keys(signature, BANDS, salt) if shingle_set else [],
    )


# Kind weights of a key in a document vector: names and numbers identify an event across
# languages better than ordinary words; topic aliases are in every article of the topic.
KIND_WEIGHT = {"name": 1.5, "number": 1.0, "alias": 0.5, "word": 1.0}


def idf(df: int, docs: int) -> float:
    return math.log((docs + 1) / (df + 1)) + 1.0


def tf_vector(counts: Counter[str]) -> dict[str, float]:
    """L2-normalised term frequencies with kind weights, without idf: what a story profile sums
    (idf is applied when comparing, with the frequencies of that moment)."""
    vector = {k: (1.0 + math.log(c)) * KIND_WEIGHT[key_kind(k)] for k, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {k: v / norm for k, v in vector.items()}


def tfidf(counts: Counter[str], df: dict[str, int], docs: int) -> dict[str, float]:
    """L2-normalised tf-idf vector with kind weights."""
    vector: dict[str, float] = {}
    for key, count in counts.items():
        vector[key] = (
            (1.0 + math.log(count)) * idf(df.get(key, 0), docs) * KIND_WEIGHT[key_kind(key)]
        )
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {k: v / norm for k, v in vector.items()}


def cosine(left: dict[str, float], right: dict[str, float]) -> float:
    if len(left) > len(right):
        left, right = right, left
    dot = sum(v * right.get(k, 0.0) for k, v in left.items())
    norm_l = math.sqrt(sum(v * v for v in left.values()))
    norm_r = math.sqrt(sum(v * v for v in right.values()))
    return dot / (norm_l * norm_r) if norm_l and norm_r else 0.0


def containment(new_count: int, old_count: int, jaccard: float) -> float:
    """Share of the new article's shingles found in the old one, from the Jaccard estimate:
    |A∩B| = J(|A|+|B|)/(1+J)."""
    if new_count == 0:
        return 0.0
    shared = jaccard * (new_count + old_count) / (1.0 + jaccard)
    return min(1.0, shared / new_count)
