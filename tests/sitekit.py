"""A small real news site on 127.0.0.1 for tests: feeds, articles, sitemaps, robots.txt, faults.

Usage (see also the ``news_site`` fixture in tests/conftest.py)::

    from tests.sitekit import NewsSite, Reply

    with NewsSite.generate(articles=20, feeds=2) as site:      # serving in a background thread
        site.url("/feeds/feed-0.xml")                          # -> "http://127.0.0.1:PORT/feeds/..."
        site.add_article(title="Nordkorea schickt Truppen", language="de",
                         paragraphs=["Erster Absatz ...", "Zweiter Absatz ..."], feeds=["feed-0"])
        site.fault("/news/x.html", Reply.error(503), Reply.normal())  # 503 once, then normal
        site.fault("/slow", Reply.trickling(b"<html>...", interval=1.0))  # a byte per second
        site.requests                      # every request, with its times and headers
        site.max_concurrency(), site.min_start_gap()       # politeness, measured

What it serves by default (all generated from the site's own articles, so always consistent):

* ``/robots.txt``                         ``site.robots`` (allow everything by default)
* ``/feeds/<name>.xml``                   RSS 2.0, Atom 1.0 or RSS 1.0 (RDF) per feed's ``format``
* ``/news/<yyyy>/<mm>/<dd>/<slug>.html``   article pages, German or English, with rel=canonical
* ``/sitemap.xml``                        sitemap index pointing at ``/sitemaps/news.xml``
* ``/sitemaps/news.xml``                  a Google News sitemap with titles, keywords, dates
* ``/section/<feed>``                     an HTML section front page listing that feed's articles

Every generated response carries an ``ETag`` and ``Last-Modified`` and answers conditional GETs
with 304 (switch off with ``site.conditional = False``), and is gzip-compressed when the client
asks for it (``site.compress = False`` to switch off). Routes added with :meth:`NewsSite.route`
and faults added with :meth:`NewsSite.fault` take precedence over the generated ones.

Everything here uses the standard library only, so it can be used from any test (pipeline,
alerts, Prefect, reliability) without importing the monitor.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import html
import itertools
import random
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

try:  # brotli ships with httpx[brotli], a dependency of the monitor
    import brotli
except ImportError:  # pragma: no cover
    brotli = None


# ------------------------------------------------------------------------------ the request log


@dataclass(frozen=True)
class RequestRecord:
    """One request the site received; times are ``time.monotonic()`` seconds."""

    method: str
    path: str
    query: str
    headers: dict[str, str]  # header names lower-cased
    started: float
    finished: float
    status: int
    bytes_sent: int  # body bytes written (after compression)
    client_port: int

    @property
    def conditional(self) -> bool:
        return "if-none-match" in self.headers or "if-modified-since" in self.headers

    @property
    def user_agent(self) -> str:
        return self.headers.get("user-agent", "")


# ------------------------------------------------------------------------------------ replies


@dataclass
class Reply:
    """A canned response, also the way to inject a fault.

    ``delay`` waits before answering; ``trickle`` writes the body one byte every ``trickle``
    seconds; ``reset`` aborts the connection with a TCP RST before any byte is sent;
    ``content_length`` overrides the header (e.g. to lie); ``raw_encoding`` sets
    Content-Encoding without compressing (the body is already compressed).
    """

    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    trickle: float = 0.0
    reset: bool = False
    raw_encoding: str | None = None
    content_length: int | None = None
    passthrough: bool = False  # status==200 with passthrough: serve the normal content

    # -- constructors for the common faults -------------------------------------------------
    @classmethod
    def normal(cls, *, delay: float = 0.0) -> Reply:
        """Serve what the site would have served anyway (use in sequences: 503, then normal)."""
        return cls(passthrough=True, delay=delay)

    @classmethod
    def text(
        cls,
        body: str | bytes,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        **headers: str,
    ) -> Reply:
        data = body.encode("utf-8") if isinstance(body, str) else body
        return cls(status=status, body=data, content_type=content_type, headers=dict(headers))

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Reply:
        return cls(status=status, content_type=None, headers={"Location": location})

    @classmethod
    def error(cls, status: int, retry_after: str | int | None = None) -> Reply:
        headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
        return cls(
            status=status,
            body=f"error {status}".encode(),
            content_type="text/plain",
            headers=headers,
        )

    @classmethod
    def slow(cls, seconds: float) -> Reply:
        """Wait before answering normally."""
        return cls(passthrough=True, delay=seconds)

    @classmethod
    def trickling(
        cls, body: bytes, interval: float = 1.0, content_type: str = "text/html; charset=utf-8"
    ) -> Reply:
        return cls(body=body, content_type=content_type, trickle=interval)

    @classmethod
    def connection_reset(cls) -> Reply:
        return cls(reset=True)

    @classmethod
    def gzip_bomb(cls, size: int = 200_000_000, content_type: str = "text/html") -> Reply:
        """A small gzip body that inflates to ``size`` bytes of spaces."""
        return cls(body=_gzip_zeros(size), content_type=content_type, raw_encoding="gzip")

    @classmethod
    def brotli_bomb(cls, size: int = 200_000_000, content_type: str = "text/html") -> Reply:
        """A tiny brotli body that inflates to ``size`` bytes of spaces."""
        if brotli is None:  # pragma: no cover
            raise RuntimeError("brotli is not installed")
        return cls(
            body=brotli.compress(b" " * size, quality=5),
            content_type=content_type,
            raw_encoding="br",
        )

    @classmethod
    def oversized(cls, size: int = 50_000_000, content_type: str = "text/html") -> Reply:
        """An uncompressed body of ``size`` bytes (a valid-looking HTML page padded with text)."""
        head = b"<html><head><title>big</title></head><body><p>"
        return cls(body=head + b"x" * max(0, size - len(head)), content_type=content_type)


_BOMB_CACHE: dict[int, bytes] = {}


def _gzip_zeros(size: int) -> bytes:
    if size not in _BOMB_CACHE:
        chunk = b" " * 1_000_000
        obj = zlib.compressobj(9, zlib.DEFLATED, 31)
        parts = [obj.compress(chunk) for _ in range(size // len(chunk))]
        parts.append(obj.compress(b" " * (size % len(chunk))))
        parts.append(obj.flush())
        _BOMB_CACHE[size] = b"".join(parts)
    return _BOMB_CACHE[size]


Handler = Callable[["SiteRequest"], Reply]


@dataclass(frozen=True)
class SiteRequest:
    """What a route handler gets: the parsed request."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    site: NewsSite


