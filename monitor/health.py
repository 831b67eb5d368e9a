"""Source health: noticing that the monitor itself went quiet, and saying so once.

A feed that moved (404 for weeks), a source that stopped listing anything new, or runs that fail
every time look like a quiet news day unless someone says otherwise. Per (topic, source) the
store keeps the failed runs in a row and the time of the last new candidate; per topic, the
failed runs in a row. When a source fails `[topic.health] max_failures` runs in a row (8) it is
**down**; when it lists no new candidate for `quiet_days` (7, per kind) it is **quiet**; when a
run of the topic fails, its runs have **failed**. Each problem queues one maintenance alert,
repeated at most every `remind_days` (7) while it lasts, and a recovery message when it is over.

The alerts are rows of the ordinary outbox (kind ``maintenance``), written in the transaction
that records the outcome, with an idempotency key per problem, reminder and recovery: they are
delivered exactly once per target, and a target that is down keeps them pending like any alert.
Only a real pass counts: a dry run records nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from monitor.alerts.maintenance import enqueue_maintenance, headline
from monitor.config import Topic
from monitor.store.health import RUNS, RUNS_KIND, health_row, health_rows
from monitor.store.schema import AlertRow, SourceHealth

# Statuses a health row can be in (see SourceHealth.status).
OK, DOWN, QUIET, FAILED = "ok", "down", "quiet", "failed"


def _source_config(topic: Topic, name: str) -> Any | None:
    return next((s for s in topic.sources if s.name == name), None)


def quiet_days(topic: Topic, source: Any) -> float:
    """Days without a new candidate before `source` counts as quiet (0: never)."""
    own = getattr(source, "quiet_days", None)
    return float(own) if own is not None else topic.health.quiet_days_for(source.kind)


def _key(topic: Topic, row: SourceHealth, event: str, moment: datetime | None) -> str:
    subject = "runs" if row.source == RUNS else hashlib.sha256(row.source.encode()).hexdigest()[:16]
    when = moment.isoformat() if moment else "-"
    return f"{topic.name}:maintenance:{subject}:{event}:{when}"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _payload(
    topic: Topic,
    row: SourceHealth,
    event: str,
    problem: str,
    now: datetime,
    before: dict[str, Any] | None = None,
) -> dict[str, Any]:
    source = _source_config(topic, row.source) if row.source != RUNS else None
    payload: dict[str, Any] = {
        "v": 1,
        "kind": "maintenance",
        "topic": topic.name,
        "topic_title": topic.title or topic.name,
        "event": event,  # problem | reminder | recovered
        "problem": problem,  # down | quiet | failed
        "subject": "run" if row.source == RUNS else "source",
        "source": row.source,
        "source_kind": row.kind,
        "source_url": getattr(source, "url", None),
        "failures": row.consecutive_failures,
        "max_failures": topic.health.max_failures,
        "quiet_days": quiet_days(topic, source) if source is not None else None,
        "remind_days": topic.health.remind_days,
        "last_error": row.last_error,
        "run_id": row.last_run_id,
        "since": _iso(row.problem_since),
        "last_ok": _iso(row.last_ok_at),
        "last_new": _iso(row.last_new_at or row.tracked_since),
        "checked": _iso(row.last_checked_at),
        "command": f"monitor sources --topic {topic.name}",
        "queued": now.isoformat(),
    }
    if event == "recovered" and before:
        # what the outage looked like, from the row as it was before this outcome
        payload["failures"] = before["failures"]
        payload["last_ok"] = _iso(before["last_ok"])
        payload["last_new"] = _iso(before["last_new"])
    payload["headline"] = headline(payload)
    return payload


def _queue(
    session: Session,
    topic: Topic,
    row: SourceHealth,
    event: str,
    problem: str,
    now: datetime,
    before: dict[str, Any] | None = None,
) -> AlertRow | None:
    moment = row.problem_since if event != "reminder" else now
    return enqueue_maintenance(
        session,
        topic,
        key=_key(topic, row, f"{problem}:{event}", moment),
        payload=_payload(topic, row, event, problem, now, before),
        now=now,
    )


def _before(row: SourceHealth) -> dict[str, Any]:
    return {
        "failures": row.consecutive_failures,
        "last_ok": row.last_ok_at,
        "last_new": row.last_new_at or row.tracked_since,
    }


def _settle(
    session: Session,
    topic: Topic,
    row: SourceHealth,
    problem: str | None,
    now: datetime,
    before: dict[str, Any] | None = None,
) -> AlertRow | None:
    """Move the row to its new status and queue the alert the change calls for, if any."""
    remind = timedelta(days=topic.health.remind_days)
    if problem is None:
        if row.status == OK:
            return None
        was = row.status
        alert = _queue(session, topic, row, "recovered", was, now, before)
        row.status, row.problem_since, row.alerted_at = OK, None, None
        return alert
    if row.status == OK:
        row.status, row.problem_since, row.alerted_at = problem, now, now
        return _queue(session, topic, row, "problem", problem, now)
    row.status = problem  # a down source that answers again but lists nothing new is quiet
    if row.alerted_at is None or now - row.alerted_at >= remind:
        row.alerted_at = now
        return _queue(session, topic, row, "reminder", problem, now)
    return None


def source_problem(topic: Topic, source: Any, row: SourceHealth, now: datetime) -> str | None:
    """DOWN, QUIET or None for a source's row as it stands."""
    if row.consecutive_failures >= topic.health.max_failures:
        return DOWN
    days = quiet_days(topic, source)
    last_new = row.last_new_at or row.tracked_since
    if days > 0 and row.consecutive_failures == 0 and now - last_new >= timedelta(days=days):
        return QUIET
    if row.status in (DOWN, QUIET) and row.consecutive_failures > 0:
        return str(row.status)  # still failing below the threshold: not recovered yet
    return None


