"""Benchmark 3: story-memory decision time per article at 1k, 10k, 100k (and 1M) stored articles.

    .venv/bin/python bench/scale.py                                  # 1k, 10k, 100k on SQLite
    .venv/bin/python bench/scale.py --sizes 1000,10000,100000,1000000   # hours on 2 cores
    .venv/bin/python bench/scale.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

The stream is the story-memory bench's own synthetic generator (``bench/novelty.py:generate``,
imported, not copied): many overlapping stories in German and English with copies, background
and developments. Every article goes through ``StoryMemory.decide`` over the real
``SqlMemoryIndex``, committed every ``BATCH_SIZE`` articles like a pass does. Printed: the median
decision time of the 500 decisions just before each size, its ratio to the smallest size, peak
RSS of the process (the generated stream itself is held in memory; its size is printed apart) and
swap use before and after (the target: 1M runs without swapping).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import MACHINE, describe_db, fresh_database, now_stamp, rss_mb, table
from bench.novelty import generate  # the story-memory bench's stream, reused as is
from monitor.config import RelevanceConfig, Topic
from monitor.novelty import StoryMemory
from monitor.pipeline import BATCH_SIZE
from monitor.store import open_database
from monitor.store.memory import SqlMemoryIndex

WINDOW = 500


def run(sizes: list[int], database_url: str | None, seed: int) -> dict[str, object]:
    import psutil

    total = max(sizes)
    swap_before = psutil.swap_memory().used
    rss_start = rss_mb()
    t0 = time.perf_counter()
    stream = generate(total, seed)
    generated = time.perf_counter() - t0
    rss_stream = rss_mb() - rss_start
    print(
        f"generated {len(stream.docs)} articles in {generated:.0f} s "
        f"(the stream holds {rss_stream:.0f} MB)",
        flush=True,
    )
    topic = Topic(name=f"scale-{seed}", relevance=RelevanceConfig(query="x"))
    timings: list[float] = []
    peak = 0.0
    with (
        tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp,
        fresh_database(database_url, Path(tmp), "scale") as url,
    ):
        db = open_database(url)
        session = db.sessions()
        memory = StoryMemory(SqlMemoryIndex(session, topic.name), None)
        started = time.perf_counter()
        try:
            for number, doc in enumerate(stream.docs, start=1):
                t = time.perf_counter()
                memory.decide(doc)
                timings.append(time.perf_counter() - t)
                if number % BATCH_SIZE == 0:
                    session.commit()
                if number % 10_000 == 0:
                    peak = max(peak, rss_mb())
                    recent = statistics.median(timings[-WINDOW:]) * 1000
                    print(
                        f"  {number} decided in {time.perf_counter() - started:.0f} s, "
                        f"now {recent:.2f} ms/article, RSS {rss_mb():.0f} MB",
                        flush=True,
                    )
            session.commit()
        finally:
            session.close()
            db.dispose()
    peak = max(peak, rss_mb())
    swap_after = psutil.swap_memory().used
    rows, figures = [], []
    base = None
    for size in sorted(sizes):
        window = timings[max(0, size - WINDOW) : size]
        ms = statistics.median(window) * 1000
        base = base or ms
        figures.append({"stored": size, "ms_per_article": ms, "ratio": ms / base})
        rows.append([f"{size:,}", f"{ms:.2f}", f"{ms / base:.2f}x"])
    print()
    print(
        f"## Benchmark 3: story memory at scale ({describe_db(database_url or 'sqlite')}, "
        f"{now_stamp()}, {MACHINE})"
    )
    print(table(rows, ["stored articles", "ms per decision (median of 500)", "vs smallest"]))
    if 1000 in sizes and 100_000 in sizes:
        ratio = next(f["ratio"] for f in figures if f["stored"] == 100_000)
        print(f"100k / 1k: {ratio:.2f}x (target <= 2x: {'MET' if ratio <= 2 else 'MISSED'})")
    print(
        f"peak RSS {peak:.0f} MB of which the generated stream {rss_stream:.0f} MB; swap used "
        f"before {swap_before >> 20} MB, after {swap_after >> 20} MB "
        f"(total swap {psutil.swap_memory().total >> 20} MB)"
    )
    print(f"decisions took {sum(timings):.0f} s in all")
    return {
        "date": now_stamp(),
        "machine": MACHINE,
        "database": describe_db(database_url or "sqlite"),
        "figures": figures,
        "peak_rss_mb": peak,
        "stream_mb": rss_stream,
        "swap_before": swap_before,
        "swap_after": swap_after,
        "decide_seconds": sum(timings),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="stored sizes, comma separated"
    )
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    result = run(sizes, args.database_url, args.seed)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
