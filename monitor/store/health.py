"""Queries of source health: one row per (topic, source), plus one per topic for its runs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monitor.store.schema import SourceHealth

# The row of a topic's runs: a source name can not be empty, so it never meets a source's row.
RUNS = ""
RUNS_KIND = "run"


def health_row(session: Session, topic: str, source: str, kind: str, now: datetime) -> SourceHealth:
    """The health row of a source (created on first use, tracked from `now`), locked for update
    on PostgreSQL so two processes recording one source do not lose a count."""
    query = select(SourceHealth).where(SourceHealth.topic == topic, SourceHealth.source == source)
    row = session.scalar(query.with_for_update())
    if row is None:
        row = SourceHealth(
            topic=topic,
            source=source,
            kind=kind,
            consecutive_failures=0,
            tracked_since=now,
            status="ok",
        )
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
        except IntegrityError:  # another process created it a moment ago
            row = session.scalars(query.with_for_update()).one()
    if kind and row.kind != kind and source != RUNS:
        row.kind = kind  # the source kept its name but changed its kind
    return row


def health_rows(session: Session, topic: str | None = None) -> list[SourceHealth]:
    query = select(SourceHealth).order_by(SourceHealth.topic, SourceHealth.source)
    if topic is not None:
        query = query.where(SourceHealth.topic == topic)
    return list(session.scalars(query))


__all__ = ["RUNS", "RUNS_KIND", "health_row", "health_rows"]
