"""`monitor alerts`: list the outbox (pending, failed, sent); force a retry of failed deliveries."""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer

from monitor.errors import MonitorError
from monitor.models import AlertStatus, DeliveryState

STATUS_CHOICES = (
    *(
        s.value
        for s in (AlertStatus.PENDING, AlertStatus.FAILED, AlertStatus.SENT, AlertStatus.FOLDED)
    ),
    "all",
)

alerts_app = typer.Typer(
    help="The alert outbox: what is pending, failed or sent, per target (URLs are never shown).",
    invoke_without_command=True,
    no_args_is_help=False,
)


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _open() -> tuple[object, object]:
    from monitor.config import Settings
    from monitor.store import open_database

    try:
        settings = Settings()
    except Exception as exc:  # pydantic names the variable that is wrong
        _fail(f"invalid settings: {exc}")
    try:
        db = open_database(settings.resolved_database_url)
    except MonitorError as exc:
        _fail(str(exc))
    return settings, db


@alerts_app.callback()
def list_command(
    ctx: typer.Context,
    topic: Annotated[str | None, typer.Option("--topic", "-t", help="Only this topic.")] = None,
    status: Annotated[
        str,
        typer.Option(
            help="pending, failed (a target failed or gave up), sent, folded (in a digest), all."
        ),
    ] = "all",
    limit: Annotated[int, typer.Option(help="How many alerts to list, newest first.")] = 30,
) -> None:
    """List alerts with each target's delivery state (targets are shown as scheme://host only)."""
    if ctx.invoked_subcommand is not None:
        return
    from monitor.alerts.outbox import list_alerts
    from monitor.store import Database

    if status not in STATUS_CHOICES:
        _fail(f"--status must be one of {', '.join(STATUS_CHOICES)}")
    _, db = _open()
    assert isinstance(db, Database)
    with db.session() as session:
        views = list_alerts(
            session, topic=topic, status=None if status == "all" else status, limit=limit
        )
    if not views:
        typer.echo("no alerts" + (f" with status {status}" if status != "all" else ""))
        return
    for view in views:
        extra = ""
        if view.folded_into:
            extra = f" -> digest #{view.folded_into}"
        elif view.not_before and view.status == AlertStatus.PENDING:
            extra = f" (held until {view.not_before:%Y-%m-%d %H:%M} UTC)"
        story = f" story {view.story_id}" if view.story_id else ""
        typer.echo(
            f"#{view.id:<5} {view.created_at:%Y-%m-%d %H:%M}  {view.status:<8} {view.kind:<11}"
            f"[{view.topic}]{story} {view.headline[:90]}{extra}"
        )
        for d in view.deliveries:
            when = ""
            if d.state == DeliveryState.SENT and d.sent_at:
                when = f" at {d.sent_at:%Y-%m-%d %H:%M}"
            elif d.state == DeliveryState.FAILED and d.next_attempt_at:
                when = f", next try {d.next_attempt_at:%Y-%m-%d %H:%M}"
            error = f": {d.last_error}" if d.last_error and d.state != DeliveryState.SENT else ""
            typer.echo(f"         {d.state:<11} {d.label} (attempts {d.attempts}{when}){error}")


@alerts_app.command("retry")
def retry_command(
    topic: Annotated[str | None, typer.Option("--topic", "-t", help="Only this topic.")] = None,
    alert_id: Annotated[
        list[int] | None, typer.Option("--id", help="Only this alert (repeatable).")
    ] = None,
    include_unconfirmed: Annotated[
        bool,
        typer.Option(
            "--include-unconfirmed",
            help="Also re-send deliveries a crashed run may have sent (risk of a duplicate).",
        ),
    ] = False,
    send: Annotated[
        bool, typer.Option("--send/--no-send", help="Deliver right away, or only mark as due.")
    ] = True,
) -> None:
    """Make failed deliveries due now (skipping backoff) and deliver them; sent ones stay sent."""
    from monitor.alerts.deliver import deliver_pending
    from monitor.alerts.outbox import reset_for_retry
    from monitor.config import Settings, load_topics
    from monitor.store import Database

    settings, db = _open()
    assert isinstance(settings, Settings)
    assert isinstance(db, Database)
    with db.session() as session:
        topics = reset_for_retry(
            session, topic=topic, alert_ids=alert_id or (), include_unconfirmed=include_unconfirmed
        )
    if not topics:
        typer.echo("nothing to retry")
        return
    typer.echo(f"marked as due: topics {', '.join(topics)}")
    if not send:
        return
    try:
        known = load_topics(settings.topics_file)
    except MonitorError as exc:
        _fail(str(exc))
    failed = False
    for name in topics:
        if name not in known:
            typer.echo(f"topic '{name}' is no longer in {settings.topics_file}; skipped", err=True)
            continue
        report = deliver_pending(db, known[name], settings, echo=typer.echo)
        typer.echo(
            f"[{name}] sent {report.sent}, failed {report.failed}, deferred {report.deferred}"
        )
        for target, reason in report.errors:
            typer.echo(f"  {target}: {reason}", err=True)
            failed = True
    if failed:
        raise typer.Exit(1)
