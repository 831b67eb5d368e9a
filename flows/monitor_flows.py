"""Prefect flows over the monitor's stages: a topic's pass as tasks over batches, and all topics.

The flows are thin drivers: every task wraps a stage function of `monitor/stages.py`, and the
pass adds up in a `monitor.pipeline.MonitorRun`, as in `monitor run`. What lives here is what
only Prefect gives: retries with backoff around the I/O stages, logs and artifacts in the UI, a
clean exit when another run holds the topic, apprise URLs from a Secret block, and fan-out of
fetching and extraction over Dask.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Annotated, Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.context import TaskRunContext
from prefect.futures import PrefectFuture
from prefect.states import Completed
from prefect.tasks import exponential_backoff
from pydantic import Field

from flows.feedback_flows import publish_run_story_pages
from monitor import stages
from monitor.alerts import DeliveryReport
from monitor.batches import chunked, pipelined, split_by
from monitor.config import DEFAULT_TOPIC, Settings, load_topics
from monitor.errors import MonitorError, RunLocked
from monitor.models import Candidate, RunReport
from monitor.novelty.prepare import AnalysisSpec
from monitor.pipeline import AHEAD, BATCH_SIZE, MonitorRun, RunOptions, prepare
from monitor.progress import NO_PROGRESS, LoggerLike, LogProgress
from monitor.stages import ExtractedBatch, Resources
from monitor.summary import (
    article_rows,
    artifact_key,
    done_line,
    page_failures,
    result_dict,
    summary_markdown,
)
from monitor.urls import site_host

# Task-level retries sit on top of the HTTP client's own retries: they catch what outlives a
# few seconds (a feed down for a minute, a database restart, a lost Dask worker).
DISCOVER_RETRIES = 2
FETCH_RETRIES = 2
DELIVER_RETRIES = 3
# Seconds of the first task retry per second of `fetch_backoff`; later retries double it.
RETRY_BACKOFF_SCALE = 5.0


class SourcesUnavailable(MonitorError):
    """Some sources of a topic failed discovery; the task is retried for just those sources."""


def load_settings() -> Settings:
    """Settings from the environment of the process running the flow (worker or `serve`)."""
    return Settings()


def secret_apprise_urls(block_name: str) -> list[str]:
    """Apprise URLs in a Prefect Secret block: a string (whitespace/comma separated) or a list."""
    from prefect.blocks.system import Secret

    value: Any = Secret.load(block_name).get()  # type: ignore[union-attr]
    if isinstance(value, str):
        return [u for u in value.replace(",", " ").split() if u]
    if isinstance(value, list):
        return [str(u) for u in value if u]
    if isinstance(value, dict):  # {"urls": [...]} or {"name": "url", ...}
        urls = value.get("urls", list(value.values()))
        return [str(u) for u in (urls if isinstance(urls, list) else [urls]) if u]
    raise MonitorError(f"Secret block '{block_name}' holds {type(value).__name__}, not URLs")


def with_secret_urls(settings: Settings) -> Settings:
    """Settings whose apprise URLs also include those of `settings.apprise_secret_block`,
    resolved once per run so the library (which never imports Prefect) sees plain URLs."""
    if not settings.apprise_secret_block:
        return settings
    urls = [*settings.apprise_url_list, *secret_apprise_urls(settings.apprise_secret_block)]
    return settings.model_copy(
        update={"apprise_urls": " ".join(dict.fromkeys(urls)), "apprise_secret_block": None}
    )


def _retrying(task_: Any, settings: Settings, retries: int) -> Any:
    factor = max(settings.fetch_backoff, 0.01) * RETRY_BACKOFF_SCALE
    return task_.with_options(retry_delay_seconds=exponential_backoff(factor)(retries))


def _last_attempt() -> bool:
    context = TaskRunContext.get()
    return context is None or context.task_run.run_count > context.task.retries


# ---------------------------------------------------------------------------------- tasks


class Pass:
    """One flow run's pass: its MonitorRun, the shared fetch resources, the story memory and the
    discover task's progress over its attempts. A plain class on purpose: Prefect walks
    dataclass task arguments looking for futures, and this holds a database and a loop."""

    def __init__(self, run: MonitorRun, resources: Resources) -> None:
        self.run, self.resources = run, resources
        self.memory = stages.story_memory(run.topic)
        self.found = stages.Discovered([])
        self.pending = list(run.topic.sources)


@task(name="discover", retries=DISCOVER_RETRIES, cache_policy=NO_CACHE)
def discover(job: Pass) -> stages.Discovered:
    """Ask the sources for candidates; on a retry, only those that failed before."""
    logger, run = get_run_logger(), job.run
    # the attempts are one discovery to the pass's progress: counted below, after the last
    quiet = replace(run.context, progress=NO_PROGRESS)
    found = job.resources.loop.run(stages.discover(quiet, job.resources.fetcher, job.pending))
    job.found.candidates += found.candidates
    job.pending = [s for s in job.pending if s.name in found.failed_sources]
    final = _last_attempt()
    for failure in found.failures:
        retry = "" if final else " (will retry)"
        logger.warning("source %s failed: %s%s", failure.item, failure.reason, retry)
    if job.pending and not final:
        names = ", ".join(s.name for s in job.pending)
        raise SourcesUnavailable(f"{len(job.pending)} source(s) failed: {names}")
    job.found.failures += found.failures
    run.progress.discovering(len(run.topic.sources))
    run.progress.discovered(
        len(run.topic.sources), candidates=len(job.found.candidates), errors=len(found.failures)
    )
    return job.found


@task(name="fetch and extract", retries=FETCH_RETRIES, cache_policy=NO_CACHE)
def fetch_and_extract(
    batch: list[Candidate],
    settings: Settings,
    resources: Resources | None = None,
    spec: AnalysisSpec | None = None,
) -> ExtractedBatch:
    """Fetch a batch of pages and extract their articles: with the pass's resources in this
    process, or with a fetcher of its own on a Dask worker (where `resources` is None), which
    also analyses them for the topic of `spec`."""
    if resources is not None:
        result = resources.fetch_and_extract(batch).result()
    else:
        result = stages.fetch_and_extract_apart(settings, batch, spec)
    get_run_logger().info(
        "fetched %d of %d page(s), %d article(s)%s",
        result.fetched,
        len(batch),
        sum(1 for e in result.items if e.article is not None),
        "" if resources is not None else f" on Dask worker pid {os.getpid()}",
    )
    return result


@task(name="analyse", retries=1, cache_policy=NO_CACHE)
def decide(job: Pass, batch: ExtractedBatch) -> stages.DecidedBatch:
    """Judge and store a batch in time order, in one transaction with its verdicts and alerts."""
    return stages.decide(job.run.context, job.memory, batch)


@task(name="deliver", retries=DELIVER_RETRIES, cache_policy=NO_CACHE)
def deliver(job: Pass) -> DeliveryReport | None:
    """Send what the outbox holds; the outbox makes a retry send nothing twice."""
    delivery = stages.deliver(job.run.context)
    if delivery is not None:
        logger = get_run_logger()
        for target, reason in delivery.errors:
            logger.warning("alert delivery to %s failed: %s", target, reason)
    return delivery


class _Parts:
    """The futures of one batch's parts, read as one batch (for `pipelined`)."""

    def __init__(self, futures: list[PrefectFuture[ExtractedBatch]]) -> None:
        self.futures = futures

    def result(self) -> ExtractedBatch:
        return stages.merge([f.result() for f in self.futures])

    def cancel(self) -> bool:
        return False  # a Prefect task run is not cancelled; it ends on its own


