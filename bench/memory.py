"""Benchmark 4: peak RSS of a pass over 10,000 articles, with the database pre-filled to several sizes.

    .venv/bin/python bench/memory.py                          # pass of 10,000; 0 and 20,000 stored
    .venv/bin/python bench/memory.py --stored 0,50000 --articles 10000
    .venv/bin/python bench/memory.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Target: peak RSS <= 500 MB and flat in the number of stored articles. The stored articles go in
through the library (``monitor.stages.decide`` on extracted articles, in batches like a pass), so
the database holds what real passes leave behind: articles, aliases, verdicts, stories, the story
memory's index and the alert outbox. The measured pass then runs ``run_once`` in a fresh
interpreter over a local site of ``--articles`` pages; RSS is sampled over the whole process tree
(main process plus extraction workers) and the main process alone.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    DEFAULT_DATASET,
    MACHINE,
    BenchSite,
    SiteSpec,
    bench_settings,
    describe_db,
    fresh_database,
    german_article,
    measured,
    now_stamp,
    run_json,
    table,
    write_topic,
)

_EN_BEATS = [
    ("council", "The city council voted on {n} proposals for new cycle lanes on {day}."),
    ("harbour", "Port authorities reported {n} container ships waiting outside the harbour."),
    ("school", "The education board said {n} teachers will be hired before the new term."),
    ("hospital", "The regional hospital opened a ward with {n} beds on {day}."),
    ("storm", "Forecasters expect winds of up to {n} kilometres per hour by {day}."),
    ("transit", "The transit agency will run {n} extra trains during the festival."),
]
_EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def stored_article(index: int, rng: random.Random) -> tuple[str, str, str]:
    """(title, text, language) of one pre-filled article: German reports from our templates, some
    about the topic, and English local news, each with a story code so there are many stories."""
    story = index // 7  # about seven reports per story, like a running story
    if index % 3 == 0:
        title, paragraphs = german_article(index, rng, relevant=index % 2 == 0)
        paragraphs.append(f"Vorgang {story}: Aktenzeichen Z{story * 7919 % 100_003} im Register.")
        return title, "\n\n".join(paragraphs), "de"
    beat, sentence = _EN_BEATS[story % len(_EN_BEATS)]
    values = {"n": rng.randint(2, 5000), "day": rng.choice(_EN_DAYS)}
    lines = [sentence.format(**values)]
    lines += [
        f"Officials in district {story % 97} said case {story} would be reviewed within "
        f"{rng.randint(2, 60)} days.",
        f"Residents asked about the {beat} at a public meeting attended by {rng.randint(20, 900)} "
        f"people.",
        f"Reference code S{story * 104_729 % 1_000_003} was given to the {beat} file.",
        "A spokesperson declined to comment further on the matter.",
    ]
    return f"{beat.title()} update {story}-{index}", "\n\n".join(lines), "en"


def prefill(
    db_url: str, topics: Path, workdir: Path, count: int, batch: int = 200
) -> dict[str, Any]:
    """Store ``count`` articles through the decide stage, batch by batch like a pass does."""
    from monitor import stages
    from monitor.models import Article, Candidate
    from monitor.pipeline import MonitorRun, prepare

    settings = bench_settings(database_url=db_url, topics_file=topics, data_dir=workdir)
    topic, db = prepare(settings, "bench")
    rng = random.Random(11)
    start = datetime.now(UTC) - timedelta(days=200)
    step = timedelta(days=190) / max(count, 1)
    stored = 0
    t0 = time.perf_counter()
    try:
        for first in range(0, count, batch):
            run = MonitorRun(settings, topic, db)
            with run:
                items = []
                for i in range(first, min(first + batch, count)):
                    title, text, language = stored_article(i, rng)
                    url = f"https://prefill.example/{language}/{i}.html"
                    published = start + step * i
                    items.append(
                        stages.Extracted(
                            Candidate(url=url, source="prefill", title=title, published=published),
                            url,
                            Article(
                                url=url,
                                title=title,
                                text=text,
                                published=published,
                                language=language,
                                site="prefill.example",
                            ),
                        )
                    )
                memory = stages.story_memory(topic)
                run.tally(stages.decide(run.context, memory, stages.ExtractedBatch(items)))
                stored += run.report.stored
    finally:
        db.dispose()
    return {"stored": stored, "seconds": time.perf_counter() - t0}


def measure_pass(db_url: str, feeds: list[str], workdir: Path) -> dict[str, Any]:
    from monitor.pipeline import run_once
    from monitor.store import open_database, repo

    topics = write_topic(workdir / "topics.toml", feeds)
    settings = bench_settings(database_url=db_url, topics_file=topics, data_dir=workdir)
    db = open_database(db_url)
    with db.session() as session:
        before = repo.article_count(session, "bench")
    db.dispose()
    with measured() as usage:
        report = run_once(settings, "bench")
    db = open_database(db_url)
    with db.session() as session:
        after = repo.article_count(session, "bench")
    db.dispose()
    return {
        "stored_before": before,
        "stored_after": after,
        "fetched": report.fetched,
        "stored": report.stored,
        "failures": len(report.failures),
        "wall": usage.wall,
        "cpu": usage.cpu,
        "peak_tree_mb": usage.peak_tree_mb,
        "peak_main_mb": usage.peak_main_mb,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command")
    step = sub.add_parser("_prefill", help="internal")
    step.add_argument("--db", required=True)
    step.add_argument("--feeds", required=True)
    step.add_argument("--workdir", required=True)
    step.add_argument("--count", type=int, required=True)
    step = sub.add_parser("_pass", help="internal")
    step.add_argument("--db", required=True)
    step.add_argument("--feeds", required=True)
    step.add_argument("--workdir", required=True)
    parser.add_argument("--articles", type=int, default=10_000, help="pages in the measured pass")
    parser.add_argument("--stored", default="0,20000", help="comma-separated pre-fill sizes")
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--dataset", default=str(DEFAULT_DATASET))
    parser.add_argument(
        "--database-url", default=None, help="default: a fresh SQLite file per size"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    if args.command == "_prefill":
        work = Path(args.workdir)
        topics = write_topic(work / "topics.toml", json.loads(args.feeds))
        print(json.dumps(prefill(args.db, topics, work, args.count)))
        return
    if args.command == "_pass":
        print(json.dumps(measure_pass(args.db, json.loads(args.feeds), Path(args.workdir))))
        return

    dataset = Path(args.dataset)
    if not (dataset / "html").is_dir():
        print(
            f"!! dataset NOT FOUND at {dataset}: the site serves only our German pages", flush=True
        )
    sizes = [int(s) for s in args.stored.split(",") if s.strip()]
    spec = SiteSpec(
        articles=args.articles,
        german=args.articles // 4,
        feeds=args.feeds,
        dataset=str(dataset),
        window_hours=44.0,
    )
    rows, results = [], []
    print(f"building a site of {args.articles} pages ...", flush=True)
    with BenchSite(spec) as site, tempfile.TemporaryDirectory(prefix="bench-mem-") as tmp:
        feeds = json.dumps(site.feed_urls())
        for size in sizes:
            work = Path(tmp) / f"s{size}"
            work.mkdir()
            with fresh_database(args.database_url, Path(tmp), f"mem{size}") as db:
                from monitor.store import open_database

                open_database(db).dispose()
                filled: dict[str, Any] = {"stored": 0, "seconds": 0.0}
                if size:
                    print(f"pre-filling {size} articles ...", flush=True)
                    filled = run_json(
                        [
                            str(Path(__file__).resolve()),
                            "_prefill",
                            "--db",
                            db,
                            "--feeds",
                            feeds,
                            "--workdir",
                            str(work),
                            "--count",
                            str(size),
                        ]
                    )
                    print(f"  stored {filled['stored']} in {filled['seconds']:.0f} s", flush=True)
                result = run_json(
                    [
                        str(Path(__file__).resolve()),
                        "_pass",
                        "--db",
                        db,
                        "--feeds",
                        feeds,
                        "--workdir",
                        str(work),
                    ]
                )
            result["prefill"] = filled
            results.append(result)
            print(
                f"  stored before {result['stored_before']}: pass of {result['fetched']} pages in "
                f"{result['wall']:.0f} s, peak RSS {result['peak_tree_mb']:.0f} MB "
                f"(main {result['peak_main_mb']:.0f} MB)",
                flush=True,
            )
            rows.append(
                [
                    result["stored_before"],
                    result["fetched"],
                    result["stored"],
                    f"{result['wall']:.0f}",
                    f"{result['peak_tree_mb']:.0f}",
                    f"{result['peak_main_mb']:.0f}",
                    "MET" if result["peak_tree_mb"] <= 500 else "MISSED",
                ]
            )
    print()
    db_kind = describe_db(args.database_url or "sqlite")
    print(f"## Benchmark 4: memory of a pass ({db_kind}, {now_stamp()}, {MACHINE})")
    print(
        table(
            rows,
            [
                "stored before",
                "pages fetched",
                "stored in pass",
                "wall s",
                "peak RSS MB (tree)",
                "peak RSS MB (main)",
                "<= 500 MB",
            ],
        )
    )
    if len(results) > 1:
        low, high = results[0], results[-1]
        growth = high["peak_tree_mb"] / low["peak_tree_mb"]
        print(
            f"peak RSS with {high['stored_before']} stored / with {low['stored_before']} stored: "
            f"{growth:.2f}x ({'flat' if growth < 1.15 else 'NOT flat'}: within 15 %)"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {"date": now_stamp(), "machine": MACHINE, "database": db_kind, "results": results},
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
