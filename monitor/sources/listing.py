"""HTML section fronts: same-site links that look like articles, with their anchor text."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

import lxml.html
from lxml.etree import ParserError

from monitor.config import ListingSource, Topic
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
    plausible,
)
from monitor.urls import absolute, canonicalize, same_site

MAX_LINKS = 300
# path segments of pages about the site, people, tags and accounts, never articles
_NOT_ARTICLE_SEGMENTS = frozenset(
    {
        "tag", "tags", "thema", "themen", "topic", "topics", "category", "categories", "kategorie",
        "author", "authors", "autor", "autoren", "search", "suche", "login", "logout", "register",
        "account", "konto", "abo", "abonnement", "subscribe", "newsletter", "impressum",
        "datenschutz", "privacy", "kontakt", "contact", "about", "ueber-uns", "terms", "agb",
        "cookies", "feeds", "rss", "archive", "archiv", "page", "seite", "hilfe", "help", "faq",
        "section", "ressort", "sitemap", "shop", "jobs", "karriere",
    }
)  # fmt: skip
_NOT_ARTICLE_EXT = (
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".pdf", ".mp3", ".mp4", ".css", ".js",
    ".xml", ".rss", ".json", ".zip", ".ics",
)  # fmt: skip
_URL_DATE = re.compile(r"/(20\d\d)[/-](\d\d)[/-](\d\d)(?:/|-|$)")


def looks_like_article(url: str) -> bool:
    """Article URLs have a slug of several words, a numeric id or a date, and no tag/author part."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    lowered = path.lower()
    if lowered.endswith(_NOT_ARTICLE_EXT):
        return False
    segments = [s for s in lowered.split("/") if s]
    if not segments or any(s in _NOT_ARTICLE_SEGMENTS for s in segments):
        return False
    last = re.sub(r"\.(s?html?|php|aspx?|ece|cms)$", "", segments[-1])
    words = [w for w in re.split(r"[-_]", last) if w]
    if len(words) >= 3:
        return True
    if re.search(r"\d{5,}", last):
        return True
    return bool(_URL_DATE.search(lowered)) and len(last) >= 4


def _url_date(url: str) -> datetime | None:
    match = _URL_DATE.search(url)
    if match is None:
        return None
    try:
        year, month, day = (int(g) for g in match.groups())
        return plausible(datetime(year, month, day, tzinfo=UTC))
    except ValueError:
        return None


def parse_listing(text: str, page_url: str, name: str, language: str | None) -> list[Candidate]:
    if not text.strip():
        return []
    try:
        document = lxml.html.document_fromstring(text)
    except (ParserError, ValueError) as exc:
        raise SourceError(name, f"parse error ({type(exc).__name__})") from None
    base_href = document.xpath("//base/@href")
    base = absolute(page_url, base_href[0]) if base_href else page_url
    own = canonicalize(page_url)
    found: dict[str, Candidate] = {}
    for anchor in document.iter("a"):
        href = anchor.get("href")
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = absolute(base or page_url, href)
        if url is None or not same_site(url, page_url):
            continue
        key = canonicalize(url)
        if key == own or key in found or not looks_like_article(key):
            continue
        title = clean_title(anchor.text_content()) or clean_title(anchor.get("title"))
        found[key] = Candidate(
            url=key, source=name, title=title, published=_url_date(key), language=language
        )
        if len(found) >= MAX_LINKS:
            break
    return list(found.values())


async def discover(
    source: ListingSource,
    topic: Topic,
    state: SourceState,
    fetcher: Fetcher,
    *,
    since: datetime | None = None,
) -> Discovery:
    page, validators = await fetch_if_changed(
        fetcher, source.url, Validators.of(state), kind="page"
    )
    new_state = SourceState(
        validators.etag, validators.last_modified, validators.body_hash, dict(state.extra)
    )
    if page is None:
        return Discovery([], new_state, not_modified=True)
    candidates = parse_listing(page.text, page.final_url, source.name, source.language)
    return Discovery(keep_since(candidates, since), new_state)
