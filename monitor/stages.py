"""The stages of a pass as plain functions over typed values:

    discover → select → fetch → extract → decide → deliver

Each takes what the one before it returned and returns a dataclass; none keeps state between
calls, so `monitor run` (`monitor/pipeline.py`) and the Prefect flow (`flows/`) drive the same
functions. What a stage found wrong comes back as `Failure`s in its result; what the run made of
it all is tallied by the driver into the run's `RunReport`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError

from monitor.alerts import DeliveryReport, deliver_pending
from monitor.allocator import tune_allocator
from monitor.batches import LoopThread
from monitor.config import Settings, SourceConfig, Topic
from monitor.errors import FetchError, SourceError
from monitor.extract_job import extract_and_prepare
from monitor.fetch import Fetcher
from monitor.health import record_discovery
from monitor.models import Article, Candidate, Decision, Failure, Page, SourceState
from monitor.novelty import Document, StoryMemory
from monitor.novelty.analysis import Analysis
from monitor.novelty.prepare import AnalysisSpec, Prepared
from monitor.progress import NO_PROGRESS, ProgressReporter
from monitor.site_boilerplate import apply_site_boilerplate_batch
from monitor.sources import discover as discover_source
from monitor.store import Database, repo
from monitor.store.batch import BatchWriter, batch_writer
from monitor.store.schema import utcnow
from monitor.text import content_hash
from monitor.urls import canonicalize

log = logging.getLogger("monitor")

# Pages are fetched, extracted and decided this many at a time, so memory stays flat however
# many articles a pass finds (a page is ~100 kB of HTML; all of them at once would not be).
BATCH_SIZE = 50
# Fewer pages than this are extracted in the main process: starting the pool's workers (each
# imports trafilatura and its models) costs seconds, more than a handful of pages take inline.
POOL_MIN_PAGES = 8

_FAR_FUTURE = datetime.max.replace(tzinfo=UTC)


@dataclass
class RunOptions:
    dry_run: bool = False
    since: datetime | None = None
    max_articles: int | None = None


@dataclass(frozen=True)
class PassContext:
    """What every stage of one pass for one topic reads; never changed while the pass runs."""

    settings: Settings
    topic: Topic
    db: Database
    options: RunOptions
    run_id: int | None
    owner: str
    # told what each stage did, for a live display or log lines (monitor/progress.py)
    progress: ProgressReporter = field(default=NO_PROGRESS, compare=False)


class Resources:
    """What the fetch and extract stages of one pass share: an event loop in a thread with one
    async Fetcher on it (politeness and robots.txt hold across batches) and the extraction pool.

    With a topic's `spec`, the pool's workers also analyse each article for that topic
    (see `extract`).

    A plain class on purpose: Prefect walks dataclass task arguments looking for futures.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        pool: bool = True,
        progress: ProgressReporter = NO_PROGRESS,
        spec: AnalysisSpec | None = None,
    ) -> None:
        self.progress = progress  # told of each page fetched and each batch extracted
        tune_allocator()  # freed pages of HTML go back to the system (monitor/allocator.py)
        self._stack = ExitStack()
        try:
            self.loop = self._stack.enter_context(LoopThread("monitor-fetch-loop"))
            self.fetcher = Fetcher(settings)
            self.loop.run(self.fetcher.__aenter__())
            self._stack.callback(lambda: self.loop.run(self.fetcher.__aexit__(None, None, None)))
            self.pool = extraction_pool(settings) if pool else None
            if self.pool is not None:
                self._stack.callback(self.pool.shutdown, cancel_futures=True)
            # the topic's analysis spec; without a pool, pages are extracted in this process and
            # its deciding thread analyses them
            self.spec = spec
        except BaseException:
            self._stack.close()
            raise

    def fetch_and_extract(self, batch: Sequence[Candidate]) -> Future[ExtractedBatch]:
        """Start fetching and extracting a batch; the result is ready when both are done."""
        spec = self.spec if self.pool is not None else None
        return self.loop.submit(
            fetch_and_extract(self.fetcher, batch, self.pool, self.progress, spec)
        )

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> Resources:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def extraction_workers(settings: Settings) -> int:
    """Worker processes for extraction. Automatic: one per core but the first, whose core the
    main process needs for fetching, analysis and the store (on 2 cores one worker extracts as
    fast as two and costs ~180 MB less: bench/README.md); none on a single core."""
    if settings.extract_workers == "auto":
        return max(0, (os.cpu_count() or 1) - 1)
    return settings.extract_workers


