"""Delivering the outbox through apprise: targets, routing, redaction, sending, retries, reconcile.

Exactly once per (alert, target), as far as a channel without idempotency keys allows:

* Each attempt is recorded as ``sending`` and committed *before* apprise is called, and as
  ``sent`` or ``failed`` after it returns.
* A row still ``sending`` means a run stopped (crash, kill -9, power loss) somewhere between
  those two commits, and nobody can know whether the channel got the message. The policy is
  **at most once**: such a row becomes ``unconfirmed`` and is never sent again automatically
  (``monitor alerts`` shows it; ``monitor alerts retry --include-unconfirmed`` re-sends it on
  request). The window is one HTTP/SMTP call long, so a lost alert is far rarer than the
  duplicate a resend would cause every time. A row younger than ``SENDING_GRACE`` is left alone:
  another process may be sending it right now.
* A claim moves a delivery to ``sending`` with a compare-and-set on its previous state, so two
  processes delivering at once never both send.
* A target that fails is not tried again in the same run (its later alerts wait, in order), and
  on later runs only after a backoff (2 min doubling to 1 h); other targets are unaffected.

Test hook (documented, used by tests/test_alerts_crash.py): with the environment variable
``MONITOR_ALERTS_CRASH_AFTER_SEND=1`` the process ends with ``os._exit(70)`` right after apprise
returns and before the outcome is recorded, the worst moment for a crash.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monitor.alerts.maintenance import KIND as MAINTENANCE
from monitor.alerts.maintenance import maintenance_targets
from monitor.alerts.outbox import (
    corroborating_outlets,
    deliveries_by_alert,
    due_alerts,
    fold,
)
from monitor.alerts.render import (
    Limits,
    Message,
    Style,
    render,
    render_terminal,
    with_story_links,
    zone,
)
from monitor.config import AlertConfig, Settings, Topic
from monitor.errors import AlertError
from monitor.models import DeliveryState
from monitor.store import Database
from monitor.store import alerts as alert_store
from monitor.store.schema import AlertRow, utcnow

log = logging.getLogger("monitor.alerts")

SENDING_GRACE = timedelta(minutes=5)
BACKOFF_FIRST = timedelta(minutes=2)
BACKOFF_MAX = timedelta(hours=1)
# With the backoff above this is about a day of trying before a delivery is given up.
MAX_ATTEMPTS = 30
CRASH_HOOK = "MONITOR_ALERTS_CRASH_AFTER_SEND"
TERMINAL = "terminal"
# Alerts that go out as they are: digests, and maintenance alerts (monitor/alerts/maintenance.py)
UNFOLDED = frozenset({"digest", MAINTENANCE})

# ------------------------------------------------------------------------------ redaction

_URLISH = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]{1,30}://[^\s'\"<>]+")


def _hostname_like(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    # Several services put a token or account id where the host goes (tgram://BOT_TOKEN/...,
    # slack://T000/...); only something shaped like a domain name is shown.
    labels = host.split(".")
    return len(labels) >= 2 and all(labels) and not host.replace(".", "").isdigit()


def redact(url: str) -> str:
    """``scheme://host`` of an apprise URL, nothing else; ``scheme://***`` for a token host."""
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        host = parts.hostname or ""
    except ValueError:
        scheme, _, _ = url.partition("://")
        scheme, host = (scheme.lower() if scheme.isalnum() else ""), ""
    if not scheme:
        return "<unparseable URL>"
    if host and _hostname_like(host):
        return f"{scheme}://{host}"
    return f"{scheme}://***"


def _secret_fragments(url: str) -> set[str]:
    fragments = {url}
    try:
        parts = urlsplit(url)
        candidates = [parts.username, parts.password, parts.netloc, parts.query]
        candidates += parts.path.split("/")
        candidates += [kv.partition("=")[2] for kv in parts.query.split("&")]
    except ValueError:
        return fragments
    for value in candidates:
        if value and len(value) >= 4:
            fragments.update({value, unquote(value)})
    return fragments


