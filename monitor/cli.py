"""The `monitor` command line: typer commands over the pipeline and the store."""

from __future__ import annotations

import json
import logging
import re
import sys
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from monitor.alerts.cli import alerts_app
from monitor.config import DEFAULT_TOPIC, Settings, load_topic, load_topics
from monitor.errors import AnalysisFailed, MonitorError, RunLocked
from monitor.models import RunReport

if TYPE_CHECKING:
    from monitor.display import Clock
    from monitor.progress import TerminalProgress
    from monitor.store import Database
    from monitor.store.feedback import MuteState

app = typer.Typer(
    name="monitor",
    help="A news monitor that tells you what is new: it watches the news on a topic, remembers "
    "its stories and alerts only on new stories and new developments.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema: migrations.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(alerts_app, name="alerts")

TopicOption = Annotated[str, typer.Option("--topic", "-t", help="Topic name from the topics file.")]


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _settings() -> Settings:
    try:
        settings = Settings()
    except Exception as exc:  # pydantic's message names the variable that is wrong
        _fail(f"invalid settings: {exc}")
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # httpx logs every request at INFO; a run summary says what matters
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return settings


def _database() -> Database:
    """The configured database, migrated; a clear error instead of a traceback."""
    from monitor.store import open_database

    settings = _settings()
    try:
        return open_database(settings.resolved_database_url)
    except MonitorError as exc:
        _fail(str(exc))


_AGO = re.compile(r"^\s*(\d+)\s*(m|min|h|d|w)\s*$", re.IGNORECASE)
_AGO_UNITS = {"m": 60, "min": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def _parse_since(value: str | None) -> datetime | None:
    """An ISO 8601 date or time (UTC if it has no zone), or a time ago: 30m, 12h, 7d, 2w."""
    if value is None:
        return None
    ago = _AGO.match(value)
    if ago:
        seconds = int(ago.group(1)) * _AGO_UNITS[ago.group(2).lower()]
        return datetime.now(UTC) - timedelta(seconds=seconds)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        _fail(
            f"--since must be an ISO 8601 date or time or a time ago (30m, 12h, 7d, 2w), "
            f"got {value!r}"
        )
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@app.command()
def run(
    topic: TopicOption = DEFAULT_TOPIC,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Analyse but store nothing and send no alert.")
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            help="Ignore candidates published before this ISO 8601 time, or this long ago "
            "(30m, 12h, 7d, 2w)."
        ),
    ] = None,
    max_articles: Annotated[
        int | None, typer.Option(help="Fetch at most this many new articles (the newest).")
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the run report as JSON instead of text.")
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="Print only errors: no progress, no summary, no warnings; the run's errors "
            "(to stderr) if it had any.",
        ),
    ] = False,
) -> None:
    """Run one monitoring pass for a topic (plain Python, no Prefect server needed).

    On a terminal a live display shows each stage's progress, replaced by the summary at the
    end; elsewhere (a pipe, cron) only log lines and the summary are printed.

    Exit codes: 0 done, 1 the run failed (most articles failed analysis with one error),
    2 a set-up error (settings, topics file, database), 3 another run holds the topic.
    """
    from monitor.pipeline import RunOptions, run_once

    settings = _settings()
    if quiet:
        logging.getLogger().setLevel(logging.ERROR)
    options = RunOptions(dry_run=dry_run, since=_parse_since(since), max_articles=max_articles)
    display = None if quiet else _live_display(topic)
    shown: AbstractContextManager[object] = display if display is not None else nullcontext()
    try:
        with shown:
            report = run_once(
                settings,
                topic,
                options=options,
                echo=typer.echo if display is None else display.echo,
                progress=display,
            )
    except RunLocked as exc:
        _fail(str(exc), code=3)
    except AnalysisFailed as exc:
        # the run failed as a whole: say what it did, then why it failed (exit code 1)
        if isinstance(exc.report, RunReport):
            _print_report(exc.report, json_output, error=str(exc), quiet=quiet)
        _fail(f"run failed: {exc}", code=1)
    except MonitorError as exc:
        _fail(str(exc))
    _print_report(report, json_output, quiet=quiet)


