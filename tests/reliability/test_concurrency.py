"""Losing the database mid-run, two runs at once, and an alert target down for several runs."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from monitor.alerts import deliver_pending
from monitor.alerts.deliver import BACKOFF_MAX
from monitor.config import load_topic
from monitor.errors import StoreError
from monitor.pipeline import run_once
from monitor.store import Database
from monitor.store.schema import utcnow
from tests.conftest import PG_BASE, postgres_reachable
from tests.reliability.kit import (
    TOPIC,
    missing_articles,
    monitor,
    monitor_env,
    posts_for,
    publish_generated,
    run_settings,
    snapshot,
    start_monitor,
    write_topics,
)
from tests.sitekit import NewsSite, Reply, SiteRequest
from tests.targets import WebhookReceiver


def sabotage_on_first_article(site: NewsSite, act: object) -> None:
    """Call ``act()`` when the run asks for its first article page: discovery is done by then."""
    done: list[bool] = []

    def handler(_request: SiteRequest) -> Reply:
        if not done:
            done.append(True)
            act()  # type: ignore[operator]
        return Reply.normal()

    for article in site.articles:
        site.route(article.path, handler)


# ------------------------------------------------------------------------- database loss


def test_sqlite_locked_mid_run_fails_clearly_and_the_next_run_completes(
    tmp_path: Path, hook: WebhookReceiver
) -> None:
    path = tmp_path / "monitor.db"
    database_url = f"sqlite:///{path}?timeout=1"
    holder: list[sqlite3.Connection] = []

    def lock() -> None:
        connection = sqlite3.connect(
            path, timeout=10, isolation_level=None, check_same_thread=False
        )
        connection.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
        holder.append(connection)

    with NewsSite.generate(articles=6, feeds=2) as site:
        sabotage_on_first_article(site, lock)
        topics = write_topics(tmp_path / "topics.toml", site)
        env = monitor_env(tmp_path, topics, database_url, hook)
        failed = monitor("run", "--topic", TOPIC, env=env, cwd=tmp_path)
        assert holder, "the run never fetched an article"
        assert failed.returncode == 2, failed.stdout + failed.stderr
        assert "error: the database failed during run" in failed.stderr
        assert "database is locked" in failed.stderr
        assert "Traceback" not in failed.stderr
        holder[0].execute("ROLLBACK")
        holder[0].close()

        half = snapshot(database_url, topics)
        assert half.problems == []  # nothing half-written: no article without its verdict
        assert hook.posts == []

        site._routes.clear()
        after = monitor("run", "--topic", TOPIC, env=env, cwd=tmp_path)
        assert after.returncode == 0, after.stderr
        assert "stored 6" in after.stdout
        snap = snapshot(database_url, topics)
        assert snap.problems == [] and missing_articles(site, snap) == []
        assert all(posts_for(hook, a) == 1 for a in snap.alerts)


@pytest.fixture
def postgres_role() -> Iterator[tuple[str, str]]:
    """(url, role): a schema of its own reached as a role of its own, which the test may lock out."""
    reason = postgres_reachable()
    if reason:
        pytest.skip(reason)
    suffix = uuid.uuid4().hex[:10]
    schema, role = f"t_rel_{suffix}", f"rel_{suffix}"
    admin = create_engine(PG_BASE, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        conn.execute(text(f'CREATE SCHEMA "{schema}" AUTHORIZATION "{role}"'))
    base = PG_BASE.replace("postgres@", f"{role}@", 1)
    try:
        yield f"{base}?options=-csearch_path%3D{schema}", role
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER ROLE "{role}" LOGIN'))
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :r"),
                {"r": role},
            )
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()


@pytest.mark.postgres
def test_postgres_connection_lost_mid_run_fails_clearly_and_the_next_run_completes(
    tmp_path: Path, hook: WebhookReceiver, postgres_role: tuple[str, str]
) -> None:
    """The server stays up (other tests use it): the run's role is locked out and its
    connections are terminated, which is what a run sees of a database that went away."""
    database_url, role = postgres_role
    admin = create_engine(PG_BASE, isolation_level="AUTOCOMMIT")

    def cut_off() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER ROLE "{role}" NOLOGIN'))
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :r"),
                {"r": role},
            )

    try:
        with NewsSite.generate(articles=6, feeds=2) as site:
            sabotage_on_first_article(site, cut_off)
            topics = write_topics(tmp_path / "topics.toml", site)
            settings = run_settings(tmp_path, topics, database_url, hook)
            with pytest.raises(StoreError, match="the database failed during run"):
                run_once(settings, TOPIC)
            with admin.connect() as conn:
                conn.execute(text(f'ALTER ROLE "{role}" LOGIN'))
            half = snapshot(database_url, topics)
            assert half.problems == []
            assert hook.posts == []

            site._routes.clear()
            report = run_once(settings, TOPIC)
            assert report.stored == 6, report.failures
            snap = snapshot(database_url, topics)
            assert snap.problems == [] and missing_articles(site, snap) == []
            assert all(posts_for(hook, a) == 1 for a in snap.alerts)
    finally:
        admin.dispose()


# ---------------------------------------------------------------------------- overlapping


def test_two_monitor_runs_at_once_store_and_alert_everything_once(
    tmp_path: Path, hook: WebhookReceiver, database_url: str
) -> None:
    with NewsSite.generate(articles=12, feeds=2) as site:
        site.response_delay = 0.05  # long enough for the two runs to overlap
        topics = write_topics(tmp_path / "topics.toml", site)
        env = monitor_env(tmp_path, topics, database_url, hook)
        first = start_monitor("run", "--topic", TOPIC, env=env, cwd=tmp_path)
        second = start_monitor("run", "--topic", TOPIC, env=env, cwd=tmp_path)
        results: list[tuple[int, str, str]] = []
        for process in (first, second):
            try:
                out, err = process.communicate(timeout=120)
            except subprocess.TimeoutExpired:
                process.kill()
                raise
            results.append((process.returncode, out, err))
        codes = sorted(code for code, _, _ in results)
        assert codes in ([0, 0], [0, 3]), results
        for code, _out, err in results:
            assert "Traceback" not in err
            if code == 3:
                assert "being monitored by another run" in err

        again = monitor("run", "--topic", TOPIC, env=env, cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        snap = snapshot(database_url, topics)
        assert snap.problems == []
        assert missing_articles(site, snap) == []
        assert len(snap.stored) == 12
        assert snap.alerts and all(posts_for(hook, a) == 1 for a in snap.alerts)


# ---------------------------------------------------------------------------- overlapping


# -------------------------------------------------------------------------- target down


def test_alert_target_down_for_several_runs_then_back_delivers_each_once_in_order(
    tmp_path: Path, hook: WebhookReceiver, database_url: str
) -> None:
    cap = 3
    rng = random.Random(4)
    with NewsSite.generate(articles=3, feeds=1) as site:
        topics = write_topics(tmp_path / "topics.toml", site, max_per_run=cap)
        settings = run_settings(tmp_path, topics, database_url, hook)
        hook.failing = True
        for number in range(4):
            if number:
                publish_generated(site, 4, rng)
            report = run_once(settings, TOPIC)
            assert report.alerts_sent == 0
        snap = snapshot(database_url, topics)
        pending = [a for a in snap.alerts if a.status == "pending"]
        assert len(pending) >= cap + 2, "the scenario needs more alerts than the cap"
        assert hook.posts == []

        hook.failing = False
        # the first run after the target's backoff is over
        db = Database(database_url)
        try:
            back = deliver_pending(
                db, load_topic(topics, TOPIC), settings, now=utcnow() + BACKOFF_MAX * 2
            )
        finally:
            db.dispose()
        assert back.sent == len(hook.posts) <= cap
        snap = snapshot(database_url, topics)
        assert snap.problems == []
        assert {a.status for a in snap.alerts} <= {"sent", "folded"}
        digests = [a for a in snap.alerts if a.kind == "digest"]
        singles = [a for a in snap.alerts if a.kind != "digest" and a.status == "sent"]
        folded = [a for a in snap.alerts if a.status == "folded"]
        assert len(singles) + len(folded) == len(pending)
        # each alert reached the target once: alone, or inside the one digest
        assert all(posts_for(hook, a) == 1 for a in singles)
        assert len(digests) == (1 if folded else 0)
        titles = [p["title"] for p in hook.posts]
        order = [
            next(i for i, t in enumerate(titles) if t.endswith(a.payload["headline"]))
            for a in singles
        ]
        assert order == sorted(order), "alerts went out in another order than they were raised"

        later = run_once(settings, TOPIC)
        assert later.alerts_sent == 0 and len(hook.posts) == back.sent