# Fewer extraction workers than this leave the analysis to the main process.
ANALYSIS_WORKERS = 2


def analysis_spec(
    settings: Settings, topic: Topic | None, *, dask: bool = False
) -> AnalysisSpec | None:
    """The spec the extraction workers analyse a pass's articles with, or None: the main
    process analyses them. With one worker (2 cores) the worker extracts while the main process
    analyses, decides and stores, and the two cores share the work; analysing in the worker
    as well makes it the bottleneck (side by side on this 2-core machine, 2026-12-01: off-topic
    stream 0.86x the bare loop with the analysis in the main process, 0.59x in the worker;
    on-topic 0.24x and 0.23x). With more workers the main process, alone, would be the limit,
    so they analyse; Dask workers (`dask`: the pass extracts on them) always do."""
    if not dask and extraction_workers(settings) < ANALYSIS_WORKERS:
        return None
    return AnalysisSpec.for_topic(topic)


def extraction_pool(settings: Settings) -> ProcessPoolExecutor | None:
    """A process pool for trafilatura, or None to extract in the main process."""
    workers = extraction_workers(settings)
    if workers <= 0:
        return None
    import multiprocessing

    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=tune_allocator,
    )


def failure(stage: str, item: str, reason: str) -> Failure:
    """A failure of one item, logged as it is found."""
    log.warning("%s failed for %s: %s", stage, item, reason)
    return Failure(stage=stage, item=item, reason=reason)


# ------------------------------------------------------------------------------ discover


@dataclass(slots=True)
class Discovered:
    """Candidates from the sources asked (and the due retries of earlier failures)."""

    candidates: list[Candidate]
    failures: list[Failure] = field(default_factory=list)
    failed_sources: list[str] = field(default_factory=list)


async def discover(
    ctx: PassContext, fetcher: Fetcher, sources: Sequence[SourceConfig] | None = None
) -> Discovered:
    """Ask every source of the topic (or just `sources`) for candidates, plus the URLs whose
    retry is due; one broken source never stops the others."""
    asked = list(ctx.topic.sources if sources is None else sources)
    ctx.progress.discovering(len(asked))
    results = await asyncio.gather(*(_discover_source(ctx, fetcher, s) for s in asked))
    found = Discovered([])
    for source, (candidates, failures, broken) in zip(asked, results, strict=True):
        found.candidates += candidates
        found.failures += failures
        if broken:
            found.failed_sources.append(source.name)
    listed = {canonicalize(c.url) for c in found.candidates}
    with ctx.db.session() as session:
        for due in repo.due_url_failures(session, ctx.topic.name, utcnow()):
            if due.url in listed:  # a source lists it again (or just remembered it)
                continue
            found.candidates.append(
                Candidate(
                    url=due.url,
                    source=due.source or "retry",
                    title=due.title,
                    published=due.published,
                    language=due.language,
                )
            )
    since = ctx.options.since
    if since is not None:
        found.candidates = [
            c for c in found.candidates if c.published is None or c.published >= since
        ]
    return found