# ----------------------------------------------------------------------------------- content


@dataclass
class SiteArticle:
    """One article of the site. ``path`` is derived from date and slug unless given."""

    slug: str
    title: str
    paragraphs: list[str]
    language: str = "en"
    published: datetime = field(default_factory=lambda: datetime.now(UTC))
    feeds: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    author: str = "Redaktion"
    path: str = ""

    def __post_init__(self) -> None:
        if not self.path:
            self.path = f"/news/{self.published:%Y/%m/%d}/{self.slug}.html"


@dataclass
class SiteFeed:
    name: str
    title: str
    language: str = "en"
    format: str = "rss"  # "rss" (2.0), "atom", "rdf" (RSS 1.0)
    size: int = 50  # newest N articles of the feed


_EN_SUBJECTS = [
    "The city council",
    "A regional court",
    "The transport authority",
    "Researchers",
    "The harbour operator",
    "A citizens' initiative",
    "The state parliament",
    "The weather service",
    "Local farmers",
    "The university hospital",
]
_EN_ACTIONS = [
    "approved a plan for {n} new cycle lanes",
    "reported {n} more passengers than a year ago",
    "published a study on river temperatures in {city}",
    "warned of storms reaching {n} kilometres per hour",
    "opened a consultation on the future of the {city} market hall",
    "postponed the renovation of {n} school buildings",
    "presented a budget of {n} million euros",
    "began testing electric ferries near {city}",
]
_EN_DETAILS = [
    "Officials said the decision followed months of debate.",
    "Critics argued the costs had been underestimated from the start.",
    "A spokesperson said further details would follow on {day}.",
    "Residents in {city} will be able to comment until the end of the month.",
    "The figures were confirmed by an independent review.",
    "Opposition members called for a public hearing on the matter.",
    "The project is expected to take about {n} months.",
    "Similar measures had already been tried in neighbouring towns.",
]
_DE_SUBJECTS = [
    "Der Stadtrat",
    "Ein Landgericht",
    "Der Verkehrsverbund",
    "Forschende",
    "Der Hafenbetreiber",
    "Eine Bürgerinitiative",
    "Der Landtag",
    "Der Wetterdienst",
    "Landwirte aus der Region",
    "Das Universitätsklinikum",
]
_DE_ACTIONS = [
    "hat einen Plan für {n} neue Radwege beschlossen",
    "meldet {n} Fahrgäste mehr als im Vorjahr",
    "hat eine Studie zur Flusstemperatur in {city} veröffentlicht",
    "warnt vor Sturmböen mit bis zu {n} Kilometern pro Stunde",
    "hat eine Anhörung zur Zukunft der Markthalle in {city} eröffnet",
    "verschiebt die Sanierung von {n} Schulgebäuden",
    "legt einen Haushalt von {n} Millionen Euro vor",
    "testet elektrische Fähren bei {city}",
]
_DE_DETAILS = [
    "Nach Angaben der Verantwortlichen ging der Entscheidung eine lange Debatte voraus.",
    "Kritiker bemängeln, die Kosten seien von Anfang an zu niedrig angesetzt worden.",
    "Weitere Einzelheiten sollen am {day} folgen, sagte eine Sprecherin.",
    "Anwohner in {city} können bis zum Monatsende Stellung nehmen.",
    "Die Zahlen wurden von einer unabhängigen Prüfung bestätigt.",
    "Die Opposition fordert eine öffentliche Anhörung.",
    "Das Vorhaben soll etwa {n} Monate dauern.",
    "Ähnliche Maßnahmen gab es bereits in Nachbarorten.",
]
_CITIES = [
    "Bremen",
    "Leipzig",
    "Kiel",
    "Freiburg",
    "Rostock",
    "Dresden",
    "Mainz",
    "Ulm",
    "Cardiff",
    "York",
    "Galway",
    "Aarhus",
]
_DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
_DAYS_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"]


