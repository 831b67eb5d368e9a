"""The user's feedback: muted stories and corrected verdicts (tables `story_mutes`, `corrections`).

A muted story keeps being followed: its articles are judged and stored and its timeline grows,
but its developments make no alert. A muted story that grows big meanwhile (`WAKE_AFTER`
developments since the mute) says so once, in the alert of the development that made it big.

A correction keeps the user's verdict beside the monitor's and the scores the monitor decided on,
so `export_arc` can write corrected articles as a labelled arc in the scenario suite's shape
(tests/scenarios/*.jsonl), which bench/fit_decisions.py and bench/quality.py read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.errors import MonitorError
from monitor.store.schema import (
    ArticleRow,
    CorrectionRow,
    StoryMute,
    StoryRow,
    VerdictRow,
    utcnow,
)

VERDICTS = ("known", "development", "new_story", "duplicate", "irrelevant")
# A muted story with this many developments since the mute has grown into something big: the
# development that makes it so is alerted once, saying the story is muted and why it is shown.
WAKE_AFTER = 3


class FeedbackError(MonitorError):
    """A mute or a correction that names something that does not exist, or a bad value."""


# ------------------------------------------------------------------------------ durations

_DURATION = re.compile(r"^\s*(\d+)\s*(m|min|h|d|w)\s*$", re.IGNORECASE)
_UNIT = {"m": 60, "min": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(text: str) -> timedelta:
    """'14d', '12h', '2w', '30m' as a timedelta; a clear error otherwise."""
    match = _DURATION.match(text or "")
    if not match or int(match.group(1)) <= 0:
        raise FeedbackError(
            f"not a duration: {text!r} (a positive number and a unit: 30m, 12h, 14d, 2w)"
        )
    return timedelta(seconds=int(match.group(1)) * _UNIT[match.group(2).lower()])


# ----------------------------------------------------------------------------------- mutes


@dataclass(frozen=True, slots=True)
class MuteState:
    story_id: int
    muted_at: datetime
    until: datetime | None
    woke_at: datetime | None

    def line(self) -> str:
        until = f"until {self.until:%Y-%m-%d %H:%M} UTC" if self.until else "until unmuted"
        line = f"muted on {self.muted_at:%Y-%m-%d %H:%M} UTC, {until}"
        if self.woke_at is not None:
            line += f"; grew big and was alerted once on {self.woke_at:%Y-%m-%d %H:%M} UTC"
        return line


def _story(session: Session, story_id: int) -> StoryRow:
    story = session.get(StoryRow, story_id)
    if story is None:
        raise FeedbackError(f"no story {story_id} (see `monitor stories`)")
    return story


def mute(
    session: Session,
    story_id: int,
    *,
    duration: timedelta | None = None,
    now: datetime | None = None,
) -> MuteState:
    """Mute a story (for `duration`, or until unmuted); muting again renews the mute."""
    now = now or utcnow()
    story = _story(session, story_id)
    row = session.get(StoryMute, story_id)
    if row is None:
        row = StoryMute(story_id=story_id, topic=story.topic)
        session.add(row)
    row.muted_at, row.until, row.woke_at = now, (now + duration if duration else None), None
    session.flush()
    return _state(row)


def unmute(session: Session, story_id: int) -> bool:
    """Unmute a story; False when it was not muted."""
    _story(session, story_id)
    row = session.get(StoryMute, story_id)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def _state(row: StoryMute) -> MuteState:
    return MuteState(row.story_id, row.muted_at, row.until, row.woke_at)


def mute_state(session: Session, story_id: int, now: datetime | None = None) -> MuteState | None:
    """The story's mute while it holds (an expired mute is no mute)."""
    row = session.get(StoryMute, story_id)
    if row is None or (row.until is not None and row.until <= (now or utcnow())):
        return None
    return _state(row)


def alert_gate(session: Session, story_id: int | None, now: datetime) -> tuple[bool, str | None]:
    """Whether a verdict of this story may be alerted, and the note to add when a muted story
    has grown big (once per mute): (True, None) not muted; (False, None) muted; (True, note)."""
    if story_id is None:
        return True, None
    row = session.get(StoryMute, story_id)
    if row is None or (row.until is not None and row.until <= now):
        return True, None
    if row.woke_at is not None:
        return False, None
    developments = int(
        session.scalar(
            select(func.count())
            .select_from(VerdictRow)
            .where(
                VerdictRow.story_id == story_id,
                VerdictRow.kind == "development",
                VerdictRow.decided_at >= row.muted_at,
            )
        )
        or 0
    )
    if developments < WAKE_AFTER:
        return False, None
    row.woke_at = now
    return True, (
        f"You muted this story on {row.muted_at:%Y-%m-%d}; it has had {developments} "
        "developments since, so this one is shown once. It stays muted: "
        f"`monitor unmute {story_id}` to follow it again."
    )


# ----------------------------------------------------------------------------- corrections


@dataclass(frozen=True, slots=True)
class Correction:
    id: int
    topic: str
    article_id: int
    story_id: int | None
    verdict_was: str
    verdict: str
    scores: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    title: str


def _view(row: CorrectionRow, title: str) -> Correction:
    return Correction(
        id=row.id,
        topic=row.topic,
        article_id=row.article_id,
        story_id=row.story_id,
        verdict_was=row.verdict_was,
        verdict=row.verdict,
        scores=dict(row.scores or {}),
        created_at=row.created_at,
        updated_at=row.updated_at,
        title=title,
    )


