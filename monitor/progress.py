"""How far a pass got, counts only: the stages call a `ProgressReporter`, and a reporter shows
the counts: a live display in a terminal (`TerminalProgress`, for `monitor run`), log lines
(`LogProgress`, for the Prefect flow and anything else that logs), or nothing (`NO_PROGRESS`).

The stages report what they did (a source asked, pages fetched, an article judged); the
counting lives once, in `PassCounts`, so every reporter shows the same numbers. Reporters are
called from the event loop, from the analysing thread and from the flow's tasks at once, so
they count under a lock.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from monitor.models import VerdictKind

if TYPE_CHECKING:
    from rich.console import Console
    from rich.live import Live
    from rich.progress import Progress, TaskID

log = logging.getLogger("monitor.progress")
VERDICT_ORDER = [k.value for k in VerdictKind]
LoggerLike = logging.Logger | logging.LoggerAdapter[Any]


class ProgressReporter(Protocol):
    """What the stages of a pass tell about their progress. Every call adds to the counts."""

    def discovering(self, sources: int) -> None:
        """Discovery starts over this many sources."""

    def discovered(self, sources: int, *, candidates: int, errors: int) -> None:
        """This many sources were asked: the candidates they listed and the failures they had
        (a source that failed whole, or a part of one: a sitemap, a decode)."""

    def selected(self, new: int, *, seen: int) -> None:
        """The candidates were checked against the store: `new` will be fetched."""

    def fetched(self, pages: int, *, failed: int) -> None:
        """Pages fetched and pages that could not be fetched."""

    def extracted(self, articles: int, *, rejected: int) -> None:
        """Fetched pages extracted: articles, and pages that are no article (recorded with
        their reason)."""

    def analysed(self, verdict: str | None, *, alert: bool) -> None:
        """One article judged: its verdict (None when it got none: its analysis crashed, or it
        turned out to be another URL of an article stored already) and whether it made an
        alert."""

    def delivered(self, sent: int, *, failed: int) -> None:
        """Alerts delivered and failed deliveries."""


class NoProgress:
    """A reporter that shows nothing (the default of a pass)."""

    def discovering(self, sources: int) -> None:
        pass

    def discovered(self, sources: int, *, candidates: int, errors: int) -> None:
        pass

    def selected(self, new: int, *, seen: int) -> None:
        pass

    def fetched(self, pages: int, *, failed: int) -> None:
        pass

    def extracted(self, articles: int, *, rejected: int) -> None:
        pass

    def analysed(self, verdict: str | None, *, alert: bool) -> None:
        pass

    def delivered(self, sent: int, *, failed: int) -> None:
        pass


NO_PROGRESS: ProgressReporter = NoProgress()


@dataclass
class PassCounts:
    """The counts of one pass so far, and what each stage still has to do."""

    sources: int = 0
    sources_done: int = 0
    source_errors: int = 0
    candidates: int = 0
    new: int | None = None  # None until the candidates were checked against the store
    seen: int = 0
    fetched: int = 0
    fetch_failed: int = 0
    articles: int = 0
    rejected: int = 0
    analysed: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    alerts_created: int = 0
    delivered: bool = False
    alerts_sent: int = 0
    alerts_failed: int = 0

    @property
    def to_fetch(self) -> int | None:
        return self.new

    @property
    def to_extract(self) -> int | None:
        return None if self.new is None else self.new - self.fetch_failed

    @property
    def to_analyse(self) -> int | None:
        """Pages that will be judged: those fetched and extracted as articles, and those still
        to come (the total shrinks as pages fail or turn out to be no article)."""
        return None if self.new is None else self.new - self.fetch_failed - self.rejected

    def verdict_text(self) -> str:
        return ", ".join(f"{k} {self.verdicts[k]}" for k in VERDICT_ORDER if self.verdicts[k])

    def discovery_line(self) -> str:
        return (
            f"discovered {self.sources_done}/{self.sources} source(s): {self.candidates} "
            f"candidate(s), {self.source_errors} error(s)"
        )

    def selection_line(self) -> str:
        return f"selected {self.new or 0} new candidate(s), {self.seen} already seen"

    def pages_line(self) -> str:
        verdicts = self.verdict_text()
        return (
            f"fetched {self.fetched + self.fetch_failed}/{self.to_fetch or 0} "
            f"({self.fetch_failed} failed), extracted {self.articles + self.rejected}/"
            f"{self.to_extract or 0} ({self.rejected} not articles), analysed "
            f"{self.analysed}/{self.to_analyse or 0}" + (f": {verdicts}" if verdicts else "")
        )

    def alerts_line(self) -> str:
        return (
            f"alerts created {self.alerts_created}, sent {self.alerts_sent}, "
            f"failed {self.alerts_failed}"
        )


class CountingProgress:
    """A reporter that keeps the counts (in `counts`) and calls `changed(stage)` after each
    call, with the lock held; subclasses show them."""

    def __init__(self) -> None:
        self.counts = PassCounts()
        self._lock = threading.RLock()
        self._broken = False

    def changed(self, stage: str) -> None:
        """Called after a count changed; `stage` is discover, select, pages or deliver."""

    def _changed(self, stage: str) -> None:
        try:
            self.changed(stage)
        except Exception:  # showing progress must never cost the pass
            if not self._broken:
                self._broken = True
                log.warning("showing the progress of the pass failed", exc_info=True)

    def discovering(self, sources: int) -> None:
        with self._lock:
            self.counts.sources += sources
            self._changed("discover")

    def discovered(self, sources: int, *, candidates: int, errors: int) -> None:
        with self._lock:
            self.counts.sources_done += sources
            self.counts.candidates += candidates
            self.counts.source_errors += errors
            self._changed("discover")

    def selected(self, new: int, *, seen: int) -> None:
        with self._lock:
            self.counts.new = (self.counts.new or 0) + new
            self.counts.seen += seen
            self._changed("select")

    def fetched(self, pages: int, *, failed: int) -> None:
        with self._lock:
            self.counts.fetched += pages
            self.counts.fetch_failed += failed
            self._changed("pages")

    def extracted(self, articles: int, *, rejected: int) -> None:
        with self._lock:
            self.counts.articles += articles
            self.counts.rejected += rejected
            self._changed("pages")

    def analysed(self, verdict: str | None, *, alert: bool) -> None:
        with self._lock:
            self.counts.analysed += 1
            if verdict is not None:
                self.counts.verdicts[verdict] += 1
            if alert:
                self.counts.alerts_created += 1
            self._changed("pages")

    def delivered(self, sent: int, *, failed: int) -> None:
        with self._lock:
            self.counts.delivered = True
            self.counts.alerts_sent += sent
            self.counts.alerts_failed += failed
            self._changed("deliver")


class LogProgress(CountingProgress):
    """Progress as log lines: one when discovery is done, one after selection, one about the
    pages at most every `interval` seconds and when the last page is judged, one after
    delivery. For the Prefect flow (its run logger) and any process without a terminal."""

    def __init__(self, logger: LoggerLike, *, interval: float = 10.0) -> None:
        super().__init__()
        self.logger = logger
        self.interval = interval
        self._last_pages = 0.0
        self._pages_done = False

    def changed(self, stage: str) -> None:
        counts = self.counts
        if stage == "discover":
            if counts.sources and counts.sources_done >= counts.sources:
                self.logger.info("%s", counts.discovery_line())
        elif stage == "select":
            self._last_pages = time.monotonic()  # the first line about pages after `interval`
            self.logger.info("%s", counts.selection_line())
            if not counts.new:
                self._pages_done = True
        elif stage == "pages":
            finished = counts.to_analyse is not None and counts.analysed >= counts.to_analyse
            now = time.monotonic()
            if finished and not self._pages_done:
                self._pages_done = True
                self.logger.info("%s", counts.pages_line())
            elif not finished and now - self._last_pages >= self.interval:
                self._last_pages = now
                self.logger.info("%s", counts.pages_line())
        elif stage == "deliver":
            self.logger.info("%s", counts.alerts_line())


class _ConsoleLogHandler(logging.Handler):
    """Log records printed through the console, so they appear above the live display."""

    def __init__(self, console: Console, level: int) -> None:
        super().__init__(level)
        self.console = console

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = self.format(record)
            style = (
                "red"
                if record.levelno >= logging.ERROR
                else ("yellow" if record.levelno >= logging.WARNING else "")
            )
            self.console.print(message, style=style, markup=False, highlight=False, soft_wrap=True)
        except Exception:  # pragma: no cover - as logging.StreamHandler does
            self.handleError(record)


def terminal_console() -> Console | None:
    """The console on standard error when it is a terminal that can draw a live display."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal or console.is_dumb_terminal:
        return None
    return console


