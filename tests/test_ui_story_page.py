"""A rendered alert's story link, opened in headless Chromium against a real `prefect server
start`: the Prefect UI shows the story's page (its artifact) with the first report, the
development and its new facts."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.prefectkit import PrefectServer, korea_site, monitor_settings_env
from tests.scenario import JUNE, RATIFIED_DE, publish, topic_file
from tests.targets import WebhookReceiver
from tests.test_ui_prefect import browser  # noqa: F401 - the Chromium fixture

pytestmark = [pytest.mark.browser, pytest.mark.prefect, pytest.mark.slow]

TOPIC = "korea-test"
LINK = re.compile(r"https?://127\.0\.0\.1:\d+/artifacts/key/story-korea-test-\d+")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for key in [k for k in os.environ if k.startswith("MONITOR_")]:
        monkeypatch.delenv(key)


def test_the_story_link_of_an_alert_opens_the_story_page_in_the_prefect_ui(
    browser: Any,  # noqa: F811
    tmp_path: Path,
    clean_env: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from flows.monitor_flows import monitor_topic

    with (
        PrefectServer(tmp_path / "prefect-home") as server,
        server.settings(),
        korea_site() as site,
        WebhookReceiver() as hook,
    ):
        topics = tmp_path / "topics.toml"
        topic_file(str(topics), site)
        env = monitor_settings_env(
            database_url=f"sqlite:///{tmp_path}/monitor.db",
            topics_file=topics,
            data_dir=tmp_path,
            apprise_urls=f"{hook.url}?format=markdown",
        )
        for key, value in {**env, "PREFECT_UI_URL": server.url}.items():
            monkeypatch.setenv(key, value)
        assert monitor_topic(topic=TOPIC, return_state=True).is_completed()
        publish(site, RATIFIED_DE, feed="politik", at=JUNE + timedelta(days=120), slug="duma")
        assert monitor_topic(topic=TOPIC, return_state=True).is_completed()

        development = str(hook.posts[-1])
        print("\nthe development alert as the webhook received it:\n" + development)
        assert "Duma billigt" in development
        found = LINK.search(development)
        assert found, development
        link = found.group(0)
        assert link.startswith(server.url)

        page = browser.new_page()
        outside: list[str] = []
        page.on(
            "request",
            lambda r: outside.append(r.url) if "127.0.0.1" not in r.url.split("/")[2] else None,
        )
        page.goto(link)
        page.get_by_text("Story 1: Russland und Nordkorea schließen Beistandspakt").first.wait_for(
            timeout=30_000
        )
        page.get_by_text("Duma billigt Bündnisvertrag mit Nordkorea").first.wait_for(timeout=10_000)
        shown = page.inner_text("body")
        print("\nthe story page in the Prefect UI:\n" + shown[:3000])
        assert "First report" in shown and "Development" in shown
        assert "10.000 nordkoreanische Soldaten" in shown  # a new fact, as a bullet
        # the headline is a link to the article
        href = page.get_by_role("link", name="Duma billigt Bündnisvertrag mit Nordkorea").first
        assert href.get_attribute("href") == site.url(
            "/news/" + href.get_attribute("href").split("/news/", 1)[1]
        )
        page.screenshot(path=str(tmp_path / "story-page.png"), full_page=True)
        assert outside == []
        page.close()
