"""Google News search RSS per language/region, with its redirect links resolved to publishers."""

from __future__ import annotations

import asyncio
import base64
import binascii
import re
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlencode, urlsplit

from monitor.config import GoogleNewsSource, Topic
from monitor.errors import FetchError, MonitorError, SourceError
from monitor.fetch import Fetcher
from monitor.models import Candidate
from monitor.sources.base import (
    Discovery,
    SourceState,
    Validators,
    fetch_if_changed,
    keep_since,
)
from monitor.sources.rss import parse_feed
from monitor.urls import canonicalize, same_site, site_host

RESOLVE_CONCURRENCY = 4
MAX_REMEMBERED = 1000  # resolved redirect links kept between runs, newest last
_URL_IN_BYTES = re.compile(rb"https?://[\x21-\x7e]+")


def search_url(source: GoogleNewsSource, query: str) -> str:
    """The search feed URL of one query (``hl``/``gl``/``ceid`` select language and edition)."""
    language, region = source.language.lower(), source.region.upper()
    hl = f"{language}-{region}" if language == "en" else language
    params = {"q": query, "hl": hl, "gl": region, "ceid": f"{region}:{language}"}
    return f"{source.base_url}?{urlencode(params)}"


def is_google_link(url: str, base_url: str = "https://news.google.com/") -> bool:
    """A link that still points at Google News (or at the configured search host)."""
    host = site_host(url)
    return host == "google.com" or host.endswith(".google.com") or same_site(url, base_url)


def decode_article_url(url: str) -> str | None:
    """The publisher URL embedded in a Google News article link, when it is there.

    Older links (``/rss/articles/CBMi...``) carry the URL in a base64 protobuf; newer ones
    (``AU_yqL...`` inside) do not, and need the redirect to be followed instead.
    """
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    match = re.search(r"/articles/([A-Za-z0-9_-]+)", path)
    if match is None:
        return None
    token = match.group(1)
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    if raw.startswith(b"\x08\x13\x22"):
        length, pos, shift = 0, 3, 0
        while pos < len(raw):  # protobuf varint
            byte = raw[pos]
            length |= (byte & 0x7F) << shift
            pos += 1
            shift += 7
            if not byte & 0x80:
                break
        candidate = raw[pos : pos + length]
        if candidate.startswith((b"http://", b"https://")):
            return candidate.decode("utf-8", "replace")
    found = _URL_IN_BYTES.search(raw)
    if found and not found.group(0).startswith(b"https://news.google.com"):
        return found.group(0).decode("ascii", "replace")
    return None


def _strip_publisher(title: str | None) -> str | None:
    """Google appends `` - Publisher`` to every headline; the publisher is not the headline."""
    if title and " - " in title:
        head = title.rsplit(" - ", 1)[0].strip()
        return head or title
    return title


async def discover(
    source: GoogleNewsSource,
    topic: Topic,
    state: SourceState,
    fetcher: Fetcher,
    *,
    since: datetime | None = None,
) -> Discovery:
    queries = topic.queries.get(source.language) or []
    if not queries:
        raise SourceError(source.name, f"no queries for language '{source.language}'")
    before = state.extra.get("urls") or {}
    resolved: dict[str, str] = dict(state.extra.get("resolved") or {})
    validators: dict[str, dict[str, str | None]] = {}
    failures: list[tuple[str, str]] = []
    found: list[Candidate] = []
    changed = False
    for query in queries:
        url = search_url(source, query)
        try:
            page, after = await fetch_if_changed(
                fetcher, url, Validators.from_json(before.get(url))
            )
        except FetchError as exc:
            failures.append((url, exc.reason))
            continue
        validators[url] = after.to_json()
        if page is None:
            continue
        changed = True
        try:
            entries = parse_feed(page.body, page.final_url, source.name, language=source.language)
        except SourceError as exc:
            failures.append((url, exc.reason))
            continue
        found.extend(replace(c, title=_strip_publisher(c.title)) for c in entries)
    if failures and len(failures) == len(queries):
        raise SourceError(source.name, failures[0][1])

    gate = asyncio.Semaphore(RESOLVE_CONCURRENCY)

    async def publisher(candidate: Candidate) -> Candidate | None:
        link = candidate.url
        if not is_google_link(link, source.base_url):
            return candidate
        target = resolved.get(link) or decode_article_url(link)
        if target is None:
            async with gate:
                try:
                    target = await fetcher.resolve(link)
                except MonitorError as exc:
                    failures.append((link, getattr(exc, "reason", str(exc))))
                    return None
        if is_google_link(target, source.base_url):
            failures.append((link, "unresolved redirect"))
            return None
        resolved[link] = target
        return replace(candidate, url=canonicalize(target))

    distinct = list({c.url: c for c in reversed(found)}.values())[::-1]  # queries overlap
    results = await asyncio.gather(*(publisher(c) for c in distinct))
    unique: dict[str, Candidate] = {}
    for candidate in results:
        if candidate is not None and candidate.url not in unique:
            unique[candidate.url] = candidate
    remembered = dict(list(resolved.items())[-MAX_REMEMBERED:])
    new_state = SourceState(extra={"urls": validators, "resolved": remembered})
    return Discovery(
        keep_since(list(unique.values()), since),
        new_state,
        not_modified=not changed and not failures,
        failures=failures,
    )
