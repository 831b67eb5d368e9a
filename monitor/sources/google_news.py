"""Google News search RSS per language/region, with its redirect links resolved to publishers."""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import lxml.html
from lxml import etree

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
DECODE_BATCH = 20  # article ids per batchexecute POST
MAX_PENDING = 300  # undecoded items kept for later runs, in the order they will be tried
MAX_TRIES = 3  # runs an item may fail with a passing error (429, 5xx, timeout) before it is dropped
_URL_IN_BYTES = re.compile(rb"https?://[\x21-\x7e]+")


def search_url(source: GoogleNewsSource, query: str) -> str:
    """The search feed URL of one query (``hl``/``gl``/``ceid`` select language and edition)."""
    return f"{source.base_url}?{urlencode({'q': query, **_locale(source)})}"


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


# ------------------------------------------------------------- ids without an embedded URL
#
# Current ids only carry a key that Google's own article page resolves with an RPC. The exchange
# follows googlenewsdecoder (github.com/SSujitX/google-news-url-decoder, googlenewsdecoder/
# _parse.py and decoder_async.py as of 2025): GET /rss/articles/<id>?hl=&gl=&ceid= (plain
# /articles/<id> sends non-browser clients to a captcha), read data-n-a-sg (signature) and
# data-n-a-ts (timestamp) of ``c-wiz > div[jscontroller]``, POST form field ``f.req`` with one
# ``["Fbv4je", <garturlreq json>, null, <envelope id>]`` per id to
# /_/DotsSplashUi/data/batchexecute, and read the answer: a ``)]}'`` line, then JSON rows
# ``["wrb.fr", "Fbv4je", "[\"garturlres\", <url>, ...]", ..., <envelope id>]``.

_ARTICLE_PATH = re.compile(r"^/(?:rss/)?(?:articles|read)/([A-Za-z0-9_-]{8,})/?$")
_SIGNATURE = re.compile(r'data-n-a-sg="([^"]+)"')
_TIMESTAMP = re.compile(r'data-n-a-ts="([^"]+)"')
BATCHEXECUTE_PATH = "/_/DotsSplashUi/data/batchexecute"
# the client context Google's page sends with garturlreq; the "X" fields are not checked
_GARTURLREQ_CONTEXT: list[Any] = [
    ["X", "X", ["X", "X"], None, None, 1, 1, "US:en", None, 1, None, None, None, None, None, 0, 1],
    "X", "X", 1, [1, 1, 1], 1, 1, None, 0, 0, None, 0,
]  # fmt: skip


