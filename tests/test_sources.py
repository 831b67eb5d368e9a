"""Every source kind against the local site: candidates, hostile feeds, unchanged second passes."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest

from monitor.config import (
    GdeltSource,
    GoogleNewsSource,
    ListingSource,
    RssSource,
    SitemapSource,
    Topic,
)
from monitor.errors import FetchError, SourceError
from monitor.fetch import Fetcher
from monitor.sources import Discovery, SourceState, discover
from monitor.sources.google_news import decode_article_url
from tests.conftest import fetch_settings
from tests.sitekit import NewsSite, Reply, SiteRequest

T = TypeVar("T")


def run(coro: Awaitable[T]) -> T:
    return asyncio.run(coro)  # type: ignore[arg-type]


TOPIC = Topic.model_validate(
    {
        "name": "demo",
        "languages": ["de", "en"],
        "queries": {"de": ["Nordkorea Russland", "Pjöngjang Moskau"], "en": ["North Korea Russia"]},
        "relevance": {
            "query": '"north korea" AND russia',
            "aliases": {"north korea": ["Nordkorea", "Pjöngjang"], "russia": ["Russland"]},
        },
    }
)


async def look(source: Any, state: SourceState | None = None, **kwargs: Any) -> Discovery:
    async with Fetcher(fetch_settings(**kwargs)) as fetcher:
        return await discover(source, TOPIC, state or SourceState(), fetcher)


# ------------------------------------------------------------------------------------------ RSS


@pytest.mark.parametrize("fmt", ["rss", "atom", "rdf"])
def test_feed_formats_give_candidates_with_title_date_language(fmt: str) -> None:
    with NewsSite.generate(articles=6, feeds=2, formats=(fmt,)) as site:
        found = run(look(RssSource(name="s", url=site.feed_url("feed-0"))))
        expected = [a for a in site.articles if "feed-0" in a.feeds]
        assert {c.url for c in found.candidates} == {site.url(a.path) for a in expected}
        first = found.candidates[0]
        article = next(a for a in expected if site.url(a.path) == first.url)
        assert first.title == article.title
        assert first.published == article.published
        assert first.language == "de"
        assert first.source == "s"
        assert not found.not_modified and found.state.etag


def test_second_pass_is_conditional_and_parses_nothing(news_site: NewsSite) -> None:
    source = RssSource(name="s", url=news_site.feed_url("feed-1"), language="en")
    first = run(look(source))
    news_site.clear_requests()
    second = run(look(source, first.state))
    assert second.not_modified and second.candidates == []
    feed_requests = news_site.requests_to("/feeds/")
    assert len(feed_requests) == 1 and feed_requests[0].conditional
    assert feed_requests[0].status == 304
    # a new article changes the feed: the next pass sees it
    news_site.add_article(title="Breaking: Hafen gesperrt", paragraphs=["Text."], feeds=["feed-1"])
    third = run(look(source, second.state))
    assert not third.not_modified
    assert "Breaking: Hafen gesperrt" in {c.title for c in third.candidates}


def test_unchanged_body_without_validators_is_not_parsed_again(news_site: NewsSite) -> None:
    news_site.conditional = False  # the server sends no ETag / Last-Modified
    source = RssSource(name="s", url=news_site.feed_url("feed-0"))
    first = run(look(source))
    assert first.state.etag is None and first.state.body_hash
    second = run(look(source, first.state))
    assert second.not_modified and second.candidates == []


BROKEN_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Kaputt</title><link>{base}/</link>
<item><title>Nordkorea &amp;amp; Russland: Caf&#233; &lt;b&gt;Gipfel&lt;/b&gt;</title>
  <link>/news/relativ.html?utm_source=rss</link><pubDate>gestern irgendwann</pubDate></item>
<item><title>Ohne GUID und ohne Link</title><description>nichts</description></item>
<item><title>Nur GUID</title><guid>{base}/news/nur-guid.html</guid>
  <pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate></item>
<item><title>Aus der Zukunft</title><link>{base}/news/zukunft.html</link>
  <pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item>
<item><title>\u202eRTL\u200f and emoji \U0001f680 and\x01control</title>
  <link>{base}/news/sonderzeichen.html</link></item>
<item><title>{long}</title><link>{base}/news/lang.html</link></item>
<item><title>Doppelt A</title><link>{base}/news/doppelt.html</link><guid>dup</guid></item>
<item><title>Doppelt B</title><link>{base}/news/doppelt.html</link><guid>dup</guid></item>
</channel></rss>"""


