"""Real channels: e-mail through an aiosmtpd server, MQTT through the broker on 127.0.0.1:1883."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from monitor.alerts import deliver_pending, send_test
from tests.test_alerts_kit import (
    DEV_FACTS,
    DEV_HEADLINE,
    DEV_TEXT,
    FIRST_HEADLINE,
    FIRST_TEXT,
    T0,
    MqttSubscriber,
    Scenario,
    SmtpInbox,
    make_db,
    make_settings,
    make_topic,
    mqtt_unreachable,
    parts,
)

LATER = T0 + timedelta(days=3, hours=1)


def test_a_development_arrives_as_mail_with_html_and_plain_text_parts(tmp_path: Path) -> None:
    scenario = Scenario(make_db(tmp_path), make_topic(timezone="Europe/Berlin"))
    with SmtpInbox() as inbox:
        settings = make_settings(tmp_path, inbox.url())
        # one run per alert: apprise waits seconds between two mails of one run (politeness)
        scenario.article(kind="new_story", headline=FIRST_HEADLINE, text=FIRST_TEXT)
        assert deliver_pending(scenario.db, scenario.topic, settings, now=T0).sent == 1
        scenario.article(
            kind="development",
            headline=DEV_HEADLINE,
            text=DEV_TEXT,
            facts=DEV_FACTS,
            site="Baltic Wire",
            url="https://balticwire.example/2024/11/06/federation-council-treaty",
            at=T0 + timedelta(days=3),
        )
        report = deliver_pending(scenario.db, scenario.topic, settings, now=LATER)
        assert (report.sent, report.errors) == (1, [])
    assert len(inbox.messages) == 2
    mail = inbox.messages[1]
    assert mail["Subject"] == f"[Russland–Nordkorea] Update: {DEV_HEADLINE}"
    assert mail.get_content_type() == "multipart/alternative"
    found = parts(mail)
    assert set(found) == {"text/plain", "text/html"}
    html, text = found["text/html"], found["text/plain"]
    for body in (html, text):
        assert "Föderationsrat" in body
        assert "Präsidenten" in body
        assert f"“{FIRST_HEADLINE}”" in body
        assert "https://balticwire.example/2024/11/06/federation-council-treaty" in body
        assert "monitor story 1" in body
    assert '<a href="https://balticwire.example/2024/11/06/federation-council-treaty">' in html
    for fact in DEV_FACTS:
        assert f"<li>{fact}</li>" in html
        assert fact in text
    assert "Published 22 Jun 2024, 08:00 CEST" in text


def test_html_in_a_headline_does_not_become_markup_in_the_mail(tmp_path: Path) -> None:
    scenario = Scenario(make_db(tmp_path), make_topic())
    scenario.article(
        kind="new_story",
        headline='Nordkorea <a href="https://evil.example">klick</a> <img src=x onerror=alert(1)>',
        text="Nordkorea.",
    )
    with SmtpInbox() as inbox:
        deliver_pending(
            scenario.db, scenario.topic, make_settings(tmp_path, inbox.url()), now=LATER
        )
    html = parts(inbox.messages[0])["text/html"]
    assert "evil.example" in html  # shown as text ...
    assert '<a href="https://evil.example"' not in html  # ... never as a link
    assert "<img" not in html


def test_test_alert_reaches_the_mailbox(tmp_path: Path) -> None:
    with SmtpInbox() as inbox:
        (result,) = send_test(make_settings(tmp_path, inbox.url()))
    assert result.ok
    assert result.target.startswith("mailto://127.0.0.1 #")
    assert inbox.messages[0]["Subject"] == "[TEST] newsmonitor test alert"


def test_an_alert_reaches_an_mqtt_subscriber_once(tmp_path: Path) -> None:
    reason = mqtt_unreachable()
    if reason:
        pytest.skip(reason)
    channel = f"newsmonitor-test/{uuid.uuid4().hex[:10]}"
    scenario = Scenario(make_db(tmp_path), make_topic())
    scenario.treaty()
    settings = make_settings(tmp_path, f"mqtt://127.0.0.1:1883/{channel}?qos=1")
    with MqttSubscriber(channel) as subscriber:
        report = deliver_pending(scenario.db, scenario.topic, settings, now=LATER)
        assert (report.sent, report.errors) == (2, [])
        payloads = subscriber.wait_for(2)
        again = deliver_pending(
            scenario.db, scenario.topic, settings, now=LATER + timedelta(hours=1)
        )
        assert again.sent == 0
        subscriber.wait_for(3, timeout=1.0)
    assert len(subscriber.payloads) == 2
    update = payloads[1]
    # MQTT has no title: it leads the body, as plain text
    assert update.startswith(f"[Russland–Nordkorea] Update: {DEV_HEADLINE}\n")
    assert "• Der Föderationsrat hat den Vertrag am Mittwoch einstimmig gebilligt." in update
    assert "Baltic Wire: https://balticwire.example/2024/11/06/federation-council-treaty" in update
