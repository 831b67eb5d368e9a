"""Queries of the run: seen URLs, source state, failures, articles, verdicts, stories, runs, locks."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monitor.errors import RunLocked
from monitor.models import AlertStatus, Candidate
from monitor.models import SourceState as SourceMemory
from monitor.store.db import chunked
from monitor.store.schema import (
    AlertRow,
    ArticleRow,
    RunLock,
    RunRow,
    SourceState,
    StoryRow,
    UrlAlias,
    UrlFailure,
    VerdictRow,
    utcnow,
)

# A lock whose holder has not heart-beaten for this long is considered abandoned.
LOCK_STALE_AFTER = timedelta(minutes=30)
# Failed URLs are retried after 15 min, 30 min, 1 h, ... up to a day, and given up after this many.
MAX_URL_ATTEMPTS = 8
# URL columns hold this many characters; longer URLs are not articles anyone links to.
MAX_URL_CHARS = 2000


def seen_urls(session: Session, topic: str, urls: Iterable[str]) -> set[str]:
    """Which of these canonical URLs belong to an article (or rejected page) already stored."""
    wanted = list(dict.fromkeys(urls))
    seen: set[str] = set()
    for chunk in chunked(wanted):
        rows = session.scalars(
            select(UrlAlias.url).where(UrlAlias.topic == topic, UrlAlias.url.in_(chunk))
        )
        seen.update(rows)
    return seen


def article_for_url(session: Session, topic: str, url: str) -> int | None:
    return session.scalar(
        select(UrlAlias.article_id).where(UrlAlias.topic == topic, UrlAlias.url == url)
    )


def add_aliases(
    session: Session,
    topic: str,
    article_id: int,
    urls: Iterable[str],
    known: set[str] | None = None,
) -> None:
    """Point these URLs at the article, except those already pointing somewhere. `known`, when
    given, is the caller's up-to-date set of stored URLs (read once per batch): it is used
    instead of a query and the URLs added here join it."""
    urls = list(dict.fromkeys(urls))
    stored = seen_urls(session, topic, urls) if known is None else known
    for url in urls:
        if url not in stored:
            session.add(UrlAlias(topic=topic, url=url, article_id=article_id))
            if known is not None:
                known.add(url)


# ------------------------------------------------------------------------------- sources


def load_source_state(session: Session, topic: str, name: str, kind: str) -> SourceState:
    row = session.scalar(
        select(SourceState).where(SourceState.topic == topic, SourceState.name == name)
    )
    if row is None:
        row = SourceState(topic=topic, name=name, kind=kind, extra={}, consecutive_failures=0)
        session.add(row)
        session.flush()
    return row


def source_state(session: Session, topic: str, name: str, kind: str) -> SourceMemory:
    """What the source remembered at its last check (validators, body hash, extra state)."""
    row = load_source_state(session, topic, name, kind)
    return SourceMemory(
        etag=row.etag,
        last_modified=row.last_modified,
        body_hash=row.body_hash,
        extra=dict(row.extra or {}),
    )


def save_source_check(
    session: Session,
    topic: str,
    name: str,
    state: SourceMemory | None,
    now: datetime,
    *,
    error: str | None,
    listed: Sequence[Candidate] = (),
) -> int:
    """Record one check of a source: its new state (None when it failed), its health, and the
    candidates it listed (canonical URLs); returns how many of those were new.

    In one transaction with the new ETag: once it is stored, an unchanged feed lists nothing,
    so a run that dies now must leave its candidates to the next one.
    """
    added = remember_candidates(session, topic, listed, now)
    row = load_source_state(session, topic, name, "")
    row.last_checked_at = now
    if state is not None:
        row.etag, row.last_modified, row.body_hash = (
            state.etag,
            state.last_modified,
            state.body_hash,
        )
        row.extra = dict(state.extra)
    if error is None:
        row.last_ok_at, row.consecutive_failures, row.last_error = now, 0, None
    else:
        row.consecutive_failures += 1
        row.last_error = error[:500]
    return added


# ------------------------------------------------------------------------------ failures


def record_url_failure(
    session: Session,
    topic: str,
    url: str,
    reason: str,
    *,
    source: str | None,
    title: str | None = None,
    published: datetime | None = None,
    language: str | None = None,
    now: datetime | None = None,
) -> UrlFailure:
    now = now or utcnow()
    row = session.scalar(select(UrlFailure).where(UrlFailure.topic == topic, UrlFailure.url == url))
    if row is None:
        row = UrlFailure(
            topic=topic,
            url=url,
            source=source,
            title=title,
            published=published,
            language=language,
            reason=reason[:500],
            attempts=1,
            first_failed_at=now,
            last_failed_at=now,
        )
        session.add(row)
    else:
        row.attempts += 1
        row.reason = reason[:500]
        row.last_failed_at = now
    backoff = timedelta(minutes=15) * (2 ** min(row.attempts - 1, 7))
    row.next_attempt_at = now + min(backoff, timedelta(days=1))
    row.gave_up = row.attempts >= MAX_URL_ATTEMPTS
    return row


# The reason of a candidate a source listed and no run has dealt with yet (see remember_candidates).
NOT_YET_FETCHED = "not yet fetched"


def remember_candidates(
    session: Session, topic: str, candidates: Sequence[Candidate], now: datetime | None = None
) -> int:
    """Keep the unseen candidates (canonical URLs) a source has just listed until a run deals
    with them; returns how many were new.

    They are written in the transaction that stores the source's new ETag: a run that dies
    after that (kill -9, power loss, lost database) would otherwise never see them again, as
    the unchanged feed answers 304 from then on. They wait as due URL failures with no attempt
    yet, so the next run picks them up; storing, rejecting or failing the URL clears or counts
    them like any other failure.
    """
    now = now or utcnow()
    wanted: dict[str, Candidate] = {}
    for candidate in candidates:
        if candidate.url and len(candidate.url) <= MAX_URL_CHARS:
            wanted.setdefault(candidate.url, candidate)
    if not wanted:
        return 0
    known = seen_urls(session, topic, wanted)
    urls = list(wanted)
    for chunk in chunked(urls):
        known.update(
            session.scalars(
                select(UrlFailure.url).where(UrlFailure.topic == topic, UrlFailure.url.in_(chunk))
            )
        )
    added = 0
    for url, candidate in wanted.items():
        if url in known:
            continue
        session.add(
            UrlFailure(
                topic=topic,
                url=url,
                source=(candidate.source or "")[:200] or None,
                title=candidate.title,
                published=candidate.published,
                language=(candidate.language or "")[:10] or None,
                reason=NOT_YET_FETCHED,
                attempts=0,
                first_failed_at=now,
                last_failed_at=now,
                next_attempt_at=now,
                gave_up=False,
            )
        )
        added += 1
    return added


def due_url_failures(
    session: Session, topic: str, now: datetime, limit: int = 200
) -> list[UrlFailure]:
    return list(
        session.scalars(
            select(UrlFailure)
            .where(
                UrlFailure.topic == topic,
                UrlFailure.gave_up.is_(False),
                UrlFailure.next_attempt_at <= now,
            )
            .order_by(UrlFailure.next_attempt_at)
            .limit(limit)
        )
    )


def clear_url_failures(session: Session, topic: str, urls: Sequence[str]) -> None:
    for chunk in chunked(list(urls)):
        session.execute(
            delete(UrlFailure).where(UrlFailure.topic == topic, UrlFailure.url.in_(chunk))
        )


# ---------------------------------------------------------------------------- runs, locks


def owner_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _holder_is_dead(owner: str) -> bool:
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def acquire_lock(session: Session, topic: str, owner: str, now: datetime | None = None) -> None:
    """Take the topic's run lock or raise RunLocked; a dead or silent holder's lock is taken over."""
    now = now or utcnow()
    try:
        with session.begin_nested():
            session.add(RunLock(topic=topic, owner=owner, acquired_at=now, heartbeat_at=now))
        session.commit()
        return
    except IntegrityError:
        session.rollback()
    current = session.get(RunLock, topic)
    if current is None:  # released between our insert and our read
        return acquire_lock(session, topic, owner, now)
    if current.owner != owner and not (
        _holder_is_dead(current.owner) or current.heartbeat_at < now - LOCK_STALE_AFTER
    ):
        raise RunLocked(
            f"topic '{topic}' is being monitored by another run ({current.owner}, "
            f"since {current.acquired_at:%Y-%m-%d %H:%M:%S} UTC)"
        )
    taken = session.execute(
        update(RunLock)
        .where(RunLock.topic == topic, RunLock.owner == current.owner)
        .values(owner=owner, acquired_at=now, heartbeat_at=now)
    )
    session.commit()
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        raise RunLocked(f"topic '{topic}' was taken over by another run just now")


def heartbeat(session: Session, topic: str, owner: str) -> None:
    session.execute(
        update(RunLock)
        .where(RunLock.topic == topic, RunLock.owner == owner)
        .values(heartbeat_at=utcnow())
    )


def release_lock(session: Session, topic: str, owner: str) -> None:
    session.execute(delete(RunLock).where(RunLock.topic == topic, RunLock.owner == owner))


def start_run(session: Session, topic: str, *, dry_run: bool) -> RunRow:
    run = RunRow(topic=topic, dry_run=dry_run, status="running", started_at=utcnow(), report={})
    session.add(run)
    session.flush()
    return run


def finish_run(
    session: Session,
    run_id: int | None,
    finished: datetime,
    report: dict[str, Any],
    error: BaseException | None,
) -> None:
    """Record how a run ended: completed, or failed with the error, and its report."""
    run = session.get(RunRow, run_id) if run_id is not None else None
    if run is None:
        return
    run.finished_at = finished
    run.status = "failed" if error else "completed"
    run.error = None if error is None else f"{type(error).__name__}: {error}"
    run.report = report


def prune_site_boilerplate(session: Session, before: datetime) -> int:
    """Forget lines seen on a single page before `before`: article text, not boilerplate."""
    from monitor.store.boilerplate import SqlSiteBoilerplate  # its tables live beside it

    return SqlSiteBoilerplate(session).prune(before=before)


# --------------------------------------------------------------------------- stories view


@dataclass(slots=True)
class StoryHead:
    """What every view of a story starts with (the list of stories, the story's page)."""

    id: int
    topic: str
    title: str
    created_at: datetime
    updated_at: datetime
    articles: int
    developments: int

    @staticmethod
    def fields_of(story: StoryRow) -> dict[str, Any]:
        return {
            "id": story.id,
            "topic": story.topic,
            "title": story.title,
            "created_at": story.created_at,
            "updated_at": story.updated_at,
            "articles": story.article_count,
            "developments": story.development_count,
        }


@dataclass(slots=True)
class StorySummary(StoryHead):
    languages: list[str] = field(default_factory=list)


def list_stories(
    session: Session, topic: str | None, limit: int = 50, since: datetime | None = None
) -> list[StorySummary]:
    """Stories, the latest development first (those whose last one is at or after `since`),
    with the languages of their articles."""
    query = select(StoryRow).order_by(StoryRow.updated_at.desc(), StoryRow.id.desc()).limit(limit)
    if topic:
        query = query.where(StoryRow.topic == topic)
    if since is not None:
        query = query.where(StoryRow.updated_at >= since)
    stories = [StorySummary(**StoryHead.fields_of(s)) for s in session.scalars(query)]
    if stories:
        languages = session.execute(
            select(VerdictRow.story_id, ArticleRow.language)
            .join(ArticleRow, ArticleRow.id == VerdictRow.article_id)
            .where(VerdictRow.story_id.in_([s.id for s in stories]))
            .where(ArticleRow.language.is_not(None))
            .distinct()
        ).all()
        by_story: dict[int, set[str]] = {}
        for story_id, language in languages:
            by_story.setdefault(story_id, set()).add(language)
        for story in stories:
            story.languages = sorted(by_story.get(story.id, ()))
    return stories


def verdict_counts(session: Session, topic: str) -> dict[str, int]:
    rows = session.execute(
        select(VerdictRow.kind, func.count())
        .where(VerdictRow.topic == topic)
        .group_by(VerdictRow.kind)
    )
    return {kind: count for kind, count in rows}


def article_count(session: Session, topic: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(ArticleRow)
            .where(ArticleRow.topic == topic, ArticleRow.status == "article")
        )
        or 0
    )


def pending_alert_count(session: Session, topic: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(AlertRow)
            .where(AlertRow.topic == topic, AlertRow.status == AlertStatus.PENDING)
        )
        or 0
    )
