"""Feedback and story pages without Prefect: story links in rendered alerts, `monitor story
--markdown/--html`, mute/unmute and corrections through the command line and real runs against
the local news site, and the corrections' export in the scenario suite's shape."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from monitor.alerts.render import Style, render, render_terminal, with_story_links
from monitor.cli import app
from monitor.config import Settings, load_topic
from monitor.pipeline import run_once
from monitor.replay import replay
from monitor.store import open_database
from monitor.store.feedback import WAKE_AFTER, parse_duration
from monitor.store.schema import AlertRow, StoryMute, StoryRow, VerdictRow
from tests.conftest import fetch_settings
from tests.scenario import JUNE, RATIFIED_DE, publish, topic_file, treaty_site
from tests.sitekit import NewsSite
from tests.targets import WebhookReceiver

runner = CliRunner()
TOPIC = "korea-test"
NOW = datetime(2026, 6, 20, 12, 0, tzinfo=UTC)


def development_payload(story_id: int = 7) -> dict[str, object]:
    return {
        "kind": "development",
        "topic": "korea-test",
        "topic_title": "Russia–North Korea (test)",
        "headline": "Duma billigt Bündnisvertrag",
        "url": "https://news.example/duma",
        "outlet": "Testpost",
        "published": "2026-06-20T09:00:00+00:00",
        "new_facts": ["Die Staatsduma hat den Vertrag ratifiziert."],
        "story": {"id": story_id, "title": "Beistandspakt", "started": "2026-06-19T09:00:00+00:00"},
        "command": f"monitor story {story_id}",
    }


# ---------------------------------------------------------------------------------- links


def test_an_alert_links_the_story_page_in_the_prefect_ui_when_it_is_known() -> None:
    payload = with_story_links(development_payload(), ui_url="http://127.0.0.1:4200/")
    message = render(payload, Style.MARKDOWN, now=NOW)
    link = "http://127.0.0.1:4200/artifacts/key/story-korea-test-7"
    assert f"Story page: [timeline of the story]({link})" in message.body
    assert "monitor story 7" not in message.body
    html = render(payload, Style.EMAIL, now=NOW).body
    assert f'<a href="{link}">timeline of the story</a>' in html
    assert link in render_terminal(payload, now=NOW)


def test_a_story_url_template_wins_and_without_either_the_command_is_named() -> None:
    payload = with_story_links(
        development_payload(),
        template="https://news.example.org/stories/{topic}/{id}?k={key}",
        ui_url="http://127.0.0.1:4200",
    )
    body = render(payload, Style.MARKDOWN, now=NOW).body
    assert "https://news.example.org/stories/korea-test/7?k=story-korea-test-7" in body
    plain = render(development_payload(), Style.MARKDOWN, now=NOW).body
    assert "Timeline: `monitor story 7`" in plain
    # a digest links each story's page
    digest = {
        "kind": "digest",
        "topic": "korea-test",
        "items": [development_payload(7), development_payload(9)],
    }
    text = render(with_story_links(digest, ui_url="http://ui"), Style.TEXT, now=NOW).body
    assert "http://ui/artifacts/key/story-korea-test-7" in text
    assert "http://ui/artifacts/key/story-korea-test-9" in text


def test_settings_read_prefect_ui_url_and_check_the_template(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PREFECT_UI_URL", "http://127.0.0.1:4200")
    assert Settings(_env_file=None).prefect_ui_url == "http://127.0.0.1:4200"  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="MONITOR_STORY_URL"):
        Settings(_env_file=None, story_url="https://x.example/{story}")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="MONITOR_STORY_URL"):
        Settings(_env_file=None, story_url="https://x.example/static")  # type: ignore[call-arg]


def test_durations() -> None:
    assert parse_duration("14d") == timedelta(days=14)
    assert parse_duration("12h") == timedelta(hours=12)
    assert parse_duration("2w") == timedelta(weeks=2)
    for bad in ("", "14", "0d", "soon", "-3d"):
        with pytest.raises(Exception, match="not a duration"):
            parse_duration(bad)


# ------------------------------------------------------------------- CLI and real runs


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with treaty_site() as running:
        yield running


@pytest.fixture
def env(
    tmp_path: Path, site: NewsSite, monkeypatch: pytest.MonkeyPatch
) -> Iterator[WebhookReceiver]:
    """The CLI's environment: a SQLite file, the site's topics file and a webhook target."""
    topics = tmp_path / "topics.toml"
    topic_file(str(topics), site)
    monkeypatch.chdir(tmp_path)
    for key in [k for k in os.environ if k.startswith("MONITOR_") or k == "PREFECT_UI_URL"]:
        monkeypatch.delenv(key)
    with WebhookReceiver() as hook:
        monkeypatch.setenv("MONITOR_DATABASE_URL", f"sqlite:///{tmp_path}/monitor.db")
        monkeypatch.setenv("MONITOR_TOPICS_FILE", str(topics))
        monkeypatch.setenv("MONITOR_APPRISE_URLS", hook.url)
        yield hook


def settings() -> Settings:
    return fetch_settings(
        database_url=os.environ["MONITOR_DATABASE_URL"],
        topics_file=Path(os.environ["MONITOR_TOPICS_FILE"]),
        apprise_urls=os.environ["MONITOR_APPRISE_URLS"],
        extract_workers=0,
    )


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def only_story() -> int:
    db = open_database(os.environ["MONITOR_DATABASE_URL"])
    try:
        with db.session() as session:
            return session.scalars(select(StoryRow.id)).one()
    finally:
        db.dispose()


def test_a_muted_story_is_followed_but_not_alerted_and_unmute_alerts_again(
    env: WebhookReceiver, site: NewsSite
) -> None:
    run_once(settings(), TOPIC)
    assert len(env.posts) == 1  # the new story
    story = only_story()

    out = cli("mute", str(story), "--for", "14d")
    assert f"story {story} muted on" in out and "until" in out
    publish(site, RATIFIED_DE, feed="politik", at=JUNE + timedelta(days=120), slug="duma")
    report = run_once(settings(), TOPIC)
    assert report.verdicts == {"development": 1}
    assert report.alerts_created == 0 and len(env.posts) == 1  # stored, not alerted

    timeline = cli("story", str(story))
    assert "Duma billigt Bündnisvertrag mit Nordkorea" in timeline
    assert "10.000" in timeline  # its new facts are in the timeline
    assert "Muted: muted on" in timeline
    page = cli("story", str(story), "--markdown")
    assert page.startswith(f"# Story {story}: ")
    assert "> **Muted: muted on" in page

    assert f"story {story} unmuted" in cli("unmute", str(story))
    assert f"story {story} was not muted" in cli("unmute", str(story))
    assert "Muted" not in cli("story", str(story))
    later = {**RATIFIED_DE, "title": "Föderationsrat billigt Vertrag mit Nordkorea"}
    later["paragraphs"] = [
        "Nach der Duma hat auch der russische Föderationsrat den Vertrag mit Nordkorea "
        "gebilligt; Putin unterzeichnete das Gesetz am Abend.",
        "Damit tritt das Abkommen über militärischen Beistand in Kraft.",
    ]
    publish(site, later, feed="politik", at=JUNE + timedelta(days=130), slug="rat")
    report = run_once(settings(), TOPIC)
    assert report.verdicts == {"development": 1}
    assert len(env.posts) == 2  # unmuted: alerted again


def test_mute_and_correct_refuse_what_does_not_exist(env: WebhookReceiver) -> None:
    for args, words in (
        (["mute", "99"], "no story 99"),
        (["unmute", "99"], "no story 99"),
        (["mute", "1", "--for", "soon"], "not a duration"),
        (["correct", "99", "--verdict", "known"], "no article 99"),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, result.output
        assert words in result.output
    run_once(settings(), TOPIC)
    wrong = runner.invoke(app, ["correct", "1", "--verdict", "great"])
    assert wrong.exit_code == 1 and "verdict must be one of" in wrong.output


def test_a_muted_story_that_grows_big_says_so_once(tmp_path: Path) -> None:
    from monitor.alerts.outbox import enqueue
    from monitor.store.feedback import mute
    from monitor.store.schema import ArticleRow
    from tests.scenario import topic_file as write_topics

    class _Site:
        def feed_url(self, name: str) -> str:
            return f"http://127.0.0.1:9/{name}.xml"

    write_topics(str(tmp_path / "t.toml"), _Site())  # type: ignore[arg-type]
    topic = load_topic(tmp_path / "t.toml", TOPIC)
    db = open_database(f"sqlite:///{tmp_path}/m.db")
    with db.session() as session:
        story = StoryRow(topic=TOPIC, title="Beistandspakt", created_at=NOW, updated_at=NOW)
        session.add(story)
        session.flush()
        mute(session, story.id, now=NOW)
        alerted = []
        for n in range(WAKE_AFTER + 2):
            at = NOW + timedelta(days=n + 1)
            article = ArticleRow(topic=TOPIC, url=f"https://x.example/{n}", title=f"Schritt {n}")
            session.add(article)
            session.flush()
            verdict = VerdictRow(
                topic=TOPIC,
                article_id=article.id,
                kind="development",
                story_id=story.id,
                new_facts=[f"Fakt {n}"],
                decided_at=at,
            )
            session.add(verdict)
            session.flush()
            alert = enqueue(session, topic, article=article, verdict=verdict, story=story, now=at)
            alerted.append(alert)
        woke = [a for a in alerted if a is not None]
        assert len(woke) == 1 and alerted.index(woke[0]) == WAKE_AFTER - 1
        assert "You muted this story" in woke[0].payload["muted_note"]
        text = render(woke[0].payload, Style.TEXT, now=NOW + timedelta(days=9)).body
        assert "has had 3 developments since, so this one is shown once" in text
        assert session.get(StoryMute, story.id).woke_at is not None  # type: ignore[union-attr]
        assert session.scalar(select(AlertRow.id).where(AlertRow.story_id == story.id))
    db.dispose()


def test_corrections_are_shown_and_exported_as_a_labelled_arc(
    env: WebhookReceiver, site: NewsSite, tmp_path: Path
) -> None:
    run_once(settings(), TOPIC)
    publish(site, RATIFIED_DE, feed="politik", at=JUNE + timedelta(days=120), slug="duma")
    run_once(settings(), TOPIC)
    story = only_story()
    db = open_database(os.environ["MONITOR_DATABASE_URL"])
    with db.session() as session:
        rows = {v.kind: v for v in session.scalars(select(VerdictRow))}
    db.dispose()
    development = rows["development"]

    out = cli("correct", str(development.article_id), "--verdict", "known")
    assert (
        f"article {development.article_id} (story {story}): development corrected to known" in out
    )
    # a second correction replaces the first
    cli("correct", str(development.article_id), "--verdict", "known")
    listed = cli("corrections")
    assert listed.count("development -> known") == 1
    page = cli("story", str(story))
    assert "Corrected by you on" in page and "known (the monitor said development)" in page
    html = cli("story", str(story), "--html")
    assert html.startswith("<!DOCTYPE html>") and "Corrected by you on" in html
    assert "Duma billigt Bündnisvertrag mit Nordkorea" in html

    target = tmp_path / "corrections.jsonl"
    out = cli("corrections", "--export", str(target))
    assert "wrote 1 correction(s)" in out
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    header, articles = lines[0], lines[1:]
    assert header["topic"] == TOPIC and header["arc"].startswith("corrections-")
    corrected = [a for a in articles if a["expect"]["source"] == "user"]
    assert len(corrected) == 1
    fix = corrected[0]
    assert fix["expect"]["verdict"] == "known"
    assert fix["correction"]["verdict_was"] == "development"
    assert "story_probability" in fix["correction"]["scores"]  # the decision's features
    assert fix["expect"]["story"] == f"story-{story}"
    # the story's earlier reports come along, labelled with the monitor's verdicts, in order
    assert articles[0]["expect"] == {
        "verdict": "new_story",
        "why": "the monitor's verdict, left standing",
        "source": "monitor",
        "story": f"story-{story}",
    }
    times = [a["published"] for a in articles]
    assert times == sorted(times)
    for article in articles:
        assert {"id", "published", "lang", "title", "text", "expect"} <= set(article)
        assert article["id"].startswith(header["arc"] + "-")
    # the file replays as the scenario suite's arcs do
    source, out_file = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    summary = replay(source, out_file, load_topic(Path(os.environ["MONITOR_TOPICS_FILE"]), TOPIC))
    assert summary.errors == 0


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("mute", ["STORY", "--for", "14d"]),
        ("unmute", ["STORY"]),
        ("correct", ["ARTICLE", "--verdict", "new_story"]),
        ("corrections", ["--export", "--topic"]),
        ("story", ["--markdown", "--html"]),
        ("demo", ["--pause", "--keep", "offline"]),
    ],
)
def test_the_feedback_commands_explain_themselves(command: str, words: list[str]) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for word in words:
        assert word in result.output
