"""What an alert says and how it survives hostile article text, in every channel style and size."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import markdown
import pytest

from monitor.alerts import Limits, Style, redact, render, scrub
from monitor.alerts.outbox import gist
from tests.test_alerts_kit import DEV_FACTS, DEV_HEADLINE, FIRST_HEADLINE, T0

NOW = T0 + timedelta(days=3, hours=2)


def development(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "kind": "development",
        "topic": "russia-north-korea",
        "topic_title": "Russland–Nordkorea",
        "headline": DEV_HEADLINE,
        "gist": "Der Föderationsrat hat den Vertrag gebilligt.",
        "url": "https://balticwire.example/2024/11/06/federation-council-treaty",
        "outlet": "Baltic Wire",
        "published": (T0 + timedelta(days=3)).isoformat(),
        "new_facts": list(DEV_FACTS),
        "outlets": [
            {"name": "Baltic Wire", "url": "https://balticwire.example/2024/11/06/fc"},
            {"name": "Donau Kurier", "url": "https://donaukurier.example/a?x=1&y=2"},
        ],
        "story": {"id": 7, "title": FIRST_HEADLINE, "started": T0.isoformat()},
        "command": "monitor story 7",
    }
    payload.update(changes)
    return payload


def new_story(**changes: Any) -> dict[str, Any]:
    payload = development(kind="new_story", headline=FIRST_HEADLINE, new_facts=[], outlets=[])
    payload["gist"] = "Putin und Kim haben in Pjöngjang ein Abkommen unterzeichnet."
    payload["url"] = "https://rundschau.example/politik/1.html"
    payload["outlet"] = "Rheinische Rundschau"
    payload["published"] = T0.isoformat()
    payload.update(changes)
    return payload


class Links(HTMLParser):
    """Every link target and every tag of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]


def links_of(html_text: str) -> Links:
    parser = Links()
    parser.feed(html_text)
    return parser


def md_links(markdown_text: str) -> Links:
    """Render Markdown as a chat client would and collect the links it made."""
    return links_of(markdown.markdown(markdown_text))


# --------------------------------------------------------------------------------- content


def test_new_story_chat_alert_has_headline_gist_source_link_and_local_time() -> None:
    message = render(new_story(), Style.MARKDOWN, timezone="Europe/Berlin", now=T0)
    assert message.title == f"[Russland–Nordkorea] New story: {FIRST_HEADLINE}"
    assert "Pjöngjang" in message.body
    assert (
        "[Read at Rheinische Rundschau](https://rundschau.example/politik/1.html)" in message.body
    )
    assert "19 Jun 2024, 08:00 CEST" in message.body  # 06:00 UTC shown in the topic's time zone
    assert "`monitor story 7`" in message.body


def test_development_says_which_story_it_continues_what_is_new_and_where() -> None:
    message = render(development(), Style.MARKDOWN, timezone="Europe/Berlin", now=NOW)
    body = message.body
    assert message.title.startswith("[Russland–Nordkorea] Update: Föderationsrat billigt")
    assert f"Continues the story “{FIRST_HEADLINE}”, first reported 3 days ago" in body
    for fact in DEV_FACTS:
        assert f"• {fact}" in body
    assert md_links(body).hrefs == [
        "https://balticwire.example/2024/11/06/fc",
        "https://donaukurier.example/a?x=1&y=2",
    ]
    assert "`monitor story 7`" in body


def test_german_umlauts_and_dashes_stay_intact_in_every_style() -> None:
    for style in Style:
        message = render(development(), style, now=NOW)
        assert "Föderationsrat billigt Vertrag mit Nordkorea – Beistandspflicht rückt näher" in (
            message.title
        )
        assert "Präsidenten" in message.body


def test_email_is_an_html_document_whose_links_also_show_their_address() -> None:
    body = render(development(), Style.EMAIL, now=NOW).body
    assert body.startswith("<!DOCTYPE html>")
    found = links_of(body)
    assert "https://donaukurier.example/a?x=1&y=2" in found.hrefs
    # the address is in the text too, so the plain-text alternative keeps it
    assert "https://donaukurier.example/a?x=1&amp;y=2</span>" in body


def test_plain_text_lists_sources_with_their_addresses() -> None:
    body = render(development(), Style.TEXT, now=NOW).body
    assert "• Donau Kurier: https://donaukurier.example/a?x=1&y=2" in body


def test_digest_groups_alerts_by_story() -> None:
    items = [
        {**new_story(), "alert_id": 1},
        {**development(), "alert_id": 2},
        {
            **new_story(headline="Nordkoreanische Soldaten in Kursk gesichtet"),
            "story": {"id": 9, "title": "Nordkoreanische Soldaten in Kursk gesichtet"},
            "alert_id": 3,
        },
    ]
    payload = {
        "kind": "digest",
        "topic_title": "Russland–Nordkorea",
        "reason": "cap",
        "items": items,
    }
    message = render(payload, Style.MARKDOWN, now=NOW)
    assert message.title == "[Russland–Nordkorea] More news: 3 alerts"
    assert "3 alerts about 2 stories" in message.body
    treaty = message.body.index(f"**{FIRST_HEADLINE}**")
    kursk = message.body.index("**Nordkoreanische Soldaten in Kursk gesichtet**")
    update = message.body.index("Update: [Föderationsrat")
    assert treaty < update < kursk


# ------------------------------------------------------------------------------- injection

HOSTILE = (
    "**Eilmeldung** [hier klicken](https://evil.example/x) <script>alert(1)</script> "
    '<a href="https://evil.example/y">Link</a> # Titel\n\n- Liste @everyone `code` &amp; _kursiv_'
)


