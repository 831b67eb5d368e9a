"""RSS 0.9x/1.0/2.0 and Atom feeds: safe parsing with feedparser into candidates."""

from __future__ import annotations

import calendar
import io
import re
import time
import warnings
import xml.sax
from datetime import UTC, datetime
from typing import Any

import feedparser

from monitor.config import RssSource, Topic
from monitor.errors import SourceError
from monitor.fetch import Fetcher
from monitor.models import Candidate
from monitor.sources.base import (
    Discovery,
    SourceState,
    Validators,
    clean_title,
    fetch_if_changed,
    keep_since,
    language_code,
    plausible,
)
from monitor.urls import absolute, canonicalize

# Entity declarations are how "billion laughs" and external-entity attacks start; a feed needs
# none of them (feedparser knows the HTML entities RSS 0.91 declares).
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
MAX_ENTRIES = 500


def _struct_to_datetime(value: Any) -> datetime | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _entry_link(entry: Any, base: str) -> str | None:
    candidates: list[str] = []
    for link in entry.get("links") or []:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            candidates.append(link["href"])
    if entry.get("link"):
        candidates.append(entry["link"])
    guid = entry.get("id") or ""
    # a missing <link> with a permalink GUID (RSS 2.0 default isPermaLink="true")
    if guid.startswith(("http://", "https://")) and entry.get("guidislink", True):
        candidates.append(guid)
    for href in candidates:
        url = absolute(base, href)
        if url:
            return url
    return None


def check_xml_safety(name: str, body: bytes) -> None:
    """Refuse entity declarations (also in UTF-16/32 bodies, hence the NUL stripping)."""
    head = body.replace(b"\x00", b"") if b"\x00" in body[:64] else body
    if _ENTITY_DECL.search(head):
        raise SourceError(name, "unsafe xml")


def parse_feed(
    body: bytes,
    base_url: str,
    source: str,
    *,
    language: str | None = None,
    content_type: str = "",
) -> list[Candidate]:
    """Candidates of one feed body; tolerant of broken feeds, strict about unsafe XML."""
    check_xml_safety(source, body)
    headers = {"content-location": base_url}
    if content_type:
        headers["content-type"] = content_type
    # a BytesIO, never the bytes themselves: feedparser treats some strings as URLs or paths
    parsed = feedparser.parse(
        io.BytesIO(body), response_headers=headers, resolve_relative_uris=True, sanitize_html=True
    )
    entries = parsed.get("entries") or []
    if parsed.get("bozo") and not entries:
        problem = parsed.get("bozo_exception")
        feed_like = parsed.get("version") or parsed.get("feed", {}).get("title")
        # broken XML that yielded nothing is a feed we could not read, not an empty feed: say
        # so (an encoding mismatch alone is no reason, feedparser reads those fine)
        if not feed_like or isinstance(problem, xml.sax.SAXException):
            raise SourceError(source, f"parse error ({type(problem).__name__})")
    if not entries and not parsed.get("version"):
        # well-formed, but no kind of feed (a maintenance or login page at the feed's URL)
        raise SourceError(source, "not a feed")
    feed_language = language or language_code(parsed.get("feed", {}).get("language"))
    base = parsed.get("feed", {}).get("link") or base_url
    seen: set[str] = set()
    candidates: list[Candidate] = []
    for entry in entries[:MAX_ENTRIES]:
        url = _entry_link(entry, base_url) or _entry_link(entry, base)
        if url is None:
            continue
        key = canonicalize(url)
        if key in seen:  # duplicate GUIDs / items: the first one wins
            continue
        seen.add(key)
        with warnings.catch_warnings():  # feedparser warns about its own updated/published alias
            warnings.simplefilter("ignore", DeprecationWarning)
            published = plausible(
                _struct_to_datetime(entry.get("published_parsed"))
                or _struct_to_datetime(entry.get("updated_parsed"))
                or _struct_to_datetime(entry.get("created_parsed"))
            )
        summary = clean_title(entry.get("summary"))
        candidates.append(
            Candidate(
                url=key,
                source=source,
                title=clean_title(entry.get("title")),
                published=published,
                language=language or language_code(entry.get("language")) or feed_language,
                summary=summary,
            )
        )
    return candidates


async def discover(
    source: RssSource,
    topic: Topic,
    state: SourceState,
    fetcher: Fetcher,
    *,
    since: datetime | None = None,
) -> Discovery:
    page, validators = await fetch_if_changed(fetcher, source.url, Validators.of(state))
    new_state = SourceState(
        validators.etag, validators.last_modified, validators.body_hash, dict(state.extra)
    )
    if page is None:
        return Discovery([], new_state, not_modified=True)
    candidates = parse_feed(
        page.body,
        page.final_url,
        source.name,
        language=source.language,
        content_type=page.content_type,
    )
    return Discovery(keep_since(candidates, since), new_state)
