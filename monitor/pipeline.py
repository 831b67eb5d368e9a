"""One monitoring pass for one topic: the run (its lock, run row and report) and `monitor run`'s
driver over the stages of `monitor/stages.py`.

The Prefect flow (`flows/monitor_flows.py`) drives the same stages through the same `MonitorRun`.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import timedelta
from types import TracebackType

from sqlalchemy.exc import SQLAlchemyError

from monitor import stages
from monitor.alerts import DeliveryReport
from monitor.batches import chunked, pipelined
from monitor.config import DEFAULT_TOPIC, Settings, Topic, load_topic
from monitor.errors import AnalysisFailed, StoreError
from monitor.health import record_run
from monitor.models import RunReport
from monitor.progress import NO_PROGRESS, ProgressReporter
from monitor.stages import (
    BATCH_SIZE,
    DecidedBatch,
    Discovered,
    PassContext,
    Resources,
    RunOptions,
    Selected,
    extraction_pool,
    extraction_workers,
)
from monitor.store import Database, open_database, repo
from monitor.store.schema import utcnow
from monitor.summary import report_to_dict

log = logging.getLogger("monitor")

# How long a line seen on a single page is remembered while waiting to recur as boilerplate.
BOILERPLATE_MEMORY = timedelta(days=30)
# A run fails when analysis raised the same error for more than half of its articles, once it
# analysed at least this many; with fewer, when it raised for every one of them. One odd article
# costs only itself; a fault that every article trips (a bug, a broken set-up) fails the run.
SYSTEMIC_MIN_ARTICLES = 5
# batches fetched and extracted ahead of the one being decided (at most AHEAD + 1 in memory)
AHEAD = 2


@dataclass
class MonitorRun:
    """One pass for one topic: its run row and lock, and the report its stages' results add up to."""

    settings: Settings
    topic: Topic
    db: Database
    options: RunOptions = field(default_factory=RunOptions)
    owner: str = field(default_factory=repo.owner_id)
    # told what each stage did, for a live display or log lines (monitor/progress.py)
    progress: ProgressReporter = field(default=NO_PROGRESS, repr=False)
    report: RunReport = field(init=False)
    # articles analysed by this run, and its analysis crashes by (error type, where raised)
    analysed: int = field(default=0, init=False)
    crashes: Counter[tuple[str, str]] = field(default_factory=Counter, init=False)
    _crash_example: dict[tuple[str, str], str] = field(default_factory=dict, init=False)
    _locked: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self.report = RunReport(topic=self.topic.name, dry_run=self.options.dry_run)

    @property
    def context(self) -> PassContext:
        return PassContext(
            self.settings,
            self.topic,
            self.db,
            self.options,
            self.report.run_id,
            self.owner,
            self.progress,
        )

    # ------------------------------------------------------------------ start and finish
    def start(self) -> MonitorRun:
        """Take the topic's run lock (raises RunLocked) and record the run."""
        self.report.started = utcnow()
        with self.db.session() as session:
            if not self.options.dry_run:
                repo.acquire_lock(session, self.topic.name, self.owner)
                self._locked = True
            self.report.run_id = repo.start_run(
                session, self.topic.name, dry_run=self.options.dry_run
            ).id
        return self

    def finish(self, error: BaseException | None = None) -> RunReport:
        self.report.finished = utcnow()
        announce = None
        try:
            with self.db.session() as session:
                repo.finish_run(
                    session,
                    self.report.run_id,
                    self.report.finished,
                    report_to_dict(self.report),
                    error,
                )
                if not self.options.dry_run and (error is None or isinstance(error, Exception)):
                    # a failed run (and the first completed one after it) is announced, in the
                    # transaction that records the run's end
                    announce = record_run(
                        session,
                        self.topic,
                        run_id=self.report.run_id,
                        now=self.report.finished,
                        error=None if error is None else f"{type(error).__name__}: {error}",
                    )
                if error is None and not self.options.dry_run:
                    # lines seen once and never again are article text, not boilerplate
                    repo.prune_site_boilerplate(session, self.report.finished - BOILERPLATE_MEMORY)
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
        """Send the maintenance alert the end of this run queued (a failed run's delivery stage
        may not have run); whatever fails here is logged, never raised over the run's error."""
        try:
            delivery = stages.deliver(self.context)
        except Exception as exc:
            log.warning(
                "could not deliver the maintenance alert of run %s: %s", self.report.run_id, exc
            )
            return
        if delivery is None:
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

    # ------------------------------------------------------------------- the stages' results
    def tally(self, result: Discovered | Selected | DecidedBatch | DeliveryReport | None) -> None:
        """Add what a stage returned to the run's report."""
        report = self.report
        if isinstance(result, Discovered):
            report.candidates = len(result.candidates)
            report.failures += result.failures
        elif isinstance(result, Selected):
            report.skipped_seen += result.skipped_seen
            self.progress.selected(len(result.fresh), seen=result.skipped_seen)
        elif isinstance(result, DecidedBatch):
            report.fetched += result.fetched
            report.skipped_seen += result.skipped_seen
            report.failures += result.failures
            report.decisions += result.decisions
            report.stored += len(result.decisions)
            for decision in result.decisions:
                kind = decision.verdict.kind.value
                report.verdicts[kind] = report.verdicts.get(kind, 0) + 1
                report.alerts_created += decision.alert_id is not None
            self.analysed += result.analysed
            for crash in result.crashes:
                self.crashes[(crash.kind, crash.where)] += 1
                self._crash_example.setdefault((crash.kind, crash.where), crash.example)
        elif isinstance(result, DeliveryReport):
            report.alerts_sent += result.sent
            report.alerts_failed += result.failed
            self.progress.delivered(result.sent, failed=result.failed)
            for target, reason in result.errors:
                report.failures.append(stages.failure("deliver", target, reason))

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


