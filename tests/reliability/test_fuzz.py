"""Property-based fuzzing (hypothesis) of the parsers a hostile world talks to: the relevance
query, sentence splitting, the replay contract, and the feed and page parsing path.

URL canonicalisation is fuzzed in tests/test_urls.py already. Every test here is bounded by
max_examples, so the whole file stays well under a minute.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.errors import ConfigError, ExtractionError, SourceError
from monitor.extract import extract
from monitor.models import VerdictKind
from monitor.novelty.relevance import RelevanceQuery
from monitor.replay import replay
from monitor.sources.rss import parse_feed
from monitor.text import normalize, split_sentences, tokenize

FUZZ = settings(
    deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None, max_examples=300
)

WORDS = st.sampled_from(
    [
        "Nordkorea",
        "Russland",
        "Putin",
        "Kim",
        "north korea",
        "Duma",
        "Vertrag",
        "troops",
        "Kiel",
        "Straße",
        "Ölpreis",
        "U.S.",
        "3.5",
        "19.",
        "Juni",
        "🚢",
        "Ω",
        "\u202e",
        "a",
    ]
)

# ------------------------------------------------------------------------ relevance query


def _queries() -> st.SearchStrategy[str]:
    term = st.one_of(
        WORDS.map(lambda w: w if " " not in w else f'"{w}"'), WORDS.map(lambda w: f'"{w}"')
    )
    return st.recursive(
        term,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from([" AND ", " OR ", " ", " and "]), inner).map("".join),
            inner.map(lambda q: f"NOT {q}"),
            inner.map(lambda q: f"({q})"),
        ),
        max_leaves=8,
    )


@FUZZ
@given(st.text(max_size=80))
def test_query_parser_raises_nothing_but_config_error(text: str) -> None:
    try:
        query = RelevanceQuery(text, {"north korea": ["Nordkorea", "Pjöngjang"]})
    except ConfigError:
        return
    result = query.match(tokenize(normalize(text)), "de")
    assert isinstance(result.relevant, bool) and result.score >= 0


@FUZZ
@given(_queries(), st.lists(WORDS, max_size=30), st.sampled_from(["de", "en", None]))
def test_well_formed_queries_always_parse_and_match(
    query: str, words: list[str], language: str | None
) -> None:
    refused = ""
    try:
        parsed = RelevanceQuery(query)
    except ConfigError as exc:
        refused = str(exc)
    if refused:
        # only terms that hold no word at all (an emoji, a bidi mark) may be refused
        assert "empty term" in refused, (query, refused)
        return
    result = parsed.match(tokenize(normalize(" ".join(words))), language)
    assert result.relevant == (result.score >= 1.0 and result.relevant)
    assert set(result.matched_terms) <= {t.name for t, _ in parsed.terms}


# ---------------------------------------------------------------------- sentence splitting


@FUZZ
@given(
    st.lists(
        st.one_of(
            st.text(max_size=40),
            WORDS,
            st.sampled_from([". ", "! ", "? ", "\n", "… ", "Dr. ", "19. Juni "]),
        ),
        max_size=40,
    ).map("".join),
    st.sampled_from(["de", "en", None]),
)
def test_sentence_splitting_loses_no_text(text: str, language: str | None) -> None:
    sentences = split_sentences(text, language)
    assert all(s and s == s.strip() for s in sentences)
    assert "".join("".join(sentences).split()) == "".join(normalize(text).split())


# -------------------------------------------------------------------------- replay contract

_RECORD = st.fixed_dictionaries(
    {
        "id": st.one_of(st.integers(0, 10**9), st.text(min_size=1, max_size=20)),
        "published": st.datetimes(
            min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
        ).map(lambda d: d.isoformat()),
        "text": st.lists(WORDS, min_size=1, max_size=60).map(" ".join),
    },
    optional={
        "title": st.text(max_size=60),
        "url": st.just("https://example.org/a.html"),
        "lang": st.sampled_from(["de", "en"]),
    },
)
_BAD_LINE = st.one_of(
    st.just("{not json"),
    st.just("[1, 2]"),
    st.just('{"id": 1}'),
    st.just('{"id": 2, "published": "yesterday", "text": "x"}'),
    st.just('{"published": "2026-01-01T00:00:00Z", "text": "no id"}'),
)


@settings(FUZZ, max_examples=40)
@given(st.lists(st.one_of(_RECORD.map(json.dumps), _BAD_LINE), min_size=1, max_size=5))
def test_replay_gives_one_valid_output_line_per_input_line(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        summary = replay(source, out, None)
        results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(results) == len(lines) == summary.read
    kinds = {k.value for k in VerdictKind}
    replayed: set[str] = set()
    for line, result in zip(lines, results, strict=True):
        record = json.loads(line) if line.startswith("{") and line.endswith("}") else None
        valid = (
            isinstance(record, dict)
            and {"id", "published", "text"} <= set(record)
            and (not record["published"].startswith("y"))
        )
        if valid and str(record["id"]) in replayed:  # type: ignore[index]
            assert result["verdict"] is None and "replayed already" in result["error"], result
        elif valid:
            replayed.add(str(record["id"]))  # type: ignore[index]
            assert result["verdict"] in kinds and "error" not in result, result
            assert result["id"] == record["id"]  # type: ignore[index]
        else:
            assert result["verdict"] is None and result["error"].startswith("line "), result
    assert summary.errors == sum(1 for r in results if r.get("error"))


# ---------------------------------------------------------------- feed and page parsing

_FEED_PARTS = st.sampled_from(
    [
        b'<?xml version="1.0" encoding="utf-8"?>',
        b'<rss version="2.0">',
        b"<channel>",
        b"<title>T</title>",
        b"<item>",
        b"</item>",
        b"<link>",
        b"</link>",
        b"https://example.org/a.html",
        b"http://127.0.0.1/b?utm_source=x",
        b"javascript:alert(1)",
        b"<guid>g</guid>",
        b"<pubDate>Thu, 01 Jan 1970 00:00:00 GMT</pubDate>",
        b"<pubDate>Sat, 01 Jan 2200 00:00:00 GMT</pubDate>",
        b"<![CDATA[",
        b"]]>",
        b"&amp;",
        b"&nbsp;",
        b"&#0;",
        b"</channel></rss>",
        b'<feed xmlns="http://www.w3.org/2005/Atom">',
        b"<entry>",
        b'<link href="/rel.html"/>',
        b"</entry>",
        b"</feed>",
        b"\x00",
        b"\xff\xfe",
        b"<!ENTITY x 'y'>",
        "Ü\u202e🚢".encode(),
        "Ü".encode("cp1252"),
    ]
)


@settings(FUZZ, max_examples=1500)
@given(
    st.one_of(
        st.binary(max_size=400),
        st.lists(_FEED_PARTS | st.binary(max_size=8), max_size=40).map(b"".join),
    )
)
def test_feed_parsing_raises_nothing_but_source_error(body: bytes) -> None:
    try:
        candidates = parse_feed(body, "https://example.org/feed.xml", "fuzz")
    except SourceError:
        return
    now = datetime.now(UTC)
    for candidate in candidates:
        assert candidate.url.startswith(("http://", "https://")), candidate.url
        assert candidate.title is None or not any(ord(c) < 32 for c in candidate.title)
        assert candidate.published is None or (
            datetime(1995, 1, 1, tzinfo=UTC) <= candidate.published <= now + timedelta(days=2)
        )


_PAGE_PARTS = st.sampled_from(
    [
        "<!DOCTYPE html>",
        "<html lang='de'>",
        "<head>",
        "<title>Titel</title>",
        "</head>",
        "<body>",
        "<article>",
        "<h1>Überschrift</h1>",
        "<p>",
        "</p>",
        "</article>",
        "</body>",
        "<script>var x = '</p>';</script>",
        "<meta charset='utf-16'>",
        '<script type="application/ld+json">{"@type": "NewsArticle", "articleBody": "',
        '"}</script>',
        '<link rel="canonical" href="javascript:x">',
        "<meta property='article:published_time' content='99999-99-99'>",
        "Der Stadtrat hat am Dienstag einen Plan für neue Radwege beschlossen. ",
        "Kritiker bemängeln die Kosten. ",
        "\x00",
        "\u202e",
        "🚢",
        "<p" * 5,
        "</div>" * 5,
        "<![CDATA[",
        "<?xml version='1.0'?>",
        "&#x0;",
        "&lol;",
        "<table><tr><td>",
    ]
)


@settings(FUZZ, max_examples=400)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(_PAGE_PARTS | st.text(max_size=20), max_size=60).map("".join),
    )
)
def test_page_extraction_raises_nothing_but_extraction_error(page: bytes | str) -> None:
    try:
        article = extract(page, "https://example.org/news/a.html")
    except ExtractionError as exc:
        reason = exc.reason
        assert reason, "a rejection without a reason"
        return
    assert article.text.strip()
    assert not any(ord(c) < 32 and c not in "\n\t" for c in article.title)
