"""The command line: every command documents itself, and a real `monitor run` process works."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli import app
from tests import test_config
from tests.scenario import topic_file, treaty_site
from tests.sitekit import NewsSite
from tests.targets import WebhookReceiver

runner = CliRunner()

COMMANDS = {
    "run": ["--topic", "--dry-run", "--since", "--max-articles", "--quiet", "--json"],
    "replay": ["--out", "--topic", "--any-topic"],
    "extract": ["FILE..."],
    "stories": ["--topic", "--limit", "--since"],
    "story": ["ID"],
    "test-alert": ["--tag"],
    "alerts": ["retry"],
    "topics": ["--file"],
    "serve": ["--topic"],
    "db": ["upgrade"],
    "doctor": ["exit code 1"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for word in COMMANDS[command]:
        assert word in result.output


def test_top_level_help_lists_commands() -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with treaty_site() as running:
        yield running


def monitor_env(tmp_path: Path, site: NewsSite, hook: WebhookReceiver) -> dict[str, str]:
    topics = tmp_path / "topics.toml"
    topic_file(str(topics), site)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    env.update(
        MONITOR_DATA_DIR=str(tmp_path / "data"),
        MONITOR_TOPICS_FILE=str(topics),
        MONITOR_APPRISE_URLS=hook.url,
        MONITOR_FETCH_ALLOW="127.0.0.1",
        MONITOR_FETCH_HOST_DELAY="0",
        MONITOR_EXTRACT_WORKERS="0",
    )
    return env


def monitor(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "monitor.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_monitor_run_process_prints_summary_and_alerts(tmp_path: Path, site: NewsSite) -> None:
    with WebhookReceiver() as hook:
        env = monitor_env(tmp_path, site, hook)
        first = monitor("run", "--topic", "korea-test", env=env, cwd=tmp_path)
        assert first.returncode == 0, first.stderr
        assert "topic 'korea-test'" in first.stdout
        assert "stored 3" in first.stdout
        assert "new_story 1" in first.stdout and "irrelevant 1" in first.stdout
        assert "[new_story]" in first.stdout
        assert hook.posts
        assert (tmp_path / "data" / "monitor.db").exists()

        second = monitor("run", "--topic", "korea-test", "--json", env=env, cwd=tmp_path)
        assert second.returncode == 0, second.stderr
        report = json.loads(second.stdout)
        assert report["stored"] == 0 and report["fetched"] == 0

        listed = monitor("stories", env=env, cwd=tmp_path)
        assert listed.returncode == 0
        assert listed.stdout.startswith("ID  LAST DEVELOPMENT (UTC)")
        assert "Russland und Nordkorea schließen Beistandspakt" in listed.stdout
        story_id = listed.stdout.splitlines()[1].split()[0]
        timeline = monitor("story", story_id, env=env, cwd=tmp_path)
        assert timeline.returncode == 0
        assert "new_story" in timeline.stdout
        assert site.url("/news/") in timeline.stdout


def test_unknown_topic_and_bad_database_are_clear_errors(tmp_path: Path, site: NewsSite) -> None:
    with WebhookReceiver() as hook:
        env = monitor_env(tmp_path, site, hook)
        wrong = monitor("run", "--topic", "nope", env=env, cwd=tmp_path)
        assert wrong.returncode == 2
        assert "no topic named 'nope'" in wrong.stderr
        assert "Traceback" not in wrong.stderr
        env["MONITOR_DATABASE_URL"] = "postgresql+psycopg://u:hunter2@127.0.0.1:1/x"
        nowhere = monitor("run", "--topic", "korea-test", env=env, cwd=tmp_path)
        assert nowhere.returncode == 2
        assert "cannot connect to database" in nowhere.stderr
        assert "hunter2" not in nowhere.stderr
        assert "Traceback" not in nowhere.stderr


def test_topics_command_validates_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[topic]]\nname = "x"\nrelevance = { query = "a" }\ncolour = "red"\n')
    result = runner.invoke(app, ["topics", "--file", str(bad)])
    assert result.exit_code == 2
    assert "colour" in result.output and "topic 'x'" in result.output
    good = runner.invoke(app, ["topics"])
    assert good.exit_code == 0
    assert "russia-north-korea" in good.output


@pytest.mark.parametrize("case", sorted(test_config.BROKEN))
def test_topics_command_lists_each_broken_field(tmp_path: Path, case: str) -> None:
    parts, field, words = test_config.BROKEN[case]
    path = tmp_path / "topics.toml"
    path.write_text(test_config.topic_text(**parts), encoding="utf-8")  # type: ignore[arg-type]
    result = runner.invoke(app, ["topics", "--file", str(path)])
    assert result.exit_code == 2
    assert f"error: {path}: topic 'demo': field '{field}'" in result.output
    assert words in result.output


def test_topics_command_lists_every_problem_at_once(tmp_path: Path) -> None:
    path = tmp_path / "topics.toml"
    path.write_text(
        test_config.topic_text(query="a AND (b OR", schedule="every tuesday"), encoding="utf-8"
    )
    result = runner.invoke(app, ["topics", "--file", str(path)])
    assert result.exit_code == 2
    assert f"error: {path}: 2 problems:" in result.output
    assert "field 'relevance.query'" in result.output and "field 'schedule'" in result.output


def test_run_refuses_a_broken_topics_file_before_fetching_anything(
    tmp_path: Path, site: NewsSite
) -> None:
    with WebhookReceiver() as hook:
        env = monitor_env(tmp_path, site, hook)
        topics = Path(env["MONITOR_TOPICS_FILE"])
        text = topics.read_text(encoding="utf-8")
        # a broken second topic: the file is wrong, so no topic of it runs
        other = text.replace('name = "korea-test"', 'name = "other"').replace(
            "query = '\"north korea\" AND russia'", "query = '\"north korea\" AND (russia OR'"
        )
        topics.write_text(
            text.replace('languages = ["de", "en"]', 'languages = ["de", "en"]\nschedule = "x"')
            + other,
            encoding="utf-8",
        )
        result = monitor("run", "--topic", "korea-test", env=env, cwd=tmp_path)
        assert result.returncode == 2
        assert f"error: {topics}: 2 problems:" in result.stderr
        assert "topic 'korea-test': field 'schedule'" in result.stderr
        assert "topic 'other': field 'relevance.query'" in result.stderr
        assert "Traceback" not in result.stderr
        assert site.requests_to("/") == []  # nothing was fetched
        assert hook.posts == []


def test_serve_refuses_a_broken_schedule_before_serving(tmp_path: Path) -> None:
    path = tmp_path / "topics.toml"
    path.write_text(test_config.topic_text(schedule="every tuesday"), encoding="utf-8")
    env = {"MONITOR_TOPICS_FILE": str(path)}
    result = runner.invoke(app, ["serve"], env=env)
    assert result.exit_code == 2
    assert f"error: {path}: topic 'demo': field 'schedule': not a valid cron" in result.output
    path.write_text(test_config.topic_text(), encoding="utf-8")
    result = runner.invoke(app, ["serve", "--cron", "every tuesday"], env=env)
    assert result.exit_code == 2
    assert "error: --cron: not a valid cron expression: 'every tuesday'" in result.output
