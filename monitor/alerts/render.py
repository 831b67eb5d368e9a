"""Rendering an alert's payload as one channel's message: plain text, Markdown, chat HTML, e-mail.

A message is first built as a small document (headings, paragraphs, bullet lists of inline text,
bold, links and code) and only then written out in the channel's style, so every piece of article
text passes through exactly one escaping function and can never change the formatting around it.
Fitting to a channel's limits shrinks the document (fewer bullets, shorter gist), never the
rendered markup, so a cut can not leave a dangling tag or half a link.
"""

from __future__ import annotations

import enum
import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from monitor.errors import AlertError


class Style(enum.StrEnum):
    """How a channel wants its body: apprise's notify formats, with e-mail apart from chat HTML."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"  # chat HTML (Telegram and friends): inline tags and line breaks only
    EMAIL = "email"  # a full HTML document; apprise adds the plain-text alternative part

    @property
    def body_format(self) -> str:
        """The apprise body_format to send this style with."""
        return "html" if self in (Style.HTML, Style.EMAIL) else self.value


@dataclass(frozen=True, slots=True)
class Limits:
    """A channel's size limits in characters (apprise's title_maxlen / body_maxlen)."""

    title_maxlen: int = 250
    body_maxlen: int = 32768


@dataclass(frozen=True, slots=True)
class Message:
    title: str
    body: str
    style: Style


# ------------------------------------------------------------------------- cleaning text

# Bidi overrides and isolates can make a headline display as something else than it says.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_SPACE = re.compile(r"\s+")


def clean(text: object) -> str:
    """One line of readable text: control characters and bidi overrides gone, spaces collapsed."""
    value = "" if text is None else str(text)
    value = value.translate(_BIDI_CONTROLS)
    value = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
        for ch in unicodedata.normalize("NFC", value)
    )
    return _SPACE.sub(" ", value).strip()


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary to at most `limit` characters, marking the cut with an ellipsis."""
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    if limit == 1:
        return "…"
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


# Inline markup and link syntax anywhere; block markup only where a block could start.
_MD_INLINE = re.compile(r"([\\`*_\[\]()<>|~&])")
_MD_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")
# Chat services turn these into notifications of everyone in the channel.
_MASS_MENTION = re.compile(r"@(everyone|here|channel|room|all)\b", re.IGNORECASE)


def _escape_block_start(match: re.Match[str]) -> str:
    marker = match.group(2)
    return match.group(1) + marker[:-1] + "\\" + marker[-1]


def escape_markdown(text: str) -> str:
    """Literal text in Markdown: punctuation that could format, link or start a block is escaped.

    Dots and hyphens inside a sentence stay as they are, so the text reads the same on channels
    (Slack) that show backslashes literally.
    """
    escaped = _MD_INLINE.sub(r"\\\1", text)
    escaped = _MD_BLOCK_START.sub(_escape_block_start, escaped)
    return _MASS_MENTION.sub("@\u200b\\1", escaped)


def defang_text(text: str) -> str:
    """Plain text for channels that may still render Markdown links or mentions of their own."""
    return _MASS_MENTION.sub("@\u200b\\1", text.replace("](", "] ("))


def safe_url(url: object) -> str | None:
    """An http(s) URL safe inside a link: anything else (javascript:, data:, junk) gives None."""
    value = clean(url)
    if not value or " " in value:
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # keep reserved characters, encode what could end a Markdown link or an HTML attribute
    return quote(value, safe=":/?#@!$&'*+,;=%~-._[]").replace("'", "%27")


# ----------------------------------------------------------------------------- document


@dataclass(frozen=True, slots=True)
class Bold:
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str | None
    show_url: bool = False  # e-mail: also print the address, so the plain-text part keeps it


@dataclass(frozen=True, slots=True)
class Code:
    text: str


Inline = str | Bold | Link | Code


@dataclass(frozen=True, slots=True)
class Heading:
    text: str


@dataclass(frozen=True, slots=True)
class Para:
    parts: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[tuple[Inline, ...], ...]
    more: int = 0  # items dropped to fit; shown as "… and N more"
    more_hint: str = ""


Block = Heading | Para | Bullets


@dataclass(slots=True)
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)


# ------------------------------------------------------------------------------ writers


