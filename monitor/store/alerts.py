"""The alert delivery state machine's queries: each (alert, target) delivery moves
pending/failed → sending → sent | failed | gave_up, a `sending` left by a stopped run → unconfirmed,
and an alert is settled sent or failed once its targets are done (see `monitor/alerts/deliver.py`
for the policy). Each function that takes a `Database` is its own transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monitor.models import AlertStatus, DeliveryState
from monitor.store.db import Database
from monitor.store.schema import AlertRow, DeliveryRow

UNCONFIRMED_REASON = (
    "a run stopped between sending and recording; treated as sent so it is never "
    "sent twice (monitor alerts retry --include-unconfirmed re-sends it)"
)


def deliveries_in_state(session: Session, topic: str, state: DeliveryState) -> list[DeliveryRow]:
    """The topic's deliveries in one state."""
    return list(
        session.scalars(
            select(DeliveryRow)
            .join(AlertRow, AlertRow.id == DeliveryRow.alert_id)
            .where(AlertRow.topic == topic, DeliveryRow.state == state)
        )
    )


def mark_unconfirmed(row: DeliveryRow) -> None:
    """A delivery a stopped run left `sending`: nobody knows whether the channel got it."""
    row.state = DeliveryState.UNCONFIRMED
    row.last_error = UNCONFIRMED_REASON


def cooling_targets(session: Session, topic: str, now: datetime) -> dict[str, datetime]:
    """Targets in backoff: the latest retry time of their failed deliveries, if still ahead."""
    rows = session.execute(
        select(DeliveryRow.target, DeliveryRow.next_attempt_at)
        .join(AlertRow, AlertRow.id == DeliveryRow.alert_id)
        .where(AlertRow.topic == topic, DeliveryRow.state == DeliveryState.FAILED)
    ).all()
    cooling: dict[str, datetime] = {}
    for target, until in rows:
        if until is not None and until > now and (target not in cooling or until > cooling[target]):
            cooling[target] = until
    return cooling


def _delivery(session: Session, alert_id: int, target: str) -> DeliveryRow | None:
    return session.scalar(
        select(DeliveryRow).where(DeliveryRow.alert_id == alert_id, DeliveryRow.target == target)
    )


def claim_delivery(db: Database, alert_id: int, target: str, label: str, now: datetime) -> bool:
    """Record `sending` and commit, or return False when someone else holds this delivery
    (a compare-and-set on its previous state, so two processes never both send)."""
    with db.session() as session:
        row = _delivery(session, alert_id, target)
        if row is None:
            try:
                with session.begin_nested():
                    session.add(
                        DeliveryRow(
                            alert_id=alert_id,
                            target=target,
                            target_label=label[:300],
                            state=DeliveryState.SENDING,
                            attempts=1,
                            last_attempt_at=now,
                        )
                    )
            except IntegrityError:
                return False
            return True
        if not DeliveryState(row.state).retryable:
            return False
        claimed = session.execute(
            update(DeliveryRow)
            .where(
                DeliveryRow.id == row.id,
                DeliveryRow.state == row.state,
                DeliveryRow.attempts == row.attempts,
            )
            .values(state=DeliveryState.SENDING, attempts=row.attempts + 1, last_attempt_at=now)
        )
        return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]


def record_delivery(
    db: Database,
    alert_id: int,
    target: str,
    error: str | None,
    now: datetime,
    *,
    max_attempts: int,
    backoff: Callable[[int], timedelta],
) -> DeliveryState | None:
    """Record how a claimed delivery went: sent, or failed and retried after `backoff(attempts)`,
    or given up after `max_attempts`. None when the delivery row is gone."""
    with db.session() as session:
        row = _delivery(session, alert_id, target)
        if row is None:  # pragma: no cover - the claim created it in a committed transaction
            return None
        if error is None:
            row.state, row.sent_at, row.last_error, row.next_attempt_at = (
                DeliveryState.SENT,
                now,
                None,
                None,
            )
        else:
            row.last_error = error[:500]
            if row.attempts >= max_attempts:
                row.state, row.next_attempt_at = DeliveryState.GAVE_UP, None
            else:
                row.state = DeliveryState.FAILED
                row.next_attempt_at = now + backoff(row.attempts)
        return DeliveryState(row.state)


def settle_alert(db: Database, alert_id: int, targets: Collection[str], now: datetime) -> None:
    """An alert is sent once every routed target has it, failed once the rest gave up."""
    with db.session() as session:
        alert = session.get(AlertRow, alert_id)
        if alert is None or alert.status != AlertStatus.PENDING:
            return
        found = {
            row.target: row.state
            for row in session.scalars(select(DeliveryRow).where(DeliveryRow.alert_id == alert_id))
        }
        done = [DeliveryState(found[k]) if k in found else None for k in targets]
        if all(s is not None and s.done for s in done):
            alert.status, alert.sent_at = AlertStatus.SENT, now
        elif all(s is not None and (s.done or s is DeliveryState.GAVE_UP) for s in done):
            alert.status = AlertStatus.FAILED


def defer_alerts(alerts: Collection[AlertRow], until: datetime) -> None:
    """Hold alerts back until `until` (quiet hours)."""
    for alert in alerts:
        alert.not_before = until


__all__ = [
    "claim_delivery",
    "cooling_targets",
    "defer_alerts",
    "deliveries_in_state",
    "mark_unconfirmed",
    "record_delivery",
    "settle_alert",
]