def _live_display(topic: str) -> TerminalProgress | None:
    """The live progress display when standard error is a terminal, else None."""
    from monitor.progress import TerminalProgress, terminal_console

    console = terminal_console()
    return None if console is None else TerminalProgress(console, topic)


def _print_report(
    report: RunReport, json_output: bool, error: str | None = None, *, quiet: bool = False
) -> None:
    from monitor.pipeline import report_to_dict
    from monitor.summary import error_lines, summary_lines

    if json_output:
        data = report_to_dict(report)
        if error is not None:
            data["error"] = error
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif quiet:
        for line in error_lines(report):
            typer.echo(line, err=True)
    else:
        for line in summary_lines(report):
            typer.echo(line)


@app.command()
def replay(
    input_path: Annotated[Path, typer.Argument(metavar="INPUT.jsonl", help="Recorded articles.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write one verdict per line.")],
    topic: Annotated[
        str | None, typer.Option("--topic", "-t", help="Judge relevance with this topic.")
    ] = None,
    any_topic: Annotated[
        bool, typer.Option("--any-topic", help="Treat every article as relevant.")
    ] = False,
    database_url: Annotated[
        str | None,
        typer.Option("--db", help="Keep the story memory in this database (default: temporary)."),
    ] = None,
) -> None:
    """Feed recorded articles through the story memory in input order; write their verdicts.

    Input lines: id, published (ISO 8601), text or html, optional title, url, lang.
    Output lines: id, verdict, story_id, duplicate_of, new_facts and scores.
    """
    from monitor.replay import replay as do_replay

    settings = _settings()
    if topic and any_topic:
        _fail("give either --topic or --any-topic, not both")
    try:
        chosen = None if any_topic else load_topic(settings.topics_file, topic or DEFAULT_TOPIC)
        summary = do_replay(input_path, out, chosen, database_url)
    except MonitorError as exc:
        _fail(str(exc))
    typer.echo(str(summary))


@app.command("extract")
def extract_command(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="HTML files to extract.")],
    url: Annotated[
        str | None, typer.Option(help="The URL the page came from (helps metadata).")
    ] = None,
) -> None:
    """Print one JSON line per HTML file: path, title, text, published, lang, author, site."""
    from monitor.errors import ExtractionError
    from monitor.extract import extract

    failed = 0
    for path in files:
        try:
            html = path.read_bytes()
        except OSError as exc:
            typer.echo(json.dumps({"path": str(path), "error": exc.strerror}), err=True)
            failed += 1
            continue
        try:
            article = extract(html, url)
        except ExtractionError as exc:
            typer.echo(json.dumps({"path": str(path), "error": exc.reason}))
            failed += 1
            continue
        record = {
            "path": str(path),
            "title": article.title,
            "text": article.text,
            "published": article.published.isoformat() if article.published else None,
            "lang": article.language,
            "author": article.author,
            "site": article.site,
            "url": article.url,
        }
        typer.echo(json.dumps(record, ensure_ascii=False))
    if failed:
        raise typer.Exit(1)


@app.command()
def stories(
    topic: Annotated[str | None, typer.Option("--topic", "-t", help="Only this topic.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many stories to list.")] = 30,
    since: Annotated[
        str | None,
        typer.Option(
            help="Only stories with a development since this ISO 8601 time, or this long ago "
            "(30m, 12h, 7d, 2w)."
        ),
    ] = None,
) -> None:
    """List stories as a table, the one with the latest development first: id, headline,
    languages, articles, developments, time of the last development (in MONITOR_TIMEZONE)."""
    from monitor.display import StoryLine, show_stories, stdout_console
    from monitor.store import repo
    from monitor.store.feedback import mute_state

    after = _parse_since(since)
    db = _database()
    with db.session() as session:
        found = repo.list_stories(session, topic, limit, since=after)
        muted = {s.id: mute_state(session, s.id) for s in found}
    if not found:
        typer.echo("no stories yet" if after is None else f"no story moved since {since}")
        return
    clock = _clock()
    show_stories(
        [StoryLine(s, _muted(muted.get(s.id), clock)) for s in found],
        clock=clock,
        console=stdout_console(),
        echo=typer.echo,
        title=f"Stories of {topic}" if topic else "Stories",
        muting=True,
    )