class DecodeError(MonitorError):
    """A Google News article id could not be turned into its publisher URL; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def article_id(url: str, decode_base_url: str = "https://news.google.com") -> str | None:
    """The article id of a Google News link on the decode host (``/rss/articles/<id>``,
    ``/articles/<id>``, ``/read/<id>``); None for anything else."""
    if not same_site(url, decode_base_url):
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    match = _ARTICLE_PATH.match(path)
    return match.group(1) if match else None


def _locale(source: GoogleNewsSource) -> dict[str, str]:
    language, region = source.language.lower(), source.region.upper()
    hl = f"{language}-{region}" if language == "en" else language
    return {"hl": hl, "gl": region, "ceid": f"{region}:{language}"}


def signature_page_url(source: GoogleNewsSource, article: str) -> str:
    """The page that carries the decoding signature of one article id."""
    base = source.decode_base_url.rstrip("/")
    return f"{base}/rss/articles/{quote(article, safe='')}?{urlencode(_locale(source))}"


def parse_signature(html: str) -> tuple[str, str] | None:
    """(signature, timestamp) of an article page, None when the page has none (a consent or
    captcha page, or Google changed the page)."""
    if not html.strip():
        return None
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        root = None
    if root is not None:
        for node in root.xpath("//c-wiz/div[@jscontroller]"):
            signature, timestamp = node.get("data-n-a-sg"), node.get("data-n-a-ts")
            if signature and timestamp:
                return signature, timestamp
    # the attributes without the expected nesting: Google moved the element, not the data
    signature_match, timestamp_match = _SIGNATURE.search(html), _TIMESTAMP.search(html)
    if signature_match and timestamp_match:
        return signature_match.group(1), timestamp_match.group(1)
    return None


def batch_request(items: Iterable[tuple[str, str, str]]) -> str:
    """The ``f.req`` form value asking for the URLs of (article id, timestamp, signature) items;
    envelope ``n`` asks for item ``n`` (``"0"``, ``"1"``, ...)."""
    envelopes = []
    for n, (article, timestamp, signature) in enumerate(items):
        stamp: int | str = int(timestamp) if timestamp.isdigit() else timestamp
        inner = ["garturlreq", _GARTURLREQ_CONTEXT, article, stamp, signature]
        envelopes.append(["Fbv4je", json.dumps(inner, separators=(",", ":")), None, str(n)])
    return json.dumps([envelopes], separators=(",", ":"))


def parse_batch_response(text: str) -> list[tuple[str | None, str | None]]:
    """(envelope id, publisher URL) of each answer row of a batchexecute response, in order; the
    URL is None when a row came back without one (Google refused that id). Raises DecodeError
    ``garbage response`` when there are no answer rows at all."""
    body = text.lstrip()
    if body.startswith(")]}'"):  # anti-JSON-hijacking prefix line
        body = body.split("\n", 1)[1] if "\n" in body else ""
    try:
        rows = json.loads(body)
    except ValueError:
        raise DecodeError("garbage response") from None
    if not isinstance(rows, list):
        raise DecodeError("garbage response")
    found: list[tuple[str | None, str | None]] = []
    for row in rows:
        if not (isinstance(row, list) and len(row) >= 3 and row[:2] == ["wrb.fr", "Fbv4je"]):
            continue
        envelope = next((str(cell) for cell in reversed(row[3:]) if cell is not None), None)
        payload = row[2]
        if isinstance(payload, str):
            try:
                payload = json.loads(payload)
            except ValueError:
                payload = None
        url = None
        if isinstance(payload, list) and len(payload) > 1 and payload[0] == "garturlres":
            url = payload[1] if isinstance(payload[1], str) else None
        found.append((envelope, url))
    if not found:
        raise DecodeError("garbage response")
    return found


@dataclass
class _Queued:
    """A Google News item waiting for its id to be decoded (kept in the state between runs)."""

    candidate: Candidate
    article: str
    tries: int = 0

    def to_json(self) -> dict[str, Any]:
        c = self.candidate
        return {
            "url": c.url,
            "title": c.title,
            "published": c.published.isoformat() if c.published else None,
            "language": c.language,
            "summary": c.summary,
            "tries": self.tries,
        }

    @classmethod
    def from_json(cls, value: Any, source: GoogleNewsSource) -> _Queued | None:
        if not isinstance(value, dict) or not isinstance(value.get("url"), str):
            return None
        article = article_id(value["url"], source.decode_base_url)
        if article is None:
            return None
        published = None
        if isinstance(value.get("published"), str):
            try:
                published = datetime.fromisoformat(value["published"]).astimezone(UTC)
            except ValueError:
                published = None
        text = {k: value[k] if isinstance(value.get(k), str) else None
                for k in ("title", "language", "summary")}  # fmt: skip
        candidate = Candidate(
            value["url"], source.name, text["title"], published, text["language"], text["summary"]
        )
        tries = value.get("tries")
        return cls(candidate, article, tries if isinstance(tries, int) else 0)


@dataclass
class _Decoded:
    urls: dict[str, str]  # article id -> publisher URL
    # with a short reason, and whether the refusal is passing (429, 5xx, timeout: FetchError's
    # `retryable`): a passing one is tried again next run, anything else is final for the item
    failed: list[tuple[_Queued, str, bool]]
    deferred: list[_Queued]  # not tried: Google asked us to slow down


async def _decode(source: GoogleNewsSource, fetcher: Fetcher, queue: list[_Queued]) -> _Decoded:
    """Decode the ids of ``queue`` (distinct ids): one article page each, then one POST per
    ``DECODE_BATCH`` ids. A 429 stops the rest of the run's decoding; those items wait."""
    result = _Decoded({}, [], [])
    signed: dict[int, tuple[str, str]] = {}
    throttled = False
    gate = asyncio.Semaphore(RESOLVE_CONCURRENCY)

    def refused(item: _Queued, reason: str, passing: bool = False) -> None:
        nonlocal throttled
        throttled = throttled or reason == "http 429"
        result.failed.append((item, f"decode failed: {reason}", passing))

    def failed(item: _Queued, exc: MonitorError) -> None:
        refused(
            item,
            getattr(exc, "reason", type(exc).__name__),
            isinstance(exc, FetchError) and exc.retryable,
        )

    async def sign(n: int, item: _Queued) -> None:
        async with gate:
            if throttled:
                result.deferred.append(item)
                return
            try:
                page = await fetcher.fetch(signature_page_url(source, item.article), kind="page")
            except MonitorError as exc:
                failed(item, exc)
                return
        if not _is_google(page.final_url, source):  # Google redirected to the publisher
            result.urls[item.article] = page.final_url
            return
        found = parse_signature(page.text)
        if found is None:
            refused(item, "no signature")
        else:
            signed[n] = found

    await asyncio.gather(*(sign(n, item) for n, item in enumerate(queue)))
    order = sorted(signed)
    endpoint = source.decode_base_url.rstrip("/") + BATCHEXECUTE_PATH
    for start in range(0, len(order), DECODE_BATCH):
        chunk = [queue[n] for n in order[start : start + DECODE_BATCH]]
        if throttled:
            result.deferred.extend(chunk)
            continue
        request = batch_request(
            (item.article, signed[n][1], signed[n][0])
            for n, item in zip(order[start : start + DECODE_BATCH], chunk, strict=True)
        )
        try:
            page = await fetcher.post_form(endpoint, {"f.req": request}, kind="json")
            answers = parse_batch_response(page.text)
        except MonitorError as exc:
            for item in chunk:
                failed(item, exc)
            continue
        by_envelope = dict(answers)
        # rows are matched by envelope id; by position only when Google echoed none of ours
        matched = any(str(n) in by_envelope for n in range(len(chunk)))
        for n, item in enumerate(chunk):
            if matched:
                url = by_envelope.get(str(n))
            else:
                url = answers[n][1] if n < len(answers) else None
            if url is None:
                refused(item, "no url")
            elif not url.startswith(("http://", "https://")) or _is_google(url, source):
                refused(item, "bad url")
            else:
                result.urls[item.article] = url
    return result


