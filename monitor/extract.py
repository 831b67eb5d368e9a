"""HTML to Article: trafilatura, our cleaning, rejection of non-articles, per-site boilerplate."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from html import unescape as html_unescape
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.metadata import examine_meta, extract_meta_json, extract_title
from trafilatura.settings import Document
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from monitor.cleaning import (
    clean_body,
    consent_share,
    element_text,
    is_paywall,
    normalise_line,
    words,
)
from monitor.errors import ExtractionError
from monitor.languages import (
    checked_language,
    clearly_german_or_english,
    language_by_function_words,
)
from monitor.models import Article
from monitor.urls import site_host

if TYPE_CHECKING:
    from monitor.novelty.prepare import AnalysisSpec, Prepared

# Below this much body text a page is a stub, a teaser or an error page (a two-sentence
# breaking-news item still passes).
MIN_TEXT_CHARS = 150
MIN_TEXT_WORDS = 25
# A text this short that asks the reader to subscribe is the teaser of a paywalled article.
PAYWALL_MAX_CHARS = 2000
# Article prose has at least one paragraph this long; index pages have only snippets.
PROSE_MIN_WORDS = 30
# Results shorter than this get a second, slower extraction, kept if it is this much longer.
SECOND_OPINION_CHARS = 1000
SECOND_OPINION_GAIN = 1.5
# A body whose text is mostly link text is a list of other pages, not an article.
MAX_LINK_SHARE = 0.5
# Raw HTML larger than this is not a news article (and would cost too much to parse).
MAX_HTML_BYTES = 20_000_000

_ARTICLE_TYPES = re.compile(r"(?:News)?Article|BlogPosting|Report|LiveBlogPosting|Posting", re.I)
_INDEX_TYPES = frozenset(
    {"collectionpage", "searchresultspage", "itemlist", "profilepage", "aboutpage", "contactpage"}
)


@dataclass(slots=True)
class PageFacts:
    """What the page says about itself in its head and JSON-LD, read once from the tree."""

    canonical: str | None = None
    language: str | None = None
    published: datetime | None = None
    article_body: str | None = None
    ld_types: set[str] = field(default_factory=set)
    ld_author: str | None = None
    free: bool | None = None
    og_type: str | None = None


def extract(html: str | bytes, url: str | None = None) -> Article:
    """One page to an Article, or ExtractionError(reason) when it is no article we can keep.

    Pure and picklable: the pipeline may run it in a process pool.
    """
    if not html.strip():
        raise ExtractionError("empty page", url)
    if len(html) > MAX_HTML_BYTES:
        raise ExtractionError("too large", url)
    try:
        tree = load_html(html)
    except (ValueError, etree.LxmlError):
        tree = None
    if tree is None:
        raise ExtractionError("not html", url)
    facts = page_facts(tree, url)
    meta = _metadata(tree)
    title = _clean_title(meta.title or "")
    body = _body_text(tree, title, fast=True)
    if len(body.text) < SECOND_OPINION_CHARS:
        ld_body = _ld_article_body(facts)
        if len(ld_body) > SECOND_OPINION_GAIN * len(body.text) or (
            ld_body and normalise_line(ld_body) == normalise_line(body.text)
        ):
            # pages that render their text with JavaScript often carry all of it in JSON-LD
            # (trafilatura falls back to it too, but loses its paragraphs)
            body = Body(ld_body, 0.0, body.credits, body.bylines)
        else:
            # A short result is where the fast pass most often picked the wrong block:
            # trafilatura's full cascade (readability and jusText as referees) is worth its
            # time on these few pages.
            second = _body_text(tree, title, fast=False)
            if len(second.text) > SECOND_OPINION_GAIN * len(body.text):
                body = second
    text, link_share = body.text, body.link_share
    if "article" not in facts.ld_types and (
        facts.ld_types & _INDEX_TYPES
        or link_share > MAX_LINK_SHARE
        or (_no_prose(text) and (facts.og_type == "website" or _page_link_share(tree) > 0.4))
    ):
        raise ExtractionError("index page", url)
    if len(text) < MIN_TEXT_CHARS or len(words(text)) < MIN_TEXT_WORDS:
        raise _rejection(tree, facts, text, url)
    # paywall teasers and consent dialogs are short: longer texts are not searched (time)
    if len(text) < PAYWALL_MAX_CHARS and _is_paywall_stub(tree, facts, text):
        raise ExtractionError("paywall", url)
    if len(text) < PAYWALL_MAX_CHARS and _is_consent_text(text):
        raise ExtractionError("cookie wall", url)

    # htmldate only when the page states no publication time of its own
    published = facts.published or _fallback_date(tree, url)
    language = checked_language(facts.language, text) or _identify_language(text)
    return Article(
        url=facts.canonical or url or "",
        title=title,
        text=text,
        published=published,
        language=language,
        author=_clean_author(meta.author)
        or facts.ld_author
        or _byline(tree)
        or _author_from_bylines(body.bylines),
        site=_site_name(meta.sitename) or site_host(facts.canonical or url or "") or None,
        description=meta.description or None,
        credits=_unique(body.credits),
    )


def extract_or_reason(
    html: str | bytes, url: str | None = None
) -> tuple[Article | None, str | None]:
    """`extract` for a process pool: the Article, or None and the reason it was rejected.

    Lives here, not in the pipeline, so spawned workers import only the extractor (not the
    store, alerts and novelty: ~40 MB and a second of start-up less per worker). The reason
    crosses the process boundary as a string: an unpickled ExtractionError loses its `reason`.
    """
    try:
        return extract(html, url), None
    except ExtractionError as exc:
        return None, exc.reason
    except Exception as exc:  # a hostile page must cost one item, never the batch
        return None, f"extractor crashed ({type(exc).__name__})"


def extract_and_prepare(
    html: str | bytes,
    url: str | None,
    title: str | None,
    language: str | None,
    spec: AnalysisSpec | None,
) -> tuple[Article | None, str | None, Prepared | None]:
    """`extract_or_reason`, then the article's analysis for the topic of `spec` (None: none),
    made from the headline and language the pass will decide it with (the page's, else the
    candidate's `title` and `language`), so the main process does not have to.

    The story memory's modules are imported on first use: a pass without a topic's spec keeps
    its workers as small as before. An analysis that fails here is left to the main process,
    which analyses the article again and records the failure as an analysis crash.
    """
    article, reason = extract_or_reason(html, url)
    if article is None or spec is None:
        return article, reason, None
    from monitor.novelty.prepare import prepare

    try:
        prepared = prepare(
            spec, article.title or title or "", article.text, article.language or language
        )
    except Exception:
        return article, reason, None
    return article, reason, prepared


@dataclass(slots=True)
class Body:
    """The cleaned article text of a page, with what cleaning learnt on the way."""

    text: str
    link_share: float
    credits: list[str]
    bylines: list[str]


def _body_text(tree: HtmlElement, title: str, *, fast: bool) -> Body:
    """Article text of a page with our cleaning, the link share before it, credits and bylines.

    Recall mode keeps the most article text; our cleaning restores the precision. With
    ``fast`` the readability/jusText comparison is skipped, which halves the time. Links stay
    (as <ref>) so cleaning can tell link lists from prose; no URL is passed, so they are not
    resolved, which we do not need and which would cost as much as the cleaning.
    """
    document = bare_extraction(
        tree,
        fast=fast,
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        include_links=True,
        with_metadata=False,
        deduplicate=False,
    )
    body = document.body if isinstance(document, Document) else None
    if body is None:
        return Body("", 0.0, [], [])
    link_share = _link_share(body)
    cleaning = clean_body(body, title=title)
    etree.strip_tags(body, "ref")
    return Body(_tidy(xmltotxt(body, False)), link_share, cleaning.credits, cleaning.bylines)


def _ld_article_body(facts: PageFacts) -> str:
    """The JSON-LD articleBody as text, unless the page marks itself as not free to read."""
    if not facts.article_body or facts.free is False:
        return ""
    text = html_unescape(facts.article_body)
    text = re.sub(r"<[^>]{0,200}>", " ", text)
    return _tidy(text)


def _author_from_bylines(bylines: list[str]) -> str | None:
    for line in bylines:
        name = re.sub(
            r"^\s*(?:by|von|text\s*:|written\s+by|author\s*:|autor(?:in)?\s*:)\s+",
            "",
            line,
            flags=re.IGNORECASE,
        )
        name = re.split(r"\s*[|,·•]\s*|\s+(?:am|on|um|at)\s+\d", name)[0].strip(" .")
        if name and len(name.split()) <= 5:
            return name
    return None


def _metadata(tree: HtmlElement) -> Document:
    """Title, author, site name and description from meta tags and JSON-LD (trafilatura's readers).

    trafilatura's own `extract_metadata` also reads categories, tags and licence and searches the
    whole tree for authors; that would cost half the time of the extraction itself.
    """
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    # trafilatura's JSON-LD reader raises on odd but harmless JSON; the meta tags then stand alone
    with contextlib.suppress(Exception):
        meta = extract_meta_json(tree, meta)
    if not meta.title:
        meta.title = extract_title(tree)
    return meta


def _rejection(tree: HtmlElement, facts: PageFacts, text: str, url: str | None) -> ExtractionError:
    """The most telling reason a page gave too little article text."""
    page_text = " ".join(tree.xpath("string(//body)").split()) if tree is not None else ""
    if is_paywall(page_text) or (facts.free is False and text):
        return ExtractionError("paywall", url)
    if len(page_text) < 3 * PAYWALL_MAX_CHARS and _is_consent_text(page_text):
        return ExtractionError("cookie wall", url)
    if facts.ld_types & _INDEX_TYPES or (facts.og_type == "website" and not text):
        return ExtractionError("index page", url)
    return ExtractionError("too short", url)


def _is_paywall_stub(tree: HtmlElement, facts: PageFacts, text: str) -> bool:
    """A short text that asks for a subscription, or one on a page marked not free to read that
    asks for one elsewhere. Neither the flag alone (metered sites set it on every article, even
    when the whole text is in the page) nor a phrase elsewhere on the page alone (free articles
    carry "already a subscriber?" in their header) is proof."""
    if is_paywall(text):
        return True
    return facts.free is False and is_paywall(" ".join(tree.xpath("string(//body)").split()))


def _is_consent_text(text: str) -> bool:
    """A cookie or consent dialog: short, about cookies, and full of consent vocabulary."""
    return consent_share(text) > 0.1 and re.search(r"(?i)\bcookies?\b", text) is not None


def _no_prose(text: str) -> bool:
    """No paragraph long enough to be article prose: teaser snippets, link lists, captions."""
    return bool(text) and all(len(words(line)) < PROSE_MIN_WORDS for line in text.split("\n"))


def _page_link_share(tree: HtmlElement) -> float:
    """Share of the page's visible text that is link text."""
    total = len(" ".join(tree.xpath("string(//body)").split()))
    if not total:
        return 0.0
    linked = sum(len(" ".join(a.text_content().split())) for a in tree.iter("a"))
    return linked / total


def _link_share(body: Any) -> float:
    total = len(element_text(body))
    if not total:
        return 1.0
    linked = sum(len(element_text(ref)) for ref in body.iter("ref"))
    return linked / total


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# Control characters have no business in a headline, and bidi overrides or isolates can make one
# display as something else (spoofing the text around it in a terminal or an alert); the
# sources clean feed titles the same way.
_TITLE_JUNK = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]"
)
MAX_TITLE_CHARS = 500


