"""`monitor demo`: what the monitor does, offline, in under a minute.

A small news site of three made-up outlets (articles in `articles.toml`, German and English,
written for this project) runs on 127.0.0.1 and publishes in three stages: a first report and an
unrelated piece; a wire copy and a background piece; a development. After each stage the real
pipeline (`monitor.pipeline.run_once`: feeds, fetch, extraction, relevance, story memory, outbox,
delivery) runs against it with a temporary database, and every alert is printed as it would
arrive. At the end the story's timeline is printed, and how to follow real sources.
"""

from __future__ import annotations

import email.utils
import html
import logging
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any

from monitor.config import Settings
from monitor.models import RunReport

STAGES = 3


@dataclass(frozen=True, slots=True)
class DemoArticle:
    stage: int
    role: str
    outlet: str
    slug: str
    published: datetime
    title: str
    language: str
    paragraphs: tuple[str, ...]


@dataclass(slots=True)
class DemoOutcome:
    """What the demo's runs decided: (role, verdict) per article, alerts per kind."""

    verdicts: list[tuple[str, str]] = field(default_factory=list)
    alerts: dict[str, int] = field(default_factory=dict)
    story_ids: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def load_news(
    start: datetime,
) -> tuple[dict[str, Any], dict[str, dict[str, str]], list[DemoArticle]]:
    """The demo's topic, outlets and articles; publication times count from `start`."""
    data = tomllib.loads(
        resources.files("monitor.demo").joinpath("articles.toml").read_text(encoding="utf-8")
    )
    outlets = {o["slug"]: o for o in data["outlet"]}
    articles = [
        DemoArticle(
            stage=int(a["stage"]),
            role=a["role"],
            outlet=a["outlet"],
            slug=a["slug"],
            published=start + timedelta(hours=float(a["hours"])),
            title=a["title"],
            language=outlets[a["outlet"]]["language"],
            paragraphs=tuple(a["paragraphs"]),
        )
        for a in data["article"]
    ]
    return data["topic"], outlets, articles


# --------------------------------------------------------------------------- the news site


class DemoSite:
    """The outlets' feeds and article pages on 127.0.0.1; only articles of stages reached so
    far exist."""

    def __init__(self, outlets: dict[str, dict[str, str]], articles: list[DemoArticle]) -> None:
        self.outlets = outlets
        self.articles = articles
        self.stage = 0
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, body, kind = site.respond(self.path)
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="monitor-demo-site", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def feed_url(self, outlet: str) -> str:
        return f"{self.base_url}/{outlet}/feed.xml"

    def article_url(self, article: DemoArticle) -> str:
        return f"{self.base_url}/{article.outlet}/news/{article.slug}.html"

    def __enter__(self) -> DemoSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def published(self, outlet: str | None = None) -> list[DemoArticle]:
        return [
            a
            for a in self.articles
            if a.stage <= self.stage and (outlet is None or a.outlet == outlet)
        ]

    def respond(self, path: str) -> tuple[int, str, str]:
        path = path.split("?", 1)[0]
        if path == "/robots.txt":
            return 200, "User-agent: *\nAllow: /\n", "text/plain; charset=utf-8"
        parts = path.strip("/").split("/")
        if len(parts) == 2 and parts[1] == "feed.xml" and parts[0] in self.outlets:
            return 200, self._feed(parts[0]), "application/rss+xml; charset=utf-8"
        if len(parts) == 3 and parts[1] == "news" and parts[2].endswith(".html"):
            slug = parts[2].removesuffix(".html")
            for article in self.published(parts[0]):
                if article.slug == slug:
                    return 200, self._page(article), "text/html; charset=utf-8"
        return 404, "not found", "text/plain; charset=utf-8"

    def _feed(self, outlet: str) -> str:
        e = html.escape
        info = self.outlets[outlet]
        items = sorted(self.published(outlet), key=lambda a: a.published, reverse=True)
        entries = "".join(
            f"""
    <item>
      <title>{e(a.title)}</title>
      <link>{e(self.article_url(a))}</link>
      <guid isPermaLink="false">demo-{e(a.slug)}</guid>
      <pubDate>{email.utils.format_datetime(a.published)}</pubDate>
      <description>{e(a.paragraphs[0])}</description>
    </item>"""
            for a in items
        )
        return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>{e(info["name"])}</title>
    <link>{e(self.base_url)}/{outlet}/</link>
    <description>{e(info["name"])}</description>
    <language>{e(info["language"])}</language>{entries}
  </channel>