def scrub(text: str, secrets: Sequence[str] = ()) -> str:
    """Text fit to print: any URL cut to scheme://host and every known secret fragment masked."""
    fragments: set[str] = set()
    for url in secrets:
        fragments |= _secret_fragments(url)
    for fragment in sorted(fragments, key=len, reverse=True):
        text = text.replace(fragment, "***")
    return _URLISH.sub(lambda m: redact(m.group(0)), text)


# -------------------------------------------------------------------------------- targets


@dataclass(frozen=True, slots=True)
class Target:
    """One configured channel. `key` is stable and safe to store; `url` is secret, never shown."""

    key: str
    label: str
    tags: frozenset[str]
    style: Style
    limits: Limits
    url: str = field(repr=False, default="")
    plugin: Any = field(repr=False, compare=False, default=None)

    @property
    def secrets(self) -> list[str]:
        found = [self.url] if self.url else []
        if self.plugin is not None:
            # a plugin that can not print its URL has nothing more to hide
            with contextlib.suppress(Exception):
                found.append(self.plugin.url(privacy=False))
        return found


TERMINAL_TARGET = Target(
    key=TERMINAL, label=TERMINAL, tags=frozenset(), style=Style.TEXT, limits=Limits(1000, 1_000_000)
)


def target_key(url: str) -> str:
    """A stable name for a target that reveals nothing of its URL (a truncated sha256)."""
    return "t-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:20]


def _asset() -> Any:
    import apprise

    return apprise.AppriseAsset(app_id="newsmonitor", app_desc="newsmonitor alerts")


def style_for(plugin: Any) -> Style:
    """The style a channel reads best: its own notify format (``?format=`` in the URL overrides)."""
    from apprise.plugins.email import NotifyEmail

    fmt = _notify_format(plugin)
    if fmt == "html":
        return Style.EMAIL if isinstance(plugin, NotifyEmail) else Style.HTML
    if fmt == "markdown":
        return Style.MARKDOWN
    return Style.TEXT


def _notify_format(plugin: Any) -> str:
    """The format a plugin renders a message in when the caller asks for none.

    apprise 2 lets a plugin declare several (e-mail: html and text, ``notify_format`` a tuple)
    and picks one with ``resolve_format()``: a ``?format=`` of the URL, else the first declared;
    apprise 1 has one ``notify_format``, which ``?format=`` replaces.
    """
    resolve = getattr(plugin, "resolve_format", None)
    fmt = resolve() if callable(resolve) else plugin.notify_format
    return str(getattr(fmt, "value", fmt))


def _config_services(config: Any) -> list[Any]:
    """The targets an ``apprise.AppriseConfig`` defines: ``services()`` since apprise 2.0,
    ``servers()`` in apprise 1.x (same arguments, same plugin objects)."""
    services: Callable[[], Sequence[Any]] = getattr(config, "services", None) or config.servers
    return list(services())


def _limits(plugin: Any) -> Limits:
    title_max = int(getattr(plugin, "title_maxlen", 250) or 0)
    body_max = int(getattr(plugin, "body_maxlen", 32768) or 32768)
    if getattr(plugin, "overflow_amalgamate_title", False) and title_max > 0:
        body_max = max(body_max - title_max - 2, 1)
    return Limits(title_maxlen=title_max, body_maxlen=body_max)


def _target(plugin: Any, tags: set[str]) -> Target:
    full = plugin.url(privacy=False)
    key = target_key(full)
    return Target(
        key=key,
        label=f"{redact(full)} #{key[2:8]}",
        tags=frozenset(tags),
        style=style_for(plugin),
        limits=_limits(plugin),
        url=full,
        plugin=plugin,
    )


def targets_configured(settings: Settings) -> bool:
    return bool(
        settings.apprise_url_list or settings.apprise_config or settings.apprise_secret_block
    )


