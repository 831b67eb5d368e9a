"""Maintenance alerts: the monitor saying that it went quiet itself (monitor/health.py).

They are rows of the ordinary outbox (kind ``maintenance``), so they are delivered exactly once
per target, wait for a target that is down, and are held through quiet hours like any alert; they
are never folded into a digest of news. They go to the topic's own targets, or, with
`[topic.health] alert_tags`, to the targets carrying one of those tags instead.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.alerts.outbox import insert_once
from monitor.alerts.render import (
    Block,
    Bold,
    Code,
    Document,
    Link,
    Para,
    _topic_prefix,
    clean,
    local_time,
    safe_url,
    shorten,
)
from monitor.config import Settings, Topic
from monitor.models import AlertStatus
from monitor.store.schema import AlertRow

if TYPE_CHECKING:
    from monitor.alerts.deliver import Target

KIND = "maintenance"
PAYLOAD_VERSION = 1


def enqueue_maintenance(
    session: Session, topic: Topic, *, key: str, payload: dict[str, Any], now: datetime
) -> AlertRow | None:
    """Write a maintenance alert to the outbox (in the caller's transaction; no commit); None
    when one with this key exists already."""
    if session.scalar(select(AlertRow.id).where(AlertRow.idempotency_key == key)) is not None:
        return None
    row = AlertRow(
        topic=topic.name,
        idempotency_key=key[:300],
        kind=KIND,
        story_id=None,
        verdict_id=None,
        payload=payload,
        status=AlertStatus.PENDING,
        created_at=now,
    )
    return insert_once(session, row)


def _days(value: object) -> str:
    try:
        days = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "some days"
    shown = f"{days:g}" if days >= 1 else f"{days * 24:.3g} hours"
    if days >= 1:
        return f"{shown} day{'s' if days != 1 else ''}"
    return shown


def _runs(count: object) -> str:
    n = int(count or 0)  # type: ignore[call-overload]
    return f"{n} run{'s' if n != 1 else ''}"


def _failed_in_a_row(count: object) -> str:
    n = int(count or 0)  # type: ignore[call-overload]
    return "a failed run" if n == 1 else f"{n} runs failed in a row"


def headline(payload: dict[str, Any]) -> str:
    """The message's subject without the topic prefix; also the line `monitor alerts` shows."""
    event, problem = payload.get("event"), payload.get("problem")
    name = shorten(clean(payload.get("source")), 80)
    if payload.get("subject") == "run":
        if event == "recovered":
            return "Recovered: runs complete again"
        if event == "reminder":
            return f"Maintenance: runs still fail ({_runs(payload.get('failures'))} in a row)"
        return "Maintenance: a run failed"
    if event == "recovered":
        return f"Recovered: source '{name}' works again"
    still = "still " if event == "reminder" else ""
    if problem == "quiet":
        return (
            f"Maintenance: source '{name}' {'has still' if still else 'has'} found nothing new "
            f"for {_days(payload.get('quiet_days'))}"
        )
    return f"Maintenance: source '{name}' is {still}down"


def maintenance_document(payload: dict[str, Any], tz: ZoneInfo, email: bool) -> Document:
    """A maintenance or recovery message, from the payload monitor/health.py stored."""
    event, problem = payload.get("event"), payload.get("problem")
    name = shorten(clean(payload.get("source")), 80) or "?"
    kind = clean(payload.get("source_kind"))
    topic = shorten(clean(payload.get("topic_title") or payload.get("topic")), 80)
    since = local_time(payload.get("since"), tz)
    last_ok = local_time(payload.get("last_ok"), tz)
    last_new = local_time(payload.get("last_new"), tz)
    error = shorten(clean(payload.get("last_error")), 300)
    failures = _runs(payload.get("failures"))
    command = clean(payload.get("command"))
    blocks: list[Block] = []

    if payload.get("subject") == "run":
        run = payload.get("run_id")
        if event == "recovered":
            blocks.append(Para((Bold(f"Runs of {topic} complete again."),)))
            detail = f"Run {run} completed" if run else "The last run completed"
            detail += f" after {_failed_in_a_row(payload.get('failures'))}"
            if last_ok:
                detail += f"; the last run before them completed {last_ok}"
            blocks.append(Para((detail + ".",)))
        else:
            lead = f"Run {run} of {topic} failed." if run else f"A run of {topic} failed."
            if event == "reminder":
                lead = f"Runs of {topic} still fail: {failures} in a row"
                lead += f" since {since}." if since else "."
            blocks.append(Para((Bold(lead),)))
            if error:
                blocks.append(Para(("Reason: ", error)))
            blocks.append(
                Para(
                    (
                        "Nothing is lost: what a failed run could not finish is retried by the "
                        "next one. Until runs complete again, news on this topic may go "
                        "unreported.",
                    )
                )
            )
    else:
        label = f"{name} ({kind})" if kind else name
        if event == "recovered":
            blocks.append(Para((Bold(f"The source {label} works again."),)))
            if problem == "quiet":
                detail = "It lists new articles again"
                detail += f"; the last one before was {last_new}." if last_new else "."
            else:
                detail = f"Its last discovery succeeded after {_failed_in_a_row(payload.get('failures'))}"
                detail += f"; it had last worked {last_ok}." if last_ok else "."
            blocks.append(Para((detail,)))
        elif problem == "quiet":
            days = _days(payload.get("quiet_days"))
            checked = local_time(payload.get("checked"), tz)
            checked = f" (last checked {checked})" if checked else ""
            lead = f"The source {label} has listed no new article for {days}"
            lead += f" (the last one {last_new})." if last_new else "."
            blocks.append(Para((Bold(lead),)))
            blocks.append(
                Para(
                    (
                        f"It answers{checked}, but lists nothing new: the feed may have moved, "
                        "been emptied or frozen, or there may be no news there.",
                    )
                )
            )
        else:
            lead = f"The source {label} failed in {failures} in a row"
            lead += f", down since {since}." if event == "reminder" and since else "."
            blocks.append(Para((Bold(lead),)))
            if error:
                blocks.append(Para(("Last error: ", error)))
            if last_ok:
                blocks.append(Para((f"It last worked {last_ok}.",)))
            else:
                blocks.append(Para(("It has not worked since it was added.",)))
        if event != "recovered":
            blocks.append(
                Para(
                    (
                        "The topic's other sources are still read; news only this source "
                        "carries is missed until it is fixed or replaced in the topics file.",
                    )
                )
            )
        url = safe_url(payload.get("source_url"))
        if url:
            blocks.append(Para(("Source: ", Link(url, url))))
    if command:
        blocks.append(Para(("Details: ", Code(command))))
    if event != "recovered":
        remind = _days(payload.get("remind_days"))
        blocks.append(
            Para(
                (
                    f"This is repeated at most every {remind} while it lasts; you get a "
                    "message when it is over.",
                )
            )
        )
    del email  # links show their address already: the label is the URL
    return Document(f"{_topic_prefix(payload)}{headline(payload)}", blocks)


def maintenance_targets(
    topic: Topic, settings: Settings, targets: list[Target], *, log: logging.Logger | None = None
) -> list[Target]:
    """Where the topic's maintenance alerts go: targets with a tag of `[topic.health]
    alert_tags`, else the topic's own `targets`. With alert_tags that no target carries they go
    to the topic's targets (and a warning is logged): a maintenance alert is never left behind."""
    from monitor.alerts.deliver import TERMINAL, load_targets, route

    tags = topic.health.alert_tags
    if not tags or any(t.key == TERMINAL for t in targets):
        return targets
    routed = route(load_targets(settings), tags)
    if not routed:
        if log is not None:
            log.warning(
                "no alert target carries a tag of [topic.health] alert_tags of topic '%s' (%s); "
                "its maintenance alerts go to the topic's targets",
                topic.name,
                ", ".join(tags),
            )
        return targets
    return routed


__all__ = ["KIND", "enqueue_maintenance", "headline", "maintenance_document", "maintenance_targets"]