def generated_article(
    index: int, language: str, published: datetime, feeds: list[str], rng: random.Random
) -> SiteArticle:
    """A plausible, unique local-news article we wrote ourselves (no third-party text)."""
    de = language == "de"
    subjects, actions, details = (
        (_DE_SUBJECTS, _DE_ACTIONS, _DE_DETAILS) if de else (_EN_SUBJECTS, _EN_ACTIONS, _EN_DETAILS)
    )
    city = rng.choice(_CITIES)
    values = {
        "n": rng.randint(3, 950),
        "city": city,
        "day": rng.choice(_DAYS_DE if de else _DAYS_EN),
    }
    subject = rng.choice(subjects)
    action = rng.choice(actions).format(**values)
    title = f"{city}: {subject} {action} ({index})"
    paragraphs = [f"{subject} {action}. " + rng.choice(details).format(**values)]
    for _ in range(3):
        picks = rng.sample(details, 3)
        paragraphs.append(
            " ".join(p.format(**values) for p in picks)
            + (f" Meldung Nummer {index}." if de else f" Report number {index}.")
        )
    slug = f"{'meldung' if de else 'story'}-{index}-{city.lower()}"
    return SiteArticle(
        slug=slug,
        title=title,
        paragraphs=paragraphs,
        language=language,
        published=published,
        feeds=list(feeds),
        keywords=[city, subject.split()[-1]],
        author="Redaktion" if de else "Newsroom",
    )


# -------------------------------------------------------------------------------- the server


