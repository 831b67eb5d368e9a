"""The one HTTP client of a run: politeness, robots.txt, retries, limits, conditional GET, guard."""

from __future__ import annotations

import asyncio
import codecs
import email.utils
import logging
import random
import re
import socket
import time
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Literal
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import brotli  # type: ignore[import-untyped]
import httpx
from charset_normalizer import from_bytes

from monitor.config import Settings
from monitor.errors import BlockedAddress, FetchError, RobotsDisallowed, TooLarge
from monitor.models import Page
from monitor.urls import AllowList, address_refusal, parse_ip, same_site

log = logging.getLogger("monitor.fetch")

Kind = Literal["page", "feed", "json"]
_InternalKind = Literal["page", "feed", "json", "robots", "resolve"]

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
ROBOTS_MAX_BYTES = 512_000  # RFC 9309 asks crawlers to read at least 500 KiB
MAX_CRAWL_DELAY = 30.0  # a robots.txt Crawl-delay above this would stall a run; cap it

_HTML = frozenset({"text/html", "application/xhtml+xml"})
_XML = frozenset({"application/xml", "text/xml", "application/rss+xml", "application/atom+xml",
                  "application/rdf+xml"})  # fmt: skip
_JSON = frozenset({"application/json", "text/json"})
_LOOSE = frozenset({"", "application/octet-stream", "binary/octet-stream"})  # sniff these
_GZIP = frozenset({"application/gzip", "application/x-gzip"})
_ACCEPT = {
    "page": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,"
    "text/xml;q=0.9,*/*;q=0.1",
    "json": "application/json,*/*;q=0.1",
    "robots": "text/plain,*/*;q=0.1",
    "resolve": "text/html,*/*;q=0.1",
}
# magic numbers of things that are never articles, whatever the server calls them
_NOT_TEXT = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x00\x00\x01\x00",
             b"ID3", b"OggS", b"\x1a\x45\xdf\xa3")  # fmt: skip


_CONNECTION_ERRORS = (
    httpx.ConnectError,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
    httpx.CloseError,
)


class _Retry(Exception):
    """An attempt failed in a way worth retrying (after ``retry_after`` seconds if given)."""

    def __init__(self, error: FetchError, retry_after: float | None = None) -> None:
        super().__init__(error.reason)
        self.error = error
        self.retry_after = retry_after


@dataclass(slots=True)
class _Host:
    slots: asyncio.Semaphore
    delay: float
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0


@dataclass(slots=True)
class _Robots:
    parser: RobotFileParser | None  # None: everything allowed (no robots.txt)
    # why robots.txt could not be read; RFC 9309 says assume everything disallowed meanwhile
    unavailable: str | None = None


def crawl_delay(robots_txt: str, user_agent: str) -> float | None:
    """The Crawl-delay for our agent (or ``*``); fractions allowed, unlike urllib's parser."""
    token = user_agent.split("/", 1)[0].strip().lower()
    delays: dict[str, float] = {}
    agents: list[str] = []
    in_rules = False
    for raw in robots_txt.splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (part.strip() for part in line.split(":", 1))
        key = key.lower()
        if key == "user-agent":
            if in_rules:
                agents, in_rules = [], False
            agents.append(value.lower())
        else:
            in_rules = True
            if key == "crawl-delay":
                try:
                    delay = float(value)
                except ValueError:
                    continue
                for agent in agents:
                    delays.setdefault(agent, delay)
    for agent, delay in delays.items():
        if agent != "*" and agent in token:
            return delay
    return delays.get("*")