def record_discovery(
    session: Session,
    topic: Topic,
    source: Any,
    *,
    run_id: int | None,
    now: datetime,
    error: str | None,
    new: int,
) -> AlertRow | None:
    """Record one discovery of `source` (in the caller's transaction, which also stores the
    source's state): a failure counts once per run, a success resets the count, `new` unseen
    candidates move the time of the last new one. Returns the maintenance alert it queued."""
    row = health_row(session, topic.name, source.name, source.kind, now)
    before = _before(row)
    row.last_checked_at = now
    if error is None:
        row.consecutive_failures, row.last_ok_at = 0, now
        if new > 0:
            row.last_new_at = now
    else:
        if run_id is None or row.last_run_id != run_id or row.consecutive_failures == 0:
            row.consecutive_failures += 1
        row.last_error, row.last_failed_at = error[:500], now
    row.last_run_id = run_id
    return _settle(session, topic, row, source_problem(topic, source, row, now), now, before)


def record_run(
    session: Session, topic: Topic, *, run_id: int | None, now: datetime, error: str | None
) -> AlertRow | None:
    """Record how a run of the topic ended: a failed run queues a maintenance alert with its
    reason (then a reminder at most every `remind_days`), the next completed one a recovery."""
    if not topic.health.announce_failed_runs:
        return None
    row = health_row(session, topic.name, RUNS, RUNS_KIND, now)
    before = _before(row)
    row.last_checked_at, row.last_run_id = now, run_id
    if error is None:
        row.consecutive_failures, row.last_ok_at, row.last_new_at = 0, now, now
    else:
        row.consecutive_failures += 1
        row.last_error, row.last_failed_at = error[:500], now
    return _settle(session, topic, row, FAILED if error is not None else None, now, before)


# ------------------------------------------------------------------------------ listing


