"""SQLAlchemy ORM tables of the monitor: sources, articles, stories, verdicts, alerts, runs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from monitor.models import AlertStatus, DeliveryState

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in and out, on every backend (SQLite keeps no offset of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime refused by the store: {value!r}")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Integer primary keys that are BIGINT on PostgreSQL and INTEGER (rowid alias) on SQLite.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime,
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class SourceState(Base):
    """Per (topic, source): conditional-GET validators, body hash and health."""

    __tablename__ = "source_state"
    __table_args__ = (UniqueConstraint("topic", "name"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    topic: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    body_hash: Mapped[str | None] = mapped_column(String(64))
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    last_checked_at: Mapped[datetime | None]
    last_ok_at: Mapped[datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))


class ArticleRow(Base):
    """A fetched page: an article we keep, or a page rejected with its reason (so it is not refetched)."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("topic", "url"),
        Index("ix_articles_topic_content_hash", "topic", "content_hash"),
        Index("ix_articles_topic_published", "topic", "published"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    topic: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(2000))
    status: Mapped[str] = mapped_column(String(20), default="article")  # article | rejected
    reject_reason: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(200))
    discovered_url: Mapped[str | None] = mapped_column(String(2000))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(10))
    author: Mapped[str | None] = mapped_column(String(500))
    site: Mapped[str | None] = mapped_column(String(300))
    published: Mapped[datetime | None]
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    run_id: Mapped[int | None] = mapped_column(BigId)


class UrlAlias(Base):
    """Every URL we met for a stored article (discovered, redirected, canonical): the 'seen?' check."""

    __tablename__ = "url_aliases"
    __table_args__ = (UniqueConstraint("topic", "url"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    topic: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(2000))
    article_id: Mapped[int] = mapped_column(BigId, ForeignKey("articles.id", ondelete="CASCADE"))


class UrlFailure(Base):
    """A candidate URL that failed to fetch or extract; retried on later runs with backoff."""

    __tablename__ = "url_failures"
    __table_args__ = (UniqueConstraint("topic", "url"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    topic: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(2000))
    source: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(500))
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    first_failed_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_failed_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    gave_up: Mapped[bool] = mapped_column(default=False)


class StoryRow(Base):
    """A story: the first report and every development that followed it."""

    __tablename__ = "stories"
    __table_args__ = (Index("ix_stories_topic_updated", "topic", "updated_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    topic: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(10))
    first_doc_key: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    article_count: Mapped[int] = mapped_column(Integer, default=1)
    development_count: Mapped[int] = mapped_column(Integer, default=0)


class VerdictRow(Base):
    """The story memory's decision on one article, with its scores and matches."""

    __tablename__ = "verdicts"
    __table_args__ = (
        UniqueConstraint("article_id"),
        Index("ix_verdicts_story", "story_id", "decided_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    topic: Mapped[str] = mapped_column(String(100))
    article_id: Mapped[int] = mapped_column(BigId, ForeignKey("articles.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    story_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("stories.id"))
    duplicate_of: Mapped[str | None] = mapped_column(String(200))
    new_facts: Mapped[list[Any]] = mapped_column(JSON, default=list)
    relevance: Mapped[float] = mapped_column(Float, default=0.0)
    matched_terms: Mapped[list[Any]] = mapped_column(JSON, default=list)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    run_id: Mapped[int | None] = mapped_column(BigId)


class AlertRow(Base):
    """The outbox: one alert per (story, development); written with the verdict that causes it."""

    __tablename__ = "alerts"
    __table_args__ = (
        UniqueConstraint("idempotency_key"),
        Index("ix_alerts_topic_status", "topic", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    topic: Mapped[str] = mapped_column(String(100))
    idempotency_key: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))  # new_story | development | digest | test
    story_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("stories.id"))
    verdict_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("verdicts.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=AlertStatus.PENDING.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    not_before: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    folded_into: Mapped[int | None] = mapped_column(BigId)


class DeliveryRow(Base):
    """One alert to one target: recorded before sending ('sending') and after ('sent'/'failed')."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("alert_id", "target"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    alert_id: Mapped[int] = mapped_column(BigId, ForeignKey("alerts.id", ondelete="CASCADE"))
    target: Mapped[str] = mapped_column(
        String(200)
    )  # stable key of the target, never the secret URL
    target_label: Mapped[str] = mapped_column(String(300))  # redacted: scheme://host
    state: Mapped[str] = mapped_column(String(20), default=DeliveryState.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    last_attempt_at: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]


class RunRow(Base):
    """One monitoring pass: when, how it ended, and its report."""

    __tablename__ = "runs"
    __table_args__ = (Index("ix_runs_topic_started", "topic", "started_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    topic: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")
    dry_run: Mapped[bool] = mapped_column(default=False)
    error: Mapped[str | None] = mapped_column(Text)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class RunLock(Base):
    """At most one running pass per topic; a lock whose holder stopped heart-beating may be taken."""

    __tablename__ = "run_locks"

    topic: Mapped[str] = mapped_column(String(100), primary_key=True)
    owner: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(default=utcnow)


class StoryMute(Base):
    """A story the user muted: its developments are stored and shown, never alerted (until
    `until`, or for good when it is None). `woke_at` records the one alert a muted story that
    grew big gets (see monitor/store/feedback.py)."""

    __tablename__ = "story_mutes"

    story_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(100))
    muted_at: Mapped[datetime] = mapped_column(default=utcnow)
    until: Mapped[datetime | None]
    woke_at: Mapped[datetime | None]


class CorrectionRow(Base):
    """The user's verdict on an article where the monitor's was wrong, with the features the
    monitor decided on (the verdict's scores then), for refitting the decisions."""

    __tablename__ = "corrections"
    __table_args__ = (
        UniqueConstraint("article_id"),
        Index("ix_corrections_topic_created", "topic", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    topic: Mapped[str] = mapped_column(String(100))
    article_id: Mapped[int] = mapped_column(BigId, ForeignKey("articles.id", ondelete="CASCADE"))
    verdict_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("verdicts.id"))
    story_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("stories.id"))
    verdict_was: Mapped[str] = mapped_column(String(20))
    verdict: Mapped[str] = mapped_column(String(20))
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    new_facts_was: Mapped[list[Any]] = mapped_column(JSON, default=list)
    duplicate_of_was: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SourceHealth(Base):
    """Per (topic, source): how its discoveries went, when it last found something new, and
    which maintenance alert was last queued for it (monitor/health.py). The row with kind 'run'
    and an empty source name is the topic's runs."""

    __tablename__ = "source_health"
    __table_args__ = (UniqueConstraint("topic", "source"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    topic: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    # failed discoveries (runs) in a row; a source retried within one run counts once
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    last_run_id: Mapped[int | None] = mapped_column(BigId)
    last_checked_at: Mapped[datetime | None]
    last_ok_at: Mapped[datetime | None]
    last_failed_at: Mapped[datetime | None]
    # the last time it listed a candidate never seen before; tracked_since when it never did
    last_new_at: Mapped[datetime | None]
    tracked_since: Mapped[datetime] = mapped_column(default=utcnow)
    # ok | down (failed max_failures runs in a row) | quiet (nothing new for quiet_days) |
    # failed (the topic's last run failed)
    status: Mapped[str] = mapped_column(String(20), default="ok")
    problem_since: Mapped[datetime | None]
    alerted_at: Mapped[datetime | None]
