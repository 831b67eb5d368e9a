"""Delivery through apprise to real json:// webhooks on 127.0.0.1: once per target, never lost."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from monitor.alerts import deliver_pending, send_test
from monitor.alerts.deliver import BACKOFF_FIRST, SENDING_GRACE
from monitor.store.schema import AlertRow, DeliveryRow
from tests.targets import WebhookReceiver
from tests.test_alerts_kit import (
    DEV_HEADLINE,
    FIRST_HEADLINE,
    T0,
    Scenario,
    closed_port_url,
    make_db,
    make_settings,
    make_topic,
)

LATER = T0 + timedelta(days=3, hours=1)


@pytest.fixture
def other_hook() -> Iterator[WebhookReceiver]:
    with WebhookReceiver() as receiver:
        yield receiver


def deliveries(scenario: Scenario) -> list[DeliveryRow]:
    with scenario.db.session() as session:
        return list(session.scalars(select(DeliveryRow).order_by(DeliveryRow.id)))


def test_pending_alerts_reach_the_target_once_and_a_second_run_sends_nothing(
    tmp_path: Path, hook: WebhookReceiver
) -> None:
    scenario = Scenario(make_db(tmp_path), make_topic())
    scenario.treaty()
    settings = make_settings(tmp_path, hook.url)
    report = deliver_pending(scenario.db, scenario.topic, settings, now=LATER)
    assert (report.sent, report.failed, report.errors) == (2, 0, [])
    assert [p["title"] for p in hook.posts] == [
        f"[Russland–Nordkorea] New story: {FIRST_HEADLINE}",
        f"[Russland–Nordkorea] Update: {DEV_HEADLINE}",
    ]
    assert (
        "Der Föderationsrat hat den Vertrag am Mittwoch einstimmig gebilligt."
        in (hook.posts[1]["message"])
    )
    assert {a.status for a in scenario.alerts()} == {"sent"}
    again = deliver_pending(scenario.db, scenario.topic, settings, now=LATER + timedelta(hours=1))
    assert again.sent == 0
    assert len(hook.posts) == 2


def test_a_target_that_is_down_gets_its_alerts_later_and_the_healthy_one_only_once(
    tmp_path: Path, hook: WebhookReceiver, other_hook: WebhookReceiver
) -> None:
    scenario = Scenario(make_db(tmp_path), make_topic())
    scenario.treaty()
    other_hook.failing = True  # answers 503: down
    settings = make_settings(tmp_path, hook.url, other_hook.url)

    first = deliver_pending(scenario.db, scenario.topic, settings, now=LATER)
    assert first.sent == 2
    assert first.failed == 1  # tried once, then not hammered again in the same run
    assert first.deferred == 1
    assert len(first.errors) == 1
    assert "503" in first.errors[0][1] or "failed" in first.errors[0][1].lower()
    assert first.errors[0][0].startswith("json://127.0.0.1 #")
    assert {a.status for a in scenario.alerts()} == {"pending"}

    # still down, and the backoff has not passed: not even tried
    second = deliver_pending(
        scenario.db, scenario.topic, settings, now=LATER + timedelta(minutes=1)
    )
    assert (second.sent, second.failed, second.deferred) == (0, 0, 2)

    other_hook.failing = False  # back
    third = deliver_pending(
        scenario.db, scenario.topic, settings, now=LATER + BACKOFF_FIRST + timedelta(seconds=1)
    )
    assert (third.sent, third.failed) == (2, 0)
    assert len(hook.posts) == 2  # the healthy target was not sent anything again
    assert [p["title"] for p in other_hook.posts] == [p["title"] for p in hook.posts]  # in order
    assert {a.status for a in scenario.alerts()} == {"sent"}
    fourth = deliver_pending(scenario.db, scenario.topic, settings, now=LATER + timedelta(hours=2))
    assert fourth.sent == 0
    assert len(other_hook.posts) == 2


def test_a_target_refusing_connections_is_retried_with_growing_backoff(
    tmp_path: Path, hook: WebhookReceiver
) -> None:
    scenario = Scenario(make_db(tmp_path), make_topic())
    scenario.article(kind="new_story", headline=FIRST_HEADLINE, text="Nordkorea.")
    settings = make_settings(tmp_path, closed_port_url())
    now = LATER
    waits = []
    for _ in range(3):
        report = deliver_pending(scenario.db, scenario.topic, settings, now=now)
        assert report.failed == 1
        (row,) = deliveries(scenario)
        assert row.state == "failed"
        assert row.next_attempt_at is not None
        waits.append(row.next_attempt_at - now)
        now = row.next_attempt_at
    assert waits == [BACKOFF_FIRST, BACKOFF_FIRST * 2, BACKOFF_FIRST * 4]


def test_more_alerts_than_the_cap_are_folded_into_one_digest(
    tmp_path: Path, hook: WebhookReceiver
) -> None:
    scenario = Scenario(make_db(tmp_path), make_topic(max_per_run=3))
    for i in range(6):
        scenario.article(
            kind="new_story",
            story=f"s{i}",
            headline=f"Meldung {i} über Nordkorea",
            text="Nordkorea.",
            at=T0 + timedelta(minutes=i),
        )
    report = deliver_pending(
        scenario.db, scenario.topic, make_settings(tmp_path, hook.url), now=LATER
    )
    assert report.folded == 4
    assert [p["title"] for p in hook.posts] == [
        "[Russland–Nordkorea] New story: Meldung 0 über Nordkorea",
        "[Russland–Nordkorea] New story: Meldung 1 über Nordkorea",
        "[Russland–Nordkorea] More news: 4 alerts",
    ]
    for i in (2, 3, 4, 5):
        assert f"Meldung {i} über Nordkorea" in hook.posts[2]["message"]
    statuses = sorted(a.status for a in scenario.alerts())
    assert statuses == ["folded"] * 4 + ["sent"] * 3


def test_quiet_hours_defer_alerts_until_the_morning(tmp_path: Path, hook: WebhookReceiver) -> None:
    topic = make_topic(quiet_hours="22:00-07:00", timezone="Europe/Berlin")
    scenario = Scenario(make_db(tmp_path), topic)
    scenario.treaty()
    settings = make_settings(tmp_path, hook.url)
    night = LATER.replace(hour=23)  # 01:00 next day in Berlin
    report = deliver_pending(scenario.db, topic, settings, now=night)
    assert report.sent == 0
    assert report.deferred == 2
    assert hook.posts == []
    morning = (LATER + timedelta(days=1)).replace(hour=5)  # 07:00 CEST
    assert {a.not_before for a in scenario.alerts()} == {morning}
    assert (
        deliver_pending(scenario.db, topic, settings, now=morning - timedelta(minutes=1)).sent == 0
    )
    assert deliver_pending(scenario.db, topic, settings, now=morning).sent == 2
    assert len(hook.posts) == 2


def test_a_topic_without_a_time_zone_uses_the_users_monitor_timezone(
    tmp_path: Path, hook: WebhookReceiver
) -> None:
    topic = make_topic(quiet_hours="22:00-07:00")  # no timezone of its own
    scenario = Scenario(make_db(tmp_path), topic)
    scenario.treaty()
    settings = make_settings(tmp_path, hook.url).model_copy(update={"timezone": "Europe/Berlin"})
    night = LATER.replace(hour=23)  # 23:00 UTC is 01:00 in Berlin: quiet there, not in UTC
    assert deliver_pending(scenario.db, topic, settings, now=night).deferred == 2
    morning = (LATER + timedelta(days=1)).replace(hour=5)  # 07:00 CEST
    assert {a.not_before for a in scenario.alerts()} == {morning}
    assert deliver_pending(scenario.db, topic, settings, now=morning).sent == 2


def test_digest_mode_sends_one_message_at_the_digest_time(
    tmp_path: Path, hook: WebhookReceiver
) -> None:
    topic = make_topic(mode="digest", digest_at=time(8, 0), timezone="Europe/Berlin")
    scenario = Scenario(make_db(tmp_path), topic)
    scenario.treaty(at=T0)  # 08:00 CEST on the 19th, and three days later
    settings = make_settings(tmp_path, hook.url)
    day = T0 + timedelta(days=3)  # alerts created at 06:00 UTC = 08:00 CEST, i.e. at digest time
    report = deliver_pending(scenario.db, topic, settings, now=day + timedelta(minutes=30))
    assert report.sent == 1
    assert report.folded == 2
    (post,) = hook.posts
    assert post["title"] == "[Russland–Nordkorea] Digest: 2 alerts"
    assert FIRST_HEADLINE in post["message"]
    assert "Update: Föderationsrat billigt" in post["message"]
    later = scenario.article(
        kind="development",
        headline="Putin unterzeichnet Ratifizierungsgesetz",
        text="Nordkorea.",
        facts=["Putin hat unterzeichnet."],
        at=day + timedelta(hours=2),
    )
    assert later is not None
    assert deliver_pending(scenario.db, topic, settings, now=day + timedelta(hours=5)).sent == 0
    tomorrow = deliver_pending(scenario.db, topic, settings, now=day + timedelta(days=1))
    assert tomorrow.sent == 1  # a single alert goes out as itself, at the next digest time
    assert len(hook.posts) == 2


def test_with_no_target_alerts_print_to_the_terminal_once(tmp_path: Path) -> None:
    scenario = Scenario(make_db(tmp_path), make_topic())
    scenario.treaty()
    printed: list[str] = []
    report = deliver_pending(
        scenario.db, scenario.topic, make_settings(tmp_path), now=LATER, echo=printed.append
    )
    assert report.sent == 2
    assert len(printed) == 2
    assert printed[1].startswith(f"[Russland–Nordkorea] Update: {DEV_HEADLINE}\n───")
    assert {d.target for d in deliveries(scenario)} == {"terminal"}
    deliver_pending(
        scenario.db, scenario.topic, make_settings(tmp_path), now=LATER, echo=printed.append
    )
    assert len(printed) == 2


def test_dry_run_shows_what_would_be_sent_and_records_nothing(
    tmp_path: Path, hook: WebhookReceiver
) -> None:
    scenario = Scenario(make_db(tmp_path), make_topic(max_per_run=1))
    scenario.treaty()
    shown: list[str] = []
    settings = make_settings(tmp_path, hook.url)
    report = deliver_pending(
        scenario.db, scenario.topic, settings, now=LATER, dry_run=True, echo=shown.append
    )
    assert len(report.messages) == 1  # the cap folds both into one digest, even in a dry run
    assert shown
    assert hook.posts == []
    assert deliveries(scenario) == []
    assert {a.status for a in scenario.alerts()} == {"pending"}
    assert len(scenario.alerts()) == 2  # the digest of the dry run was not kept


def test_tags_route_a_topic_to_its_targets_from_an_apprise_yaml_config(
    tmp_path: Path, hook: WebhookReceiver, other_hook: WebhookReceiver
) -> None:
    config = tmp_path / "apprise.yml"
    config.write_text(
        f"version: 1\nurls:\n  - {hook.url}:\n      tag: korea\n  - {other_hook.url}:\n"
        "      tag: sport\n",
        encoding="utf-8",
    )
    topic = make_topic(tags=["korea"])
    scenario = Scenario(make_db(tmp_path), topic)
    scenario.treaty()
    report = deliver_pending(scenario.db, topic, make_settings(tmp_path, config=config), now=LATER)
    assert report.sent == 2
    assert len(hook.posts) == 2
    assert other_hook.posts == []


def test_a_topic_whose_tags_match_no_target_keeps_its_alerts_pending_and_says_why(
    tmp_path: Path, hook: WebhookReceiver
) -> None:
    topic = make_topic(tags=["korea"])
    scenario = Scenario(make_db(tmp_path), topic)
    scenario.treaty()
    report = deliver_pending(scenario.db, topic, make_settings(tmp_path, hook.url), now=LATER)
    assert report.sent == 0
    assert "no alert target carries a tag" in report.errors[0][1]
    assert {a.status for a in scenario.alerts()} == {"pending"}


def test_secrets_never_appear_in_errors_listings_or_test_results(tmp_path: Path) -> None:
    secret_url = (
        closed_port_url().replace("json://", "json://anna:GeheimesPasswort42@")
        + "?token=Tok3nTok3n"
    )
    scenario = Scenario(make_db(tmp_path), make_topic())
    scenario.treaty()
    settings = make_settings(tmp_path, secret_url)
    report = deliver_pending(scenario.db, scenario.topic, settings, now=LATER)
    assert report.failed == 1
    results = send_test(settings)
    assert len(results) == 1
    assert not results[0].ok
    from monitor.cli import app

    runner = CliRunner()
    env = {
        "MONITOR_DATABASE_URL": f"sqlite:///{tmp_path}/alerts.db",
        "MONITOR_APPRISE_URLS": secret_url,
    }
    listing = runner.invoke(app, ["alerts", "--status", "failed"], env=env)
    tested = runner.invoke(app, ["test-alert"], env=env)
    with scenario.db.session() as session:
        stored = [
            f"{d.target} {d.target_label} {d.last_error}"
            for d in session.scalars(select(DeliveryRow))
        ]
    everything = "\n".join(
        [str(report.errors), str(results), listing.output, tested.output, *stored]
    )
    assert "json://127.0.0.1" in listing.output
    assert tested.exit_code == 1
    for secret in ("GeheimesPasswort42", "Tok3nTok3n", "anna"):
        assert secret not in everything


def test_send_test_reports_each_target(
    tmp_path: Path, hook: WebhookReceiver, other_hook: WebhookReceiver
) -> None:
    other_hook.failing = True
    results = send_test(make_settings(tmp_path, hook.url, other_hook.url))
    assert [r.ok for r in results] == [True, False]
    assert hook.posts[0]["title"] == "[TEST] newsmonitor test alert"
    assert results[1].error


def test_cli_lists_alerts_per_target_and_retry_resends_only_the_failed_target(
    tmp_path: Path, hook: WebhookReceiver, other_hook: WebhookReceiver
) -> None:
    from monitor.cli import app

    topics_file = tmp_path / "topics.toml"
    topics_file.write_text(
        '[[topic]]\nname = "russia-north-korea"\ntitle = "Russland–Nordkorea"\n'
        '[topic.relevance]\nquery = "nordkorea"\n',
        encoding="utf-8",
    )
    scenario = Scenario(make_db(tmp_path), make_topic())
    scenario.treaty()
    other_hook.failing = True
    deliver_pending(scenario.db, scenario.topic, make_settings(tmp_path, hook.url, other_hook.url))
    env = {
        "MONITOR_DATABASE_URL": f"sqlite:///{tmp_path}/alerts.db",
        "MONITOR_APPRISE_URLS": f"{hook.url} {other_hook.url}",
        "MONITOR_TOPICS_FILE": str(topics_file),
    }
    runner = CliRunner()
    listing = runner.invoke(app, ["alerts", "--status", "failed"], env=env)
    assert listing.exit_code == 0, listing.output
    assert "pending  new_story" in listing.output
    assert "sent        json://127.0.0.1 #" in listing.output
    assert "failed      json://127.0.0.1 #" in listing.output

    other_hook.failing = False
    retried = runner.invoke(app, ["alerts", "retry"], env=env)  # no waiting for the backoff
    assert retried.exit_code == 0, retried.output
    assert "sent 2, failed 0" in retried.output
    assert len(other_hook.posts) == 2
    assert len(hook.posts) == 2
    assert (
        "no alerts with status pending"
        in runner.invoke(app, ["alerts", "--status", "pending"], env=env).output
    )


def test_a_delivery_left_sending_by_a_dead_run_is_never_sent_again(
    tmp_path: Path, hook: WebhookReceiver
) -> None:
    scenario = Scenario(make_db(tmp_path), make_topic())
    alert_id = scenario.article(kind="new_story", headline=FIRST_HEADLINE, text="Nordkorea.")
    settings = make_settings(tmp_path, hook.url)
    from monitor.alerts.deliver import load_targets

    (target,) = load_targets(settings)
    with scenario.db.session() as session:  # what a run killed right after sending leaves behind
        session.add(
            DeliveryRow(
                alert_id=alert_id,
                target=target.key,
                target_label=target.label,
                state="sending",
                attempts=1,
                last_attempt_at=LATER,
            )
        )
    soon = deliver_pending(scenario.db, scenario.topic, settings, now=LATER + timedelta(seconds=5))
    assert (soon.sent, soon.in_flight, soon.unconfirmed) == (0, 1, 0)
    late = deliver_pending(scenario.db, scenario.topic, settings, now=LATER + SENDING_GRACE * 2)
    assert (late.sent, late.unconfirmed) == (0, 1)
    assert hook.posts == []
    (row,) = deliveries(scenario)
    assert row.state == "unconfirmed"
    with scenario.db.session() as session:
        assert session.get(AlertRow, alert_id).status == "sent"  # type: ignore[union-attr]


def test_two_processes_delivering_at_once_send_each_alert_once(
    tmp_path: Path, hook: WebhookReceiver
) -> None:
    import threading

    from monitor.store import Database

    scenario = Scenario(make_db(tmp_path), make_topic(max_per_run=4))
    for i in range(8):
        scenario.article(
            kind="new_story",
            story=f"s{i}",
            headline=f"Meldung {i} über Nordkorea",
            text="Nordkorea.",
            at=T0 + timedelta(minutes=i),
        )
    settings = make_settings(tmp_path, hook.url)
    errors: list[BaseException] = []

    def deliver() -> None:
        db = Database(f"sqlite:///{tmp_path}/alerts.db")  # its own engine, like another process
        try:
            deliver_pending(db, scenario.topic, settings, now=LATER)
        except BaseException as exc:
            errors.append(exc)
        finally:
            db.dispose()

    workers = [threading.Thread(target=deliver) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert errors == []
    titles = [p["title"] for p in hook.posts]
    assert len(titles) == len(set(titles))
    covered = "\n".join(f"{p['title']}\n{p['message']}" for p in hook.posts)
    for i in range(8):
        assert f"Meldung {i} über Nordkorea" in covered
