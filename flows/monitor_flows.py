"""Prefect flows over the monitor pipeline: a topic's pass as tasks over batches, and all topics.

The flows are thin: every stage is a method of `monitor.pipeline.MonitorRun`. What lives here is
what only Prefect gives: retries with backoff around the I/O stages, logs and artifacts in the UI,
a clean exit when another run holds the topic, apprise URLs from a Secret block, and fan-out of
fetching and extraction over Dask.
"""

from __future__ import annotations

import asyncio
import os
import re
import threading
import uuid
from collections import Counter, deque
from collections.abc import Coroutine, Iterator, Sequence
from concurrent.futures import Executor
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.context import TaskRunContext
from prefect.futures import PrefectFuture
from prefect.states import Completed
from prefect.tasks import exponential_backoff
from pydantic import Field

from flows.feedback_flows import publish_run_story_pages
from monitor.config import DEFAULT_TOPIC, Settings, Topic, load_topics
from monitor.errors import MonitorError, RunLocked
from monitor.fetch import Fetcher
from monitor.models import Candidate, Failure, RunReport
from monitor.pipeline import (
    BATCH_SIZE,
    Extracted,
    MonitorRun,
    RunOptions,
    extraction_pool,
    prepare,
    report_to_dict,
)
from monitor.store import Database, open_database
from monitor.summary import failures_by_item, summary_markdown

T = TypeVar("T")

# Task-level retries sit on top of the HTTP client's own retries: they catch what outlives a
# few seconds (a feed down for a minute, a database restart, a lost Dask worker).
DISCOVER_RETRIES = 2
FETCH_RETRIES = 2
DELIVER_RETRIES = 3
# batches fetched and extracted ahead of the one being analysed (at most AHEAD + 1 in memory)
AHEAD = 2
# Seconds of the first task retry per second of `fetch_backoff`; later retries double it.
RETRY_BACKOFF_SCALE = 5.0


class SourcesUnavailable(MonitorError):
    """Some sources of a topic failed discovery; the task is retried for just those sources."""


# ------------------------------------------------------------------------------ settings


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
    """Settings whose apprise URLs also include those of `settings.apprise_secret_block`.

    The block is resolved here, once per run, so the library (which never imports Prefect)
    sees plain URLs; the block name is cleared because nothing is left for it to resolve.
    """
    if not settings.apprise_secret_block:
        return settings
    urls = [*settings.apprise_url_list, *secret_apprise_urls(settings.apprise_secret_block)]
    return settings.model_copy(
        update={"apprise_urls": " ".join(dict.fromkeys(urls)), "apprise_secret_block": None}
    )


def _without_secrets(settings: Settings) -> Settings:
    """What fetch workers need: never ship alert credentials to a Dask cluster."""
    return settings.model_copy(update={"apprise_urls": "", "apprise_secret_block": None})


# ------------------------------------------------------------------- the pass's resources


class _EventLoopThread:
    """One event loop in a thread, so sync tasks share one async Fetcher (politeness, robots)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self.loop.run_forever, name="monitor-fetch-loop", daemon=True
        )
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()


class TopicPass:
    """The state of one flow run in its own process: the MonitorRun and what its tasks share.

    A plain class on purpose: Prefect walks dataclass task arguments looking for futures, and
    this holds a database, a process pool and an event loop.
    """

    def __init__(self, run: MonitorRun) -> None:
        self.run = run
        self.key = uuid.uuid4().hex
        self.candidates: list[Candidate] = []
        self.pending_sources = list(run.topic.sources)
        self._stack = ExitStack()
        self.loop: _EventLoopThread | None = None
        self.fetcher: Fetcher | None = None
        self.pool: Executor | None = None
        self.loop = _EventLoopThread()
        self._stack.callback(self.loop.close)
        self.fetcher = Fetcher(run.settings)
        self.loop.run(self.fetcher.__aenter__())
        fetcher, loop = self.fetcher, self.loop
        self._stack.callback(lambda: loop.run(fetcher.__aexit__(None, None, None)))
        # with Dask, pages are extracted on the Dask workers
        self.pool = None if run.settings.dask_address else extraction_pool(run.settings)
        if self.pool is not None:
            pool = self.pool
            self._stack.callback(lambda: pool.shutdown(cancel_futures=True))

    def close(self) -> None:
        self._stack.close()

    def batch_context(self) -> BatchContext:
        run = self.run
        return BatchContext(
            pass_key=self.key,
            settings=_without_secrets(run.settings),
            topic=run.topic,
            options=run.options,
            run_id=run.report.run_id,
            owner=run.owner,
        )


# Flow runs of this process by key, so a fetch task running here uses its pass's shared
# fetcher and pool; a task on a Dask worker does not find it and builds its own. Only the
# functions below touch it: cloudpickle ships a flow's or task's function to Dask by value
# with the globals it names, and functions of an importable module travel by reference.
_LOCAL_PASSES: dict[str, TopicPass] = {}


def _register(job: TopicPass) -> None:
    _LOCAL_PASSES[job.key] = job


def _unregister(job: TopicPass) -> None:
    _LOCAL_PASSES.pop(job.key, None)


def _local_pass(key: str) -> TopicPass | None:
    return _LOCAL_PASSES.get(key)


@dataclass(frozen=True)
class BatchContext:
    """What a fetch+extract task needs to work anywhere (it is pickled to Dask workers)."""

    pass_key: str
    settings: Settings
    topic: Topic
    options: RunOptions
    run_id: int | None
    owner: str


@dataclass
class BatchResult:
    extracted: list[Extracted]
    fetched: int
    failures: list[Failure] = field(default_factory=list)


def _scratch_run(
    settings: Settings,
    topic: Topic,
    db: Database,
    options: RunOptions,
    run_id: int | None,
    owner: str,
) -> MonitorRun:
    """A MonitorRun for one stage call: its report collects this call's counts and failures only."""
    scratch = MonitorRun(settings, topic, db, options, owner=owner)
    scratch.report.run_id = run_id
    return scratch