async def _discover_source(
    ctx: PassContext, fetcher: Fetcher, source: SourceConfig
) -> tuple[list[Candidate], list[Failure], bool]:
    with ctx.db.session() as session:
        state = repo.source_state(session, ctx.topic.name, source.name, source.kind)
    now = utcnow()
    try:
        found = await discover_source(source, ctx.topic, state, fetcher, since=ctx.options.since)
    except Exception as exc:
        if isinstance(exc, SourceError | FetchError):
            reason = exc.reason
        else:  # a bug in one source must not stop the others
            reason = f"unexpected {type(exc).__name__}: {exc}"[:300]
            log.exception("source %s crashed", source.name)
        _save_source_check(ctx, source, None, now, error=reason)
        ctx.progress.discovered(1, candidates=0, errors=1)
        return [], [failure("discover", source.name, reason)], True
    failures = [failure("discover", f"{source.name} {part}", why) for part, why in found.failures]
    _save_source_check(ctx, source, found.state, now, error=None, listed=found.candidates)
    ctx.progress.discovered(1, candidates=len(found.candidates), errors=len(failures))
    return found.candidates, failures, False


def _save_source_check(
    ctx: PassContext,
    source: SourceConfig,
    state: SourceState | None,
    now: datetime,
    *,
    error: str | None,
    listed: Sequence[Candidate] = (),
) -> None:
    if ctx.options.dry_run:
        return
    canonical = [_with_url(c, url) for c in listed if (url := canonicalize(c.url))]
    with ctx.db.session() as session:
        added = repo.save_source_check(
            session, ctx.topic.name, source.name, state, now, error=error, listed=canonical
        )
        # its health (and a maintenance alert if it went down or quiet) in the same transaction
        record_discovery(
            session, ctx.topic, source, run_id=ctx.run_id, now=now, error=error, new=added
        )


# -------------------------------------------------------------------------------- select


@dataclass(slots=True)
class Selected:
    fresh: list[Candidate]
    skipped_seen: int = 0


def select(ctx: PassContext, candidates: Sequence[Candidate]) -> Selected:
    """Drop candidates whose canonical URL is stored already; oldest first, capped."""
    unique: dict[str, Candidate] = {}
    for candidate in candidates:
        url = canonicalize(candidate.url)
        if url and url not in unique:
            unique[url] = _with_url(candidate, url)
    with ctx.db.session() as session:
        seen = repo.seen_urls(session, ctx.topic.name, unique)
    fresh = [c for url, c in unique.items() if url not in seen]
    skipped = len(unique) - len(fresh)
    fresh.sort(key=lambda c: (c.published or _FAR_FUTURE, c.url))
    limit = ctx.options.max_articles or ctx.settings.max_articles
    if limit is not None and len(fresh) > limit:
        # the newest are the ones a person waits for; the rest come next run
        fresh = fresh[-limit:]
    return Selected(fresh, skipped)


# --------------------------------------------------------------------------------- fetch


@dataclass(slots=True)
class Fetched:
    candidate: Candidate
    page: Page