def test_broken_feed_is_read_as_well_as_possible(news_site: NewsSite) -> None:
    body = BROKEN_FEED.replace("{long}", "Wort " * 20_000).replace("{base}", news_site.base_url)
    news_site.route("/kaputt.xml", Reply.text(body.encode(), "application/rss+xml"))
    found = run(look(RssSource(name="k", url=news_site.url("/kaputt.xml"))))
    by_url = {c.url.removeprefix(news_site.base_url): c for c in found.candidates}
    assert set(by_url) == {
        "/news/relativ.html",  # relative link resolved, tracking parameter gone
        "/news/nur-guid.html",  # permalink GUID used as link
        "/news/zukunft.html",
        "/news/sonderzeichen.html",
        "/news/lang.html",
        "/news/doppelt.html",  # duplicate items once, the first wins
    }
    assert by_url["/news/relativ.html"].title == "Nordkorea & Russland: Café Gipfel"
    assert by_url["/news/relativ.html"].published is None  # unparseable date
    assert by_url["/news/nur-guid.html"].published is None  # 1970 is a broken date
    assert by_url["/news/zukunft.html"].published is None  # so is 2100
    assert by_url["/news/sonderzeichen.html"].title == "RTL and emoji \U0001f680 and control"
    assert len(by_url["/news/lang.html"].title or "") <= 300
    assert by_url["/news/doppelt.html"].title == "Doppelt A"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            "<rss><channel><title>&lol2;</title></channel></rss>",
            "unsafe xml",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            "<rss><channel><title>&x;</title></channel></rss>",
            "unsafe xml",
        ),
        ("<html><body>this is no feed at all", "parse error"),
        ("{}", "parse error"),
    ],
)
def test_hostile_or_broken_feeds_fail_with_a_reason(
    news_site: NewsSite, body: str, reason: str
) -> None:
    news_site.route("/bad.xml", Reply.text(body, "application/xml"))
    with pytest.raises(SourceError) as info:
        run(look(RssSource(name="bad", url=news_site.url("/bad.xml"))))
    assert info.value.reason.startswith(reason)


def test_utf16_entity_bomb_is_refused(news_site: NewsSite) -> None:
    body = '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss/>'
    news_site.route("/b16.xml", Reply.text(body.encode("utf-16"), "application/xml"))
    with pytest.raises(SourceError, match="unsafe xml"):
        run(look(RssSource(name="b", url=news_site.url("/b16.xml"))))


def test_unreachable_feed_raises_fetch_error(news_site: NewsSite) -> None:
    news_site.fault("/down.xml", Reply.error(503))
    with pytest.raises(FetchError) as info:
        run(look(RssSource(name="d", url=news_site.url("/down.xml")), fetch_retries=0))
    assert info.value.reason == "http 503"


# ---------------------------------------------------------------------------------- Google News


