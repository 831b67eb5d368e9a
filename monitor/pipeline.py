"""One monitoring pass, composed of stages over batches: discover, select, fetch+extract, analyse, deliver.

Each stage is a plain method over plain data so the Prefect flows can wrap the same stages as tasks.
"""

from __future__ import annotations

import asyncio
import logging
import os
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from monitor.alerts import DeliveryReport, deliver_pending, enqueue
from monitor.config import DEFAULT_TOPIC, Settings, Topic, load_topic
from monitor.errors import AnalysisFailed, FetchError, SourceError, StoreError
from monitor.extract import apply_site_boilerplate_batch, extract_or_reason
from monitor.fetch import Fetcher
from monitor.health import record_discovery, record_run
from monitor.models import Article, Candidate, Failure, Page, RunReport, Verdict
from monitor.novelty import Document, StoryMemory
from monitor.sources import SourceState, discover
from monitor.store import Database, open_database, repo
from monitor.store.boilerplate import SqlSiteBoilerplate
from monitor.store.memory import SqlMemoryIndex
from monitor.store.schema import ArticleRow, RunRow, StoryRow, VerdictRow, utcnow
from monitor.text import content_hash
from monitor.urls import canonicalize

log = logging.getLogger("monitor")

# Pages are fetched, extracted and analysed this many at a time, so memory stays flat however
# many articles a pass finds (a page is ~100 kB of HTML; all of them at once would not be).
BATCH_SIZE = 50
# Fewer pages than this are extracted in the main process: starting the pool's workers (each
# imports trafilatura and its models) costs seconds, more than a handful of pages take inline.
POOL_MIN_PAGES = 8
# How long a line seen on a single page is remembered while waiting to recur as boilerplate.
BOILERPLATE_MEMORY = timedelta(days=30)
# A run fails when analysis raised the same error for more than half of its articles, once it
# analysed at least this many; with fewer, when it raised for every one of them. One odd article
# costs only itself; a fault that every article trips (a bug, a broken set-up) fails the run.
SYSTEMIC_MIN_ARTICLES = 5


@dataclass(slots=True)
class Fetched:
    candidate: Candidate
    page: Page


@dataclass(slots=True)
class Extracted:
    candidate: Candidate
    final_url: str
    article: Article | None = None
    rejected: str | None = None


@dataclass(slots=True)
class Decided:
    article_id: int | None
    candidate: Candidate
    article: Article
    verdict: Verdict
    alert_id: int | None = None


@dataclass(slots=True)
class _BatchUrls:
    """A batch's URL bookkeeping: the stored URLs among its own (kept up to date), the
    candidates it settled (their failures are cleared at its end) and those that failed."""

    known: set[str]
    settled: list[str] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)


