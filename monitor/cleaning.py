"""Cleaning of trafilatura's XML body: news boilerplate that survives extraction (de, en)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from lxml.etree import _Element

from monitor.languages import GERMAN_MONTHS

# Block elements of trafilatura's XML body that we judge one by one.
_BLOCKS = frozenset({"p", "head", "quote", "list", "table", "code", "div"})
_WORD = re.compile(r"\w+")
# Separator lines ("___", "* * *") have word characters but no letter or digit.
_LETTER = re.compile(r"[^\W_]")
_PROSE_END = re.compile(r"[.!?…][\"'“”»«)]?\s*$")
_SENTENCE_END = re.compile(r"[.!?…:;\"'“”»«)]\s*$")

# Lines that name where a text or a picture comes from: kept as metadata, not as body.
CREDIT = re.compile(
    r"""^\s*[(\[]?\s*(?:
        (?:quellen?|source[sn]?|foto|fotos|bild|bilder|photo|photos|image|images|grafik
          |credits?|bildnachweis|fotonachweis|mitarbeit|mit\ material\ von|material\ von
          |text|redaktion|reporting|writing|editing|additional\ reporting)\s*:
      | (?:copyright|©|\(c\))\s
      | ©
      | (?:mit|unter\ verwendung\ von)\ material\ (?:von|der|aus)\b
      | (?:with|mit)\ (?:\w+\ ){0,3}(?:wires?|agencies|agenturen|agency)\b
      | reporting\ by\b
      | \w+(?:\ \w+){0,4}['’]s?\ \w+(?:\ \w+){0,3}\ contributed\ to\ this\ report
      | (?:write\ to|contact|e-?mail|kontakt)\b[^@]{0,80}@\S+\s*$
      | [\w.\ ]{0,60}\ contributed\ (?:reporting\ )?to\ this\ (?:report|story|article)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Captions end in a picture credit or an archive/symbol tag.
CAPTION_TAIL = re.compile(
    r"""(?:
        \((?:archiv|symbol|themen)bild\)
      | \((?:foto|bild|photo|image|credit|quelle|source)s?:?\s[^()]{1,80}\)
      | (?:foto|bild|photo|image|credit)s?:\s*[^.!?]{1,60}
      | \b(?:getty\ images|ap\ photo|afp\ via\ getty|reuters/[\w\ ]+|dpa/[\w\ ]+
        |imago(?:\ images)?|picture\ alliance(?:/[\w\ ]+)?|shutterstock)\b[^.!?]{0,40}
    )\s*[)\]|]?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# A teaser or cross-link line: a label, then (usually) another article's headline.
TEASER_LINE = re.compile(
    r"""^\s*[\[(]?\s*(?:
        read\ more|more\ reading|read\ also|also\ read|see\ also|related(?:\ articles?|\ stories
        |\ coverage|\ content)?
      | more|also|watch|listen|recommended|don['’]t\ miss|must\ read|top\ stories|explore\ further
      | (?:you|we\ think\ you)\ (?:may|might)\ also\ (?:like|enjoy)|more\ (?:from|on|about
        |stories)\b[^:]{0,40}
      | mehr\ zum\ thema|mehr\ zu\b[^:]{0,60}|lesen\ sie\ (?:auch|mehr|hier)|auch\ interessant
        |weiterlesen
      | zum\ thema|das\ könnte\ sie\ (?:auch\ )?interessieren|empfehlungen?\ der\ redaktion
      | meistgelesen|weitere\ (?:artikel|nachrichten|meldungen)|passend\ dazu|video
      | prev(?:ious)?(?:\ (?:article|story|post))?|next(?:\ (?:article|story|post))?
      | vorheriger\ artikel|nächster\ artikel|zurück|weiter
    )\s*(?::|\||»|›|>|–|—|\]|\))""",
    re.IGNORECASE | re.VERBOSE,
)
# Pager links to the previous and next article ("PREV Nissan schließt ..."): the label is
# written in capitals, which a sentence starting with "Next" is not.
PAGER_LINE = re.compile(r"^\s*(?:PREV|PREVIOUS|NEXT|ZURÜCK|WEITER|VORHERIGER|NÄCHSTER)\b\s*\S")
# Badges and navigation words that make a whole line on their own.
BADGE_LINE = re.compile(
    r"""^\s*(?:
        mit\ video|with\ video|video|audio|podcast|galerie|gallery|bildergalerie|photos?|fotos?
        |live|liveblog
      | prev(?:ious)?|next|zurück|weiter|vorheriger\ artikel|nächster\ artikel|previous\ article
        |next\ article
      | anzeige|advertisement|werbung|sponsored|ad|promoted
      | teilen|share|share\ this(?:\ article|\ story)?|artikel\ teilen|drucken|print|e-?mail
        |kommentare?|comments?
      | merken|bookmark|link\ kopieren|copy\ link|link\ kopiert|facebook|twitter|x|whatsapp
        |linkedin|pinterest|reddit|telegram|xing
      | mehr|more|mehr\ anzeigen|show\ more|load\ more|alle\ anzeigen|see\ all|view\ all
    )(?:\s*[|·•,/:]\s*(?:facebook|twitter|x|whatsapp|e-?mail|linkedin|pinterest|reddit
        |telegram|xing|drucken|print|teilen|share))*\s*[:.!]?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# Lines that open a list of teasers: everything short after them belongs to the list.
TEASER_SECTION = re.compile(
    r"""^\s*(?:
        mehr\ zu(?:m\ thema)?\b.{0,60}|mehr\ aus\b.{0,40}|mehr\ nachrichten\b.{0,40}
        |weitere\ (?:artikel|nachrichten|meldungen|themen)\b.{0,40}
      | das\ könnte\ sie\ (?:auch\ )?interessieren|auch\ interessant|lesen\ sie\ auch
        |empfehlungen?(?:\ der\ redaktion)?
      | meistgelesen|meist\ gelesen|top-?themen|beliebte\ artikel|ähnliche\ artikel
        |verwandte\ artikel|zum\ thema
      | related(?:\ articles?|\ stories|\ coverage|\ content|\ posts|\ news)?|more\ (?:from|on
        |about|in)\b.{0,40}|more\ stories|more\ news
      | you\ (?:may|might)\ also\ (?:like|enjoy|be\ interested\ in)|recommended(?:\ for\ you
        |\ stories|\ reading)?|read\ next
      | most\ (?:read|popular|viewed|shared)|trending(?:\ now|\ stories)?|top\ stories
        |latest\ (?:news|stories|headlines)|popular\ (?:now|stories)
      | don['’]t\ miss|editor['’]?s['’]?\ picks|what\ to\ read\ next|further\ reading
        |explore\ further|in\ case\ you\ missed\ it
    )\s*[:.]?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


# Page widgets that extraction or a feed can leave inside a line of text: photo-gallery and
# video-player controls, caption and credit prefixes, sign-up confirmations, "continue reading"
# breaks. A line or sentence holding one is furniture whatever else it says.
WIDGET = re.compile(
    r"""(?:
        ^\s*(?:image|photo|picture)\s+(?:copyright|caption)\b|\btoggle\ caption\b
      | ^\s*enlarge\ this\ image\b|^\s*(?:photos?|fotos?|bilder|video):\s+\S
      | ^\s*file\s*[-–—]\s*(?:in\ )?this\ .{0,60}\bphoto\b|^\s*\w+(?:\ \w+)?\s+-\s+contributor\b
      | ^\s*photograph(?:s|y)?\s*:
      | \bskip\ ad\b|\bautoplay\b.{0,40}\bclose\b|\bplay\ slideshow\b|\bview\ (?:photos|gallery)\b
      | \bskip\ in\ skip\b|\bembed\s+x\s+share\b
      | \bcontinue\ reading\ the\ main\ story\b|\bread\ or\ share\ this\ story\b
      | \bthanks?\ (?:you\ )?for\ (?:subscribing|signing\ up)\b|\byou\ agree\ to\ receive\b
      | \bdanke\ für\ (?:ihre\ anmeldung|ihr\ interesse)\b
      | ^\s*(?:e-?mail|write\ to|contact)\ us\ at\b|\bfollow\ .{1,40}\ on\ (?:twitter|x|instagram
        |facebook|threads|bluesky)\s*:?\s*@
      | ^\s*related\ (?:stories|articles|coverage)\s+\S
      | \bhide\ caption\b|\bmedia\ playback\ is\ (?:unsupported|not\ supported)\b
      | ^\s*media\ caption\b|\b(?:read\ more|mehr\ lesen|weiterlesen)\s*[.›»>]?\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Every alternative of WIDGET holds one of these (lowercase): a line without any is not searched
# (the pattern's many word boundaries make it costly, and it runs on every line and sentence)
_WIDGET_HINTS = (
    "caption", "copyright", "enlarge", "photo", "foto", "bilder", "video", "contributor", "skip",
    "autoplay", "slideshow", "view ", "embed", "continue reading", "share this story",
    "for subscribing", "for signing up", "agree to receive", "danke für", " us at", "follow",
    "related", "media playback", "read more", "mehr lesen", "weiterlesen",
)  # fmt: skip


def is_widget(text: str) -> bool:
    """A line or sentence holding a page widget (see WIDGET)."""
    lowered = text.lower()
    return any(h in lowered for h in _WIDGET_HINTS) and WIDGET.search(text) is not None


class Phrases:
    """A case-insensitive pattern of phrases with a cheap first pass.

    A ``\\b`` in front of an alternation turns off the regex engine's scan for a first
    character, which made these patterns the slowest part of extraction; so lowered text is
    searched first without word boundaries, and only a hit is checked with them.
    """

    def __init__(self, pattern: str) -> None:
        self.exact = re.compile(pattern, re.IGNORECASE | re.VERBOSE)
        self.rough = re.compile(pattern.replace(r"\b", ""), re.VERBOSE)

    def search(self, text: str) -> re.Match[str] | None:
        if self.rough.search(text.lower()) is None:
            return None
        return self.exact.search(text)


# Calls to act: subscribe, follow, share, donate, newsletters and apps. Judged only on short blocks.
PROMO = Phrases(
    r"""(?:
        \bnewsletter|\bsubscribe\b|\bsubscription\b|\bsign\ up\b|\bsign\ in\b|\blog\ ?in\b
        |\bregister\ (?:now|for\ free|here)
      | \babonnier|\babonnement|\babo\b|\bjetzt\ (?:anmelden|registrieren|testen|lesen
        |weiterlesen|abonnieren|bestellen)
      | whatsapp-?(?:kanal|channel)|push-?(?:mitteilung|nachricht|benachrichtigung)
        |\bunsere[rn]?\ app\b|\bour\ app\b
      | \bfolgen\ sie\ uns|\bfollow\ (?:us|@|\w+\ on\ (?:twitter|facebook|instagram|x)\b)
        |\blike\ us\ on\b
      | \bclick\ here\b|\bhier\ klicken\b|\btap\ here\b|\bdownload\ (?:the|our)\ app
      | \bshare\ (?:this|on)\b|^\s*share\ via\b|\bteilen\ sie\b|\bartikel\ teilen\b
        |\bdrucken\b|\bprint\ this\b
      | ^\s*teilen\ (?:auf|bei|via|per|über)\ (?:facebook|x|twitter|whatsapp|linkedin|threads
        |bluesky|mastodon|e-?mail)\b|^\s*(?:auf\ |per\ |via\ )?(?:facebook|x|twitter|whatsapp
        |linkedin|e-?mail)\ (?:teilen|versenden|senden|verschicken)\b
        |^\s*send\ (?:by|via)\ e-?mail\b|^\s*e-?mail\ this\b
      | \bsupport\ (?:our|independent)\ journalism|\bunterstützen\ sie\ (?:uns|unabhängigen)
        |\bdonate\b|\bspenden\ sie\b
      | \bhave\ a\ (?:news\ )?tip\b|\bsend\ us\ a\ tip|\bhinweis\ an\ die\ redaktion
      | \bauf\ dem\ laufenden\b|\bstay\ (?:informed|up\ to\ date|in\ the\ know)
        |\bdelivered\ (?:to|straight\ to)\ your\ inbox
      | \binbox\b|\bpostfach\b|\bmelden\ sie\ sich\b|\bjoin\ (?:us|our|now|the\ conversation)\b
      | \ball\ rights\ reserved\b|\balle\ rechte\ vorbehalten\b|\bnon-commercial\ use\b
        |\breprints?\b
      | \bcookies?\b|\bdatenschutz(?:erklärung|einstellungen)?\b|\bprivacy\ (?:policy
        |settings)\b|\bterms\ of\ (?:use|service)\b
      | \bour\ standards\b|\btrust\ principles\b|\bwerbefrei|\bad-?free\b
    )"""
)
# Calls to act that name the publication's own channels: enough to judge a longer block.
STRONG_PROMO = Phrases(
    r"""(?:
        \b(?:our|unser\w*|the\ \w+(?:\ \w+)?|free|daily|weekly|kostenlos\w*)\ newsletter
        |newsletter\ (?:abonnieren|bestellen|anmelden)
      | \bnewsletter\b.{0,80}\b(?:inbox|postfach|anmeld\w*|sign\ up|subscribe|abonnier\w*)
        |(?:inbox|postfach|anmeld\w*|sign\ up|subscribe|abonnier\w*)\b.{0,80}\bnewsletter
      | whatsapp-?(?:kanal|channel)|telegram-?(?:kanal|channel)|push-?(?:mitteilung|nachricht
        |benachrichtigung)
      | \b(?:subscribe|sign\ up|register)\ (?:now|today|here|for\ free|to\ (?:our|the)\ \w+)
        |\bjetzt\ (?:abonnieren|anmelden|registrieren|testen)
      | \bfolgen\ sie\ uns|\bfollow\ us\b|\blike\ us\ on\b|\bjoin\ (?:us|our)\b
      | \bclick\ here\ to\ (?:subscribe|sign|join|follow|download\ our|get\ our|register)
        |\bhier\ klicken
      | \bsupport\ (?:our|independent)\ journalism|\bunterstützen\ sie\ (?:uns|unabhängigen|unsere)
      | \bhave\ a\ (?:news\ )?tip\b|\bsend\ us\ a\ tip|\bauf\ dem\ laufenden\ bleiben\b
        |\bdelivered\ (?:to|straight\ to)\ your\ inbox
      | \bif\ you\ (?:enjoyed|liked|value)\ this\ (?:article|story|piece)
        |\bthis\ copy\ is\ for\ your\ personal
    )"""
)
# The second person: promos speak to the reader, news paragraphs rarely do.
ADDRESS = re.compile(
    r"\b(?:you|your|you['’]re|sie|ihr|ihre[nmrs]?|ihnen|dich|dein\w*|unser\w*|our|us|we)\b"
    r"|[!]|\bhier\b|\bhere\b|@"
    # an imperative addresses the reader as well
    r"|^\s*(?:subscribe|sign\ up|join|follow|support|donate|abonnier\w*|registrier\w*|jetzt)\b",
    re.IGNORECASE,
)
# Byline and dateline fragments: a line made only of these is metadata.
_META_WORDS = (
    frozenset(
        [
            "by",
            "von",
            "and",
            "und",
            "with",
            "mit",
            "from",
            "aus",
            "updated",
            "published",
            "posted",
            "aktualisiert",
            "veröffentlicht",
            "gepostet",
            "erstellt",
            "stand",
            "am",
            "um",
            "on",
            "at",
            "uhr",
            "min",
            "mins",
            "minutes",
            "minuten",
            "read",
            "lesezeit",
            "lesedauer",
            "ago",
            "vor",
            "today",
            "heute",
            "gestern",
            "yesterday",
            "am",
            "pm",
            "est",
            "edt",
            "pst",
            "pdt",
            "gmt",
            "utc",
            "cet",
            "cest",
            "mez",
            "mesz",
            "bst",
            "jan",
            "feb",
            "mar",
            "apr",
            "may",
            "jun",
            "jul",
            "aug",
            "sep",
            "sept",
            "oct",
            "nov",
            "dec",
            "january",
            "february",
            "march",
            "june",
            "july",
            "october",
            "december",
            "mo",
            "di",
            "mi",
            "do",
            "fr",
            "sa",
            "so",
            "mon",
            "tue",
            "wed",
            "thu",
            "fri",
            "sat",
            "sun",
            "montag",
            "dienstag",
            "mittwoch",
            "donnerstag",
            "freitag",
            "samstag",
            "sonntag",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "autor",
            "author",
            "redakteur",
            "reporter",
            "korrespondent",
            "correspondent",
            "staff",
            "writer",
            "editor",
        ]
    )
    | GERMAN_MONTHS
)
_DATE_OR_TIME = re.compile(
    r"\b\d{1,2}[:.]\d{2}\s*(?:uhr|am|pm|a\.m\.|p\.m\.)?"
    r"|\b\d{1,2}[./]\s?\d{1,2}[./]\s?\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mär|mai|okt|dez)[a-zä]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mär|mai|okt|dez)[a-zä]*\b"
    r"|\b\d+\s+(?:min|mins|minutes|minuten|hours|stunden)\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^\s*(?:by|von|text\s*:|written\s+by|author\s*:|autor(?:in)?\s*:)\s+\S", re.IGNORECASE
)
_PAYWALL = Phrases(
    r"""(?:
        subscribe\ (?:now\ )?to\ (?:continue|keep)\ reading
        |to\ continue\ reading,?\ (?:please\ )?(?:subscribe|log\ ?in|sign\ in)
      | this\ (?:article|content|story)\ is\ (?:only\ )?(?:available|reserved|exclusive)\ (?:to
        |for)\ (?:subscribers|members|premium)
      | already\ a\ subscriber|you['’]ve\ reached\ your\ (?:free\ )?(?:article\ )?limit
        |for\ subscribers\ only|subscriber-only
      | (?:dieser|der)\ (?:artikel|beitrag|inhalt)\ ist\ (?:nur\ )?(?:für
        |exklusiv\ für)\ (?:abonnenten|abonnentinnen|abonnent|plus-?|digital-?|z\+|f\+|spiegel\+)
      | (?:jetzt|gleich)\ weiterlesen\ mit|weiterlesen\ mit\ (?:\w+\+|\w+\ plus)
        |exklusiv\ für\ abonnenten|nur\ für\ abonnenten
      | sie\ sind\ bereits\ abonnent|bereits\ abonniert|um\ (?:diesen
        |den\ ganzen)\ artikel\ (?:weiter\ )?zu\ lesen
      | lesen\ sie\ (?:jetzt\ )?(?:mit|weiter\ mit)\ \w+\+?
    )"""
)
_CONSENT = re.compile(
    r"\b(?:cookies?|consent|einwilligung|zustimm\w*|akzeptier\w*|accept\w*|datenschutz\w*|privacy|"
    r"tracking|partner\w*|werbung|personalisiert\w*|personali[sz]ed|einstellungen|settings|ablehnen|reject|"
    r"verarbeitung|processing|daten|data|speicher\w*|store|zwecke|purposes|anbieter\w*|vendors?)\b",
    re.IGNORECASE,
)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=64)
def word_count(text: str) -> int:
    """len(words(text)); the line tests below each ask it of the same line or sentence."""
    return len(_WORD.findall(text))


def normalise_line(text: str) -> str:
    """A comparison key: case, accents' forms, spacing and digits do not matter."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"\d+", "0", text)
    return " ".join(_WORD.findall(text))


def element_text(element: _Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _link_text_share(element: _Element) -> float:
    total = len(element_text(element))
    if not total:
        return 0.0
    linked = sum(len(element_text(ref)) for ref in element.iter("ref"))
    return min(1.0, linked / total)


def is_credit(text: str) -> bool:
    return word_count(text) <= 16 and CREDIT.match(text) is not None


def is_caption(text: str) -> bool:
    # the credit sits at the end; searching only there keeps the anchored-at-end search cheap
    return word_count(text) <= 45 and CAPTION_TAIL.search(text[-160:]) is not None


# what separates the buttons of a share or navigation bar
_BAR_SEPARATOR = re.compile(r"\s[|·•]\s")


def is_promo(text: str) -> bool:
    """A call to act (subscribe, follow, share, newsletter, legal small print) rather than news."""
    n = word_count(text)
    if n > 70:
        return False
    if n <= 8:
        # a short line with a promo word is a button or a label
        return PROMO.search(text) is not None
    # ... and so is a bar of them ('Teilen auf Facebook | Teilen auf X | Per E-Mail teilen')
    buttons = [b for b in _BAR_SEPARATOR.split(text) if b.strip()]
    if len(buttons) >= 2 and all(
        word_count(b) <= 8 and (PROMO.search(b) is not None or BADGE_LINE.match(b) is not None)
        for b in buttons
    ):
        return True
    # a longer one must be about the publication itself and speak to its reader
    return STRONG_PROMO.search(text) is not None and ADDRESS.search(text) is not None


def is_teaser(text: str) -> bool:
    return word_count(text) <= 30 and (
        TEASER_LINE.match(text) is not None
        or BADGE_LINE.match(text) is not None
        or PAGER_LINE.match(text) is not None
    )


def is_dateline(text: str) -> bool:
    """A byline or timestamp line ("Von Anna Beck", "Updated 5:45 AM 11/19/2019 by ...")."""
    if not 0 < word_count(text) <= 14:
        return False
    tokens = words(text)
    if _BYLINE.match(text) and len(tokens) <= 8 and _names_only(text):
        return True
    rest = [t for t in tokens if not t.isdigit() and t.casefold() not in _META_WORDS]
    if len(rest) > 3 or len(rest) >= len(tokens) / 2:
        return False
    return _DATE_OR_TIME.search(text) is not None


_NAME_JOINERS = frozenset(
    [
        "und",
        "and",
        "mit",
        "with",
        "von",
        "van",
        "de",
        "der",
        "den",
        "la",
        "le",
        "du",
        "di",
        "da",
        "bin",
        "al",
        "zu",
    ]
)


def _names_only(byline: str) -> bool:
    """After "Von"/"By": only capitalised names and their joiners ("Von Montag an gilt ..." is
    a sentence, "Von Anna Beck und Jonas Keller, Hamburg" a byline)."""
    tokens = _WORD.findall(byline)[1:]
    if tokens and tokens[0].casefold() in ("by", "text", "written", "author", "autor", "autorin"):
        tokens = tokens[1:]
    return bool(tokens) and all(
        token[0].isupper() or token.casefold() in _NAME_JOINERS for token in tokens
    )


def is_paywall(text: str) -> bool:
    return _PAYWALL.search(text) is not None


def consent_share(text: str) -> float:
    """Share of words that belong to the vocabulary of cookie and consent banners."""
    tokens = words(text)
    if not tokens:
        return 0.0
    return len(_CONSENT.findall(text)) / len(tokens)


def _ends_teaser_section(element: _Element, text: str) -> bool:
    """Teasers are headlines (no full stop) and links; a sentence of prose ends their section."""
    return (
        element.tag in ("p", "quote", "list", "table")
        and len(words(text)) >= 12
        and _PROSE_END.search(text) is not None
        and _link_text_share(element) < 0.5
    )


def _is_long_paragraph(element: _Element, text: str) -> bool:
    return element.tag == "p" and len(words(text)) >= 25 and _SENTENCE_END.search(text) is not None


@dataclass(slots=True)
class Cleaning:
    """What cleaning removed from a body, by kind, and the credit lines it kept as metadata."""

    credits: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    removed: dict[str, list[str]] = field(default_factory=dict)

    def drop(self, element: _Element, kind: str, text: str) -> None:
        self.removed.setdefault(kind, []).append(text)
        _remove(element)


def _remove(element: _Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    # keep the tail: lxml would drop it together with the element
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _blocks(body: _Element) -> list[_Element]:
    return [
        child for child in body if isinstance(child.tag, str) and child.tag in _BLOCKS | {"graphic"}
    ]


# the most words any line test below reads as furniture (is_widget's; a subheading aside)
LONGEST_FURNITURE = 80


def _judge_line(text: str, tag: str = "p") -> str | None:
    """The kind of boilerplate a single short line is, or None for article text."""
    if not _LETTER.search(text):
        return "empty"
    if tag != "head" and word_count(text) > LONGEST_FURNITURE:
        return None  # none of the tests below takes a line this long (a paragraph)
    if is_credit(text):
        return "credit"
    if word_count(text) <= LONGEST_FURNITURE and is_widget(text):
        return "widget"
    if is_teaser(text):
        return "teaser"
    # a subheading that mentions cookies or subscriptions is news about them, unless it is
    # a mere label ("Newsletter") or a call to act
    if tag != "head" or word_count(text) <= 2:
        if is_promo(text):
            return "promo"
    elif STRONG_PROMO.search(text) is not None:
        return "promo"
    if is_caption(text):
        return "caption"
    if is_dateline(text):
        return "dateline"
    return None


# An agency tag standing alone: "(dpa)", "(AP)", "(dpa/AFP)", "(AFP/Reuters)".
_AGENCY_TAG = re.compile(r"^\s*\((?:[A-Za-zÄÖÜäöü-]{2,12}(?:\s*/\s*)?){1,4}\)\s*$")


# analyse() asks it of an article's lines, then of their sentences: a one-sentence line is
# the same string twice
@lru_cache(maxsize=256)
def furniture(line: str) -> str | None:
    """The kind of page furniture a line of article text is (credit, teaser, share line,
    byline, caption, agency tag), or None for a line of the article itself. For text that did
    not come through extraction (replay, feeds), so it is never mistaken for news."""
    if _AGENCY_TAG.match(line):
        return "credit"
    kind = _judge_line(line)
    return None if kind == "empty" else kind


def clean_body(body: _Element, *, title: str | None = None) -> Cleaning:
    """Remove boilerplate blocks from trafilatura's XML body in place; return what went where.

    Rules, each general to news sites rather than fitted to any one page:
    credit lines ("Quelle: dpa", "Foto: ...") become metadata; teaser labels, badges, promos,
    captions, bylines and empty separators go; a teaser section heading ("Mehr zu ...",
    "Related stories") takes the short blocks after it along; lists made of links go;
    a block repeating the headline or an earlier block goes.
    """
    result = Cleaning()
    title_key = normalise_line(title) if title else ""
    seen: set[str] = set()
    in_teaser_section = False
    for element in _blocks(body):
        text = element_text(element)
        key = normalise_line(text)
        n_words = len(words(text))
        if element.tag == "graphic":
            result.drop(element, "graphic", text)
            continue
        if in_teaser_section:
            if _ends_teaser_section(element, text):
                in_teaser_section = False
            else:
                result.drop(element, "teaser", text)
                continue
        if not key or not _LETTER.search(text):
            result.drop(element, "empty", text)
            continue
        if title_key and key == title_key:
            result.drop(element, "repeated", text)
            continue
        if element.tag == "list":
            if _drop_list(element, result):
                continue
            text = element_text(element)
            key = normalise_line(text)
        elif n_words <= 70:
            if TEASER_SECTION.match(text) and element.tag in ("head", "p"):
                in_teaser_section = True
                result.drop(element, "teaser", text)
                continue
            kind = _judge_line(text, element.tag) if element.tag != "table" else None
            if kind == "credit":
                result.credits.append(text.strip(" ()[]"))
                result.drop(element, kind, text)
                continue
            if kind == "dateline" and _BYLINE.match(text):
                result.bylines.append(text)
            if kind is not None:
                result.drop(element, kind, text)
                continue
            if (
                n_words <= 20
                and _link_text_share(element) >= 0.9
                and not _SENTENCE_END.search(text)
            ):
                result.drop(element, "link", text)
                continue
        seen.add(key)
    _trim_tail(body, result)
    return result


def _drop_list(element: _Element, result: Cleaning) -> bool:
    """Drop a list of links (navigation, related articles) or its junk items; True if gone."""
    items = [item for item in element if item.tag == "item"]
    if not items:
        return False
    texts = [element_text(item) for item in items]
    linked = [_link_text_share(item) >= 0.8 for item in items]
    if len(items) >= 2 and sum(linked) >= 0.8 * len(items):
        result.drop(element, "link list", element_text(element))
        return True
    for item, text in zip(items, texts, strict=True):
        kind = _judge_line(text)
        if kind is not None:
            if kind == "credit":
                result.credits.append(text)
            result.drop(item, kind, text)
    if not any(child.tag == "item" for child in element):
        _remove(element)
        return True
    return False


def _trim_tail(body: _Element, result: Cleaning) -> None:
    """Short headline-like blocks after the last paragraph are teasers of other articles."""
    blocks = _blocks(body)
    if not any(_is_long_paragraph(b, element_text(b)) for b in blocks):
        return
    for element in reversed(blocks):
        text = element_text(element)
        if _is_long_paragraph(element, text) or element.tag in ("table", "quote", "list", "code"):
            return
        n = len(words(text))
        if n <= 15 and not _SENTENCE_END.search(text) and _link_text_share(element) >= 0.5:
            result.drop(element, "teaser", text)
            continue
        return