def _google_token(url: str) -> str:
    raw = b"\x08\x13\x22" + bytes([len(url)]) + url.encode() + b"\xd2\x01\x00"
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_google_news_links_resolve_to_publisher_urls() -> None:
    with NewsSite.generate(articles=4, feeds=1) as publisher, NewsSite(host="127.0.0.2") as google:
        a0, a1, a2 = (publisher.url(a.path) for a in publisher.articles[:3])
        today = f"{datetime.now(UTC):%a, %d %b %Y %H:%M:%S} GMT"

        def search(request: SiteRequest) -> Reply:
            assert request.query["gl"] == ["DE"] and request.query["ceid"] == ["DE:de"]
            items = f"""
            <item><title>Nordkorea schickt Soldaten - Testpost</title>
              <link>{google.url("/rss/articles/redirect-1?oc=5")}</link>
              <pubDate>{today}</pubDate>
              <source url="{publisher.base_url}">Testpost</source></item>
            <item><title>Moskau und Pjöngjang - Testpost</title>
              <link>{google.url("/rss/articles/" + _google_token(a1 + "?utm_source=gn"))}</link></item>
            <item><title>Direkt - Testpost</title><link>{a2}</link></item>
            <item><title>Kaputt - Testpost</title>
              <link>{google.url("/rss/articles/nowhere")}</link></item>"""
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>q</title>{items}'
            return Reply.text(body + "</channel></rss>", "application/rss+xml")

        google.route("/rss/search", search)
        google.route("/rss/articles/redirect-1", Reply.redirect(a0))
        google.route("/rss/articles/nowhere", Reply.text("<html>consent</html>"))
        source = GoogleNewsSource(
            kind="google_news", name="gn", language="de", region="DE",
            base_url=google.url("/rss/search"),
        )  # fmt: skip
        found = run(look(source))
        assert {c.url for c in found.candidates} == {a0, a1, a2}
        assert {c.title for c in found.candidates} == {
            "Nordkorea schickt Soldaten", "Moskau und Pjöngjang", "Direkt"
        }  # fmt: skip
        assert len(google.requests_to("/rss/search")) == 2  # one per German query
        assert ("/rss/articles/redirect-1") in {r.path for r in google.requests}
        assert publisher.requests_to("/news/") == []  # resolving never downloads the article
        assert any(reason == "unresolved redirect" for _, reason in found.failures)

        google.clear_requests()
        again = run(look(source, found.state))  # same search results: same bodies
        assert again.candidates == [] and again.not_modified
        assert len(google.requests_to("/rss/search")) == 2
        assert google.requests_to("/rss/articles/") == []


def test_google_news_token_decoding() -> None:
    url = "https://www.tagesschau.de/ausland/asien/nordkorea-russland-100.html"
    link = f"https://news.google.com/rss/articles/{_google_token(url)}?oc=5"
    assert decode_article_url(link) == url
    assert decode_article_url("https://news.google.com/rss/articles/AU_yqLxyz?oc=5") is None


# -------------------------------------------------------------------------------------- sitemaps


def test_news_sitemap_index_filters_by_date_and_topic_words() -> None:
    with NewsSite.generate(articles=3, feeds=1) as site:
        fresh = site.add_article(
            title="Nordkorea liefert Granaten an Russland", paragraphs=["Text."], language="de",
            keywords=["Nordkorea", "Russland"],
        )  # fmt: skip
        old = site.add_article(
            title="Pjöngjang: alter Bericht", paragraphs=["Text."],
            published=datetime.now(UTC) - timedelta(days=10),
        )  # fmt: skip
        source = SitemapSource(kind="sitemap", name="sm", url=site.url("/sitemap.xml"))
        found = run(look(source))
        assert [c.url for c in found.candidates] == [site.url(fresh.path)]
        assert found.candidates[0].language == "de"
        assert site.url(old.path) not in {c.url for c in found.candidates}

        everything = run(look(source.model_copy(update={"match_terms": False})))
        assert len(everything.candidates) == 4  # all but the ten-day-old one

        site.clear_requests()
        again = run(look(source, found.state))
        assert again.not_modified and again.candidates == []
        assert len(site.requests_to("/sitemap")) == 2
        assert all(r.conditional and r.status == 304 for r in site.requests_to("/sitemap"))


def test_sitemap_with_entities_is_refused(news_site: NewsSite) -> None:
    body = '<?xml version="1.0"?><!DOCTYPE u [<!ENTITY e "x">]><urlset><url><loc>&e;</loc></url></urlset>'
    news_site.route("/evil-sitemap.xml", Reply.text(body, "application/xml"))
    with pytest.raises(SourceError, match="unsafe xml"):
        run(look(SitemapSource(kind="sitemap", name="e", url=news_site.url("/evil-sitemap.xml"))))


# ----------------------------------------------------------------------------------------- GDELT


