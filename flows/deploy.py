"""Registering every topic's deployment on a Prefect work pool from the topics file
(`monitor deploy`), and an Automation that announces failed runs (`monitor deploy --notify`).

The topics file is the one place a topic's schedule lives: each `[[topic]]` becomes a deployment
`monitor-topic/<name>` with its `schedule` as cron in the topic's time zone (`[topic.alerts]
timezone`, else `MONITOR_TIMEZONE`), the flow's parameter schema, the tags `newsmonitor`,
`topic:<name>` and `monitor-deploy`, and a concurrency limit of 1 with collision strategy
ENQUEUE. Running it again updates them, and removes the `monitor-deploy` deployments of the pool
whose topic is gone from the file; deployments without that tag are never touched.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from prefect.client.orchestration import get_client
from prefect.exceptions import ObjectNotFound
from prefect.runner.storage import LocalStorage
from prefect.schedules import Cron
from prefect.types.entrypoint import EntrypointType

from flows.feedback_flows import monitor_feedback
from flows.monitor_flows import load_settings, monitor_all_topics, monitor_topic
from flows.serve import ALL_TOPICS_DEPLOYMENT, FEEDBACK_DEPLOYMENT, one_at_a_time, topic_timezone
from monitor.config import Settings, Topic, load_topics
from monitor.errors import ConfigError, MonitorError, TopicNotFound

if TYPE_CHECKING:
    from prefect.client.orchestration import SyncPrefectClient
    from prefect.deployments.runner import RunnerDeployment

# Deployments `monitor deploy` made carry this tag; only they are updated or removed by it.
MANAGED_TAG = "monitor-deploy"
TOPIC_FLOW = "monitor-topic"
ALL_TOPICS_FLOW = "monitor-all-topics"
AUTOMATION_NAME = "newsmonitor: failed runs"
# the Custom Webhook block `--notify https://...` saves
WEBHOOK_BLOCK = "newsmonitor-failed-runs"
FAILED_EVENTS = frozenset({"prefect.flow-run.Failed", "prefect.flow-run.Crashed"})
NOTIFY_SUBJECT = (
    "newsmonitor: run {{ flow_run.name }} of {{ deployment.name }} {{ flow_run.state.name }}"
)
NOTIFY_BODY = (
    "The flow run {{ flow_run.name }} of deployment {{ flow.name }}/{{ deployment.name }} "
    "ended {{ flow_run.state.name }}: {{ flow_run.state.message }}\n"
    "Tags: {{ flow_run.tags | join(', ') }}. Logs and artifacts: {{ flow_run|ui_url }}"
)


class DeployError(MonitorError):
    """The Prefect server refused or lacks what `monitor deploy` needs."""


@dataclass
class DeployReport:
    pool: str
    workdir: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    schedules: dict[str, str] = field(default_factory=dict)
    automation: str | None = None

    def lines(self) -> list[str]:
        out = [f"work pool '{self.pool}', runs start in {self.workdir}"]
        for verb, names in (("created", self.created), ("updated", self.updated)):
            out += [f"{verb:<8} {name}  {self.schedules.get(name, '')}".rstrip() for name in names]
        out += [
            f"removed  {name}  (its topic is gone from the topics file)" for name in self.removed
        ]
        if self.automation:
            out.append(self.automation)
        return out


def _sync(deployment: object) -> RunnerDeployment:
    """`to_deployment` is sync-compatible: called outside an event loop it returns the value."""
    return cast("RunnerDeployment", deployment)


def _on_pool(
    deployment: RunnerDeployment, pool: str, workdir: Path, queue: str | None
) -> RunnerDeployment:
    deployment.work_pool_name = pool
    deployment.work_queue_name = queue
    # the worker starts each run in `workdir` (its .env and relative paths resolve there) and
    # imports the flow from the installed package
    deployment.storage = LocalStorage(str(workdir))
    return deployment


def build_deployments(
    settings: Settings,
    known: dict[str, Topic],
    names: Sequence[str],
    *,
    pool: str,
    workdir: Path,
    queue: str | None = None,
    all_topics: bool = True,
) -> list[RunnerDeployment]:
    """The deployments of `names` (and, unscheduled, `all-topics` and `feedback` when
    `all_topics`)."""
    deployments = []
    for name in names:
        topic = known[name]
        deployment = _sync(
            monitor_topic.to_deployment(
                name=name,
                schedules=[Cron(topic.schedule, timezone=topic_timezone(topic, settings))],
                parameters={"topic": name},
                description=f"Monitor '{topic.title or name}' on a schedule (from the topics "
                "file by `monitor deploy`).",
                tags=["newsmonitor", f"topic:{name}", MANAGED_TAG],
                concurrency_limit=one_at_a_time(),
                entrypoint_type=EntrypointType.MODULE_PATH,
            )
        )
        deployments.append(_on_pool(deployment, pool, workdir, queue))
    if all_topics:
        deployment = _sync(
            monitor_all_topics.to_deployment(
                name=ALL_TOPICS_DEPLOYMENT,
                description="One pass over every topic, for manual runs.",
                tags=["newsmonitor", MANAGED_TAG],
                concurrency_limit=one_at_a_time(),
                entrypoint_type=EntrypointType.MODULE_PATH,
            )
        )
        deployments.append(_on_pool(deployment, pool, workdir, queue))
        deployment = _sync(
            monitor_feedback.to_deployment(
                name=FEEDBACK_DEPLOYMENT,
                description="Mute or unmute a story, or correct an article's verdict "
                "(Run → Custom run).",
                tags=["newsmonitor", MANAGED_TAG],
                entrypoint_type=EntrypointType.MODULE_PATH,
            )
        )
        deployments.append(_on_pool(deployment, pool, workdir, queue))
    return deployments


def managed_deployments(client: SyncPrefectClient, pool: str) -> dict[str, Any]:
    """This command's deployments on the pool by full name (`flow/deployment`)."""
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterTags,
        WorkPoolFilter,
        WorkPoolFilterName,
    )

    found = client.read_deployments(
        deployment_filter=DeploymentFilter(tags=DeploymentFilterTags(all_=[MANAGED_TAG])),
        work_pool_filter=WorkPoolFilter(name=WorkPoolFilterName(any_=[pool])),
    )
    flows: dict[UUID, str] = {}
    named: dict[str, Any] = {}
    for deployment in found:
        if deployment.flow_id not in flows:
            flows[deployment.flow_id] = client.read_flow(deployment.flow_id).name
        named[f"{flows[deployment.flow_id]}/{deployment.name}"] = deployment
    return named