def _is_google(url: str, source: GoogleNewsSource) -> bool:
    return is_google_link(url, source.base_url) or same_site(url, source.decode_base_url)


def _newest_first(items: list[_Queued]) -> list[_Queued]:
    oldest = datetime.min.replace(tzinfo=UTC)
    return sorted(items, key=lambda q: q.candidate.published or oldest, reverse=True)


async def _search(
    source: GoogleNewsSource,
    queries: list[str],
    before: dict[str, Any],
    fetcher: Fetcher,
    validators: dict[str, dict[str, str | None]],
    failures: list[tuple[str, str]],
) -> tuple[list[Candidate], bool]:
    """The items of the search feeds that changed since `before` (their validators), and
    whether any changed; a feed that fails adds to `failures`."""
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
    return found, changed


async def _decode_queued(
    source: GoogleNewsSource,
    fetcher: Fetcher,
    queue: list[_Queued],
    resolved: dict[str, str],
    direct: list[Candidate],
    failures: list[tuple[str, str]],
) -> list[_Queued]:
    """Decode the queue's ids (at most ``max_decodes``, in queue order; one decode per distinct
    id): decoded items join `direct` and `resolved`, failed ones `failures`. Returns the items
    to try again next run (a passing failure, or over the cap)."""
    groups: dict[str, list[_Queued]] = {}
    links: set[str] = set()
    for item in queue:
        link = item.candidate.url
        if link in links:
            continue
        links.add(link)
        if link in resolved:  # decoded meanwhile, e.g. by a source sharing the state
            direct.append(replace(item.candidate, url=canonicalize(resolved[link])))
            continue
        groups.setdefault(item.article, []).append(item)
    heads = [items[0] for items in groups.values()]
    now = heads[: max(0, source.max_decodes)]
    decoded = await _decode(source, fetcher, now) if now else _Decoded({}, [], [])
    reasons = {item.article: (reason, passing) for item, reason, passing in decoded.failed}
    keep: list[_Queued] = []
    for article, items in groups.items():
        target = decoded.urls.get(article)
        for item in items:
            if target is not None:
                resolved[item.candidate.url] = target
                direct.append(replace(item.candidate, url=canonicalize(target)))
            elif article in reasons:
                reason, passing = reasons[article]
                failures.append((item.candidate.url, reason))
                if passing and item.tries + 1 < MAX_TRIES:
                    keep.append(replace(item, tries=item.tries + 1))
            else:  # over the cap or held back by a 429: next run, first
                keep.append(item)
    return keep


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
    """Candidates of the topic's search feeds with publisher URLs: an id's embedded URL, else a
    remembered one, else Google's redirect, else the decoding RPC (at most ``max_decodes`` per
    look, newest first; the others wait in the state and go first next time)."""
    queries = topic.queries.get(source.language) or []
    if not queries:
        raise SourceError(source.name, f"no queries for language '{source.language}'")
    fetcher.limit_host(source.decode_base_url, source.decode_interval)
    before = state.extra.get("urls") or {}
    resolved: dict[str, str] = dict(state.extra.get("resolved") or {})
    waiting = [
        q for q in (_Queued.from_json(v, source) for v in state.extra.get("pending") or []) if q
    ]
    validators: dict[str, dict[str, str | None]] = {}
    failures: list[tuple[str, str]] = []
    found, changed = await _search(source, queries, before, fetcher, validators, failures)
    if failures and len(failures) == len(queries):
        raise SourceError(source.name, failures[0][1])

    gate = asyncio.Semaphore(RESOLVE_CONCURRENCY)
    queued: list[_Queued] = []

    async def publisher(candidate: Candidate) -> Candidate | None:
        link = candidate.url
        if not _is_google(link, source):
            return candidate
        target = resolved.get(link) or decode_article_url(link)
        if target is None:
            article = article_id(link, source.decode_base_url)
            if article is not None:  # Google's own host: the decoding covers its redirects
                queued.append(_Queued(candidate, article))
                return None
            async with gate:
                try:
                    target = await fetcher.resolve(link)
                except MonitorError as exc:
                    failures.append((link, getattr(exc, "reason", str(exc))))
                    return None
        if _is_google(target, source):
            failures.append((link, "unresolved redirect"))
            return None
        resolved[link] = target
        return replace(candidate, url=canonicalize(target))

    # items older than ``since`` cost no request; waiting ones passed that test when found
    fresh = keep_since(found, since)
    distinct = list({c.url: c for c in reversed(fresh)}.values())[::-1]  # queries overlap
    results = await asyncio.gather(*(publisher(c) for c in distinct))
    direct = [c for c in results if c is not None]

    # waiting items first, then this look's newest; one decode per distinct id
    keep = await _decode_queued(
        source, fetcher, [*waiting, *_newest_first(queued)], resolved, direct, failures
    )

    unique: dict[str, Candidate] = {}
    for candidate in direct:
        if candidate.url not in unique:
            unique[candidate.url] = candidate
    remembered = dict(list(resolved.items())[-MAX_REMEMBERED:])
    extra: dict[str, Any] = {"urls": validators, "resolved": remembered}
    if keep:
        extra["pending"] = [item.to_json() for item in keep[:MAX_PENDING]]
    return Discovery(
        list(unique.values()),
        SourceState(extra=extra),
        not_modified=not changed and not failures and not waiting,
        failures=failures,
    )
