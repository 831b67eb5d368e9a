"""Verdict quality on real labelled news: the story memory replayed the way it is judged.

    .venv/bin/python bench/quality.py [--data ../shared/data/news-stories-dev] [--sets g,s,x]

Sets (see the data's README.txt; its texts are read at run time, never copied anywhere):
- g: giveme5w1h_dev.jsonl, every article in date order through `monitor replay --any-topic`'s
  own function into one empty memory; story ids scored against the labelled events (B-cubed and
  pairwise P/R/F1, a duplicate counted in its original's story), wire copies (two articles of one
  story sharing >= 80 % of their 5-word shingles) caught as duplicates, duplicates of an article
  of another story ("false duplicates"). The reference line is the README's single-pass TF-IDF
  clusterer at its tuned threshold, computed here.
- s: semeval2022t8_dev_pairs.jsonl, each clear pair (Overall <= 1.5 same story, >= 3.5
  different) replayed one hour apart into an empty memory; "same" when the second is a duplicate
  of the first or joins its story; balanced accuracy per language pair.
- x: the scenario suite of tests/scenarios/*.jsonl (our own story arcs): verdict accuracy,
  development precision/recall, and the share of developments whose expected lead-fact words
  appear in their bullets.

Without the data directory the real sets say so in capitals and are skipped.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor.languages import STOPWORDS  # noqa: E402
from monitor.novelty import Document, StoryMemory  # noqa: E402
from monitor.replay import replay  # noqa: E402
from monitor.store.db import Database  # noqa: E402
from monitor.store.memory import SqlMemoryIndex  # noqa: E402
from monitor.store.schema import Base  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news-stories-dev"
SCENARIOS = ROOT / "tests" / "scenarios"
WIRE_SHARE = 0.8


# ------------------------------------------------------------------------------ scoring
def bcubed(labels: dict[str, str], clusters: dict[str, Any]) -> tuple[float, float, float]:
    by_label: dict[str, set[str]] = defaultdict(set)
    by_cluster: dict[Any, set[str]] = defaultdict(set)
    for item, label in labels.items():
        by_label[label].add(item)
        by_cluster[clusters[item]].add(item)
    precision = recall = 0.0
    for item in labels:
        mine = by_cluster[clusters[item]]
        gold = by_label[labels[item]]
        shared = len(mine & gold)
        precision += shared / len(mine)
        recall += shared / len(gold)
    precision /= len(labels)
    recall /= len(labels)
    return precision, recall, _f1(precision, recall)


def pairwise(labels: dict[str, str], clusters: dict[str, Any]) -> tuple[float, float, float]:
    items = sorted(labels)
    tp = fp = fn = 0
    for i, left in enumerate(items):
        for right in items[i + 1 :]:
            same_gold = labels[left] == labels[right]
            same_ours = clusters[left] == clusters[right]
            tp += same_gold and same_ours
            fp += same_ours and not same_gold
            fn += same_gold and not same_ours
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, _f1(precision, recall)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


_WORD = re.compile(r"\w+", re.UNICODE)


def shingle_set(text: str, size: int = 5) -> set[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {tuple(words[i : i + size]) for i in range(max(0, len(words) - size + 1))}


# ----------------------------------------------------------------------- reference clusterer
# the reference's English stop words: the monitor's own list (sklearn's is of the same kind)
_EN_STOP = STOPWORDS["en"]


def tfidf_single_pass(texts: list[str], threshold: float) -> list[int]:
    """The README's reference: sublinear tf, English stop words, idf over the whole set, join the
    most similar story centroid at cosine >= threshold, else open a story."""
    docs = [Counter(w for w in _WORD.findall(t.lower()) if w not in _EN_STOP) for t in texts]
    df: Counter[str] = Counter(w for d in docs for w in d)
    n = len(docs)
    vectors = []
    for d in docs:
        v = {w: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[w])) + 1) for w, c in d.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items()})
    centroids: list[dict[str, float]] = []
    labels: list[int] = []
    for v in vectors:
        best, best_sim = -1, 0.0
        for i, c in enumerate(centroids):
            norm = math.sqrt(sum(x * x for x in c.values())) or 1.0
            sim = sum(x * c.get(w, 0.0) for w, x in v.items()) / norm
            if sim > best_sim:
                best, best_sim = i, sim
        if best >= 0 and best_sim >= threshold:
            for w, x in v.items():
                centroids[best][w] = centroids[best].get(w, 0.0) + x
            labels.append(best)
        else:
            centroids.append(dict(v))
            labels.append(len(centroids) - 1)
    return labels


# ------------------------------------------------------------------------------ giveme
@dataclass
class StoryScores:
    articles: int
    events: int
    stories: int
    bcubed: tuple[float, float, float]
    pairwise: tuple[float, float, float]
    wire_pairs: int
    wire_caught: int
    duplicates: int
    false_duplicates: int
    ms_per_article: float


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def run_giveme(path: Path, workdir: Path) -> tuple[StoryScores, list[dict[str, Any]]]:
    rows = sorted(_read_jsonl(path), key=lambda r: (r["date_publish"], r["id"]))
    replay_in = workdir / "giveme-in.jsonl"
    with replay_in.open("w", encoding="utf-8") as out:
        for r in rows:
            record = {
                "id": r["id"],
                "published": r["date_publish"],
                "title": r.get("title") or "",
                "text": r.get("text") or "",
                "url": r.get("url"),
                "lang": r.get("language") or "en",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    replay_out = workdir / "giveme-out.jsonl"
    started = time.perf_counter()
    replay(replay_in, replay_out, None)
    elapsed = time.perf_counter() - started
    results = {r["id"]: r for r in _read_jsonl(replay_out)}
    labels = {r["id"]: str(r["event_id"]) for r in rows}
    clusters: dict[str, Any] = {}
    for r in rows:
        result = results[r["id"]]
        clusters[r["id"]] = (
            result["story_id"] if result["story_id"] is not None else f"none:{r['id']}"
        )
    # wire copies: the later of two same-story articles sharing most of their shingles
    shingles = {r["id"]: shingle_set(r.get("text") or "") for r in rows}
    order = {r["id"]: i for i, r in enumerate(rows)}
    wire: set[str] = set()
    for i, left in enumerate(rows):
        for right in rows[i + 1 :]:
            if labels[left["id"]] != labels[right["id"]]:
                continue
            a, b = shingles[left["id"]], shingles[right["id"]]
            if a and b and len(a & b) / min(len(a), len(b)) >= WIRE_SHARE:
                wire.add(max(left["id"], right["id"], key=lambda k: order[k]))
    duplicates = [k for k, v in results.items() if v["verdict"] == "duplicate"]
    false_dups = [
        k
        for k in duplicates
        if results[k]["duplicate_of"] in labels and labels[results[k]["duplicate_of"]] != labels[k]
    ]
    scores = StoryScores(
        articles=len(rows),
        events=len(set(labels.values())),
        stories=len(set(clusters.values())),
        bcubed=bcubed(labels, clusters),
        pairwise=pairwise(labels, clusters),
        wire_pairs=len(wire),
        wire_caught=sum(1 for k in wire if results[k]["verdict"] == "duplicate"),
        duplicates=len(duplicates),
        false_duplicates=len(false_dups),
        ms_per_article=1000 * elapsed / max(1, len(rows)),
    )
    detail = [{**results[r["id"]], "event_id": labels[r["id"]]} for r in rows]
    return scores, detail


def reference_giveme(path: Path) -> tuple[float, float, float]:
    rows = sorted(_read_jsonl(path), key=lambda r: (r["date_publish"], r["id"]))
    labels = {r["id"]: str(r["event_id"]) for r in rows}
    texts = [f"{r.get('title') or ''}\n{r.get('text') or ''}" for r in rows]
    found = tfidf_single_pass(texts, 0.15)
    clusters = {r["id"]: c for r, c in zip(rows, found, strict=True)}
    return bcubed(labels, clusters)[2], pairwise(labels, clusters)[2], 0.15


# ------------------------------------------------------------------------------ pairs
@dataclass
class PairScores:
    language_pair: str
    same: int
    same_right: int
    different: int
    different_right: int

    @property
    def balanced_accuracy(self) -> float:
        same = self.same_right / self.same if self.same else 1.0
        different = self.different_right / self.different if self.different else 1.0
        return (same + different) / 2


def _split_title(text: str) -> tuple[str, str]:
    """The pairs' texts are 'headline  body': the headline is what stands before the first
    double space when it is short, as a title is."""
    head, sep, rest = text.strip().partition("  ")
    if sep and 0 < len(head) <= 250 and rest.strip():
        return head.strip(), rest.strip()
    return "", text.strip()


PAIR_START = datetime(2020, 6, 1, 8, 0, tzinfo=UTC)


def pair_documents(row: dict[str, Any]) -> list[Document]:
    """The two texts of a SemEval pair as the monitor reads them, one hour apart."""
    documents = []
    for number, side in enumerate((1, 2)):
        title, text = _split_title(row[f"text{side}"])
        documents.append(
            Document(
                key=f"{row['pair_id']}:{side}",
                title=title,
                text=text,
                language=row[f"lang{side}"],
                published=PAIR_START + timedelta(hours=number),
            )
        )
    return documents


def run_pairs(path: Path, workdir: Path) -> tuple[list[PairScores], list[dict[str, Any]]]:
    rows = _read_jsonl(path)
    database = Database(f"sqlite:///{(workdir / 'pairs.db').as_posix()}")
    Base.metadata.create_all(database.engine)
    scores: dict[str, PairScores] = {}
    detail: list[dict[str, Any]] = []
    try:
        for row in rows:
            overall = float(row["Overall"])
            if 1.5 < overall < 3.5:
                continue
            pair = "-".join(sorted([row["lang1"], row["lang2"]]))
            entry = scores.setdefault(pair, PairScores(pair, 0, 0, 0, 0))
            expected_same = overall <= 1.5
            topic = f"pair:{row['pair_id']}"
            with database.session() as session:
                memory = StoryMemory(SqlMemoryIndex(session, topic), None)
                verdicts = [memory.decide(doc) for doc in pair_documents(row)]
            first, second = verdicts
            same = second.kind.value == "duplicate" or (
                second.story_id is not None and second.story_id == first.story_id
            )
            if expected_same:
                entry.same += 1
                entry.same_right += same
            else:
                entry.different += 1
                entry.different_right += not same
            detail.append(
                {
                    "pair_id": row["pair_id"],
                    "languages": pair,
                    "overall": overall,
                    "expected_same": expected_same,
                    "same": same,
                    "verdict": second.kind.value,
                    "scores": second.scores,
                }
            )
    finally:
        database.dispose()
    return [scores[k] for k in sorted(scores)], detail


# --------------------------------------------------------------------------- scenarios
@dataclass
class ScenarioScores:
    arcs: int
    articles: int
    verdicts_right: int
    development_expected: int
    development_found: int
    development_right: int
    lead_expected: int
    lead_found: int
    misses: list[str]
    # the check arcs (header '"fit": false'): their names, articles and verdicts right
    check_arcs: list[str] = field(default_factory=list)
    check_articles: int = 0
    check_right: int = 0

    @property
    def development_precision(self) -> float:
        return self.development_right / self.development_found if self.development_found else 1.0

    @property
    def development_recall(self) -> float:
        return (
            self.development_right / self.development_expected if self.development_expected else 1.0
        )


def scenario_files(directory: Path = SCENARIOS) -> list[Path]:
    return sorted(directory.glob("*.jsonl"))


def arc_header(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """An arc file's header line (`arc`, `topic`, `about`, `fit`), or {} when it has none."""
    return rows[0] if rows and "id" not in rows[0] else {}


