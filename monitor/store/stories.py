"""What a story page shows, read in one place: the story, its articles with their verdicts, the
user's corrections and the story's mute (rendered by monitor/storypage.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.store.feedback import Correction, MuteState, corrections_by_article, mute_state
from monitor.store.repo import StoryHead
from monitor.store.schema import ArticleRow, StoryRow, VerdictRow


@dataclass(slots=True)
class PageEntry:
    article_id: int
    kind: str
    at: datetime
    title: str
    url: str
    site: str | None
    language: str | None
    new_facts: list[str]
    duplicate_of: int | None
    correction: Correction | None = None


@dataclass(slots=True)
class StoryPageData(StoryHead):
    entries: list[PageEntry] = field(default_factory=list)
    mute: MuteState | None = None


def _article_id(key: Any) -> int | None:
    try:
        return int(str(key))
    except (TypeError, ValueError):
        return None


def story_page_data(session: Session, story_id: int) -> StoryPageData | None:
    """Everything the story's page shows, or None when there is no such story."""
    story = session.get(StoryRow, story_id)
    if story is None:
        return None
    rows = session.execute(
        select(VerdictRow, ArticleRow)
        .join(ArticleRow, ArticleRow.id == VerdictRow.article_id)
        .where(VerdictRow.story_id == story_id)
        .order_by(func.coalesce(ArticleRow.published, ArticleRow.fetched_at), VerdictRow.id)
    ).all()
    fixes = corrections_by_article(session, [a.id for _, a in rows])
    entries = [
        PageEntry(
            article_id=a.id,
            kind=v.kind,
            at=a.published or a.fetched_at,
            title=a.title or "",
            url=a.url,
            site=a.site,
            language=a.language,
            new_facts=[str(f) for f in v.new_facts or []],
            duplicate_of=_article_id(v.duplicate_of),
            correction=fixes.get(a.id),
        )
        for v, a in rows
    ]
    return StoryPageData(
        **StoryHead.fields_of(story),
        entries=entries,
        mute=mute_state(session, story_id),
    )


def story_topic(session: Session, story_id: int) -> str | None:
    return session.scalar(select(StoryRow.topic).where(StoryRow.id == story_id))


def article_story(session: Session, article_id: int) -> int | None:
    return session.scalar(select(VerdictRow.story_id).where(VerdictRow.article_id == article_id))
