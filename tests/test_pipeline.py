"""One real pass end to end: a local news site, a real database, a real alert target."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from monitor.pipeline import RunOptions, run_once
from monitor.store import open_database
from monitor.store.schema import AlertRow, ArticleRow, DeliveryRow, VerdictRow
from tests.scenario import JUNE, RATIFIED_DE, pass_settings, publish, treaty_site
from tests.sitekit import NewsSite
from tests.targets import WebhookReceiver


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with treaty_site() as running:
        yield running


def article_requests(site: NewsSite) -> list[str]:
    return [r.path for r in site.requests if r.path.startswith("/news/")]


def test_first_pass_stores_decides_and_alerts(
    tmp_path: Path, site: NewsSite, hook: WebhookReceiver, database_url: str
) -> None:
    settings = pass_settings(tmp_path, site, database_url, hook.url)
    report = run_once(settings, "korea-test")

    assert report.failures == []
    assert report.stored == 3
    assert report.verdicts.get("irrelevant") == 1
    # the German and the English report of the signing are one story
    assert report.verdicts.get("new_story") == 1
    assert (
        report.verdicts.get("new_story", 0)
        + report.verdicts.get("known", 0)
        + report.verdicts.get("duplicate", 0)
        + report.verdicts.get("development", 0)
        == 2
    )

    db = open_database(database_url)
    with db.session() as session:
        rows = session.scalars(select(ArticleRow).order_by(ArticleRow.published)).all()
        assert rows[0].title == "Russland und Nordkorea schließen Beistandspakt"
        assert all(r.published is not None and r.published.tzinfo for r in rows)
        assert "Südkorea bestellte" in rows[0].text  # type: ignore[operator]
        verdicts = {v.kind for v in session.scalars(select(VerdictRow))}
        assert "irrelevant" in verdicts
        sent = session.scalars(select(DeliveryRow).where(DeliveryRow.state == "sent")).all()
        assert len(sent) >= 1
    # the alert reached the real local target and names the story
    assert hook.posts, "no alert reached the webhook"
    assert any("Beistandspakt" in str(p) or "defence pact" in str(p) for p in hook.posts)
    assert not any("Zwickau" in str(p) for p in hook.posts)


def test_second_pass_fetches_nothing_new_and_alerts_nothing(
    tmp_path: Path, site: NewsSite, hook: WebhookReceiver, database_url: str
) -> None:
    settings = pass_settings(tmp_path, site, database_url, hook.url)
    run_once(settings, "korea-test")
    posts = len(hook.posts)
    site.clear_requests()

    report = run_once(settings, "korea-test")

    assert report.stored == 0 and report.fetched == 0
    assert article_requests(site) == []
    feed_requests = [r for r in site.requests if r.path.startswith("/feeds/")]
    assert feed_requests and all(r.conditional for r in feed_requests)
    assert len(hook.posts) == posts


def test_a_development_is_alerted_with_its_new_facts(
    tmp_path: Path, site: NewsSite, hook: WebhookReceiver, database_url: str
) -> None:
    settings = pass_settings(tmp_path, site, database_url, hook.url)
    run_once(settings, "korea-test")
    before = len(hook.posts)
    publish(site, RATIFIED_DE, feed="politik", at=JUNE + timedelta(days=130), slug="duma-billigt")

    report = run_once(settings, "korea-test")

    assert report.stored == 1
    assert report.verdicts == {"development": 1}
    facts = " ".join(report.decisions[0].verdict.new_facts)
    assert "ratifiziert" in facts or "Föderationsrat" in facts
    assert len(hook.posts) == before + 1
    assert "Duma" in str(hook.posts[-1]) or "ratifiziert" in str(hook.posts[-1])
    db = open_database(database_url)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(AlertRow)) == 2


def test_dry_run_writes_nothing_and_sends_nothing(
    tmp_path: Path, site: NewsSite, hook: WebhookReceiver, database_url: str
) -> None:
    settings = pass_settings(tmp_path, site, database_url, hook.url)
    report = run_once(settings, "korea-test", options=RunOptions(dry_run=True))
    assert report.stored == 3  # analysed as if stored ...
    db = open_database(database_url)
    with db.session() as session:  # ... but nothing was kept
        assert session.scalar(select(func.count()).select_from(ArticleRow)) == 0
        assert session.scalar(select(func.count()).select_from(AlertRow)) == 0
    assert hook.posts == []


def test_a_broken_source_does_not_stop_the_others(
    tmp_path: Path, site: NewsSite, hook: WebhookReceiver, database_url: str
) -> None:
    from tests.sitekit import Reply

    site.fault("/feeds/world.xml", *[Reply.error(500)] * 10)
    settings = pass_settings(tmp_path, site, database_url, hook.url)
    report = run_once(settings, "korea-test")
    assert report.stored == 2  # the German feed's two articles
    reasons = [(f.stage, f.item, f.reason) for f in report.failures]
    assert ("discover", "testpost-world", "http 500") in reasons