@dataclass
class RunOptions:
    dry_run: bool = False
    since: datetime | None = None
    max_articles: int | None = None


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class MonitorRun:
    """The state of one pass for one topic: its run row, lock, report and settings."""

    settings: Settings
    topic: Topic
    db: Database
    options: RunOptions = field(default_factory=RunOptions)
    report: RunReport = field(init=False)
    owner: str = field(default_factory=repo.owner_id)
    _locked: bool = False
    # one StoryMemory per run: building it compiles the topic's relevance query (ms per article)
    _memory: StoryMemory | None = field(default=None, init=False, repr=False)
    # while stages overlap, fetch failures wait here and are written by the analysing thread,
    # so the event loop never blocks on a write lock the analysing transaction holds
    _deferred_failures: list[tuple[Candidate, str]] | None = field(
        default=None, init=False, repr=False
    )
    # articles analysed by this run, and its analysis crashes by (error type, where raised)
    analysed: int = field(default=0, init=False)
    crashes: Counter[tuple[str, str]] = field(default_factory=Counter, init=False)
    _crash_example: dict[tuple[str, str], str] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.report = RunReport(topic=self.topic.name, dry_run=self.options.dry_run)

    # ------------------------------------------------------------------ start and finish
    def start(self) -> MonitorRun:
        """Take the topic's run lock (raises RunLocked) and record the run."""
        self.report.started = utcnow()
        with self.db.session() as session:
            if not self.options.dry_run:
                repo.acquire_lock(session, self.topic.name, self.owner)
                self._locked = True
            run = repo.start_run(session, self.topic.name, dry_run=self.options.dry_run)
            self.report.run_id = run.id
        return self

    def finish(self, error: BaseException | None = None) -> RunReport:
        self.report.finished = utcnow()
        announce = None
        try:
            with self.db.session() as session:
                run = session.get(RunRow, self.report.run_id)
                if run is not None:
                    run.finished_at = self.report.finished
                    run.status = "failed" if error else "completed"
                    run.error = None if error is None else f"{type(error).__name__}: {error}"
                    run.report = report_to_dict(self.report)
                if not self.options.dry_run and (error is None or isinstance(error, Exception)):
                    # a failed run (and the first completed one after it) is announced
                    announce = record_run(
                        session,
                        self.topic,
                        run_id=self.report.run_id,
                        now=self.report.finished,
                        error=None if error is None else f"{type(error).__name__}: {error}",
                    )
                if error is None and not self.options.dry_run:
                    # lines seen once and never again are article text, not boilerplate
                    SqlSiteBoilerplate(session).prune(before=utcnow() - BOILERPLATE_MEMORY)
                if self._locked:
                    repo.release_lock(session, self.topic.name, self.owner)
                    self._locked = False
        except Exception as exc:  # the database may be the reason we fail; report that, not this
            if error is None:
                raise
            log.warning("could not record the end of run %s: %s", self.report.run_id, exc)
        if announce is not None:
            self._deliver_announcement()
        return self.report

    def _deliver_announcement(self) -> None:
        """Send the maintenance alert the end of this run queued (a failed run's delivery step
        may not have run); whatever fails here is logged, never raised over the run's error."""
        try:
            delivery = deliver_pending(self.db, self.topic, self.settings)
        except Exception as exc:
            log.warning(
                "could not deliver the maintenance alert of run %s: %s", self.report.run_id, exc
            )
            return
        self.report.alerts_sent += delivery.sent
        self.report.alerts_failed += delivery.failed
        for target, reason in delivery.errors:
            log.warning("maintenance alert to %s failed: %s", target, reason)

    def __enter__(self) -> MonitorRun:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.finish(exc)

    def fail(self, stage: str, item: str, reason: str) -> None:
        self.report.failures.append(Failure(stage=stage, item=item, reason=reason))
        log.warning("%s failed for %s: %s", stage, item, reason)

    # ------------------------------------------------------------------------ discover
    async def discover(self, fetcher: Fetcher) -> list[Candidate]:
        """Ask every source of the topic for candidates; one broken source never stops the others."""
        results = await asyncio.gather(
            *(self._discover_source(fetcher, source) for source in self.topic.sources)
        )
        candidates = [c for batch in results for c in batch]
        listed = {canonicalize(c.url) for c in candidates}
        with self.db.session() as session:
            for failure in repo.due_url_failures(session, self.topic.name, utcnow()):
                if failure.url in listed:  # a source lists it again (or just remembered it)
                    continue
                candidates.append(
                    Candidate(
                        url=failure.url,
                        source=failure.source or "retry",
                        title=failure.title,
                        published=failure.published,
                        language=failure.language,
                    )
                )
        since = self.options.since
        if since is not None:
            candidates = [c for c in candidates if c.published is None or c.published >= since]
        self.report.candidates = len(candidates)
        return candidates

    async def _discover_source(self, fetcher: Fetcher, source: Any) -> list[Candidate]:
        with self.db.session() as session:
            row = repo.load_source_state(session, self.topic.name, source.name, source.kind)
            state = SourceState(
                etag=row.etag,
                last_modified=row.last_modified,
                body_hash=row.body_hash,
                extra=dict(row.extra or {}),
            )
        now = utcnow()
        try:
            found = await discover(source, self.topic, state, fetcher, since=self.options.since)
        except (SourceError, FetchError) as exc:
            reason = exc.reason
            self.fail("discover", source.name, reason)
            self._save_source_state(source.name, None, now, error=reason)
            return []
        except Exception as exc:  # a bug in one source must not stop the others
            reason = f"unexpected {type(exc).__name__}: {exc}"[:300]
            log.exception("source %s crashed", source.name)
            self.fail("discover", source.name, reason)
            self._save_source_state(source.name, None, now, error=reason)
            return []
        for part, reason in found.failures:
            self.fail("discover", f"{source.name} {part}", reason)
        self._save_source_state(
            source.name, found.state, now, error=None, candidates=found.candidates
        )
        return found.candidates

    def _save_source_state(
        self,
        name: str,
        state: SourceState | None,
        now: datetime,
        *,
        error: str | None,
        candidates: Sequence[Candidate] = (),
    ) -> None:
        if self.options.dry_run:
            return
        with self.db.session() as session:
            # in the same transaction as the new ETag: once it is stored, an unchanged feed
            # lists nothing, so a run that dies now must leave its candidates to the next one
            canonical = [_with_url(c, url) for c in candidates if (url := canonicalize(c.url))]
            added = repo.remember_candidates(session, self.topic.name, canonical, now)
            row = repo.load_source_state(session, self.topic.name, name, "")
            row.last_checked_at = now
            if state is not None:
                row.etag, row.last_modified, row.body_hash = (
                    state.etag,
                    state.last_modified,
                    state.body_hash,
                )
                row.extra = dict(state.extra)
            if error is None:
                row.last_ok_at, row.consecutive_failures, row.last_error = now, 0, None
            else:
                row.consecutive_failures += 1
                row.last_error = error[:500]
            source = next((s for s in self.topic.sources if s.name == name), None)
            if source is not None:  # its health, and a maintenance alert if it went quiet
                record_discovery(
                    session,
                    self.topic,
                    source,
                    run_id=self.report.run_id,
                    now=now,
                    error=error,
                    new=added,
                )

    # -------------------------------------------------------------------------- select
    def select_new(self, candidates: Sequence[Candidate]) -> list[Candidate]:
        """Drop candidates whose canonical URL is stored already; oldest first, capped."""
        unique: dict[str, Candidate] = {}
        for candidate in candidates:
            url = canonicalize(candidate.url)
            if url and url not in unique:
                unique[url] = _with_url(candidate, url)
        with self.db.session() as session:
            seen = repo.seen_urls(session, self.topic.name, unique)
        fresh = [c for url, c in unique.items() if url not in seen]
        self.report.skipped_seen += len(unique) - len(fresh)
        far_future = datetime.max.replace(tzinfo=UTC)
        fresh.sort(key=lambda c: (c.published or far_future, c.url))
        limit = self.options.max_articles or self.settings.max_articles
        if limit is not None and len(fresh) > limit:
            # the newest are the ones a person waits for; the rest come next run
            fresh = fresh[-limit:]
        return fresh

    # ------------------------------------------------------------------- fetch+extract
    async def fetch(self, fetcher: Fetcher, batch: Sequence[Candidate]) -> list[Fetched]:
        async def one(candidate: Candidate) -> Fetched | None:
            try:
                page = await fetcher.fetch(candidate.url, kind="page")
            except FetchError as exc:
                self._url_failed(candidate, exc.reason)
                return None
            except Exception as exc:
                log.exception("fetching %s crashed", candidate.url)
                self._url_failed(candidate, f"unexpected {type(exc).__name__}")
                return None
            return Fetched(candidate, page)

        pages = await asyncio.gather(*(one(c) for c in batch))
        fetched = [p for p in pages if p is not None]
        self.report.fetched += len(fetched)
        return fetched

    def _url_failed(self, candidate: Candidate, reason: str) -> None:
        self.fail("fetch", candidate.url, reason)
        if self.options.dry_run:
            return
        if self._deferred_failures is not None:
            self._deferred_failures.append((candidate, reason))
            return
        with self.db.session() as session:
            self._record_url_failures(session, [(candidate, reason)])

    def _record_url_failures(
        self, session: Session, failures: Sequence[tuple[Candidate, str]]
    ) -> None:
        for candidate, reason in failures:
            repo.record_url_failure(
                session,
                self.topic.name,
                candidate.url,
                reason,
                source=candidate.source,
                title=candidate.title,
                published=candidate.published,
                language=candidate.language,
            )

    def _take_deferred_failures(self) -> list[tuple[Candidate, str]]:
        taken = list(self._deferred_failures or [])
        if self._deferred_failures is not None:
            self._deferred_failures.clear()
        return taken

    def extract(self, fetched: Sequence[Fetched], pool: Executor | None = None) -> list[Extracted]:
        jobs = [(f.page.text, f.page.final_url) for f in fetched]
        if pool is not None and len(jobs) >= POOL_MIN_PAGES:
            # the worker function lives in monitor.extract: spawned workers import only that
            results = list(pool.map(extract_or_reason, *zip(*jobs, strict=True)))
        else:
            results = [extract_or_reason(html, url) for html, url in jobs]
        return [
            Extracted(f.candidate, canonicalize(f.page.final_url), article, rejected)
            for f, (article, rejected) in zip(fetched, results, strict=True)
        ]

    # -------------------------------------------------------------------------- analyse
    def analyse(
        self,
        extracted: Sequence[Extracted],
        fetch_failures: Sequence[tuple[Candidate, str]] = (),
    ) -> list[Decided]:
        """Store the batch's articles with their verdicts and alerts in time order, in one
        transaction (with the batch's fetch failures, if any were deferred to it).

        One transaction per batch rather than per article: a commit is a disk sync on SQLite
        and a round trip on PostgreSQL. Each verdict is still written with its alert.
        """
        decided: list[Decided] = []
        far_future = datetime.max.replace(tzinfo=UTC)
        ordered = sorted(
            extracted,
            key=lambda e: ((e.article.published if e.article else None) or far_future, e.final_url),
        )
        if self.options.dry_run:
            session = self.db.sessions()
            try:
                self._analyse_batch(session, ordered, decided)
            finally:
                session.rollback()
                session.close()
            return decided
        with self.db.session() as session:
            self._record_url_failures(session, fetch_failures)
            self._analyse_batch(session, ordered, decided)
            repo.heartbeat(session, self.topic.name, self.owner)
        return decided

    def _analyse_batch(
        self, session: Session, ordered: Sequence[Extracted], decided: list[Decided]
    ) -> None:
        # the batch's URL bookkeeping in a few statements: which of its URLs the store holds is
        # read once (and kept up to date as articles are added), and the failures of the
        # candidates it settles are cleared at its end
        wanted: list[str] = []
        for item in ordered:
            wanted += [item.candidate.url, item.final_url]
            if item.article is not None:
                wanted.append(canonicalize(item.article.url) or item.final_url)
        urls = _BatchUrls(known=repo.seen_urls(session, self.topic.name, wanted))
        for item in self._without_site_boilerplate(session, ordered):
            result = self._analyse_guarded(session, item, urls)
            if result is not None:
                decided.append(result)
        settled = [url for url in dict.fromkeys(urls.settled) if url not in urls.failed]
        repo.clear_url_failures(session, self.topic.name, settled)

    def _analyse_guarded(
        self, session: Session, item: Extracted, urls: _BatchUrls
    ) -> Decided | None:
        """One article in a savepoint: a bug that one article trips costs that article (recorded
        and retried later, given up after a few runs), not its batch and every run after it."""
        known, settled = set(urls.known), len(urls.settled)
        self.analysed += 1
        try:
            with session.begin_nested():
                return self._analyse_one(session, item, urls)
        except SQLAlchemyError:
            raise  # the database failing is the run's failure, not the article's
        except Exception as exc:
            log.exception("analysing %s crashed", item.final_url)
            self._count_crash(exc)
            urls.known, urls.settled[settled:] = known, []  # its savepoint was rolled back
            urls.failed.add(item.candidate.url)
            reason = f"analysis crashed ({type(exc).__name__})"
            self.fail("analyse", item.final_url, reason)
            if not self.options.dry_run:
                self._record_url_failures(session, [(item.candidate, reason)])
            return None

    def _count_crash(self, exc: Exception) -> None:
        frames = traceback.extract_tb(exc.__traceback__)
        where = f"{os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else "?"
        key = (type(exc).__name__, where)
        self.crashes[key] += 1
        self._crash_example.setdefault(key, str(exc)[:300])

    def systemic_failure(self) -> str | None:
        """What failed most of this run's analyses, if one error did (see SYSTEMIC_MIN_ARTICLES)."""
        if not self.crashes:
            return None
        (kind, where), count = self.crashes.most_common(1)[0]
        total = self.analysed
        if total >= SYSTEMIC_MIN_ARTICLES and count * 2 <= total:
            return None
        if total < SYSTEMIC_MIN_ARTICLES and count < total:
            return None
        example = self._crash_example.get((kind, where)) or ""
        return (
            f"analysis failed for {count} of {total} article(s) with the same error, "
            f"{kind}{': ' + example if example else ''} (raised at {where}); the articles are "
            "kept and retried by the next run, the traceback is in the log"
        )

    def raise_if_systemic(self) -> None:
        """Fail the run when one error failed most of its analyses (a fault of the set-up or
        the code rather than of the articles)."""
        problem = self.systemic_failure()
        if problem is not None:
            raise AnalysisFailed(problem, self.report)

    def _story_memory(self, session: Session) -> StoryMemory:
        index = SqlMemoryIndex(session, self.topic.name)
        if self._memory is None:
            self._memory = StoryMemory(index, self.topic)
        else:
            self._memory.index = index
        return self._memory

    def _without_site_boilerplate(
        self, session: Session, items: Sequence[Extracted]
    ) -> list[Extracted]:
        """The batch's articles without their sites' recurring lines, learnt and counted for the
        whole batch at once (a few statements per batch instead of several per article)."""
        articles = [item.article for item in items if item.article is not None]
        cleaned = iter(apply_site_boilerplate_batch(articles, SqlSiteBoilerplate(session)))
        return [
            replace(item, article=next(cleaned)) if item.article is not None else item
            for item in items
        ]

    def _analyse_one(self, session: Session, item: Extracted, urls: _BatchUrls) -> Decided | None:
        topic = self.topic.name
        candidate = item.candidate
        aliases = [candidate.url, item.final_url]
        urls.settled.append(candidate.url)
        if item.article is None:
            row = ArticleRow(
                topic=topic,
                url=item.final_url,
                status="rejected",
                reject_reason=item.rejected,
                source=candidate.source,
                discovered_url=candidate.url,
                title=candidate.title,
                fetched_at=utcnow(),
                run_id=self.report.run_id,
            )
            if item.final_url in urls.known:
                return None
            session.add(row)
            session.flush()
            repo.add_aliases(session, topic, row.id, aliases, urls.known)
            self.fail("extract", item.final_url, item.rejected or "not an article")
            return None

        article = item.article
        canonical = canonicalize(article.url) or item.final_url
        aliases.append(canonical)
        if canonical in urls.known or item.final_url in urls.known:
            # another URL of an article we already hold (AMP, mobile, tracking variant)
            existing = repo.article_for_url(session, topic, canonical) or repo.article_for_url(
                session, topic, item.final_url
            )
            if existing is not None:
                repo.add_aliases(session, topic, existing, aliases, urls.known)
            self.report.skipped_seen += 1
            return None
        published = article.published or candidate.published or utcnow()
        language = article.language or candidate.language
        title = article.title or candidate.title or ""
        row = ArticleRow(
            topic=topic,
            url=canonical,
            status="article",
            source=candidate.source,
            discovered_url=candidate.url,
            content_hash=content_hash(article.text),
            title=title,
            text=article.text,
            language=language,
            author=article.author,
            site=article.site,
            published=published,
            fetched_at=utcnow(),
            run_id=self.report.run_id,
        )
        session.add(row)
        session.flush()
        repo.add_aliases(session, topic, row.id, aliases, urls.known)

        verdict = self._story_memory(session).decide(
            Document(
                key=str(row.id),
                title=title,
                text=article.text,
                language=language,
                published=published,
                url=canonical,
                site=article.site,
            )
        )
        verdict_row = VerdictRow(
            topic=topic,
            article_id=row.id,
            kind=verdict.kind.value,
            story_id=verdict.story_id,
            duplicate_of=verdict.duplicate_of,
            new_facts=list(verdict.new_facts),
            relevance=verdict.relevance,
            matched_terms=list(verdict.matched_terms),
            scores=dict(verdict.scores),
            decided_at=utcnow(),
            run_id=self.report.run_id,
        )
        session.add(verdict_row)
        session.flush()
        story = session.get(StoryRow, verdict.story_id) if verdict.story_id else None
        alert = enqueue(
            session, self.topic, article=row, verdict=verdict_row, story=story, now=utcnow()
        )
        self.report.stored += 1
        self.report.verdicts[verdict.kind.value] = (
            self.report.verdicts.get(verdict.kind.value, 0) + 1
        )
        if alert is not None:
            self.report.alerts_created += 1
        self.report.items.append(
            {
                "title": title,
                "url": canonical,
                "source": candidate.source,
                "site": article.site,
                "language": language,
                "published": published.isoformat(),
                "verdict": verdict.kind.value,
                "story_id": verdict.story_id,
                "new_facts": list(verdict.new_facts),
            }
        )
        return Decided(row.id, candidate, article, verdict, alert.id if alert else None)

    # -------------------------------------------------------------------------- deliver
    def deliver(self, echo: Callable[[str], None] | None = None) -> DeliveryReport | None:
        if self.options.dry_run:
            return None
        delivery = deliver_pending(self.db, self.topic, self.settings, echo=echo)
        self.report.alerts_sent += delivery.sent
        self.report.alerts_failed += delivery.failed
        for target, reason in delivery.errors:
            self.fail("deliver", target, reason)
        return delivery

    # --------------------------------------------------------------------- the whole pass
    async def run_stages(self, pool: Executor | None) -> None:
        async with Fetcher(self.settings) as fetcher:
            candidates = await self.discover(fetcher)
            fresh = self.select_new(candidates)
            await self.process(fetcher, fresh, pool)

    async def process(
        self, fetcher: Fetcher, fresh: Sequence[Candidate], pool: Executor | None
    ) -> None:
        """Fetch, extract and analyse the candidates batch by batch, the stages overlapping.

        While batch i is analysed (in a thread: it is Python and database work), batch i+1 is
        extracted (in the process pool) and batch i+2 fetched (on the event loop), so the cores
        and the network are busy at once. At most three batches are in memory, and batches are
        still analysed one after another in time order.
        """
        batches = list(_chunks(fresh, BATCH_SIZE))
        if not batches:
            return
        loop = asyncio.get_running_loop()
        self._deferred_failures = []
        fetching: asyncio.Future[list[Fetched]] = asyncio.ensure_future(
            self.fetch(fetcher, batches[0])
        )
        analysing: asyncio.Future[list[Decided]] | None = None
        analyst = ThreadPoolExecutor(max_workers=1, thread_name_prefix="monitor-analyse")
        try:
            for number in range(len(batches)):
                fetched = await fetching
                if number + 1 < len(batches):
                    fetching = asyncio.ensure_future(self.fetch(fetcher, batches[number + 1]))
                # extraction is CPU-bound: in the pool it runs while the loop keeps fetching
                extracted = await loop.run_in_executor(None, self.extract, fetched, pool)
                del fetched
                if analysing is not None:
                    await analysing
                failures = self._take_deferred_failures()
                analysing = loop.run_in_executor(analyst, self.analyse, extracted, failures)
                del extracted
            await analysing  # type: ignore[misc]
            analysing = None
            leftover = self._take_deferred_failures()
            if leftover:
                with self.db.session() as session:
                    self._record_url_failures(session, leftover)
        finally:
            fetching.cancel()
            if analysing is not None:
                # a failed stage must not leave the analysis writing behind the run's back
                await asyncio.wait([analysing])
            analyst.shutdown(wait=True)
            leftover = self._take_deferred_failures()
            self._deferred_failures = None
            if leftover:  # the run failed mid-way; its fetch failures are still worth a retry
                try:
                    with self.db.session() as session:
                        self._record_url_failures(session, leftover)
                except Exception:
                    log.exception("could not record %d fetch failures", len(leftover))


