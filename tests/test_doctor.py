"""`monitor doctor` against a good and a broken set-up: real targets (an aiosmtpd SMTP server, a
webhook), closed ports for dead ones, real SQLite files; nothing is sent."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests import test_config
from tests.targets import WebhookReceiver
from tests.test_alerts_kit import SmtpInbox, closed_port_url, free_port


def doctor(tmp_path: Path, dotenv: str, **extra: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / ".env").write_text(dotenv, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONITOR_", "PREFECT_"))}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), **extra)
    return subprocess.run(
        [sys.executable, "-m", "monitor.cli", "doctor"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_good_set_up_is_all_ok_and_nothing_is_sent(tmp_path: Path) -> None:
    topics = tmp_path / "topics.toml"
    topics.write_text(test_config.topic_text(), encoding="utf-8")
    with SmtpInbox() as inbox, WebhookReceiver() as hook:
        urls = f"{hook.url} {inbox.url()}"
        dotenv = f"MONITOR_TOPICS_FILE={topics}\nMONITOR_APPRISE_URLS={urls}\n"
        # a database migrated by an earlier run
        prepared = subprocess.run(
            [sys.executable, "-m", "monitor.cli", "db", "upgrade"],
            cwd=tmp_path,
            env={**os.environ, "MONITOR_DATA_DIR": str(tmp_path / "data")},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert prepared.returncode == 0, prepared.stderr
        result = doctor(tmp_path, dotenv + f"MONITOR_DATA_DIR={tmp_path / 'data'}\n")
        assert result.returncode == 0, result.stdout + result.stderr
        lines = result.stdout.splitlines()
        assert lines[0] == f"OK   settings: read from the environment and {tmp_path / '.env'}"
        assert lines[1] == f"OK   topics file: {topics}: 1 topic(s): demo"
        assert lines[2].startswith("OK   database: sqlite:///")
        assert "schema at the newest revision" in lines[2]
        assert lines[3].startswith("OK   alert target json://127.0.0.1 #")
        assert f"TCP connect to 127.0.0.1:{hook.url.split(':')[2].split('/')[0]}" in lines[3]
        assert lines[4].startswith("OK   alert target mailto://127.0.0.1 #")
        assert f"SMTP server 127.0.0.1:{inbox.port} answered EHLO (nothing sent)" in lines[4]
        assert lines[5].startswith("SKIP Prefect API: PREFECT_API_URL is not set")
        assert len(lines) == 6
        assert hook.posts == [] and inbox.messages == []


def test_a_broken_set_up_fails_naming_each_problem(tmp_path: Path) -> None:
    topics = tmp_path / "topics.toml"
    topics.write_text(
        test_config.topic_text(schedule="every tuesday", alerts='tags = ["korea"]'),
        encoding="utf-8",
    )
    empty = tmp_path / "old.db"
    sqlite3.connect(empty).close()  # a database no run ever migrated
    smtp_port = free_port()  # nothing listens there
    urls = f"{closed_port_url()} mailto://127.0.0.1:{smtp_port}?from=a@example.org&to=b@example.org"
    dotenv = (
        f"MONITOR_TOPICS_FILE={topics}\nMONITOR_APPRISE_URLS={urls}\n"
        f"MONITOR_DATABASE_URL=sqlite:///{empty}\n"
    )
    result = doctor(tmp_path, dotenv, PREFECT_API_URL=f"http://127.0.0.1:{free_port()}/api")
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "OK   settings:" in out
    assert f"FAIL topics file: {topics}: topic 'demo': field 'schedule'" in out
    assert "FAIL database: sqlite:///" in out and "run `monitor db upgrade`" in out
    assert "FAIL alert target json://127.0.0.1 #" in out and "Connection refused" in out
    assert "FAIL alert target mailto://127.0.0.1 #" in out
    assert f"cannot reach SMTP server 127.0.0.1:{smtp_port}" in out
    assert "FAIL Prefect API: http://127.0.0.1:" in out


def test_invalid_settings_and_unrouted_tags_fail(tmp_path: Path) -> None:
    bad = doctor(tmp_path, "MONITOR_TIMEZONE=Mars/Olympus\n")
    assert bad.returncode == 1
    assert bad.stdout.startswith("FAIL settings:") and "Mars/Olympus" in bad.stdout

    topics = tmp_path / "topics.toml"
    topics.write_text(test_config.topic_text(alerts='tags = ["korea"]'), encoding="utf-8")
    with WebhookReceiver() as hook:
        unrouted = doctor(
            tmp_path,
            f"MONITOR_TOPICS_FILE={topics}\nMONITOR_APPRISE_URLS={hook.url}\n"
            f"MONITOR_DATA_DIR={tmp_path / 'data'}\n",
        )
    assert unrouted.returncode == 1
    assert "FAIL alert routing of topic 'demo': no target carries a tag of korea" in unrouted.stdout
