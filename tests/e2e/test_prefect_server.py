"""A real `prefect server start`, the deployments served by `python -m flows.serve` (what
`monitor serve` runs), runs triggered the way the UI's Custom run does, scheduled runs, overlapping
runs, and two `prefect worker` processes sharing one process work pool."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.prefectkit import (
    PrefectServer,
    Proc,
    korea_site,
    monitor_settings_env,
    run_artifacts,
    wait_for,
)
from tests.scenario import JUNE, RATIFIED_DE, publish, topic_file
from tests.sitekit import NewsSite
from tests.targets import WebhookReceiver

pytestmark = [pytest.mark.prefect, pytest.mark.slow, pytest.mark.timeout(900)]

MANUAL = "korea-test"  # never due in a test: runs only when triggered
SCHEDULED = "korea-sched"  # every minute
TIMINGS: dict[str, float] = {}


def two_topics(
    path: Path,
    manual_site: NewsSite,
    scheduled_site: NewsSite,
    names: tuple[str, str],
    schedules: tuple[str, str],
) -> None:
    """One topics file with a topic per site (the scenario's topic, renamed)."""
    parts = []
    for site, name, schedule in zip((manual_site, scheduled_site), names, schedules, strict=True):
        one = path.with_suffix(f".{name}.toml")
        text = topic_file(str(one), site)
        text = text.replace('name = "korea-test"', f'name = "{name}"\nschedule = "{schedule}"')
        parts.append(text)
    path.write_text("\n".join(parts), encoding="utf-8")


@dataclass
class Served:
    server: PrefectServer
    serve: Proc
    serve_started: float
    manual_site: NewsSite
    scheduled_site: NewsSite
    hook: WebhookReceiver
    database_url: str
    env: dict[str, str]
    tmp: Path

    def posts_about(self, site: NewsSite) -> list[dict[str, Any]]:
        return [p for p in self.hook.posts if f":{site.port}/" in str(p)]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("e2e")
    with (
        PrefectServer(tmp / "prefect-home") as server,
        korea_site() as manual_site,
        korea_site() as scheduled_site,
        WebhookReceiver() as hook,
        server.settings(),
    ):
        topics = tmp / "topics.toml"
        two_topics(
            topics, manual_site, scheduled_site, (MANUAL, SCHEDULED), ("0 0 1 1 *", "* * * * *")
        )
        database_url = f"sqlite:///{tmp}/monitor.db"
        env = monitor_settings_env(
            database_url=database_url, topics_file=topics, data_dir=tmp, apprise_urls=hook.url
        )
        began = time.monotonic()
        serve = server.spawn("serve", [sys.executable, "-m", "flows.serve"], env)
        try:
            yield Served(
                server, serve, began, manual_site, scheduled_site, hook, database_url, env, tmp
            )
        finally:
            serve.stop()
            if TIMINGS:
                print("\nPrefect e2e timings (s):", {k: round(v, 1) for k, v in TIMINGS.items()})


def read_flow_run(flow_run_id: Any) -> Any:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        return client.read_flow_run(flow_run_id)


def deployment_runs(name: str) -> list[Any]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

    with get_client(sync_client=True) as client:
        deployment = client.read_deployment_by_name(name)
        return list(
            client.read_flow_runs(
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment.id]))
            )
        )


def wait_deployment(name: str, served: Served, timeout: float = 60) -> None:
    from prefect.client.orchestration import get_client

    def exists() -> bool:
        if not served.serve.alive():
            raise RuntimeError(served.serve.log()[-3000:])
        with get_client(sync_client=True) as client:
            try:
                client.read_deployment_by_name(name)
            except Exception:
                return False
            return True

    wait_for(exists, timeout, f"deployment {name}")


def wait_final(flow_run_id: Any, served: Served, timeout: float = 120) -> Any:
    def final() -> Any:
        run = read_flow_run(flow_run_id)
        return run if run.state and run.state.is_final() else None

    try:
        return wait_for(final, timeout, f"flow run {flow_run_id} to finish", every=0.5)
    except TimeoutError:
        print(served.serve.log()[-4000:])
        raise


def trigger(name: str, **parameters: Any) -> Any:
    """What the UI's Custom run does: create a flow run of the deployment with parameters."""
    from prefect.deployments import run_deployment

    return run_deployment(name, parameters=parameters, timeout=0, as_subflow=False)


# ------------------------------------------------------------------------------------ tests


def test_custom_run_through_the_api_alerts_and_publishes_artifacts(served: Served) -> None:
    name = f"monitor-topic/{MANUAL}"
    wait_deployment(name, served)
    began = time.monotonic()
    flow_run = trigger(name, topic=MANUAL, dry_run=False, max_articles=10)
    finished = wait_final(flow_run.id, served)
    TIMINGS["custom run (trigger to Completed)"] = time.monotonic() - began

    assert finished.state.is_completed(), served.serve.log()[-3000:]
    assert finished.parameters["max_articles"] == 10
    assert len(served.posts_about(served.manual_site)) >= 1
    artifacts = run_artifacts(flow_run.id)
    assert f"{MANUAL}-summary" in artifacts
    assert f"{MANUAL}-articles" in artifacts
    assert "## New stories" in artifacts[f"{MANUAL}-summary"].data