class NewsSite:
    """A configurable little news site served over real HTTP on a loopback address."""

    def __init__(
        self, *, host: str = "127.0.0.1", name: str = "Testpost", now: datetime | None = None
    ) -> None:
        self.host = host
        self.name = name
        self.now = now or datetime.now(UTC).replace(microsecond=0)
        self.articles: list[SiteArticle] = []
        self.feeds: dict[str, SiteFeed] = {}
        self.robots = "User-agent: *\nAllow: /\n"
        self.conditional = True
        self.compress = True
        self.response_delay = 0.0  # added to every response; makes concurrency observable
        self._requests: list[RequestRecord] = []  # appended when a response is finished
        self.arrivals: list[tuple[float, str]] = []  # (time, path) appended on arrival
        self._routes: dict[str, Handler] = {}
        self._faults: dict[str, list[Reply]] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._in_flight = 0

    # -- building the site ---------------------------------------------------------------------
    @classmethod
    def generate(
        cls,
        *,
        articles: int = 12,
        feeds: int = 2,
        languages: Iterable[str] = ("de", "en"),
        feed_size: int = 50,
        formats: Iterable[str] = ("rss",),
        seed: int = 1,
        host: str = "127.0.0.1",
        spacing: timedelta = timedelta(minutes=7),
    ) -> NewsSite:
        """A site with ``articles`` articles spread round-robin over ``feeds`` feeds.

        Feed ``i`` has language ``languages[i % n]`` and format ``formats[i % n]``; article ``j``
        belongs to feed ``j % feeds``, takes its language and is ``j * spacing`` old.
        """
        site = cls(host=host)
        langs, fmts = list(languages), list(formats)
        for i in range(feeds):
            lang = langs[i % len(langs)]
            site.add_feed(
                f"feed-{i}",
                title=f"Testpost {lang} {i}",
                language=lang,
                format=fmts[i % len(fmts)],
                size=feed_size,
            )
        rng = random.Random(seed)
        for j in range(articles):
            feed = site.feeds[f"feed-{j % feeds}"] if feeds else None
            lang = feed.language if feed else langs[j % len(langs)]
            site.articles.append(
                generated_article(j, lang, site.now - spacing * j, [feed.name] if feed else [], rng)
            )
        return site

    def add_feed(
        self,
        name: str,
        *,
        title: str | None = None,
        language: str = "en",
        format: str = "rss",
        size: int = 50,
    ) -> SiteFeed:
        feed = SiteFeed(name=name, title=title or name, language=language, format=format, size=size)
        with self._lock:
            self.feeds[name] = feed
        return feed

    def add_article(
        self,
        *,
        title: str,
        paragraphs: list[str],
        language: str = "en",
        feeds: Iterable[str] = (),
        published: datetime | None = None,
        slug: str | None = None,
        keywords: Iterable[str] = (),
        path: str = "",
    ) -> SiteArticle:
        """Publish an article now (it appears at the top of its feeds, sitemap and sections)."""
        with self._lock:
            index = len(self.articles)
            article = SiteArticle(
                slug=slug or f"article-{index}",
                title=title,
                paragraphs=list(paragraphs),
                language=language,
                published=published or datetime.now(UTC).replace(microsecond=0),
                feeds=list(feeds),
                keywords=list(keywords),
                path=path,
            )
            self.articles.append(article)
        return article

    def route(self, path: str, handler: Handler | Reply) -> None:
        """Serve ``path`` (exact, without query) with a handler or a fixed reply."""
        with self._lock:
            self._routes[path] = handler if callable(handler) else (lambda _r, h=handler: h)

    def fault(self, path: str, *replies: Reply) -> None:
        """Answer the next requests for ``path`` with ``replies`` in order; the last one repeats.

        End with ``Reply.normal()`` to recover: ``fault(p, Reply.error(503), Reply.normal())``.
        """
        with self._lock:
            self._faults[path] = list(replies)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    # -- addresses --------------------------------------------------------------------------
    @property
    def port(self) -> int:
        """The bound port; binding happens on first use, so URLs are known before ``start()``."""
        return int(self._bind().server_address[1])

    def _bind(self) -> ThreadingHTTPServer:
        if self._server is None:
            family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
            server_cls = type("_Server", (_QuietServer,), {"address_family": family})
            self._server = server_cls((self.host, 0), _make_handler(self))
        return self._server

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def feed_url(self, name: str) -> str:
        return self.url(f"/feeds/{name}.xml")

    def article_urls(self) -> list[str]:
        return [self.url(a.path) for a in self.articles]

    # -- the request log ----------------------------------------------------------------------
    @property
    def requests(self) -> list[RequestRecord]:
        """Every finished request so far, oldest first (waits briefly for ones being answered:
        a client can see the whole response before the server thread has logged it)."""
        self.wait_idle()
        with self._lock:
            return list(self._requests)

    def wait_idle(self, timeout: float = 1.0) -> bool:
        """Wait until no request is being answered; False if some still are after ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if self._in_flight == 0:
                    return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)

    def clear_requests(self) -> None:
        self.wait_idle()
        with self._lock:
            self._requests.clear()
            self.arrivals.clear()

    def requests_to(self, prefix: str = "") -> list[RequestRecord]:
        return [r for r in self.requests if r.path.startswith(prefix)]

    def hits(self, path: str) -> int:
        """Requests for ``path`` that arrived so far (including ones still being answered)."""
        with self._lock:
            return sum(1 for _, p in self.arrivals if p == path)

    def max_concurrency(self, prefix: str = "") -> int:
        """The most requests that were being served at the same moment."""
        events: list[tuple[float, int]] = []
        for r in self.requests_to(prefix):
            events += [(r.started, 1), (r.finished, -1)]
        best = current = 0
        for _, delta in sorted(events, key=lambda e: (e[0], e[1])):
            current += delta
            best = max(best, current)
        return best

    def min_start_gap(self, prefix: str = "") -> float:
        """The smallest time between the starts of two consecutive requests (inf if < 2)."""
        starts = sorted(r.started for r in self.requests_to(prefix))
        return min((b - a for a, b in itertools.pairwise(starts)), default=float("inf"))

    def bytes_sent(self, prefix: str = "") -> int:
        return sum(r.bytes_sent for r in self.requests_to(prefix))

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> NewsSite:
        server = self._bind()
        self._thread = threading.Thread(
            target=server.serve_forever,
            name=f"site-{self.port}",
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> NewsSite:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- generated content --------------------------------------------------------------------
    def render(
        self, path: str, query: dict[str, list[str]]
    ) -> tuple[int, bytes, str, datetime] | None:
        """(status, body, content type, last modified) for a generated path, None if unknown."""
        with self._lock:
            articles = sorted(self.articles, key=lambda a: a.published, reverse=True)
            feeds = dict(self.feeds)
            robots = self.robots
        newest = articles[0].published if articles else self.now
        if path == "/robots.txt":
            return 200, robots.encode(), "text/plain; charset=utf-8", self.now
        if path.startswith("/feeds/") and path.endswith(".xml"):
            feed = feeds.get(path[len("/feeds/") : -len(".xml")])
            if feed is None:
                return None
            items = [a for a in articles if feed.name in a.feeds][: feed.size]
            body, ctype = self._render_feed(feed, items)
            return 200, body, ctype, items[0].published if items else self.now
        if path == "/sitemap.xml":
            return 200, self._render_sitemap_index(newest), "application/xml", newest
        if path == "/sitemaps/news.xml":
            return 200, self._render_news_sitemap(articles), "application/xml", newest
        if path.startswith("/section/"):
            name = path[len("/section/") :]
            if name not in feeds:
                return None
            items = [a for a in articles if name in a.feeds][:60]
            return 200, self._render_section(feeds[name], items), "text/html; charset=utf-8", newest
        for article in articles:
            if article.path == path:
                return (
                    200,
                    self._render_article(article),
                    "text/html; charset=utf-8",
                    article.published,
                )
        return None

    def _render_article(self, a: SiteArticle) -> bytes:
        e = html.escape
        paragraphs = "\n".join(f"      <p>{e(p)}</p>" for p in a.paragraphs)
        related = "".join(
            f'<li><a href="{e(o.path)}">{e(o.title)}</a></li>'
            for o in self.articles[:3]
            if o is not a
        )
        return f"""<!DOCTYPE html>