@dataclass(slots=True)
class SourceHealthView:
    """One line of `monitor sources`."""

    topic: str
    source: str
    kind: str
    status: str  # ok, failing (below the threshold), down, quiet, failed, unchecked
    failures: int
    max_failures: int
    quiet_days: float | None
    last_ok: datetime | None = None
    last_new: datetime | None = None
    last_checked: datetime | None = None
    problem_since: datetime | None = None
    alerted: datetime | None = None
    last_error: str | None = None

    @property
    def is_problem(self) -> bool:
        return self.status in (DOWN, QUIET, FAILED)


def source_health(session: Session, topic: Topic, now: datetime) -> list[SourceHealthView]:
    """Every source of the topic as the topics file lists it, then the topic's runs."""
    rows = {r.source: r for r in health_rows(session, topic.name)}
    views: list[SourceHealthView] = []
    for source in topic.sources:
        row = rows.get(source.name)
        days = quiet_days(topic, source)
        if row is None:
            views.append(
                SourceHealthView(
                    topic.name,
                    source.name,
                    source.kind,
                    "unchecked",
                    0,
                    topic.health.max_failures,
                    days,
                )
            )
            continue
        status = str(row.status)
        if status == OK and row.consecutive_failures:
            status = "failing"
        elif status == OK and source_problem(topic, source, row, now) == QUIET:
            status = QUIET  # due; the next run queues its alert
        views.append(
            SourceHealthView(
                topic=topic.name,
                source=source.name,
                kind=source.kind,
                status=status,
                failures=row.consecutive_failures,
                max_failures=topic.health.max_failures,
                quiet_days=days,
                last_ok=row.last_ok_at,
                last_new=row.last_new_at,
                last_checked=row.last_checked_at,
                problem_since=row.problem_since,
                alerted=row.alerted_at,
                last_error=row.last_error,
            )
        )
    runs = rows.get(RUNS)
    if runs is not None:
        views.append(
            SourceHealthView(
                topic=topic.name,
                source="(runs)",
                kind=RUNS_KIND,
                status=str(runs.status) if runs.status != OK else OK,
                failures=runs.consecutive_failures,
                max_failures=1,
                quiet_days=None,
                last_ok=runs.last_ok_at,
                last_new=None,
                last_checked=runs.last_checked_at,
                problem_since=runs.problem_since,
                alerted=runs.alerted_at,
                last_error=runs.last_error if runs.status != OK else None,
            )
        )
    return views


def _when(value: datetime | None, tz: ZoneInfo) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else "-"


def _days_label(days: float | None) -> str:
    if days is None:
        return "-"
    if days <= 0:
        return "never"
    return f"{days:g} day{'s' if days != 1 else ''}"


def health_lines(topic: Topic, views: Sequence[SourceHealthView], timezone: str) -> list[str]:
    """`monitor sources`: a header naming the topic and the time zone, one row per source."""
    tz = ZoneInfo(timezone)
    header = ("source", "kind", "status", "failed", "quiet after", "last ok", "last new", "note")
    rows = [header]
    for v in views:
        failed = str(v.failures) if v.kind == RUNS_KIND else f"{v.failures}/{v.max_failures}"
        note = ""
        if v.status in (DOWN, QUIET, FAILED) and v.problem_since is not None:
            note = f"since {_when(v.problem_since, tz)}"
        if v.last_error and v.failures:
            note = f"{note}; {v.last_error}" if note else v.last_error
        rows.append(
            (
                v.source,
                v.kind,
                v.status,
                failed,
                _days_label(v.quiet_days),
                _when(v.last_ok, tz),
                _when(v.last_new, tz) if v.kind != RUNS_KIND else "-",
                note[:120] or "-",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header) - 1)]
    lines = [
        f"topic {topic.name}: down after {topic.health.max_failures} failed runs in a row, "
        f"quiet after the days shown without a new candidate (times {timezone})"
    ]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return lines


__all__ = [
    "DOWN",
    "FAILED",
    "OK",
    "QUIET",
    "SourceHealthView",
    "health_lines",
    "quiet_days",
    "record_discovery",
    "record_run",
    "source_health",
    "source_problem",
]
