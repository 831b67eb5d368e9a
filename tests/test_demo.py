"""`monitor demo` end to end: the local news site, the real pipeline, the printed alerts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from monitor.demo import run_demo


def test_the_demo_alerts_a_new_story_and_a_development_and_nothing_else(tmp_path: Path) -> None:
    lines: list[str] = []
    began = time.monotonic()
    outcome = run_demo(lines.append, pause=0, workdir=tmp_path)
    assert time.monotonic() - began < 60
    assert outcome.ok, outcome.errors
    assert outcome.alerts == {"new_story": 1, "development": 1}
    assert sorted(outcome.verdicts) == [
        ("background", "known"),
        ("development", "development"),
        ("first report", "new_story"),
        ("unrelated piece", "irrelevant"),
        ("wire copy", "duplicate"),
    ]
    text = "\n".join(lines)
    assert "New story: Talbrücke Wehrbach nach Rissen in Stahlträgern gesperrt" in text
    assert "Update: Talbrücke Wehrbach wird abgerissen, Neubau bis 2030" in text
    assert "210 Millionen Euro" in text  # a new fact of the development, as a bullet
    assert text.count("no alert: nothing new") == 1  # stage 2: the copy and the background
    assert "copy: Westdeutsche Rundschau" in text  # folded into the first report
    assert "To follow real news instead" in text


def test_monitor_demo_runs_offline_with_no_configuration(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MONITOR_", "PREFECT_"))}
    # whatever the user has set must not leak into the demo: a target it cannot reach
    env["MONITOR_APPRISE_URLS"] = "json://127.0.0.1:9/never"
    env["MONITOR_DATABASE_URL"] = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    env["PREFECT_UI_URL"] = "http://127.0.0.1:4200"
    done = subprocess.run(
        [sys.executable, "-m", "monitor.cli", "demo", "--pause", "0"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.count("New story: ") == 1 and out.count("Update: ") == 1
    assert "Stage 3: development" in out
    assert "Story 1 [demo-wehrbach-bridge]" in out
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []  # nothing left behind
