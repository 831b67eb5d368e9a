"""`monitor replay` on our German/English scenario: one verdict line per input line, in order."""

from __future__ import annotations

import json
from pathlib import Path

from monitor.replay import replay
from tests.test_novelty_scenario import SCENARIO, check_scenario, default_topic


def _write_input(path: Path, items: list[dict[str, object]]) -> None:
    fields = ("id", "published", "title", "text", "lang")
    path.write_text(
        "".join(
            json.dumps({k: item[k] for k in fields}, ensure_ascii=False) + "\n" for item in items
        ),
        encoding="utf-8",
    )


def test_replay_scenario_gives_the_expected_verdicts(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_input(source, SCENARIO)
    summary = replay(source, out, default_topic())
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == [item["id"] for item in SCENARIO]
    for line in lines:
        assert set(line) >= {"id", "verdict", "story_id", "duplicate_of", "new_facts", "scores"}
    check_scenario({line["id"]: line for line in lines})
    assert summary.read == len(SCENARIO) and summary.errors == 0
    assert summary.verdicts["development"] == 3 and summary.verdicts["irrelevant"] == 2


def test_replay_any_topic_keeps_unrelated_articles(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_input(source, SCENARIO)
    replay(source, out, None)
    verdicts = {json.loads(x)["id"]: json.loads(x)["verdict"] for x in out.read_text().splitlines()}
    assert verdicts["de-factory"] == "new_story"
    assert verdicts["de-treaty-copy"] == "duplicate"


def test_replay_reports_bad_lines_and_goes_on(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    good = {k: SCENARIO[0][k] for k in ("id", "published", "title", "text", "lang")}
    source.write_text(
        "not json\n"
        + json.dumps({"id": "x", "text": "Ohne Datum."})
        + "\n"
        + json.dumps(good, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    summary = replay(source, out, default_topic())
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["verdict"] for line in lines] == [None, None, "new_story"]
    assert "line 2" in lines[1]["error"] and "published" in lines[1]["error"]
    assert summary.errors == 2


def test_replay_into_a_kept_database_remembers_across_runs(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/kept.db"
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    _write_input(first, SCENARIO[:1])
    _write_input(second, SCENARIO[2:3])  # the wire copy of the first article
    replay(first, tmp_path / "a.out", default_topic(), url)
    replay(second, tmp_path / "b.out", default_topic(), url)
    line = json.loads((tmp_path / "b.out").read_text(encoding="utf-8"))
    assert line["verdict"] == "duplicate" and line["duplicate_of"] == SCENARIO[0]["id"]