def _muted(state: MuteState | None, clock: Clock) -> str | None:
    if state is None:
        return None
    return f"until {clock(state.until)}" if state.until else "until unmuted"


def _clock() -> Clock:
    from monitor.display import Clock

    return Clock(_settings().timezone)


@app.command()
def story(
    story_id: Annotated[
        int, typer.Argument(metavar="ID", help="Story id (see `monitor stories`).")
    ],
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the story page as Markdown.")
    ] = False,
    html_output: Annotated[
        bool, typer.Option("--html", help="Print the story page as an HTML document.")
    ] = False,
) -> None:
    """Print a story's timeline: the first report, then each development with its new facts,
    copies folded, corrections and mute shown (the page alerts link to); a table with colours
    on a terminal."""
    from monitor.display import show_story_page, stdout_console
    from monitor.store.stories import story_page_data
    from monitor.storypage import render_html, render_markdown, render_text

    if markdown and html_output:
        _fail("give either --markdown or --html, not both")
    db = _database()
    with db.session() as session:
        page = story_page_data(session, story_id)
    if page is None:
        _fail(f"no story {story_id}", code=1)
    console = None if markdown or html_output else stdout_console()
    if console is not None:
        show_story_page(page, clock=_clock(), console=console)
        return
    render = render_markdown if markdown else render_html if html_output else render_text
    typer.echo(render(page), nl=False)


@app.command("test-alert")
def send_test_alert(
    tag: Annotated[str | None, typer.Option(help="Only targets with this apprise tag.")] = None,
) -> None:
    """Send a clearly marked test message to each alert target and report each one."""
    from monitor.alerts import send_test

    settings = _settings()
    try:
        results = send_test(settings, tag=tag)
    except MonitorError as exc:
        _fail(str(exc))
    if not results:
        _fail("no alert target configured (set MONITOR_APPRISE_URLS or MONITOR_APPRISE_CONFIG)", 1)
    for result in results:
        mark = "ok  " if result.ok else "FAIL"
        typer.echo(f"{mark} {result.target}" + ("" if result.ok else f": {result.error}"))
    if not all(r.ok for r in results):
        raise typer.Exit(1)


@app.command()
def topics(
    file: Annotated[
        Path | None, typer.Option("--file", help="Check this topics file instead.")
    ] = None,
) -> None:
    """List (and validate) the topics of the topics file."""
    settings = _settings()
    path = file or settings.topics_file
    try:
        found = load_topics(path)
    except MonitorError as exc:
        _fail(str(exc))
    for topic in found.values():
        kinds = ", ".join(sorted({s.kind for s in topic.sources})) or "no sources"
        typer.echo(
            f"{topic.name}: {topic.title or '-'} ({', '.join(topic.languages)}; "
            f"{len(topic.sources)} sources: {kinds}; schedule '{topic.schedule}')"
        )


