"""Targets from an apprise config file (YAML and text) with tags, to a real SMTP server and real
json:// webhooks on 127.0.0.1, on the apprise the lock installs (apprise 2 reads a config file
through `AppriseConfig.services()`, apprise 1 through `servers()`; e-mail declares two formats)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from monitor.alerts import deliver_pending, send_test
from tests.targets import WebhookReceiver
from tests.test_alerts_kit import (
    FIRST_HEADLINE,
    FIRST_TEXT,
    T0,
    Scenario,
    SmtpInbox,
    make_db,
    make_settings,
    make_topic,
    parts,
)

LATER = T0 + timedelta(hours=1)


def yaml_config(korea: list[str], sport: list[str]) -> str:
    lines = ["version: 1", "urls:"]
    for url in korea:
        lines += [f'  - "{url}":', "      tag: korea, news"]
    for url in sport:
        lines += [f'  - "{url}":', "      tag: sport"]
    return "\n".join(lines) + "\n"


def text_config(korea: list[str], sport: list[str]) -> str:
    lines = ["# apprise text config: TAGS=URL"]
    lines += [f"korea, news={url}" for url in korea]
    lines += [f"sport={url}" for url in sport]
    return "\n".join(lines) + "\n"


FORMATS: dict[str, tuple[str, Callable[[list[str], list[str]], str]]] = {
    "yaml": ("apprise.yml", yaml_config),
    "text": ("apprise.txt", text_config),
}


@pytest.fixture
def hooks() -> Iterator[tuple[WebhookReceiver, WebhookReceiver]]:
    with WebhookReceiver() as korea, WebhookReceiver() as sport:
        yield korea, sport


@pytest.mark.parametrize("kind", sorted(FORMATS))
def test_a_config_file_routes_by_tag_to_mail_and_webhook_targets(
    tmp_path: Path, kind: str, hooks: tuple[WebhookReceiver, WebhookReceiver]
) -> None:
    korea_hook, sport_hook = hooks
    name, write = FORMATS[kind]
    topic = make_topic(tags=["korea"])
    scenario = Scenario(make_db(tmp_path), topic)
    scenario.article(kind="new_story", headline=FIRST_HEADLINE, text=FIRST_TEXT)
    with SmtpInbox() as inbox:
        config = tmp_path / name
        config.write_text(
            write([inbox.url(), korea_hook.url], [sport_hook.url, inbox.url("sport@example.org")]),
            encoding="utf-8",
        )
        settings = make_settings(tmp_path, config=config)
        report = deliver_pending(scenario.db, topic, settings, now=LATER)
        assert (report.sent, report.failed, report.errors) == (2, 0, [])
        # the other tag's targets: `monitor test-alert --tag sport`
        results = send_test(settings, tag="sport")
    assert sorted(r.target.split(" #")[0] for r in results) == [
        "json://127.0.0.1",
        "mailto://127.0.0.1",
    ]
    assert all(r.ok for r in results)
    assert len(korea_hook.posts) == 1
    assert FIRST_HEADLINE in korea_hook.posts[0]["title"] + korea_hook.posts[0]["message"]
    assert len(sport_hook.posts) == 1
    assert "test alert" in sport_hook.posts[0]["title"]
    alert_mail, test_mail = sorted(
        inbox.messages, key=lambda m: str(m["To"]) == "sport@example.org"
    )
    assert str(alert_mail["To"]) == "leser@example.org"
    assert FIRST_HEADLINE in str(alert_mail["Subject"])
    # a mail target from a config file is an e-mail: HTML with a plain-text part
    assert alert_mail.get_content_type() == "multipart/alternative"
    assert set(parts(alert_mail)) == {"text/plain", "text/html"}
    assert "Pjöngjang" in parts(alert_mail)["text/plain"]
    assert str(test_mail["To"]) == "sport@example.org"
    assert test_mail["Subject"] == "[TEST] newsmonitor test alert"


def test_a_config_file_without_a_valid_target_is_an_error_that_keeps_alerts_pending(
    tmp_path: Path,
) -> None:
    config = tmp_path / "apprise.txt"
    config.write_text("korea=nosuchscheme://nowhere\n", encoding="utf-8")
    scenario = Scenario(make_db(tmp_path), make_topic())
    scenario.article(kind="new_story", headline=FIRST_HEADLINE, text=FIRST_TEXT)
    report = deliver_pending(
        scenario.db, scenario.topic, make_settings(tmp_path, config=config), now=LATER
    )
    assert report.sent == 0
    assert report.errors == [
        ("alert targets", f"apprise config file {config} defines no valid target")
    ]
    assert {a.status for a in scenario.alerts()} == {"pending"}
