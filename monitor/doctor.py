"""`monitor doctor`: check the whole set-up without changing or sending anything.

One line per check, `OK`, `FAIL` or `SKIP` with a detail: settings and `.env`, the topics file,
the database (reachable, migrated), each alert target (its URL parses into an apprise plugin; a
mail server answers EHLO; any other target with a host accepts a TCP connection; nothing is
sent), the routing of each topic's tags, and the Prefect API when PREFECT_API_URL is set.
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from monitor.config import Settings, Topic, load_topics
from monitor.errors import MonitorError

TIMEOUT = 5.0  # seconds for each connection a check makes


@dataclass(frozen=True, slots=True)
class Check:
    status: str  # "OK" | "FAIL" | "SKIP"
    name: str
    detail: str

    def line(self) -> str:
        return f"{self.status:<4} {self.name}: {self.detail}"


def run_checks(env_file: Path = Path(".env")) -> Iterator[Check]:
    """Every check in order; later ones are skipped when what they need is broken."""
    try:
        settings = Settings()
    except Exception as exc:  # pydantic names the variable that is wrong
        yield Check("FAIL", "settings", " ".join(str(exc).split()))
        return
    where = (
        f"the environment and {env_file.resolve()}"
        if env_file.is_file()
        else (f"the environment (no .env in {Path.cwd()})")
    )
    yield Check("OK", "settings", f"read from {where}")

    topics: dict[str, Topic] = {}
    try:
        topics = load_topics(settings.topics_file)
    except MonitorError as exc:
        yield Check("FAIL", "topics file", str(exc).replace("\n", "\n     "))
    else:
        yield Check(
            "OK",
            "topics file",
            f"{settings.topics_file}: {len(topics)} topic(s): " + ", ".join(topics),
        )
    yield check_database(settings)
    yield from check_alert_targets(settings, topics)
    yield check_prefect_api()


def check_database(settings: Settings) -> Check:
    from sqlalchemy import inspect
    from sqlalchemy.engine import make_url

    from monitor.store import Database
    from monitor.store.db import redact_url

    url = settings.resolved_database_url
    shown = redact_url(url)
    try:
        parsed = make_url(url)
    except Exception:
        return Check("FAIL", "database", f"not a database URL: {shown}")
    file = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if file not in (None, "", ":memory:") and not Path(str(file)).exists():
        return Check("OK", "database", f"{shown} does not exist yet; the first run creates it")
    db: Database | None = None
    try:
        db = Database(url)
        db.check()
        with db.engine.connect() as connection:
            has_versions = inspect(connection).has_table("alembic_version")
        current = db.current_revision() if has_versions else None
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(db.alembic_config()).get_current_head()
    except MonitorError as exc:
        return Check("FAIL", "database", str(exc))
    except Exception as exc:
        return Check("FAIL", "database", f"{shown}: {type(exc).__name__}: {exc}")
    finally:
        if db is not None:
            db.dispose()
    if current == head:
        return Check("OK", "database", f"{shown} reachable, schema at the newest revision {head}")
    return Check(
        "FAIL",
        "database",
        f"{shown} reachable, but its schema is at revision {current or 'none'} and this version "
        f"needs {head}: run `monitor db upgrade`",
    )


def check_alert_targets(settings: Settings, topics: dict[str, Topic]) -> Iterator[Check]:
    from monitor.alerts.deliver import load_targets, route, targets_configured

    if settings.apprise_secret_block:
        yield Check(
            "SKIP",
            "alert targets",
            f"the targets in the Prefect Secret block '{settings.apprise_secret_block}' are "
            "resolved by the flows only and not checked here",
        )
    if not targets_configured(settings.model_copy(update={"apprise_secret_block": None})):
        if not settings.apprise_secret_block:
            yield Check("OK", "alert targets", "none configured: alerts print to the terminal")
        return
    try:
        targets = load_targets(settings.model_copy(update={"apprise_secret_block": None}))
    except MonitorError as exc:
        yield Check("FAIL", "alert targets", str(exc))
        return
    for target in targets:
        yield check_target(target.label, target.plugin)
    for topic in topics.values():
        if topic.alerts.tags and not route(targets, topic.alerts.tags):
            yield Check(
                "FAIL",
                f"alert routing of topic '{topic.name}'",
                f"no target carries a tag of {', '.join(topic.alerts.tags)}: its alerts would "
                "stay pending",
            )
        if topic.health.alert_tags and not route(targets, topic.health.alert_tags):
            yield Check(
                "FAIL",
                f"maintenance alert routing of topic '{topic.name}'",
                f"no target carries a tag of [topic.health] alert_tags "
                f"({', '.join(topic.health.alert_tags)}): its maintenance alerts would go to "
                "the topic's own targets",
            )


def check_target(label: str, plugin: Any) -> Check:
    """Reach a target without sending: an SMTP server must answer EHLO, any other target with a
    network host must accept a TCP connection; a cloud service is checked at its API host."""
    name = f"alert target {label}"
    kind = type(plugin).__name__
    if not getattr(plugin, "enabled", True):
        return Check("FAIL", name, f"{kind} is disabled (a package it needs is missing)")
    from apprise.plugins.email import NotifyEmail

    if isinstance(plugin, NotifyEmail):
        return _check_smtp(name, plugin)
    endpoint = _endpoint(plugin)
    if endpoint is None:
        return Check("OK", name, f"URL parses into {kind}; it names no host to reach (not sent)")
    host, port = endpoint
    problem = _tcp(host, port)
    if problem:
        return Check("FAIL", name, f"{kind}: cannot connect to {host}:{port}: {problem}")
    return Check("OK", name, f"{kind}: TCP connect to {host}:{port} (nothing sent)")


def _endpoint(plugin: Any) -> tuple[str, int] | None:
    secure = bool(getattr(plugin, "secure", False))
    port = getattr(plugin, "port", None)
    for attr in ("notify_url", "api_url", "webhook_url"):
        url = getattr(plugin, attr, None)
        if isinstance(url, str) and url.startswith(("http://", "https://")):
            parts = urlsplit(url)
            if parts.hostname:  # a cloud service: its API host is what must be reachable
                return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
    host = getattr(plugin, "host", None)
    if not isinstance(host, str) or not _looks_like_host(host):
        return None
    return host, int(port) if port else (443 if secure else 80)


def _looks_like_host(host: str) -> bool:
    return host == "localhost" or "." in host or ":" in host


def _tcp(host: str, port: int) -> str | None:
    try:
        with socket.create_connection((host, port), timeout=TIMEOUT):
            return None
    except OSError as exc:
        return exc.strerror or str(exc) or type(exc).__name__


def _check_smtp(name: str, plugin: Any) -> Check:
    host = str(plugin.smtp_host)
    mode = str(getattr(plugin, "secure_mode", "") or "")
    secure = bool(getattr(plugin, "secure", False))
    implicit_tls = secure and mode.lower() == "ssl"
    port = int(plugin.port or (465 if implicit_tls else 587 if secure else 25))
    factory: Callable[..., smtplib.SMTP] = smtplib.SMTP_SSL if implicit_tls else smtplib.SMTP
    try:
        with factory(host, port, timeout=TIMEOUT) as smtp:
            code, _ = smtp.ehlo()
            if code != 250:
                return Check("FAIL", name, f"SMTP server {host}:{port} answered EHLO with {code}")
    except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return Check("FAIL", name, f"cannot reach SMTP server {host}:{port}: {reason}")
    return Check("OK", name, f"SMTP server {host}:{port} answered EHLO (nothing sent)")


def check_prefect_api() -> Check:
    # the variable only: monitor/ does not import Prefect (a URL in a Prefect profile is
    # not seen here)
    url = os.environ.get("PREFECT_API_URL", "").strip()
    if not url:
        return Check(
            "SKIP", "Prefect API", "PREFECT_API_URL is not set (`monitor run` needs no server)"
        )
    import httpx

    health = url.rstrip("/") + "/health"
    try:
        response = httpx.get(health, timeout=TIMEOUT)
    except httpx.HTTPError as exc:
        return Check("FAIL", "Prefect API", f"{url}: {type(exc).__name__}: {exc}")
    if response.status_code != 200:
        return Check("FAIL", "Prefect API", f"{health} answered {response.status_code}")
    return Check("OK", "Prefect API", f"{url} answers")


__all__ = ["Check", "check_database", "check_prefect_api", "check_target", "run_checks"]