_WORKER_DATABASES: dict[str, Database] = {}
_WORKER_LOCK = threading.Lock()


def _worker_database(url: str) -> Database:
    """One engine per database per worker process, reused across tasks and flow runs."""
    with _WORKER_LOCK:
        if url not in _WORKER_DATABASES:
            _WORKER_DATABASES[url] = open_database(url, migrate=False)
        return _WORKER_DATABASES[url]


def _run_async(coro: Coroutine[Any, Any, T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    loop = _EventLoopThread()  # called from inside a running loop: use a loop of our own
    try:
        return loop.run(coro)
    finally:
        loop.close()


def _retry_delays(settings: Settings, retries: int) -> list[float]:
    factor = max(settings.fetch_backoff, 0.01) * RETRY_BACKOFF_SCALE
    return exponential_backoff(backoff_factor=factor)(retries)


def _last_attempt() -> bool:
    context = TaskRunContext.get()
    if context is None:
        return True
    return context.task_run.run_count > context.task.retries


# ---------------------------------------------------------------------------------- tasks


@task(name="discover", retries=DISCOVER_RETRIES, cache_policy=NO_CACHE)
def discover_candidates(job: TopicPass) -> int:
    """Ask every source for candidates; a retry asks only the sources that failed."""
    logger = get_run_logger()
    run = job.run
    assert job.loop is not None
    assert job.fetcher is not None
    sources = job.pending_sources
    scratch = _scratch_run(
        run.settings,
        run.topic.model_copy(update={"sources": sources}),
        run.db,
        run.options,
        run.report.run_id,
        run.owner,
    )
    found = job.loop.run(scratch.discover(job.fetcher))
    job.candidates.extend(found)
    failed = {f.item for f in scratch.report.failures if f.stage == "discover"}
    job.pending_sources = [s for s in sources if s.name in failed]
    final = _last_attempt()
    for failure in scratch.report.failures:
        logger.warning(
            "source %s failed: %s%s", failure.item, failure.reason, "" if final else " (will retry)"
        )
    if job.pending_sources and not final:
        raise SourcesUnavailable(
            f"{len(job.pending_sources)} source(s) failed: "
            + ", ".join(s.name for s in job.pending_sources)
        )
    run.report.failures.extend(scratch.report.failures)
    run.report.candidates = len(job.candidates)
    logger.info(
        "discovered %d candidates from %d source(s)%s",
        len(job.candidates),
        len(run.topic.sources),
        f", {len(failed)} failed" if failed else "",
    )
    return len(job.candidates)


@task(name="fetch and extract", retries=FETCH_RETRIES, cache_policy=NO_CACHE)
def fetch_and_extract(context: BatchContext, batch: list[Candidate]) -> BatchResult:
    """Fetch a batch of pages and extract their articles (in this process or on a Dask worker)."""
    logger = get_run_logger()
    local = _local_pass(context.pass_key)
    if local is not None:
        assert local.loop is not None
        assert local.fetcher is not None
        scratch = _scratch_run(
            local.run.settings,
            context.topic,
            local.run.db,
            context.options,
            context.run_id,
            context.owner,
        )
        fetched = local.loop.run(scratch.fetch(local.fetcher, batch))
        extracted = scratch.extract(fetched, local.pool)
    else:
        db = _worker_database(context.settings.resolved_database_url)
        scratch = _scratch_run(
            context.settings, context.topic, db, context.options, context.run_id, context.owner
        )

        async def fetch_batch() -> list[Any]:
            async with Fetcher(context.settings) as fetcher:
                return await scratch.fetch(fetcher, batch)

        fetched = _run_async(fetch_batch())
        extracted = scratch.extract(fetched, None)
    logger.info(
        "fetched %d of %d page(s), %d article(s)%s",
        scratch.report.fetched,
        len(batch),
        sum(1 for e in extracted if e.article is not None),
        "" if local is not None else f" on Dask worker pid {os.getpid()}",
    )
    return BatchResult(extracted, scratch.report.fetched, list(scratch.report.failures))


@task(name="analyse", retries=1, cache_policy=NO_CACHE)
def analyse_batch(job: TopicPass, extracted: list[Extracted]) -> int:
    """Judge and store a batch in time order; each article commits with its verdict and alert."""
    return len(job.run.analyse(extracted))


@task(name="deliver", retries=DELIVER_RETRIES, cache_policy=NO_CACHE)
def deliver_alerts(job: TopicPass) -> int:
    """Send what the outbox holds; the outbox makes a retry send nothing twice."""
    logger = get_run_logger()
    delivery = job.run.deliver(echo=None)
    if delivery is None:
        return 0
    for target, reason in delivery.errors:
        logger.warning("alert delivery to %s failed: %s", target, reason)
    logger.info("alerts sent %d, failed %d", delivery.sent, delivery.failed)
    return int(delivery.sent)


# ------------------------------------------------------------------------------- batching


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc.lower()


def split_by_host(batch: Sequence[Candidate], parts: int) -> list[list[Candidate]]:
    """Split a batch into at most `parts` host-disjoint groups, so no host is fetched by two
    workers at once (politeness holds per host across a Dask cluster)."""
    by_host: dict[str, list[Candidate]] = {}
    for candidate in batch:
        by_host.setdefault(_host(candidate.url), []).append(candidate)
    groups: list[list[Candidate]] = [[] for _ in range(max(1, min(parts, len(by_host))))]
    for _host_name, items in sorted(by_host.items(), key=lambda kv: -len(kv[1])):
        min(groups, key=len).extend(items)
    return [g for g in groups if g]


def _chunks(items: Sequence[Candidate], size: int) -> Iterator[list[Candidate]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _dask_runner(address: str) -> AbstractContextManager[Any]:
    """`MONITOR_DASK_ADDRESS`: a scheduler address, or `local` / `local:N` for a LocalCluster."""
    from prefect_dask.task_runners import DaskTaskRunner

    if address == "local" or address.startswith("local:"):
        workers = int(address.partition(":")[2] or 2)
        runner = DaskTaskRunner(
            cluster_class="distributed.LocalCluster",
            cluster_kwargs={
                "n_workers": workers,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
            },
        )
    else:
        runner = DaskTaskRunner(address=address)
    return runner  # type: ignore[no-any-return]


@contextmanager
def _fetch_submitter(job: TopicPass, fetch: Any) -> Iterator[tuple[Any, int]]:
    """Where fetch+extract tasks go: this flow's thread pool, or a Dask cluster (with the
    number of its workers, to split batches by)."""
    address = job.run.settings.dask_address
    if not address:
        yield (lambda context, batch: fetch.submit(context, batch)), 1
        return
    with _dask_runner(address) as runner:
        workers = max(1, len(runner.client.scheduler_info().get("workers", {})))

        def submit(context: BatchContext, batch: list[Candidate]) -> PrefectFuture[BatchResult]:
            return runner.submit(  # type: ignore[no-any-return]
                fetch, parameters={"context": context, "batch": batch}
            )

        yield submit, workers


def _merge(report: RunReport, result: BatchResult) -> list[Extracted]:
    report.fetched += result.fetched
    report.failures.extend(result.failures)
    return result.extracted


def run_stages(job: TopicPass) -> None:
    """Discover, select, then per batch: fetch+extract (the next batch meanwhile) and analyse."""
    run = job.run
    logger = get_run_logger()
    discover_candidates.with_options(
        retry_delay_seconds=_retry_delays(run.settings, DISCOVER_RETRIES)
    )(job)
    fresh = run.select_new(job.candidates)
    job.candidates = []
    logger.info("%d new candidate(s), %d already seen", len(fresh), run.report.skipped_seen)
    if not fresh:
        return
    context = job.batch_context()
    fetch = fetch_and_extract.with_options(
        retry_delay_seconds=_retry_delays(run.settings, FETCH_RETRIES)
    )
    with _fetch_submitter(job, fetch) as (submit, workers):

        def start(batch: list[Candidate]) -> list[PrefectFuture[BatchResult]]:
            if workers == 1:
                return [submit(context, batch)]
            return [submit(context, group) for group in split_by_host(batch, workers)]

        batches = list(_chunks(fresh, BATCH_SIZE))
        # the next AHEAD batches are fetched and extracted while this one is analysed (one
        # fetching while the other is extracted), so the stages overlap as in `monitor run`;
        # batches are still analysed one after another in time order
        ahead = deque(start(batch) for batch in batches[:AHEAD])
        for index in range(len(batches)):
            results = [future.result() for future in ahead.popleft()]
            if index + AHEAD < len(batches):
                ahead.append(start(batches[index + AHEAD]))
            extracted = [e for result in results for e in _merge(run.report, result)]
            analyse_batch(job, extracted)
    _log_page_failures(run.report)


def _log_page_failures(report: RunReport) -> None:
    logger = get_run_logger()
    reasons: Counter[str] = Counter(
        f"{f.stage}: {f.reason}" for f in report.failures if f.stage in ("fetch", "extract")
    )
    if reasons:
        logger.warning(
            "%d page(s) failed: %s",
            sum(reasons.values()),
            ", ".join(f"{reason} x{n}" for reason, n in reasons.most_common()),
        )


# ------------------------------------------------------------------------------ artifacts


def artifact_key(topic: str, kind: str) -> str:
    """Artifact keys allow lowercase letters, digits and dashes only."""
    slug = re.sub(r"[^a-z0-9]+", "-", topic.lower()).strip("-") or "topic"
    return f"{slug}-{kind}"


def article_rows(report: RunReport) -> list[dict[str, Any]]:
    return [
        {
            "verdict": item.get("verdict"),
            "title": item.get("title"),
            "url": item.get("url"),
            "site": item.get("site") or item.get("source"),
            "language": item.get("language"),
            "published": item.get("published"),
            "story": item.get("story_id"),
            "new facts": " | ".join(str(f) for f in item.get("new_facts") or []),  # type: ignore[attr-defined]
        }
        for item in report.items
    ]


def publish_artifacts(report: RunReport, *, note: str | None = None) -> None:
    markdown = summary_markdown(report)
    if report.dry_run:
        markdown = "**Dry run**: nothing was stored and no alert was sent.\n\n" + markdown
    if note:
        markdown = f"**{note}**\n\n" + markdown
    create_markdown_artifact(
        markdown=markdown,
        key=artifact_key(report.topic, "summary"),
        description=f"What run {report.run_id} of '{report.topic}' found",
    )
    rows = article_rows(report)
    if rows:
        create_table_artifact(
            table=rows,
            key=artifact_key(report.topic, "articles"),
            description=f"Articles stored by run {report.run_id} of '{report.topic}'",
        )


def summary_result(report: RunReport) -> dict[str, Any]:
    """The flow's return value: the run report without its per-article items."""
    result = report_to_dict(report)
    result.pop("items", None)
    result["errors"] = {where: dict(reasons) for where, reasons in failures_by_item(report).items()}
    result.pop("failures", None)
    return result


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
    run = MonitorRun(settings, topic_config, db, options)
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
        logger.info(
            "run %s of topic '%s'%s: %d source(s)",
            run.report.run_id,
            topic,
            " (dry run)" if dry_run else "",
            len(topic_config.sources),
        )
        error: BaseException | None = None
        job: TopicPass | None = None
        try:
            job = TopicPass(run)
            _register(job)
            run_stages(job)
            deliver_alerts.with_options(
                retry_delay_seconds=_retry_delays(settings, DELIVER_RETRIES)
            )(job)
            # what was decided is delivered; a fault that failed most analyses fails the run
            run.raise_if_systemic()
        except BaseException as exc:
            error = exc
            raise
        finally:
            if job is not None:
                _unregister(job)
                job.close()
            report = run.finish(error)
            publish_artifacts(report, note=None if error is None else f"Failed: {error}")
            publish_run_story_pages(db, report)
    finally:
        db.dispose()
    verdicts = ", ".join(f"{k} {n}" for k, n in sorted(report.verdicts.items())) or "none"
    logger.info(
        "done: %d candidates, %d fetched, %d stored (%s), alerts created %d sent %d failed %d, "
        "%d error(s)",
        report.candidates,
        report.fetched,
        report.stored,
        verdicts,
        report.alerts_created,
        report.alerts_sent,
        report.alerts_failed,
        len(report.failures),
    )
    return summary_result(report)


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
    settings = load_settings()
    outcome: dict[str, str] = {}
    failed: list[str] = []
    for name in load_topics(settings.topics_file):
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
    "BatchContext",
    "BatchResult",
    "SourcesUnavailable",
    "TopicPass",
    "analyse_batch",
    "article_rows",
    "artifact_key",
    "deliver_alerts",
    "discover_candidates",
    "fetch_and_extract",
    "load_settings",
    "monitor_all_topics",
    "monitor_topic",
    "publish_artifacts",
    "secret_apprise_urls",
    "split_by_host",
    "with_secret_urls",
]
