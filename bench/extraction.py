"""Extraction benchmark: our extractor against plain trafilatura on article-extraction-benchmark.

    .venv/bin/python bench/extraction.py [DATA] [--only NAME] [--rounds N] [--dump FILE]

DATA defaults to ../shared/data/article-extraction-benchmark (relative to the project root).
Scores use the benchmark's own metric: word 4-gram shingles of \\w+ words, per-page tp/fp/fn
normalised to sum to 1, precision and recall averaged over pages, F1 of the two averages.
All systems run in the same process, taking turns page by page, so their times compare.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor.errors import ExtractionError  # noqa: E402
from monitor.extract import extract  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "article-extraction-benchmark"
_WORD = re.compile(r"\w+", re.UNICODE)

Extractor = Callable[[str], str]


def shingles(text: str, n: int = 4) -> Counter[str]:
    """The benchmark's shingles: n consecutive \\w+ words (one shorter one for tiny texts)."""
    words = _WORD.findall(text or "")
    return Counter(" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1)))


def page_counts(expected: str, extracted: str) -> tuple[float, float, float]:
    """Per-page tp, fp, fn normalised to sum to 1, so long pages weigh no more than short ones."""
    truth, pred = shingles(expected), shingles(extracted)
    truth.pop("", None)
    pred.pop("", None)
    tp = sum((truth & pred).values())
    fp = sum((pred - truth).values())
    fn = sum((truth - pred).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def precision_recall(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    precisions, recalls = [], []
    for tp, fp, fn in counts:
        precisions.append(1.0 if tp + fp == 0 and fn == 0 else (tp / (tp + fp) if tp + fp else 0.0))
        recalls.append(1.0 if tp + fn == 0 else tp / (tp + fn))
    p = sum(precisions) / len(precisions)
    r = sum(recalls) / len(recalls)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1


def plain(html: str) -> str:
    return trafilatura.extract(html) or ""


def precise(html: str) -> str:
    return trafilatura.extract(html, favor_precision=True) or ""


# Pages our extractor rejected (an id of the page -> reason): they score as an empty extraction.
REJECTED: dict[int, str] = {}


def ours(html: str) -> str:
    try:
        article = extract(html)
    except ExtractionError as exc:
        REJECTED[hash(html)] = exc.reason
        return ""
    return article.text


SYSTEMS: dict[str, Extractor] = {
    "trafilatura": plain,
    "trafilatura favor_precision": precise,
    "ours": ours,
}


def load(data: Path) -> list[tuple[str, str, str]]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        raw = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
        pages.append((key, raw.decode("utf-8", errors="replace"), truth[key]["articleBody"]))
    return pages


def run_all(
    pages: list[tuple[str, str, str]], systems: dict[str, Extractor]
) -> dict[str, tuple[list[tuple[float, float, float]], float]]:
    """Scores and ms/page of each system; systems take turns page by page, so a busy machine
    slows them all alike instead of whichever happens to run during the busy minute."""
    elapsed = dict.fromkeys(systems, 0.0)
    counts: dict[str, list[tuple[float, float, float]]] = {name: [] for name in systems}
    for _key, html, expected in pages:
        for name, fn in systems.items():
            started = time.perf_counter()
            text = fn(html)
            elapsed[name] += time.perf_counter() - started
            counts[name].append(page_counts(expected, text))
    return {name: (counts[name], 1000 * elapsed[name] / len(pages)) for name in systems}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "data",
        nargs="?",
        type=Path,
        default=DEFAULT_DATA,
        help="path of article-extraction-benchmark (html/ and ground-truth.json)",
    )
    parser.add_argument("--only", action="append", choices=sorted(SYSTEMS), help="run only these")
    parser.add_argument("--dump", type=Path, help="write per-page scores as JSON lines here")
    parser.add_argument(
        "--rounds", type=int, default=1, help="time this many rounds and keep each system's best"
    )
    args = parser.parse_args(argv)
    data: Path = args.data
    if not (data / "ground-truth.json").is_file():
        print(
            f"benchmark data not found at {data} (expected ground-truth.json and html/); "
            "pass its path as the first argument",
            file=sys.stderr,
        )
        return 0
    pages = load(data)
    # warm up lazy imports and caches so the first system does not pay for them
    for fn in SYSTEMS.values():
        fn(pages[0][1])
    names = args.only or list(SYSTEMS)
    print(f"{len(pages)} pages from {data}")
    results = run_all(pages, {name: SYSTEMS[name] for name in names})
    for _round in range(1, max(1, args.rounds)):
        again = run_all(pages, {name: SYSTEMS[name] for name in names})
        results = {
            name: (results[name][0], min(results[name][1], again[name][1])) for name in names
        }
    print(f"{'system':30} {'P':>6} {'R':>6} {'F1':>6} {'ms/page':>8} {'time':>6}")
    base_ms = results["trafilatura"][1] if "trafilatura" in results else None
    for name in names:
        counts, ms = results[name]
        p, r, f1 = precision_recall(counts)
        ratio = f"{ms / base_ms:5.2f}x" if base_ms else ""
        print(f"{name:30} {p:6.3f} {r:6.3f} {f1:6.3f} {ms:8.1f} {ratio:>6}")
    if "ours" in results:
        reasons = Counter(REJECTED.values())
        listed = ", ".join(f"{n} {reason}" for reason, n in reasons.most_common()) or "none"
        print(f"ours rejected (scored as empty): {listed}")
        p, r, f1 = precision_recall(results["ours"][0])
        slower = results["ours"][1] / base_ms if base_ms else None
        met = f1 >= 0.965 and p >= 0.95 and (slower is None or slower <= 1.3)
        print(f"target F1 >= 0.965, P >= 0.95, time <= 1.3x plain: {'met' if met else 'NOT met'}")
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for i, (key, _html, _exp) in enumerate(pages):
                row: dict[str, object] = {"key": key}
                for name in names:
                    row[name] = results[name][0][i]
                fh.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
