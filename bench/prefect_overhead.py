"""Benchmark 5: the same 1,000-article pass as a Prefect flow run and as a plain `monitor run`.

    .venv/bin/python bench/prefect_overhead.py                  # 1,000 pages, 3 repeats
    .venv/bin/python bench/prefect_overhead.py --repeats 1 --articles 300

A real Prefect server (`prefect server start`, its own SQLite database) runs on 127.0.0.1 for the
whole benchmark. Each pass runs in a fresh interpreter on a fresh SQLite database against the same
local news site (`bench/common.py`): **flow** calls the `monitor-topic` flow (tasks discover,
fetch and extract, analyse, deliver over batches of 50, each reported to the server, plus the
summary artifacts), **plain** calls `monitor.pipeline.run_once`, the code behind `monitor run`.
Both alert to a local webhook. The order alternates between repeats; the ratio flow / plain is
taken within each repeat, then medianed. Target: <= 1.3.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    DEFAULT_DATASET,
    MACHINE,
    BenchSite,
    SiteSpec,
    median,
    now_stamp,
    run_json,
    spread,
    table,
    write_topic,
)

MODES = ("flow", "plain")


def _settings_env(db: str, topics: Path, data_dir: Path, hook_url: str) -> None:
    """The pass's settings as MONITOR_ variables: a flow reads them from its environment."""
    os.environ.update(
        {
            "MONITOR_DATABASE_URL": db,
            "MONITOR_TOPICS_FILE": str(topics),
            "MONITOR_DATA_DIR": str(data_dir),
            "MONITOR_APPRISE_URLS": hook_url,
            "MONITOR_FETCH_ALLOW": "127.0.0.1",
            "MONITOR_FETCH_HOST_DELAY": "0",
            "MONITOR_CONTACT_URL": "https://example.org/newsmonitor-bench",
            "MONITOR_LOG_LEVEL": "WARNING",
        }
    )


def step(args: argparse.Namespace) -> dict[str, Any]:
    """One pass in this fresh interpreter, as a flow run or plain."""
    from bench.e2e import loopback_only
    from tests.targets import WebhookReceiver

    refused = loopback_only()
    work = Path(args.workdir)
    topics = write_topic(work / "topics.toml", json.loads(args.feeds))
    with WebhookReceiver() as hook:
        _settings_env(args.db, topics, work, hook.url)
        from monitor.config import Settings
        from monitor.pipeline import prepare, report_to_dict, run_once

        prepare(Settings(), "bench")[1].dispose()  # schema first, as for every pass but the first
        if args.mode == "flow":
            from flows.monitor_flows import monitor_topic

            began = time.perf_counter()
            state = monitor_topic(topic="bench", return_state=True)
            wall = time.perf_counter() - began
            if not state.is_completed():
                raise RuntimeError(f"flow run ended {state.name}: {state.message}")
            result = state.result()
            stored = int(result.get("stored", 0)) if isinstance(result, dict) else -1
        else:
            began = time.perf_counter()
            report = run_once(Settings(), "bench")
            wall = time.perf_counter() - began
            stored = int(report_to_dict(report)["stored"])
        posts = len(hook.posts)
    return {"mode": args.mode, "wall": wall, "stored": stored, "posts": posts, **refused}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command")
    inner = sub.add_parser("_step", help="internal: one pass in a fresh interpreter")
    inner.add_argument("mode", choices=MODES)
    for name in ("--feeds", "--db", "--workdir"):
        inner.add_argument(name, required=True)
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--german", type=int, default=250)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.command == "_step":
        print(json.dumps(step(args)))
        return

    from tests.e2e.prefectkit import PrefectServer

    dataset = args.dataset
    if not (dataset / "html").is_dir():
        print(
            f"!! dataset NOT FOUND at {dataset}: the site serves only our generated German pages; "
            "figures are not comparable with runs that had the dataset.",
            flush=True,
        )
    spec = SiteSpec(
        articles=args.articles, german=args.german, feeds=args.feeds, dataset=str(dataset)
    )
    runs: dict[str, list[dict[str, Any]]] = {m: [] for m in MODES}
    ratios: list[float] = []
    with (
        tempfile.TemporaryDirectory(prefix="bench-prefect-") as tmp,
        BenchSite(spec) as site,
        PrefectServer(Path(tmp) / "prefect", ui=False) as server,
    ):
        print(
            f"site {site.base}: {len(site.article_urls())} pages; Prefect server {server.url} "
            f"(started in {server.started_in:.0f} s)",
            flush=True,
        )
        saved = dict(os.environ)
        os.environ.update(server.env)  # the steps inherit the server's address and settings
        try:
            for repeat in range(args.repeats):
                walls: dict[str, float] = {}
                order = MODES if repeat % 2 == 0 else MODES[::-1]
                for mode in order:
                    work = Path(tmp) / f"{mode}-{repeat}"
                    work.mkdir()
                    result = run_json(
                        [
                            str(Path(__file__).resolve()),
                            "_step",
                            mode,
                            "--feeds",
                            json.dumps(site.feed_urls()),
                            "--db",
                            f"sqlite:///{work / 'monitor.db'}",
                            "--workdir",
                            str(work),
                        ],
                        timeout=3600,
                    )
                    runs[mode].append(result)
                    walls[mode] = result["wall"]
                    print(
                        f"  repeat {repeat + 1} {mode:5s} {result['wall']:.1f} s, "
                        f"{result['stored']} stored, {result['posts']} webhook posts",
                        flush=True,
                    )
                ratios.append(walls["flow"] / walls["plain"])
        finally:
            os.environ.clear()
            os.environ.update(saved)
    rows = [
        [mode, spread([r["wall"] for r in runs[mode]]), str(runs[mode][0]["stored"])]
        for mode in MODES
    ]
    ratio = median(ratios)
    print()
    print(f"## Benchmark 5: Prefect overhead ({now_stamp()}, {MACHINE}, {args.articles} pages)")
    print(table(rows, ["pass", "wall s", "stored"]))
    print(f"flow / plain: {spread(ratios)} (target <= 1.3: {'MET' if ratio <= 1.3 else 'MISSED'})")
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "ratios": ratios}, indent=2))


if __name__ == "__main__":
    main()