def arc_document(row: dict[str, Any]) -> Document:
    """An arc file's article line as the story memory reads it."""
    return Document(
        key=row["id"],
        title=row.get("title") or "",
        text=row.get("text") or "",
        language=row.get("lang"),
        published=datetime.fromisoformat(row["published"]),
    )


def is_check_arc(path: Path) -> bool:
    """A check arc (header `"fit": false`): replayed and scored, never learnt from."""
    return arc_header(_read_jsonl(path)).get("fit") is False


def run_scenario(path: Path, workdir: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Replay one arc file through `monitor replay`'s function; pairs of (expected, result)."""
    from monitor.config import load_topics

    rows = _read_jsonl(path)
    header = arc_header(rows)
    articles = [r for r in rows if "id" in r]
    topic = None
    if header.get("topic"):
        topic = load_topics(path.parent / "topics.toml")[header["topic"]]
    replay_in = workdir / f"{path.stem}-in.jsonl"
    with replay_in.open("w", encoding="utf-8") as out:
        for r in articles:
            out.write(json.dumps({k: v for k, v in r.items() if k != "expect"}) + "\n")
    replay_out = workdir / f"{path.stem}-out.jsonl"
    replay(replay_in, replay_out, topic)
    results = _read_jsonl(replay_out)
    return [(r["expect"], res) for r, res in zip(articles, results, strict=True)]


def lead_found(expect: dict[str, Any], result: dict[str, Any]) -> bool:
    words = [w.lower() for w in expect.get("lead", [])]
    bullets = " ".join(result.get("new_facts") or []).lower()
    return all(w in bullets for w in words)


def run_scenarios(workdir: Path, files: Iterable[Path]) -> ScenarioScores:
    scores = ScenarioScores(0, 0, 0, 0, 0, 0, 0, 0, [])
    for path in files:
        scores.arcs += 1
        check = is_check_arc(path)
        if check:
            scores.check_arcs.append(path.stem)
        for expect, result in run_scenario(path, workdir):
            scores.articles += 1
            want, got = expect["verdict"], result["verdict"]
            right = got in (want if isinstance(want, list) else [want])
            scores.verdicts_right += right
            scores.check_articles += check
            scores.check_right += check and right
            if not right:
                scores.misses.append(f"{path.stem}:{result['id']} expected {want}, got {got}")
            scores.development_expected += want == "development"
            scores.development_found += got == "development"
            scores.development_right += want == "development" and got == "development"
            if want == "development" and expect.get("lead"):
                scores.lead_expected += 1
                if got == "development" and lead_found(expect, result):
                    scores.lead_found += 1
                elif got == "development":
                    scores.misses.append(
                        f"{path.stem}:{result['id']} lead {expect['lead']} not in bullets"
                    )
    return scores


# ------------------------------------------------------------------------------ report
def _fmt(triple: tuple[float, float, float]) -> str:
    return f"P {triple[0]:.3f}  R {triple[1]:.3f}  F1 {triple[2]:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="news-stories-dev folder")
    parser.add_argument("--sets", default="g,s,x", help="g giveme5w1h, s semeval pairs, x ours")
    parser.add_argument("--detail", type=Path, help="write per-article/pair results here (JSON)")
    parser.add_argument("--reference", action="store_true", help="also run the TF-IDF reference")
    args = parser.parse_args()
    sets = set(args.sets.split(","))
    detail: dict[str, Any] = {}
    lines = ["| set | figure | value |", "|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="quality-") as tmp:
        workdir = Path(tmp)
        giveme = args.data / "giveme5w1h_dev.jsonl"
        pairs = args.data / "semeval2022t8_dev_pairs.jsonl"
        if "g" in sets:
            if not giveme.exists():
                print(f"GIVEME5W1H DEV DATA ABSENT at {giveme}: set skipped")
            else:
                s, detail["giveme"] = run_giveme(giveme, workdir)
                print(
                    f"giveme5w1h: {s.articles} articles, {s.events} events -> {s.stories} stories"
                )
                print(f"  B-cubed   {_fmt(s.bcubed)}")
                print(f"  pairwise  {_fmt(s.pairwise)}")
                print(
                    f"  wire copies caught {s.wire_caught}/{s.wire_pairs}; duplicates "
                    f"{s.duplicates}, false (another story) {s.false_duplicates}; "
                    f"{s.ms_per_article:.1f} ms per article (replay, SQLite)"
                )
                lines += [
                    f"| giveme5w1h | B-cubed F1 (P/R) | {s.bcubed[2]:.3f} "
                    f"({s.bcubed[0]:.3f}/{s.bcubed[1]:.3f}) |",
                    f"| giveme5w1h | pairwise F1 (P/R) | {s.pairwise[2]:.3f} "
                    f"({s.pairwise[0]:.3f}/{s.pairwise[1]:.3f}) |",
                    f"| giveme5w1h | wire copies caught | {s.wire_caught}/{s.wire_pairs} |",
                    f"| giveme5w1h | false duplicates | {s.false_duplicates} |",
                ]
                if args.reference:
                    b, p, t = reference_giveme(giveme)
                    print(
                        f"  reference TF-IDF single pass (t {t}): B-cubed F1 {b:.3f}, pairwise {p:.3f}"
                    )
        if "s" in sets:
            if not pairs.exists():
                print(f"SEMEVAL DEV PAIRS ABSENT at {pairs}: set skipped")
            else:
                found, detail["pairs"] = run_pairs(pairs, workdir)
                for p in found:
                    print(
                        f"semeval {p.language_pair}: balanced accuracy {p.balanced_accuracy:.3f} "
                        f"(same {p.same_right}/{p.same}, different {p.different_right}/{p.different})"
                    )
                    lines.append(
                        f"| semeval {p.language_pair} | balanced accuracy | "
                        f"{p.balanced_accuracy:.3f} |"
                    )
        if "x" in sets:
            files = scenario_files()
            if not files:
                print(f"no scenario files under {SCENARIOS}")
            else:
                x = run_scenarios(workdir, files)
                print(
                    f"scenarios: {x.arcs} arcs, {x.articles} articles: verdicts "
                    f"{x.verdicts_right}/{x.articles}; development P {x.development_precision:.3f} "
                    f"R {x.development_recall:.3f}; lead fact in bullets {x.lead_found}/{x.lead_expected}"
                )
                for miss in x.misses:
                    print(f"  miss {miss}")
                if x.check_arcs:
                    print(
                        f"  of which check arcs (never fitted: {', '.join(x.check_arcs)}):"
                        f" verdicts {x.check_right}/{x.check_articles}"
                    )
                    lines.append(
                        f"| scenarios | check arcs never fitted, verdicts right | "
                        f"{x.check_right}/{x.check_articles} |"
                    )
                lines += [
                    f"| scenarios | verdicts right | {x.verdicts_right}/{x.articles} |",
                    f"| scenarios | development P/R | {x.development_precision:.3f}/"
                    f"{x.development_recall:.3f} |",
                    f"| scenarios | lead fact in bullets | {x.lead_found}/{x.lead_expected} |",
                ]
    print()
    print("\n".join(lines))
    if args.detail:
        args.detail.write_text(json.dumps(detail, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