@dataclass(slots=True)
class FetchedBatch:
    pages: list[Fetched]
    # candidates that could not be fetched: written with the batch, retried by a later run
    failed: list[tuple[Candidate, str]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


async def fetch(
    fetcher: Fetcher, batch: Sequence[Candidate], progress: ProgressReporter = NO_PROGRESS
) -> FetchedBatch:
    async def one(candidate: Candidate) -> Fetched | tuple[Candidate, str]:
        try:
            page = await fetcher.fetch(candidate.url, kind="page")
        except FetchError as exc:
            progress.fetched(0, failed=1)
            return candidate, exc.reason
        except Exception as exc:
            log.exception("fetching %s crashed", candidate.url)
            progress.fetched(0, failed=1)
            return candidate, f"unexpected {type(exc).__name__}"
        progress.fetched(1, failed=0)
        page.body = b""  # the decoded text is what is extracted: a batch holds each page once
        return Fetched(candidate, page)

    result = FetchedBatch([])
    for outcome in await asyncio.gather(*(one(c) for c in batch)):
        if isinstance(outcome, Fetched):
            result.pages.append(outcome)
        else:
            result.failed.append(outcome)
            result.failures.append(failure("fetch", outcome[0].url, outcome[1]))
    return result


# ------------------------------------------------------------------------------- extract


@dataclass(slots=True)
class Extracted:
    candidate: Candidate
    final_url: str
    article: Article | None = None
    rejected: str | None = None
    # the article's analysis, made by the extraction worker (None: the main process makes it)
    prepared: Prepared | None = None


@dataclass(slots=True)
class ExtractedBatch:
    """A batch ready to be decided: its pages' articles (or why a page is none) and the
    candidates that failed before extraction."""

    items: list[Extracted]
    fetched: int = 0
    failed: list[tuple[Candidate, str]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def extract(
    fetched: FetchedBatch,
    pool: Executor | None = None,
    progress: ProgressReporter = NO_PROGRESS,
    spec: AnalysisSpec | None = None,
) -> ExtractedBatch:
    """Each page's article, in `pool` (processes) when there are enough pages to pay for it;
    there, with a topic's `spec`, also each article's analysis for the topic (sentences, keys,
    sketch, embedding: most of a decision's CPU, done beside extraction while the main process
    decides the batch before)."""
    jobs = [
        (f.page.text, f.page.final_url, f.candidate.title, f.candidate.language)
        for f in fetched.pages
    ]
    if pool is not None and len(jobs) >= POOL_MIN_PAGES:
        # the worker function lives in monitor.extract: spawned workers import only that (and
        # the story memory's analysis when they are given a spec)
        specs = [spec] * len(jobs)
        results = list(pool.map(extract_and_prepare, *zip(*jobs, strict=True), specs))
    else:
        # without a pool (on a worker away from the pass) the analysis is made here; beside a
        # pool, a batch too small for it is extracted in the pass's process, whose deciding
        # thread analyses it
        here = spec if pool is None else None
        results = [extract_and_prepare(*job, here) for job in jobs]
    items = [
        Extracted(f.candidate, canonicalize(f.page.final_url), article, rejected, prepared)
        for f, (article, rejected, prepared) in zip(fetched.pages, results, strict=True)
    ]
    articles = sum(1 for item in items if item.article is not None)
    progress.extracted(articles, rejected=len(items) - articles)
    return ExtractedBatch(items, len(fetched.pages), fetched.failed, fetched.failures)


async def fetch_and_extract(
    fetcher: Fetcher,
    batch: Sequence[Candidate],
    pool: Executor | None = None,
    progress: ProgressReporter = NO_PROGRESS,
    spec: AnalysisSpec | None = None,
) -> ExtractedBatch:
    """Fetch a batch, then extract it off the event loop, which keeps fetching meanwhile."""
    fetched = await fetch(fetcher, batch, progress)
    return await asyncio.get_running_loop().run_in_executor(
        None, extract, fetched, pool, progress, spec
    )


def fetch_and_extract_apart(
    settings: Settings, batch: Sequence[Candidate], spec: AnalysisSpec | None = None
) -> ExtractedBatch:
    """Fetch and extract a batch with a fetcher of its own (on a worker away from the pass),
    with each article's analysis for the topic of `spec` made there too."""

    async def apart() -> ExtractedBatch:
        async with Fetcher(settings) as fetcher:
            return await fetch_and_extract(fetcher, batch, spec=spec)

    with LoopThread() as loop:
        return loop.run(apart())


def merge(parts: Sequence[ExtractedBatch]) -> ExtractedBatch:
    """One batch from parts fetched apart (a batch split by host over Dask workers)."""
    merged = ExtractedBatch([])
    for part in parts:
        merged.items += part.items
        merged.fetched += part.fetched
        merged.failed += part.failed
        merged.failures += part.failures
    return merged


# -------------------------------------------------------------------------------- decide


@dataclass(frozen=True, slots=True)
class Crash:
    """An article whose analysis raised: which error, where, and an example message."""

    kind: str
    where: str
    example: str


@dataclass(slots=True)
class DecidedBatch:
    decisions: list[Decision] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    fetched: int = 0
    skipped_seen: int = 0
    analysed: int = 0
    crashes: list[Crash] = field(default_factory=list)


@dataclass(slots=True)
class _Urls:
    """A batch's URL bookkeeping: the stored URLs among its own (kept up to date), the
    candidates it settled (their failures are cleared at its end) and those that failed."""

    known: set[str]
    settled: list[str] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)


def story_memory(topic: Topic) -> StoryMemory:
    """The topic's story memory for one run (building it compiles the relevance query, so a
    run builds it once); `decide` points it at each batch's transaction."""
    return StoryMemory(None, topic)  # type: ignore[arg-type]


def decide(ctx: PassContext, memory: StoryMemory, batch: ExtractedBatch) -> DecidedBatch:
    """Judge and store the batch's articles in time order, with their verdicts, aliases and
    alerts and the batch's fetch failures, in one transaction (rolled back in a dry run)."""
    result = DecidedBatch(
        failures=list(batch.failures), fetched=batch.fetched, analysed=0, crashes=[]
    )
    ordered = sorted(
        batch.items,
        key=lambda e: ((e.article.published if e.article else None) or _FAR_FUTURE, e.final_url),
    )
    dry_run = ctx.options.dry_run
    with batch_writer(ctx.db, ctx.topic, ctx.run_id, ctx.owner, dry_run=dry_run) as store:
        store.record_failures(batch.failed)
        memory.index = index = store.memory_index()
        # what the decisions will look up, read for the whole batch at once: whether their texts
        # are stored and their keys' document frequencies (a cached read: right for any text)
        analyses = [i.prepared.analysis for i in ordered if i.prepared is not None]
        index.prefetch(
            [a.content_hash for a in analyses],
            {
                k
                for a in analyses
                for keys in (a.term_counts, *a.lead_key_cache.values())
                for k in keys
            },
        )
        wanted: list[str] = []
        for item in ordered:
            wanted += [item.candidate.url, item.final_url]
            if item.article is not None:
                wanted.append(canonicalize(item.article.url) or item.final_url)
        urls = _Urls(known=store.known_urls(wanted))
        # the batch's sites' recurring lines, learnt and counted for the whole batch at once
        articles = [i.article for i in ordered if i.article is not None]
        cleaned = iter(apply_site_boilerplate_batch(articles, store.site_boilerplate()))
        for item in ordered:
            if item.article is not None:
                item = replace(item, article=next(cleaned))
            _decide_guarded(ctx, store, memory, item, urls, result)
        store.clear_failures([u for u in dict.fromkeys(urls.settled) if u not in urls.failed])
        store.heartbeat()
    return result


def _decide_guarded(
    ctx: PassContext,
    store: BatchWriter,
    memory: StoryMemory,
    item: Extracted,
    urls: _Urls,
    result: DecidedBatch,
) -> None:
    """One article in a savepoint: a bug that one article trips costs that article (recorded
    and retried later, given up after a few runs), not its batch and every run after it."""
    known, settled = set(urls.known), len(urls.settled)
    decided = len(result.decisions)
    result.analysed += 1
    try:
        with store.savepoint():
            _decide_one(store, memory, item, urls, result)
    except SQLAlchemyError:
        raise  # the database failing is the run's failure, not the article's
    except Exception as exc:
        log.exception("analysing %s crashed", item.final_url)
        # what the story memory's index kept of the rolled-back writes is forgotten with them
        memory.index = store.memory_index()
        result.crashes.append(_crash(exc))
        urls.known, urls.settled[settled:] = known, []  # its savepoint was rolled back
        urls.failed.add(item.candidate.url)
        reason = f"analysis crashed ({type(exc).__name__})"
        result.failures.append(failure("analyse", item.final_url, reason))
        store.record_failures([(item.candidate, reason)])
    if item.article is not None:  # pages that are no article were counted by extract
        made = result.decisions[decided] if len(result.decisions) > decided else None
        ctx.progress.analysed(
            made.verdict.kind.value if made else None,
            alert=made is not None and made.alert_id is not None,
        )


def _crash(exc: Exception) -> Crash:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else "?"
    return Crash(type(exc).__name__, where, str(exc)[:300])


def _decide_one(
    store: BatchWriter, memory: StoryMemory, item: Extracted, urls: _Urls, result: DecidedBatch
) -> None:
    candidate, article = item.candidate, item.article
    aliases = [candidate.url, item.final_url]
    urls.settled.append(candidate.url)
    if article is None:
        if item.final_url not in urls.known:
            row = store.save_rejected(candidate, item.final_url, item.rejected)
            store.add_aliases(row, aliases, urls.known)
            reason = item.rejected or "not an article"
            result.failures.append(failure("extract", item.final_url, reason))
        return
    canonical = canonicalize(article.url) or item.final_url
    aliases.append(canonical)
    if canonical in urls.known or item.final_url in urls.known:
        # another URL of an article we already hold (AMP, mobile, tracking variant)
        existing = store.article_for_url(canonical) or store.article_for_url(item.final_url)
        if existing is not None:
            store.add_aliases(existing, aliases, urls.known)
        result.skipped_seen += 1
        return
    published = article.published or candidate.published or utcnow()
    language = article.language or candidate.language
    title = article.title or candidate.title or ""
    # the extraction worker's analysis (made again here if the site's boilerplate has changed
    # the text since); without one, the story memory analyses the article
    prepared = item.prepared
    analysis = (
        prepared.analysis_for(memory.spec, title, article.text, language)
        if prepared is not None
        else None
    )
    article_id = store.save_article(
        candidate,
        canonical,
        article,
        content_hash=_content_hash(article.text, analysis),
        title=title,
        language=language,
        published=published,
    )
    store.add_aliases(article_id, aliases, urls.known)
    verdict = memory.decide(
        Document(
            key=str(article_id),
            title=title,
            text=article.text,
            language=language,
            published=published,
            url=canonical,
            site=article.site,
        ),
        analysis,
    )
    alert_id = store.save_verdict(article_id, verdict)
    result.decisions.append(
        Decision(
            title, canonical, candidate.source, article.site, language, published, verdict, alert_id
        )
    )


def _content_hash(text: str, analysis: Analysis | None) -> str:
    """The text's content hash: the one its analysis made of the same text, if it made one (an
    irrelevant article's analysis hashes nothing; a blank text's hashes its headline)."""
    if analysis is not None and analysis.content_hash and text.strip():
        return analysis.content_hash
    return content_hash(text)


# ------------------------------------------------------------------------------- deliver


def deliver(ctx: PassContext, echo: Callable[[str], None] | None = None) -> DeliveryReport | None:
    """Send what the topic's outbox holds (nothing in a dry run)."""
    if ctx.options.dry_run:
        return None
    return deliver_pending(ctx.db, ctx.topic, ctx.settings, echo=echo)


def _with_url(candidate: Candidate, url: str) -> Candidate:
    return candidate if candidate.url == url else replace(candidate, url=url)


__all__ = [
    "BATCH_SIZE",
    "Crash",
    "DecidedBatch",
    "Discovered",
    "Extracted",
    "ExtractedBatch",
    "Fetched",
    "FetchedBatch",
    "PassContext",
    "Resources",
    "RunOptions",
    "Selected",
    "decide",
    "deliver",
    "discover",
    "extract",
    "extraction_pool",
    "extraction_workers",
    "fetch",
    "fetch_and_extract",
    "fetch_and_extract_apart",
    "merge",
    "select",
    "story_memory",
]
