"""What `monitor stories`, `monitor story ID` and `monitor alerts` print for a stored scenario
(a real SQLite file filled by real passes over the local news site): aligned plain text when
the output is piped, tables with colours in a real terminal (a pty)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from monitor.cli import app
from monitor.pipeline import run_once
from tests.scenario import JUNE, RATIFIED_DE, pass_settings, publish, treaty_site
from tests.targets import WebhookReceiver
from tests.terminal import run_in_terminal

# our own article on another event of the alliance: a story of its own
BRIDGE_DE = {
    "title": "Russland und Nordkorea beginnen Bau einer Straßenbrücke über den Tumen",
    "language": "de",
    "paragraphs": [
        "Russland und Nordkorea haben mit dem Bau einer Straßenbrücke über den Grenzfluss Tumen "
        "begonnen.",
        "Die Brücke soll nach Angaben des russischen Verkehrsministeriums 1,1 Kilometer lang "
        "werden und den Handel zwischen beiden Ländern erleichtern.",
        "Bisher verbindet nur eine alte Eisenbahnbrücke aus dem Jahr 1959 die beiden Ufer.",
        "Die Bauarbeiten sollen eineinhalb Jahre dauern; die Kosten trägt überwiegend Moskau.",
    ],
}

runner = CliRunner()


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Three passes: the treaty (de, en) and an unrelated factory closure; a bridge built two
    months later; the Duma's ratification of the treaty four months later (a development)."""
    tmp_path = tmp_path_factory.mktemp("display")
    with treaty_site() as site, WebhookReceiver() as hook:
        settings = pass_settings(tmp_path, site, f"sqlite:///{tmp_path}/monitor.db", hook.url)
        run_once(settings, "korea-test")
        publish(site, BRIDGE_DE, feed="politik", at=JUNE + timedelta(days=60), slug="bruecke")
        bridge = run_once(settings, "korea-test")
        assert bridge.verdicts == {"new_story": 1}
        publish(site, RATIFIED_DE, feed="politik", at=JUNE + timedelta(days=130), slug="duma")
        duma = run_once(settings, "korea-test")
        assert duma.verdicts == {"development": 1}
        yield {
            "MONITOR_DATABASE_URL": settings.resolved_database_url,
            "MONITOR_TOPICS_FILE": str(settings.topics_file),
            "MONITOR_DATA_DIR": str(tmp_path),
            "site": site.base_url,
        }


def cli(stored: dict[str, str], *args: str, **env: str) -> str:
    environment = {k: v for k, v in stored.items() if k.startswith("MONITOR_")}
    result = runner.invoke(app, list(args), env={**environment, **env})
    assert result.exit_code == 0, result.output
    return result.output


def test_stories_are_a_table_newest_development_first(stored: dict[str, str]) -> None:
    lines = cli(stored, "stories").splitlines()
    assert re.split(r"\s{2,}", lines[0]) == [
        "ID",
        "LAST DEVELOPMENT (UTC)",
        "ARTICLES",
        "DEVELOPMENTS",
        "LANGUAGES",
        "MUTED",
        "HEADLINE",
    ]
    rows = [re.split(r"\s{2,}", line.strip()) for line in lines[1:]]
    assert rows == [
        [
            "1",
            "2026-10-27 09:00",
            "3",
            "1",
            "de,en",
            "-",
            "Russland und Nordkorea schließen Beistandspakt",
        ],
        ["2", "2026-08-18 09:00", "1", "0", "de", "-", BRIDGE_DE["title"]],
    ]
    # the columns line up, and each story is one line to grep
    assert lines[1].index("Russland") == lines[2].index("Russland") == lines[0].index("HEADLINE")


def test_stories_limit_since_topic_and_time_zone(stored: dict[str, str]) -> None:
    assert len(cli(stored, "stories", "--limit", "1").splitlines()) == 2
    assert "Beistandspakt" in cli(stored, "stories", "--limit", "1")
    recent = cli(stored, "stories", "--since", "2026-09-01")
    assert "Beistandspakt" in recent and "Tumen" not in recent
    both = cli(stored, "stories", "--since", "2026-08-01T00:00:00+02:00")
    assert "Beistandspakt" in both and "Tumen" in both
    assert cli(stored, "stories", "--since", "1d") == "no story moved since 1d\n"
    assert cli(stored, "stories", "--topic", "other") == "no stories yet\n"
    berlin = cli(stored, "stories", MONITOR_TIMEZONE="Europe/Berlin").splitlines()
    assert "LAST DEVELOPMENT (Europe/Berlin)" in berlin[0]
    assert "2026-10-27 10:00" in berlin[1]  # 09:00 UTC is 10:00 in Berlin (winter time)
    wrong = runner.invoke(app, ["stories", "--since", "last tuesday"], env={})
    assert wrong.exit_code == 2
    assert "--since must be an ISO 8601 date or time or a time ago" in wrong.output


