"""A story's page: its timeline as Markdown (the Prefect artifact, `monitor story ID --markdown`)
or as an HTML document (`--html`), and the link an alert gives to it.

The page lists the first report, then each development with its new facts, source and time;
copies of an article are folded into the article they copy; reports that added nothing are
short lines; the user's corrections and the story's mute are shown where they apply. Every
piece of article text passes through one escaping function of the format it is written in.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime

from monitor.alerts.render import escape_markdown, safe_url, story_key, story_url
from monitor.store.stories import PageEntry, StoryPageData

__all__ = ["render_html", "render_markdown", "story_key", "story_url"]

KIND_LABEL = {
    "new_story": "First report",
    "development": "Development",
    "known": "Reported again, nothing new",
    "duplicate": "Copy",
    "irrelevant": "Off topic",
}


# ------------------------------------------------------------------------------ the page


@dataclass(slots=True)
class _Item:
    entry: PageEntry
    copies: list[PageEntry] = field(default_factory=list)


def _fold(entries: list[PageEntry]) -> list[_Item]:
    """Copies go under the article they copy (when it is in this story)."""
    items: list[_Item] = []
    by_article: dict[int, _Item] = {}
    for entry in entries:
        target = by_article.get(entry.duplicate_of) if entry.duplicate_of is not None else None
        if entry.kind == "duplicate" and target is not None:
            target.copies.append(entry)
            by_article[entry.article_id] = target
            continue
        item = _Item(entry)
        items.append(item)
        by_article[entry.article_id] = item
    return items


def _when(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def _outlet(entry: PageEntry) -> str:
    if entry.site and entry.site.strip():
        return entry.site.strip()
    from urllib.parse import urlsplit

    return (urlsplit(entry.url).hostname or entry.url).removeprefix("www.")


def _summary_line(page: StoryPageData) -> str:
    copies = sum(1 for e in page.entries if e.kind == "duplicate")
    known = sum(1 for e in page.entries if e.kind == "known")
    developments = sum(1 for e in page.entries if e.kind == "development")
    parts = [
        f"topic {page.topic}",
        f"first reported {_when(page.created_at)}",
        f"last development {_when(page.updated_at)}",
        f"{len(page.entries)} article{'s' if len(page.entries) != 1 else ''}: "
        f"{developments} development{'s' if developments != 1 else ''}, "
        f"{known} with nothing new, {copies} cop{'ies' if copies != 1 else 'y'}",
    ]
    return " · ".join(parts)


def _correction_text(entry: PageEntry) -> str | None:
    fix = entry.correction
    if fix is None:
        return None
    return (
        f"Corrected by you on {fix.updated_at:%Y-%m-%d}: {fix.verdict} "
        f"(the monitor said {fix.verdict_was})"
    )


def _mute_text(page: StoryPageData) -> str | None:
    if page.mute is None:
        return None
    return (
        f"Muted: {page.mute.line()}. Its developments are listed here but not alerted "
        f"(`monitor unmute {page.id}`)."
    )


def render_markdown(page: StoryPageData) -> str:
    """The page in Markdown (GitHub flavour, as the Prefect UI shows artifacts)."""
    md = escape_markdown
    out = [f"# Story {page.id}: {md(page.title)}", "", md(_summary_line(page))]
    mute = _mute_text(page)
    if mute:
        out += ["", f"> **{md(mute)}**"]
    for item in _fold(page.entries):
        entry = item.entry
        label = KIND_LABEL.get(entry.kind, entry.kind)
        link = safe_url(entry.url)
        title = md(entry.title or "(no headline)")
        headline = f"[{title}]({link})" if link else title
        out += ["", f"## {_when(entry.at)} · {label}", ""]
        lang = f", {entry.language}" if entry.language else ""
        out.append(f"**{headline}**  ")
        out.append(f"{md(_outlet(entry))}{md(lang)} · article {entry.article_id}")
        if entry.new_facts:
            out.append("")
            out += [f"- {md(fact)}" for fact in entry.new_facts]
        fix = _correction_text(entry)
        if fix:
            out += ["", f"*{md(fix)}*"]
        if item.copies:
            out += ["", "Copies:", ""]
            for copy in item.copies:
                url = safe_url(copy.url)
                name = md(_outlet(copy))
                shown = f"[{name}]({url})" if url else name
                out.append(f"- {shown}, {_when(copy.at)} · article {copy.article_id}")
                fix = _correction_text(copy)
                if fix:
                    out.append(f"  *{md(fix)}*")
    out += [
        "",
        "---",
        "",
        md(
            f"Mute this story: monitor mute {page.id} --for 14d · correct a verdict: "
            "monitor correct ARTICLE --verdict known|development|new_story|duplicate|irrelevant"
        ),
        "",
    ]
    return "\n".join(out)


def render_html(page: StoryPageData) -> str:
    """The page as a standalone HTML document."""
    esc = html.escape
    body = [f"<h1>Story {page.id}: {esc(page.title)}</h1>", f"<p>{esc(_summary_line(page))}</p>"]
    mute = _mute_text(page)
    if mute:
        body.append(f'<p class="muted"><strong>{esc(mute)}</strong></p>')
    for item in _fold(page.entries):
        entry = item.entry
        label = KIND_LABEL.get(entry.kind, entry.kind)
        link = safe_url(entry.url)
        title = esc(entry.title or "(no headline)")
        headline = f'<a href="{esc(link, quote=True)}">{title}</a>' if link else title
        lang = f", {entry.language}" if entry.language else ""
        parts = [
            f'<section class="{esc(entry.kind)}">',
            f"<h2>{esc(_when(entry.at))} · {esc(label)}</h2>",
            f"<p><strong>{headline}</strong><br>{esc(_outlet(entry) + lang)}"
            f" · article {entry.article_id}</p>",
        ]
        if entry.new_facts:
            parts.append("<ul>" + "".join(f"<li>{esc(f)}</li>" for f in entry.new_facts) + "</ul>")
        fix = _correction_text(entry)
        if fix:
            parts.append(f'<p class="correction"><em>{esc(fix)}</em></p>')
        if item.copies:
            rows = []
            for copy in item.copies:
                url = safe_url(copy.url)
                name = esc(_outlet(copy))
                shown = f'<a href="{esc(url, quote=True)}">{name}</a>' if url else name
                line = f"{shown}, {esc(_when(copy.at))} · article {copy.article_id}"
                fix = _correction_text(copy)
                if fix:
                    line += f" <em>{esc(fix)}</em>"
                rows.append(f"<li>{line}</li>")
            parts.append("<p>Copies:</p><ul>" + "".join(rows) + "</ul>")
        parts.append("</section>")
        body.append("".join(parts))
    title = esc(f"Story {page.id}: {page.title}")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        "<style>body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.45}"
        "h2{font-size:1.05em;margin-top:1.6em}.muted{background:#fff4d6;padding:.5em}"
        ".correction{color:#8a3b00}</style></head><body>" + "\n".join(body) + "</body></html>\n"
    )


def render_text(page: StoryPageData) -> str:
    """The page as plain text for a terminal (`monitor story ID`)."""
    out = [f"Story {page.id} [{page.topic}]: {page.title}", f"  {_summary_line(page)}"]
    mute = _mute_text(page)
    if mute:
        out.append(f"  {mute}")
    for item in _fold(page.entries):
        entry = item.entry
        label = KIND_LABEL.get(entry.kind, entry.kind)
        out.append("")
        out.append(f"{_when(entry.at)}  {label} [{entry.kind}]: {entry.title} ({_outlet(entry)})")
        out.append(f"    article {entry.article_id}  {entry.url}")
        out += [f"    + {fact}" for fact in entry.new_facts]
        fix = _correction_text(entry)
        if fix:
            out.append(f"    {fix}")
        for copy in item.copies:
            out.append(f"    copy: {_outlet(copy)}, {_when(copy.at)}, article {copy.article_id}")
            fix = _correction_text(copy)
            if fix:
                out.append(f"      {fix}")
    return "\n".join(out) + "\n"
