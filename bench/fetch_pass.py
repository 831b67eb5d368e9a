"""Discovery + fetch over a local site of N articles in M feeds: a first pass, then an unchanged one.

    .venv/bin/python bench/fetch_pass.py [--articles 500] [--feeds 10] [--host-delay 0] [--per-host 4]

Prints wall time, requests and bytes over the wire (as counted by the Fetcher and by the server)
for each pass. The second pass must issue only conditional feed requests and fetch no article.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from monitor.config import RssSource, Topic
from monitor.fetch import Fetcher
from monitor.sources import SourceState, discover
from tests.conftest import fetch_settings
from tests.sitekit import NewsSite

TOPIC = Topic.model_validate({"name": "bench", "relevance": {"query": "x"}})


async def one_pass(
    site: NewsSite,
    sources: list[RssSource],
    states: dict[str, SourceState],
    stored: set[str],
    settings: object,
) -> dict[str, float]:
    started = time.perf_counter()
    async with Fetcher(settings) as fetcher:  # type: ignore[arg-type]
        results = await asyncio.gather(
            *(discover(s, TOPIC, states.get(s.name, SourceState()), fetcher) for s in sources)
        )
        for source, result in zip(sources, results, strict=True):
            states[source.name] = result.state
        new = sorted({c.url for r in results for c in r.candidates} - stored)
        pages = await asyncio.gather(*(fetcher.fetch(u) for u in new))
        stored.update(p.url for p in pages)
        return {
            "seconds": time.perf_counter() - started,
            "requests": fetcher.requests_made,
            "bytes": fetcher.bytes_received,
            "articles_fetched": len(pages),
            "unchanged_sources": sum(r.not_modified for r in results),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--feeds", type=int, default=10)
    parser.add_argument("--host-delay", type=float, default=0.0)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    settings = fetch_settings(
        fetch_host_delay=args.host_delay,
        fetch_per_host=args.per_host,
        fetch_concurrency=args.concurrency,
        fetch_timeout=20.0,
    )
    with NewsSite.generate(
        articles=args.articles, feeds=args.feeds, feed_size=args.articles // args.feeds + 1
    ) as site:
        sources = [
            RssSource(name=f"feed-{i}", url=site.feed_url(f"feed-{i}")) for i in range(args.feeds)
        ]
        states: dict[str, SourceState] = {}
        stored: set[str] = set()
        print(
            f"site: {args.articles} articles in {args.feeds} feeds; host delay {args.host_delay}s, "
            f"{args.per_host} per host, {args.concurrency} overall"
        )
        for label in ("first pass", "unchanged second pass"):
            site.clear_requests()
            stats = asyncio.run(one_pass(site, sources, states, stored, settings))
            conditional = sum(r.conditional for r in site.requests)
            print(
                f"{label:>22}: {stats['seconds']:.2f} s, {int(stats['requests'])} requests "
                f"({conditional} conditional, {sum(r.status == 304 for r in site.requests)} x 304), "
                f"{int(stats['bytes']):,} bytes received (server sent {site.bytes_sent():,}), "
                f"{int(stats['articles_fetched'])} articles fetched, "
                f"{int(stats['unchanged_sources'])} sources unchanged"
            )


if __name__ == "__main__":
    main()
