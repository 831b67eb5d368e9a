"""News sitemaps and sitemap indexes, filtered by publication date and topic words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from monitor.config import SitemapSource, Topic
from monitor.errors import FetchError, SourceError
from monitor.fetch import Fetcher
from monitor.models import Candidate
from monitor.sources.base import (
    Discovery,
    SourceState,
    Validators,
    clean_title,
    fetch_if_changed,
    language_code,
    mentions_any,
    parse_w3c_date,
    topic_terms,
)
from monitor.urls import absolute, canonicalize

MAX_URLS = 50_000  # the sitemap protocol's own limit per file


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    loc: str
    published: datetime | None
    title: str | None = None
    keywords: str | None = None
    language: str | None = None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(element: Element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip() or None
    return None


def _find(element: Element, name: str) -> Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def parse_sitemap(body: bytes, name: str, base_url: str) -> tuple[str, list[SitemapEntry]]:
    """("index" | "urlset", entries). Entities and DTDs are refused (defusedxml)."""
    try:
        root = SafeET.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise SourceError(name, "unsafe xml") from None
    except (ParseError, ValueError):
        raise SourceError(name, "parse error") from None
    kind = _local(root.tag)
    if kind not in ("sitemapindex", "urlset"):
        raise SourceError(name, f"parse error (not a sitemap: <{kind}>)")
    entries: list[SitemapEntry] = []
    for item in list(root)[:MAX_URLS]:
        loc_text = _child_text(item, "loc")
        loc = absolute(base_url, loc_text) if loc_text else None
        if loc is None:
            continue
        news = _find(item, "news")
        lastmod = parse_w3c_date(_child_text(item, "lastmod"))
        if news is None:
            entries.append(SitemapEntry(loc, lastmod))
            continue
        publication = _find(news, "publication")
        language = _child_text(publication, "language") if publication is not None else None
        entries.append(
            SitemapEntry(
                loc,
                parse_w3c_date(_child_text(news, "publication_date")) or lastmod,
                clean_title(_child_text(news, "title")),
                _child_text(news, "keywords"),
                language_code(language),
            )
        )
    return ("index" if kind == "sitemapindex" else "urlset"), entries


async def discover(
    source: SitemapSource,
    topic: Topic,
    state: SourceState,
    fetcher: Fetcher,
    *,
    since: datetime | None = None,
) -> Discovery:
    cutoff = datetime.now(UTC) - timedelta(hours=source.max_age_hours)
    if since is not None:
        cutoff = max(cutoff, since)
    terms = topic_terms(topic) if source.match_terms else []
    before = state.extra.get("urls") or {}
    validators: dict[str, dict[str, str | None]] = {}
    failures: list[tuple[str, str]] = []

    page, root_after = await fetch_if_changed(fetcher, source.url, Validators.of(state))
    changed = page is not None
    children: list[str] = list(state.extra.get("children") or [])
    entries: list[SitemapEntry] = []
    if page is not None:
        kind, found = parse_sitemap(page.body, source.name, page.final_url)
        if kind == "urlset":
            children, entries = [], found
        else:
            recent = [e for e in found if e.published is None or e.published >= cutoff]
            recent.sort(key=lambda e: e.published or cutoff, reverse=True)
            children = [e.loc for e in recent[: source.max_sitemaps]]
    # an index that did not change may still point at children that did
    for child in children:
        try:
            child_page, after = await fetch_if_changed(
                fetcher, child, Validators.from_json(before.get(child))
            )
            validators[child] = after.to_json()
            if child_page is None:
                continue
            changed = True
            kind, found = parse_sitemap(child_page.body, source.name, child_page.final_url)
            entries.extend(found if kind == "urlset" else [])
        except (FetchError, SourceError) as exc:
            failures.append((child, exc.reason))
    if children and len(failures) == len(children) and page is None:
        raise SourceError(source.name, failures[0][1])

    candidates: dict[str, Candidate] = {}
    for entry in entries:
        if entry.published is None or entry.published < cutoff:
            continue
        words = " ".join(filter(None, [entry.title, entry.keywords]))
        if terms and words and not mentions_any(words, terms):
            continue
        url = canonicalize(entry.loc)
        candidates.setdefault(
            url,
            Candidate(
                url=url,
                source=source.name,
                title=entry.title,
                published=entry.published,
                language=source.language or entry.language,
            ),
        )
    new_state = SourceState(
        root_after.etag,
        root_after.last_modified,
        root_after.body_hash,
        {"urls": validators, "children": children},
    )
    return Discovery(
        list(candidates.values()),
        new_state,
        not_modified=not changed and not failures,
        failures=failures,
    )