class TerminalProgress(CountingProgress):
    """A live display of a pass on a terminal (standard error): one line per stage with a bar,
    done/total and the detail (errors, verdicts so far, alerts). Used as a context manager;
    the display is erased at the end, for the summary to take its place.

    While it shows, log records to standard error go through the display (above it), and so
    does standard output when it is the same terminal (alerts printed for lack of a target)."""

    STAGES = (
        ("discover", "sources"),
        ("fetch", "fetched"),
        ("extract", "extracted"),
        ("analyse", "analysed"),
        ("deliver", "alerts"),
    )

    def __init__(self, console: Console, title: str) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.text import Text

        super().__init__()
        self.console = console
        self.title = title
        self.progress: Progress = Progress(
            SpinnerColumn(finished_text="[green]✓[/]"),
            TextColumn("{task.description:<9}"),
            BarColumn(bar_width=24),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[detail]}"),
            console=console,
            auto_refresh=False,
        )
        self.tasks: dict[str, TaskID] = {}
        for stage, label in self.STAGES:
            self.tasks[stage] = self.progress.add_task(
                label, total=None, start=False, visible=False, detail=""
            )
        self._live: Live | None = None
        self._header = Text.assemble(("monitor run ", "bold"), (title, "bold cyan"))
        self._title_length = len(self._header)
        self._header.append("  opening the database and the topic ...", style="dim")
        self._handlers: list[tuple[logging.Handler, logging.Handler]] = []

    # -------------------------------------------------------------------- showing
    def __enter__(self) -> TerminalProgress:
        from rich.console import Group
        from rich.live import Live

        self._live = Live(
            Group(self._header, self.progress),
            console=self.console,
            transient=True,
            refresh_per_second=8,
            redirect_stdout=sys.stdout.isatty(),
            redirect_stderr=False,
        )
        self._route_logs()
        self._live.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._live is not None:
                self._live.__exit__(exc_type, exc, tb)
        finally:
            self._live = None
            self._restore_logs()

    def _route_logs(self) -> None:
        """Root handlers that write to standard error write through the display instead."""
        root = logging.getLogger()
        for handler in list(root.handlers):
            stream = getattr(handler, "stream", None)
            if isinstance(handler, logging.StreamHandler) and stream in (
                sys.stderr,
                sys.__stderr__,
            ):
                routed = _ConsoleLogHandler(self.console, handler.level)
                routed.setFormatter(handler.formatter)
                for log_filter in handler.filters:
                    routed.addFilter(log_filter)
                root.removeHandler(handler)
                root.addHandler(routed)
                self._handlers.append((handler, routed))

    def _restore_logs(self) -> None:
        root = logging.getLogger()
        for original, routed in self._handlers:
            root.removeHandler(routed)
            root.addHandler(original)
        self._handlers.clear()

    def echo(self, text: str) -> None:
        """Print a line to standard output; above the display when both are this terminal
        (click's echo would write past it)."""
        if self._live is not None and sys.stdout.isatty():
            from rich.text import Text

            self.console.print(Text(text), soft_wrap=True)
        else:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()

    # ------------------------------------------------------------------- counting
    def _show(
        self, stage: str, *, completed: int, total: int | None, detail: str, done: bool
    ) -> None:
        task = self.tasks[stage]
        if not self.progress.tasks[task].started and (completed or done):
            self.progress.start_task(task)  # its clock runs from its first item
        self.progress.update(task, completed=completed, total=total, detail=detail, visible=True)
        if done:
            self.progress.stop_task(task)

    def changed(self, stage: str) -> None:
        c = self.counts
        if len(self._header) > self._title_length:  # the pass has begun: no "opening ..."
            self._header.truncate(self._title_length)
        if stage == "discover":
            errors = f", [red]{c.source_errors} error(s)[/]" if c.source_errors else ""
            self._show(
                "discover",
                completed=c.sources_done,
                total=c.sources,
                detail=f"{c.candidates} candidate(s){errors}",
                done=c.sources_done >= c.sources,
            )
        elif stage in ("select", "pages") and c.new is not None:
            failed = f", [red]{c.fetch_failed} failed[/]" if c.fetch_failed else ""
            self._show(
                "fetch",
                completed=c.fetched + c.fetch_failed,
                total=c.to_fetch,
                detail=f"{c.seen} already seen{failed}",
                done=c.fetched + c.fetch_failed >= (c.to_fetch or 0),
            )
            extracted = c.articles + c.rejected
            self._show(
                "extract",
                completed=extracted,
                total=c.to_extract,
                detail=f"{c.rejected} not articles" if c.rejected else "",
                done=extracted >= (c.to_extract or 0),
            )
            self._show(
                "analyse",
                completed=c.analysed,
                total=c.to_analyse,
                detail=_verdict_markup(c),
                done=c.analysed >= (c.to_analyse or 0),
            )
        elif stage == "deliver":
            self._show(
                "deliver",
                completed=c.alerts_sent,
                total=c.alerts_sent + c.alerts_failed,
                detail=self._alerts_markup(),
                done=True,
            )

    def _alerts_markup(self) -> str:
        c = self.counts
        parts = [f"created {c.alerts_created}"]
        if c.delivered:
            parts.append(f"[green]sent {c.alerts_sent}[/]")
            if c.alerts_failed:
                parts.append(f"[red]failed {c.alerts_failed}[/]")
        return ", ".join(parts)


VERDICT_STYLES = {
    "new_story": "bold green",
    "development": "bold cyan",
    "known": "",
    "duplicate": "dim",
    "irrelevant": "dim",
}


def _verdict_markup(counts: PassCounts) -> str:
    return ", ".join(
        f"[{VERDICT_STYLES[k]}]{k} {counts.verdicts[k]}[/]"
        if VERDICT_STYLES.get(k)
        else f"{k} {counts.verdicts[k]}"
        for k in VERDICT_ORDER
        if counts.verdicts[k]
    )


__all__ = [
    "NO_PROGRESS",
    "CountingProgress",
    "LogProgress",
    "NoProgress",
    "PassCounts",
    "ProgressReporter",
    "TerminalProgress",
    "terminal_console",
]