<html lang="{a.language}">
<head>
  <meta charset="utf-8">
  <title>{e(a.title)} | {e(self.name)}</title>
  <link rel="canonical" href="{e(self.url(a.path))}">
  <meta name="description" content="{e(a.paragraphs[0][:150] if a.paragraphs else "")}">
  <meta name="author" content="{e(a.author)}">
  <meta property="og:title" content="{e(a.title)}">
  <meta property="article:published_time" content="{a.published.isoformat()}">
</head>
<body>
  <header><nav><a href="/">{e(self.name)}</a> <a href="/section/feed-0">Ressort</a></nav></header>
  <main>
    <article>
      <h1>{e(a.title)}</h1>
      <p class="byline">{e(a.author)},
        <time datetime="{a.published.isoformat()}">{a.published:%d.%m.%Y %H:%M}</time></p>
{paragraphs}
    </article>
    <aside><h2>{"Mehr zum Thema" if a.language == "de" else "Related"}</h2>
      <ul>{related}</ul></aside>
  </main>
  <footer><a href="/impressum">Impressum</a> <a href="/datenschutz">Datenschutz</a></footer>
</body>
</html>
""".encode()

    def _render_feed(self, feed: SiteFeed, items: list[SiteArticle]) -> tuple[bytes, str]:
        e = html.escape
        updated = items[0].published if items else self.now
        if feed.format == "atom":
            entries = "".join(
                f"""
  <entry>
    <title>{e(a.title)}</title>
    <link rel="alternate" href="{e(self.url(a.path))}"/>
    <id>urn:testpost:{e(a.slug)}</id>
    <updated>{a.published.isoformat()}</updated>
    <published>{a.published.isoformat()}</published>
    <summary>{e(a.paragraphs[0] if a.paragraphs else "")}</summary>
  </entry>"""
                for a in items
            )
            body = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{feed.language}">
  <title>{e(feed.title)}</title>
  <link rel="self" href="{e(self.feed_url(feed.name))}"/>
  <id>{e(self.feed_url(feed.name))}</id>
  <updated>{updated.isoformat()}</updated>{entries}
</feed>
"""
            return body.encode(), "application/atom+xml; charset=utf-8"
        if feed.format == "rdf":
            lis = "".join(f'<rdf:li rdf:resource="{e(self.url(a.path))}"/>' for a in items)
            entries = "".join(
                f"""
  <item rdf:about="{e(self.url(a.path))}">
    <title>{e(a.title)}</title>
    <link>{e(self.url(a.path))}</link>
    <dc:date>{a.published.isoformat()}</dc:date>
    <description>{e(a.paragraphs[0] if a.paragraphs else "")}</description>
  </item>"""
                for a in items
            )
            body = f"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="{e(self.feed_url(feed.name))}">
    <title>{e(feed.title)}</title><link>{e(self.base_url)}/</link><description>{e(feed.title)}</description>
    <dc:language>{feed.language}</dc:language>
    <items><rdf:Seq>{lis}</rdf:Seq></items>
  </channel>{entries}
