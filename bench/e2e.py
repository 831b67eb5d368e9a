"""Benchmarks 1 and 2: a full monitor pass over a local news site against newspaper4k and a bare
httpx + trafilatura loop, side by side in one run; then the unchanged re-run (time and bytes).

    .venv/bin/python bench/e2e.py                       # 1,000 pages, SQLite, 3 repeats
    .venv/bin/python bench/e2e.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    .venv/bin/python bench/e2e.py --repeats 1 --only ours   # quick look at our pass alone

Each contender runs in a fresh interpreter (so its peak RSS and CPU are its own) against the same
site process; the contenders' order rotates between repeats so drift on a shared machine is
spread evenly. Figures are medians over repeats; ratios are taken within a repeat, then medianed.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
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
    bench_settings,
    describe_db,
    fmt_bytes,
    fresh_database,
    measured,
    median,
    now_stamp,
    reset_site,
    run_json,
    site_stats,
    spread,
    table,
    write_topic,
)

CONTENDERS = ("ours", "bare", "newspaper")


# ------------------------------------------------------------------ nothing beyond loopback


class _Refused(OSError):
    pass


def loopback_only() -> dict[str, int]:
    """Refuse every connection and name lookup that would leave 127.0.0.1 (counted, not silent).

    newspaper4k is told not to fetch images; this makes sure nothing else of it reaches out.
    """
    refused = {"count": 0}
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else str(address)
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1", "::1"):
            refused["count"] += 1
            raise _Refused(f"benchmark refused a connection to {host}")
        real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in (None, "127.0.0.1", "localhost", "::1"):
            refused["count"] += 1
            raise socket.gaierror(f"benchmark refused to resolve {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo
    return refused


# --------------------------------------------------------------------------- the contenders


def step_ours(args: argparse.Namespace) -> dict[str, Any]:
    """Our full pass (run_once), then the unchanged re-run on the same database."""
    refused = loopback_only()
    from monitor.pipeline import report_to_dict, run_once
    from monitor.store import open_database
    from tests.targets import WebhookReceiver

    work = Path(args.workdir)
    topics = write_topic(work / "topics.toml", json.loads(args.feeds))
    # the schema exists before the timed pass, as it does for every pass but a user's first
    open_database(args.db).dispose()
    with WebhookReceiver() as hook:
        settings = bench_settings(
            database_url=args.db, topics_file=topics, data_dir=work, apprise_urls=hook.url
        )
        reset_site(args.base)
        with measured() as first:
            report = run_once(settings, "bench")
        traffic1 = site_stats(args.base)
        reset_site(args.base)
        with measured() as second:
            again = run_once(settings, "bench")
        traffic2 = site_stats(args.base)
        posts = len(hook.posts)
    r1, r2 = report_to_dict(report), report_to_dict(again)
    return {
        "articles": r1["fetched"],
        "extracted": r1["stored"],
        "wall": first.wall,
        "cpu": first.cpu,
        "cpu_main": first.cpu_main,
        "peak_tree_mb": first.peak_tree_mb,
        "peak_main_mb": first.peak_main_mb,
        "stored": r1["stored"],
        "verdicts": r1["verdicts"],
        "alerts_created": r1["alerts_created"],
        "alerts_sent": r1["alerts_sent"],
        "webhook_posts": posts,
        "failures": len(r1["failures"]),
        "failure_sample": r1["failures"][:3],
        "bytes": traffic1["bytes"],
        "requests": traffic1["requests"],
        "rerun_wall": second.wall,
        "rerun_cpu": second.cpu,
        "rerun_bytes": traffic2["bytes"],
        "rerun_requests": traffic2["requests"],
        "rerun_statuses": traffic2["statuses"],
        "rerun_fetched": r2["fetched"],
        "rerun_stored": r2["stored"],
        "refused": refused["count"],
    }


def _peer_result(
    args: argparse.Namespace, articles: int, done: int, usage: Any, refused: dict[str, int]
) -> dict[str, Any]:
    """What a peer's step reports: its pages, extractions, measurements and the site's traffic."""
    traffic = site_stats(args.base)
    return {
        "articles": articles,
        "extracted": done,
        "wall": usage.wall,
        "cpu": usage.cpu,
        "peak_tree_mb": usage.peak_tree_mb,
        "peak_main_mb": usage.peak_main_mb,
        "bytes": traffic["bytes"],
        "requests": traffic["requests"],
        "refused": refused["count"],
    }


def step_bare(args: argparse.Namespace) -> dict[str, Any]:
    """The least anyone would write: one httpx client, trafilatura.extract on every page."""
    refused = loopback_only()
    import httpx
    import trafilatura

    urls = json.loads(Path(args.urls).read_text())
    done = 0
    reset_site(args.base)
    with measured() as usage, httpx.Client(timeout=30) as client:
        for url in urls:
            response = client.get(url)
            if response.status_code == 200 and trafilatura.extract(response.text, url=url):
                done += 1
    return _peer_result(args, len(urls), done, usage, refused)


def step_newspaper(args: argparse.Namespace) -> dict[str, Any]:
    """newspaper4k's own download + parse per article, images off so it stays on loopback."""
    refused = loopback_only()
    import newspaper

    config = newspaper.Config()
    config.fetch_images = False
    config.memorize_articles = False
    config.request_timeout = 30
    urls = json.loads(Path(args.urls).read_text())
    done = 0
    errors: dict[str, int] = {}
    reset_site(args.base)
    with measured() as usage:
        for url in urls:
            article = newspaper.Article(url, config=config, fetch_images=False)
            try:
                article.download()
                article.parse()
            except Exception as exc:  # newspaper gives up on some pages; count, don't stop
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                continue
            if article.text:
                done += 1
    return {**_peer_result(args, len(urls), done, usage, refused), "errors": errors}