def test_overlapping_runs_of_a_topic_never_duplicate_alerts(served: Served) -> None:
    from sqlalchemy import func, select

    from monitor.store import open_database
    from monitor.store.schema import AlertRow, ArticleRow, DeliveryRow

    site = served.manual_site
    before = len(served.posts_about(site))
    publish(site, RATIFIED_DE, feed="politik", at=JUNE + timedelta(days=120), slug="duma")
    site.response_delay = 0.6  # keep the first run busy while the others arrive

    first = trigger(f"monitor-topic/{MANUAL}", topic=MANUAL)
    wait_for(lambda: read_flow_run(first.id).state.is_running(), 60, "the first run to start")
    # a manual run of the same deployment meanwhile: the deployment limit makes it wait
    second = trigger(f"monitor-topic/{MANUAL}", topic=MANUAL)
    # the all-topics flow is not under that limit: the run lock makes its pass skip the topic
    everything = trigger("monitor-all-topics/all-topics")
    runs = [wait_final(r.id, served, timeout=300) for r in (first, second, everything)]
    site.response_delay = 0.0

    assert all(r.state.is_completed() for r in runs), [r.state for r in runs]
    assert len(served.posts_about(site)) == before + 1  # the development, once
    db = open_database(served.database_url)
    try:
        with db.session() as session:
            dupes = session.execute(
                select(ArticleRow.url, func.count())
                .group_by(ArticleRow.topic, ArticleRow.url)
                .having(func.count() > 1)
            ).all()
            assert dupes == []
            per_alert = session.execute(
                select(DeliveryRow.alert_id, func.count()).group_by(DeliveryRow.alert_id)
            ).all()
            assert per_alert
            assert all(n == 1 for _, n in per_alert)
            assert session.scalar(select(func.count()).select_from(AlertRow)) == len(per_alert)
    finally:
        db.dispose()
    states = [s.name for s in _state_history(second.id)]
    assert "AwaitingConcurrencySlot" in states or "Pending" in states


def _state_history(flow_run_id: Any) -> list[Any]:
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        return list(client.read_flow_run_states(flow_run_id))


def test_scheduled_run_completes_after_serve_starts(served: Served) -> None:
    name = f"monitor-topic/{SCHEDULED}"
    wait_deployment(name, served)

    def completed_scheduled_run() -> Any:
        done = [
            r
            for r in deployment_runs(name)
            if r.auto_scheduled and r.state and r.state.is_completed()
        ]
        return done[0] if done else None

    run = wait_for(completed_scheduled_run, 150, "a scheduled run to complete", every=1)
    TIMINGS["serve start to first completed scheduled run"] = (
        time.monotonic() - served.serve_started
    )
    assert served.posts_about(served.scheduled_site)
    assert run.state.is_completed()


def test_two_workers_share_one_process_work_pool(served: Served) -> None:
    """`monitor deploy` onto a process pool, two workers."""
    server = served.server
    pool = "monitor-e2e"
    server.cli("work-pool", "create", pool, "--type", "process")

    with korea_site() as site_a, korea_site() as site_b, WebhookReceiver() as hook:
        topics = served.tmp / "pool-topics.toml"
        two_topics(topics, site_a, site_b, ("pool-a", "pool-b"), ("0 0 1 1 *", "0 0 1 1 *"))
        env = monitor_settings_env(
            database_url=f"sqlite:///{served.tmp}/pool.db",
            topics_file=topics,
            data_dir=served.tmp,
            apprise_urls=hook.url,
        )
        for topic in ("pool-a", "pool-b"):
            deployed = server.spawn(
                f"deploy-{topic}",
                [sys.executable, "-m", "monitor.cli", "deploy", "--pool", pool, "--topic", topic],
                env,
            )
            wait_for(lambda p=deployed: not p.alive(), 120, "monitor deploy")
            assert deployed.popen.returncode == 0, deployed.log()
        workers = [
            server.spawn(
                f"worker-{i}",
                [
                    str(Path(sys.executable).with_name("prefect")),
                    "worker",
                    "start",
                    "--pool",
                    pool,
                    "--name",
                    f"worker-{i}",
                    "--limit",
                    "1",
                ],
                env,
            )
            for i in (1, 2)
        ]
        try:
            began = time.monotonic()
            runs = [trigger(f"monitor-topic/{t}", topic=t) for t in ("pool-a", "pool-b")]
            finished = [wait_final(r.id, served, timeout=300) for r in runs]
            TIMINGS["two workers, 2 runs"] = time.monotonic() - began
            assert all(r.state.is_completed() for r in finished), [
                (r.state, w.log()[-2000:]) for r in finished for w in workers
            ]
            picked = {}
            for worker in workers:
                log = worker.log()
                submitted = set(re.findall(r"submitting flow run '([0-9a-f-]+)'", log))
                # a worker that loses the race for a run is told so and lets it go
                aborted = set(re.findall(r"Aborted submission of flow run '([0-9a-f-]+)'", log))
                picked[worker.name] = submitted - aborted
            assert all(picked.values()), picked  # both workers ran flow runs
            assert set().union(*picked.values()) == {str(r.id) for r in runs}
            assert not set.intersection(*picked.values())  # and none ran twice
            assert len([p for p in hook.posts if f":{site_a.port}/" in str(p)]) >= 1
            assert len([p for p in hook.posts if f":{site_b.port}/" in str(p)]) >= 1
        finally:
            for worker in workers:
                worker.stop()