def _check_pool(client: SyncPrefectClient, pool: str) -> None:
    try:
        client.read_work_pool(pool)
    except ObjectNotFound:
        raise DeployError(
            f"work pool '{pool}' not found on the Prefect server; create it with "
            f"`prefect work-pool create {pool} --type process`"
        ) from None


def deploy_topics(
    settings: Settings | None = None,
    *,
    pool: str,
    topics: Sequence[str] | None = None,
    workdir: Path | str | None = None,
    queue: str | None = None,
    notify: str | None = None,
) -> DeployReport:
    """Create or update every topic's deployment on `pool` (only `topics` if given), remove
    this command's deployments of topics no longer in the file (only when deploying them all),
    and with `notify` create or update the Automation announcing failed runs."""
    settings = settings or load_settings()
    known = load_topics(settings.topics_file)
    names = list(dict.fromkeys(topics)) if topics else list(known)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise TopicNotFound(
            f"{settings.topics_file}: no topic named {', '.join(repr(n) for n in unknown)} "
            f"(known: {', '.join(sorted(known))})"
        )
    folder = Path(workdir or Path.cwd()).resolve()
    report = DeployReport(pool=pool, workdir=str(folder))
    deployments = build_deployments(
        settings, known, names, pool=pool, workdir=folder, queue=queue, all_topics=not topics
    )
    with get_client(sync_client=True) as client:
        _check_pool(client, pool)
        before = managed_deployments(client, pool)
        for deployment in deployments:
            full = f"{deployment.flow_name}/{deployment.name}"
            try:
                deployment.apply(work_pool_name=pool)
            except Exception as exc:
                raise DeployError(f"registering {full} failed: {exc}") from exc
            (report.updated if full in before else report.created).append(full)
            if deployment.flow_name == TOPIC_FLOW:
                topic = known[deployment.name]
                report.schedules[full] = (
                    f"cron '{topic.schedule}' ({topic_timezone(topic, settings)})"
                )
            else:
                report.schedules[full] = "no schedule, for manual runs"
        if not topics:
            wanted = {f"{d.flow_name}/{d.name}" for d in deployments}
            for full, deployment in sorted(before.items()):
                if full not in wanted:
                    client.delete_deployment(deployment.id)
                    report.removed.append(full)
    if notify:
        report.automation = failure_automation(notify)
    return report


