"""Benchmark 3: story-memory decision time per article at 1k, 10k, 100k (and 1M) stored articles.

    .venv/bin/python bench/scale.py                                  # 1k, 10k, 100k on SQLite
    .venv/bin/python bench/scale.py --sizes 1000,10000,100000,1000000   # hours on 2 cores
    .venv/bin/python bench/scale.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

The stream is the story-memory bench's own synthetic generator (``bench/novelty.py:generate``,
imported, not copied): many overlapping stories in German and English with copies, background
and developments. Every article goes through ``StoryMemory.decide`` over the real
``SqlMemoryIndex``, committed every ``BATCH_SIZE`` articles with a new index like a pass does. Printed: the median
decision time of the 500 decisions just before each size, its ratio to the smallest size, peak
RSS of the process (the generated stream itself is held in memory; its size is printed apart) and
swap use before and after (the target: 1M runs without swapping).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import MACHINE, describe_db, fresh_database, now_stamp, rss_mb, table
from bench.novelty import generate  # the story-memory bench's stream, reused as is
from monitor.config import RelevanceConfig, Topic
from monitor.novelty import StoryMemory
from monitor.pipeline import BATCH_SIZE
from monitor.store import open_database
from monitor.store.memory import MemoryDoc, SqlMemoryIndex

WINDOW = 500


def _snapshot(session: Any, url: str, keep: Path, size: int) -> None:
    """Copy the SQLite database as it is at `size` stored articles (for `--probe`)."""
    import sqlite3

    session.commit()
    target = keep / f"scale-{size}.db"
    target.unlink(missing_ok=True)
    source = sqlite3.connect(url.removeprefix("sqlite:///"))
    with sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    print(f"  kept {target}", flush=True)


def run(
    sizes: list[int], database_url: str | None, seed: int, keep: Path | None = None
) -> dict[str, object]:
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
                    # a pass makes an index per batch (what one keeps lasts one transaction)
                    memory.index = SqlMemoryIndex(session, topic.name)
                if keep is not None and number in sizes:
                    _snapshot(session, url, keep, number)
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


def fill(snapshot: Path, target_size: int) -> Path:
    """A database of `target_size` stored articles built from a snapshot of real decisions: the
    snapshot's memory (articles, LSH bands, sentences, story postings, profiles, stories) is
    copied as often as needed into earlier periods, each copy moved back by the snapshot's time
    span (so it lies before the snapshot, as the topic's earlier years would), with new ids, new
    article keys and content hashes and its own LSH band keys (other texts), and every term's
    document frequency scaled with the article count. Deciding 1M articles one by one would take
    ~4 h on this machine; this takes minutes. A probe on the result continues the stream right
    after the snapshot's last article."""
    import sqlite3

    base = int(snapshot.stem.rsplit("-", 1)[-1])
    copies = max(0, -(-target_size // base) - 1)
    target = snapshot.with_name(f"scale-{base * (copies + 1)}-from-{base}.db")
    target.unlink(missing_ok=True)
    with sqlite3.connect(snapshot) as source, sqlite3.connect(target) as out:
        source.backup(out)
    t0 = time.perf_counter()
    db = sqlite3.connect(target, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-1000000")  # 1 GB while copying
    one = db.execute
    docs = one("SELECT max(id) FROM memory_docs").fetchone()[0]
    stories = one("SELECT max(id) FROM stories").fetchone()[0]
    sentences = one("SELECT max(id) FROM memory_sentences").fetchone()[0]
    first, last = one(
        "SELECT julianday(min(published)), julianday(max(published)) FROM memory_docs"
    ).fetchone()
    span = int(last - first) + 2  # days a copy is moved back, per copy

    def shift(column: str, k: int) -> str:
        # SQLAlchemy's SQLite storage format: 'YYYY-MM-DD HH:MM:SS.ffffff'
        return f"strftime('%Y-%m-%d %H:%M:%f', {column}, '-{k * span} days') || '000'"

    one("BEGIN")
    for k in range(1, copies + 1):
        one(
            f"INSERT INTO stories SELECT id + {k * stories}, topic, title, language, "
            f"first_doc_key || '~{k}', {shift('created_at', k)}, {shift('updated_at', k)}, "
            f"article_count, development_count FROM stories WHERE id <= {stories}"
        )
        one(
            f"INSERT INTO memory_docs SELECT id + {k * docs}, topic, doc_key || '~{k}', "
            f"story_id + {k * stories}, kind, substr(content_hash, 1, 54) || printf('~%09d', {k}), "
            f"{shift('published', k)}, shingle_count, signature, word_count, "
            f"word_signature FROM memory_docs WHERE id <= {docs}"
        )
        one(
            f"INSERT INTO memory_bands SELECT band_key + {k} * 1125899906842624, doc_id + {k * docs} "
            f"FROM memory_bands WHERE doc_id <= {docs}"
        )
        one(
            f"INSERT INTO memory_sentences SELECT id + {k * sentences}, story_id + {k * stories}, "
            f"fingerprint, doc_id + {k * docs} FROM memory_sentences WHERE id <= {sentences}"
        )
        one(
            f"INSERT INTO memory_story_terms SELECT story_id + {k * stories}, term, topic, state, "
            f"{shift('last_seen', k)} FROM memory_story_terms WHERE story_id <= {stories}"
        )
        one(
            f"INSERT INTO memory_stories SELECT story_id + {k * stories}, topic, terms, doc_count, "
            f"{shift('first_seen', k)}, {shift('last_seen', k)}, embedding, opening, step_embedding "
            f"FROM memory_stories WHERE story_id <= {stories}"
        )
        print(
            f"  copy {k}/{copies}: {(k + 1) * base:,} articles, {time.perf_counter() - t0:.0f} s",
            flush=True,
        )
    one(f"UPDATE memory_terms SET df = df * {copies + 1}")
    one(f"UPDATE memory_topics SET docs = docs * {copies + 1}")
    one("COMMIT")
    db.close()
    size = target.stat().st_size / 2**30
    print(f"filled {target} in {time.perf_counter() - t0:.0f} s ({size:.1f} GiB)", flush=True)
    return target


def probe(url: str, stored: int, seed: int, repeats: int) -> list[float]:
    """Median decision time of the WINDOW articles that follow `stored` in the stream, decided on a
    snapshot kept by `--keep` (or its copy in PostgreSQL) and rolled back (so the probe can be
    repeated after a change)."""
    stream = generate(stored + WINDOW, seed)
    docs = stream.docs[stored : stored + WINDOW]
    topic = Topic(name=f"scale-{seed}", relevance=RelevanceConfig(query="x"))
    db = open_database(url)
    with db.sessions() as session:  # the stream's prefix may end a few articles differently
        known = set(
            session.scalars(
                select(MemoryDoc.doc_key).where(MemoryDoc.doc_key.in_([d.key for d in docs]))
            )
        )
        held = session.scalar(select(func.count()).select_from(MemoryDoc)) or 0
    docs = [d for d in docs if d.key not in known]
    medians: list[float] = []
    verdicts: list[str] = []
    try:
        for repeat in range(repeats):
            session = db.sessions()
            memory = StoryMemory(SqlMemoryIndex(session, topic.name), None)
            timings = []
            cpu = time.process_time()
            try:
                for number, doc in enumerate(docs, start=1):
                    t = time.perf_counter()
                    verdict = memory.decide(doc)
                    timings.append(time.perf_counter() - t)
                    if repeat == 0:
                        verdicts.append(
                            f"{verdict.kind.value} {verdict.story_id} {verdict.duplicate_of}"
                        )
                    if number % BATCH_SIZE == 0:
                        # a pass makes an index per batch; here the batches stay uncommitted
                        memory.index = SqlMemoryIndex(session, topic.name)
            finally:
                session.rollback()
                session.close()
            medians.append(statistics.median(timings) * 1000)
            # CPU of the process (all its threads), per decision: on a crowded machine the
            # wall time says more about the neighbours than about the code
            cpu_ms = (time.process_time() - cpu) / len(docs) * 1000
            print(
                f"{describe_db(url)}, {held:,} stored: {medians[-1]:.2f} ms per decision "
                f"(median of {len(docs)}); CPU {cpu_ms:.2f} ms per decision (mean)",
                flush=True,
            )
    finally:
        db.dispose()
    # the same code on the same snapshot decides the same on either database: compare this line
    digest = hashlib.sha256("\n".join(verdicts).encode()).hexdigest()[:16]
    print(f"  verdicts of the first probe: {len(verdicts)}, digest {digest}", flush=True)
    import psutil

    print(
        f"  process RSS {rss_mb():.0f} MB; swap used {psutil.swap_memory().used >> 20} MB "
        f"of {psutil.swap_memory().total >> 20} MB",
        flush=True,
    )
    return medians


COPIED_TABLES = [
    "stories",
    "memory_docs",
    "memory_bands",
    "memory_sentences",
    "memory_terms",
    "memory_story_terms",
    "memory_stories",
    "memory_topics",
]


def copy_to_postgres(snapshot: Path, url: str) -> None:
    """Copy a kept SQLite snapshot into a fresh, migrated PostgreSQL schema (COPY, in order)."""
    import sqlite3

    import psycopg

    open_database(url).dispose()  # the schema, by the migration
    t0 = time.perf_counter()
    plain, _, query = url.partition("?")
    options = query.removeprefix("options=").replace("%3D", "=")
    source = sqlite3.connect(snapshot)
    conninfo = plain.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, options=options) as pg:
        pg.execute("SET TIME ZONE 'UTC'")
        for table in COPIED_TABLES:
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(columns)
            rows = source.execute(f"SELECT {names} FROM {table}")
            with pg.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            print(f"  {table}: {time.perf_counter() - t0:.0f} s", flush=True)
        for table in COPIED_TABLES:
            if table in ("stories", "memory_docs", "memory_sentences"):
                pg.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            pg.execute(f"ANALYZE {table}")
    source.close()
    print(f"copied {snapshot.name} to PostgreSQL in {time.perf_counter() - t0:.0f} s", flush=True)


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
    parser.add_argument(
        "--keep", type=Path, help="SQLite: copy the database at each size into this folder"
    )
    parser.add_argument(
        "--probe",
        type=Path,
        help="time the next 500 decisions on a database kept by --keep (scale-N.db), rolled "
        "back; with a PostgreSQL --database-url, on its copy in a fresh schema",
    )
    parser.add_argument(
        "--fill",
        type=Path,
        help="copy a kept snapshot (scale-N.db) up to the largest of --sizes, then --probe it",
    )
    parser.add_argument("--repeats", type=int, default=3, help="--probe: how many times")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.fill:
        filled = fill(args.fill, max(sizes))
        # probed in a fresh interpreter, so its RSS is the probe's, not the fill's page cache
        command = [sys.executable, str(Path(__file__).resolve()), "--probe", str(filled)]
        command += ["--repeats", str(args.repeats), "--seed", str(args.seed)]
        if args.database_url:
            command += ["--database-url", args.database_url]
        subprocess.run(command, check=True)
        return
    if args.probe:
        # scale-N.db continues after N articles; scale-N-from-M.db (--fill) after M
        stored = int(args.probe.stem.rsplit("-", 1)[-1])
        if args.database_url and args.database_url.startswith("postgresql"):
            with (
                tempfile.TemporaryDirectory() as tmp,
                fresh_database(args.database_url, Path(tmp), "probe") as url,
            ):
                copy_to_postgres(args.probe, url)
                probe(url, stored, args.seed, args.repeats)
        else:
            probe(f"sqlite:///{args.probe}", stored, args.seed, args.repeats)
        return
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    result = run(sizes, args.database_url, args.seed, args.keep)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
