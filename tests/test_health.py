"""Source health against a real local news site, real SQLite and real alert targets (a json://
webhook server and an aiosmtpd SMTP server): a feed that starts answering 404 or stops listing
anything new is reported once after its threshold, reminded at most weekly, and announced when
it works again; a failed run is announced with its reason; a dead source never blocks the rest."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from monitor.alerts.render import Limits, Style, render
from monitor.config import Settings, load_topics
from monitor.errors import AnalysisFailed, ConfigError
from monitor.pipeline import RunOptions, run_once
from monitor.store import open_database
from tests.scenario import JUNE, RATIFIED_DE, TREATY_EN, publish, topic_file, treaty_site
from tests.sitekit import NewsSite, Reply
from tests.targets import WebhookReceiver
from tests.test_alerts_kit import SmtpInbox
from tests.test_cli import monitor
from tests.test_run_failures import corrupt_db_memory

POLITIK = "/feeds/politik.xml"
EMPTY_RSS = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
    "<title>Testpost Politik</title><link>http://127.0.0.1/</link><description>x</description>"
    "</channel></rss>"
)


@dataclass
class Rig:
    site: NewsSite
    hook: WebhookReceiver
    inbox: SmtpInbox
    settings: Settings
    tmp: Path

    @property
    def db_path(self) -> Path:
        return self.tmp / "data" / "monitor.db"

    def run(self) -> Any:
        return run_once(self.settings, "korea-test", options=RunOptions())

    def maintenance_posts(self) -> list[dict[str, Any]]:
        return [p for p in self.hook.posts if "Maintenance" in p.get("title", "")]

    def recovery_posts(self) -> list[dict[str, Any]]:
        return [p for p in self.hook.posts if "Recovered" in p.get("title", "")]

    def mails(self, word: str) -> list[EmailMessage]:
        return [m for m in self.inbox.messages if word in str(m["Subject"])]

    def sql(self, statement: str) -> None:
        with sqlite3.connect(self.db_path) as conn:
            conn.execute(statement)

    def env(self) -> dict[str, str]:
        import os

        env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
        env.update(
            MONITOR_DATA_DIR=str(self.tmp / "data"),
            MONITOR_TOPICS_FILE=str(self.settings.topics_file),
            MONITOR_APPRISE_URLS=self.settings.apprise_urls,
            MONITOR_TIMEZONE=self.settings.timezone,
        )
        return env


def health(rig: Rig) -> list[Any]:
    from monitor.store.health import health_rows

    db = open_database(rig.settings.resolved_database_url)
    try:
        with db.session() as session:
            rows = health_rows(session, "korea-test")
            session.expunge_all()
            return rows
    finally:
        db.dispose()


def make_rig(tmp_path: Path, site: NewsSite, hook: WebhookReceiver, inbox: SmtpInbox, extra: str):
    topics = tmp_path / "topics.toml"
    topic_file(str(topics), site, extra=extra)
    settings = Settings(
        data_dir=tmp_path / "data",
        topics_file=topics,
        apprise_urls=f"{hook.url} {inbox.url()}",
        fetch_allow="127.0.0.1",
        fetch_host_delay=0,
        fetch_retries=0,
        fetch_backoff=0.01,
        extract_workers=0,
        timezone="Europe/Berlin",
    )
    return Rig(site, hook, inbox, settings, tmp_path)


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    with treaty_site() as site, WebhookReceiver() as hook, SmtpInbox() as inbox:
        yield make_rig(tmp_path, site, hook, inbox, "[topic.health]\nmax_failures = 3\n")


def test_a_feed_that_answers_404_is_reported_once_after_the_threshold_then_recovers(
    rig: Rig,
) -> None:
    first = rig.run()
    assert first.stored == 3 and not rig.maintenance_posts()

    rig.site.fault(POLITIK, Reply.error(404))
    for _ in range(2):  # below the threshold: nothing said yet
        report = rig.run()
        assert any(f.item == "testpost-politik" for f in report.failures)
    assert rig.maintenance_posts() == [] and rig.mails("Maintenance") == []

    # the other feed goes on: a new English article during the outage is stored and alerted
    publish(
        rig.site, TREATY_EN | {"title": "Pyongyang confirms the Russia treaty in force"},
        feed="world", at=JUNE + timedelta(days=2), slug="treaty-in-force",
    )  # fmt: skip
    third = rig.run()  # the third failed run in a row
    assert third.stored == 1
    assert len(rig.maintenance_posts()) == 1
    assert len(rig.mails("Maintenance")) == 1
    post = rig.maintenance_posts()[0]
    assert (
        post["title"]
        == "[Russia–North Korea (test)] Maintenance: source 'testpost-politik' is down"
    )
    assert "failed in 3 runs in a row" in post["message"]
    assert "Last error: http 404" in post["message"]
    assert "monitor sources --topic korea-test" in post["message"]
    mail = rig.mails("Maintenance")[0]
    html = mail.get_body(("html",))
    assert html is not None and "failed in 3 runs in a row" in html.get_content()

    for _ in range(2):  # still down: not said again within the week
        rig.run()
    assert len(rig.maintenance_posts()) == 1 and len(rig.mails("Maintenance")) == 1

    listed = monitor("sources", "--topic", "korea-test", env=rig.env(), cwd=rig.tmp)
    assert listed.returncode == 1, listed.stderr  # a source is down
    line = next(x for x in listed.stdout.splitlines() if "testpost-politik" in x)
    assert " down " in line and "5/3" in line and "http 404" in line
    world = next(x for x in listed.stdout.splitlines() if "testpost-world" in x)
    assert " ok " in world

    # a week later it is still down: one reminder
    rig.sql("UPDATE source_health SET alerted_at = datetime(alerted_at, '-8 days')")
    rig.run()
    rig.run()
    assert len(rig.maintenance_posts()) == 2
    assert "is still down" in rig.maintenance_posts()[1]["title"]

    # the feed is back with a new article: one recovery message, then silence
    rig.site.clear_faults()
    publish(rig.site, RATIFIED_DE, feed="politik", at=JUNE + timedelta(days=90), slug="duma")
    rig.run()
    rig.run()
    assert len(rig.recovery_posts()) == 1 and len(rig.mails("Recovered")) == 1
    recovered = rig.recovery_posts()[0]
    assert recovered["title"] == (
        "[Russia–North Korea (test)] Recovered: source 'testpost-politik' works again"
    )
    assert "works again" in recovered["message"]
    assert len(rig.maintenance_posts()) == 2
    listed = monitor("sources", "--topic", "korea-test", env=rig.env(), cwd=rig.tmp)
    assert listed.returncode == 0, listed.stdout
    line = next(x for x in listed.stdout.splitlines() if "testpost-politik" in x)
    assert " ok " in line and "0/3" in line
    assert "(times Europe/Berlin)" in listed.stdout


def test_an_emptied_feed_is_reported_quiet_after_its_days_and_recovers(rig: Rig) -> None:
    rig.run()
    empty = Reply.text(EMPTY_RSS, content_type="application/rss+xml; charset=utf-8")
    rig.site.route(POLITIK, empty)
    rig.run()
    assert not rig.maintenance_posts()
    # as if the last new article of the feed were eight days old (the default is seven)
    rig.sql(
        "UPDATE source_health SET last_new_at = datetime('now', '-8 days'), "
        "tracked_since = datetime('now', '-30 days') WHERE source = 'testpost-politik'"
    )
    rig.run()
    rig.run()
    quiet = rig.maintenance_posts()
    assert len(quiet) == 1, [p["title"] for p in rig.hook.posts]
    assert quiet[0]["title"].endswith(
        "Maintenance: source 'testpost-politik' has found nothing new for 7 days"
    )
    assert "lists nothing new" in quiet[0]["message"]
    assert len(rig.mails("Maintenance")) == 1

    # the world feed lists nothing new either, but recently did: it is fine
    states = {r.source: r.status for r in health(rig)}
    assert states == {"testpost-politik": "quiet", "testpost-world": "ok", "": "ok"}

    del rig.site._routes[POLITIK]
    publish(rig.site, RATIFIED_DE, feed="politik", at=JUNE + timedelta(days=90), slug="duma")
    rig.run()
    assert len(rig.recovery_posts()) == 1
    assert "lists new articles again" in rig.recovery_posts()[0]["message"]


def test_a_failed_run_is_announced_once_with_its_reason_and_its_recovery(
    tmp_path: Path,
) -> None:
    with treaty_site() as site, WebhookReceiver() as hook, SmtpInbox() as inbox:
        everything = "query = '\"north korea\" OR russia OR zwickau'"
        rig = make_rig(tmp_path, site, hook, inbox, "")
        topics = rig.settings.topics_file
        topics.write_text(
            topics.read_text("utf-8").replace("query = '\"north korea\" AND russia'", everything),
            encoding="utf-8",
        )
        rig.db_path.parent.mkdir(parents=True)
        corrupt_db_memory(rig.db_path)
        with pytest.raises(AnalysisFailed):
            rig.run()
        posts = rig.maintenance_posts()
        assert len(posts) == 1 and len(rig.mails("Maintenance")) == 1
        assert posts[0]["title"] == "[Russia–North Korea (test)] Maintenance: a run failed"
        assert (
            "Reason: AnalysisFailed: analysis failed for 3 of 3 article(s)" in posts[0]["message"]
        )
        rig.sql("UPDATE url_failures SET next_attempt_at = '2000-01-01 00:00:00.000000'")
        with pytest.raises(AnalysisFailed):
            rig.run()
        assert len(rig.maintenance_posts()) == 1  # the second failure in a row: nothing new

        rig.sql("DELETE FROM memory_topics")
        rig.sql("UPDATE url_failures SET next_attempt_at = '2000-01-01 00:00:00.000000'")
        done = rig.run()
        assert done.stored == 3
        assert [p["title"] for p in rig.recovery_posts()] == [
            "[Russia–North Korea (test)] Recovered: runs complete again"
        ]
        assert len(rig.mails("Recovered")) == 1


def test_maintenance_alerts_go_to_the_targets_of_alert_tags(tmp_path: Path) -> None:
    with treaty_site() as site, WebhookReceiver() as news, WebhookReceiver() as ops:
        config = tmp_path / "apprise.txt"
        config.write_text(f"korea={news.url}\nops={ops.url}\n", encoding="utf-8")
        topics = tmp_path / "topics.toml"
        topic_file(
            str(topics), site,
            extra='tags = ["korea"]\n[topic.health]\nmax_failures = 1\nalert_tags = ["ops"]\n',
        )  # fmt: skip
        settings = Settings(
            data_dir=tmp_path / "data",
            topics_file=topics,
            apprise_config=config,
            fetch_allow="127.0.0.1",
            fetch_host_delay=0,
            fetch_retries=0,
            extract_workers=0,
        )
        site.fault(POLITIK, Reply.error(500))
        run_once(settings, "korea-test")
        assert news.posts and all("Maintenance" not in p["title"] for p in news.posts)
        assert [p["title"] for p in ops.posts] == [
            "[Russia–North Korea (test)] Maintenance: source 'testpost-politik' is down"
        ]


def test_doctor_fails_maintenance_tags_no_target_carries(rig: Rig) -> None:
    topics = rig.settings.topics_file
    topics.write_text(
        topics.read_text("utf-8").replace(
            "[topic.health]\n", '[topic.health]\nalert_tags = ["ops"]\n'
        ),
        encoding="utf-8",
    )
    checked = monitor("doctor", env=rig.env(), cwd=rig.tmp)
    assert checked.returncode == 1
    assert (
        "FAIL maintenance alert routing of topic 'korea-test': no target carries a tag of "
        "[topic.health] alert_tags (ops)" in checked.stdout
    )


def test_a_maintenance_alert_is_not_held_for_the_digest_of_news(tmp_path: Path) -> None:
    with treaty_site() as site, WebhookReceiver() as hook, SmtpInbox() as inbox:
        extra = 'mode = "digest"\ndigest_at = "08:00"\n[topic.health]\nmax_failures = 1\n'
        rig = make_rig(tmp_path, site, hook, inbox, extra)
        site.fault(POLITIK, Reply.error(404))
        report = rig.run()
        assert report.alerts_created == 1  # the English report waits for the 08:00 digest
        assert [p["title"] for p in hook.posts] == [
            "[Russia–North Korea (test)] Maintenance: source 'testpost-politik' is down"
        ]


def test_a_dry_run_records_no_health(rig: Rig) -> None:
    rig.site.fault(POLITIK, Reply.error(404))
    for _ in range(4):
        run_once(rig.settings, "korea-test", options=RunOptions(dry_run=True))
    assert health(rig) == []
    assert not rig.maintenance_posts()


def test_health_settings_are_checked_with_the_topic_file(tmp_path: Path) -> None:
    with treaty_site() as site:
        topics = tmp_path / "topics.toml"
        topic_file(
            str(topics), site,
            extra="[topic.health]\nmax_failures = 0\nquiet_days = { rsss = 3 }\n"
            'remind_days = 0\nalert_tags = ["on call"]\n',
        )  # fmt: skip
        with pytest.raises(ConfigError) as caught:
            load_topics(topics)
    problems = "\n".join(caught.value.problems)
    assert "field 'health.max_failures'" in problems
    assert "field 'health.quiet_days" in problems and "rsss" in problems
    assert "field 'health.remind_days'" in problems
    assert "field 'health.alert_tags'" in problems and "'on call'" in problems


def test_health_defaults_and_per_kind_quiet_days(tmp_path: Path) -> None:
    with treaty_site() as site:
        topics = tmp_path / "topics.toml"
        topic_file(str(topics), site)
        topic = load_topics(topics)["korea-test"]
        assert topic.health.max_failures == 8
        assert topic.health.quiet_days_for("rss") == 7
        assert topic.health.remind_days == 7
        topic_file(str(topics), site, extra="[topic.health]\nquiet_days = { sitemap = 2 }\n")
        topic = load_topics(topics)["korea-test"]
        assert topic.health.quiet_days_for("sitemap") == 2
        assert topic.health.quiet_days_for("rss") == 7
        text = topics.read_text("utf-8").replace(
            'name = "testpost-politik"', 'name = "testpost-politik"\nquiet_days = 30'
        )
        topics.write_text(text, encoding="utf-8")
        topic = load_topics(topics)["korea-test"]
        from monitor.health import quiet_days

        by_name = {s.name: quiet_days(topic, s) for s in topic.sources}
        assert by_name == {"testpost-politik": 30, "testpost-world": 7}


# ---------------------------------------------------------------------------- rendering

DOWN = {
    "v": 1,
    "kind": "maintenance",
    "topic": "korea-test",
    "topic_title": "Russia–North Korea",
    "event": "problem",
    "problem": "down",
    "subject": "source",
    "source": "tagesschau-ausland",
    "source_kind": "rss",
    "source_url": "https://www.tagesschau.de/ausland/index~rss2.xml",
    "failures": 8,
    "max_failures": 8,
    "quiet_days": 7.0,
    "remind_days": 7.0,
    "last_error": "http 404",
    "run_id": 812,
    "since": "2026-12-01T17:00:00+00:00",
    "last_ok": "2026-11-29T15:45:00+00:00",
    "last_new": "2026-11-29T15:45:00+00:00",
    "checked": "2026-12-01T17:00:00+00:00",
    "command": "monitor sources --topic korea-test",
}


def rendered(payload: dict[str, Any], style: Style) -> str:
    message = render(
        payload,
        style,
        limits=Limits(),
        timezone="Europe/Berlin",
        now=datetime(2026, 12, 1, 17, 0, tzinfo=UTC),
    )
    return f"{message.title}\n\n{message.body}"


def test_maintenance_and_recovery_messages_render_for_chat_and_email() -> None:
    from monitor.alerts.maintenance import headline

    down = DOWN | {"headline": headline(DOWN)}
    chat = rendered(down, Style.MARKDOWN)
    assert chat.startswith("[Russia–North Korea] Maintenance: source 'tagesschau-ausland' is down")
    assert "failed in 8 runs in a row" in chat and "29 Nov 2026, 16:45 CET" in chat
    assert "`monitor sources --topic korea-test`" in chat
    mail = rendered(down, Style.EMAIL)
    assert "<p><b>The source tagesschau-ausland (rss) failed in 8 runs in a row.</b></p>" in mail
    recovered = rendered(DOWN | {"event": "recovered"}, Style.MARKDOWN)
    assert recovered.startswith(
        "[Russia–North Korea] Recovered: source 'tagesschau-ausland' works again"
    )
    run = DOWN | {"subject": "run", "problem": "failed", "last_error": "AnalysisFailed: boom"}
    assert "Reason: AnalysisFailed: boom" in rendered(run, Style.TEXT)
    # a source name can not change the formatting
    hostile = DOWN | {"source": "evil](http://x) **bold**"}
    body = rendered(hostile, Style.MARKDOWN).split("\n\n", 1)[1]
    assert "](http://x)" not in body and "evil\\]\\(http://x\\)" in body


def test_source_health_on_postgresql(tmp_path: Path, postgres_url: str) -> None:
    with treaty_site() as site, WebhookReceiver() as hook, SmtpInbox() as inbox:
        rig = make_rig(tmp_path, site, hook, inbox, "[topic.health]\nmax_failures = 2\n")
        rig.settings = rig.settings.model_copy(update={"database_url": postgres_url})
        site.fault(POLITIK, Reply.error(404))
        for _ in range(3):
            rig.run()
        assert [p["title"] for p in rig.maintenance_posts()] == [
            "[Russia–North Korea (test)] Maintenance: source 'testpost-politik' is down"
        ]
        site.clear_faults()
        publish(rig.site, RATIFIED_DE, feed="politik", at=JUNE + timedelta(days=90), slug="duma")
        rig.run()
        assert len(rig.recovery_posts()) == 1
        db = open_database(postgres_url)
        try:
            with db.session() as session:
                from monitor.store.health import health_rows

                rows = {r.source: (r.status, r.consecutive_failures) for r in health_rows(session)}
        finally:
            db.dispose()
        assert rows["testpost-politik"] == ("ok", 0)