def test_muted_stories_say_so_in_the_table(stored: dict[str, str]) -> None:
    cli(stored, "mute", "2", "--for", "14d")
    try:
        rows = {line.split()[0]: line for line in cli(stored, "stories").splitlines()[1:]}
        assert re.search(
            r"\s{2}until \d{4}-\d\d-\d\d \d\d:\d\d\s{2}Russland und Nordkorea beginnen", rows["2"]
        )
        assert re.search(r"\s{2}-\s+Russland und Nordkorea schließen", rows["1"])
    finally:
        cli(stored, "unmute", "2")
    assert "until" not in cli(stored, "stories")


def test_a_story_is_a_timeline_with_verdicts_outlets_and_bullets(stored: dict[str, str]) -> None:
    site = stored["site"]
    lines = cli(stored, "story", "1").splitlines()
    assert lines[0] == "Story 1 [korea-test]: Russland und Nordkorea schließen Beistandspakt"
    entries = [line for line in lines if re.match(r"\d+ \w+ \d{4}, \d\d:\d\d UTC  ", line)]
    assert len(entries) == 3
    for entry, (verdict, headline) in zip(
        entries,
        [
            ("new_story", "Russland und Nordkorea schließen Beistandspakt"),
            ("known", "Putin and Kim sign mutual defence pact in Pyongyang"),
            ("development", "Duma billigt Bündnisvertrag mit Nordkorea"),
        ],
        strict=True,
    ):
        assert f"[{verdict}]: {headline} (127.0.0.1)" in entry
    assert entries[2].startswith("27 Oct 2026, 09:00 UTC")
    duma = lines.index(entries[2])
    assert lines[duma + 1].strip().endswith(f"{site}/news/2026/10/27/duma.html")
    bullets = [line.strip() for line in lines[duma + 2 :] if line.strip()]
    assert bullets and all(b.startswith("+ ") for b in bullets)
    assert any("10.000" in b for b in bullets)  # the new fact: the number of troops


def test_alerts_list_each_alert_and_its_delivery(stored: dict[str, str]) -> None:
    lines = cli(stored, "alerts").splitlines()
    alerts = [line for line in lines if line.startswith("#")]
    assert [re.split(r"\s+", a)[3:5] for a in alerts] == [
        ["sent", "development"],
        ["sent", "new_story"],
        ["sent", "new_story"],
    ]
    assert "[korea-test] story 1 Duma billigt Bündnisvertrag mit Nordkorea" in alerts[0]
    deliveries = [line.split() for line in lines if not line.startswith("#")]
    assert [d[:2] for d in deliveries] == [["sent", "json://127.0.0.1"]] * 3


def terminal_env(stored: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    env.update({k: v for k, v in stored.items() if k.startswith("MONITOR_")})
    return env


def test_in_a_terminal_they_are_tables_with_colours(stored: dict[str, str], tmp_path: Path) -> None:
    env = terminal_env(stored)
    stories = run_in_terminal(["stories"], env=env, cwd=tmp_path, columns=120)
    assert stories.returncode == 0, stories.output
    screen = stories.screen(120)
    text = "\n".join(screen)
    assert screen[0].strip() == "Stories"
    header = next(line for line in screen if "Headline" in line)
    for column in ("ID", "Headline", "Lang", "Articles", "Dev.", "Last development"):
        assert column in header
    assert re.search(r"─{5,}", text)  # the table's rule under its header
    row = next(line for line in screen if "Beistandspakt" in line)
    assert re.search(
        r"^\s*1\s+Russland und Nordkorea schließen Beistandspakt\s+de, en\s+3\s+1\s+"
        r"2026-10-27 09:00\s*$",
        row,
    )
    assert "newest development first" in text
    assert "\x1b[36m1" in stories.output or "\x1b[36m" in stories.output  # ids in colour

    story = run_in_terminal(["story", "1"], env=env, cwd=tmp_path, columns=120)
    screen = story.screen(120)
    text = "\n".join(screen)
    assert screen[0] == "Story 1  korea-test"
    assert screen[1] == "Russland und Nordkorea schließen Beistandspakt"
    assert re.search(
        r"2026-10-27 09:00\s+development\s+Duma billigt Bündnisvertrag mit Nordkorea", text
    )
    assert re.search(r"•\s.*10\.000", text)  # the new facts as bullets
    assert re.search(r"127\.0\.0\.1 · de", text)  # the outlet and the language

    alerts = run_in_terminal(["alerts"], env=env, cwd=tmp_path, columns=160)
    screen = alerts.screen(160)
    header = next(line for line in screen if "Headline" in line)
    for column in ("#", "Created", "Status", "Kind", "Story", "Headline", "Deliveries"):
        assert column in header
    assert "\x1b[32msent" in alerts.output  # the status in green
    assert any(re.search(r"sent\s+development\s+1\s+Duma billigt", line) for line in screen)
