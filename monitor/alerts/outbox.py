"""The alert outbox: which verdicts become alert rows, their payloads and keys, folding, listing.

`enqueue` runs inside the transaction that stores the article and its verdict, so an alert exists
exactly when its verdict does. Its payload holds everything needed to render it later, because
delivery may happen hours later (quiet hours, a digest, a target that is down).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monitor.config import Topic
from monitor.models import AlertStatus, DeliveryState, VerdictKind
from monitor.store.db import chunked
from monitor.store.feedback import alert_gate
from monitor.store.schema import AlertRow, ArticleRow, DeliveryRow, StoryRow, VerdictRow
from monitor.urls import site_host

PAYLOAD_VERSION = 1

_SEVERITY = {VerdictKind.NEW_STORY.value: 2, VerdictKind.DEVELOPMENT.value: 1}
MAX_GIST = 240


def alert_worthy(topic: Topic, kind: str) -> bool:
    """Does a verdict of this kind reach the topic's minimum severity?"""
    severity = _SEVERITY.get(kind)
    return severity is not None and severity >= _SEVERITY[topic.alerts.min_severity]


def outlet_name(site: str | None, url: str) -> str:
    """The outlet as a person names it: the site name, else the host without www."""
    if site and site.strip():
        return site.strip()
    return site_host(url) or url


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”»]?\s+(?=[A-ZÄÖÜ\"'„“«(])")


def gist(text: str | None, headline: str | None) -> str:
    """One line saying what the article reports: its first sentence that is not the headline."""
    if not text:
        return ""
    norm_headline = " ".join((headline or "").split()).casefold()
    for paragraph in text.split("\n"):
        paragraph = " ".join(paragraph.split())
        if len(paragraph) < 25 or paragraph.casefold() == norm_headline:
            continue
        sentence = _SENTENCE_END.split(paragraph, maxsplit=1)[0]
        if sentence.casefold() == norm_headline:
            continue
        if len(sentence) > MAX_GIST:
            cut = sentence[: MAX_GIST - 1]
            sentence = cut[: cut.rfind(" ")] if " " in cut else cut
            sentence = sentence.rstrip(" ,;:-") + "…"
        return sentence
    return ""


def _facts_key(facts: Sequence[str]) -> str:
    normal = sorted({" ".join(str(f).split()).casefold() for f in facts if str(f).strip()})
    return hashlib.sha256("\n".join(normal).encode("utf-8")).hexdigest()[:16]


def idempotency_key(topic: Topic, *, article: ArticleRow, verdict: VerdictRow) -> str:
    """(story, development): a new story once; a development once per distinct set of new facts.

    Two articles bringing the same new facts to the same story are one development, even when the
    story memory judged both as developments (e.g. two runs racing on two outlets' copies).
    """
    story = f"story:{verdict.story_id}" if verdict.story_id else f"verdict:{verdict.id}"
    if verdict.kind == VerdictKind.NEW_STORY.value:
        return f"{topic.name}:{story}:new"
    facts = list(verdict.new_facts or [])
    development = (
        f"facts:{_facts_key(facts)}" if facts else f"text:{article.content_hash or article.id}"
    )
    return f"{topic.name}:{story}:dev:{development}"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def build_payload(
    topic: Topic,
    *,
    article: ArticleRow,
    verdict: VerdictRow,
    story: StoryRow | None,
    now: datetime,
) -> dict[str, Any]:
    """Everything needed to render the alert later, without reading the article again."""
    headline = article.title or ""
    outlet = outlet_name(article.site, article.url)
    story_id = story.id if story else verdict.story_id
    payload: dict[str, Any] = {
        "v": PAYLOAD_VERSION,
        "kind": verdict.kind,
        "topic": topic.name,
        "topic_title": topic.title or topic.name,
        "headline": headline,
        "gist": gist(article.text, headline),
        "url": article.url,
        "outlet": outlet,
        "source": article.source,
        "language": article.language,
        "published": _iso(article.published or article.fetched_at or now),
        "article_id": article.id,
        "verdict_id": verdict.id,
        "new_facts": [str(f) for f in verdict.new_facts or []],
        "outlets": [{"name": outlet, "url": article.url}],
        "command": f"monitor story {story_id}" if story_id else "",
        "queued": now.isoformat(),
    }
    if story is not None:
        payload["story"] = {
            "id": story.id,
            # the story's title is its first report's headline; a new story's is this one
            "title": story.title if verdict.kind == VerdictKind.DEVELOPMENT.value else headline,
            "started": _iso(story.created_at),
            "articles": story.article_count,
            "developments": story.development_count,
        }
    elif story_id:
        payload["story"] = {"id": story_id}
    return payload


def enqueue(
    session: Session,
    topic: Topic,
    *,
    article: ArticleRow,
    verdict: VerdictRow,
    story: StoryRow | None,
    now: datetime,
) -> AlertRow | None:
    """Write the outbox row for an alert-worthy verdict (in the caller's transaction; no commit).

    Returns None when the verdict is not alert-worthy for the topic, or when an alert with the
    same idempotency key exists already (the same development reported twice).
    """
    if not alert_worthy(topic, verdict.kind):
        return None
    key = idempotency_key(topic, article=article, verdict=verdict)
    if session.scalar(select(AlertRow.id).where(AlertRow.idempotency_key == key)) is not None:
        return None
    # a muted story's developments are stored and shown, not alerted (once, if it grew big)
    allowed, muted_note = alert_gate(session, story.id if story else verdict.story_id, now)
    if not allowed:
        return None
    row = AlertRow(
        topic=topic.name,
        idempotency_key=key,
        kind=verdict.kind,
        story_id=story.id if story else verdict.story_id,
        verdict_id=verdict.id,
        payload=build_payload(topic, article=article, verdict=verdict, story=story, now=now)
        | ({"muted_note": muted_note} if muted_note else {}),
        status=AlertStatus.PENDING,
        created_at=now,
    )
    return insert_once(session, row)


def insert_once(session: Session, row: AlertRow) -> AlertRow | None:
    """Add an alert row unless one with its idempotency key exists (then None). A savepoint: a
    concurrent run inserting the same key must not spoil the caller's transaction."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return None
    return row


# ----------------------------------------------------------------------- delivery queries


def due_alerts(session: Session, topic: str, now: datetime) -> list[AlertRow]:
    """Pending alerts of a topic that may be sent now, oldest first."""
    return list(
        session.scalars(
            select(AlertRow)
            .where(
                AlertRow.topic == topic,
                AlertRow.status == AlertStatus.PENDING,
                or_(AlertRow.not_before.is_(None), AlertRow.not_before <= now),
            )
            .order_by(AlertRow.created_at, AlertRow.id)
        )
    )


def deliveries_by_alert(session: Session, alert_ids: Sequence[int]) -> dict[int, list[DeliveryRow]]:
    found: dict[int, list[DeliveryRow]] = {i: [] for i in alert_ids}
    for chunk in chunked(alert_ids):
        for row in session.scalars(select(DeliveryRow).where(DeliveryRow.alert_id.in_(chunk))):
            found[row.alert_id].append(row)
    return found


def fold(
    session: Session, topic: Topic, alerts: Sequence[AlertRow], *, now: datetime, reason: str
) -> AlertRow:
    """Fold alerts into one digest alert (added to the session; the caller commits)."""
    ids = [a.id for a in alerts]
    items = [{**a.payload, "alert_id": a.id} for a in alerts]
    digest_key = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:24]
    digest = AlertRow(
        topic=topic.name,
        idempotency_key=f"{topic.name}:digest:{digest_key}",
        kind="digest",
        story_id=None,
        verdict_id=None,
        payload={
            "v": PAYLOAD_VERSION,
            "kind": "digest",
            "topic": topic.name,
            "topic_title": topic.title or topic.name,
            "reason": reason,
            "alert_ids": ids,
            "items": items,
            "queued": now.isoformat(),
        },
        status=AlertStatus.PENDING,
        created_at=now,
    )
    session.add(digest)
    session.flush()
    for alert in alerts:
        alert.status = AlertStatus.FOLDED
        alert.folded_into = digest.id
    return digest


def corroborating_outlets(
    session: Session, alert: AlertRow, *, limit: int = 8
) -> list[dict[str, Any]]:
    """Outlets of the alert's article and of later articles the story memory matched to the same
    story while the alert waited (known or duplicate reports of the same development)."""
    payload = alert.payload or {}
    outlets: list[dict[str, Any]] = list(payload.get("outlets") or [])
    if alert.story_id is None or alert.kind not in ("new_story", "development"):
        return outlets
    rows = session.execute(
        select(ArticleRow.site, ArticleRow.url)
        .join(VerdictRow, VerdictRow.article_id == ArticleRow.id)
        .where(
            VerdictRow.story_id == alert.story_id,
            VerdictRow.kind.in_(("known", "duplicate")),
            VerdictRow.decided_at >= alert.created_at,
        )
        .order_by(VerdictRow.decided_at, VerdictRow.id)
        .limit(50)
    ).all()
    seen = {str(o.get("name", "")).casefold() for o in outlets}
    for site, url in rows:
        name = outlet_name(site, url)
        if name.casefold() not in seen and len(outlets) < limit:
            seen.add(name.casefold())
            outlets.append({"name": name, "url": url})
    return outlets


# --------------------------------------------------------------------------- listing, retry


@dataclass(slots=True)
class DeliveryView:
    target: str
    label: str
    state: str
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    sent_at: datetime | None


@dataclass(slots=True)
class AlertView:
    id: int
    topic: str
    kind: str
    status: str
    created_at: datetime
    headline: str
    story_id: int | None
    not_before: datetime | None
    sent_at: datetime | None
    folded_into: int | None
    deliveries: list[DeliveryView] = field(default_factory=list)


def list_alerts(
    session: Session, *, topic: str | None = None, status: str | None = None, limit: int = 50
) -> list[AlertView]:
    """Alerts newest first with each target's delivery state; `status` 'failed' also finds pending
    alerts with a failed target."""
    query = select(AlertRow).order_by(AlertRow.created_at.desc(), AlertRow.id.desc()).limit(limit)
    if topic:
        query = query.where(AlertRow.topic == topic)
    if status == AlertStatus.FAILED:
        failing = select(DeliveryRow.alert_id).where(
            DeliveryRow.state.in_((DeliveryState.FAILED, DeliveryState.GAVE_UP))
        )
        query = query.where(or_(AlertRow.status == AlertStatus.FAILED, AlertRow.id.in_(failing)))
    elif status == AlertStatus.PENDING:
        query = query.where(AlertRow.status == AlertStatus.PENDING)
    elif status:
        query = query.where(AlertRow.status == status)
    alerts = list(session.scalars(query))
    deliveries = deliveries_by_alert(session, [a.id for a in alerts])
    views: list[AlertView] = []
    for alert in alerts:
        payload = alert.payload or {}
        headline = str(payload.get("headline") or "")
        if alert.kind == "digest":
            headline = f"digest of {len(payload.get('alert_ids') or [])} alerts"
        views.append(
            AlertView(
                id=alert.id,
                topic=alert.topic,
                kind=alert.kind,
                status=alert.status,
                created_at=alert.created_at,
                headline=headline,
                story_id=alert.story_id,
                not_before=alert.not_before,
                sent_at=alert.sent_at,
                folded_into=alert.folded_into,
                deliveries=[
                    DeliveryView(
                        target=d.target,
                        label=d.target_label,
                        state=d.state,
                        attempts=d.attempts,
                        last_error=d.last_error,
                        next_attempt_at=d.next_attempt_at,
                        sent_at=d.sent_at,
                    )
                    for d in sorted(deliveries[alert.id], key=lambda d: d.id)
                ],
            )
        )
    return views


def reset_for_retry(
    session: Session,
    *,
    topic: str | None = None,
    alert_ids: Sequence[int] = (),
    include_unconfirmed: bool = False,
) -> list[str]:
    """Make failed (and given-up, optionally unconfirmed) deliveries due now; returns the topics
    touched. Deliveries already sent are never reset: a retry can not cause a duplicate."""
    states = [DeliveryState.FAILED, DeliveryState.GAVE_UP]
    states += [DeliveryState.UNCONFIRMED] if include_unconfirmed else []
    alerts = select(AlertRow.id).where(
        AlertRow.status.in_((AlertStatus.PENDING, AlertStatus.FAILED, AlertStatus.SENT))
    )
    if topic:
        alerts = alerts.where(AlertRow.topic == topic)
    if alert_ids:
        alerts = alerts.where(AlertRow.id.in_(list(alert_ids)))
    rows = list(
        session.scalars(
            select(DeliveryRow).where(
                DeliveryRow.state.in_(states), DeliveryRow.alert_id.in_(alerts)
            )
        )
    )
    touched_alerts = {d.alert_id for d in rows}
    for row in rows:
        row.state = DeliveryState.PENDING
        row.next_attempt_at = None
    # Alerts with nothing sent yet but held back (quiet hours) are due again too.
    held = update(AlertRow).where(
        AlertRow.status == AlertStatus.PENDING, AlertRow.not_before.is_not(None)
    )
    if topic:
        held = held.where(AlertRow.topic == topic)
    if alert_ids:
        held = held.where(AlertRow.id.in_(list(alert_ids)))
    session.execute(held.values(not_before=None))
    topics: set[str] = set()
    for alert in session.scalars(select(AlertRow).where(AlertRow.id.in_(touched_alerts))):
        if alert.status in (AlertStatus.FAILED, AlertStatus.SENT):
            alert.status = AlertStatus.PENDING
            alert.sent_at = None
        topics.add(alert.topic)
    if topic:
        topics.add(topic)
    return sorted(topics)
