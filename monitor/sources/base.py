"""What every source kind shares: persisted state, results, conditional fetching, cleaning."""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from monitor.config import Topic
from monitor.fetch import Fetcher
from monitor.models import Candidate, Page
from monitor.models import SourceState as SourceState  # re-exported: the sources use it

MAX_TITLE = 300
# dates outside this window are broken feeds (1970 epochs, far-future typos), not news
_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
_FUTURE_SLACK = timedelta(days=1)
_BIDI = dict.fromkeys(
    [0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)], None
)


@dataclass
class Discovery:
    """What one look at a source found. ``failures`` are (url, reason) of parts that failed while
    others worked (e.g. one of several search queries); a source that failed entirely raises."""

    candidates: list[Candidate]
    state: SourceState
    not_modified: bool = False
    failures: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Validators:
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None

    @classmethod
    def of(cls, state: SourceState) -> Validators:
        return cls(state.etag, state.last_modified, state.body_hash)

    @classmethod
    def from_json(cls, value: Any) -> Validators:
        if not isinstance(value, dict):
            return cls()
        return cls(value.get("etag"), value.get("last_modified"), value.get("body_hash"))

    def to_json(self) -> dict[str, str | None]:
        return {"etag": self.etag, "last_modified": self.last_modified, "body_hash": self.body_hash}


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


async def fetch_if_changed(
    fetcher: Fetcher, url: str, before: Validators, kind: Literal["page", "feed", "json"] = "feed"
) -> tuple[Page | None, Validators]:
    """The page when it changed since ``before`` (None on 304 or an identical body), and the
    validators to remember. An unchanged body costs no parsing."""
    page = await fetcher.fetch(url, etag=before.etag, last_modified=before.last_modified, kind=kind)
    if page.not_modified:
        return None, Validators(
            page.etag or before.etag, page.last_modified or before.last_modified, before.body_hash
        )
    digest = body_hash(page.body)
    after = Validators(page.etag, page.last_modified, digest)
    if digest == before.body_hash:
        return None, after
    return page, after


def clean_title(value: str | None) -> str | None:
    """A one-line, bounded title: entities decoded, control and bidi characters removed."""
    if not value:
        return None
    text = html.unescape(value) if "&" in value else value
    text = text.translate(_BIDI)
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    text = re.sub(r"<[^>]{0,200}>", " ", text) if "<" in text else text
    text = " ".join(text.split())
    if len(text) > MAX_TITLE:
        text = text[: MAX_TITLE - 1].rstrip() + "…"
    return text or None


def plausible(published: datetime | None, now: datetime | None = None) -> datetime | None:
    """The date as aware UTC when it could be a news date; None for 1970s and the far future."""
    if published is None:
        return None
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    published = published.astimezone(UTC)
    now = now or datetime.now(UTC)
    if published < _EARLIEST or published > now + _FUTURE_SLACK:
        return None
    return published


def parse_w3c_date(value: str | None) -> datetime | None:
    """ISO 8601 / W3C datetime as used in sitemaps (``2024-05-01``, ``...T12:00:00+02:00``)."""
    if not value:
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return plausible(parsed)


def language_code(value: str | None) -> str | None:
    """``de-DE`` / ``de_at`` / ``DE`` -> ``de``; None for anything that is not a language tag."""
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def keep_since(candidates: list[Candidate], since: datetime | None) -> list[Candidate]:
    if since is None:
        return candidates
    return [c for c in candidates if c.published is None or c.published >= since]


def topic_terms(topic: Topic) -> list[str]:
    """Words and phrases that make a headline worth a look: relevance terms and their aliases."""
    terms: set[str] = set()
    for term, aliases in topic.relevance.aliases.items():
        terms.add(term)
        terms.update(aliases)
    query = topic.relevance.query
    terms.update(re.findall(r'"([^"]+)"', query))
    bare = re.sub(r'"[^"]*"', " ", query)
    previous = ""
    for word in re.findall(r"[^\s()]+", bare):
        if word.upper() not in ("AND", "OR", "NOT") and previous != "NOT":
            terms.add(word)
        previous = word.upper()
    return sorted({t.strip().casefold() for t in terms if len(t.strip()) >= 2})


def mentions_any(text: str, terms: list[str]) -> bool:
    folded = text.casefold()
    return any(re.search(r"(?<!\w)" + re.escape(term), folded) for term in terms)