def test_gdelt_artlist_with_rate_limit_respected(news_site: NewsSite) -> None:
    now = datetime.now(UTC)

    def api(request: SiteRequest) -> Reply:
        assert request.query["mode"] == ["ArtList"] and request.query["format"] == ["json"]
        query = request.query["query"][0]
        n = len(news_site.requests_to("/api/v2/doc/doc"))
        articles = [
            {
                "url": f"https://example.org/news/{n}-{i}.html?utm_medium=x",
                "title": f"{query} {i}",
                "seendate": now.strftime("%Y%m%dT%H%M%SZ"),
                "language": "German" if "german" in query else "English",
                "domain": "example.org",
            }
            for i in range(2)
        ]
        return Reply.text(json.dumps({"articles": articles}), "application/json")

    news_site.route("/api/v2/doc/doc", api)
    source = GdeltSource(
        kind="gdelt", name="g", base_url=news_site.url("/api/v2/doc/doc"), min_interval=0.3
    )
    found = run(look(source))
    calls = news_site.requests_to("/api/v2/doc/doc")
    assert len(calls) == 3  # two German queries, one English
    assert news_site.min_start_gap("/api/") >= 0.28
    assert {c.language for c in found.candidates} == {"de", "en"}
    assert len(found.candidates) == 6
    assert all("utm_" not in c.url and c.published for c in found.candidates)
    assert "sourcelang:german" in calls[0].query.replace("%3A", ":")


def test_gdelt_rate_limit_message_and_partial_failure(news_site: NewsSite) -> None:
    replies = iter([
        Reply.text("Please limit requests to one every 5 seconds", "text/plain"),
        Reply.text(json.dumps({"articles": [{"url": "https://example.org/a.html"}]}),
                   "application/json"),
        Reply.text("", "application/json"),
    ])  # fmt: skip
    news_site.route("/gdelt", lambda _r: next(replies))
    source = GdeltSource(kind="gdelt", name="g", base_url=news_site.url("/gdelt"), min_interval=0)
    found = run(look(source))
    assert [c.url for c in found.candidates] == ["https://example.org/a.html"]
    assert [reason for _, reason in found.failures] == ["rate limited"]

    news_site.route("/gdelt", Reply.text("not json", "text/html"))
    with pytest.raises(SourceError, match="parse error"):
        run(look(source))


# --------------------------------------------------------------------------------------- listing


def test_listing_page_gives_same_site_article_links(news_site: NewsSite) -> None:
    source = ListingSource(kind="listing", name="l", url=news_site.url("/section/feed-0"))
    found = run(look(source))
    expected = {news_site.url(a.path) for a in news_site.articles if "feed-0" in a.feeds}
    assert {c.url for c in found.candidates} == expected  # no nav, tag, author, partner links
    titles = {c.title for c in found.candidates}
    assert {a.title for a in news_site.articles if "feed-0" in a.feeds} == titles
    assert all(c.published is not None for c in found.candidates)  # date from the URL
    again = run(look(source, found.state))
    assert again.not_modified


# ------------------------------------------------------------------------ a whole pass, twice


def test_second_pass_over_all_sources_is_only_conditional_and_fetches_nothing_twice() -> None:
    with NewsSite.generate(articles=30, feeds=3, formats=("rss", "atom", "rdf")) as site:
        sources = [RssSource(name=f"f{i}", url=site.feed_url(f"feed-{i}")) for i in range(3)]
        sources += [
            SitemapSource(kind="sitemap", name="sm", url=site.url("/sitemap.xml"), match_terms=False),
            ListingSource(kind="listing", name="l", url=site.url("/section/feed-0")),
        ]  # fmt: skip
        states: dict[str, SourceState] = {}
        stored: set[str] = set()

        async def one_pass() -> int:
            fetched = 0
            async with Fetcher(fetch_settings()) as fetcher:
                results = await asyncio.gather(
                    *(
                        discover(s, TOPIC, states.get(s.name, SourceState()), fetcher)
                        for s in sources
                    )
                )
                for source, result in zip(sources, results, strict=True):
                    states[source.name] = result.state
                new = {c.url for r in results for c in r.candidates} - stored
                pages = await asyncio.gather(*(fetcher.fetch(u) for u in sorted(new)))
                stored.update(p.url for p in pages)
                fetched = len(pages)
            return fetched

        assert run(one_pass()) == 30
        site.clear_requests()
        assert run(one_pass()) == 0
        paths = [r.path for r in site.requests]
        assert not any(p.startswith("/news/") for p in paths)
        source_requests = [r for r in site.requests if r.path != "/robots.txt"]
        assert len(source_requests) == 6  # 3 feeds, sitemap index + child, the section page
        assert all(r.conditional and r.status == 304 for r in source_requests)
