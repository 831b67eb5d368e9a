"""Fit the story memory's decoy model and write it into monitor/novelty/decisions.json.

    .venv/bin/python bench/fit_decoys.py [--check]

What it decides: an article that would open a story (no candidate story is probable enough)
and that the hand-set tests (monitor/novelty/memory.py: unlike, stranger, foreign, far) let
through, is it news of the topic (another story) or a decoy that only shares the query's words
(a film, a consumer piece, another sense of the word)? The features are the decision's own
scores (memory.DECOY_FEATURES).

How: every scenario arc of tests/scenarios but those in bench/held_arcs.txt is replayed through
the story memory with the decoy model switched off; each article that opens a story where the
model judges (memory.decoy_features: a candidate story scored, in a memory of a few reports)
is an example, 1 when the arc expects it irrelevant, 0 when it expects
a new story (articles expected to join a story are left out: the join decides them). The model
is fitted with monitor.novelty.model.fit_logistic; its threshold is the cut of CUTS that catches
most decoys on the fitted examples when a story lost counts as STORY_COST decoys (a missed story
is worse than a false alert). The held arcs measure it (bench/quality.py, the scenario suite).
The real sets (Giveme5W1H, SemEval) have no topic and no decoys: the model does not act there.

`--check` prints the examples and the cuts and writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import replace
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quality import SCENARIOS, _read_jsonl, arc_document, arc_header, scenario_files  # noqa: E402

from monitor.config import load_topics  # noqa: E402
from monitor.novelty import StoryMemory  # noqa: E402
from monitor.novelty.memory import DECOY_FEATURES, decoy_features  # noqa: E402
from monitor.novelty.model import DECISIONS_FILE, fit_logistic, load_decisions  # noqa: E402
from monitor.store.db import open_database  # noqa: E402
from monitor.store.memory import SqlMemoryIndex  # noqa: E402

HELD = ROOT / "bench" / "held_arcs.txt"
CUTS = tuple(round(0.5 + 0.05 * i, 2) for i in range(9))
STORY_COST = 3.0


def held_arcs() -> set[str]:
    lines = HELD.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def arc_examples(path: Path) -> list[tuple[dict[str, float], int]]:
    """The arc's examples: the features of each article that opened a story beside a
    candidate, with 1 for a decoy and 0 for a story."""
    rows = _read_jsonl(path)
    topic = load_topics(SCENARIOS / "topics.toml")[arc_header(rows)["topic"]]
    decisions = replace(load_decisions(), decoy=None)
    examples: list[tuple[dict[str, float], int]] = []
    with tempfile.TemporaryDirectory(prefix="fit-decoys-") as workdir:
        database = open_database(f"sqlite:///{Path(workdir, 'fit.db').as_posix()}")
        try:
            for row in rows:
                if "id" not in row:
                    continue
                doc = arc_document(row)
                with database.session() as session:
                    index = SqlMemoryIndex(session, topic.name)
                    docs = index.doc_count()
                    verdict = StoryMemory(index, topic, None, decisions).decide(doc)
                want = row["expect"]["verdict"]
                wanted = [want] if isinstance(want, str) else list(want)
                values = decoy_features(verdict.scores, docs)
                if verdict.kind.value != "new_story" or values is None:
                    continue
                if wanted == ["irrelevant"]:
                    examples.append((values, 1))
                elif "new_story" in wanted:
                    examples.append((values, 0))
        finally:
            database.dispose()
    return examples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="print the fit, write nothing")
    parser.add_argument("--l2", type=float, default=1.0)
    args = parser.parse_args()
    held = held_arcs()
    arcs = [p for p in scenario_files() if p.stem not in held]
    with Pool(2) as pool:
        examples = [e for found in pool.map(arc_examples, arcs, chunksize=4) for e in found]
    rows = [values for values, _ in examples]
    labels = [label for _, label in examples]
    decoys = sum(labels)
    print(
        f"{len(arcs)} arcs ({len(held)} held out): {decoys} decoys, {len(labels) - decoys} stories"
    )
    model = fit_logistic(rows, labels, DECOY_FEATURES, l2=args.l2)
    best, best_gain = CUTS[-1], float("-inf")
    for cut in CUTS:
        caught = sum(1 for r, y in examples if y and model.probability(r) >= cut)
        lost = sum(1 for r, y in examples if not y and model.probability(r) >= cut)
        gain = caught - STORY_COST * lost
        print(f"  cut {cut:.2f}: decoys caught {caught}, stories lost {lost}")
        if gain > best_gain:
            best, best_gain = cut, gain
    model = replace(model, threshold=best)
    print("decoy model:", json.dumps(model.as_dict()))
    if args.check:
        return 0
    raw = json.loads(DECISIONS_FILE.read_text(encoding="utf-8"))
    raw["decoy"] = model.as_dict()
    raw["decoy_fitted_on"] = (
        f"scenario arcs but bench/held_arcs.txt ({decoys} decoys, {len(labels) - decoys} "
        "stories); bench/fit_decoys.py"
    )
    DECISIONS_FILE.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {DECISIONS_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
