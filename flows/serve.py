"""Serving every topic's deployment with its cron schedule from one process (`monitor serve`)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from prefect import serve
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.schedules import Cron

from flows.feedback_flows import monitor_feedback
from flows.monitor_flows import load_settings, monitor_all_topics, monitor_topic
from monitor.config import Settings, Topic, check_cron, load_topics
from monitor.errors import ConfigError, TopicNotFound

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

ALL_TOPICS_DEPLOYMENT = "all-topics"
FEEDBACK_DEPLOYMENT = "feedback"


def one_at_a_time() -> ConcurrencyLimitConfig:
    """A manual run started while a scheduled one runs waits for it instead of overlapping."""
    return ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE)


def topic_timezone(topic: Topic, settings: Settings) -> str:
    """The time zone of a topic's schedule: its alerts' (digests, quiet hours) or the user's."""
    return topic.alerts.timezone or settings.timezone


def _sync(deployment: object) -> RunnerDeployment:
    """`to_deployment` is sync-compatible: called outside an event loop it returns the value."""
    return cast("RunnerDeployment", deployment)


def topic_deployments(
    settings: Settings | None = None,
    *,
    topics: Sequence[str] | None = None,
    cron: str | None = None,
) -> list[RunnerDeployment]:
    """One deployment of `monitor-topic` per topic, scheduled by the topic's `schedule` (or `cron`
    for all) in the topic's time zone, plus an unscheduled `monitor-all-topics/all-topics` for
    manual runs and `monitor-feedback/feedback` to mute, unmute and correct from the UI's Custom
    run form."""
    settings = settings or load_settings()
    if cron is not None:
        try:
            check_cron(cron)
        except ValueError as exc:
            raise ConfigError(f"--cron: {exc}") from None
    known = load_topics(settings.topics_file)
    names = list(topics) if topics else list(known)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise TopicNotFound(
            f"{settings.topics_file}: no topic named {', '.join(repr(n) for n in unknown)} "
            f"(known: {', '.join(sorted(known))})"
        )
    deployments = [
        _sync(
            monitor_topic.to_deployment(
                name=name,
                schedules=[
                    Cron(
                        cron or known[name].schedule,
                        timezone=topic_timezone(known[name], settings),
                    )
                ],
                parameters={"topic": name},
                description=f"Monitor '{known[name].title or name}' on a schedule.",
                tags=["newsmonitor", f"topic:{name}"],
                concurrency_limit=one_at_a_time(),
            )
        )
        for name in names
    ]
    if not topics:
        deployments.append(
            _sync(
                monitor_all_topics.to_deployment(
                    name=ALL_TOPICS_DEPLOYMENT,
                    description="One pass over every topic, for manual runs.",
                    tags=["newsmonitor"],
                    concurrency_limit=one_at_a_time(),
                )
            )
        )
    deployments.append(
        _sync(
            monitor_feedback.to_deployment(
                name=FEEDBACK_DEPLOYMENT,
                description="Mute or unmute a story, or correct an article's verdict "
                "(Run → Custom run).",
                tags=["newsmonitor"],
            )
        )
    )
    return deployments


def serve_topics(
    settings: Settings | None = None,
    *,
    topics: Sequence[str] | None = None,
    cron: str | None = None,
    limit: int | None = None,
) -> None:
    """Serve the deployments until interrupted; runs execute in subprocesses of this process.

    This is what `monitor serve` calls. `limit` caps concurrent runs across all topics.
    """
    deployments = topic_deployments(settings, topics=topics, cron=cron)
    serve(*deployments, limit=limit)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m flows.serve",
        description="Serve the monitor's Prefect deployments, one per topic, with their schedules.",
    )
    parser.add_argument(
        "--topic", "-t", action="append", help="Serve only this topic (repeatable)."
    )
    parser.add_argument("--cron", help="Use this cron schedule for every topic.")
    parser.add_argument("--limit", type=int, help="At most this many runs at once.")
    args = parser.parse_args(argv)
    serve_topics(topics=args.topic, cron=args.cron, limit=args.limit)


if __name__ == "__main__":
    main()