</rss>
"""

    def _page(self, a: DemoArticle) -> str:
        e = html.escape
        name = self.outlets[a.outlet]["name"]
        paragraphs = "\n".join(f"      <p>{e(p)}</p>" for p in a.paragraphs)
        return f"""<!DOCTYPE html>
<html lang="{a.language}">
<head>
  <meta charset="utf-8">
  <title>{e(a.title)} | {e(name)}</title>
  <link rel="canonical" href="{e(self.article_url(a))}">
  <meta property="og:site_name" content="{e(name)}">
  <meta property="og:title" content="{e(a.title)}">
  <meta property="article:published_time" content="{a.published.isoformat()}">
</head>
<body>
  <header><nav><a href="/{a.outlet}/">{e(name)}</a></nav></header>
  <main>
    <article>
      <h1>{e(a.title)}</h1>
      <p class="byline"><time datetime="{a.published.isoformat()}">{a.published:%d.%m.%Y %H:%M}</time></p>
{paragraphs}
    </article>
  </main>
  <footer><a href="/{a.outlet}/impressum">Impressum</a></footer>
</body>
</html>
"""


# ------------------------------------------------------------------------------- the demo


def topics_toml(topic: dict[str, Any], outlets: dict[str, dict[str, str]], site: DemoSite) -> str:
    aliases = "\n".join(
        f"{name} = [{', '.join(repr(s).replace(chr(39), chr(34)) for s in spellings)}]"
        for name, spellings in topic["aliases"].items()
    )
    sources = "\n".join(
        f"""
[[topic.sources]]
kind = "rss"
name = "{slug}"
url = "{site.feed_url(slug)}"
language = "{info["language"]}"
"""
        for slug, info in outlets.items()
    )
    return f'''[[topic]]
name = "{topic["name"]}"
title = "{topic["title"]}"
languages = ["de", "en"]

[topic.relevance]
query = '{topic["query"]}'

[topic.relevance.aliases]
{aliases}

[topic.alerts]
min_severity = "development"
{sources}'''


def demo_settings(workdir: Path) -> Settings:
    """Settings of the demo alone: its database and topics file, loopback fetching allowed,
    alerts printed (whatever MONITOR_* variables or .env the user has)."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=workdir,
        database_url=f"sqlite:///{(workdir / 'demo.db').as_posix()}",
        topics_file=workdir / "topics.toml",
        apprise_urls="",
        apprise_config=None,
        apprise_secret_block=None,
        fetch_allow="127.0.0.1",
        fetch_host_delay=0.0,
        fetch_retries=1,
        extract_workers=0,
        max_articles=None,
        timezone="UTC",
        story_url=None,
        prefect_ui_url=None,
        dask_address=None,
    )


NEXT_STEPS = """\
To follow real news instead:
  1. list your sources and what counts as relevant in a topics file (the bundled
     monitor/topics/topics.toml is a complete example; `monitor topics --file FILE` checks it),
     and point MONITOR_TOPICS_FILE at it;
  2. put chat or e-mail targets in MONITOR_APPRISE_URLS (`monitor test-alert` tries them);
     without one, alerts are printed as above;
  3. `monitor run --topic NAME` for one pass, `monitor serve` to run every topic on its
     schedule with Prefect (the README says how).
"""


