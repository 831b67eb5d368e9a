"""Google News ids without an embedded URL, decoded against a fake Google on 127.0.0.2."""

from __future__ import annotations

import asyncio
import base64
import email.utils
import html
import json
import socket
import threading
import time
from collections.abc import Awaitable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import parse_qs

import pytest

from monitor.config import GoogleNewsSource, Topic
from monitor.errors import BlockedAddress, FetchError
from monitor.fetch import Fetcher
from monitor.sources import Discovery, SourceState, discover
from monitor.sources.google_news import (
    BATCHEXECUTE_PATH,
    DecodeError,
    batch_request,
    decode_article_url,
    parse_batch_response,
    parse_signature,
)
from tests.conftest import fetch_settings
from tests.sitekit import NewsSite, Reply, SiteRequest, _make_handler, _QuietServer

T = TypeVar("T")

TOPIC = Topic.model_validate(
    {
        "name": "demo",
        "languages": ["de"],
        "queries": {"de": ["Nordkorea Russland"]},
        "relevance": {"query": "nordkorea"},
    }
)
STAMP = 1_767_225_600  # the data-n-a-ts of every fake article page


def run(coro: Awaitable[T]) -> T:
    return asyncio.run(coro)  # type: ignore[arg-type]


class FakeGoogle(NewsSite):
    """Google News on 127.0.0.2: search feed, article pages with a signature, batchexecute.

    sitekit answers GET and HEAD only, so this adds POST; the form of the POST being answered
    is kept per handler thread for the batchexecute route.
    """

    def __init__(self) -> None:
        super().__init__(host="127.0.0.2", name="Google News")
        self.items: list[tuple[str, str, datetime]] = []  # (title, link, published)
        self.publisher_of: dict[str, str] = {}  # article id -> publisher URL
        self.forms: list[dict[str, list[str]]] = []
        self._form = threading.local()
        self.route("/rss/search", self._search)
        self.route(BATCHEXECUTE_PATH, self._batchexecute)

    def _bind(self) -> Any:
        if self._server is None:
            site = self

            class Handler(_make_handler(self)):  # type: ignore[misc]
                def do_POST(self) -> None:
                    length = int(self.headers.get("content-length") or 0)
                    site._form.value = parse_qs(self.rfile.read(length).decode())
                    self._serve(head=False)

            server = type("_Server", (_QuietServer,), {"address_family": socket.AF_INET})
            self._server = server((self.host, 0), Handler)
        return self._server

    # -- content --------------------------------------------------------------------------
    def add_new_style(self, title: str, publisher_url: str, published: datetime) -> str:
        """An item whose id carries no URL; its article page and RPC answer lead to it."""
        key = f"AU_yqL{len(self.items):03d}" + "x" * 40
        raw = b"\x08\x13\x22" + bytes([len(key)]) + key.encode()
        article = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        self.publisher_of[article] = publisher_url
        self.route(f"/rss/articles/{article}", self._article_page)
        link = self.url(f"/rss/articles/{article}?oc=5")
        self.items.append((title, link, published))
        return article

    def add_embedded(self, title: str, publisher_url: str, published: datetime) -> None:
        raw = b"\x08\x13\x22" + bytes([len(publisher_url)]) + publisher_url.encode() + b"\xd2\x01"
        article = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        self.items.append((title, self.url(f"/rss/articles/{article}?oc=5"), published))

    def _search(self, request: SiteRequest) -> Reply:
        items = "".join(
            f"<item><title>{html.escape(title)} - Testpost</title><link>{html.escape(link)}</link>"
            f"<pubDate>{email.utils.format_datetime(published)}</pubDate></item>"
            for title, link, published in self.items
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>q</title>{items}'
        return Reply.text(body + "</channel></rss>", "application/rss+xml; charset=utf-8")

    def _article_page(self, request: SiteRequest) -> Reply:
        article = request.path.rsplit("/", 1)[1]
        assert request.query["hl"] == ["de"] and request.query["ceid"] == ["DE:de"]
        return Reply.text(
            "<!doctype html><html><body><c-wiz jsrenderer='x'>"
            f'<div jscontroller="aLI87" data-n-a-id="{article}" data-n-a-sg="sig-{article[-12:]}"'
            f' data-n-a-ts="{STAMP}"></div></c-wiz></body></html>'
        )

    def _batchexecute(self, request: SiteRequest) -> Reply:
        assert request.method == "POST"
        form: dict[str, list[str]] = self._form.value
        self.forms.append(form)
        rows: list[Any] = []
        for name, inner, _none, envelope in json.loads(form["f.req"][0])[0]:
            kind, _context, article, stamp, signature = json.loads(inner)
            known = (
                name == "Fbv4je"
                and kind == "garturlreq"
                and stamp == STAMP
                and signature == f"sig-{article[-12:]}"
                and article in self.publisher_of
            )
            if known:
                payload = json.dumps(["garturlres", self.publisher_of[article], STAMP])
                rows.append(["wrb.fr", "Fbv4je", payload, None, None, None, envelope])
            else:  # how Google answers an id it will not decode
                rows.append(["wrb.fr", "Fbv4je", None, None, None, [3], envelope])
        rows += [["di", 31], ["af.httprm", 30, "-4391251380862152812", 12]]
        return Reply.text(")]}'\n\n" + json.dumps(rows), "application/json; charset=utf-8")


@pytest.fixture
def sites() -> Iterator[tuple[FakeGoogle, NewsSite]]:
    google = FakeGoogle()
    with NewsSite.generate(articles=8, feeds=1) as publisher, google:
        yield google, publisher


def source_for(google: FakeGoogle, **fields: Any) -> GoogleNewsSource:
    return GoogleNewsSource(
        kind="google_news",
        name="gn",
        language="de",
        region="DE",
        base_url=google.url("/rss/search"),
        **{"decode_base_url": google.base_url, "decode_interval": 0.0, **fields},
    )


async def look(source: GoogleNewsSource, state: SourceState | None = None, **kw: Any) -> Discovery:
    async with Fetcher(fetch_settings(**kw)) as fetcher:
        return await discover(source, TOPIC, state or SourceState(), fetcher)


def hours_ago(n: int) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) - timedelta(hours=n)


