"""Where candidates come from: one module per source kind, and `discover` dispatching to them."""

from __future__ import annotations

from datetime import datetime

from monitor.config import (
    GdeltSource,
    GoogleNewsSource,
    ListingSource,
    RssSource,
    SitemapSource,
    SourceConfig,
    Topic,
)
from monitor.errors import SourceError
from monitor.fetch import Fetcher
from monitor.sources import gdelt, google_news, listing, rss, sitemap
from monitor.sources.base import Discovery, SourceState

__all__ = ["Discovery", "SourceState", "discover"]


async def discover(
    source: SourceConfig,
    topic: Topic,
    state: SourceState,
    fetcher: Fetcher,
    *,
    since: datetime | None = None,
) -> Discovery:
    """Ask one configured source for candidates.

    Unchanged sources (HTTP 304 or the same body as last time) come back with
    ``not_modified=True`` and no candidates, without being parsed. Raises SourceError or
    FetchError when the source as a whole cannot be read; its ``reason`` is short and stable.
    """
    if isinstance(source, RssSource):
        return await rss.discover(source, topic, state, fetcher, since=since)
    if isinstance(source, GoogleNewsSource):
        return await google_news.discover(source, topic, state, fetcher, since=since)
    if isinstance(source, SitemapSource):
        return await sitemap.discover(source, topic, state, fetcher, since=since)
    if isinstance(source, GdeltSource):
        return await gdelt.discover(source, topic, state, fetcher, since=since)
    if isinstance(source, ListingSource):
        return await listing.discover(source, topic, state, fetcher, since=since)
    raise SourceError(getattr(source, "name", "?"), f"unknown source kind {type(source).__name__}")
