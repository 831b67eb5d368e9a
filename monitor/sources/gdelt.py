"""The GDELT DOC 2.0 API in ArtList mode (JSON), one request per query, at GDELT's pace."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import urlencode

from monitor.config import GdeltSource, Topic
from monitor.errors import FetchError, SourceError
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
from monitor.urls import absolute, canonicalize

# GDELT's `sourcelang:` takes language names
LANGUAGE_NAMES = {
    "de": "german", "en": "english", "fr": "french", "es": "spanish", "it": "italian",
    "ru": "russian", "uk": "ukrainian", "pl": "polish", "nl": "dutch", "pt": "portuguese",
    "ja": "japanese", "ko": "korean", "zh": "chinese", "ar": "arabic", "tr": "turkish",
    "sv": "swedish", "da": "danish", "no": "norwegian", "fi": "finnish", "cs": "czech",
}  # fmt: skip
_CODES = {name: code for code, name in LANGUAGE_NAMES.items()}


def api_url(
    source: GdeltSource, query: str, language: str | None, since: datetime | None = None
) -> str:
    full = (
        query
        if language is None
        else f"{query} sourcelang:{LANGUAGE_NAMES.get(language, language)}"
    )
    params: dict[str, str | int] = {
        "query": full,
        "mode": "ArtList",
        "format": "json",
        "maxrecords": max(1, min(250, source.max_records)),
        "sort": "DateDesc",
    }
    if since is not None:
        params["startdatetime"] = since.astimezone(UTC).strftime("%Y%m%d%H%M%S")
    else:
        params["timespan"] = source.timespan
    return f"{source.base_url}?{urlencode(params)}"


def _queries(source: GdeltSource, topic: Topic) -> list[tuple[str, str | None]]:
    if source.query:
        return [(source.query, source.language)]
    languages = [source.language] if source.language else topic.languages
    return [(q, lang) for lang in languages for q in topic.queries.get(lang, [])]


def _seen_date(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.strptime(value.strip(), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None
    return plausible(parsed)


def parse_artlist(text: str, name: str, language: str | None) -> list[Candidate]:
    """Candidates from an ArtList JSON answer; GDELT's plain-text errors become SourceErrors."""
    stripped = text.strip()
    if not stripped:
        return []  # GDELT answers nothing at all when nothing matched
    try:
        data = json.loads(stripped, strict=False)
    except ValueError:
        lowered = stripped.lower()
        if "limit requests" in lowered or "rate limit" in lowered:
            raise SourceError(name, "rate limited") from None
        raise SourceError(name, "parse error") from None
    articles = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(articles, list):
        return []
    candidates: list[Candidate] = []
    for item in articles:
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            continue
        url = absolute("", item["url"])
        if url is None:
            continue
        lang = _CODES.get(str(item.get("language", "")).lower(), language)
        candidates.append(
            Candidate(
                url=canonicalize(url),
                source=name,
                title=clean_title(
                    item.get("title") if isinstance(item.get("title"), str) else None
                ),
                published=_seen_date(item.get("seendate")),
                language=lang,
            )
        )
    return candidates


async def discover(
    source: GdeltSource,
    topic: Topic,
    state: SourceState,
    fetcher: Fetcher,
    *,
    since: datetime | None = None,
) -> Discovery:
    queries = _queries(source, topic)
    if not queries:
        raise SourceError(source.name, "no queries")
    fetcher.limit_host(source.base_url, source.min_interval)
    before = state.extra.get("urls") or {}
    validators: dict[str, dict[str, str | None]] = {}
    failures: list[tuple[str, str]] = []
    found: dict[str, Candidate] = {}
    changed = False
    for query, language in queries:
        url = api_url(source, query, language, since)
        try:
            page, after = await fetch_if_changed(
                fetcher, url, Validators.from_json(before.get(url)), kind="json"
            )
            validators[url] = after.to_json()
            if page is None:
                continue
            changed = True
            for candidate in parse_artlist(page.text, source.name, language):
                found.setdefault(candidate.url, candidate)
        except (FetchError, SourceError) as exc:
            failures.append((url, exc.reason))
    if failures and len(failures) == len(queries):
        raise SourceError(source.name, failures[0][1])
    return Discovery(
        keep_since(list(found.values()), since),
        SourceState(extra={"urls": validators}),
        not_modified=not changed and not failures,
        failures=failures,
    )
