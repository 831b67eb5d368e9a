"""A site's boilerplate: lines it repeats on many of its pages ("Lesen Sie auch", a newsletter
box, a credit line), learned as its pages are seen and stripped from the articles of the pages
after.

Apart from the extractor (monitor/extract.py) because the pass's own process runs it on every
batch, while trafilatura is needed only where pages are extracted: with an extraction pool, the
pass's process never imports it (~30 MB less).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Protocol

from monitor.cleaning import normalise_line
from monitor.models import Article
from monitor.urls import site_host

# A line is a site's boilerplate once it has been seen on this many distinct pages of that site...
MIN_PAGES = 3
# ...and on at least this share of the site's pages seen so far.
MIN_SHARE = 0.2
# Never strip more than this share of a page's text: that is a duplicate, not boilerplate.
MAX_STRIPPED_SHARE = 0.5
# Lines longer than this are article text even when they recur (quoted background, agency copy).
MAX_LINE_CHARS = 600


class SiteBoilerplate(Protocol):
    """Per-site statistics of recurring lines, as the page counts each line has been seen on.

    Read and written a batch of pages at a time: one statement per question for the whole
    batch, not four or five per page.
    """

    def site_counts(
        self, wanted: Mapping[str, Collection[str]]
    ) -> dict[str, tuple[int, dict[str, int]]]:
        """For each site of `wanted`: pages seen, and the page count of each known fingerprint
        among `wanted[site]` (unknown sites and fingerprints are left out)."""
        ...

    def seen_pages(self, pages: Collection[tuple[str, str]]) -> set[tuple[str, str]]:
        """Those (site, page URL) pairs of `pages` already counted."""
        ...

    def record_pages(self, pages: Sequence[tuple[str, str, Mapping[str, str]]]) -> int:
        """Count each (site, page URL, lines: fingerprint -> sample text) once per page; pages
        already counted are skipped. Returns how many pages were new."""
        ...


def site_of(url: str) -> str:
    """The site a URL belongs to, for boilerplate statistics: its host without ``www.``."""
    return site_host(url)


def line_fingerprint(line: str) -> str | None:
    """A stable key for a line across pages, or None for lines too short or long to judge."""
    if len(line) > MAX_LINE_CHARS:
        return None
    key = normalise_line(line)
    if len(key.split()) < 2:
        return None
    return hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:20]


def apply_site_boilerplate(article: Article, stats: SiteBoilerplate) -> Article:
    """Strip lines this article's site repeats on many pages, and count this page's lines.

    Returns a new Article; the stripped lines are listed in ``boilerplate_lines``.
    """
    return apply_site_boilerplate_batch([article], stats)[0]


def apply_site_boilerplate_batch(
    articles: Sequence[Article], stats: SiteBoilerplate
) -> list[Article]:
    """`apply_site_boilerplate` for several articles, in their order, with three reads and one
    write of `stats` for the whole batch.

    Each article is judged as if the ones before it had been counted one by one: the counts
    read once are carried forward in memory while the batch is walked.
    """
    pages: list[tuple[Article, str, list[str], list[str | None]]] = []
    wanted: dict[str, set[str]] = {}
    for article in articles:
        site = site_of(article.url)
        lines = article.text.split("\n")
        prints = [line_fingerprint(line) for line in lines] if site else []
        pages.append((article, site, lines, prints))
        if site:
            wanted.setdefault(site, set()).update(p for p in prints if p is not None)
    if not wanted:
        return list(articles)
    known = stats.site_counts(wanted)
    counted = stats.seen_pages({(site, a.url) for a, site, _, _ in pages if site})
    site_pages = {site: known.get(site, (0, {}))[0] for site in wanted}
    line_pages = {site: dict(known.get(site, (0, {}))[1]) for site in wanted}
    records: list[tuple[str, str, Mapping[str, str]]] = []
    out: list[Article] = []
    for article, site, lines, prints in pages:
        if not site:
            out.append(article)
            continue
        counts = line_pages[site]
        out.append(_strip_known(article, lines, prints, site_pages[site], counts))
        if (site, article.url) in counted:
            continue
        counted.add((site, article.url))
        own = {p: line for p, line in zip(prints, lines, strict=True) if p}
        records.append((site, article.url, own))
        site_pages[site] += 1
        for fingerprint in own:
            counts[fingerprint] = counts.get(fingerprint, 0) + 1
    if records:
        stats.record_pages(records)
    return out


def _strip_known(
    article: Article, lines: list[str], prints: list[str | None], pages: int, counts: dict[str, int]
) -> Article:
    """The article without the lines seen on enough of its site's `pages`."""
    threshold = max(MIN_PAGES, MIN_SHARE * pages)
    drop = {p for p in prints if p is not None and counts.get(p, 0) >= threshold}
    if not drop:
        return article
    kept = [line for line, p in zip(lines, prints, strict=True) if p not in drop]
    stripped = [line for line, p in zip(lines, prints, strict=True) if p in drop]
    if sum(map(len, stripped)) > MAX_STRIPPED_SHARE * len(article.text):
        return article
    return replace(
        article,
        text="\n".join(kept),
        boilerplate_lines=[*article.boilerplate_lines, *stripped],
    )