@contextmanager
def _batch_starter(
    settings: Settings, resources: Resources
) -> Iterator[Callable[[list[Candidate]], _Parts]]:
    """Where fetch+extract tasks run: this flow's threads with the pass's resources, or a Dask
    cluster (`MONITOR_DASK_ADDRESS`: an address, or `local` / `local:N` for a LocalCluster),
    each batch split by host over its workers. Fetch workers never get alert credentials."""
    fetch = _retrying(fetch_and_extract, settings, FETCH_RETRIES)
    plain = settings.model_copy(update={"apprise_urls": "", "apprise_secret_block": None})
    address = settings.dask_address
    if not address:
        yield lambda batch: _Parts([fetch.submit(batch, plain, resources)])
        return
    from prefect_dask.task_runners import DaskTaskRunner

    if address == "local" or address.startswith("local:"):
        workers = int(address.partition(":")[2] or 2)
        cluster = {"n_workers": workers, "threads_per_worker": 1, "processes": True}
        runner = DaskTaskRunner(
            cluster_class="distributed.LocalCluster",
            cluster_kwargs={**cluster, "dashboard_address": None},
        )
    else:
        runner = DaskTaskRunner(address=address)
    with runner:
        parts = max(1, len(runner.client.scheduler_info().get("workers", {})))

        def start(batch: list[Candidate]) -> _Parts:
            groups = split_by(batch, lambda c: site_host(c.url), parts)
            return _Parts(
                [
                    runner.submit(
                        fetch, parameters={"batch": g, "settings": plain, "spec": resources.spec}
                    )
                    for g in groups
                ]
            )

        yield start