class _Decoder:
    """Content-Encoding decoder that never produces more than ``limit`` bytes (bomb-proof)."""

    def __init__(self, url: str, encoding: str, limit: int) -> None:
        self.url, self.limit, self.total = url, limit, 0
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise FetchError(url, "bad content encoding")
        self.coding = codings[0] if codings else ""
        self._zlib: zlib._Decompress | None = None
        self._brotli: brotli.Decompressor | None = None
        if self.coding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.coding == "deflate":
            self._zlib = None  # zlib-wrapped or raw; decided on the first bytes
        elif self.coding == "br":
            self._brotli = brotli.Decompressor()
        elif self.coding:
            raise FetchError(url, "bad content encoding")

    def feed(self, data: bytes) -> bytes:
        room = self.limit - self.total + 1
        try:
            if self.coding == "deflate" and self._zlib is None:
                raw = bool(data) and (data[0] & 0x0F) != 8
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
            if self._zlib is not None:
                out = self._zlib.decompress(data, room)
            elif self._brotli is not None:
                out = self._brotli.process(data, output_buffer_limit=room)
            else:
                out = data
        except (zlib.error, brotli.error):
            raise FetchError(self.url, "bad content encoding") from None
        self.total += len(out)
        if self.total > self.limit:
            raise TooLarge(self.url, self.limit)
        return out


def gunzip_limited(url: str, data: bytes, limit: int) -> bytes:
    """Decompress a gzip file body (e.g. ``sitemap.xml.gz``) without exceeding ``limit``."""
    return _Decoder(url, "gzip", limit).feed(data)