# ------------------------------------------------------------------------------- decoding


def test_new_style_ids_are_decoded_to_publisher_urls(sites: tuple[FakeGoogle, NewsSite]) -> None:
    google, publisher = sites
    a0, a1, a2, a3 = (publisher.url(a.path) for a in publisher.articles[:4])
    ids = [
        google.add_new_style(f"Meldung {i}", url, hours_ago(i)) for i, url in enumerate([a0, a1])
    ]
    google.add_embedded("Alte Kennung", a2, hours_ago(3))
    google.items.append(("Direkt", a3, hours_ago(4)))
    assert all(decode_article_url(google.url(f"/rss/articles/{i}")) is None for i in ids)

    found = run(look(source_for(google)))

    assert {c.url for c in found.candidates} == {a0, a1, a2, a3}
    assert {c.title for c in found.candidates} >= {"Meldung 0", "Meldung 1", "Alte Kennung"}
    assert found.failures == []
    assert len(google.requests_to("/rss/articles/")) == 2  # the embedded id needed none
    posts = google.requests_to(BATCHEXECUTE_PATH)
    assert [r.method for r in posts] == ["POST"]  # both ids in one RPC
    assert publisher.requests_to("/news/") == []  # decoding never downloads the article
    assert "pending" not in found.state.extra

    google.clear_requests()
    again = run(look(source_for(google), found.state))
    assert again.candidates == [] and again.not_modified
    assert google.requests_to("/rss/articles/") == google.requests_to(BATCHEXECUTE_PATH) == []


def test_known_ids_are_not_decoded_twice(sites: tuple[FakeGoogle, NewsSite]) -> None:
    google, publisher = sites
    url = publisher.url(publisher.articles[0].path)
    google.add_new_style("Meldung", url, hours_ago(1))
    first = run(look(source_for(google)))
    google.add_new_style("Neu", publisher.url(publisher.articles[1].path), hours_ago(0))
    google.clear_requests()

    second = run(look(source_for(google), first.state))

    assert url in {c.url for c in second.candidates}  # listed again: still a candidate
    assert len(google.requests_to("/rss/articles/")) == 1  # only the new id
    assert len(google.requests_to(BATCHEXECUTE_PATH)) == 1


