"""A run whose analysis fails for most of its articles with one error fails as a whole; a few odd
articles cost only themselves. The fault is real: the story memory's per-topic article count in
the database holds text (as a broken tool or a hand edit would leave it), so every relevant
article's analysis raises reading it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.scenario import FACTORY_DE, JUNE, publish, treaty_site
from tests.sitekit import NewsSite
from tests.targets import WebhookReceiver
from tests.test_cli import monitor, monitor_env

EVERYTHING = "query = '\"north korea\" OR russia OR zwickau'"


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with treaty_site() as running:
        yield running


def corrupt_db_memory(path: Path) -> None:
    """Migrate the SQLite database at `path`; its memory_topics row for the topic holds text."""
    from monitor.store import open_database

    open_database(f"sqlite:///{path}").dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO memory_topics (topic, docs) VALUES ('korea-test', 'many')")


def corrupt_memory(env: dict[str, str], cwd: Path) -> Path:
    """`monitor db upgrade`, then the broken row (see corrupt_db_memory)."""
    assert monitor("db", "upgrade", env=env, cwd=cwd).returncode == 0
    path = Path(env["MONITOR_DATA_DIR"]) / "monitor.db"
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO memory_topics (topic, docs) VALUES ('korea-test', 'many')")
    return path


def retry_now(db: Path) -> None:
    """As if the retry delay of the failed articles had passed."""
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE url_failures SET next_attempt_at = '2000-01-01 00:00:00.000000'")


def relevant_to_all(env: dict[str, str]) -> None:
    topics = Path(env["MONITOR_TOPICS_FILE"])
    text = topics.read_text(encoding="utf-8")
    topics.write_text(
        text.replace("query = '\"north korea\" AND russia'", EVERYTHING), encoding="utf-8"
    )


def test_a_run_whose_every_article_fails_analysis_fails(tmp_path: Path, site: NewsSite) -> None:
    with WebhookReceiver() as hook:
        env = monitor_env(tmp_path, site, hook)
        relevant_to_all(env)
        db = corrupt_memory(env, tmp_path)

        failed = monitor("run", "--topic", "korea-test", env=env, cwd=tmp_path)
        assert failed.returncode == 1, failed.stderr
        assert "fetched 3, stored 0" in failed.stdout  # the summary still says what it did
        assert "analysis crashed (ValueError)" in failed.stdout
        assert (
            "error: run failed: analysis failed for 3 of 3 article(s) with the same error, "
            "ValueError: invalid literal for int()" in failed.stderr
        )
        assert "(raised at memory.py:" in failed.stderr
        # no news alert; the failure itself is announced (monitor/health.py)
        assert [p["title"] for p in hook.posts] == [
            "[Russia–North Korea (test)] Maintenance: a run failed"
        ]
        with sqlite3.connect(db) as conn:
            status, error = conn.execute("SELECT status, error FROM runs").fetchone()
            retries = conn.execute("SELECT count(*) FROM url_failures").fetchone()[0]
        assert status == "failed" and error.startswith("AnalysisFailed: analysis failed for 3")
        assert retries == 3  # every article is kept for the next run

        # the retries are due (15 minutes later): still broken, the run fails again
        retry_now(db)
        as_json = monitor("run", "--topic", "korea-test", "--json", env=env, cwd=tmp_path)
        assert as_json.returncode == 1
        assert json.loads(as_json.stdout)["error"].startswith("analysis failed for 3 of 3")

        # the fault repaired, the next run takes the articles the failed ones left
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE memory_topics SET docs = 0")
        retry_now(db)
        repaired = monitor("run", "--topic", "korea-test", "--json", env=env, cwd=tmp_path)
        assert repaired.returncode == 0, repaired.stderr
        report = json.loads(repaired.stdout)
        assert report["stored"] == 3 and report["failures"] == []
        assert hook.posts


def test_a_few_odd_articles_cost_only_themselves(tmp_path: Path, site: NewsSite) -> None:
    # two relevant articles fail, four irrelevant ones (judged before the broken count is read)
    # do not: a minority of at least five, so the run completes and reports the two
    for n in range(3):
        publish(site, FACTORY_DE, feed="politik", at=JUNE + timedelta(hours=4 + n), slug=f"w{n}")
    with WebhookReceiver() as hook:
        env = monitor_env(tmp_path, site, hook)
        corrupt_memory(env, tmp_path)
        done = monitor("run", "--topic", "korea-test", "--json", env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        assert report["verdicts"] == {"irrelevant": 4}
        crashed = [f for f in report["failures"] if f["stage"] == "analyse"]
        assert [f["reason"] for f in crashed] == ["analysis crashed (ValueError)"] * 2
