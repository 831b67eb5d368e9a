"""The plain data passed between the stages of a run: candidates, pages, articles, verdicts, alerts."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class VerdictKind(enum.StrEnum):
    """What an article is to the story memory of its topic."""

    NEW_STORY = "new_story"
    DEVELOPMENT = "development"
    KNOWN = "known"
    DUPLICATE = "duplicate"
    IRRELEVANT = "irrelevant"


class AlertStatus(enum.StrEnum):
    """Where an alert is: some routed target still to do, every target done, sent as part of
    the digest alert `folded_into`, or a target gave up."""

    PENDING = "pending"
    SENT = "sent"
    FOLDED = "folded"
    FAILED = "failed"


class DeliveryState(enum.StrEnum):
    """Where one (alert, target) delivery is. SENDING is recorded before apprise is called;
    FAILED is retried with backoff; GAVE_UP after too many failures; UNCONFIRMED when a run
    stopped between sending and recording (never sent again automatically)."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    GAVE_UP = "gave_up"
    UNCONFIRMED = "unconfirmed"

    @property
    def done(self) -> bool:
        """The target has the alert, or must be assumed to have it."""
        return self in (DeliveryState.SENT, DeliveryState.UNCONFIRMED)

    @property
    def retryable(self) -> bool:
        """A delivery run may (still) send it."""
        return self in (DeliveryState.PENDING, DeliveryState.FAILED)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A link a source found: something that may be a new article."""

    url: str
    source: str
    title: str | None = None
    published: datetime | None = None
    language: str | None = None
    summary: str | None = None


@dataclass
class SourceState:
    """What a source remembers between runs (stored per topic and source by `monitor.store.repo`).

    ``extra`` is JSON-serialisable: per-URL validators of multi-URL sources, resolved redirects.
    """

    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Page:
    """A fetched HTTP response, decoded."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    text: str
    encoding: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


@dataclass(slots=True)
class Article:
    """Clean text and metadata extracted from one page."""

    url: str
    title: str
    text: str
    published: datetime | None = None
    language: str | None = None
    author: str | None = None
    site: str | None = None
    description: str | None = None
    credits: list[str] = field(default_factory=list)
    boilerplate_lines: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Verdict:
    """The story memory's decision on one article, with what it matched, for explaining it later."""

    kind: VerdictKind
    story_id: int | None = None
    duplicate_of: str | None = None
    new_facts: list[str] = field(default_factory=list)
    relevance: float = 0.0
    matched_terms: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Decision:
    """What the run made of one stored article: shown in the run summary and the
    Prefect artifacts."""

    title: str
    url: str
    source: str
    site: str | None
    language: str | None
    published: datetime
    verdict: Verdict
    alert_id: int | None = None


@dataclass(slots=True)
class Failure:
    """Something that went wrong with one item; failures are data, reported and retried later."""

    stage: str
    item: str
    reason: str


@dataclass(slots=True)
class RunReport:
    """What one monitoring pass did; printed by the CLI and published as a Prefect artifact."""

    topic: str
    run_id: int | None = None
    started: datetime | None = None
    finished: datetime | None = None
    dry_run: bool = False
    candidates: int = 0
    skipped_seen: int = 0
    fetched: int = 0
    stored: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)
    alerts_created: int = 0
    alerts_sent: int = 0
    alerts_failed: int = 0
    failures: list[Failure] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