STEPS = {"ours": step_ours, "bare": step_bare, "newspaper": step_newspaper}


# ------------------------------------------------------------------------------ the harness


def run(args: argparse.Namespace) -> dict[str, Any]:
    dataset = Path(args.dataset)
    if not (dataset / "html").is_dir():
        print(
            f"!! dataset NOT FOUND at {dataset}: the public benchmark pages are absent, so the "
            f"site serves only our generated German pages ({args.articles} of them). Figures are "
            f"not comparable with runs that had the dataset.",
            flush=True,
        )
    spec = SiteSpec(
        articles=args.articles,
        german=args.german,
        feeds=args.feeds,
        dataset=str(dataset),
        on_topic_share=args.on_topic_share,
    )
    contenders = [c for c in CONTENDERS if c in args.only.split(",")]
    results: dict[str, list[dict[str, Any]]] = {c: [] for c in contenders}
    print(f"building the site: {args.articles} pages over {args.feeds} feeds ...", flush=True)
    with BenchSite(spec) as site, tempfile.TemporaryDirectory(prefix="bench-e2e-") as tmp:
        work = Path(tmp)
        urls_file = work / "urls.json"
        urls_file.write_text(json.dumps(site.article_urls()))
        print(
            f"site {site.base}: {len(site.article_urls())} pages "
            f"({sum(1 for a in site.manifest['articles'] if a['language'] == 'de')} German), "
            f"{fmt_bytes(site.manifest['page_bytes_raw'])} of HTML, dataset "
            f"{'found' if site.dataset_found else 'ABSENT'}",
            flush=True,
        )
        for repeat in range(args.repeats):
            order = contenders[repeat % len(contenders) :] + contenders[: repeat % len(contenders)]
            for name in order:
                with fresh_database(args.database_url, work, f"e2e{repeat}") as db:
                    step_dir = work / f"{name}-{repeat}"
                    step_dir.mkdir()
                    result = run_json(
                        [
                            str(Path(__file__).resolve()),
                            "_step",
                            name,
                            "--base",
                            site.base,
                            "--urls",
                            str(urls_file),
                            "--feeds",
                            json.dumps(site.feed_urls()),
                            "--db",
                            db,
                            "--workdir",
                            str(step_dir),
                        ],
                        timeout=3600,
                    )
                results[name].append(result)
                print(f"  repeat {repeat + 1} {name:9s} {_line(result)}", flush=True)
    summary = summarise(results, args)
    summary["dataset_found"] = (dataset / "html").is_dir()
    return summary


def _line(r: dict[str, Any]) -> str:
    text = (
        f"{r['articles']} pages ({r.get('extracted')} extracted) in {r['wall']:.1f} s = {r['articles'] / r['wall']:.1f}/s, "
        f"CPU {r['cpu'] / max(r['articles'], 1) * 1000:.1f} ms/article"
        + (
            f" (main process {r['cpu_main'] / max(r['articles'], 1) * 1000:.1f})"
            if "cpu_main" in r
            else ""
        )
        + ", "
        f"peak RSS {r['peak_tree_mb']:.0f} MB (main {r['peak_main_mb']:.0f}), "
        f"{fmt_bytes(r['bytes'])}"
    )
    if "rerun_wall" in r:
        text += (
            f"; stored {r['stored']} {r['verdicts']}, alerts sent {r['alerts_sent']}, "
            f"failures {r['failures']}; re-run {r['rerun_wall']:.2f} s, "
            f"{fmt_bytes(r['rerun_bytes'])} ({r['rerun_statuses']})"
        )
    if r.get("errors"):
        text += f"; errors {r['errors']}"
    if r.get("refused"):
        text += f"; refused {r['refused']} off-loopback attempts"
    return text