# ---------------------------------------------------------------------------------- decoding

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip
# WHATWG: browsers read these labels as windows-1252, and so do the pages that declare them
_LABEL_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                  "us-ascii": "cp1252", "ascii": "cp1252"}  # fmt: skip


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _LABEL_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _utf16_without_bom(body: bytes) -> str | None:
    sample = body[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return "utf-16-le" if odd > even else "utf-16-be"


def decode_text(body: bytes, content_type: str = "") -> tuple[str, str]:
    """Text of a body and the encoding used: BOM, then a declared charset that decodes cleanly,
    then UTF-8, then detection (for pages whose declared charset is wrong)."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, "replace"), name
    utf16 = _utf16_without_bom(body)
    if utf16 is not None:
        return body.decode(utf16, "replace"), utf16
    header = re.search(r"charset\s*=\s*([^;\s]+)", content_type, re.I)
    head = body[:4096]
    meta = _XML_ENCODING.search(head) or _CHARSET.search(head)
    declared = [
        _codec(header.group(1) if header else None),
        _codec(meta.group(1).decode("ascii", "replace") if meta else None),
        "utf-8",
    ]
    for label in declared:
        if label is None:
            continue
        try:
            return body.decode(label), label
        except UnicodeDecodeError:
            continue
    best = from_bytes(body[:65536]).best()
    name = _codec(best.encoding if best is not None else None) or "cp1252"
    return body.decode(name, "replace"), name


def _mime(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _type_allowed(mime: str, kind: _InternalKind) -> bool:
    xml = mime in _XML or mime.endswith("+xml")
    json = mime in _JSON or mime.endswith("+json")
    if kind == "page":
        return mime in _HTML or xml
    if kind == "feed":
        return mime in _HTML or xml or mime in _GZIP or mime == "text/plain"
    if kind == "json":
        return (
            json
            or mime in ("text/plain", "text/javascript", "application/javascript")
            or (
                mime in _HTML  # error messages of JSON APIs come as HTML; the caller says so
            )
        )
    return True


def _sniff_ok(body: bytes, kind: _InternalKind) -> bool:
    start = body.lstrip()[:1]
    if kind == "feed" and body[:2] == b"\x1f\x8b":
        return True
    return start == b"<" or (kind == "json" and start in (b"{", b"["))


def _retry_after(value: str | None, now: float | None = None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


# ----------------------------------------------------------------------------------- fetcher


class Fetcher:
    """The shared async HTTP client of one run. Use as ``async with Fetcher(settings) as f``.

    Every request, including robots.txt and each redirect hop, passes the address guard and the
    politeness gates (global and per-host concurrency, per-host minimum delay between starts).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.user_agent = settings.resolved_user_agent
        self.bytes_received = 0
        self.requests_made = 0
        self._allow = AllowList.parse(settings.fetch_allow_list)
        self._client: httpx.AsyncClient | None = None
        self._global = asyncio.Semaphore(max(1, settings.fetch_concurrency))
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._resolved: dict[tuple[str, int], list[str]] = {}

    async def __aenter__(self) -> Fetcher:
        s = self.settings
        self._client = httpx.AsyncClient(
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate, br"},
            timeout=httpx.Timeout(
                connect=s.fetch_connect_timeout,
                read=s.fetch_read_timeout,
                write=s.fetch_read_timeout,
                pool=None,  # waiting for a connection slot is our gates' business
            ),
            limits=httpx.Limits(
                max_connections=max(1, s.fetch_concurrency),
                max_keepalive_connections=max(1, s.fetch_concurrency),
            ),
            follow_redirects=False,  # we follow them ourselves so every hop meets the guard
            trust_env=False,  # an environment proxy would bypass the address guard
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- public API ---------------------------------------------------------------------------
    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        kind: Kind = "page",
    ) -> Page:
        """GET ``url`` politely. A 304 comes back as a Page with ``not_modified=True``.

        Raises FetchError (``reason``: ``timeout``, ``http 503``, ``robots``, ``too large``,
        ``blocked address``, ``bad content type``, ``redirect loop``, ...).
        """
        return await self._with_retries(url, etag, last_modified, kind)

    async def resolve(self, url: str) -> str:
        """Where ``url`` redirects to: follows redirects while they stay on the starting site and
        returns the first URL on another site (not requested), or the last URL reached."""
        page = await self._with_retries(url, None, None, "resolve")
        return page.final_url

    async def post_form(self, url: str, data: dict[str, str], *, kind: Kind = "json") -> Page:
        """POST ``data`` form-encoded to ``url`` (small RPC endpoints) through the same guard,
        robots check, politeness gates, limits and retries as ``fetch``. A redirect answer is a
        FetchError ``redirected``: re-sending a form to wherever it points is not ours to do."""
        return await self._with_retries(url, None, None, kind, data)

    def limit_host(self, url_or_host: str, min_interval: float) -> None:
        """Space requests to a host at least ``min_interval`` seconds apart (API rate limits)."""
        host = self._gate(self._host_key(url_or_host))
        host.delay = max(host.delay, min_interval)

    # -- retries ------------------------------------------------------------------------------
    async def _with_retries(
        self,
        url: str,
        etag: str | None,
        last_modified: str | None,
        kind: _InternalKind,
        form: dict[str, str] | None = None,
    ) -> Page:
        if self._client is None:
            raise RuntimeError("Fetcher used outside 'async with'")
        retries = max(0, self.settings.fetch_retries)
        attempt = 0
        while True:
            try:
                return await self._follow(url, etag, last_modified, kind, form)
            except _Retry as retry:
                if attempt >= retries:
                    raise retry.error from None
                if retry.retry_after is not None:
                    if retry.retry_after > self.settings.fetch_retry_after_max:
                        raise retry.error from None  # the server asked for a pause; next run
                    wait = retry.retry_after
                else:
                    wait = self.settings.fetch_backoff * 2**attempt * random.uniform(0.5, 1.5)
                attempt += 1
                log.info("retry %d of %s in %.2fs (%s)", attempt, url, wait, retry.error.reason)
                await asyncio.sleep(wait)

    # -- one attempt: follow redirects hop by hop ----------------------------------------------
    async def _follow(
        self,
        url: str,
        etag: str | None,
        last_modified: str | None,
        kind: _InternalKind,
        form: dict[str, str] | None = None,
    ) -> Page:
        current = url.strip()
        visited: set[str] = set()
        max_hops = 5 if kind == "robots" else max(0, self.settings.fetch_max_redirects)
        for _hop in range(max_hops + 1):
            parts = self._check_url(url, current)
            visited.add(urlunsplit(parts._replace(fragment="")))
            await self._check_address(url, parts)
            if kind != "robots" and self.settings.obey_robots:
                await self._check_robots(url, current)
            page, location = await self._request(url, current, etag, last_modified, kind, form)
            if location is None:
                assert page is not None
                return page
            if form is not None:
                raise FetchError(url, "redirected")
            target = urljoin(current, location.strip())
            if kind == "resolve" and not same_site(target, url):
                return Page(url, target, 302, "", b"", "")
            if urlunsplit(urlsplit(target)._replace(fragment="")) in visited:
                raise FetchError(url, "redirect loop")
            current = target
        raise FetchError(url, "too many redirects")

    def _check_url(self, url: str, current: str) -> SplitResult:
        try:
            parts = urlsplit(current)
            _ = parts.port
        except ValueError:
            raise FetchError(url, "bad url") from None
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "bad url")
        return parts

    async def _check_address(self, url: str, parts: SplitResult) -> None:
        """Refuse private, loopback, link-local and metadata targets, also behind DNS names."""
        host = str(parts.hostname)
        if self._allow.allows_host(host):
            return
        literal = parse_ip(host)
        if literal is not None:
            reason = address_refusal(literal, self._allow)
            if reason:
                raise BlockedAddress(url, reason)
            return
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        key = (host.lower(), port)
        addresses = self._resolved.get(key)
        if addresses is None:
            loop = asyncio.get_running_loop()
            try:
                infos = await asyncio.wait_for(
                    loop.getaddrinfo(host, port, type=socket.SOCK_STREAM),
                    timeout=self.settings.fetch_connect_timeout,
                )
            except (OSError, TimeoutError):
                raise FetchError(url, "dns error", retryable=True) from None
            addresses = sorted({str(info[4][0]) for info in infos})
            self._resolved[key] = addresses
        for address in addresses:
            ip = parse_ip(address)
            reason = "unparseable address" if ip is None else address_refusal(ip, self._allow)
            if reason:
                raise BlockedAddress(url, f"{host} -> {reason}")

    def _check_peer(self, url: str, response: httpx.Response) -> None:
        """The address we actually connected to must pass too (DNS may change between lookups)."""
        stream = response.extensions.get("network_stream")
        if stream is None:
            return
        peer = stream.get_extra_info("server_addr")
        if not peer:
            return
        ip = parse_ip(str(peer[0]))
        if ip is None:
            return
        host = response.request.url.host
        if self._allow.allows_host(host):
            return
        reason = address_refusal(ip, self._allow)
        if reason:
            raise BlockedAddress(url, f"{host} -> {reason}")

    # -- robots.txt ---------------------------------------------------------------------------
    async def _check_robots(self, url: str, current: str) -> None:
        parts = urlsplit(current)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        robots = self._robots.get(origin)
        if robots is None:
            lock = self._robots_locks.setdefault(origin, asyncio.Lock())
            async with lock:
                robots = self._robots.get(origin)
                if robots is None:
                    robots = await self._load_robots(origin)
                    self._robots[origin] = robots
        if robots.unavailable:
            raise FetchError(url, robots.unavailable, retryable=True)
        if robots.parser is not None and not robots.parser.can_fetch(self.user_agent, current):
            raise RobotsDisallowed(url)

    async def _load_robots(self, origin: str) -> _Robots:
        robots_url = origin + "/robots.txt"
        try:
            page = await self._with_retries(robots_url, None, None, "robots")
        except FetchError as exc:
            if exc.reason.startswith("http 4"):
                return _Robots(None)  # no robots.txt: everything allowed
            if isinstance(exc, BlockedAddress):
                raise
            log.warning("robots.txt of %s unavailable (%s)", origin, exc.reason)
            # a site that cannot be reached says so; one that answers 5xx keeps us out
            reachable = exc.reason.startswith("http") or exc.reason in ("too large", "bad url")
            return _Robots(None, "robots unavailable" if reachable else exc.reason)
        parser = RobotFileParser(robots_url)
        parser.parse(page.text.splitlines())
        delay = crawl_delay(page.text, self.user_agent)
        if delay is not None:
            host = self._gate(self._host_key(origin))
            host.delay = max(host.delay, min(float(delay), MAX_CRAWL_DELAY))
        return _Robots(parser)

    # -- politeness gates ---------------------------------------------------------------------
    @staticmethod
    def _host_key(url_or_host: str) -> str:
        if "//" in url_or_host:
            return (urlsplit(url_or_host).hostname or "").lower()
        return url_or_host.lower()

    def _gate(self, key: str) -> _Host:
        host = self._hosts.get(key)
        if host is None:
            host = _Host(
                asyncio.Semaphore(max(1, self.settings.fetch_per_host)),
                max(0.0, self.settings.fetch_host_delay),
            )
            self._hosts[key] = host
        return host

    @asynccontextmanager
    async def _slot(self, key: str) -> AsyncIterator[_Host]:
        host = self._gate(key)
        async with host.slots:
            async with host.lock:
                wait = host.next_start - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                host.next_start = time.monotonic() + host.delay
            async with self._global:
                yield host

    # -- one HTTP exchange --------------------------------------------------------------------
    async def _request(
        self,
        url: str,
        current: str,
        etag: str | None,
        last_modified: str | None,
        kind: _InternalKind,
        form: dict[str, str] | None = None,
    ) -> tuple[Page | None, str | None]:
        """(page, None) for a final response, (None, location) for a redirect."""
        assert self._client is not None
        headers = {"Accept": _ACCEPT[kind]}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = ROBOTS_MAX_BYTES if kind == "robots" else self.settings.fetch_max_bytes
        async with self._slot(self._host_key(current)) as host:
            self.requests_made += 1
            try:
                async with asyncio.timeout(self.settings.fetch_timeout):
                    request = self._client.build_request(
                        "GET" if form is None else "POST", current, headers=headers, data=form
                    )
                    response = await self._client.send(request, stream=True)
                    try:
                        self._check_peer(url, response)
                        return await self._read(url, current, response, host, kind, limit)
                    finally:
                        await response.aclose()
            except TimeoutError:
                raise FetchError(url, "timeout", retryable=True) from None
            except httpx.ConnectTimeout:
                raise _Retry(FetchError(url, "timeout", retryable=True)) from None
            except httpx.TimeoutException:
                raise FetchError(url, "timeout", retryable=True) from None
            except _CONNECTION_ERRORS:
                raise _Retry(FetchError(url, "connection error", retryable=True)) from None
            except (httpx.InvalidURL, httpx.UnsupportedProtocol, httpx.LocalProtocolError):
                raise FetchError(url, "bad url") from None
            except httpx.HTTPError as exc:
                raise FetchError(url, f"http error {type(exc).__name__}", retryable=True) from None

    async def _read(
        self,
        url: str,
        current: str,
        response: httpx.Response,
        host: _Host,
        kind: _InternalKind,
        limit: int,
    ) -> tuple[Page | None, str | None]:
        status = response.status_code
        location = response.headers.get("location")
        if status in REDIRECTS and location:
            return None, location
        etag = response.headers.get("etag")
        modified = response.headers.get("last-modified")
        if status == 304:
            return Page(url, current, 304, "", b"", "", None, etag, modified, True), None
        if status in RETRY_STATUSES:
            wait = _retry_after(response.headers.get("retry-after"))
            if wait is not None:
                # the pause applies to everyone talking to this host, not just this request
                host.next_start = max(host.next_start, time.monotonic() + wait)
            raise _Retry(FetchError(url, f"http {status}", retryable=True), wait)
        if not 200 <= status < 300:
            raise FetchError(url, f"http {status}", retryable=status >= 500)
        if kind == "resolve":
            return Page(url, current, status, "", b"", ""), None
        mime = _mime(response.headers.get("content-type", ""))
        if kind != "robots" and mime not in _LOOSE and not _type_allowed(mime, kind):
            raise FetchError(url, "bad content type")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise TooLarge(url, limit)
        decoder = _Decoder(url, response.headers.get("content-encoding", ""), limit)
        chunks: list[bytes] = []
        raw_total = 0
        async for raw in response.aiter_raw():
            raw_total += len(raw)
            self.bytes_received += len(raw)
            if raw_total > limit:
                raise TooLarge(url, limit)
            chunks.append(decoder.feed(raw))
        body = b"".join(chunks)
        if kind != "robots":
            if body[:8].lstrip().startswith(_NOT_TEXT) or body.startswith(_NOT_TEXT):
                raise FetchError(url, "bad content type")
            if mime in _LOOSE and body.strip() and not _sniff_ok(body, kind):
                raise FetchError(url, "bad content type")
            if body[:2] == b"\x1f\x8b" and kind == "feed":
                body = gunzip_limited(url, body, limit)
            if not body.strip() and kind == "page":
                raise FetchError(url, "empty body")
        text, encoding = decode_text(body, response.headers.get("content-type", ""))
        return Page(url, current, status, mime, body, text, encoding, etag, modified), None