def load_targets(settings: Settings) -> list[Target]:
    """Every target from MONITOR_APPRISE_URLS and the apprise config file (the flows add the
    Prefect Secret block's URLs to the former). Raises AlertError, with redacted URLs, on bad
    config."""
    import apprise

    if settings.apprise_secret_block:
        raise AlertError(
            f"alert targets are in the Prefect Secret block '{settings.apprise_secret_block}', "
            "which only the Prefect flows resolve; alerts stay pending until a flow delivers them"
        )
    asset = _asset()
    found: dict[str, Target] = {}

    def add(target: Target) -> None:
        known = found.get(target.key)
        if known is not None:
            target = Target(
                known.key,
                known.label,
                known.tags | target.tags,
                known.style,
                known.limits,
                known.url,
                known.plugin,
            )
        found[target.key] = target

    bad: list[str] = []
    for url in settings.apprise_url_list:
        plugin = apprise.Apprise.instantiate(url, asset=asset, suppress_exceptions=True)
        if plugin is None:
            bad.append(redact(url))
        else:
            add(_target(plugin, {str(t) for t in plugin.tags}))
    if bad:
        raise AlertError(f"not a valid apprise URL: {', '.join(bad)}")
    if settings.apprise_config is not None:
        path = settings.apprise_config
        if not path.is_file():
            raise AlertError(f"apprise config file not found: {path}")
        config = apprise.AppriseConfig(asset=asset)
        config.add(str(path.resolve()))
        services = _config_services(config)
        if not services:
            raise AlertError(f"apprise config file {path} defines no valid target")
        for plugin in services:
            add(_target(plugin, {str(t) for t in plugin.tags}))
    return list(found.values())


def route(targets: Sequence[Target], tags: Sequence[str]) -> list[Target]:
    """A topic without tags goes to every target; with tags, to targets carrying one of them."""
    if not tags:
        return list(targets)
    wanted = {t.strip().casefold() for t in tags}
    return [t for t in targets if wanted & {x.casefold() for x in t.tags}]


def topic_targets(topic: Topic, settings: Settings) -> list[Target]:
    """The targets this topic's alerts go to; the terminal when nothing is configured at all."""
    if not targets_configured(settings):
        return [TERMINAL_TARGET]
    routed = route(load_targets(settings), topic.alerts.tags)
    if not routed:
        raise AlertError(
            f"no alert target carries a tag of topic '{topic.name}' "
            f"({', '.join(topic.alerts.tags)}); alerts stay pending"
        )
    return routed


# -------------------------------------------------------------------------------- sending


def send_message(target: Target, message: Message, *, notify_type: str = "info") -> str | None:
    """Send through apprise; None on success, else a short reason that is safe to print."""
    import apprise

    with apprise.LogCapture(  # type: ignore[no-untyped-call]
        level=logging.WARNING, fmt="%(message)s"
    ) as captured:
        try:
            ok = target.plugin.notify(
                body=message.body,
                title=message.title,
                notify_type=apprise.NotifyType(notify_type),
                body_format=apprise.NotifyFormat(message.style.body_format),
            )
        except Exception as exc:  # a plugin bug must become a failed delivery, not a crash
            ok = False
            log.debug("apprise raised", exc_info=True)
            captured.write(f"{type(exc).__name__}: {exc}\n")
        text = captured.getvalue()
    if ok:
        return None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    reason = " | ".join(lines[-2:]) if lines else "apprise reported a failure"
    return scrub(reason, target.secrets)[:300]


@dataclass(slots=True)
class TargetResult:
    """How one target took a test message (`monitor test-alert`)."""

    target: str
    key: str
    ok: bool
    error: str | None = None


@dataclass(slots=True)
class DeliveryReport:
    """One delivery pass. Counts are per (alert, target) delivery."""

    sent: int = 0
    failed: int = 0
    deferred: int = 0
    unconfirmed: int = 0
    in_flight: int = 0
    folded: int = 0
    messages: list[str] = field(default_factory=list)  # dry run: what would be sent, to whom
    errors: list[tuple[str, str]] = field(default_factory=list)  # (target label, redacted reason)