def run_demo(
    echo: Callable[[str], None] = print, *, pause: float = 1.0, workdir: Path | None = None
) -> DemoOutcome:
    """Run the demo, printing through `echo`; returns what was decided and alerted."""
    quiet = logging.getLogger("monitor")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # the demo says what happened; warnings would repeat it
    try:
        return _run(echo, pause, workdir)
    finally:
        quiet.setLevel(level)


def _run(echo: Callable[[str], None], pause: float, workdir: Path | None) -> DemoOutcome:
    from monitor.pipeline import run_once
    from monitor.store import open_database
    from monitor.store.stories import story_page_data
    from monitor.storypage import render_text

    # the first report at 07:00 UTC three days ago: the same hours of the day on every run, so
    # the story memory (which counts days) decides alike whenever the demo is run
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    start = today - timedelta(days=3) + timedelta(hours=7)
    topic, outlets, articles = load_news(start)
    outcome = DemoOutcome()
    began = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="monitor-demo-") as scratch,
        DemoSite(outlets, articles) as site,
    ):
        where = workdir or Path(scratch)
        settings = demo_settings(where)
        settings.topics_file.write_text(topics_toml(topic, outlets, site), encoding="utf-8")
        echo(
            f"newsmonitor demo: three outlets on {site.base_url} publish a story in three "
            "stages;\nthe real pipeline follows them into a temporary database "
            "(nothing leaves this machine).\n"
        )
        for stage in range(1, STAGES + 1):
            if stage > 1 and pause > 0:
                time.sleep(pause)
            site.stage = stage
            new = [a for a in site.published() if a.stage == stage]
            echo(
                f"━━ Stage {stage}: "
                + ", ".join(f"{a.role} ({outlets[a.outlet]['name']})" for a in new)
            )
            alerts: list[str] = []
            report = run_once(settings, topic["name"], echo=alerts.append)
            _say_stage(echo, report, new, alerts, outcome)
        db = open_database(settings.resolved_database_url)
        try:
            with db.session() as session:
                pages = [story_page_data(session, i) for i in outcome.story_ids]
        finally:
            db.dispose()
        for page in pages:
            if page is not None:
                echo(
                    "━━ The story's timeline (`monitor story ID`; `--markdown` and `--html` too)\n"
                )
                echo(render_text(page))
        echo(f"Demo done in {time.monotonic() - began:.0f} s.\n")
        if workdir is not None:
            echo(
                f"Its database is kept: MONITOR_DATABASE_URL={settings.resolved_database_url} "
                "monitor story 1 --html > story.html\n"
            )
        echo(NEXT_STEPS)
    return outcome


def _say_stage(
    echo: Callable[[str], None],
    report: RunReport,
    new: list[DemoArticle],
    alerts: list[str],
    outcome: DemoOutcome,
) -> None:
    roles = {a.title: a.role for a in new}
    for decision in report.decisions:
        verdict = decision.verdict.kind.value
        outcome.verdicts.append((roles.get(decision.title, "?"), verdict))
        story = decision.verdict.story_id
        if story is not None and story not in outcome.story_ids and verdict == "new_story":
            outcome.story_ids.append(story)
        echo(f"   {verdict:<12} {decision.title} ({decision.site or decision.source})")
    for failure in report.failures:
        outcome.errors.append(f"{failure.stage} {failure.item}: {failure.reason}")
        echo(f"   error: {failure.stage} {failure.item}: {failure.reason}")
    for text in alerts:
        first = text.split("\n", 1)[0]
        kind = (
            "development"
            if "Update: " in first
            else "new_story"
            if "New story: " in first
            else "other"
        )
        outcome.alerts[kind] = outcome.alerts.get(kind, 0) + 1
    if not alerts:
        echo("   no alert: nothing new\n")
        return
    echo("")
    for text in alerts:
        echo("   " + text.rstrip("\n").replace("\n", "\n   ") + "\n")
