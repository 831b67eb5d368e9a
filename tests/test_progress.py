"""Progress of a pass: a live display in a real terminal (a pty), none when the output is piped,
--quiet, and the same counts as log lines for processes without a terminal (the Prefect flow)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.pipeline import run_once
from monitor.progress import LogProgress
from tests.scenario import pass_settings, treaty_site
from tests.sitekit import NewsSite, Reply
from tests.targets import WebhookReceiver
from tests.terminal import Captured, Screen, run_in_terminal
from tests.test_cli import monitor as piped
from tests.test_cli import monitor_env

COLUMNS = 100
# what only the live display draws: its bar and its stage rows
LOG_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (INFO|WARNING) ")
DISPLAY_ROW = re.compile(r"(sources|fetched|extracted|analysed)\s+[━╺╸]")


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with treaty_site() as running:
        yield running


def screen_when(captured: Captured, pattern: re.Pattern[str]) -> list[str]:
    """The first screen (as the output arrived) with a line that matches `pattern`."""
    seen = ""
    for _, chunk in captured.frames:
        seen += chunk
        screen = Screen(COLUMNS)
        screen.feed(seen)
        lines = screen.text()
        if any(pattern.search(line) for line in lines):
            return lines
    raise AssertionError(f"no screen showed {pattern.pattern}")


def slow_english_page(site: NewsSite) -> None:
    """The English article takes 2 s: the display has time to show the pass half way."""
    path = next(p for p in site.article_urls() if "defence-pact" in p)
    site.fault(path.removeprefix(site.base_url), Reply.normal(delay=2.0))


def test_a_pass_in_a_terminal_shows_live_progress_then_the_summary(
    tmp_path: Path, site: NewsSite, hook: WebhookReceiver
) -> None:
    slow_english_page(site)
    captured = run_in_terminal(
        ["run", "--topic", "korea-test"],
        env=monitor_env(tmp_path, site, hook),
        cwd=tmp_path,
        columns=COLUMNS,
    )
    assert captured.returncode == 0, captured.output

    # while it ran: a row per stage with done/total, drawn in place
    drawn = captured.plain
    assert "\x1b[?25l" in captured.output  # the live display hides the cursor while it draws
    assert DISPLAY_ROW.search(drawn)
    assert re.search(r"sources\s+[━╺╸]+\s+2/2\b.*3 candidate\(s\)", drawn)
    assert re.search(r"fetched\s+[━╺╸]+\s+2/3\b", drawn)  # half way: the slow page is still out
    assert re.search(r"fetched\s+[━╺╸]+\s+3/3\b", drawn)
    assert re.search(r"analysed\s+[━╺╸]+\s+3/3\b.*new_story 1, known 1, irrelevant 1", drawn)
    assert re.search(r"alerts\s+[━╺╸]+\s+1/1\b.*created 1, sent 1", drawn)
    # the screen half way: the stages as rows, no summary yet
    half_way = screen_when(captured, re.compile(r"fetched\s+[━╺╸]+\s+2/3\b"))
    assert half_way[0] == "monitor run korea-test"
    assert re.search(r"✓ sources\s+[━╺╸]+\s+2/2\b", "\n".join(half_way))
    assert not any("Run 1 of topic" in line for line in half_way)

    # at the end: the display is gone and the summary stands in its place
    screen = captured.screen(COLUMNS)
    assert not any(DISPLAY_ROW.search(line) for line in screen), "\n".join(screen)
    start = next(i for i, line in enumerate(screen) if line.startswith("Run 1 of topic"))
    # above it only the log lines of the run (apprise's 'Sent ...'), as without a terminal
    assert all(LOG_LINE.match(line) for line in screen[:start]), "\n".join(screen)
    assert "  candidates 3, already seen 0, fetched 3, stored 3" in screen
    assert "  verdicts: new_story 1, known 1, irrelevant 1" in screen
    assert "  alerts: created 1, sent 1, failed 0" in screen
    assert len(hook.posts) == 1


def test_piped_output_has_no_progress_display(
    tmp_path: Path, site: NewsSite, hook: WebhookReceiver
) -> None:
    site.fault("/feeds/world.xml", *[Reply.error(404)] * 10)
    result = piped(
        "run", "--topic", "korea-test", env=monitor_env(tmp_path, site, hook), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    for stream in (result.stdout, result.stderr):
        assert "\x1b" not in stream  # no cursor movement, no colour
        assert not DISPLAY_ROW.search(stream)
    assert result.stdout.startswith("Run 1 of topic 'korea-test'")
    assert "  errors (1):" in result.stdout
    # the plain log lines of a run without a terminal, as before
    assert "WARNING monitor: discover failed for testpost-world: http 404" in result.stderr


def test_a_terminal_pass_prints_log_lines_above_the_display(
    tmp_path: Path, site: NewsSite, hook: WebhookReceiver
) -> None:
    site.fault("/feeds/world.xml", *[Reply.error(404)] * 10)
    captured = run_in_terminal(
        ["run", "--topic", "korea-test"], env=monitor_env(tmp_path, site, hook), cwd=tmp_path
    )
    assert captured.returncode == 0, captured.output
    assert re.search(r"sources\s+[━╺╸]+\s+2/2\b.*2 candidate\(s\), 1 error", captured.plain)
    screen = captured.screen(100)
    warning = [i for i, line in enumerate(screen) if "discover failed for testpost-world" in line]
    summary = screen.index("  errors (1):")
    assert warning and warning[0] < summary  # kept, above the summary, not drawn over
    assert not any(DISPLAY_ROW.search(line) for line in screen)


def test_quiet_prints_only_errors(tmp_path: Path, site: NewsSite, hook: WebhookReceiver) -> None:
    env = monitor_env(tmp_path, site, hook)
    clean = piped("run", "--topic", "korea-test", "--quiet", env=env, cwd=tmp_path)
    assert clean.returncode == 0, clean.stderr
    assert clean.stdout == "" and clean.stderr == ""
    assert len(hook.posts) == 1  # it did its work

    site.fault("/feeds/world.xml", *[Reply.error(404)] * 10)
    broken = piped("run", "--topic", "korea-test", "-q", env=env, cwd=tmp_path)
    assert broken.returncode == 0
    assert broken.stdout == ""
    assert broken.stderr.splitlines() == [
        "  errors (1):",
        "    discover testpost-world: http 404",
    ]

    in_terminal = run_in_terminal(["run", "--topic", "korea-test", "-q"], env=env, cwd=tmp_path)
    assert "\x1b[?25l" not in in_terminal.output  # no live display either
    assert in_terminal.screen(100) == ["  errors (1):", "    discover testpost-world: http 404"]


def test_json_output_is_the_report_alone_also_in_a_terminal(
    tmp_path: Path, site: NewsSite, hook: WebhookReceiver
) -> None:
    env = monitor_env(tmp_path, site, hook)
    captured = run_in_terminal(
        ["run", "--topic", "korea-test", "--json"], env=env, cwd=tmp_path, columns=1000
    )
    assert captured.returncode == 0, captured.output
    # the display was shown while it ran, and what stays on the screen is the JSON report
    assert DISPLAY_ROW.search(captured.plain)
    screen = captured.screen(1000)
    assert not any(DISPLAY_ROW.search(line) for line in screen)
    # log lines (apprise's 'Sent ...') come first, on standard error, as without a terminal
    report = json.loads("\n".join(screen[screen.index("{") :]))
    assert report["stored"] == 3 and report["verdicts"]["new_story"] == 1
    piped_report = json.loads(
        piped("run", "--topic", "korea-test", "--json", env=env, cwd=tmp_path).stdout
    )
    assert piped_report["stored"] == 0 and piped_report["fetched"] == 0


def test_log_progress_tells_the_counts_the_report_has(
    tmp_path: Path, site: NewsSite, hook: WebhookReceiver, caplog: pytest.LogCaptureFixture
) -> None:
    # one page gone (404) and one source broken: the counts say so, and agree with the report
    gone = next(p for p in site.article_urls() if "werk-zwickau" in p)
    site.fault(gone.removeprefix(site.base_url), *[Reply.error(404)] * 10)
    settings = pass_settings(tmp_path, site, f"sqlite:///{tmp_path}/monitor.db", hook.url)
    logger = logging.getLogger("tests.progress")
    progress = LogProgress(logger)
    with caplog.at_level(logging.INFO, logger="tests.progress"):
        report = run_once(settings, "korea-test", progress=progress)
    lines = [r.getMessage() for r in caplog.records if r.name == "tests.progress"]

    assert report.fetched == 2 and report.stored == 2
    assert lines == [
        "discovered 2/2 source(s): 3 candidate(s), 0 error(s)",
        "selected 3 new candidate(s), 0 already seen",
        "fetched 3/3 (1 failed), extracted 2/2 (0 not articles), analysed 2/2: "
        "new_story 1, known 1",
        "alerts created 1, sent 1, failed 0",
    ]
    counts = progress.counts
    assert counts.fetched == report.fetched
    assert counts.fetch_failed == sum(1 for f in report.failures if f.stage == "fetch")
    assert sum(counts.verdicts.values()) == report.stored
    assert dict(counts.verdicts) == report.verdicts
    assert (counts.alerts_created, counts.alerts_sent) == (
        report.alerts_created,
        report.alerts_sent,
    )

    # a second pass finds nothing new (the feeds are unchanged, the 404 page waits for its
    # retry): it says so and logs no line about pages
    caplog.clear()
    again = LogProgress(logger)
    with caplog.at_level(logging.INFO, logger="tests.progress"):
        run_once(settings, "korea-test", progress=again)
    lines = [r.getMessage() for r in caplog.records if r.name == "tests.progress"]
    assert lines == [
        "discovered 2/2 source(s): 0 candidate(s), 0 error(s)",
        "selected 0 new candidate(s), 0 already seen",
        "alerts created 0, sent 0, failed 0",
    ]