def _inline_text(part: Inline) -> str:
    if isinstance(part, str):
        return defang_text(part)
    if isinstance(part, Bold):
        return defang_text(part.text)
    if isinstance(part, Code):
        return part.text
    if part.url is None:
        return defang_text(part.label)
    if part.label and part.label != part.url:
        return f"{defang_text(part.label)}: {part.url}"
    return part.url


def _inline_markdown(part: Inline) -> str:
    if isinstance(part, str):
        return escape_markdown(part)
    if isinstance(part, Bold):
        return f"**{escape_markdown(part.text)}**"
    if isinstance(part, Code):
        return "`" + part.text.replace("`", "'") + "`"
    if part.url is None:
        return escape_markdown(part.label)
    # Parentheses are percent-encoded in safe_url, so the destination can not end early.
    return f"[{escape_markdown(part.label or part.url)}]({part.url})"


def _inline_html(part: Inline) -> str:
    if isinstance(part, str):
        return html.escape(part)
    if isinstance(part, Bold):
        return f"<b>{html.escape(part.text)}</b>"
    if isinstance(part, Code):
        return f"<code>{html.escape(part.text)}</code>"
    if part.url is None:
        return html.escape(part.label)
    href = html.escape(part.url, quote=True)
    link = f'<a href="{href}">{html.escape(part.label or part.url)}</a>'
    if part.show_url and part.label and part.label != part.url:
        link += f' <span style="color:#666666">{href}</span>'
    return link


def _more_line(block: Bullets) -> str:
    return f"… and {block.more} more" + (f" ({block.more_hint})" if block.more_hint else "")


def _write_lines(
    doc: Document,
    inline: Callable[[Inline], str],
    heading: Callable[[str], str],
    bullet: str,
    escape: Callable[[str], str],
) -> str:
    out: list[str] = []
    for block in doc.blocks:
        if out:
            out.append("")
        if isinstance(block, Heading):
            out.append(heading(block.text))
        elif isinstance(block, Para):
            out.append("".join(inline(p) for p in block.parts))
        else:
            out.extend(bullet + "".join(inline(p) for p in item) for item in block.items)
            if block.more:
                out.append(bullet + escape(_more_line(block)))
    return "\n".join(out)


def write(doc: Document, style: Style) -> str:
    """The body of a document in one style."""
    if style is Style.TEXT:
        return _write_lines(doc, _inline_text, defang_text, "• ", defang_text)
    if style is Style.MARKDOWN:
        return _write_lines(
            doc, _inline_markdown, lambda t: f"**{escape_markdown(t)}**", "• ", escape_markdown
        )
    if style is Style.HTML:
        return _write_lines(
            doc, _inline_html, lambda t: f"<b>{html.escape(t)}</b>", "• ", html.escape
        )
    return _write_email(doc)


def _inline_email(part: Inline) -> str:
    # apprise's plain-text alternative breaks lines around <code>; a monospace span reads inline
    if isinstance(part, Code):
        return f'<span style="font-family:monospace">{html.escape(part.text)}</span>'
    return _inline_html(part)


def _write_email(doc: Document) -> str:
    body: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            body.append(f'<h2 style="font-size:18px;margin:0 0 8px">{html.escape(block.text)}</h2>')
        elif isinstance(block, Para):
            body.append("<p>" + "".join(_inline_email(p) for p in block.parts) + "</p>")
        else:
            items = [
                "<li>" + "".join(_inline_email(p) for p in item) + "</li>" for item in block.items
            ]
            if block.more:
                items.append(f"<li>{html.escape(_more_line(block))}</li>")
            body.append("<ul>" + "".join(items) + "</ul>")
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
        '<body style="font-family:sans-serif;line-height:1.4">' + "".join(body) + "</body></html>"
    )


# -------------------------------------------------------------------------------- fitting


def _shrinks(doc: Document) -> list[Document]:
    """Smaller variants of a document, gentlest first: one bullet fewer, a shorter paragraph."""
    variants: list[Document] = []
    for index in range(len(doc.blocks) - 1, -1, -1):
        block = doc.blocks[index]
        if isinstance(block, Bullets) and block.items:
            smaller = replace(block, items=block.items[:-1], more=block.more + 1)
            variants.append(
                Document(doc.title, [*doc.blocks[:index], smaller, *doc.blocks[index + 1 :]])
            )
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Para | Heading):
            shorter = _shorten_block(block)
            if shorter is not None:
                variants.append(
                    Document(doc.title, [*doc.blocks[:index], shorter, *doc.blocks[index + 1 :]])
                )
    return variants


