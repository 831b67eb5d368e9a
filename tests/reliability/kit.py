"""Shared helpers of the reliability tests: a topic over a local site, `monitor run` processes,
and the invariants a database must keep whatever happened to the runs that wrote it."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from monitor.alerts.outbox import alert_worthy, idempotency_key
from monitor.config import Settings, load_topic
from monitor.store import Database
from monitor.store.schema import AlertRow, ArticleRow, DeliveryRow, RunLock, UrlAlias, VerdictRow
from tests.conftest import fetch_settings
from tests.sitekit import NewsSite, generated_article
from tests.targets import WebhookReceiver

ROOT = Path(__file__).resolve().parents[2]
TOPIC = "rel-test"
# every city the generated articles of tests/sitekit.py are about: each of them is relevant
CITIES = ["Bremen", "Leipzig", "Kiel", "Freiburg", "Rostock", "Dresden", "Mainz", "Ulm",
          "Cardiff", "York", "Galway", "Aarhus"]  # fmt: skip


def publish_generated(site: NewsSite, count: int, rng: random.Random) -> None:
    """``count`` more generated articles, newest first in their feed (round robin)."""
    feeds = sorted(site.feeds)
    for _ in range(count):
        index = len(site.articles)
        feed = feeds[index % len(feeds)]
        language = site.feeds[feed].language
        published = site.now + timedelta(minutes=index)
        site.articles.append(generated_article(index, language, published, [feed], rng))


def write_topics(
    path: Path,
    site: NewsSite,
    *,
    feeds: list[str] | None = None,
    query: str | None = None,
    max_per_run: int = 200,
    name: str = TOPIC,
    extra: str = "",
) -> Path:
    """A topics file with one RSS source per feed of ``site``; by default every article matters."""
    query = query or " OR ".join(CITIES)
    sources = "".join(
        f"""
[[topic.sources]]
kind = "rss"
name = "feed-{feed}"
url = "{site.feed_url(feed)}"
"""
        for feed in (feeds if feeds is not None else sorted(site.feeds))
    )
    path.write_text(
        f"""
[[topic]]
name = "{name}"
title = "Reliability test"
languages = ["de", "en"]

[topic.relevance]
query = '{query}'

[topic.alerts]
min_severity = "development"
max_per_run = {max_per_run}
{extra}
{sources}""",
        encoding="utf-8",
    )
    return path


def run_settings(
    tmp_path: Path, topics: Path, database_url: str, hook: WebhookReceiver | None, **overrides: Any
) -> Settings:
    """Settings for an in-process pass (run_once) over loopback sites."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "topics_file": topics,
        "apprise_urls": hook.url if hook is not None else "",
        "data_dir": tmp_path,
        "extract_workers": 0,
    }
    values.update(overrides)
    return fetch_settings(**values)


def monitor_env(
    tmp_path: Path, topics: Path, database_url: str, hook: WebhookReceiver | None, **extra: str
) -> dict[str, str]:
    """The environment of a `monitor run` process: loopback allowed, no delays, no pool."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    env.update(
        PYTHONPATH=str(ROOT),
        MONITOR_DATA_DIR=str(tmp_path / "data"),
        MONITOR_DATABASE_URL=database_url,
        MONITOR_TOPICS_FILE=str(topics),
        MONITOR_APPRISE_URLS=hook.url if hook is not None else "",
        MONITOR_FETCH_ALLOW="127.0.0.1 127.0.0.2",
        MONITOR_FETCH_HOST_DELAY="0",
        MONITOR_FETCH_RETRIES="1",
        MONITOR_FETCH_BACKOFF="0.01",
        MONITOR_FETCH_TIMEOUT="5",
        MONITOR_EXTRACT_WORKERS="0",
        MONITOR_LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def start_monitor(*args: str, env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "monitor.cli", *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def monitor(
    *args: str, env: dict[str, str], cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "monitor.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# ------------------------------------------------------------------------------- invariants


@dataclass
class Snapshot:
    """What the database holds for the topic, read in one go."""

    articles: list[ArticleRow] = field(default_factory=list)
    aliases: dict[str, int] = field(default_factory=dict)
    verdicts: dict[int, VerdictRow] = field(default_factory=dict)  # by article id
    alerts: list[AlertRow] = field(default_factory=list)
    deliveries: list[DeliveryRow] = field(default_factory=list)
    locks: list[RunLock] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def stored(self) -> list[ArticleRow]:
        return [a for a in self.articles if a.status == "article"]


def snapshot(database_url: str, topics: Path, topic: str = TOPIC) -> Snapshot:
    """Read the topic's state and list every broken invariant in ``problems``:

    each canonical URL once, each content once; every stored article has its verdict; every
    alert-worthy verdict is covered by exactly one alert (its own or the one with its key);
    at most one delivery per (alert, target).
    """
    config = load_topic(topics, topic)
    db = Database(database_url)
    snap = Snapshot()
    try:
        with db.session() as session:
            snap.articles = list(
                session.scalars(select(ArticleRow).where(ArticleRow.topic == topic))
            )
            snap.aliases = {
                url: article_id
                for url, article_id in session.execute(
                    select(UrlAlias.url, UrlAlias.article_id).where(UrlAlias.topic == topic)
                )
            }
            snap.verdicts = {
                v.article_id: v
                for v in session.scalars(select(VerdictRow).where(VerdictRow.topic == topic))
            }
            snap.alerts = list(
                session.scalars(
                    select(AlertRow).where(AlertRow.topic == topic).order_by(AlertRow.id)
                )
            )
            ids = [a.id for a in snap.alerts]
            snap.deliveries = (
                list(session.scalars(select(DeliveryRow).where(DeliveryRow.alert_id.in_(ids))))
                if ids
                else []
            )
            snap.locks = list(session.scalars(select(RunLock).where(RunLock.topic == topic)))
            keys = {a.idempotency_key: a for a in snap.alerts}
            urls = Counter(a.url for a in snap.articles)
            snap.problems += [f"url stored {n} times: {u}" for u, n in urls.items() if n > 1]
            hashes = Counter(a.content_hash for a in snap.stored)
            snap.problems += [f"content stored {n} times: {h}" for h, n in hashes.items() if n > 1]
            for article in snap.stored:
                verdict = snap.verdicts.get(article.id)
                if verdict is None:
                    snap.problems.append(f"article without verdict: {article.url}")
                    continue
                if alert_worthy(config, verdict.kind):
                    key = idempotency_key(config, article=article, verdict=verdict)
                    if key not in keys:
                        snap.problems.append(f"{verdict.kind} verdict without alert: {article.url}")
            per_alert_target = Counter((d.alert_id, d.target) for d in snap.deliveries)
            snap.problems += [
                f"alert {a} has {n} deliveries to {t}"
                for (a, t), n in per_alert_target.items()
                if n > 1
            ]
            count = session.scalar(
                select(func.count()).select_from(AlertRow).where(AlertRow.topic == topic)
            )
            if count != len(keys):
                snap.problems.append("two alerts share an idempotency key")
    finally:
        db.dispose()
    return snap


def posts_for(hook: WebhookReceiver, alert: AlertRow) -> int:
    """How many times the webhook received this alert (its title ends with the headline)."""
    headline = str((alert.payload or {}).get("headline") or "")
    return sum(1 for p in hook.posts if str(p.get("title", "")).endswith(headline))


def missing_articles(site: NewsSite, snap: Snapshot) -> list[str]:
    """The site's feed articles the database does not know under any URL."""
    return [url for url in site.article_urls() if url not in snap.aliases]