</rdf:RDF>
"""
            return body.encode(), "application/rdf+xml; charset=utf-8"
        entries = "".join(
            f"""
    <item>
      <title>{e(a.title)}</title>
      <link>{e(self.url(a.path))}</link>
      <guid isPermaLink="false">testpost-{e(a.slug)}</guid>
      <pubDate>{email.utils.format_datetime(a.published)}</pubDate>
      <description>{e(a.paragraphs[0] if a.paragraphs else "")}</description>
    </item>"""
            for a in items
        )
        body = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>{e(feed.title)}</title>
    <link>{e(self.base_url)}/</link>
    <description>{e(feed.title)}</description>
    <language>{feed.language}</language>
    <lastBuildDate>{email.utils.format_datetime(updated)}</lastBuildDate>{entries}
  </channel>
</rss>
"""
        return body.encode(), "application/rss+xml; charset=utf-8"

    def _render_sitemap_index(self, newest: datetime) -> bytes:
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{self.url("/sitemaps/news.xml")}</loc><lastmod>{newest.isoformat()}</lastmod></sitemap>
</sitemapindex>
""".encode()

    def _render_news_sitemap(self, articles: list[SiteArticle]) -> bytes:
        e = html.escape
        urls = "".join(
            f"""
  <url>
    <loc>{e(self.url(a.path))}</loc>
    <news:news>
      <news:publication><news:name>{e(self.name)}</news:name><news:language>{a.language}</news:language></news:publication>
      <news:publication_date>{a.published.isoformat()}</news:publication_date>
      <news:title>{e(a.title)}</news:title>
      <news:keywords>{e(", ".join(a.keywords))}</news:keywords>
    </news:news>
  </url>"""
            for a in articles[:1000]
        )
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}
</urlset>
""".encode()

    def _render_section(self, feed: SiteFeed, items: list[SiteArticle]) -> bytes:
        e = html.escape
        links = "\n".join(f'    <li><a href="{e(a.path)}">{e(a.title)}</a></li>' for a in items)
        return f"""<!DOCTYPE html>
<html lang="{feed.language}"><head><meta charset="utf-8"><title>{e(feed.title)}</title></head>
<body>
  <nav><a href="/">Start</a> <a href="/section/{e(feed.name)}">{e(feed.title)}</a>
       <a href="/tag/politik">Politik</a> <a href="/autor/redaktion">Redaktion</a>
       <a href="https://elsewhere.example/news/2024/01/01/other-site-story.html">Partner</a></nav>
  <ul class="teasers">
{links}
  </ul>
  <footer><a href="/impressum">Impressum</a> <a href="/datenschutz">Datenschutz</a></footer>
</body></html>
""".encode()

    # -- called by the handler thread --------------------------------------------------------
    def _next_fault(self, path: str) -> Reply | None:
        with self._lock:
            replies = self._faults.get(path)
            if not replies:
                return None
            return replies.pop(0) if len(replies) > 1 else replies[0]

    def _record(self, record: RequestRecord) -> None:
        with self._lock:
            self._requests.append(record)
            self._in_flight -= 1


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Resets and aborted clients are what these tests are about; don't print them."""