@app.command()
def serve(
    topic: Annotated[
        list[str] | None, typer.Option("--topic", "-t", help="Serve only these topics.")
    ] = None,
    cron: Annotated[
        str | None, typer.Option(help="Use this cron schedule for every topic instead of its own.")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many runs at once.")] = None,
) -> None:
    """Serve every topic's Prefect deployment on its schedule from this one process."""
    try:
        from flows.serve import serve_topics
    except ImportError as exc:
        _fail(f"Prefect flows are not importable: {exc}")
    settings = _settings()
    try:
        serve_topics(settings, topics=topic or None, cron=cron, limit=limit)
    except MonitorError as exc:
        _fail(str(exc))


@app.command()
def sources(
    topic: Annotated[str | None, typer.Option("--topic", "-t", help="Only this topic.")] = None,
) -> None:
    """List each source's health: failed runs in a row, the last new candidate, its status.

    Statuses: ok; failing (failed lately, below the threshold); down (failed [topic.health]
    max_failures runs in a row); quiet (no new candidate for quiet_days); unchecked (no run
    yet). The line `(runs)` is the topic's runs (failed: its last run failed). Exit code 1 when
    a source is down or quiet or the last run failed.
    """
    from monitor.health import health_lines, source_health
    from monitor.store.schema import utcnow

    settings = _settings()
    try:
        found = load_topics(settings.topics_file)
    except MonitorError as exc:
        _fail(str(exc))
    if topic is not None and topic not in found:
        _fail(f"{settings.topics_file}: no topic named '{topic}' (known: {', '.join(found)})")
    db = _database()
    problem = False
    now = utcnow()
    try:
        for index, chosen in enumerate([found[topic]] if topic else list(found.values())):
            with db.session() as session:
                views = source_health(session, chosen, now)
            if index:
                typer.echo("")
            for line in health_lines(chosen, views, settings.timezone):
                typer.echo(line)
            problem = problem or any(v.is_problem for v in views)
    finally:
        db.dispose()
    if problem:
        raise typer.Exit(1)


@app.command()
def deploy(
    pool: Annotated[str, typer.Option("--pool", help="The Prefect work pool to register on.")],
    topic: Annotated[
        list[str] | None, typer.Option("--topic", "-t", help="Only these topics (repeatable).")
    ] = None,
    workdir: Annotated[
        Path | None,
        typer.Option(help="Where runs start on the workers: their .env and data/ (default: here)."),
    ] = None,
    queue: Annotated[
        str | None, typer.Option(help="The pool's work queue (default: its default queue).")
    ] = None,
    notify: Annotated[
        str | None,
        typer.Option(
            help="Announce failed runs through a Prefect Automation: an http(s) webhook URL, "
            "or a notification block as TYPE/NAME (e.g. slack-webhook/ops)."
        ),
    ] = None,
) -> None:
    """Register one Prefect deployment per topic of the topics file on a work pool, with the
    topic's schedule and time zone; re-running updates them and removes those of deleted topics."""
    try:
        from flows.deploy import deploy_topics
    except ImportError as exc:
        _fail(f"Prefect flows are not importable: {exc}")
    settings = _settings()
    try:
        report = deploy_topics(
            settings, pool=pool, topics=topic or None, workdir=workdir, queue=queue, notify=notify
        )
    except MonitorError as exc:
        _fail(str(exc))
    for line in report.lines():
        typer.echo(line)


@app.command()
def doctor() -> None:
    """Check the whole set-up: settings and .env, topics file, database, each alert target
    (reached without sending), Prefect API. One line per check; exit code 1 if any failed."""
    from monitor.doctor import run_checks

    failed = False
    for check in run_checks():
        typer.echo(check.line())
        failed = failed or check.status == "FAIL"
    if failed:
        raise typer.Exit(1)


# ------------------------------------------------------------------------------ feedback

VERDICT_CHOICES = "known|development|new_story|duplicate|irrelevant"


@app.command()
def mute(
    story_id: Annotated[int, typer.Argument(metavar="STORY", help="Story id to mute.")],
    duration: Annotated[
        str | None,
        typer.Option(
            "--for", help="Mute for this long (30m, 12h, 14d, 2w); default: until unmuted."
        ),
    ] = None,
) -> None:
    """Stop alerts about a story: its developments are still stored and shown in its timeline.

    A muted story that grows big (three developments since the mute) is alerted once, saying so.
    """
    from monitor.store.feedback import FeedbackError, parse_duration
    from monitor.store.feedback import mute as do_mute

    db = _database()
    try:
        length = parse_duration(duration) if duration else None
        with db.session() as session:
            state = do_mute(session, story_id, duration=length)
    except FeedbackError as exc:
        _fail(str(exc), code=1)
    typer.echo(f"story {story_id} {state.line()}")


@app.command()
def unmute(
    story_id: Annotated[int, typer.Argument(metavar="STORY", help="Story id to unmute.")],
) -> None:
    """Alert about a muted story again."""
    from monitor.store.feedback import FeedbackError
    from monitor.store.feedback import unmute as do_unmute

    db = _database()
    try:
        with db.session() as session:
            was = do_unmute(session, story_id)
    except FeedbackError as exc:
        _fail(str(exc), code=1)
    typer.echo(f"story {story_id} unmuted" if was else f"story {story_id} was not muted")


@app.command()
def correct(
    article_id: Annotated[
        int, typer.Argument(metavar="ARTICLE", help="Article id (shown by `monitor story ID`).")
    ],
    verdict: Annotated[
        str, typer.Option("--verdict", help=f"The right verdict: {VERDICT_CHOICES}.")
    ],
) -> None:
    """Store your verdict on an article the monitor judged wrong, with the features of its
    decision; shown in the story's timeline, exported by `monitor corrections --export`."""
    from monitor.store.feedback import FeedbackError
    from monitor.store.feedback import correct as do_correct

    db = _database()
    try:
        with db.session() as session:
            fix = do_correct(session, article_id, verdict)
    except FeedbackError as exc:
        _fail(str(exc), code=1)
    where = f" (story {fix.story_id})" if fix.story_id else ""
    typer.echo(f"article {article_id}{where}: {fix.verdict_was} corrected to {fix.verdict}")


@app.command()
def corrections(
    topic: Annotated[str | None, typer.Option("--topic", "-t", help="Only this topic.")] = None,
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            metavar="FILE",
            help="Write them as a labelled arc (JSONL, the shape of tests/scenarios/).",
        ),
    ] = None,
) -> None:
    """List your corrections, or export them to refit the story memory's decisions."""
    from monitor.store.feedback import FeedbackError, export_arc
    from monitor.store.feedback import corrections as list_corrections

    db = _database()
    try:
        with db.session() as session:
            found = list_corrections(session, topic)
            lines = export_arc(session, topic) if export is not None else []
    except FeedbackError as exc:
        _fail(str(exc), code=1)
    if export is not None:
        try:
            export.write_text(
                "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines),
                encoding="utf-8",
            )
        except OSError as exc:
            _fail(f"cannot write {export}: {exc.strerror}", code=1)
        articles = max(0, len(lines) - 1)
        typer.echo(
            f"wrote {len(found)} correction(s) and {articles - len(found)} article(s) of their "
            f"stories to {export}"
        )
        return
    if not found:
        typer.echo("no corrections yet")
        return
    for fix in found:
        typer.echo(
            f"article {fix.article_id:>6}  {fix.updated_at:%Y-%m-%d %H:%M}  "
            f"{fix.verdict_was} -> {fix.verdict}  [{fix.topic}] {fix.title}"
        )


@app.command()
def demo(
    pause: Annotated[float, typer.Option(help="Seconds between the demo's three stages.")] = 1.0,
    keep: Annotated[
        Path | None,
        typer.Option(help="Keep the demo's database and topics file in this directory."),
    ] = None,
) -> None:
    """Show what the monitor does, offline: a local news site publishes in three stages, the
    real pipeline follows it in a temporary database, and each alert is printed as it arrives."""
    from monitor.demo import run_demo

    try:
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
        outcome = run_demo(echo=typer.echo, pause=pause, workdir=keep)
    except MonitorError as exc:
        _fail(str(exc), code=1)
    if not outcome.ok:
        raise typer.Exit(1)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema to the newest migration (runs also at every start)."""
    from monitor.store import Database

    settings = _settings()
    try:
        db = Database(settings.resolved_database_url)
        db.upgrade()
        typer.echo(f"database at revision {db.current_revision()}")
    except MonitorError as exc:
        _fail(str(exc))


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