def _with_url(candidate: Candidate, url: str) -> Candidate:
    if candidate.url == url:
        return candidate
    return Candidate(
        url=url,
        source=candidate.source,
        title=candidate.title,
        published=candidate.published,
        language=candidate.language,
        summary=candidate.summary,
    )


def extraction_workers(settings: Settings) -> int:
    """Worker processes for extraction. Automatic: one per core but the first, whose core the
    main process needs for fetching, analysis and the store (on 2 cores one worker extracts as
    fast as two and costs ~180 MB less: bench/README.md); none on a single core."""
    if settings.extract_workers == "auto":
        return max(0, (os.cpu_count() or 1) - 1)
    return settings.extract_workers


def extraction_pool(settings: Settings) -> ProcessPoolExecutor | None:
    """A process pool for trafilatura, or None to extract in the main process."""
    workers = extraction_workers(settings)
    if workers <= 0:
        return None
    import multiprocessing

    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def prepare(settings: Settings, topic_name: str | None = None) -> tuple[Topic, Database]:
    topic = load_topic(settings.topics_file, topic_name or DEFAULT_TOPIC)
    db = open_database(settings.resolved_database_url)
    return topic, db


def run_once(
    settings: Settings,
    topic_name: str | None = None,
    *,
    options: RunOptions | None = None,
    echo: Callable[[str], None] | None = None,
) -> RunReport:
    """One complete monitoring pass in plain Python; no Prefect needed."""
    topic, db = prepare(settings, topic_name)
    run = MonitorRun(settings, topic, db, options or RunOptions())
    pool = extraction_pool(settings)
    try:
        with run:
            asyncio.run(run.run_stages(pool))
            run.deliver(echo=echo)
            run.raise_if_systemic()
    except SQLAlchemyError as exc:
        # the database went away or refused a write mid-run: every batch is one transaction,
        # so nothing half-written remains, and the next run picks up what this one left
        raise StoreError(
            f"the database failed during run {run.report.run_id}: {_db_reason(exc)}"
        ) from None
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        db.dispose()
    return run.report


def _db_reason(exc: SQLAlchemyError) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def report_to_dict(report: RunReport) -> dict[str, Any]:
    return {
        "topic": report.topic,
        "run_id": report.run_id,
        "started": report.started.isoformat() if report.started else None,
        "finished": report.finished.isoformat() if report.finished else None,
        "dry_run": report.dry_run,
        "candidates": report.candidates,
        "skipped_seen": report.skipped_seen,
        "fetched": report.fetched,
        "stored": report.stored,
        "verdicts": dict(report.verdicts),
        "alerts_created": report.alerts_created,
        "alerts_sent": report.alerts_sent,
        "alerts_failed": report.alerts_failed,
        "failures": [
            {"stage": f.stage, "item": f.item, "reason": f.reason} for f in report.failures
        ],
        "items": report.items,
    }


__all__ = [
    "BATCH_SIZE",
    "SYSTEMIC_MIN_ARTICLES",
    "Decided",
    "Extracted",
    "Fetched",
    "MonitorRun",
    "RunOptions",
    "extraction_pool",
    "prepare",
    "report_to_dict",
    "run_once",
]