# ------------------------------------------------------------------------------ automation


def notification_block_id(target: str) -> tuple[UUID, str]:
    """The notification block for `--notify`: an http(s) URL is saved as the Custom Webhook
    block `newsmonitor-failed-runs` (a JSON POST with `title` and `body`); `TYPE/NAME` names an
    existing notification block (e.g. `slack-webhook/ops`, as `prefect block ls` shows)."""
    from prefect.blocks.notifications import CustomWebhookNotificationBlock

    if target.startswith(("http://", "https://")):
        block = CustomWebhookNotificationBlock(
            name="newsmonitor failed runs",
            url=target,
            json_data={"title": "{{subject}}", "body": "{{body}}"},
            headers=None,
            cookies=None,
        )
        block_id = cast(UUID, block.save(WEBHOOK_BLOCK, overwrite=True))
        return block_id, f"custom-webhook/{WEBHOOK_BLOCK}"
    slug, _, name = target.partition("/")
    if not slug or not name:
        raise ConfigError(
            f"--notify: expected an http(s) URL or a notification block as TYPE/NAME "
            f"(e.g. slack-webhook/ops), got {target!r}"
        )
    with get_client(sync_client=True) as client:
        try:
            document = client.read_block_document_by_name(name=name, block_type_slug=slug)
        except ObjectNotFound:
            raise ConfigError(f"--notify: no block '{target}' on the Prefect server") from None
        capabilities = set(document.block_schema.capabilities) if document.block_schema else set()
    if "notify" not in capabilities:
        raise ConfigError(f"--notify: block '{target}' can not send notifications")
    return document.id, target


def failure_automation(target: str) -> str:
    """Create or update the Automation that sends a notification when a flow run of a
    deployment tagged `monitor-deploy` ends Failed or Crashed; returns a line saying so."""
    from prefect.automations import Automation, EventTrigger, Posture, SendNotification

    block_id, label = notification_block_id(target)
    automation = Automation(
        name=AUTOMATION_NAME,
        description="Made by `monitor deploy --notify`: a failed or crashed run of a monitor "
        "deployment is announced through a notification block.",
        enabled=True,
        trigger=EventTrigger(
            expect=set(FAILED_EVENTS),
            match={"prefect.resource.id": "prefect.flow-run.*"},
            match_related={  # type: ignore[arg-type]
                "prefect.resource.role": "tag",
                "prefect.resource.id": f"prefect.tag.{MANAGED_TAG}",
            },
            posture=Posture.Reactive,
            threshold=1,
            within=timedelta(0),
        ),
        actions=[
            SendNotification(block_document_id=block_id, subject=NOTIFY_SUBJECT, body=NOTIFY_BODY)
        ],
    )
    try:
        existing = cast(Automation, Automation.read(name=AUTOMATION_NAME))
    except ValueError:
        created = cast(Automation, automation.create())
        return f"automation '{AUTOMATION_NAME}' created ({created.id}): failed runs -> {label}"
    automation.id = existing.id
    automation.update()
    return f"automation '{AUTOMATION_NAME}' updated ({existing.id}): failed runs -> {label}"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m flows.deploy",
        description="Register every topic's deployment on a Prefect work pool.",
    )
    parser.add_argument("--pool", required=True, help="The work pool (e.g. a process pool).")
    parser.add_argument("--topic", "-t", action="append", help="Only this topic (repeatable).")
    parser.add_argument("--workdir", help="Where runs start on the workers (default: here).")
    parser.add_argument("--queue", help="The work queue of the pool (default: its default).")
    parser.add_argument("--notify", help="Announce failed runs: an http(s) URL or TYPE/NAME.")
    args = parser.parse_args(argv)
    report = deploy_topics(
        pool=args.pool,
        topics=args.topic,
        workdir=args.workdir,
        queue=args.queue,
        notify=args.notify,
    )
    for line in report.lines():
        print(line)


if __name__ == "__main__":
    main()