def run_stages(job: Pass) -> None:
    """Discover, select, then per batch: fetch+extract (the next batches meanwhile) and decide."""
    logger, run = get_run_logger(), job.run
    found = _retrying(discover, run.settings, DISCOVER_RETRIES)(job)
    run.tally(found)
    selected = stages.select(run.context, found.candidates)
    run.tally(selected)
    with _batch_starter(run.settings, job.resources) as start:
        batches = [list(b) for b in chunked(selected.fresh, BATCH_SIZE)]
        with closing(pipelined(batches, start, ahead=AHEAD)) as ready:
            for batch in ready:
                # fetched and extracted apart (tasks, Dask): counted here, a batch at a time
                articles = sum(1 for item in batch.items if item.article is not None)
                run.progress.fetched(batch.fetched, failed=len(batch.failed))
                run.progress.extracted(articles, rejected=len(batch.items) - articles)
                run.tally(decide(job, batch))
    if pages := page_failures(run.report):
        logger.warning(pages)


# ------------------------------------------------------------------------------ progress


class FlowProgress(LogProgress):
    """The pass's counts as lines in the flow run's log (see `LogProgress`), and the share of
    its new pages judged so far as a progress artifact in the UI (from the selection on, so a
    skipped run has none)."""

    def __init__(self, logger: LoggerLike, topic: str) -> None:
        super().__init__(logger)
        self.topic = topic
        self.artifact: uuid.UUID | None = None
        self._shown = 0.0

    def changed(self, stage: str) -> None:
        super().changed(stage)
        total = self.counts.to_analyse
        if stage not in ("select", "pages") or total is None:
            return
        share = 100.0 if total <= 0 else min(100.0, 100.0 * self.counts.analysed / total)
        if self.artifact is None:
            artifact = create_progress_artifact(
                progress=share,
                key=artifact_key(self.topic, "progress"),
                description=f"Share of the new pages of '{self.topic}' judged by this run",
            )
            assert isinstance(artifact, uuid.UUID)  # called from sync code: not a coroutine
            self.artifact, self._shown = artifact, share
        elif share >= 100.0 > self._shown or share - self._shown >= 5.0:
            self._shown = share
            update_progress_artifact(self.artifact, progress=share)


# ------------------------------------------------------------------------------ artifacts


def publish_artifacts(report: RunReport, *, note: str | None = None) -> None:
    markdown = summary_markdown(report)
    if report.dry_run:
        markdown = "**Dry run**: nothing was stored and no alert was sent.\n\n" + markdown
    if note:
        markdown = f"**{note}**\n\n" + markdown
    key, run = artifact_key(report.topic, "summary"), f"run {report.run_id} of '{report.topic}'"
    create_markdown_artifact(markdown=markdown, key=key, description=f"What {run} found")
    if rows := article_rows(report):
        key = artifact_key(report.topic, "articles")
        create_table_artifact(table=rows, key=key, description=f"Articles stored by {run}")


# ---------------------------------------------------------------------------------- flows


