"""`monitor deploy` against a real `prefect server start`: deployments created from the topics
file on a process work pool, updated and removed when the file changes (never one it did not
make), a `prefect worker` running one to Completed, and the Automation of `--notify` announcing a
failed run through a real webhook."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.prefectkit import (
    PrefectServer,
    korea_site,
    monitor_settings_env,
    wait_for,
)
from tests.scenario import topic_file
from tests.sitekit import NewsSite
from tests.targets import WebhookReceiver

# a server start and several `monitor deploy` processes, or two worker runs: minutes on a busy
# 2-core machine
pytestmark = [pytest.mark.prefect, pytest.mark.slow, pytest.mark.timeout(900)]

POOL = "monitor-deploy-e2e"


@dataclass
class Rig:
    server: PrefectServer
    tmp: Path


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rig]:
    tmp = tmp_path_factory.mktemp("deploy")
    with PrefectServer(tmp / "prefect-home", ui=False) as server, server.settings():
        server.cli("work-pool", "create", POOL, "--type", "process")
        yield Rig(server, tmp)


def topics_file(path: Path, site: NewsSite, topics: dict[str, str], extra: str = "") -> Path:
    """One [[topic]] per name (the scenario's topic renamed) with its schedule."""
    parts = []
    for name, schedule in topics.items():
        text = topic_file(str(path.with_suffix(f".{name}.toml")), site, extra=extra)
        parts.append(
            text.replace('name = "korea-test"', f'name = "{name}"\nschedule = "{schedule}"')
        )
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def monitor_cli(rig: Rig, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    return subprocess.run(
        [sys.executable, "-m", "monitor.cli", *args],
        env={**clean, **rig.server.env, **env},
        cwd=rig.tmp,
        capture_output=True,
        text=True,
        timeout=180,
    )


def ours() -> dict[str, Any]:
    from prefect.client.orchestration import get_client

    from flows.deploy import managed_deployments

    with get_client(sync_client=True) as client:
        return managed_deployments(client, POOL)


def test_deploy_creates_updates_and_removes_the_topics_deployments(rig: Rig) -> None:
    from prefect.client.orchestration import get_client

    site = NewsSite()  # only its URLs are needed here
    path = topics_file(
        rig.tmp / "topics.toml",
        site,
        {"alpha": "0 6 * * *", "beta": "*/30 * * * *"},
        extra='timezone = "Europe/Berlin"\n',
    )
    env = {"MONITOR_TOPICS_FILE": str(path), "MONITOR_DATA_DIR": str(rig.tmp / "data")}
    first = monitor_cli(rig, "deploy", "--pool", POOL, env=env)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0] == f"work pool '{POOL}', runs start in {rig.tmp}"
    assert "created  monitor-topic/alpha  cron '0 6 * * *' (Europe/Berlin)" in lines
    assert "created  monitor-topic/beta  cron '*/30 * * * *' (Europe/Berlin)" in lines
    assert "created  monitor-all-topics/all-topics  no schedule, for manual runs" in lines
    assert "created  monitor-feedback/feedback  no schedule, for manual runs" in lines

    found = ours()
    assert set(found) == {
        "monitor-topic/alpha",
        "monitor-topic/beta",
        "monitor-all-topics/all-topics",
        "monitor-feedback/feedback",
    }
    feedback = found["monitor-feedback/feedback"]
    assert {"action", "story", "mute_for", "article", "verdict"} <= set(
        feedback.parameter_openapi_schema["properties"]
    )
    alpha = found["monitor-topic/alpha"]
    assert [(s.schedule.cron, s.schedule.timezone) for s in alpha.schedules] == [
        ("0 6 * * *", "Europe/Berlin")
    ]
    assert alpha.parameters == {"topic": "alpha"}
    assert set(alpha.tags) == {"newsmonitor", "topic:alpha", "monitor-deploy"}
    assert alpha.work_pool_name == POOL
    assert alpha.global_concurrency_limit is not None
    assert alpha.global_concurrency_limit.limit == 1
    assert alpha.concurrency_options is not None
    assert str(alpha.concurrency_options.collision_strategy.value) == "ENQUEUE"
    assert alpha.entrypoint == "flows.monitor_flows.monitor_topic"
    assert alpha.pull_steps == [
        {"prefect.deployments.steps.set_working_directory": {"directory": str(rig.tmp)}}
    ]
    schema = alpha.parameter_openapi_schema["properties"]
    assert {"topic", "dry_run", "since", "max_articles"} <= set(schema)
    assert "Analyse but store nothing" in schema["dry_run"]["description"]

    # a deployment `monitor deploy` did not make, on the same pool: never touched
    from flows.monitor_flows import monitor_topic

    foreign = monitor_topic.to_deployment(  # type: ignore[union-attr]
        name="hand-made", parameters={"topic": "beta"}, tags=["newsmonitor"]
    )
    foreign.storage = None
    foreign.apply(work_pool_name=POOL)

    # alpha runs at another time, beta is gone, gamma is new
    topics_file(
        path, site, {"alpha": "30 7 * * 1-5", "gamma": "0 * * * *"},
        extra='timezone = "Europe/Berlin"\n',
    )  # fmt: skip
    second = monitor_cli(rig, "deploy", "--pool", POOL, env=env)
    assert second.returncode == 0, second.stderr
    assert "updated  monitor-topic/alpha  cron '30 7 * * 1-5' (Europe/Berlin)" in second.stdout
    assert "created  monitor-topic/gamma  cron '0 * * * *' (Europe/Berlin)" in second.stdout
    assert "updated  monitor-all-topics/all-topics" in second.stdout
    assert "removed  monitor-topic/beta  (its topic is gone from the topics file)" in second.stdout
    found = ours()
    assert set(found) == {
        "monitor-topic/alpha",
        "monitor-topic/gamma",
        "monitor-all-topics/all-topics",
        "monitor-feedback/feedback",
    }
    alpha = found["monitor-topic/alpha"]
    assert [s.schedule.cron for s in alpha.schedules] == ["30 7 * * 1-5"]
    with get_client(sync_client=True) as client:
        assert client.read_deployment_by_name("monitor-topic/hand-made").tags == ["newsmonitor"]

    # one topic alone: the others stay (the function behind the command, in this process)
    from flows.deploy import deploy_topics
    from monitor.config import Settings
    from monitor.errors import MonitorError

    settings = Settings(topics_file=path, data_dir=rig.tmp / "data")
    third = deploy_topics(settings, pool=POOL, topics=["gamma"], workdir=rig.tmp)
    assert third.lines()[1:] == ["updated  monitor-topic/gamma  cron '0 * * * *' (Europe/Berlin)"]
    assert set(ours()) == set(found)

    with pytest.raises(MonitorError) as missing:
        deploy_topics(settings, pool="no-such-pool")
    assert str(missing.value) == (
        "work pool 'no-such-pool' not found on the Prefect server; create it with "
        "`prefect work-pool create no-such-pool --type process`"
    )
    with pytest.raises(MonitorError, match="no topic named 'delta'"):
        deploy_topics(settings, pool=POOL, topics=["delta"])
    with pytest.raises(MonitorError, match="--notify: expected an http\\(s\\) URL"):
        deploy_topics(settings, pool=POOL, topics=["gamma"], notify="nonsense")
    bad = monitor_cli(rig, "deploy", "--pool", "no-such-pool", env=env)
    assert bad.returncode == 2 and "error: work pool 'no-such-pool' not found" in bad.stderr


def test_a_worker_runs_a_deployment_and_a_failed_run_is_announced(rig: Rig) -> None:
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment

    with korea_site() as site, WebhookReceiver() as hook, WebhookReceiver() as ops:
        path = topics_file(rig.tmp / "run-topics.toml", site, {"run-me": "0 0 1 1 *"})
        env = monitor_settings_env(
            database_url=f"sqlite:///{rig.tmp}/run.db",
            topics_file=path,
            data_dir=rig.tmp,
            apprise_urls=hook.url,
        )
        ops_url = ops.url.replace("json://", "http://")
        deployed = monitor_cli(
            rig, "deploy", "--pool", POOL, "--topic", "run-me", "--notify", ops_url, env=env
        )
        assert deployed.returncode == 0, deployed.stderr
        assert "automation 'newsmonitor: failed runs' created" in deployed.stdout
        assert "failed runs -> custom-webhook/newsmonitor-failed-runs" in deployed.stdout
        from flows.deploy import failure_automation

        again = failure_automation(ops_url)  # what a second `monitor deploy --notify` does
        assert again.startswith("automation 'newsmonitor: failed runs' updated")

        worker = rig.server.spawn(
            "worker",
            [str(Path(sys.executable).with_name("prefect")), "worker", "start", "--pool", POOL],
            env,
        )
        try:
            began = time.monotonic()
            good = run_deployment(
                "monitor-topic/run-me", parameters={"topic": "run-me"}, timeout=0, as_subflow=False
            )
            bad = run_deployment(
                "monitor-topic/run-me",
                parameters={"topic": "no-such-topic"},
                timeout=0,
                as_subflow=False,
            )

            def final(run_id: Any) -> Any:
                with get_client(sync_client=True) as client:
                    run = client.read_flow_run(run_id)
                return run if run.state and run.state.is_final() else None

            try:
                done = wait_for(lambda: final(good.id), 240, "the worker's run", every=1)
                failed = wait_for(lambda: final(bad.id), 240, "the failing run", every=1)
            except TimeoutError:
                print(worker.log()[-5000:])
                raise
            print(f"\ntwo worker runs took {time.monotonic() - began:.1f}s")
            assert done.state.is_completed(), worker.log()[-3000:]
            assert any(f":{site.port}/" in str(p) for p in hook.posts)  # news alerts sent
            assert failed.state.is_failed()
            assert "no topic named 'no-such-topic'" in (failed.state.message or "")
            notices = wait_for(lambda: ops.posts, 90, "the automation's notification", every=1)
            assert len(notices) == 1
            assert notices[0]["title"].startswith("newsmonitor: run ")
            assert "of run-me Failed" in notices[0]["title"]
            assert "no topic named 'no-such-topic'" in notices[0]["body"]
            assert "monitor-deploy" in notices[0]["body"]
        finally:
            worker.stop()