# ------------------------------------------------------------------------------ schedules


def _clock(value: str) -> time:
    return time.fromisoformat(value.strip())


def quiet_until(config: AlertConfig, now: datetime) -> datetime | None:
    """The end of the quiet period `now` falls in (UTC), or None outside quiet hours."""
    if not config.quiet_hours:
        return None
    tz = zone(config.timezone)
    start_s, end_s = config.quiet_hours.split("-")
    start, end = _clock(start_s), _clock(end_s)
    local = now.astimezone(tz)
    t = local.time().replace(tzinfo=None)
    today_end = datetime.combine(local.date(), end, tz)
    if start == end:
        return None
    if start < end:
        return today_end.astimezone(now.tzinfo) if start <= t < end else None
    if t >= start:
        return (today_end + timedelta(days=1)).astimezone(now.tzinfo)
    if t < end:
        return today_end.astimezone(now.tzinfo)
    return None


def last_digest_moment(config: AlertConfig, now: datetime) -> datetime | None:
    """The latest scheduled digest time at or before `now`; None for a digest every run."""
    if config.digest_at is None:
        return None
    tz = zone(config.timezone)
    local = now.astimezone(tz)
    moment = datetime.combine(local.date(), config.digest_at.replace(tzinfo=None), tz)
    if moment > local:
        moment = datetime.combine(
            local.date() - timedelta(days=1), config.digest_at.replace(tzinfo=None), tz
        )
    return moment.astimezone(now.tzinfo)


# ------------------------------------------------------------------------------ reconcile


def reconcile(session: Session, topic: str, now: datetime) -> tuple[int, int]:
    """Settle deliveries a stopped run left in 'sending' (see the module docstring for the policy).

    Returns (marked unconfirmed, still in flight).
    """
    unconfirmed = in_flight = 0
    for row in alert_store.deliveries_in_state(session, topic, DeliveryState.SENDING):
        started = row.last_attempt_at
        if started is not None and started > now - SENDING_GRACE:
            in_flight += 1
            continue
        alert_store.mark_unconfirmed(row)
        unconfirmed += 1
        log.warning("delivery of alert %s to %s is unconfirmed", row.alert_id, row.target_label)
    return unconfirmed, in_flight


# ------------------------------------------------------------------------------ planning


def _plan(
    session: Session, topic: Topic, due: Sequence[AlertRow], now: datetime
) -> tuple[list[AlertRow], int]:
    """The alerts to send this run, in order, after folding; returns (alerts, folded count).

    Alerts some target has seen already are never folded: every target must get the same alert.
    """
    config = topic.alerts
    started = deliveries_by_alert(session, [a.id for a in due])
    # A digest is never folded again, and a maintenance alert never into news.
    begun = [a for a in due if started[a.id] or a.kind in UNFOLDED]
    fresh = [a for a in due if not started[a.id] and a.kind not in UNFOLDED]
    if config.mode == "digest":
        moment = last_digest_moment(config, now)
        ready = fresh if moment is None else [a for a in fresh if a.created_at <= moment]
        if len(ready) >= 2:
            return [*begun, fold(session, topic, ready, now=now, reason="schedule")], len(ready)
        return [*begun, *ready], 0
    cap = config.max_per_run
    if cap <= 0:
        return [*begun, *fresh], 0
    budget = max(cap - len(begun), 1)
    if len(fresh) <= budget:
        return [*begun, *fresh], 0
    alone, rest = fresh[: budget - 1], fresh[budget - 1 :]
    return [*begun, *alone, fold(session, topic, rest, now=now, reason="cap")], len(rest)


# ------------------------------------------------------------------------------- deliver


def _backoff(attempts: int) -> timedelta:
    return min(BACKOFF_FIRST * int(2 ** (attempts - 1)), BACKOFF_MAX)


def _echo_default(text: str) -> None:
    print(text)


