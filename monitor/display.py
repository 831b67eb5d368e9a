"""What the read commands print: `monitor stories`, `monitor story ID` and `monitor alerts`.

On a terminal they are `rich` tables with colours; otherwise (a pipe, a file, cron) plain text,
one record per line with aligned columns and nothing cut, so it reads and greps alike. Times are
shown in `MONITOR_TIMEZONE` (UTC by default), and every view says which zone that is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from monitor.progress import VERDICT_STYLES

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from monitor.alerts.outbox import AlertView, DeliveryView
    from monitor.store.repo import StorySummary
    from monitor.store.stories import StoryPageData


class StoryHead(Protocol):
    """What a timeline's head shows of a story (a StoryRow has it)."""

    @property
    def id(self) -> int: ...
    @property
    def topic(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def updated_at(self) -> datetime: ...


class TimelineItem(Protocol):
    """What a timeline shows of one report (store.stories.PageEntry has it)."""

    @property
    def kind(self) -> str: ...
    @property
    def at(self) -> datetime: ...
    @property
    def title(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def site(self) -> str | None: ...
    @property
    def language(self) -> str | None: ...
    @property
    def new_facts(self) -> list[str]: ...


Echo = Callable[[str], None]

ALERT_STATUS_STYLES = {
    "pending": "yellow",
    "sent": "green",
    "failed": "bold red",
    "folded": "dim",
}
DELIVERY_STATE_STYLES = {
    "pending": "yellow",
    "sending": "yellow",
    "sent": "green",
    "failed": "red",
    "gave_up": "bold red",
    "unconfirmed": "magenta",
}


def stdout_console() -> Console | None:
    """A console on standard output when it is a terminal (tables and colours), else None."""
    from rich.console import Console

    console = Console()
    if not console.is_terminal or console.is_dumb_terminal:
        return None
    return console


@dataclass(frozen=True)
class Clock:
    """Shows stored (UTC) times in one zone."""

    zone: str = "UTC"

    def __call__(self, value: datetime | None) -> str:
        if value is None:
            return "-"
        if value.tzinfo is None:  # SQLite hands back naive UTC
            value = value.replace(tzinfo=ZoneInfo("UTC"))
        return value.astimezone(ZoneInfo(self.zone)).strftime("%Y-%m-%d %H:%M")


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def _columns(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    """Plain aligned columns; the last one is never padded (headlines are written whole)."""
    widths = [max([len(header[i]), *(len(r[i]) for r in rows)]) for i in range(len(header) - 1)]
    lines = []
    for row in [header, *rows]:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row[:-1])
        ]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return lines


# ------------------------------------------------------------------------------ stories


@dataclass
class StoryLine:
    """One row of `monitor stories`. `muted` is None where the store knows no muting."""

    story: StorySummary
    muted: str | None = None


def show_stories(
    lines: Sequence[StoryLine],
    *,
    clock: Clock,
    console: Console | None,
    echo: Echo,
    title: str = "Stories",
    muting: bool = False,
) -> None:
    """The stories as a table, newest development first (the order they come in). The topic
    column is shown when they are of more than one topic; the muted column when `muting`."""
    several = len({line.story.topic for line in lines}) > 1
    zone = f"({clock.zone})"
    if console is None:
        header = ["ID", f"LAST DEVELOPMENT {zone}", "ARTICLES", "DEVELOPMENTS", "LANGUAGES"]
        header += ["TOPIC"] * several + ["MUTED"] * muting + ["HEADLINE"]
        rows = []
        for line in lines:
            s = line.story
            cells = [
                str(s.id),
                clock(s.updated_at),
                str(s.articles),
                str(s.developments),
                ",".join(s.languages) or "-",
            ]
            cells += [s.topic] * several + [line.muted or "-"] * muting + [s.title]
            rows.append(cells)
        for text in _columns(header, rows, right={0, 2, 3}):
            echo(text)
        return

    from rich import box
    from rich.table import Table

    table = Table(
        title=title,
        caption=f"newest development first; times in {clock.zone}; `monitor story ID` shows a "
        "timeline",
        box=box.SIMPLE_HEAD,
        expand=True,
        title_style="bold",
        caption_justify="left",
    )
    table.add_column("ID", justify="right", style="cyan", no_wrap=True)
    table.add_column("Headline", ratio=1, overflow="fold")
    table.add_column("Lang", no_wrap=True)
    table.add_column("Articles", justify="right", no_wrap=True)
    table.add_column("Dev.", justify="right", no_wrap=True)
    table.add_column("Last development", no_wrap=True)
    if several:
        table.add_column("Topic", style="dim", no_wrap=True)
    if muting:
        table.add_column("Muted", style="yellow", no_wrap=True)
    for line in lines:
        s = line.story
        row: list[RenderableType] = [
            str(s.id),
            _plain(s.title),
            ", ".join(s.languages) or "-",
            str(s.articles),
            str(s.developments) if s.developments else "[dim]0[/]",
            clock(s.updated_at),
        ]
        row += [_plain(s.topic)] * several + [line.muted or ""] * muting
        table.add_row(*row)
    console.print(table)


def _plain(text: str) -> RenderableType:
    """Text from articles as it is: never read as markup."""
    from rich.text import Text

    return Text(text)


# ------------------------------------------------------------------------------ a story


def _outlet(entry: TimelineItem) -> str:
    return entry.site or urlsplit(entry.url).hostname or "?"


def show_story(
    story: StoryHead,
    entries: Sequence[TimelineItem],
    *,
    clock: Clock,
    console: Console | None,
    echo: Echo,
) -> None:
    """A story's timeline: when, which verdict, which outlet, the headline and link, and the
    new facts as bullets."""
    languages = sorted({e.language for e in entries if e.language})
    developments = sum(1 for e in entries if e.kind == "development")
    facts = (
        f"{_count(len(entries), 'article')}, {_count(developments, 'development')}"
        + (f"; languages {', '.join(languages)}" if languages else "")
        + f"; times in {clock.zone}"
    )
    first = f"first reported {clock(story.created_at)}, last development {clock(story.updated_at)}"
    if console is None:
        echo(f"Story {story.id} [{story.topic}]: {story.title}")
        echo(f"  {first}")
        echo(f"  {facts}")
        for entry in entries:
            lang = f", {entry.language}" if entry.language else ""
            echo("")
            echo(f"{clock(entry.at)}  {entry.kind:<11}  {entry.title} ({_outlet(entry)}{lang})")
            echo(f"{'':<31}{entry.url}")
            for fact in entry.new_facts:
                echo(f"{'':<31}+ {fact}")
        return

    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    console.print(Text.assemble((f"Story {story.id}", "bold cyan"), (f"  {story.topic}", "dim")))
    console.print(Text(story.title, style="bold"))
    console.print(Text(first, style="dim"))
    console.print(Text(facts, style="dim"))
    timeline = Table(box=box.SIMPLE, show_header=True, header_style="dim", pad_edge=False)
    timeline.add_column("When", no_wrap=True, style="dim")
    timeline.add_column("Verdict", no_wrap=True)
    timeline.add_column("Report", ratio=1, overflow="fold")
    for number, entry in enumerate(entries):
        if number:
            timeline.add_row("", "", "")  # a blank line between reports
        lines: list[RenderableType] = [
            Text(entry.title, style="bold" if entry.kind in ("new_story", "development") else ""),
            Text.assemble(
                (_outlet(entry), "italic"),
                (f" · {entry.language}" if entry.language else "", ""),
                ("  ", ""),
                (entry.url, f"dim link {entry.url}"),
            ),
        ]
        if entry.new_facts:
            bullets = Table.grid(padding=(0, 1))
            bullets.add_column(no_wrap=True, style="cyan")
            bullets.add_column(ratio=1, overflow="fold")
            for fact in entry.new_facts:
                bullets.add_row(" •", Text(fact))
            lines.append(bullets)
        timeline.add_row(
            clock(entry.at),
            Text(entry.kind, style=VERDICT_STYLES.get(entry.kind, "")),
            Group(*lines),
        )
    console.print(timeline)


def show_story_page(page: StoryPageData, *, clock: Clock, console: Console) -> None:
    """A story's page (monitor/storypage.py) on a terminal: the timeline of `show_story`, with
    copies folded under the article they copy, the article ids to correct, the user's
    corrections and the story's mute."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from monitor.storypage import _correction_text, _fold, _mute_text

    languages = sorted({e.language for e in page.entries if e.language})
    copies = sum(1 for e in page.entries if e.kind == "duplicate")
    console.print(Text.assemble((f"Story {page.id}", "bold cyan"), (f"  {page.topic}", "dim")))
    console.print(Text(page.title, style="bold"))
    console.print(
        Text(
            f"first reported {clock(page.created_at)}, last development {clock(page.updated_at)}",
            style="dim",
        )
    )
    console.print(
        Text(
            f"{_count(len(page.entries), 'article')}, "
            f"{_count(page.developments, 'development')}, {_count(copies, 'copy', 'copies')}"
            + (f"; languages {', '.join(languages)}" if languages else "")
            + f"; times in {clock.zone}",
            style="dim",
        )
    )
    mute = _mute_text(page)
    if mute:
        console.print(Text(mute, style="yellow"))
    timeline = Table(box=box.SIMPLE, show_header=True, header_style="dim", pad_edge=False)
    timeline.add_column("When", no_wrap=True, style="dim")
    timeline.add_column("Verdict", no_wrap=True)
    timeline.add_column("Report", ratio=1, overflow="fold")
    for number, item in enumerate(_fold(page.entries)):
        entry = item.entry
        if number:
            timeline.add_row("", "", "")  # a blank line between reports
        lines: list[RenderableType] = [
            Text(entry.title, style="bold" if entry.kind in ("new_story", "development") else ""),
            Text.assemble(
                (_outlet(entry), "italic"),
                (f" · {entry.language}" if entry.language else "", ""),
                (f" · article {entry.article_id}", "dim"),
                ("  ", ""),
                (entry.url, f"dim link {entry.url}"),
            ),
        ]
        if entry.new_facts:
            bullets = Table.grid(padding=(0, 1))
            bullets.add_column(no_wrap=True, style="cyan")
            bullets.add_column(ratio=1, overflow="fold")
            for fact in entry.new_facts:
                bullets.add_row(" •", Text(fact))
            lines.append(bullets)
        for copy in [entry, *item.copies]:
            fix = _correction_text(copy)
            if copy is not entry:
                lines.append(
                    Text(
                        f"copy: {_outlet(copy)}, {clock(copy.at)}, article {copy.article_id}",
                        style="dim",
                    )
                )
            if fix:
                lines.append(Text(fix, style="magenta"))
        timeline.add_row(
            clock(entry.at),
            Text(entry.kind, style=VERDICT_STYLES.get(entry.kind, "")),
            Group(*lines),
        )
    console.print(timeline)


# ------------------------------------------------------------------------------- alerts


def _alert_extra(view: AlertView, clock: Clock) -> str:
    if view.folded_into:
        return f" -> digest #{view.folded_into}"
    if view.not_before and view.status == "pending":
        return f" (held until {clock(view.not_before)} {clock.zone})"
    return ""


def _delivery_text(d: DeliveryView, clock: Clock) -> str:
    when = ""
    if d.state == "sent" and d.sent_at:
        when = f" at {clock(d.sent_at)}"
    elif d.state == "failed" and d.next_attempt_at:
        when = f", next try {clock(d.next_attempt_at)}"
    error = f": {d.last_error}" if d.last_error and d.state != "sent" else ""
    return f"{d.label} (attempts {d.attempts}{when}){error}"


def _delivery_short(d: DeliveryView, clock: Clock) -> str:
    """A delivery in a table cell: the target, and attempts, next try and error when it is
    not simply sent."""
    if d.state == "sent":
        return d.label
    detail = [f"attempts {d.attempts}"] if d.attempts else []
    if d.state == "failed" and d.next_attempt_at:
        detail.append(f"next try {clock(d.next_attempt_at)}")
    error = f": {d.last_error}" if d.last_error else ""
    return d.label + (f" ({', '.join(detail)})" if detail else "") + error


def show_alerts(
    views: Sequence[AlertView], *, clock: Clock, console: Console | None, echo: Echo
) -> None:
    """The outbox newest first, with each target's delivery state (targets as scheme://host)."""
    if console is None:
        for view in views:
            story = f" story {view.story_id}" if view.story_id else ""
            echo(
                f"#{view.id:<5} {clock(view.created_at)}  {view.status:<8} {view.kind:<11} "
                f"[{view.topic}]{story} {view.headline[:90]}{_alert_extra(view, clock)}"
            )
            for d in view.deliveries:
                echo(f"         {d.state:<11} {_delivery_text(d, clock)}")
        return

    from rich import box
    from rich.table import Table
    from rich.text import Text

    several = len({v.topic for v in views}) > 1
    table = Table(
        title="Alerts",
        caption=f"newest first; times in {clock.zone}",
        box=box.SIMPLE_HEAD,
        expand=True,
        title_style="bold",
        caption_justify="left",
    )
    table.add_column("#", justify="right", style="cyan", no_wrap=True)
    table.add_column("Created", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Kind", no_wrap=True)
    if several:
        table.add_column("Topic", style="dim", no_wrap=True)
    table.add_column("Story", justify="right", no_wrap=True)
    table.add_column("Headline", ratio=1, overflow="fold")
    table.add_column("Deliveries", overflow="fold")
    for view in views:
        deliveries = Text("\n").join(
            Text.assemble(
                (f"{d.state} ", DELIVERY_STATE_STYLES.get(d.state, "")), _delivery_short(d, clock)
            )
            for d in view.deliveries
        )
        row: list[RenderableType] = [
            str(view.id),
            clock(view.created_at),
            Text(view.status, style=ALERT_STATUS_STYLES.get(view.status, "")),
            Text(view.kind, style=VERDICT_STYLES.get(view.kind, "")),
        ]
        row += [Text(view.topic)] * several
        row += [
            str(view.story_id) if view.story_id else "",
            Text(view.headline + _alert_extra(view, clock)),
            deliveries if view.deliveries else Text("no target yet", style="dim"),
        ]
        table.add_row(*row)
    console.print(table)


__all__ = [
    "ALERT_STATUS_STYLES",
    "Clock",
    "StoryLine",
    "show_alerts",
    "show_stories",
    "show_story",
    "show_story_page",
    "stdout_console",
]
