"""What the story memory needs to remember, as a protocol: `MemoryIndex` and the records it holds.

Every lookup goes through a key (content hash, LSH band keys, salient terms, one story's id), so an
implementation never has to scan all articles or all stories.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

import numpy as np


@dataclass(slots=True)
class StoredDoc:
    """An earlier article as the duplicate check sees it."""

    key: str
    story_id: int | None
    shingle_count: int
    signature: np.ndarray
    # the word sketch and its number of words (analysis.word_signature); empty when not read
    # or stored before it was kept
    word_count: int = 0
    word_signature: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))
    # when it was published (read with the word sketch only)
    published: datetime | None = None


@dataclass(slots=True)
class StoryProfile:
    """A story's incrementally updated centre: term weights (top terms only) and its time span.

    `core` holds the story's anchors: the keys of what its first report and its developments'
    headlines and leads are about (bounded), which a later article must name to join on weak
    similarity."""

    story_id: int
    terms: dict[str, float]
    doc_count: int
    first_seen: datetime
    last_seen: datetime
    core: dict[str, float] = field(default_factory=dict)
    # the sum of its articles' headline-and-lead embeddings (None for a story stored before
    # embeddings were kept)
    embedding: np.ndarray | None = None
    # the sum of its articles' opening embeddings (None for a story stored before they were kept)
    opening: np.ndarray | None = None
    # the headline-and-lead embedding of its latest step's report: its first report or its
    # latest development (None for a story stored before it was kept)
    step_embedding: np.ndarray | None = None


@dataclass(slots=True)
class StoryKnowledge:
    """What one story already holds of the keys and sentences an article brings."""

    # keys stated as facts; keys only met in forecasts ('must still approve') are in `modal_keys`
    fact_keys: set[str] = field(default_factory=set)
    modal_keys: set[str] = field(default_factory=set)
    # the fingerprints of the article's sentences the story holds
    sentences: set[int] = field(default_factory=set)
    # the story's article that holds most of the article's sentences, when it holds at least the
    # share asked for (a copy the shingle sketch missed); ties: the greatest key
    copy_of: str | None = None


@dataclass(slots=True)
class Recording:
    """Everything to remember about one decided article."""

    key: str
    kind: str
    story_id: int | None
    published: datetime
    content_hash: str
    # near-duplicate sketch; empty for articles that are not indexed (duplicates, irrelevant)
    signature: np.ndarray | None = None
    shingle_count: int = 0
    band_keys: list[int] = field(default_factory=list)
    word_signature: np.ndarray | None = None
    word_count: int = 0
    # sentence fingerprints, term keys and their document frequency contribution
    sentences: list[int] = field(default_factory=list)
    fact_keys: set[str] = field(default_factory=set)
    modal_keys: set[str] = field(default_factory=set)
    doc_terms: set[str] = field(default_factory=set)
    profile: StoryProfile | None = None
    is_development: bool = False


class MemoryIndex(Protocol):
    """State access of the story memory for one topic. Implementations add rows, never commit."""

    def doc_count(self) -> int:
        """Articles recorded with terms so far (the N of inverse document frequency)."""
        ...

    def find_by_hash(self, content_hash: str) -> StoredDoc | None:
        """The first recorded article with this normalised content hash."""
        ...

    def near_duplicates(self, band_keys: list[int], limit: int) -> list[StoredDoc]:
        """Articles sharing at least one LSH band key, most shared bands first."""
        ...

    def story_docs(self, story_id: int, limit: int) -> list[StoredDoc]:
        """The story's most recently recorded articles that have a word sketch (at most
        `limit`), with it (their shingle sketch left empty)."""
        ...

    def document_frequencies(self, terms: list[str]) -> dict[str, int]:
        """How many recorded articles contain each term (absent terms are left out)."""
        ...

    def candidate_stories(
        self, terms: dict[str, float], since: datetime, per_term: int
    ) -> dict[int, float]:
        """Stories that used any of the terms since `since` (at most `per_term` most recent per
        term), each with the summed weight of the terms it shares."""
        ...

    def story_profiles(self, story_ids: list[int]) -> list[StoryProfile]: ...

    def story_knowledge(
        self, story_id: int, keys: set[str], sentences: set[int], copy_share: float = 0.0
    ) -> StoryKnowledge:
        """Which of these keys and sentence fingerprints the story already holds, and the
        story's article holding at least `copy_share` of the fingerprints (the most), if any."""
        ...

    def open_story(
        self, title: str, language: str | None, first_key: str, published: datetime
    ) -> int:
        """Create the story row and return its id."""
        ...

    def record(self, recording: Recording) -> None:
        """Remember a decided article (and update its story's row and profile)."""
        ...