def deliver_pending(
    db: Database,
    topic: Topic,
    settings: Settings,
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    echo: Callable[[str], None] | None = None,
) -> DeliveryReport:
    """Send the topic's due alerts to its targets; see the module docstring for the guarantees.

    With no target configured at all, alerts are printed through `echo` and recorded as
    delivered to the pseudo-target 'terminal'. With `dry_run`, nothing is sent or recorded:
    each message is described through `echo`.
    """
    now = now or utcnow()
    if topic.alerts.timezone is None:
        # a topic without its own time zone shows times in the user's (MONITOR_TIMEZONE)
        alerts = topic.alerts.model_copy(update={"timezone": settings.timezone})
        topic = topic.model_copy(update={"alerts": alerts})
    report = DeliveryReport()
    try:
        targets = topic_targets(topic, settings)
    except AlertError as exc:
        report.errors.append(("alert targets", scrub(str(exc), settings.apprise_url_list)))
        return report
    try:
        maintenance = maintenance_targets(topic, settings, targets, log=log)
    except AlertError as exc:
        report.errors.append(("alert targets", scrub(str(exc), settings.apprise_url_list)))
        maintenance = targets
    timezone = topic.alerts.timezone or settings.timezone
    round_ = _Round(db, targets, maintenance, report, echo or _echo_default, timezone, now)
    # where alerts link a story's page (MONITOR_STORY_URL, PREFECT_UI_URL), if anywhere
    round_.links = {"template": settings.story_url, "ui_url": settings.prefect_ui_url}
    for alert_id in _plan_round(round_, topic, dry_run=dry_run):
        _deliver_alert(round_, alert_id)
    return report


@dataclass(slots=True)
class _Round:
    """One delivery pass over a topic's due alerts."""

    db: Database
    targets: list[Target]
    maintenance: list[Target]  # where maintenance alerts go (`[topic.health] alert_tags`)
    report: DeliveryReport
    say: Callable[[str], None]
    timezone: str
    now: datetime
    cooling: dict[str, datetime] = field(default_factory=dict)  # targets in backoff, until when
    down: set[str] = field(default_factory=set)  # targets that failed in this pass
    links: dict[str, str | None] = field(default_factory=dict)  # story page link settings

    def targets_of(self, alert: AlertRow) -> list[Target]:
        """The targets of one alert: a maintenance alert's own, else the topic's."""
        return self.maintenance if alert.kind == MAINTENANCE else self.targets


def _plan_round(round_: _Round, topic: Topic, *, dry_run: bool) -> list[int]:
    """Settle what a stopped run left, hold alerts in quiet hours, fold, and return the ids of
    the alerts to send now, in order (none in a dry run: it only describes them)."""
    report, targets, now = round_.report, round_.targets, round_.now
    session = round_.db.sessions()
    try:
        report.unconfirmed, report.in_flight = reconcile(session, topic.name, now)
        due = due_alerts(session, topic.name, now)
        quiet_end = quiet_until(topic.alerts, now)
        round_.cooling = cooling = alert_store.cooling_targets(session, topic.name, now)
        if due and quiet_end is not None:
            alert_store.defer_alerts(due, quiet_end)
            report.deferred += len(due) * len(targets)
            plan: list[AlertRow] = []
        elif due and all(cooling.get(t.key, now) > now for t in targets):
            # Every target is down and backing off: nothing goes out this run. Folding now
            # would make one more digest per run, and the run the target is back would send
            # them all at once, far over max_per_run; the alerts wait unfolded instead.
            report.deferred += len(due) * len(targets)
            plan = []
        else:
            plan, report.folded = _plan(session, topic, due, now)
        if dry_run:
            for alert in plan:
                for target in round_.targets_of(alert):
                    message = _message(session, alert, target, round_.timezone, now, round_.links)
                    report.messages.append(f"{target.label}: {message.title or message.body[:80]}")
                    round_.say(f"[dry run] to {target.label}:\n{message.title}\n{message.body}\n")
            session.rollback()
            return []
        session.commit()
        return [a.id for a in plan]
    except IntegrityError:
        # Another process folded the same alerts into the same digest a moment ago: it is
        # delivering them, and its claims keep every (alert, target) to one send anyway.
        session.rollback()
        log.info("alerts of topic %s are being delivered by another process", topic.name)
        return []
    finally:
        session.close()


