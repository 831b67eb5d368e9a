"""Hostile and broken input through the whole pass: each case names what it sends and what the
run must make of it. The rule for all of them: a clear per-item failure in the run report, the
site's good article stored all the same, no crash."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.errors import ConfigError, StoreError
from monitor.models import RunReport
from monitor.pipeline import run_once
from monitor.summary import summary_lines
from tests.reliability.kit import TOPIC, run_settings, snapshot, write_topics
from tests.sitekit import NewsSite, Reply, SiteRequest

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
GOOD = "Bremen"  # every generated article's title starts with its city; the good one is Bremen's

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>http://127.0.0.1/x.html</link></item></channel></rss>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>Leak</title>
<item><title>&xxe;</title><link>http://127.0.0.1/leak.html</link></item></channel></rss>
"""
MALFORMED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Broken</ti
\x00\x01\x02 <<<< ]]> &&& <item><title>Half</title><link>"""


@pytest.fixture
def site() -> Iterator[NewsSite]:
    """One good article in feed-0; each case adds its hostile part."""
    with NewsSite.generate(articles=1, feeds=1) as running:
        running.articles[0].title = f"{GOOD}: Der Stadtrat hat einen Plan für neue Radwege"
        yield running


def hostile_page(site: NewsSite, reply: Reply | Callable[[SiteRequest], Reply]) -> str:
    """An article in feed-0 whose page is ``reply``; returns its URL."""
    article = site.add_article(
        title="Kiel: Eine Meldung, die keine ist",
        paragraphs=["Platzhalter."],
        language="de",
        feeds=["feed-0"],
        path="/news/hostile.html",
    )
    site.route(article.path, reply)
    return site.url(article.path)


def run(tmp_path: Path, site: NewsSite, **settings: object) -> RunReport:
    topics = write_topics(tmp_path / "topics.toml", site)
    values: dict[str, object] = {"fetch_retries": 0}
    values.update(settings)
    report = run_once(
        run_settings(tmp_path, topics, f"sqlite:///{tmp_path}/monitor.db", None, **values),
        TOPIC,
        echo=lambda _text: None,
    )
    summary = "\n".join(summary_lines(report))  # the summary prints whatever came in
    assert f"topic '{TOPIC}'" in summary
    snap = snapshot(f"sqlite:///{tmp_path}/monitor.db", topics)
    assert snap.problems == []
    assert any(a.title and a.title.startswith(GOOD) for a in snap.stored), "good article lost"
    return report


def failures(report: RunReport) -> list[tuple[str, str, str]]:
    return [(f.stage, f.item, f.reason) for f in report.failures]


def assert_failed(report: RunReport, stage: str, item: str, reason: str) -> None:
    found = [(s, i, r) for s, i, r in failures(report) if s == stage and i == item]
    assert found and all(r.startswith(reason) for _, _, r in found), failures(report)


# ------------------------------------------------------------------------------- pages

PAGE_CASES: dict[str, tuple[Callable[[], Reply], str, str]] = {
    "gzip bomb": (lambda: Reply.gzip_bomb(60_000_000), "fetch", "too large"),
    "brotli bomb": (lambda: Reply.brotli_bomb(60_000_000), "fetch", "too large"),
    "50 MB page": (lambda: Reply.oversized(50_000_000), "fetch", "too large"),
    "pdf": (lambda: Reply.text(PDF, "application/pdf"), "fetch", "bad content type"),
    "pdf served as html": (lambda: Reply.text(PDF, "text/html"), "fetch", "bad content type"),
    "image": (lambda: Reply.text(PNG, "image/png"), "fetch", "bad content type"),
    "image served as html": (lambda: Reply.text(PNG, "text/html"), "fetch", "bad content type"),
    "empty 200": (lambda: Reply.text(b""), "fetch", "empty body"),
    "only scripts": (
        lambda: Reply.text(
            "<!DOCTYPE html><html><head><title>App</title><script>var a = 1;</script></head>"
            "<body><script src='/app.js'></script><script>document.write('Hallo');</script>"
            "<noscript>Bitte JavaScript einschalten.</noscript></body></html>"
        ),
        "extract",
        "",
    ),
    "redirect to 10.0.0.1": (lambda: Reply.redirect("http://10.0.0.1/a.html"), "fetch", "blocked"),
    "redirect to cloud metadata": (
        lambda: Reply.redirect("http://169.254.169.254/latest/meta-data/"),
        "fetch",
        "blocked",
    ),
    "redirect to ipv6 loopback": (lambda: Reply.redirect("http://[::1]:8080/"), "fetch", "blocked"),
    "redirect to a file url": (lambda: Reply.redirect("file:///etc/passwd"), "fetch", "bad url"),
}


@pytest.mark.parametrize("case", sorted(PAGE_CASES))
def test_hostile_article_page(tmp_path: Path, site: NewsSite, case: str) -> None:
    reply, stage, reason = PAGE_CASES[case]
    url = hostile_page(site, reply())
    started = time.monotonic()
    report = run(tmp_path, site)
    assert_failed(report, stage, url, reason)
    assert report.stored == 1
    assert time.monotonic() - started < 30


def test_trickling_page_times_out(tmp_path: Path, site: NewsSite) -> None:
    url = hostile_page(site, Reply.trickling(b"<html><body>" + b"x" * 100, interval=1.0))
    started = time.monotonic()
    report = run(tmp_path, site, fetch_timeout=1.5)
    assert_failed(report, "fetch", url, "timeout")
    assert time.monotonic() - started < 20


def test_endless_redirects_stop(tmp_path: Path, site: NewsSite) -> None:
    def onwards(request: SiteRequest) -> Reply:
        hop = int(request.query.get("hop", ["0"])[0])
        return Reply.redirect(f"/news/hostile.html?hop={hop + 1}")

    url = hostile_page(site, onwards)
    report = run(tmp_path, site)
    assert_failed(report, "fetch", url, "too many redirects")
    assert len([r for r in site.requests if r.path == "/news/hostile.html"]) <= 6


def test_redirect_to_loopback_outside_the_allow_list_is_refused_without_connecting(
    tmp_path: Path,
) -> None:
    """The site is on 127.0.0.2 and only that is allowed; 127.0.0.1 is never contacted."""
    with (
        NewsSite(host="127.0.0.1") as inside,
        NewsSite.generate(articles=1, feeds=1, host="127.0.0.2") as site,
    ):
        site.articles[0].title = f"{GOOD}: Der Stadtrat hat einen Plan für neue Radwege"
        url = hostile_page(site, Reply.redirect(inside.url("/admin")))
        report = run(tmp_path, site, fetch_allow="127.0.0.2")
        assert_failed(report, "fetch", url, "blocked address")
        assert inside.requests == []


# --------------------------------------------------------------------------- encodings

UMLAUT_TEXT = [
    "Die Bürgerinitiative in Kiel übergab dem Oberbürgermeister mehr als 4000 Unterschriften "
    "gegen die Schließung der Fähre über die Förde.",
    "Nach Angaben der Stadt soll die Fähre künftig nur noch am Wochenende fahren, weil die "
    "Kosten für Personal und Treibstoff gestiegen seien.",
    "Anwohner befürchten längere Wege zur Arbeit und fordern eine öffentliche Anhörung im Rat.",
]


def _page(title: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in UMLAUT_TEXT)
    return (
        f"<!DOCTYPE html><html lang='de'><head><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("case", "body", "content_type"),
    [
        ("windows-1252 served as utf-8", "cp1252", "text/html; charset=utf-8"),
        ("utf-16 without bom", "utf-16-le", "text/html"),
    ],
)
def test_mislabelled_encoding_is_decoded(
    tmp_path: Path, site: NewsSite, case: str, body: str, content_type: str
) -> None:
    title = "Kiel: Bürger kämpfen für die Fähre über die Förde"
    hostile_page(site, Reply(body=_page(title).encode(body), content_type=content_type))
    report = run(tmp_path, site)
    assert report.failures == [], case
    stored = [
        a for a in snapshot(f"sqlite:///{tmp_path}/monitor.db", tmp_path / "topics.toml").stored
    ]
    fahre = [a for a in stored if a.title and a.title.startswith("Kiel")]
    assert fahre and "Bürgerinitiative" in (fahre[0].text or "") and "Förde" in fahre[0].title


# ------------------------------------------------------------------------------- feeds


def hostile_feed(site: NewsSite, body: bytes, content_type: str = "application/rss+xml") -> str:
    site.add_feed("hostile")
    site.route("/feeds/hostile.xml", Reply.text(body, content_type))
    return "feed-hostile"


@pytest.mark.parametrize(
    ("case", "body", "reason"),
    [
        ("malformed xml", MALFORMED, "parse error"),
        ("billion laughs", BILLION_LAUGHS, "unsafe xml"),
        ("external entity", EXTERNAL_ENTITY, "unsafe xml"),
        ("billion laughs in utf-16", BILLION_LAUGHS.decode().encode("utf-16"), "unsafe xml"),
        ("html instead of a feed", b"<html><body><p>Wartung</p></body></html>", "not a feed"),
    ],
)
def test_hostile_feed(tmp_path: Path, site: NewsSite, case: str, body: bytes, reason: str) -> None:
    source = hostile_feed(site, body)
    report = run(tmp_path, site)
    assert_failed(report, "discover", source, reason)
    assert report.stored == 1, case


def _rss(items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        f"<link>http://example.org/</link>{items}</channel></rss>"
    ).encode()


def _item(title: str, link: str, guid: str, date: str) -> str:
    return (
        f"<item><title>{title}</title><link>{link}</link><guid>{guid}</guid>"
        f"<pubDate>{date}</pubDate></item>"
    )


def test_duplicate_guids_with_different_content_store_each_article_once(
    tmp_path: Path, site: NewsSite
) -> None:
    a = site.add_article(title="Kiel: Fähre fährt wieder", paragraphs=UMLAUT_TEXT, language="de")
    b = site.add_article(
        title="Ulm: Münster wird saniert",
        paragraphs=[
            "Das Ulmer Münster wird ab dem Frühjahr für rund zwei Jahre eingerüstet, teilte die "
            "Gemeinde am Dienstag mit.",
            "Die Kosten von rund acht Millionen Euro tragen Land, Stadt und Gemeinde gemeinsam; "
            "Führungen auf den Turm soll es weiterhin geben.",
            "Der Turm bleibt während der Arbeiten für Besucher geöffnet, heißt es.",
        ],
        language="de",
    )
    now = "Mon, 23 Nov 2026 08:00:00 GMT"
    items = (
        _item("Kiel: Fähre fährt wieder", site.url(a.path), "same-guid", now)
        + _item("Kiel: ganz anderer Titel", site.url(a.path), "same-guid", now)
        + _item("Ulm: Münster wird saniert", site.url(b.path), "same-guid", now)
    )
    source = hostile_feed(site, _rss(items))
    report = run(tmp_path, site)
    assert not [f for f in report.failures if f.item == source]
    snap = snapshot(f"sqlite:///{tmp_path}/monitor.db", tmp_path / "topics.toml")
    assert sorted(a.url for a in snap.stored if not a.title.startswith(GOOD)) == sorted(
        [site.url(a.path), site.url(b.path)]
    )


def test_feed_dates_in_the_future_or_1970_do_not_become_article_dates(
    tmp_path: Path, site: NewsSite
) -> None:
    when = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    a = site.add_article(
        title="Kiel: Fähre fährt wieder", paragraphs=UMLAUT_TEXT, language="de", published=when
    )
    b = site.add_article(
        title="Ulm: Münster wird saniert",
        paragraphs=[p.replace("Kiel", "Ulm").replace("Fähre", "Straßenbahn") for p in UMLAUT_TEXT],
        language="de",
        published=when + timedelta(hours=1),
    )
    items = _item("Kiel: Fähre", site.url(a.path), "g1", "Thu, 01 Jan 1970 00:00:00 GMT") + _item(
        "Ulm: Münster", site.url(b.path), "g2", "Sat, 01 Jan 2200 00:00:00 GMT"
    )
    hostile_feed(site, _rss(items))
    report = run(tmp_path, site)
    assert report.failures == []
    snap = snapshot(f"sqlite:///{tmp_path}/monitor.db", tmp_path / "topics.toml")
    dates = {x.url: x.published for x in snap.stored}
    assert dates[site.url(a.path)] == when
    assert dates[site.url(b.path)] == when + timedelta(hours=1)


def test_title_with_control_characters_rtl_marks_and_emoji_is_cleaned(
    tmp_path: Path, site: NewsSite
) -> None:
    weird = "Kiel:\x00\x07 Fähre\u202e fährt \u200fwieder 🚢⚓\x1b[31m"
    a = site.add_article(title=weird, paragraphs=UMLAUT_TEXT, language="de", feeds=["feed-0"])
    report = run(tmp_path, site)
    assert report.failures == []
    snap = snapshot(f"sqlite:///{tmp_path}/monitor.db", tmp_path / "topics.toml")
    title = {x.url: x.title or "" for x in snap.stored}[site.url(a.path)]
    assert "🚢" in title and "Fähre" in title and "wieder" in title
    assert not any(ord(c) < 32 or c in "\u202e\u200f" for c in title), repr(title)
    for alert in snap.alerts:
        assert not any(ord(c) < 32 or c in "\u202e\u200f" for c in alert.payload["headline"])


def test_title_of_100_kb_is_bounded(tmp_path: Path, site: NewsSite) -> None:
    huge = "Ulm: " + "Münster " * 12_800  # about 100 KB
    b = site.add_article(title=huge, paragraphs=UMLAUT_TEXT, language="de", feeds=["feed-0"])
    report = run(tmp_path, site)
    snap = snapshot(f"sqlite:///{tmp_path}/monitor.db", tmp_path / "topics.toml")
    titles = {x.url: x.title or "" for x in snap.stored}
    # stored with a bounded title, or refused with a reason; never the whole 100 KB
    if site.url(b.path) in titles:
        assert len(titles[site.url(b.path)]) <= 1000
        assert report.failures == []
    else:
        assert [f[0] for f in failures(report)] == ["extract"]
    for alert in snap.alerts:
        assert len(str(alert.payload.get("headline"))) <= 1000


# ---------------------------------------------------------------- configuration, database


def test_topic_file_with_a_syntax_error_is_a_config_error(tmp_path: Path, site: NewsSite) -> None:
    topics = tmp_path / "topics.toml"
    topics.write_text('[[topic]]\nname = "rel-test\nrelevance = { query = "Kiel" }\n')
    settings = run_settings(tmp_path, topics, f"sqlite:///{tmp_path}/monitor.db", None)
    with pytest.raises(ConfigError, match="not valid TOML"):
        run_once(settings, TOPIC)


def test_topic_file_with_unknown_fields_names_them(tmp_path: Path, site: NewsSite) -> None:
    topics = write_topics(tmp_path / "topics.toml", site, extra='colour = "red"\n')
    settings = run_settings(tmp_path, topics, f"sqlite:///{tmp_path}/monitor.db", None)
    with pytest.raises(ConfigError, match="colour"):
        run_once(settings, TOPIC)


@pytest.mark.parametrize(
    "database_url",
    [
        "postgresql+psycopg://nobody:secret@127.0.0.1:1/nowhere",
        "sqlite:////proc/no/such/dir/monitor.db",
        "mysql+nosuchdriver://localhost/x",
        "not a url at all",
    ],
)
def test_database_url_that_points_nowhere_is_a_store_error(
    tmp_path: Path, site: NewsSite, database_url: str
) -> None:
    topics = write_topics(tmp_path / "topics.toml", site)
    settings = run_settings(tmp_path, topics, database_url, None)
    with pytest.raises(StoreError) as raised:
        run_once(settings, TOPIC)
    assert "secret" not in str(raised.value)