def correct(
    session: Session, article_id: int, verdict: str, now: datetime | None = None
) -> Correction:
    """Store the user's verdict on an article with the features of the monitor's decision; a
    second correction of the same article replaces the first."""
    now = now or utcnow()
    if verdict not in VERDICTS:
        raise FeedbackError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
    article = session.get(ArticleRow, article_id)
    if article is None or article.status != "article":
        raise FeedbackError(f"no article {article_id} (article ids are in `monitor story ID`)")
    decided = session.scalar(select(VerdictRow).where(VerdictRow.article_id == article_id))
    if decided is None:
        raise FeedbackError(f"article {article_id} has no verdict to correct")
    row = session.scalar(select(CorrectionRow).where(CorrectionRow.article_id == article_id))
    if row is None:
        row = CorrectionRow(topic=article.topic, article_id=article_id, created_at=now)
        session.add(row)
    row.verdict_id = decided.id
    row.story_id = decided.story_id
    row.verdict_was = decided.kind
    row.verdict = verdict
    row.scores = {
        **dict(decided.scores or {}),
        "relevance": decided.relevance,
        "matched_terms": list(decided.matched_terms or []),
    }
    row.new_facts_was = list(decided.new_facts or [])
    row.duplicate_of_was = decided.duplicate_of
    row.updated_at = now
    session.flush()
    return _view(row, article.title or "")


def corrections(session: Session, topic: str | None = None) -> list[Correction]:
    query = (
        select(CorrectionRow, ArticleRow.title)
        .join(ArticleRow, ArticleRow.id == CorrectionRow.article_id)
        .order_by(CorrectionRow.created_at, CorrectionRow.id)
    )
    if topic:
        query = query.where(CorrectionRow.topic == topic)
    return [_view(row, title or "") for row, title in session.execute(query)]


def corrections_by_article(session: Session, article_ids: list[int]) -> dict[int, Correction]:
    if not article_ids:
        return {}
    rows = session.execute(
        select(CorrectionRow, ArticleRow.title)
        .join(ArticleRow, ArticleRow.id == CorrectionRow.article_id)
        .where(CorrectionRow.article_id.in_(article_ids))
    )
    return {row.article_id: _view(row, title or "") for row, title in rows}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "topic"


def export_arc(session: Session, topic: str | None = None) -> list[dict[str, Any]]:
    """The corrections as one labelled arc in the scenario suite's shape: a header line, then
    articles in date order with `id`, `published`, `lang`, `title`, `text` and `expect`.

    Each corrected article comes with the articles of its story published before it (labelled
    with the monitor's verdicts, which the user let stand), so a replay meets the memory the
    user judged it against. `expect.story` names the story an article belongs to (its own for a
    `new_story`); `expect.source` says who labelled it; corrected lines keep the monitor's
    verdict and the scores it decided on under `correction`.
    """
    found = corrections(session, topic)
    topics = sorted({c.topic for c in found})
    if len(topics) > 1:
        raise FeedbackError(
            f"corrections of {len(topics)} topics ({', '.join(topics)}): "
            "export one topic at a time with --topic"
        )
    if not found:
        return []
    name = topics[0]
    corrected = {c.article_id: c for c in found}
    wanted: dict[int, None] = dict.fromkeys(corrected)
    for c in found:
        if c.story_id is None:
            continue
        article = session.get(ArticleRow, c.article_id)
        cut = article.published if article is not None else None
        query = (
            select(VerdictRow.article_id)
            .join(ArticleRow, ArticleRow.id == VerdictRow.article_id)
            .where(VerdictRow.story_id == c.story_id)
        )
        if cut is not None:
            query = query.where(ArticleRow.published <= cut)
        wanted.update(dict.fromkeys(session.scalars(query)))
    rows = session.execute(
        select(ArticleRow, VerdictRow)
        .join(VerdictRow, VerdictRow.article_id == ArticleRow.id)
        .where(ArticleRow.id.in_(list(wanted)))
        .order_by(ArticleRow.published, ArticleRow.id)
    ).all()
    arc = f"corrections-{_slug(name)}"
    by_key = {str(v.article_id): f"{arc}-{a.id}" for a, v in rows}
    lines: list[dict[str, Any]] = [
        {
            "arc": arc,
            "topic": name,
            "about": f"Verdicts corrected by the user in topic '{name}', with their stories.",
        }
    ]
    for article, verdict in rows:
        correction = corrected.get(article.id)
        label = correction.verdict if correction else verdict.kind
        expect: dict[str, Any] = {
            "verdict": label,
            "why": (
                f"corrected by the user: the monitor said {correction.verdict_was}"
                if correction
                else "the monitor's verdict, left standing"
            ),
            "source": "user" if correction else "monitor",
        }
        if correction and label == "new_story":
            expect["story"] = f"own:{arc}-{article.id}"  # the user: a story of its own
        elif (
            label != "irrelevant"
            and verdict.story_id is not None
            and not (correction and verdict.kind in ("new_story", "irrelevant"))
        ):
            # (which story the user means is not known when the monitor opened one for it)
            expect["story"] = f"story-{verdict.story_id}"
        if label == "duplicate" and verdict.duplicate_of in by_key:
            expect["duplicate_of"] = by_key[str(verdict.duplicate_of)]
        line: dict[str, Any] = {
            "id": f"{arc}-{article.id}",
            "published": (article.published or article.fetched_at).isoformat(),
            "lang": article.language or "",
            "title": article.title or "",
            "text": article.text or "",
            "url": article.url,
            "expect": expect,
        }
        if correction:
            line["correction"] = {
                "verdict_was": correction.verdict_was,
                "scores": correction.scores,
                "corrected_at": correction.updated_at.isoformat(),
            }
        lines.append(line)
    return lines