def test_each_failure_is_reported_with_its_reason_and_others_decode(
    sites: tuple[FakeGoogle, NewsSite],
) -> None:
    google, publisher = sites
    urls = [publisher.url(a.path) for a in publisher.articles[:4]]
    good = google.add_new_style("Gut", urls[0], hours_ago(1))
    consent = google.add_new_style("Zustimmung", urls[1], hours_ago(2))
    google.route(f"/rss/articles/{consent}", Reply.text("<html><form>Bevor Sie fortfahren"))
    refused = google.add_new_style("Verweigert", urls[2], hours_ago(3))
    del google.publisher_of[refused]
    gone = google.add_new_style("Weg", urls[3], hours_ago(4))
    google.route(f"/rss/articles/{gone}", Reply.error(404))

    found = run(look(source_for(google)))

    assert [c.url for c in found.candidates] == [urls[0]]
    reasons = {link.split("/")[-1].split("?")[0]: reason for link, reason in found.failures}
    assert reasons == {
        consent: "decode failed: no signature",
        refused: "decode failed: no url",
        gone: "decode failed: http 404",
    }
    assert good not in reasons
    assert "pending" not in found.state.extra  # none of these gets better by waiting


def test_throttled_rpc_fails_its_items_and_they_are_retried_next_run(
    sites: tuple[FakeGoogle, NewsSite],
) -> None:
    google, publisher = sites
    a0, a1, a2 = (publisher.url(a.path) for a in publisher.articles[:3])
    google.add_new_style("Eins", a0, hours_ago(1))
    google.add_new_style("Zwei", a1, hours_ago(2))
    google.add_embedded("Alt", a2, hours_ago(3))
    google.fault(BATCHEXECUTE_PATH, Reply.error(429), Reply.error(429), Reply.normal())

    found = run(look(source_for(google), fetch_retries=1))

    assert [c.url for c in found.candidates] == [a2]  # unaffected
    assert sorted(reason for _, reason in found.failures) == ["decode failed: http 429"] * 2
    assert len(found.state.extra["pending"]) == 2

    google.clear_requests()
    again = run(look(source_for(google), found.state, fetch_retries=1))
    assert {c.url for c in again.candidates} == {a0, a1}  # the feed itself had not changed
    assert again.failures == [] and not again.not_modified
    assert "pending" not in again.state.extra


def test_garbage_rpc_answer_is_a_reason_not_a_crash(sites: tuple[FakeGoogle, NewsSite]) -> None:
    google, publisher = sites
    a0, a1 = (publisher.url(a.path) for a in publisher.articles[:2])
    google.add_new_style("Eins", a0, hours_ago(1))
    google.items.append(("Direkt", a1, hours_ago(2)))
    google.route(BATCHEXECUTE_PATH, Reply.text("<html>Our systems have detected unusual traffic"))

    found = run(look(source_for(google)))

    assert [c.url for c in found.candidates] == [a1]
    assert [reason for _, reason in found.failures] == ["decode failed: garbage response"]
    assert "pending" not in found.state.extra


def test_cap_defers_the_oldest_to_the_next_run_which_takes_them_first(
    sites: tuple[FakeGoogle, NewsSite],
) -> None:
    google, publisher = sites
    urls = [publisher.url(a.path) for a in publisher.articles[:5]]
    for i in range(4):
        google.add_new_style(f"Meldung {i}", urls[i], hours_ago(i + 1))
    source = source_for(google, max_decodes=2)

    first = run(look(source))
    assert {c.url for c in first.candidates} == {urls[0], urls[1]}  # the newest two
    assert first.failures == []  # waiting is not failing
    assert len(first.state.extra["pending"]) == 2
    assert len(google.requests_to("/rss/articles/")) == 2

    google.add_new_style("Ganz neu", urls[4], hours_ago(0))
    google.clear_requests()
    second = run(look(source, first.state))
    # the changed feed lists the decoded two again (known, no request); the waiting ones go first
    assert {c.url for c in second.candidates} == {urls[0], urls[1], urls[2], urls[3]}
    assert len(google.requests_to("/rss/articles/")) == 2
    assert [p["title"] for p in second.state.extra["pending"]] == ["Ganz neu"]

    third = run(look(source, second.state))
    assert {c.url for c in third.candidates} == {urls[4]}  # feed unchanged: only the waiting one
    assert "pending" not in third.state.extra
    assert third.candidates[0].published is not None  # kept across runs with the item


def test_embedded_ids_need_no_request(sites: tuple[FakeGoogle, NewsSite]) -> None:
    google, publisher = sites
    a0, a1 = (publisher.url(a.path) for a in publisher.articles[:2])
    google.add_embedded("Eins", a0, hours_ago(1))
    google.add_embedded("Zwei", a1, hours_ago(2))

    found = run(look(source_for(google)))

    assert {c.url for c in found.candidates} == {a0, a1}
    assert {r.path for r in google.requests} == {"/robots.txt", "/rss/search"}