def summarise(results: dict[str, list[dict[str, Any]]], args: argparse.Namespace) -> dict[str, Any]:
    def rate(r: dict[str, Any]) -> float:
        return float(r["articles"]) / r["wall"]

    out: dict[str, Any] = {
        "date": now_stamp(),
        "machine": MACHINE,
        "database": describe_db(args.database_url or "sqlite"),
        "articles": args.articles,
        "on_topic_share": args.on_topic_share,
        "repeats": args.repeats,
        "contenders": {},
        "raw": results,
    }
    rows = []
    for name, runs in results.items():
        figures = {
            "articles_per_s": median([rate(r) for r in runs]),
            "cpu_ms_per_article": median([r["cpu"] / max(r["articles"], 1) * 1000 for r in runs]),
            "peak_rss_mb": median([r["peak_tree_mb"] for r in runs]),
            "peak_main_rss_mb": median([r["peak_main_mb"] for r in runs]),
            "wall_s": median([r["wall"] for r in runs]),
            "articles": median([r["articles"] for r in runs]),
        }
        out["contenders"][name] = figures
        rows.append(
            [
                name,
                f"{figures['articles']:.0f}",
                spread([rate(r) for r in runs]),
                f"{figures['cpu_ms_per_article']:.1f}",
                f"{figures['peak_rss_mb']:.0f} ({figures['peak_main_rss_mb']:.0f})",
            ]
        )
    print()
    stream = f"on-topic share {args.on_topic_share}" if args.on_topic_share else "off-topic stream"
    print(
        f"## Benchmark 1: end-to-end pass ({out['database']}, {stream}, {out['date']}, {MACHINE})"
    )
    print(
        table(
            rows,
            ["contender", "articles", "articles/s", "CPU ms/article", "peak RSS MB tree (main)"],
        )
    )
    if "ours" in results:
        # the targets of bench/README.md: on SQLite 0.95 of the bare loop on the off-topic
        # stream and 0.90 on the on-topic one; on PostgreSQL 0.85
        bare_target = (
            0.85 if out["database"] == "postgresql" else 0.90 if args.on_topic_share else 0.95
        )
        for peer, target in (("bare", bare_target), ("newspaper", 1.0)):
            if peer not in results:
                continue
            ratios = [
                rate(o) / rate(p) for o, p in zip(results["ours"], results[peer], strict=False)
            ]
            out[f"ratio_vs_{peer}"] = median(ratios)
            verdict = "MET" if median(ratios) >= target else "MISSED"
            print(f"ours / {peer} throughput: {spread(ratios)}  (target >= {target}: {verdict})")
        runs = results["ours"]
        time_ratio = [r["rerun_wall"] / r["wall"] for r in runs]
        byte_ratio = [r["rerun_bytes"] / max(r["bytes"], 1) for r in runs]
        out["rerun"] = {
            "wall_s": median([r["rerun_wall"] for r in runs]),
            "bytes": median([r["rerun_bytes"] for r in runs]),
            "first_bytes": median([r["bytes"] for r in runs]),
            "time_ratio": median(time_ratio),
            "byte_ratio": median(byte_ratio),
        }
        print()
        print("## Benchmark 2: unchanged re-run")
        print(
            f"re-run wall {spread([r['rerun_wall'] for r in runs])} s vs first pass "
            f"{spread([r['wall'] for r in runs])} s: {spread([x * 100 for x in time_ratio])} % "
            f"(target < 10 %: {'MET' if median(time_ratio) < 0.10 else 'MISSED'})"
        )
        print(
            f"re-run bytes {fmt_bytes(out['rerun']['bytes'])} vs first pass "
            f"{fmt_bytes(out['rerun']['first_bytes'])}: {spread([x * 100 for x in byte_ratio])} % "
            f"(target < 5 %: {'MET' if median(byte_ratio) < 0.05 else 'MISSED'})"
        )
        last = runs[-1]
        print(
            f"first pass stored {last['stored']} articles, verdicts {last['verdicts']}, "
            f"{last['alerts_created']} alerts created, {last['alerts_sent']} sent "
            f"({last['webhook_posts']} webhook posts), {last['failures']} failures"
        )
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command")
    step = sub.add_parser("_step", help="internal: one contender in a fresh interpreter")
    step.add_argument("name", choices=CONTENDERS)
    for flag in ("--base", "--urls", "--feeds", "--db", "--workdir"):
        step.add_argument(flag, required=True)
    parser.add_argument(
        "--dataset", default=str(DEFAULT_DATASET), help="article-extraction-benchmark folder"
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument(
        "--german", type=int, default=250, help="how many of the pages are our German pages"
    )
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument(
        "--on-topic-share",
        type=float,
        default=None,
        help="the on-topic variant: this share of all pages is about the topic (e.g. 0.8), in "
        "running German and English stories with developments, copies and background "
        "(default: the off-topic stream, 1 page in 8 on the topic)",
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--database-url", default=None, help="default: a fresh SQLite file per pass"
    )
    parser.add_argument("--only", default=",".join(CONTENDERS), help="comma-separated contenders")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    args = parser.parse_args(argv)
    if args.command == "_step":
        os.environ.setdefault("MONITOR_LOG_LEVEL", "WARNING")
        started = time.time()
        result = STEPS[args.name](args)
        result["step_seconds"] = time.time() - started
        print(json.dumps(result))
        return
    summary = run(args)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, default=str))


if __name__ == "__main__":
    main()
