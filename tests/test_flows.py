"""The Prefect flows against the local news site, under prefect_test_harness (a real temporary
Prefect server): artifacts, logs, retries, the run lock, Secret blocks, all topics, Dask."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.prefectkit import (
    run_artifacts,
    run_logs,
    run_task_runs,
)
from tests.scenario import JUNE, RATIFIED_DE, publish, topic_file
from tests.sitekit import NewsSite, Reply
from tests.targets import WebhookReceiver

pytestmark = pytest.mark.prefect

TOPIC = "korea-test"


def run_flow(harness: None, **parameters: Any) -> tuple[Any, dict[str, Any]]:
    from flows.monitor_flows import monitor_topic

    state = monitor_topic(return_state=True, **{"topic": TOPIC, **parameters})
    assert state.is_completed(), state
    return state, state.result()


def test_a_run_publishes_what_is_new_as_markdown_and_table(
    harness: None, monitor_env: dict[str, str], site: NewsSite, hook: WebhookReceiver
) -> None:
    state, result = run_flow(harness)

    assert result["stored"] == 3
    assert result["errors"] == {}
    assert result["alerts_sent"] == result["alerts_created"] >= 1
    first_sent = result["alerts_sent"]
    assert len(hook.posts) == result["alerts_sent"]

    artifacts = run_artifacts(state.state_details.flow_run_id)
    summary = artifacts[f"{TOPIC}-summary"].data
    table = artifacts[f"{TOPIC}-articles"].data
    assert "## New stories" in summary
    assert "| new_story | 1 |" in summary
    assert "| irrelevant | 1 |" in summary
    rows = table if isinstance(table, list) else json.loads(table)
    assert len(rows) == 3
    assert {row["verdict"] for row in rows} >= {"new_story", "irrelevant"}
    for row in rows:
        if row["verdict"] == "new_story":
            assert row["url"] in summary  # each new story links to its article
    # the pass's progress, counted by the stages themselves, in the run's log and as an artifact
    logs = run_logs(state.state_details.flow_run_id)
    assert "discovered 2/2 source(s): 3 candidate(s), 0 error(s)" in logs
    assert "selected 3 new candidate(s), 0 already seen" in logs
    assert (
        "fetched 3/3 (0 failed), extracted 3/3 (0 not articles), analysed 3/3: "
        "new_story 1, known 1, irrelevant 1"
    ) in logs
    assert f"alerts created {first_sent}, sent {first_sent}, failed 0" in logs
    assert artifacts[f"{TOPIC}-progress"].data == 100.0

    # a development published later: its new facts are in the summary
    publish(site, RATIFIED_DE, feed="politik", at=JUNE + timedelta(days=120), slug="duma")
    state, result = run_flow(harness)
    assert result["stored"] == 1
    summary = run_artifacts(state.state_details.flow_run_id)[f"{TOPIC}-summary"].data
    assert "## Developments" in summary
    assert "Duma billigt Bündnisvertrag mit Nordkorea" in summary
    assert "10.000" in summary  # a new fact: the number of troops
    assert result["alerts_sent"] == 1
    assert len(hook.posts) == first_sent + 1


def test_a_flaky_source_is_retried_by_the_discover_task(
    harness: None, monitor_env: dict[str, str], site: NewsSite
) -> None:
    # more failures than the HTTP client retries (MONITOR_FETCH_RETRIES=1): only the task's
    # retry gets through
    site.fault("/feeds/world.xml", Reply.error(503), Reply.error(503), Reply.normal())
    state, result = run_flow(harness)

    assert result["errors"] == {}
    assert result["stored"] == 3  # the English article from the flaky feed is there too
    discover = [
        t for t in run_task_runs(state.state_details.flow_run_id) if t.name.startswith("discover")
    ]
    assert len(discover) == 1
    assert discover[0].run_count == 2
    # the retry asked the failed source only
    assert site.hits("/feeds/politik.xml") == 1
    logs = run_logs(state.state_details.flow_run_id)
    assert any("source testpost-world failed: http 503 (will retry)" in m for m in logs)


def test_a_broken_source_is_reported_and_the_others_still_count(
    harness: None, monitor_env: dict[str, str], site: NewsSite
) -> None:
    site.fault("/feeds/world.xml", *[Reply.error(404)] * 10)
    state, result = run_flow(harness)

    assert result["stored"] == 2  # the German feed's two articles
    assert "discover testpost-world" in result["errors"]
    logs = run_logs(state.state_details.flow_run_id)
    assert any(m.startswith("source testpost-world failed") for m in logs)
    summary = run_artifacts(state.state_details.flow_run_id)[f"{TOPIC}-summary"].data
    assert "## Errors" in summary
    assert "testpost-world" in summary


def test_a_run_while_another_holds_the_topic_completes_without_doing_anything(
    harness: None, monitor_env: dict[str, str], hook: WebhookReceiver, site: NewsSite
) -> None:
    from monitor.config import Settings, load_topic
    from monitor.pipeline import MonitorRun
    from monitor.store import open_database

    settings = Settings()
    db = open_database(settings.resolved_database_url)
    other = MonitorRun(settings, load_topic(settings.topics_file, TOPIC), db, owner="other-host:1")
    other.start()
    try:
        state, _ = run_flow(harness)
        assert state.message.startswith("Skipped: topic 'korea-test' is being monitored")
        assert hook.posts == []
        assert site.requests_to("/feeds/") == []
    finally:
        other.finish()
        db.dispose()
    # once the other run is done, the next run does the work
    _, result = run_flow(harness)
    assert result["stored"] == 3


def test_alert_targets_from_a_secret_block(
    harness: None,
    monitor_env: dict[str, str],
    hook: WebhookReceiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from prefect.blocks.system import Secret

    Secret(value=hook.url).save("monitor-alert-urls", overwrite=True)
    monkeypatch.setenv("MONITOR_APPRISE_URLS", "")
    monkeypatch.setenv("MONITOR_APPRISE_SECRET_BLOCK", "monitor-alert-urls")
    _, result = run_flow(harness)

    assert result["alerts_sent"] >= 1
    assert len(hook.posts) == result["alerts_sent"]


def test_dry_run_stores_and_sends_nothing(
    harness: None, monitor_env: dict[str, str], hook: WebhookReceiver
) -> None:
    state, result = run_flow(harness, dry_run=True)
    assert result["dry_run"] is True
    assert hook.posts == []
    summary = run_artifacts(state.state_details.flow_run_id)[f"{TOPIC}-summary"].data
    assert summary.startswith("**Dry run**")
    _, again = run_flow(harness)
    assert again["stored"] == 3  # nothing of the dry run was kept


def test_all_topics_runs_every_topic(
    harness: None, monitor_env: dict[str, str], tmp_path: Path, site: NewsSite
) -> None:
    from flows.monitor_flows import monitor_all_topics

    topics = Path(monitor_env["MONITOR_TOPICS_FILE"])
    second = topics.read_text(encoding="utf-8").replace(
        f'name = "{TOPIC}"', 'name = "korea-second"'
    )
    topics.write_text(topics.read_text(encoding="utf-8") + second, encoding="utf-8")
    state = monitor_all_topics(return_state=True)

    assert state.is_completed()
    assert state.result() == {TOPIC: "Completed", "korea-second": "Completed"}


def test_fetching_fans_out_over_a_dask_local_cluster(
    harness: None, monitor_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_DASK_ADDRESS", "local:2")
    state, result = run_flow(harness)

    assert result["stored"] == 3
    assert result["errors"] == {}
    fetches = [
        t for t in run_task_runs(state.state_details.flow_run_id) if t.name.startswith("fetch")
    ]
    assert fetches
    assert all(t.state.is_completed() for t in fetches)
    logs = run_logs(state.state_details.flow_run_id)
    worker_lines = [m for m in logs if "on Dask worker" in m]
    assert worker_lines, logs
    assert all(f"pid {os.getpid()}" not in m for m in worker_lines)


def test_a_broken_topics_file_fails_the_run_before_anything_is_fetched(
    harness: None, monitor_env: dict[str, str], site: NewsSite, hook: WebhookReceiver
) -> None:
    from flows.monitor_flows import monitor_topic

    topics = Path(monitor_env["MONITOR_TOPICS_FILE"])
    text = topics.read_text(encoding="utf-8")
    topics.write_text(
        text.replace("AND russia'", "AND (russia OR'").replace(
            "max_per_run = 10", 'max_per_run = 10\ntimezone = "Europe/Berlinn"'
        ),
        encoding="utf-8",
    )
    state = monitor_topic(topic=TOPIC, return_state=True)

    assert state.is_failed()
    assert f"{topics}: 2 problems" in state.message
    assert "field 'relevance.query'" in state.message
    assert "at character 29" in state.message
    assert "field 'alerts.timezone'" in state.message
    assert site.requests_to("/") == []
    assert hook.posts == []


def test_a_run_whose_every_article_fails_analysis_ends_failed(
    harness: None, monitor_env: dict[str, str], hook: WebhookReceiver
) -> None:
    from flows.monitor_flows import monitor_topic
    from tests.test_run_failures import corrupt_db_memory, relevant_to_all

    relevant_to_all(monitor_env)
    corrupt_db_memory(Path(monitor_env["MONITOR_DATABASE_URL"].removeprefix("sqlite:///")))
    state = monitor_topic(topic=TOPIC, return_state=True)

    assert state.is_failed()
    assert "analysis failed for 3 of 3 article(s) with the same error, ValueError" in (
        state.message
    )
    summary = run_artifacts(state.state_details.flow_run_id)[f"{TOPIC}-summary"].data
    assert summary.startswith("**Failed: analysis failed for 3 of 3 article(s)")
    assert r"analysis crashed \(ValueError\)" in summary  # Markdown-escaped
    # no news alert; the failed run itself is announced once (monitor/health.py)
    assert [p["title"] for p in hook.posts] == [
        "[Russia–North Korea (test)] Maintenance: a run failed"
    ]


def test_a_dead_source_counts_one_failure_per_run_and_is_announced_once(
    harness: None, monitor_env: dict[str, str], site: NewsSite, hook: WebhookReceiver
) -> None:
    # the discover task retries the dead feed within a run: that is still one failed run
    topic_file(monitor_env["MONITOR_TOPICS_FILE"], site, extra="[topic.health]\nmax_failures = 2\n")
    site.fault("/feeds/world.xml", Reply.error(404))
    run_flow(harness)
    assert site.hits("/feeds/world.xml") == 3  # the first try and the task's two retries
    assert not [p for p in hook.posts if "Maintenance" in p["title"]]
    run_flow(harness)
    maintenance = [p["title"] for p in hook.posts if "Maintenance" in p["title"]]
    assert maintenance == [
        "[Russia–North Korea (test)] Maintenance: source 'testpost-world' is down"
    ]
    run_flow(harness)
    assert len([p for p in hook.posts if "Maintenance" in p["title"]]) == 1
