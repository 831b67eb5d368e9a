"""kill -9 of a real `monitor run` process at random moments: nothing lost, nothing sent twice.

Each trial starts `monitor run` over a local news site with a real webhook target and kills it
with SIGKILL a random time after the process first reached the site (so the kill lands in
discovery, fetching, analysis or delivery rather than in the interpreter's imports). New
articles are published before every trial, so every trial has work to be interrupted in. Then
one normal run follows, and the database and the webhook are checked.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

from monitor.alerts import deliver_pending
from monitor.alerts.deliver import SENDING_GRACE
from monitor.config import load_topic
from monitor.store import Database
from monitor.store.schema import utcnow
from tests.reliability.kit import (
    TOPIC,
    Forker,
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
from tests.sitekit import NewsSite, Reply
from tests.targets import WebhookReceiver

TRIALS = 20
SEED = int(os.environ.get("RELIABILITY_SEED", "0")) or random.SystemRandom().randrange(1, 10**6)


def wait_for_site(site: NewsSite, process: subprocess.Popen[str], timeout: float = 60) -> bool:
    """Wait until the process sends its first request to the site (False: it ended first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if site.arrivals:
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.01)
    raise AssertionError("monitor run never reached the site")


def kill(process: subprocess.Popen[str]) -> int:
    process.kill()  # SIGKILL; the child is not reaped before this, so the pid is still ours
    process.communicate(timeout=30)
    return process.returncode


def settle_and_check(
    tmp_path: Path, topics: Path, database_url: str, site: NewsSite, hook: WebhookReceiver
) -> None:
    """After the normal run: settle orphans as the policy says, then check every promise."""
    topic = load_topic(topics, TOPIC)
    settings = run_settings(tmp_path, topics, database_url, hook)
    db = Database(database_url)
    try:
        # a delivery a killed run left 'sending' is settled once the grace period is over ...
        later = deliver_pending(db, topic, settings, now=utcnow() + SENDING_GRACE * 2)
        # ... and nothing is ever sent again for it
        assert later.sent == 0, later
    finally:
        db.dispose()
    snap = snapshot(database_url, topics)
    assert snap.problems == []
    assert missing_articles(site, snap) == []
    assert snap.locks == []
    assert snap.alerts, "the scenario should have produced alerts"
    by_alert: dict[int, list[str]] = {}
    for delivery in snap.deliveries:
        by_alert.setdefault(delivery.alert_id, []).append(delivery.state)
    for alert in snap.alerts:
        states = by_alert.get(alert.id, [])
        received = posts_for(hook, alert)
        if alert.status == "folded":
            assert states == [] and received == 0, (alert.id, states, received)
            continue
        assert alert.status == "sent", (alert.id, alert.status, states)
        assert len(states) == 1, (alert.id, states)
        if states == ["unconfirmed"]:
            assert received <= 1, (alert.id, received)
        else:
            assert states == ["sent"] and received == 1, (alert.id, states, received)


def test_kill_during_fetch_then_a_normal_run_loses_nothing(
    tmp_path: Path, hook: WebhookReceiver
) -> None:
    """The run dies after it read the feeds (and remembered their ETags) but before it stored
    the articles; the next run must still fetch them although the feeds have not changed."""
    database_url = f"sqlite:///{tmp_path}/monitor.db"
    with NewsSite.generate(articles=6, feeds=2) as site:
        for article in site.articles:
            site.fault(article.path, Reply.slow(30.0))
        topics = write_topics(tmp_path / "topics.toml", site)
        env = monitor_env(tmp_path, topics, database_url, hook, MONITOR_FETCH_TIMEOUT="60")
        process = start_monitor("run", "--topic", TOPIC, env=env, cwd=tmp_path)
        deadline = time.monotonic() + 60
        while not any(p.startswith("/news/") for _, p in list(site.arrivals)):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert kill(process) == -signal.SIGKILL
        site.clear_faults()

        after = monitor("run", "--topic", TOPIC, env=env, cwd=tmp_path)
        assert after.returncode == 0, after.stderr
        assert "stored 6" in after.stdout
        settle_and_check(tmp_path, topics, database_url, site, hook)


def test_kill_9_at_random_points_then_a_normal_run(tmp_path: Path, hook: WebhookReceiver) -> None:
    print(f"kill trials seeded with RELIABILITY_SEED={SEED}")
    rng = random.Random(SEED)
    database_url = f"sqlite:///{tmp_path}/monitor.db"
    site = NewsSite.generate(articles=8, feeds=2)
    site.response_delay = 0.005
    with site:
        topics = write_topics(tmp_path / "topics.toml", site)
        env = monitor_env(tmp_path, topics, database_url, hook)
        outcomes: list[str] = []
        with Forker(env, tmp_path) as forker:
            # one uninterrupted run tells how long a run lasts here, so kills spread over it
            began = time.monotonic()
            forker.start("run", "--topic", TOPIC)
            assert forker.wait() == 0
            span = max(time.monotonic() - began, 0.3)
            for trial in range(TRIALS):
                publish_generated(site, 3, rng)
                delay = rng.uniform(0.0, span)
                began = time.monotonic()
                run = forker.start("run", "--topic", TOPIC, kill_after=max(delay, 0.001))
                code = forker.wait()
                # runs grow with the backlog killed runs leave; keep the kills spread over them
                span = span * 1.2 if code < 0 else max(0.3, 1.1 * (time.monotonic() - began))
                assert code in (-signal.SIGKILL, 0), (trial, run.stderr.read_text())
                # whatever moment the kill hit, what is stored is whole
                snap = snapshot(database_url, topics)
                assert snap.problems == [], (trial, snap.problems)
                states = Counter(d.state for d in snap.deliveries)
                outcomes.append(
                    f"{trial}: {delay:.2f}s -> {'killed' if code < 0 else 'done'}, "
                    f"stored {len(snap.stored)}/{len(site.articles)}, alerts {len(snap.alerts)}, "
                    f"deliveries {dict(states)}"
                )
        print("\n".join(outcomes))
        assert sum("killed" in o for o in outcomes) >= TRIALS // 2, outcomes

        final = monitor("run", "--topic", TOPIC, env=env, cwd=tmp_path)
        assert final.returncode == 0, final.stderr
        settle_and_check(tmp_path, topics, database_url, site, hook)