def run_stages(run: MonitorRun, resources: Resources) -> None:
    """Discover, select, then fetch+extract and decide batch by batch, the stages overlapping.

    While batch i is decided (here: Python and database work), batches i+1 and i+2 are fetched
    (on the resources' event loop) and extracted (in the process pool), so the cores and the
    network are busy at once. At most three batches are in memory, and batches are still
    decided one after another in time order.
    """
    context = run.context
    found = resources.loop.run(stages.discover(context, resources.fetcher))
    run.tally(found)
    selected = stages.select(context, found.candidates)
    run.tally(selected)
    memory = stages.story_memory(context.topic)
    batches = chunked(selected.fresh, BATCH_SIZE)
    with closing(pipelined(batches, resources.fetch_and_extract, ahead=AHEAD)) as ready:
        for batch in ready:  # a failure here cancels the batches under way
            run.tally(stages.decide(context, memory, batch))


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
    progress: ProgressReporter | None = None,
) -> RunReport:
    """One complete monitoring pass in plain Python; no Prefect needed. `progress` is told
    what each stage did (see monitor/progress.py)."""
    topic, db = prepare(settings, topic_name)
    run = MonitorRun(settings, topic, db, options or RunOptions(), progress=progress or NO_PROGRESS)
    try:
        with run:
            spec = stages.analysis_spec(settings, topic)  # do the workers analyse too?
            with Resources(settings, progress=run.progress, spec=spec) as resources:
                run_stages(run, resources)
            run.tally(stages.deliver(run.context, echo=echo))
            run.raise_if_systemic()
    except SQLAlchemyError as exc:
        # the database went away or refused a write mid-run: every batch is one transaction,
        # so nothing half-written remains, and the next run picks up what this one left
        raise StoreError(
            f"the database failed during run {run.report.run_id}: {_db_reason(exc)}"
        ) from None
    finally:
        db.dispose()
    return run.report


def _db_reason(exc: SQLAlchemyError) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


__all__ = [
    "AHEAD",
    "BATCH_SIZE",
    "SYSTEMIC_MIN_ARTICLES",
    "MonitorRun",
    "RunOptions",
    "extraction_pool",
    "extraction_workers",
    "prepare",
    "report_to_dict",
    "run_once",
    "run_stages",
]