def _shorten_block(block: Para | Heading) -> Para | Heading | None:
    if isinstance(block, Heading):
        return (
            Heading(shorten(block.text, len(block.text) * 2 // 3)) if len(block.text) > 40 else None
        )
    texts = [
        (i, p)
        for i, p in enumerate(block.parts)
        if isinstance(p, str | Bold) and len(_plain(p)) > 40
    ]
    if not texts:
        return None
    index, part = max(texts, key=lambda t: len(_plain(t[1])))
    text = _plain(part)
    cut = shorten(text, len(text) * 2 // 3)
    new_part: Inline = cut if isinstance(part, str) else Bold(cut)
    return Para((*block.parts[:index], new_part, *block.parts[index + 1 :]))


def _plain(part: str | Bold) -> str:
    return part if isinstance(part, str) else part.text


def fit(doc: Document, style: Style, limits: Limits) -> Message:
    """Write a document within a channel's title and body limits.

    A channel without a title (title_maxlen 0, e.g. MQTT or SMS) gets the title as the first line
    of the body, escaped like everything else; apprise's own merge would not escape it.
    """
    title = clean(doc.title)
    if limits.title_maxlen <= 0:
        blocks = list(doc.blocks)
        lead = blocks[0] if blocks else None
        if (
            isinstance(lead, Para)
            and len(lead.parts) == 1
            and isinstance(lead.parts[0], Bold)
            and lead.parts[0].text in title
        ):
            blocks = blocks[1:]  # the bold headline would repeat the title line above it
        doc = Document("", [Heading(title), *blocks]) if title else doc
        title = ""
    else:
        title = shorten(title, limits.title_maxlen)
    body = write(doc, style)
    budget = limits.body_maxlen
    # Some channels count title and body together; leave the title room when it is merged.
    while len(body) > budget:
        candidates = _shrinks(doc)
        if not candidates:
            break
        doc = candidates[0] if len(candidates) == 1 else _best(candidates, style, budget)
        body = write(doc, style)
    if len(body) > budget:
        # Only a channel smaller than a headline gets here (SMS-like); plain text cuts cleanly.
        if style in (Style.TEXT,):
            body = shorten(body, budget)
        else:
            raise AlertError(f"a {style.value} message does not fit in {budget} characters")
    return Message(title=title, body=body, style=style)


def _best(candidates: Sequence[Document], style: Style, budget: int) -> Document:
    # Take the gentlest shrink that fits; otherwise keep shrinking with the gentlest one.
    for candidate in candidates:
        if len(write(candidate, style)) <= budget:
            return candidate
    return candidates[0]


# --------------------------------------------------------------------------- story links


def story_key(topic: str, story_id: object) -> str:
    """A story page's Prefect artifact key (`story-<topic>-<id>`): lowercase letters, digits and
    dashes only, as Prefect wants keys."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(topic).lower()).strip("-") or "topic"
    return f"story-{slug}-{story_id}"


def story_url(
    topic: str, story_id: object, *, template: str | None = None, ui_url: str | None = None
) -> str | None:
    """Where a person opens a story's page: `template` (MONITOR_STORY_URL, with {id}, {topic}
    and {key}) or the page's artifact in the Prefect UI at `ui_url` (PREFECT_UI_URL); None
    when neither is set, and alerts name `monitor story ID` instead."""
    key = story_key(topic, story_id)
    if template:
        url = template.format(id=story_id, topic=topic, key=key)
    elif ui_url:
        url = f"{ui_url.rstrip('/')}/artifacts/key/{key}"
    else:
        return None
    return safe_url(url)


def with_story_links(
    payload: dict[str, Any], *, template: str | None = None, ui_url: str | None = None
) -> dict[str, Any]:
    """The payload with `story_url` set on it (and on each item of a digest) where a story page
    can be linked; the stored payload is not changed."""
    if not template and not ui_url:
        return payload

    def linked(item: dict[str, Any]) -> dict[str, Any]:
        story = item.get("story") or {}
        story_id = story.get("id")
        if not story_id or not item.get("topic"):
            return item
        url = story_url(str(item["topic"]), story_id, template=template, ui_url=ui_url)
        return {**item, "story_url": url} if url else item

    result = linked(dict(payload))
    if isinstance(result.get("items"), list):
        result["items"] = [
            linked({"topic": result.get("topic"), **i}) if isinstance(i, dict) else i
            for i in result["items"]
        ]
    return result


def _timeline(item: dict[str, Any], email: bool) -> Para | None:
    """'Story page: <link>' when the story's page can be linked, else 'Timeline: `monitor story
    ID`', else nothing."""
    url = safe_url(item.get("story_url"))
    if url:
        return Para(("Story page: ", Link("timeline of the story", url, show_url=email)))
    command = clean(item.get("command"))
    return Para(("Timeline: ", Code(command))) if command else None


# ------------------------------------------------------------------------------- content


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        raise AlertError(f"unknown time zone {name!r}") from None


def parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def local_time(value: object, tz: ZoneInfo) -> str:
    moment = parse_time(value)
    if moment is None:
        return ""
    local = moment.astimezone(tz)
    return f"{local.day} {local:%b %Y, %H:%M} {local.tzname() or ''}".strip()


def age(value: object, now: datetime) -> str:
    """'3 days ago' for a person; the exact time is in the timeline."""
    moment = parse_time(value)
    if moment is None:
        return ""
    seconds = max(0, int((now - moment).total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'s' if n != 1 else ''} ago"
    return "just now"


# Headlines longer than this are cut before anything else; nobody reads the rest in a title.
MAX_HEADLINE = 300
MAX_FACT = 400


def _outlet_links(
    outlets: Sequence[dict[str, Any]], *, show_url: bool
) -> tuple[tuple[Inline, ...], ...]:
    items: list[tuple[Inline, ...]] = []
    for outlet in outlets:
        name = shorten(clean(outlet.get("name")), 80) or "source"
        items.append((Link(name, safe_url(outlet.get("url")), show_url=show_url),))
    return tuple(items)


def _topic_prefix(payload: dict[str, Any]) -> str:
    label = clean(payload.get("topic_title") or payload.get("topic"))
    return f"[{shorten(label, 40)}] " if label else ""


def story_document(payload: dict[str, Any], tz: ZoneInfo, now: datetime, style: Style) -> Document:
    """A new story or a development of one, from the payload `outbox.enqueue` stored."""
    email = style is Style.EMAIL
    kind = payload.get("kind")
    headline = shorten(clean(payload.get("headline")), MAX_HEADLINE) or "(no headline)"
    gist = shorten(clean(payload.get("gist")), 400)
    when = local_time(payload.get("published"), tz)
    url = safe_url(payload.get("url"))
    outlet = shorten(clean(payload.get("outlet")), 80) or "source"
    story = payload.get("story") or {}
    command = clean(payload.get("command"))
    blocks: list[Block] = [Para((Bold(headline),))]

    if kind == "development":
        first = shorten(clean(story.get("title")), MAX_HEADLINE)
        started = age(story.get("started"), now)
        continues = f"Continues the story “{first}”" if first else "Continues a known story"
        if started:
            continues += f", first reported {started}"
        blocks.append(Para((continues + ".",)))
        facts = [shorten(clean(f), MAX_FACT) for f in payload.get("new_facts") or []]
        facts = [f for f in facts if f]
        if facts:
            blocks.append(Para((Bold("What is new"),)))
            blocks.append(Bullets(tuple((f,) for f in facts), more_hint=command))
        elif gist:
            blocks.append(Para((gist,)))
        outlets = payload.get("outlets") or [{"name": outlet, "url": payload.get("url")}]
        blocks.append(Para((Bold("Sources"),)))
        blocks.append(Bullets(_outlet_links(outlets, show_url=email)))
        if when:
            blocks.append(Para((f"Published {when}",)))
        title = f"{_topic_prefix(payload)}Update: {headline}"
    else:
        if gist:
            blocks.append(Para((gist,)))
        source: list[Inline] = [Link(f"Read at {outlet}", url, show_url=email)]
        if when:
            source.append(f" · {when}")
        blocks.append(Para(tuple(source)))
        more = [o for o in payload.get("outlets") or [] if safe_url(o.get("url")) != url]
        if more:
            blocks.append(Para(("Also reported by:",)))
            blocks.append(Bullets(_outlet_links(more, show_url=email)))
        title = f"{_topic_prefix(payload)}New story: {headline}"
    note = clean(payload.get("muted_note"))
    if note:
        blocks.insert(1, Para((note,)))
    timeline = _timeline(payload, email)
    if timeline is not None:
        blocks.append(timeline)
    return Document(title, blocks)


def digest_document(payload: dict[str, Any], tz: ZoneInfo, now: datetime, style: Style) -> Document:
    """Several alerts in one message, grouped by story, oldest story first."""
    email = style is Style.EMAIL
    items: list[dict[str, Any]] = list(payload.get("items") or [])
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        story = item.get("story") or {}
        key = str(story.get("id") or f"alert-{item.get('alert_id')}")
        groups.setdefault(key, []).append(item)
    stories = sum(1 for _ in groups)
    count = len(items)
    reason = payload.get("reason")
    intro = (
        f"{count} alert{'s' if count != 1 else ''} about {stories} "
        f"stor{'ies' if stories != 1 else 'y'}"
    )
    if reason == "cap":
        intro += ", collected in one message so as not to flood you"
    blocks: list[Block] = [Para((intro + ".",))]
    for group in groups.values():
        story = group[0].get("story") or {}
        first = shorten(clean(story.get("title") or group[0].get("headline")), MAX_HEADLINE)
        started = age(story.get("started"), now)
        blocks.append(
            Para(
                (Bold(first or "(no headline)"),)
                + ((f" · first reported {started}",) if started else ())
            )
        )
        lines: list[tuple[Inline, ...]] = []
        for item in group:
            label = "Update" if item.get("kind") == "development" else "New"
            headline = shorten(clean(item.get("headline")), MAX_HEADLINE)
            outlet = shorten(clean(item.get("outlet")), 80)
            line: list[Inline] = [
                f"{label}: ",
                Link(headline or "(no headline)", safe_url(item.get("url")), show_url=email),
            ]
            if outlet:
                line.append(f" ({outlet})")
            facts = [shorten(clean(f), MAX_FACT) for f in item.get("new_facts") or []][:3]
            if facts:
                line.append(" — " + "; ".join(f for f in facts if f))
            lines.append(tuple(line))
        command = clean(group[0].get("command"))
        blocks.append(Bullets(tuple(lines), more_hint=command))
        timeline = _timeline(group[0], email)
        if timeline is not None:
            blocks.append(timeline)
    label = "Digest" if reason != "cap" else "More news"
    title = f"{_topic_prefix(payload)}{label}: {count} alert{'s' if count != 1 else ''}"
    return Document(title, blocks)


def test_document(payload: dict[str, Any], tz: ZoneInfo) -> Document:
    when = local_time(payload.get("sent"), tz)
    target = clean(payload.get("target"))
    return Document(
        "[TEST] newsmonitor test alert",
        [
            Para((Bold("This is a test message from newsmonitor."),)),
            Para(
                (
                    f"If you can read it, alerts reach this target ({target}). "
                    "Nothing happened in the news.",
                )
            ),
            Para((f"Sent {when}." if when else "Sent by `monitor test-alert`.",)),
        ],
    )


def document(payload: dict[str, Any], *, tz: ZoneInfo, now: datetime, style: Style) -> Document:
    kind = payload.get("kind")
    if kind == "digest":
        return digest_document(payload, tz, now, style)
    if kind == "test":
        return test_document(payload, tz)
    if kind in ("new_story", "development"):
        return story_document(payload, tz, now, style)
    if kind == "maintenance":
        from monitor.alerts.maintenance import maintenance_document

        return maintenance_document(payload, tz, style is Style.EMAIL)
    raise AlertError(f"cannot render an alert of kind {kind!r}")


def render(
    payload: dict[str, Any],
    style: Style | str = Style.MARKDOWN,
    *,
    limits: Limits | None = None,
    timezone: str | None = None,
    now: datetime | None = None,
) -> Message:
    """One alert as a message for a channel of this style and size."""
    style = Style(style)
    now = now or datetime.now(UTC)
    doc = document(payload, tz=zone(timezone), now=now, style=style)
    return fit(doc, style, limits or Limits())


def render_terminal(
    payload: dict[str, Any], *, timezone: str | None = None, now: datetime | None = None
) -> str:
    """The plain-text form printed when no alert target is configured."""
    message = render(
        payload, Style.TEXT, limits=Limits(1000, 1_000_000), timezone=timezone, now=now
    )
    rule = "─" * min(72, max(20, len(message.title)))
    return f"{message.title}\n{rule}\n{message.body}\n"