def _http_date(value: datetime) -> str:
    return email.utils.format_datetime(value.astimezone(UTC), usegmt=True)


def _make_handler(site: NewsSite) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "sitekit/1"

        def log_message(self, format: str, *args: Any) -> None:
            """Silence the default stderr logging; the site keeps its own request log."""

        def do_HEAD(self) -> None:
            self._serve(head=True)

        def do_GET(self) -> None:
            self._serve(head=False)

        def _serve(self, *, head: bool) -> None:
            started = time.monotonic()
            parts = urlsplit(self.path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            with site._lock:
                site.arrivals.append((started, parts.path))
                site._in_flight += 1
            status, sent = 0, 0
            try:
                status, sent = self._respond(parts.path, parts.query, headers, head)
            finally:
                site._record(
                    RequestRecord(
                        method=self.command,
                        path=parts.path,
                        query=parts.query,
                        headers=headers,
                        started=started,
                        finished=time.monotonic(),
                        status=status,
                        bytes_sent=sent,
                        client_port=self.client_address[1],
                    )
                )

        def _respond(
            self, path: str, query: str, headers: dict[str, str], head: bool
        ) -> tuple[int, int]:
            reply = site._next_fault(path)
            if reply is None or reply.passthrough:
                extra_delay = reply.delay if reply else 0.0
                reply = None
                handler = site._routes.get(path)
                if handler is not None:
                    reply = handler(SiteRequest(self.command, path, parse_qs(query), headers, site))
                    if reply.passthrough:
                        reply = None
                if reply is None:
                    generated = site.render(path, parse_qs(query))
                    if generated is None:
                        reply = Reply.error(404)
                    else:
                        reply = self._generated(generated, headers)
                if extra_delay:
                    reply = replace(reply, delay=reply.delay + extra_delay)
            delay = reply.delay + site.response_delay
            if delay:
                time.sleep(delay)
            if reply.reset:
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.close_connection = True
                self.connection.close()
                return 0, 0
            body, encoding = reply.body, reply.raw_encoding
            if (
                encoding is None
                and site.compress
                and len(body) > 200
                and reply.status == 200
                and "gzip" in headers.get("accept-encoding", "")
            ):
                body, encoding = gzip.compress(body, 6), "gzip"
            self.send_response(reply.status)
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            if encoding:
                self.send_header("Content-Encoding", encoding)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            length = reply.content_length if reply.content_length is not None else len(body)
            if not reply.trickle:
                self.send_header("Content-Length", str(length))
            else:
                self.close_connection = True
                self.send_header("Connection", "close")
            self.end_headers()
            if head or reply.status in (204, 304):
                return reply.status, 0
            try:
                if reply.trickle:
                    for i in range(len(body)):
                        self.wfile.write(body[i : i + 1])
                        self.wfile.flush()
                        time.sleep(reply.trickle)
                else:
                    self.wfile.write(body)
            except OSError:  # the client gave up, as it should
                self.close_connection = True
            return reply.status, len(body)

        def _generated(
            self, generated: tuple[int, bytes, str, datetime], headers: dict[str, str]
        ) -> Reply:
            status, body, ctype, modified = generated
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            extra = (
                {"ETag": etag, "Last-Modified": _http_date(modified)} if site.conditional else {}
            )
            if site.conditional:
                inm = headers.get("if-none-match")
                ims = headers.get("if-modified-since")
                fresh = False
                if inm is not None:
                    fresh = etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
                elif ims is not None:
                    try:
                        fresh = email.utils.parsedate_to_datetime(ims) >= modified.replace(
                            microsecond=0
                        )
                    except (TypeError, ValueError):
                        fresh = False
                if fresh:
                    return Reply(status=304, content_type=None, headers=extra)
            return Reply(status=status, body=body, content_type=ctype, headers=extra)

    return _Handler


def serve(site: NewsSite) -> Iterator[NewsSite]:
    """Generator form for fixtures: ``yield from serve(NewsSite.generate())``."""
    with site:
        yield site