@flow(name="monitor-topic", log_prints=False, validate_parameters=True)
def monitor_topic(
    topic: Annotated[
        str, Field(description="Name of the topic in the topics file (MONITOR_TOPICS_FILE).")
    ] = DEFAULT_TOPIC,
    dry_run: Annotated[
        bool, Field(description="Analyse but store nothing and send no alert.")
    ] = False,
    since: Annotated[
        datetime | None,
        Field(description="Ignore candidates published before this time (UTC if no zone)."),
    ] = None,
    max_articles: Annotated[
        int | None,
        Field(ge=1, description="Fetch at most this many new articles (the newest first)."),
    ] = None,
) -> dict[str, Any] | State[Any]:
    """One monitoring pass over a topic: discover, fetch and extract, analyse, deliver alerts.

    Publishes a Markdown summary (new stories and developments with their new facts, counts per
    verdict, errors per source) and a table of the run's articles as artifacts. A run that finds
    another run of the same topic in progress exits cleanly without doing anything.

    Args:
        topic: Name of the topic in the topics file (MONITOR_TOPICS_FILE).
        dry_run: Analyse but store nothing and send no alert.
        since: Ignore candidates published before this time (UTC if no zone is given).
        max_articles: Fetch at most this many new articles (the newest first).
    """
    logger = get_run_logger()
    settings = with_secret_urls(load_settings())
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    options = RunOptions(dry_run=dry_run, since=since, max_articles=max_articles)
    topic_config, db = prepare(settings, topic)
    run = MonitorRun(settings, topic_config, db, options, progress=FlowProgress(logger, topic))
    try:
        try:
            run.start()
        except RunLocked as exc:
            message = f"Skipped: {exc}"
            logger.info(message)
            create_markdown_artifact(
                markdown=f"# {topic}\n\n{message}. Nothing was done; the next run picks up.\n",
                key=artifact_key(topic, "summary"),
                description=f"Run of '{topic}' skipped",
            )
            return Completed(message=message, data={"topic": topic, "skipped": str(exc)})
        sources = len(topic_config.sources)
        dry = " (dry run)" if dry_run else ""
        logger.info("run %s of topic '%s'%s: %d source(s)", run.report.run_id, topic, dry, sources)
        error: BaseException | None = None
        try:
            # with Dask, pages are extracted on the Dask workers
            dask = bool(settings.dask_address)
            spec = stages.analysis_spec(settings, topic_config, dask=dask)  # workers analyse too?
            with Resources(settings, pool=not dask, spec=spec) as resources:
                job = Pass(run, resources)
                run_stages(job)
            run.tally(_retrying(deliver, settings, DELIVER_RETRIES)(job))
            # what was decided is delivered; a fault that failed most analyses fails the run
            run.raise_if_systemic()
        except BaseException as exc:
            error = exc
            raise
        finally:
            report = run.finish(error)
            publish_artifacts(report, note=None if error is None else f"Failed: {error}")
            publish_run_story_pages(db, report)
    finally:
        db.dispose()
    logger.info(done_line(report))
    return result_dict(report)


@flow(name="monitor-all-topics", log_prints=False)
def monitor_all_topics(
    dry_run: Annotated[
        bool, Field(description="Analyse but store nothing and send no alert.")
    ] = False,
) -> dict[str, str]:
    """One pass over every topic of the topics file, one after another; one failing topic does
    not stop the others.

    Args:
        dry_run: Analyse but store nothing and send no alert.
    """
    logger = get_run_logger()
    outcome: dict[str, str] = {}
    failed: list[str] = []
    for name in load_topics(load_settings().topics_file):
        state = monitor_topic(topic=name, dry_run=dry_run, return_state=True)
        if state.is_completed():
            outcome[name] = state.message or "Completed"
        else:
            failed.append(name)
            outcome[name] = f"{state.name}: {state.message}"
        logger.info("topic %s: %s", name, outcome[name])
    if failed:
        raise MonitorError(f"topic(s) failed: {', '.join(failed)}")
    return outcome


__all__ = [
    "Pass",
    "SourcesUnavailable",
    "decide",
    "deliver",
    "discover",
    "fetch_and_extract",
    "load_settings",
    "monitor_all_topics",
    "monitor_topic",
    "publish_artifacts",
    "secret_apprise_urls",
    "with_secret_urls",
]