def test_markdown_in_a_headline_stays_literal_text() -> None:
    message = render(development(headline=HOSTILE, new_facts=[HOSTILE]), Style.MARKDOWN, now=NOW)
    html_out = markdown.markdown(message.body)
    found = links_of(html_out)
    assert not [h for h in found.hrefs if "evil.example" in h]
    assert "script" not in found.tags
    assert "strong" in found.tags  # our own bold headline...
    # ...but the headline's ** did not make more of it: one <strong> per bold of ours
    assert html_out.count("<strong>") == 3  # headline, "What is new", "Sources"
    assert "em" not in found.tags
    assert "code" in found.tags and html_out.count("<code>") == 1  # only the timeline command
    assert "h1" not in found.tags
    assert "@everyone" not in message.body  # no channel-wide ping


def test_html_in_a_headline_is_escaped_in_email_and_chat_html() -> None:
    for style in (Style.EMAIL, Style.HTML):
        body = render(development(headline=HOSTILE, new_facts=[HOSTILE]), style, now=NOW).body
        found = links_of(body)
        assert "script" not in found.tags
        assert not [h for h in found.hrefs if "evil.example" in h]
        assert "&lt;script&gt;" in body


def test_a_link_that_is_not_http_is_shown_as_text_not_linked() -> None:
    payload = new_story(url="javascript:alert(1)")
    for style in (Style.MARKDOWN, Style.EMAIL):
        body = render(payload, style, now=T0).body
        hrefs = md_links(body).hrefs if style is Style.MARKDOWN else links_of(body).hrefs
        assert not [h for h in hrefs if h.startswith("javascript")]


def test_a_parenthesis_in_a_url_can_not_end_the_markdown_link_early() -> None:
    payload = new_story(url="https://rundschau.example/a_(b)?q=1)](https://evil.example")
    body = render(payload, Style.MARKDOWN, now=T0).body
    hrefs = md_links(body).hrefs
    assert len(hrefs) == 1
    assert hrefs[0].startswith("https://rundschau.example/a_%28b%29")


def test_control_characters_and_bidi_overrides_are_removed() -> None:
    headline = "Nordkorea\u202e gnuhcstuD\u0007 schickt\r\nTruppen"
    message = render(new_story(headline=headline), Style.TEXT, now=T0)
    assert "Nordkorea gnuhcstuD schickt Truppen" in message.title
    assert "\u202e" not in message.body and "\u0007" not in message.body


# ----------------------------------------------------------------------------- size limits

CHANNELS = {
    "discord": Limits(title_maxlen=250, body_maxlen=2000),
    "telegram (no title)": Limits(title_maxlen=0, body_maxlen=4096),
    "mqtt": Limits(title_maxlen=0, body_maxlen=268435455),
    "ntfy": Limits(title_maxlen=200, body_maxlen=7800),
    "tiny": Limits(title_maxlen=60, body_maxlen=700),
}


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("style", list(Style))
def test_a_huge_alert_fits_every_channel(channel: str, style: Style) -> None:
    limits = CHANNELS[channel]
    payload = development(
        headline="Nordkorea " * 10_000,  # 100 kB
        new_facts=[f"Fakt {i}: " + "Wörter " * 200 for i in range(40)],
        outlets=[{"name": f"Outlet {i}", "url": f"https://o{i}.example/a"} for i in range(60)],
        gist="Lang " * 2000,
    )
    message = render(payload, style, limits=limits, now=NOW)
    assert len(message.title) <= max(limits.title_maxlen, 0)
    assert len(message.body) <= limits.body_maxlen
    assert "Nordkorea" in (message.title or message.body)
    if limits.body_maxlen < 100_000:
        assert "more" in message.body  # dropped facts or outlets are counted, not silently lost
    if style is Style.MARKDOWN:
        markdown.markdown(message.body)  # still valid
    if style is Style.EMAIL:
        assert message.body.endswith("</body></html>")


def test_a_channel_without_title_gets_the_title_escaped_inside_the_body() -> None:
    limits = Limits(title_maxlen=0, body_maxlen=4096)
    message = render(development(headline="<b>fett</b>"), Style.HTML, limits=limits, now=NOW)
    assert message.title == ""
    assert message.body.startswith("<b>[Russland–Nordkorea] Update: &lt;b&gt;fett&lt;/b&gt;</b>")
    assert message.body.count("fett") == 1  # the headline is not repeated under its title line


# ------------------------------------------------------------------------------- secrets


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/987654321", "tgram://***"),
        ("mailtos://anna:s3cr3t-Passwort@mail.example.org?to=a@b.de", "mailtos://mail.example.org"),
        ("json://user:pw@127.0.0.1:8080/hook?token=abc", "json://127.0.0.1"),
        ("slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#general", "slack://***"),
        ("discord://4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js", "discord://***"),
        ("not a url", "<unparseable URL>"),
    ],
)
def test_redact_keeps_scheme_and_host_only(url: str, shown: str) -> None:
    assert redact(url) == shown


def test_scrub_masks_urls_and_their_secret_parts_in_error_text() -> None:
    url = "mailtos://anna:s3cr3t-Passwort@mail.example.org?to=a@b.de"
    text = f"login failed for anna with s3cr3t-Passwort while sending via {url}"
    cleaned = scrub(text, [url])
    assert "s3cr3t" not in cleaned
    assert "Passwort" not in cleaned


def test_gist_is_the_first_sentence_that_is_not_the_headline() -> None:
    text = f"{FIRST_HEADLINE}\nIn Pjöngjang unterzeichneten beide ein Abkommen. Mehr dazu."
    assert gist(text, FIRST_HEADLINE) == ("In Pjöngjang unterzeichneten beide ein Abkommen.")
    assert len(gist("Wort " * 500, "x")) <= 240