# ------------------------------------------------------------------------- forked runs

# A process that has imported the monitor once and forks a child for every `monitor run`: a
# trial then costs the run, not seconds of imports, so twenty kill -9 trials fit in a minute.
# Each child is a complete `monitor run` (the typer app, from argv to exit code); its output
# goes to files. The parent reaps every child at once, so a killed child is really gone (not a
# zombie) when the next run checks whether the holder of the run lock is alive.
_FORKER = r"""
import json, os, signal, sys, time
import apprise, trafilatura  # noqa: F401  (warm: the run would import them lazily)
import monitor.cli, monitor.pipeline, monitor.extract, monitor.alerts.deliver  # noqa: F401
import monitor.text
apprise.Apprise.instantiate("json://127.0.0.1:9/warm")
monitor.text.lemma("Häuser", "de"), monitor.text.lemma("houses", "en")  # seconds of dictionaries
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(handle, fd)
            os.close(handle)
        sys.argv = ["monitor", *request["args"]]
        code = 1
        try:
            monitor.cli.app()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    print(json.dumps({"pid": pid}), flush=True)
    # the child is only reaped here, so its pid cannot be reused by then: killing is safe
    deadline = time.monotonic() + request["kill_after"] if request["kill_after"] else None
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if deadline is not None and time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            break
        time.sleep(0.002)
    print(json.dumps({"status": os.waitstatus_to_exitcode(status)}), flush=True)
"""


@dataclass
class ForkedRun:
    pid: int
    stdout: Path
    stderr: Path


class Forker:
    """Runs `monitor run` as forked children of one warm interpreter (see _FORKER)."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.cwd = cwd
        self._count = 0
        self._process = subprocess.Popen(
            [sys.executable, "-c", _FORKER],
            env={**env, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._read() == {"ready": True}

    def _read(self) -> dict[str, Any]:
        import json

        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            raise AssertionError("the forking interpreter died")
        return dict(json.loads(line))

    def start(self, *args: str, kill_after: float | None = None) -> ForkedRun:
        """Start `monitor <args>`; with ``kill_after`` it gets SIGKILL that many seconds in."""
        import json

        self._count += 1
        run = ForkedRun(0, self.cwd / f"run-{self._count}.out", self.cwd / f"run-{self._count}.err")
        assert self._process.stdin is not None
        request = {
            "args": list(args),
            "stdout": str(run.stdout),
            "stderr": str(run.stderr),
            "kill_after": kill_after,
        }
        self._process.stdin.write(json.dumps(request) + "\n")
        self._process.stdin.flush()
        run.pid = int(self._read()["pid"])
        return run

    def wait(self) -> int:
        """The exit code of the last started run (negative: killed by that signal)."""
        return int(self._read()["status"])

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=30)

    def __enter__(self) -> Forker:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process.poll() is None:
            self.close()