def test_decode_interval_spaces_requests_to_google(sites: tuple[FakeGoogle, NewsSite]) -> None:
    google, publisher = sites
    for i, article in enumerate(publisher.articles[:2]):
        google.add_new_style(f"Meldung {i}", publisher.url(article.path), hours_ago(i))

    found = run(look(source_for(google, decode_interval=0.15)))  # fetch_host_delay is 0

    assert len(found.candidates) == 2
    assert len(google.requests) == 5  # robots, search, two pages, one RPC
    starts = sorted(r.started for r in google.requests)
    # four gaps of 0.15 s, measured at the server (arrival jitter of a loaded machine allowed)
    assert starts[-1] - starts[0] >= 0.5


# ----------------------------------------------------------------------- the wire format


def test_rpc_request_has_the_garturlreq_shape() -> None:
    envelopes = json.loads(
        batch_request([("CBMiabc", "1767225600", "sig-1"), ("CBMidef", "x", "s")])
    )
    assert [e[0] for e in envelopes[0]] == ["Fbv4je", "Fbv4je"]
    assert [e[2:] for e in envelopes[0]] == [[None, "0"], [None, "1"]]
    inner = json.loads(envelopes[0][0][1])
    assert inner[0] == "garturlreq" and inner[2:] == ["CBMiabc", 1767225600, "sig-1"]
    assert inner[1][0][7] == "US:en" and len(inner[1]) == 12
    assert json.loads(envelopes[0][1][1])[3] == "x"  # a non-numeric timestamp is sent as is


def test_signature_is_read_from_the_article_page() -> None:
    page = '<c-wiz><div jscontroller="a" data-n-a-sg="S1" data-n-a-ts="17"></div></c-wiz>'
    assert parse_signature(page) == ("S1", "17")
    assert parse_signature('<p data-n-a-ts="9" data-n-a-sg="S2"></p>') == ("S2", "9")
    assert parse_signature('<c-wiz><div jscontroller="a" data-n-a-sg="S3"></div></c-wiz>') is None
    assert parse_signature("") is None


def test_rpc_answer_parsing() -> None:
    rows = [
        ["wrb.fr", "Fbv4je", '["garturlres","https://example.org/a",1]', None, None, None, "1"],
        ["wrb.fr", "Fbv4je", None, None, None, [3], "0"],
        ["di", 20],
    ]
    text = ")]}'\n\n" + json.dumps(rows)
    assert parse_batch_response(text) == [("1", "https://example.org/a"), ("0", None)]
    for garbage in ("", ")]}'\n\n{}", "<html>sorry</html>", ')]}\'\n\n[["di",3]]'):
        with pytest.raises(DecodeError) as info:
            parse_batch_response(garbage)
        assert info.value.reason == "garbage response"


# ------------------------------------------------------------------------ Fetcher.post_form


def test_post_form_retries_and_refuses_redirects_and_private_addresses(
    sites: tuple[FakeGoogle, NewsSite],
) -> None:
    google, _ = sites
    google.route("/echo", lambda r: Reply.text(json.dumps(google._form.value), "application/json"))
    google.fault("/echo", Reply.error(503), Reply.normal())
    google.route("/moved", Reply.redirect("/echo", 303))

    async def go() -> tuple[Any, str, str]:
        async with Fetcher(fetch_settings()) as fetcher:
            page = await fetcher.post_form(google.url("/echo"), {"f.req": '[["a b"]]'})
            with pytest.raises(FetchError) as moved:
                await fetcher.post_form(google.url("/moved"), {"x": "1"})
            with pytest.raises(BlockedAddress) as blocked:
                await fetcher.post_form("http://10.0.0.1/rpc", {"x": "1"})
            return json.loads(page.text), moved.value.reason, blocked.value.reason

    started = time.monotonic()
    echoed, moved, blocked = run(go())
    assert echoed == {"f.req": ['[["a b"]]']}
    assert [r.method for r in google.requests_to("/echo")] == ["POST", "POST"]  # 503, then ok
    assert moved == "redirected"
    assert blocked.startswith("blocked address")
    assert len(google.requests_to("/moved")) == 1
    assert time.monotonic() - started < 5


def test_a_redirecting_article_page_needs_no_rpc(sites: tuple[FakeGoogle, NewsSite]) -> None:
    google, publisher = sites
    a0 = publisher.url(publisher.articles[0].path)
    article = google.add_new_style("Umgeleitet", a0, hours_ago(1))
    google.route(f"/rss/articles/{article}", Reply.redirect(a0))

    found = run(look(source_for(google)))

    assert [c.url for c in found.candidates] == [a0] and found.failures == []
    assert google.requests_to(BATCHEXECUTE_PATH) == []