def _clean_title(title: str) -> str:
    text = " ".join(_TITLE_JUNK.sub(" ", title).split())
    if len(text) > MAX_TITLE_CHARS:
        text = text[: MAX_TITLE_CHARS - 1].rstrip() + "…"
    return text


_BYLINE_XPATH = (
    "//*[@rel='author' or @itemprop='author' or @class='author' or @class='byline']"
    "[string-length(normalize-space(.)) < 80]"
)


def _byline(tree: HtmlElement) -> str | None:
    """An author named in the page's byline markup when its metadata names none."""
    for node in tree.xpath(_BYLINE_XPATH)[:3]:
        name = " ".join(node.text_content().split())
        name = re.sub(r"^(?:by|von)\s+", "", name, flags=re.IGNORECASE)
        if name and 1 < len(name.split()) <= 6:
            return name
    return None


def _site_name(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lstrip("@")
    return name or None


def _clean_author(author: str | None) -> str | None:
    if not author:
        return None
    author = " ".join(author.split())
    return author or None


def _unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = normalise_line(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


# ----------------------------------------------------------------------------- page facts


def page_facts(tree: HtmlElement, url: str | None) -> PageFacts:
    """Canonical URL, declared language, exact publication time and JSON-LD of a page."""
    facts = PageFacts()
    for href in tree.xpath(
        "//head/link[@rel='canonical']/@href|//meta[@property='og:url']/@content"
    ):
        absolute = urljoin(url or "", href.strip())
        if urlsplit(absolute).scheme in ("http", "https") and urlsplit(absolute).hostname:
            facts.canonical = absolute
            break
    for lang in tree.xpath(_LANGUAGE_XPATH):
        facts.language = _language_code(lang)
        if facts.language:
            break
    og_type = tree.xpath("//meta[@property='og:type']/@content")
    facts.og_type = og_type[0].strip().casefold() if og_type else None
    stamps: list[str] = []
    for node in _json_ld(tree):
        kind = node.get("@type")
        kinds = {kind} if isinstance(kind, str) else set(kind) if isinstance(kind, list) else set()
        kinds = {k for k in kinds if isinstance(k, str)}
        facts.ld_types |= {k.casefold() for k in kinds}
        if facts.language is None:
            facts.language = _ld_language(node.get("inLanguage"))
        if any(_ARTICLE_TYPES.fullmatch(k) for k in kinds):
            facts.ld_types.add("article")
            if isinstance(node.get("datePublished"), str):
                stamps.append(node["datePublished"])
            body = node.get("articleBody")
            if isinstance(body, str) and facts.article_body is None:
                facts.article_body = body
            if facts.ld_author is None:
                facts.ld_author = _ld_author(node.get("author"))
            free = node.get("isAccessibleForFree")
            if free is not None:
                facts.free = str(free).casefold() not in ("false", "0", "no")
    facts.published = _first_timestamp(stamps) or _first_timestamp(
        stamp for query in _DATE_XPATHS for stamp in tree.xpath(query)
    )
    return facts


# Where pages declare their language (JSON-LD's inLanguage is read with the rest of JSON-LD).
_LANGUAGE_XPATH = (
    "/html/@lang|/html/@xml:lang|//meta[@property='og:locale']/@content"
    "|//meta[translate(@http-equiv, 'CONTENT-LANGUAGE', 'content-language')"
    "='content-language']/@content"
)


def _language_code(value: str) -> str | None:
    """The language of a tag like ``de-DE``, ``en_GB`` or ``pt-BR``, or None for no tag."""
    code = value.strip().replace("_", "-").split("-")[0].casefold()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _ld_language(value: Any) -> str | None:
    """JSON-LD inLanguage: a tag, or a Language with the tag as alternateName (or name)."""
    if isinstance(value, str):
        return _language_code(value)
    if isinstance(value, dict):
        for key in ("alternateName", "name"):
            if isinstance(value.get(key), str) and (code := _language_code(value[key])):
                return code
    if isinstance(value, list) and value:
        return _ld_language(value[0])
    return None


# Where pages state their publication time, most explicit first; a <time> inside the article
# before any other, since sidebars list other articles' times too.
_DATE_XPATHS = (
    "//head/meta[@property='article:published_time' or @name='article:published_time'"
    " or @itemprop='datePublished' or @name='publish-date' or @name='DC.date.issued'"
    " or @name='dcterms.date' or @name='date']/@content",
    "//*[@itemprop='datePublished']/@datetime|//*[@itemprop='datePublished']/@content",
    "(//article//time[@datetime])[1]/@datetime",
    "(//time[@datetime])[1]/@datetime",
)


def _first_timestamp(stamps: Iterable[str]) -> datetime | None:
    for stamp in stamps:
        parsed = _parse_timestamp(str(stamp))
        if parsed is not None:
            return parsed
    return None


def _json_ld(tree: HtmlElement) -> Iterator[Mapping[str, Any]]:
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)


def _ld_author(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return value["name"].strip() or None
    if isinstance(value, list):
        names = [name for name in (_ld_author(v) for v in value) if name]
        return ", ".join(names) or None
    return None


def _parse_timestamp(value: str) -> datetime | None:
    value = value.strip()
    if not re.match(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = datetime.fromisoformat(value[:10])
        except ValueError:
            return None
    # a stamp without offset names the site's local time, unknown to us: read as UTC
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _fallback_date(tree: HtmlElement, url: str | None) -> datetime | None:
    """htmldate's extensive search, only for pages whose metadata named no date."""
    try:
        found = find_date(tree, extensive_search=True, original_date=True, url=url)
    except (ValueError, TypeError):
        return None
    day = _parse_day(found)
    return datetime.combine(day, time(0, 0), tzinfo=UTC) if day else None


def _identify_language(text: str) -> str | None:
    """The language of a page that declares none: German or English text by its stopwords, other
    running text by the function words it uses most; only text neither tells (close relatives,
    other scripts, a few words) goes to py3langid, whose model loads on its first call in a
    process (~1.4 s of CPU, ~72 MB), so a worker that meets only such plain pages never loads it."""
    plain = clearly_german_or_english(text) or language_by_function_words(text)
    if plain is not None:
        return plain
    import py3langid

    code, _score = py3langid.classify(text[:3000])
    return str(code) if code else None