def _deliver_alert(round_: _Round, alert_id: int) -> None:
    """Send one alert to each of its targets that still needs it and may be tried now."""
    db, report, now = round_.db, round_.report, round_.now
    with db.session() as session:
        alert = session.get(AlertRow, alert_id)
        if alert is None:
            return
        targets = round_.targets_of(alert)
        existing = {d.target: d for d in deliveries_by_alert(session, [alert_id])[alert_id]}
        messages: dict[str, Message | Exception] = {}
        for target in targets:
            try:
                messages[target.key] = _message(
                    session, alert, target, round_.timezone, now, round_.links
                )
            except AlertError as exc:
                messages[target.key] = exc
        terminal_text = (
            render_terminal(
                with_story_links(alert.payload, **round_.links), timezone=round_.timezone, now=now
            )
            if any(t.key == TERMINAL for t in targets)
            else ""
        )
    for target in targets:
        row = existing.get(target.key)
        if row is not None and not DeliveryState(row.state).retryable:
            continue
        if target.key in round_.down or round_.cooling.get(target.key, now) > now:
            report.deferred += 1
            continue
        if row is not None and row.next_attempt_at is not None and row.next_attempt_at > now:
            report.deferred += 1
            continue
        if not alert_store.claim_delivery(db, alert_id, target.key, target.label, now):
            continue
        prepared = messages[target.key]
        if isinstance(prepared, Exception):
            error: str | None = f"cannot render: {prepared}"
        elif target.key == TERMINAL:
            round_.say(terminal_text)
            error = None
        else:
            error = send_message(target, prepared)
        if os.environ.get(CRASH_HOOK) == "1":
            os._exit(70)
        state = alert_store.record_delivery(
            db, alert_id, target.key, error, now, max_attempts=MAX_ATTEMPTS, backoff=_backoff
        )
        if state is None:  # pragma: no cover - the claim created it in a committed transaction
            raise AlertError(f"delivery of alert {alert_id} to {target.label} vanished")
        if error is None:
            report.sent += 1
        else:
            report.failed += 1
            round_.down.add(target.key)
            report.errors.append((target.label, error))
            log.warning("alert %s to %s failed (%s): %s", alert_id, target.label, state, error)
    alert_store.settle_alert(db, alert_id, [t.key for t in targets], now)


def _message(
    session: Session,
    alert: AlertRow,
    target: Target,
    tz_name: str,
    now: datetime,
    links: dict[str, str | None] | None = None,
) -> Message:
    payload = with_story_links(dict(alert.payload or {}), **(links or {}))
    if alert.kind in ("new_story", "development"):
        payload["outlets"] = corroborating_outlets(session, alert)
    return render(payload, target.style, limits=target.limits, timezone=tz_name, now=now)


# --------------------------------------------------------------------------------- testing


def send_test(settings: Settings, *, tag: str | None = None) -> list[TargetResult]:
    """Send a clearly marked test message to each target (only those tagged `tag`, if given)."""
    if not targets_configured(settings):
        return []
    targets = load_targets(settings)
    if tag:
        targets = route(targets, [tag])
    results: list[TargetResult] = []
    now = utcnow()
    for target in targets:
        payload = {"kind": "test", "target": target.label, "sent": now.isoformat()}
        try:
            message = render(
                payload, target.style, limits=target.limits, timezone=settings.timezone, now=now
            )
        except AlertError as exc:
            results.append(TargetResult(target.label, target.key, False, str(exc)))
            continue
        error = send_message(target, message)
        results.append(TargetResult(target.label, target.key, error is None, error))
    return results
