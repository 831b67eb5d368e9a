"""Text as the story memory sees it: normalising, sentences, tokens, lemmas, names, numbers, shingles.

Pure functions over strings (German and English); nothing here knows about topics or storage.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import simplemma

from monitor.languages import GERMAN_MONTHS, STOPWORDS, stopword_counts, word_list, word_pairs

# ------------------------------------------------------------------------------ normalising

_QUOTES = str.maketrans(
    {
        "„": '"',
        "“": '"',
        "”": '"',
        "»": '"',
        "«": '"',
        "‚": "'",
        "‘": "'",
        "’": "'",
        "›": "'",
        "‹": "'",
        "–": "-",
        "—": "-",
        "‐": "-",
        "\u00ad": "",  # soft hyphen: invisible, but splits words for a tokenizer
        "\u200b": "",
    }
)
_SPACE = re.compile(r"[ \t\u00a0\u2009\u202f]+")


def normalize(text: str) -> str:
    """NFKC, plain quotes and dashes, one space between words, paragraphs kept as single newlines."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    lines = (_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


_NON_WORD = re.compile(r"[\W_]+")


def content_hash(text: str) -> str:
    """Content identity of a text: equal for copies that differ only in case, spacing, punctuation."""
    flat = _NON_WORD.sub(" ", normalize(text).casefold()).strip()
    return hashlib.sha256(flat.encode("utf-8")).hexdigest()


def stable_hash64(value: str) -> int:
    """A signed 63-bit hash that is the same in every process (Python's hash() is salted)."""
    digest = hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


# ------------------------------------------------------------------------------- tokens

# a dotted acronym (U.S., U.N., E.U.) is one token, read without its dots (US, UN, EU)
_TOKEN = re.compile(r"(?:[A-ZÄÖÜ]\.){2,}|\d+(?:[.,:]\d+)*%?|[^\W\d_]+", re.UNICODE)
_THOUSANDS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")


def tokenize(text: str) -> list[str]:
    """Words and numbers in order; hyphens and apostrophes split words ("Kim Jong-un" -> 3)."""
    return [t.replace(".", "") if t[-1] == "." else t for t in _TOKEN.findall(text)]


def normalize_number(token: str) -> str:
    """'1.000' (de) and '1,000' (en) -> '1000'; '2,5', '2.5' and '2,50' -> '2.5'; times keep
    their colon."""
    token = token.rstrip("%")
    if _THOUSANDS.match(token):
        return re.sub(r"[.,]", "", token)
    token = token.replace(",", ".")
    if token.count(".") == 1:
        token = token.rstrip("0").rstrip(".")
    return token


# Counts written as words, in both languages, read as the number ("vier Wochen", "four weeks");
# 'one'/'ein' and 'two'/'zwei' are left out: they are articles, pronouns and 'both' ('the two
# countries' for 'beide Staaten') far more often than counts.
NUMBER_WORDS = {
    **dict.fromkeys(["three", "drei"], "3"),
    **dict.fromkeys(["four", "vier"], "4"),
    **dict.fromkeys(["five", "fünf"], "5"),
    **dict.fromkeys(["six", "sechs"], "6"),
    **dict.fromkeys(["seven", "sieben"], "7"),
    **dict.fromkeys(["eight", "acht"], "8"),
    **dict.fromkeys(["nine", "neun"], "9"),
    **dict.fromkeys(["ten", "zehn"], "10"),
    **dict.fromkeys(["eleven", "elf"], "11"),
    **dict.fromkeys(["twelve", "zwölf"], "12"),
    **dict.fromkeys(["twenty", "zwanzig"], "20"),
    **dict.fromkeys(["hundred", "hundert"], "100"),
    **dict.fromkeys(["thousand", "tausend"], "1000"),
}


# a count and its scale word are one number: '4 million' (not the four of 'four hospitals'),
# '2,5 Milliarden', 'zwei Millionen'; an English billion is a German Milliarde, a German
# Billion a thousand of them
_SCALES = {
    "en": {"million": 10**6, "millions": 10**6, "mln": 10**6, "billion": 10**9, "bn": 10**9,
           "trillion": 10**12},
    "de": {"million": 10**6, "millionen": 10**6, "mio": 10**6, "milliarde": 10**9,
           "milliarden": 10**9, "mrd": 10**9, "billion": 10**12, "billionen": 10**12},
}  # fmt: skip
_SCALED_WORDS = {**NUMBER_WORDS, "two": "2", "zwei": "2"}
# '€1.43m', '£ 180m', '$2.5m' (a bare '5m' may be metres)
_MONEY_IN_MILLIONS = re.compile(r"[€£$]\s?(\d+(?:\.\d+)?)m\b")


def scaled_number(count: str, scale: str, language: str) -> str | None:
    """'4', 'million' -> '#4000000'; None when `count` is no count or `scale` no scale word."""
    factor = _SCALES[language].get(scale.lower())
    if factor is None:
        return None
    lower = count.lower()
    value = _SCALED_WORDS.get(lower) or (normalize_number(count) if is_number(count) else None)
    if value is None:
        return None
    try:
        number = float(value) * factor
    except ValueError:
        return None
    return "#" + str(round(number))


# a code's letters: a road (A 7), a sea area (N-16.1), a flight (LH 123), a jet (F-35)
_CODE_LETTERS = re.compile(r"[A-Z]{1,3}")
_CODE_NUMBER = re.compile(r"\d+(?:\.\d+)?")


# what follows an amount, not a code ('Kestrane AI 41.5 million euros', 'VW 2,000 Stellen')
_AMOUNT_WORDS = frozenset(
    [w for scale in _SCALES.values() for w in scale]
    + ["euro", "euros", "dollar", "dollars", "pfund", "pound", "pounds", "prozent", "percent",
       "per", "%", "€", "$"]
)  # fmt: skip


def code_number(tokens: Sequence[str], index: int, language: str) -> str | None:
    """'A', '38' -> '#a38': a number under its code's letters is that code, not the count
    ('A 38' is one motorway, 'N-16.1' one sea area, the A 7 another); None for any other pair,
    for English 'A 38-year-old' or 'I 4' at a sentence's start, and for an amount after a name
    that ends in capitals ('Kestrane AI 41.5 million euros')."""
    letters, number = tokens[index], tokens[index + 1]
    if _CODE_LETTERS.fullmatch(letters) is None or _CODE_NUMBER.fullmatch(number) is None:
        return None
    if language == "en" and index == 0 and letters in ("A", "I"):
        return None
    if index + 2 < len(tokens) and tokens[index + 2].lower() in _AMOUNT_WORDS:
        return None
    return f"#{letters.lower()}{number}"


def is_code_key(key: str) -> bool:
    """A key `code_number` made ('#a38': the A 38), not a plain number ('#38')."""
    return key.startswith("#") and key[1:2].isalpha()


def is_number(token: str) -> bool:
    return token[:1].isdigit()


def date_like(key: str) -> bool:
    """'#24', '#2026', '#12:30' may be a day, a year or a time; '#397' or '#1.5' is a count."""
    value = key[1:]
    if ":" in value:
        return True
    if not value.isdigit():
        return False  # '1.5' (a rate, a share) is a count; German dates are '19. Juni' in prose
    number = int(value)
    return number <= 31 or 1900 <= number <= 2100


# German past forms of 'sein' and 'haben' that make a pluperfect with a participle ('war ...
# verunglückt', 'hatte ... abgewiesen'): what had happened before the news the article reports
_PLUPERFECT_AUX = frozenset(
    ["war", "waren", "warst", "wart", "hatte", "hatten", "hattest", "hattet"]
)
# prefixes of German participles without 'ge-' ('verunglückt', 'bestätigt', 'überrascht')
_INSEPARABLE = ("ver", "be", "ent", "er", "zer", "über", "miss", "ge")
# units of a time ago that reaches before the news ('vor drei Monaten', 'a year ago', 'des
# vergangenen Jahres'); weeks do not: 'a vote last week' may be news the story never told
_AGO_UNITS = frozenset(
    ["monat", "monats", "monaten", "monate", "jahr", "jahres", "jahren", "jahre", "month",
     "months", "year", "years"]
)  # fmt: skip
_LAST = frozenset(["vergangene", "vergangenen", "letzte", "letzten", "last"])
_AGO_COUNTS = frozenset(["einer", "einem", "zwei", "wenigen", "mehreren"])


def _participle(token: str) -> bool:
    """A German past participle, by its form ('abgewiesen', 'verunglückt', 'worden')."""
    if token in ("worden", "gewesen"):
        return True
    if len(token) < 6 or not token.endswith(("t", "en")):
        return False
    return (
        token.endswith("iert")
        or token.startswith(_INSEPARABLE)
        # a separable verb's particle before 'ge' ('abgewiesen', 'festgenommen', 'eingesetzt')
        or any(token.startswith(particle + "ge") for particle in _PARTICLES)
    )


# auxiliaries a participle tells its news with ('ist ... eingesetzt worden', 'has left')
_AUXILIARIES_DE = frozenset(
    (
        *("worden", "werden", "wurde", "wurden", "wird", "haben", "hat", "hatte", "hatten"),
        *("ist", "sind", "war", "waren", "sein"),
    )
)
_AUXILIARIES_EN = frozenset(["has", "have", "had", "was", "were", "been", "is", "are", "be"])
_PERFECT_EN = frozenset(["has", "have", "had"])
# English participles that read as their own lemma, or as another word, to the lemmatiser
_PARTICIPLES_EN = {
    "left": "leave",
    "won": "win",
    "shot": "shoot",
    "cut": "cut",
    "hit": "hit",
    "set": "set",
    "quit": "quit",
    "put": "put",
    "shut": "shut",
    "spread": "spread",
    "hurt": "hurt",
    "cast": "cast",
    "split": "split",
    "run": "run",
}
_VERB_OR_MARK = re.compile(r"[^\W\d_]+|[.,;:!?–]")
_ATTRIBUTE_BEFORE = frozenset(["the", "a", "an", "its", "their", "his", "her", "this", "these"])


def told_verbs(sentence: str, language: str | None) -> frozenset[str]:
    """The lemmas of the verbs a sentence tells its news with: a German past participle that
    closes its clause or stands before its auxiliary ('hat die Lizenz erteilt.', 'eingesetzt
    worden'; not an attribute: 'die neu gebauten Hallen'), an English past form after an
    auxiliary ('has left') or in -ed after no article ('rolled off', not 'the injured man')."""
    lang = _lang(language)
    items = [m.group() for m in _VERB_OR_MARK.finditer(sentence)]
    found: set[str] = set()
    for i, token in enumerate(items):
        if not token[:1].islower():
            continue
        after = items[i + 1] if i + 1 < len(items) else "."
        before = items[i - 1].lower() if i else ""
        if lang == "de":
            told = (
                _participle(token)
                and token not in ("worden", "gewesen")
                and (not after[:1].isalpha() or after in _AUXILIARIES_DE)
            )
        elif before in _PERFECT_EN and token in _PARTICIPLES_EN:
            # a participle the lemmatiser leaves as it is ('has left', 'have cut')
            found.add(_PARTICIPLES_EN[token])
            continue
        else:
            # the lemmatiser only for a word placed as a past form (most words are not)
            told = (
                before in _AUXILIARIES_EN
                or (token.endswith("ed") and before not in _ATTRIBUTE_BEFORE)
            ) and lemma(token, "en") != token
        if told:
            found.add(lemma(token, lang))
    return frozenset(found)


def told_before(tokens: tuple[str, ...] | list[str]) -> bool:
    """The sentence tells what happened before the news: a German pluperfect ('Der 34-Jährige
    war beim Abstieg tödlich verunglückt', 'Die Polizei hatte ihn schon gesucht'), or a time a
    month or more ago ('vor drei Monaten', 'a year ago', 'last year', 'des vergangenen
    Jahres'). English past perfect is not read: reported speech shifts the news into it
    ('police said the men had been arrested')."""
    lowered = [t.lower() for t in tokens]
    for i, word in enumerate(lowered[:-1]):
        # the auxiliary before its participle: a main clause's pluperfect ('Die Polizei hatte
        # ... festgenommen'), not a relative clause's ('der den Bau gestoppt hatte') in a
        # sentence that reports the news; a participle is written small ('Verkehrsunternehmen'
        # is a noun)
        if word in _PLUPERFECT_AUX and any(
            _participle(w) for w in tokens[i + 1 :] if w[:1].islower()
        ):
            return True
        following = lowered[i + 1]
        if (word in _AGO_UNITS and following == "ago") or (
            word in _LAST and following in _AGO_UNITS
        ):
            return True
        if (
            word == "vor"
            and i + 2 < len(lowered)
            and lowered[i + 2] in _AGO_UNITS
            and (following in _AGO_COUNTS or following in NUMBER_WORDS or following.isdigit())
        ):
            return True
    return False


# ---------------------------------------------------------------------------- languages

_ALL_STOPWORDS = STOPWORDS["de"] | STOPWORDS["en"]


def detect_language(text: str) -> str | None:
    """'de' or 'en' by stopword counts; None when neither shows up (too short, another language)."""
    de, en = stopword_counts(t.lower() for t in tokenize(text[:4000]))
    if de == en == 0:
        return None
    return "de" if de > en else "en"


def _lang(language: str | None) -> str:
    return language if language in ("de", "en") else "en"


# simplemma's memory-frugal dictionaries: a lookup decodes a small block of the compressed
# stream instead of holding a dict of every form (German alone ~100 MB); they load in about
# half the time, and the caches below absorb the slower lookups (bench/README.md, benchmark 4)
LOW_MEMORY = True


# simplemma's lemmas that are another word ('abberufen', to remove from office, is not
# 'abrufen', to retrieve): the right lemma of each such form
_LEMMA_FIXES: dict[str, dict[str, str]] = {"de": {"abberufen": "abberufen"}, "en": {}}


@lru_cache(maxsize=200_000)
def lemma(token: str, language: str | None) -> str:
    """The lowercase lemma of one token (simplemma); unknown words come back lowercased."""
    lang = _lang(language)
    lower = token.lower()
    fixed = _LEMMA_FIXES[lang].get(lower)
    if fixed is not None:
        return fixed
    found = simplemma.lemmatize(token, lang=lang, low_memory=LOW_MEMORY).lower()
    if lang == "en" and found.endswith("ll") and lower.endswith(("lled", "lling")):
        # British 'cancelled', 'signalling' come back as 'cancell': the American spelling's
        # lemma when it is that stem ('killed', 'filled' stay: 'kiled' is no word, 'filed' is
        # another)
        american = lower[:-4] + "led" if lower.endswith("lled") else lower[:-5] + "ling"
        other = simplemma.lemmatize(american, lang=lang, low_memory=LOW_MEMORY).lower()
        if other + "l" == found:
            return other
    return found


@lru_cache(maxsize=200_000)
def _known(token: str, language: str) -> bool:
    return bool(simplemma.is_known(token, lang=language, low_memory=LOW_MEMORY))


# German compounds: a head of at least this many letters, a modifier of at least MIN_MODIFIER
MIN_HEAD = 4
MIN_MODIFIER = 4
MIN_COMPOUND = 9
_LINKS = ("s", "es", "n", "en", "e", "")


@lru_cache(maxsize=100_000)
def compound_parts(token: str) -> tuple[str, str] | None:
    """A German compound's modifier and head, both words of the lexicon, the head as long as
    possible ('Impfstoffsuche' -> Impfstoff, Suche; 'Rüstungstechnik' -> Rüstung, Technik), so
    'Zinssenkung' meets 'Senkung des Zinses' and an unknown compound is not taken for a name."""
    if len(token) < MIN_COMPOUND or not token.isalpha():
        return None
    for cut in range(MIN_MODIFIER, len(token) - MIN_HEAD + 1):
        head = token[cut:].capitalize()
        if not _known(head, "de"):
            continue
        left = token[:cut]
        for link in _LINKS:
            modifier = left[: len(left) - len(link)] if link else left
            if (
                len(modifier) >= MIN_MODIFIER
                and left.endswith(link)
                and _known(modifier.capitalize(), "de")
            ):
                return modifier.capitalize(), head
    return None


@lru_cache(maxsize=100_000)
def compound_name(word: str) -> str | None:
    """The name key of a German word the lexicon knows only as a compound of its words: how a
    place made of words is spelled as a name ('rotheneck' -> the key of Rotheneck), which the
    analysis reads as a name only beside another name ('in Rotheneck (Landkreis Harz)')."""
    if _known(word, "de") or compound_parts(word) is None:
        return None
    return name_key(word)


@lru_cache(maxsize=100_000)
def compound_with(token: str, parts: frozenset[str]) -> str | None:
    """The one of `parts` (lowercase words) a German compound begins or ends with, the rest of
    it a German word of at least MIN_HEAD letters: 'Ölrückstände' -> 'öl', 'Koalitionsvertrag'
    -> 'koalition', 'Heizöl' -> 'öl' ('öl' in `parts`); None otherwise ('Oligarch')."""
    lower = token.lower()
    if len(lower) < MIN_HEAD + 2 or not lower.isalpha():
        return None
    for size in _sizes(parts):
        if size + MIN_HEAD > len(lower):
            continue
        modifier, after = lower[:size], lower[size:]
        if modifier in parts:
            for link in _LINKS:
                rest = after[len(link) :]
                if (
                    after.startswith(link)
                    and len(rest) >= MIN_HEAD
                    and _known(rest.capitalize(), "de")
                ):
                    return modifier
        head = lower[-size:]
        if head in parts and _known(lower[:-size].capitalize(), "de"):
            return head
    return None


@lru_cache(maxsize=64)
def _sizes(parts: frozenset[str]) -> tuple[int, ...]:
    return tuple(sorted({len(part) for part in parts}))


# ----------------------------------------------------------------------- sentence splitting

_ABBREVIATIONS = frozenset(
    [
        "dr",
        "prof",
        "mr",
        "mrs",
        "ms",
        "st",
        "nr",
        "bzw",
        "ca",
        "vgl",
        "usw",
        "etc",
        "gen",
        "lt",
        "col",
        "sgt",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "vs",
        "dt",
        "u",
        "z",
        "b",
        "a",
        "o",
        "ggf",
        "evtl",
        "inkl",
        "zzgl",
        "abs",
        "art",
        "bd",
        "jh",
        "jhd",
        "mio",
        "mrd",
        "tsd",
        "min",
        "max",
    ]
)
# words a German sentence often begins with; after '40.' any other word is the noun of an
# ordinal ('der 40. Staat'), not the start of a sentence
_GERMAN_OPENERS = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "eines",
        "es",
        "er",
        "sie",
        "wir",
        "ich",
        "ihr",
        "man",
        "im",
        "in",
        "am",
        "an",
        "auf",
        "aus",
        "bei",
        "mit",
        "nach",
        "von",
        "vor",
        "zu",
        "zum",
        "zur",
        "seit",
        "so",
        "da",
        "dann",
        "doch",
        "auch",
        "aber",
        "und",
        "oder",
        "denn",
        "wie",
        "was",
        "wer",
        "wo",
        "als",
        "wenn",
        "weil",
        "dass",
        "ob",
        "nun",
        "noch",
        "nur",
        "schon",
        "laut",
        "zudem",
        "damit",
        "dabei",
        "dazu",
        "deshalb",
        "daher",
        "trotzdem",
        "jedoch",
        "allerdings",
        "inzwischen",
        "bisher",
        "insgesamt",
        "rund",
        "etwa",
        "fast",
        "mehr",
        "mehrere",
        "viele",
        "alle",
        "diese",
        "dieser",
        "dieses",
        "diesen",
        "jeder",
        "jede",
        "jedes",
        "kein",
        "keine",
        "sein",
        "seine",
        "ihre",
        "unser",
        "unsere",
        "für",
        "gegen",
        "über",
        "unter",
        "bis",
        "ab",
        "dort",
        "hier",
        "heute",
        "gestern",
        "morgen",
        "zuletzt",
        "erst",
        "zunächst",
        "damals",
        "später",
    ]
)
_SENTENCE_END = re.compile(r"([.!?…]+[\"')\]]*)\s+(?=[\"'(\[]?[A-ZÄÖÜ0-9])")
# a place dateline that opens an article with a full stop, the style of many German regional
# papers ('Aschenried. Die Brauerei ...', 'Hannover/Hellmersdorf. Die Landesregierung ...'): one
# to three capitalised words, no sentence of its own
_PLACE_DATELINE = re.compile(
    r"^[A-ZÄÖÜ][\wÄÖÜäöüß'-]+(?:[ /-][A-ZÄÖÜ][\wÄÖÜäöüß'-]*){0,2}\.(?=\s+[A-ZÄÖÜ\"„])"
)


def _place_dateline(text: str) -> str | None:
    """The place dateline opening `text` ('Aschenried.'), or None (an abbreviation is none)."""
    match = _PLACE_DATELINE.match(text)
    if match is None or match.group(0)[:-1].lower() in _ABBREVIATIONS:
        return None
    return match.group(0)


def split_sentences(text: str, language: str | None = None) -> list[str]:
    """Sentences in order; paragraphs always end a sentence. Abbreviations, initials and German
    ordinals ('19. Juni', 'der 40. Staat') do not."""
    sentences: list[str] = []
    german = language is not None and _lang(language) == "de"
    for paragraph in normalize(text).split("\n"):
        start = 0
        for match in _SENTENCE_END.finditer(paragraph):
            end = match.end(1)
            before = paragraph[start : match.start(1)]
            last_word = before.rsplit(" ", 1)[-1].strip("\"'([").lower()
            after_word = paragraph[match.end() :].split(" ", 1)[0].strip("\"'([").lower()
            if match.group(1).startswith("."):
                if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
                    continue
                if last_word.isdigit() and (after_word in GERMAN_MONTHS or after_word.isdigit()):
                    continue
                noun = after_word.rstrip(".,;:!?\"')")
                if (
                    german
                    and last_word.isdigit()
                    and len(last_word) <= 3
                    and noun.isalpha()
                    and noun not in _GERMAN_OPENERS
                ):
                    continue  # an ordinal before its noun: 'der 40. Staat', 'zum 5. Mal'
            piece = paragraph[start:end].strip()
            if piece:
                sentences.append(piece)
            start = match.end()
        rest = paragraph[start:].strip()
        if rest:
            sentences.append(rest)
    if len(sentences) > 1 and _place_dateline(" ".join(sentences[:2])) == sentences[0]:
        # the opening's dateline belongs to the lead it stands before: the lead stays the
        # article's first sentence, where news tells its step
        sentences[:2] = [f"{sentences[0]} {sentences[1]}"]
    return sentences


# ------------------------------------------------------------------- concepts across languages

# German lemmas mapped to an English concept so that German and English reports of one event share
# vocabulary. General news words only (politics, diplomacy, war, law, economy, time): the topic's
# own aliases add the topic-specific spellings on top.
CONCEPTS: dict[str, str] = word_pairs("concepts-de-en")  # monitor/data/concepts-de-en.txt
# a trial, a plant, a session that opens or starts has begun: one state in both languages
CONCEPTS.update({"open": "begin", "opening": "begin", "start": "begin", "scrap": "cut"})
# English words for the same state changes as the German ones of the word list
CONCEPTS.update(
    {
        "resignation": "resign",
        "detain": "arrest",
        "indict": "charge",
        "indictment": "charge",
        "expulsion": "expel",
        "invasion": "invade",
        "evacuation": "evacuate",
        "accession": "accede",
        "appointment": "appoint",
        "nominate": "appoint",
        "nomination": "appoint",
        "inauguration": "inaugurate",
        "swear": "inaugurate",
        "cancellation": "cancel",
        "truce": "ceasefire",
        "armistice": "ceasefire",
        "merger": "merge",
        "bankruptcy": "insolvency",
        "bankrupt": "insolvency",
        "confession": "confess",
        # a victim who succumbed to injuries has died (German: erlegen)
        "succumb": "die",
        # prosecutors who opened an investigation against someone (German: ermitteln gegen)
        "investigation": "investigate",
        "shut": "close",
        # a plant, a line, a reactor started up again
        "restart": "resume",
        "shutdown": "closure",
        "endorse": "approve",
        # a body that adopted a text approved it (German: beschlossen, angenommen)
        "adopt": "approve",
        "adoption": "approve",
        # a contract, a site, a prize given to the winner of a contest (German: Zuschlag)
        "award": "win",
        # a lawsuit filed is the party suing (German: Klage, klagen, verklagen)
        "lawsuit": "sue",
        # ships, flights, traffic sent another way (German: umgeleitet, Umleitung)
        "diversion": "divert",
        "reroute": "divert",
        "signing": "sign",
        "confirmation": "confirm",
        "rejection": "reject",
        "ouster": "dismiss",
        "sack": "dismiss",
        # a minister, a party that quits has resigned (from office, from the coalition)
        "quit": "resign",
        "dissolution": "dissolve",
        "arrival": "arrive",
        # English closed compounds read as their head, as German ones are (Cyberangriff: attack)
        "cyberattack": "attack",
        "airstrike": "attack",
        # a body, a team, a company brought into being is launched (German: gegründet)
        "establish": "launch",
        "found": "launch",
        "founding": "launch",
        "increase": "raise",
        "decrease": "cut",
        "halve": "cut",
        "extradition": "extradite",
        "deportation": "deport",
        # a government toppled has fallen (German: gestürzt)
        "topple": "collapse",
        "renegotiation": "renegotiate",
        # a merger, a law, a sale prohibited (German: untersagt, blockiert)
        "prohibit": "ban",
        "prohibition": "ban",
        "block": "ban",
        # a host, a site, a candidate chosen (German: ausgewählt, entscheidet sich für)
        "pick": "elect",
        "choose": "elect",
        "select": "elect",
        "selection": "elect",
        # an election, a contract, a ruling declared void (German: annulliert, für ungültig
        # erklärt)
        "annul": "overturn",
        "annulment": "overturn",
        "invalidate": "overturn",
        # a cable, a bridge, a supply put right again (German: repariert, wiederhergestellt)
        "restore": "repair",
        "restoration": "repair",
        # money granted to build or keep something (German: finanziert, bezuschusst; not the
        # noun 'fund', a pension or monetary fund, nor 'finance', the finance minister's)
        "financing": "funding",
        "finanzieren": "funding",
        "finanzierung": "funding",
        "bezuschussen": "funding",
        "zuschuss": "funding",
        "fördermittel": "funding",
        # jobs, staff or debt reduced (German: baut Stellen ab, Personalabbau); not the bare
        # noun 'Abbau', which is also mining ('Lithiumabbau')
        "abbauen": "cut",
        "stellenabbau": "cut",
        "personalabbau": "cut",
        "arbeitsplatzabbau": "cut",
        "jobabbau": "cut",
        # a harvest, a budget, a workforce that shrank (German: geschrumpft)
        "shrink": "cut",
        "schrumpfen": "cut",
        # something missing or hidden found: a wreck, a fragment, traces of an accelerant
        # ('gefunden', 'entdeckt', 'geortet', 'located')
        "finden": "find",
        "auffinden": "find",
        "entdecken": "find",
        "orten": "find",
        "discover": "find",
        "locate": "find",
        # a licence withdrawn, a firm wound up, fees paid back (German: entzogen, liquidiert,
        # zurückgezahlt)
        "revocation": "revoke",
        "repay": "refund",
        "repayment": "refund",
        "reimburse": "refund",
        "reimbursement": "refund",
    }
)

# German spellings of places that English spells differently; read as the English name so both
# languages meet (the German lexicon knows them as nouns, so they would not look like names).
PLACES_DE_EN: dict[str, str] = word_pairs("places-de-en")  # monitor/data/places-de-en.txt

# Concepts that make a sentence report an event: these, which tell that something was said, held
# or happened, and the state changes of STEP_CONCEPTS below (both make EVENT_CONCEPTS). A new one
# is news even when the names around it are known. English lemmas; German ones arrive here
# through CONCEPTS.
EVENT_CONCEPTS = frozenset(
    [
        "confirm",
        "deny",
        "force",
        "enter",
        "unanimous",
        "summon",
        "deliver",
        "delivery",
        "sanction",
        "violate",
        "condemn",
        "announce",
        "win",
        "lose",
        "visit",
        "summit",
        "meeting",
        "lay",
        "declare",
        "fire",
        "shoot",
        "explode",
        "crash",
        "die",
        "dead",
        "wounded",
        "captured",
        "end",
        "publish",
    ]
)

# Events that change the state of a story (a bill passed, a treaty in force, a plant closed, a
# verdict given, a deal completed, a claim confirmed by an authority): a new one is a step, even
# with no new name. Other event words (meeting, visit, announce, begin) report that something was
# said or held, which a background piece retells as often as a development reports it.
STEP_CONCEPTS = frozenset(
    [
        "confirm",
        "summon",
        "investigate",
        "destroy",
        "amend",
        "shoot",
        "die",
        "dead",
        "sign",
        "ratify",
        "ratification",
        "approve",
        "approval",
        "pass",
        "reject",
        "veto",
        "in_force",
        "under_control",
        "dissolve",
        "vote",
        "expel",
        "deploy",
        "deployment",
        "attack",
        "kill",
        "capture",
        "withdraw",
        "withdrawal",
        "impose",
        "ban",
        "arrest",
        "charge",
        "sentence",
        "convict",
        "acquit",
        "acquittal",
        "appeal",
        "release",
        "resign",
        "elect",
        "close",
        "closure",
        "reopen",
        "demolish",
        "demolition",
        "strike",
        "extend",
        "invade",
        "seize",
        "suspend",
        "lift",
        "complete",
        "completion",
        "acquire",
        # a takeover bid made, a firm bought ('Angebot zur Übernahme vorgelegt', 'takeover bid')
        "takeover",
        "bid",
        "purchase",
        # a measure proposed by whoever may propose it ('the Commission proposed sanctions'):
        # the proposal is made, what it proposes a forecast
        "propose",
        "proposal",
        "sell",
        "sale",
        "cut",
        "raise",
        "launch",
        "recommend",
        "recommendation",
        "settle",
        "settlement",
        "arbitration",
        "dock",
        "funding",
        "evacuate",
        "halt",
        "open",
        "opening",
        "begin",
        "start",
        "agree",
        "sue",
        "abolish",
        "abolition",
        "dismiss",
        "dismissal",
        "terminate",
        "termination",
        "appoint",
        "inaugurate",
        "cancel",
        "postpone",
        "ceasefire",
        "merge",
        "insolvency",
        "confess",
        "surrender",
        "collapse",
        "rescue",
        "evacuate",
        "overturn",
        "expire",
        "accede",
        "arrive",
        "reach",
        "verdict",
        "win",
        "defeat",
        "raid",
        "extradite",
        "deport",
        "resume",
        "uphold",
        "penalty",
        # a death: a victim of the outbreak, the storm, the attack ('died', 'gestorben')
        "die",
        # a stranded ship afloat again, a contract negotiated anew, a government that outlived
        # the vote against it
        "refloat",
        "renegotiate",
        "survive",
        # an inquiry's findings made public: its interim and its final report (an air accident
        # bureau, a commission of inquiry)
        "interim_report",
        "final_report",
        # a complaint or a lawsuit filed
        "file_suit",
        # something broken put right: a cable, a line, a supply
        "repair",
        "install",
        # ships, flights or traffic sent another way
        "divert",
        # what caused an accident, a fire, a contamination found ('Ursache gefunden'; a
        # phrase's key: the word 'cause' alone is none)
        "cause_found",
        # a line, a pipeline or a terminal in service for the first time ('Erstmals fließt
        # Wasserstoff', 'first gas flows'; a phrase's key: 'first' alone is none)
        "first_run",
        # an authority's order (German: angeordnet, 'ordnet eine Neuauszählung an')
        "decree",
        # a court hears the case ('Karlsruhe verhandelt', 'the court heard the challenge'; a
        # phrase's key: the word 'hearing' alone is none)
        "court_hearing",
        # contact made, regained or lost ('wieder Kontakt zur Besatzung', 'lost contact'; a
        # phrase's key: the word 'contact' alone is none)
        "contact_made",
        # stolen data put where anyone can take it ('im Darknet veröffentlicht', 'dumped on the
        # dark web'; a phrase's key: publishing alone is none, a report is published every day)
        "data_published",
        # an emergency, a disaster or a shortage declared ('Katastrophenfall ausgerufen',
        # 'stellt einen Versorgungsmangel fest', 'declared a state of emergency'; a phrase's
        # key: declaring alone is saying)
        "state_declared",
        "find",
        # stolen goods, a body or a wreck found and brought back ('recovered two of the
        # four pieces'; German 'sichergestellt' is seize, 'geborgen' rescue)
        "recover",
        # a prisoner, a stolen painting, a site handed over to whom it goes ('an die Erben
        # übergeben', 'an Südkorea überstellt')
        "hand_over",
        # a suspect, a body, a launch site, a wreck's origin named by whoever investigates
        # ('identifiziert', 'identified the launch site')
        "identify",
        # a plane, a helicopter, a market that came down ('abgestürzt', 'crashed')
        "crash",
        # a border, a river, a line crossed ('die Grenze überquert', 'crossed into Ukraine')
        "cross",
        # a licence, a permit withdrawn by who granted it ('die Bewilligung entzogen')
        "revoke",
        # a bank, a company wound up ('wird liquidiert')
        "liquidate",
        # money paid back ('zahlt die Gebühren zurück', 'began refunding')
        "refund",
        # a product called back from its buyers ('ruft ... zurück', 'issued a worldwide recall')
        "recall",
    ]
)
EVENT_CONCEPTS = EVENT_CONCEPTS | STEP_CONCEPTS
STEP_VERBS = STEP_CONCEPTS - {
    "ceasefire",
    "insolvency",
    "ratification",
    "approval",
    "in_force",
    "deployment",
    "withdrawal",
    "acquittal",
    "closure",
    "demolition",
    "completion",
    "sale",
    "recommendation",
    "settlement",
    "arbitration",
    "opening",
    "interim_report",
    "final_report",
    "file_suit",
    "court_hearing",
    "contact_made",
    "data_published",
    "state_declared",
}
# 'in Kraft getreten', 'tritt in Kraft', 'entered into force', 'took effect': a treaty or law in
# force (German headlines tell the past in the present). Told in the present with a condition
# ('tritt nach dem Austausch der Urkunden in Kraft', 'enters into force once ...') it is what
# will happen, not yet a step.
_IN_FORCE_NOUN = frozenset(["kraft", "force", "effect"])
_PRESENT = frozenset(["tritt", "treten", "enters", "enter", "takes", "take", "comes", "come"])
_CONDITION = frozenset(["nach", "after", "once", "sobald", "wenn", "when", "erst", "until", "bis"])


# 'the ban took effect': in force as well
_TAKE = frozenset(["take", "takes", "took", "taken", "taking"])


# 'the order remains in force', 'bleibt in Kraft': a state that goes on, no step
_REMAIN = frozenset(
    [
        "remain",
        "remains",
        "remained",
        "stay",
        "stays",
        "stayed",
        "still",
        "bleibt",
        "bleiben",
        "blieb",
        "blieben",
        "weiterhin",
        "noch",
    ]
)


def in_force(lowered: tuple[str, ...]) -> bool:
    """`lowered`: the sentence's tokens in lower case, as for the phrase tests below."""
    for i, token in enumerate(lowered[:-1]):
        if (token in ("in", "into") and lowered[i + 1] in _IN_FORCE_NOUN) or (
            token in _TAKE and lowered[i + 1] == "effect"
        ):
            if not _REMAIN.isdisjoint(lowered[max(0, i - 3) : i]):
                continue
            future = any(w in _PRESENT for w in lowered) and any(w in _CONDITION for w in lowered)
            return not future
    return False


_HEAR = frozenset(["hear", "hears", "heard", "hearing", "hearings"])
# a court by German name: Gericht, Landgericht, Bundesverfassungsgericht, Gerichtshof (not
# 'ausgerichtet', not 'Gerichte' on a menu)
_COURT_ENDINGS = ("gericht", "gerichts", "gerichtshof", "gerichtshofs")


def court_hearing(lowered: tuple[str, ...]) -> bool:
    """A court that hears a case: 'Das Bundesverfassungsgericht hat ... verhandelt', 'mündliche
    Verhandlung vor dem Gericht', 'the court heard the challenge', 'a hearing at the court'
    (Verhandlungen without a court are negotiations)."""
    court = any(t in ("court", "courts") or t.endswith(_COURT_ENDINGS) for t in lowered)
    if not court:
        return False
    return not _HEAR.isdisjoint(lowered) or any(
        t.startswith(("verhandel", "verhandl")) for t in lowered
    )


_CONTACT_CHANGES = frozenset(
    [
        "wieder",
        "hergestellt",
        "wiederhergestellt",
        "aufgenommen",
        "verloren",
        "abgebrochen",
        "regained",
        "made",
        "lost",
        "established",
        "re-established",
        "restored",
    ]
)


def contact_changed(lowered: tuple[str, ...]) -> bool:
    """Contact made, regained or lost (a hijacked crew, a missing plane, a probe): 'hat wieder
    Kontakt zur Besatzung', 'Kontakt verloren', 'regained contact'; not 'in engem Kontakt'."""
    if "kontakt" not in lowered and "contact" not in lowered:
        return False
    return not _CONTACT_CHANGES.isdisjoint(lowered)


def _followed(lowered: tuple[str, ...], firsts: Collection[str], seconds: Collection[str]) -> bool:
    """Whether one of `firsts` stands right before one of `seconds` ('unter Kontrolle')."""
    return any(lowered[i] in firsts and lowered[i + 1] in seconds for i in range(len(lowered) - 1))


def under_control(lowered: tuple[str, ...]) -> bool:
    """'unter Kontrolle' / 'under control': a fire, an outbreak, a spill brought under control
    (not 'out of control')."""
    return _followed(lowered, ("unter", "under"), ("kontrolle", "control"))


_REPORT_STAGES = {
    "interim": "interim_report",
    "preliminary": "interim_report",
    "final": "final_report",
}
_REPORT_NOUNS = frozenset(["report", "findings"])
# an accident investigation's report ('investigators' report', 'Untersuchungsbericht'): its final
_INVESTIGATION_WORDS = frozenset(["investigators", "investigation", "investigative"])
_REPORT_COMPOUNDS = (
    ("zwischenbericht", "interim_report"),
    ("abschlussbericht", "final_report"),
    ("untersuchungsbericht", "final_report"),
)


# an inquiry's first report is its interim one ('die Untersuchungskommission hat ihren ersten
# Bericht veröffentlicht', 'the inquiry's first report'), where the sentence names the inquiry
_FIRST_FORMS = frozenset(["erste", "ersten", "erster", "first"])
_REPORT_WORDS = frozenset(["bericht", "berichts", "report"])
_INQUIRY_STEMS = ("kommission", "untersuchungsausschuss", "inquiry", "commission")


def inquiry_reports(lowered: tuple[str, ...]) -> dict[str, int]:
    """'interim report', 'final report', 'Zwischenbericht', 'BFU-Abschlussbericht' (and an
    accident investigation's 'investigators' report', 'Untersuchungsbericht': its final): the
    stages of an inquiry a sentence names, each with the position of its word (so a forecast, 'soll
    der Abschlussbericht klären', is told apart by its clause)."""
    found: dict[str, int] = {}
    for i, token in enumerate(lowered):
        stage = "final_report" if token in _INVESTIGATION_WORDS else _REPORT_STAGES.get(token)
        if stage is not None and i + 1 < len(lowered) and lowered[i + 1] in _REPORT_NOUNS:
            found.setdefault(stage, i)
        for part, compound_stage in _REPORT_COMPOUNDS:
            if part in token:
                found.setdefault(compound_stage, i)
        if (
            token in _FIRST_FORMS
            and i + 1 < len(lowered)
            and lowered[i + 1] in _REPORT_WORDS
            and _holding(lowered, _INQUIRY_STEMS)
        ):
            found.setdefault("interim_report", i)
    return found


_DISMISSING = frozenset(["dismiss", "dismissed", "dismisses", "dismissing"])
# what a court is asked to decide: a dismissed one was dismissed, a filed one brought
_LEGAL_ACTIONS = frozenset(["lawsuit", "suit", "case", "complaint", "charges", "petition"])
_ACTIONS = _LEGAL_ACTIONS | {"appeal", "appeals", "motion"}


_BEGIN_FORMS = frozenset(
    ["begin", "begins", "began", "begun", "beginning", "start", "starts", "started", "starting"]
)


_PASS_FORMS = frozenset(["pass", "passes", "passed", "passing"])


# 'passed as a doctor', 'passed through the town', 'passed himself off': no bill passes
_PASS_PARTICLES = frozenset(["as", "through", "away", "off", "along"])
_PASS_SELVES = frozenset(["himself", "herself", "themselves", "itself", "oneself"])


def _passing_by(lowered: tuple[str, ...]) -> bool:
    """Every form of 'pass' in the sentence is 'passing' before a word that is not its object's
    determiner ('passing ships', 'a passing storm'; 'passing the bill' passes one), or goes
    through, off or as something ('passed as a senior anaesthetist', 'passed himself off as')."""
    forms = [i for i, word in enumerate(lowered) if word in _PASS_FORMS]
    return bool(forms) and all(
        i + 1 < len(lowered)
        and (
            (lowered[i] == "passing" and lowered[i + 1] not in _ATTRIBUTE_OPENERS)
            or lowered[i + 1] in _PASS_PARTICLES
            or (lowered[i + 1] in _PASS_SELVES and "off" in lowered[i + 2 : i + 4])
        )
        for i in forms
    )


def begins_something_else(lowered: tuple[str, ...]) -> bool:
    """English 'began seeping', 'started to fall': every begin or start of the sentence is the
    aspect of another verb, which tells the event ('water began seeping through the dam' is no
    beginning of the story's)."""
    found = False
    for i, token in enumerate(lowered[:-1]):
        if token in _BEGIN_FORMS:
            after = lowered[i + 1]
            if after != "to" and not (after.endswith("ing") and len(after) > 4):
                return False
            found = True
    return found and lowered[-1] not in _BEGIN_FORMS


def dismissed_as(lowered: tuple[str, ...]) -> bool:
    """'dismissed the sanctions as a hostile act', 'dismisses claims as lies': a denial (a court
    that dismissed an appeal 'as unfounded' dismissed it)."""
    for i, token in enumerate(lowered):
        window = lowered[i + 1 : i + 13]
        if (
            token in _DISMISSING
            and "as" in window
            and _ACTIONS.isdisjoint(window[: window.index("as")])
        ):
            return True
    return False


_FILING = frozenset(["file", "files", "filed", "filing"])
_SUITS = _LEGAL_ACTIONS | {"claim", "action"}


def filed_suit(lowered: tuple[str, ...]) -> bool:
    """'filed a complaint', 'files a lawsuit against': a complaint or suit brought (not 'filed
    for insolvency', an insolvency of its own, nor a reporter's filed story)."""
    return any(
        token in _FILING and not _SUITS.isdisjoint(lowered[i + 1 : i + 4])
        for i, token in enumerate(lowered)
    )


def _holding(lowered: tuple[str, ...], parts: tuple[str, ...]) -> list[int]:
    """The positions of the tokens that hold one of `parts` (inside a German compound too)."""
    return [i for i, t in enumerate(lowered) if any(part in t for part in parts)]


def _before_particle(
    lowered: tuple[str, ...], verb_at: int, particle: str, positions: list[int]
) -> bool:
    """Whether one of `positions` lies between a German separable verb at `verb_at` and its
    particle's next occurrence: the verb's object ('stellt einen Versorgungsmangel fest',
    'setzt einen Krisenstab ein')."""
    rest = lowered[verb_at + 1 :]
    if particle not in rest:
        return False
    end = verb_at + 1 + rest.index(particle)
    return any(verb_at < p < end for p in positions)


_PUBLISHING = ("veröffentlich", "publish", "post", "dump", "leaked", "upload")
_PUTTING = frozenset(["stellt", "stellen", "stellte", "stellten", "gestellt"])


def data_published(lowered: tuple[str, ...]) -> bool:
    """'im Darknet veröffentlicht', 'stellen die Daten ins Darknet', 'auf ihrer Leak-Seite',
    'dumped on the dark web': data put on the dark web or a leak site (the place within a few
    words of the verb: 'the report, published on Monday, says data are sold on the dark web'
    puts none there)."""
    places = [
        i
        for i in range(len(lowered))
        if lowered[i] == "darknet"
        or lowered[i : i + 2] in (("dark", "web"), ("leak", "seite"), ("leak", "site"))
    ]
    if not places:
        return False
    # done, not an infinitive ('drohen, die Daten zu veröffentlichen', 'threatened to post')
    return any(
        (t.startswith(_PUBLISHING) or (t in _PUTTING and "ins" in lowered))
        and (i == 0 or lowered[i - 1] not in ("zu", "to"))
        and any(abs(i - place) <= 6 for place in places)
        for i, t in enumerate(lowered)
    )


# states an authority declares: emergencies, disasters, shortages (inside German compounds:
# 'Gesundheitsnotstand', 'Versorgungsmangel')
_DECLARED_STATES = (
    "notstand",
    "notlage",
    "katastrophenfall",
    "katastrophenalarm",
    "ausnahmezustand",
    "versorgungsmangel",
    "versorgungsengpass",
    "emergency",
    "disaster",
    "shortage",
    "famine",
    "pandemic",
)
# German declaring verbs with their separated particle (ruft ... aus, stellt ... fest)
_DECLARING_PARTS = {
    "aus": frozenset(["ruft", "rief", "riefen", "rufen"]),
    "fest": frozenset(["stellt", "stellte", "stellten", "stellen"]),
}
_DECLARING = frozenset(
    ["ausgerufen", "ausrufen", "auszurufen", "festgestellt", "feststellen", "verhängt"]
)


_OBJECT_ENDS = frozenset(
    ["despite", "amid", "because", "due", "after", "before", "for", "over", "in", "with", "as"]
)


def state_declared(lowered: tuple[str, ...]) -> bool:
    """'Katastrophenfall ausgerufen', 'stellt einen Versorgungsmangel fest', 'verhängt den
    Ausnahmezustand', 'declared a state of emergency': an emergency, a disaster or a shortage
    declared (the state named next to its verb: 'declared record profits despite a chip
    shortage' declares none)."""
    states = _holding(lowered, _DECLARED_STATES)
    if not states:
        return False

    def near(start: int, end: int) -> bool:
        return any(start <= i < end for i in states)

    for i, t in enumerate(lowered):
        # the state before the German participle, or after 'verhängt' in the present
        if t in _DECLARING and near(i - 8, i + 5):
            return True
        if t.startswith("declare") and (i == 0 or lowered[i - 1] != "to"):
            # its object: up to six words on, up to a preposition ('despite a shortage')
            end = i + 7
            for j in range(i + 1, min(end, len(lowered))):
                if lowered[j] in _OBJECT_ENDS:
                    end = j
                    break
            if near(i, end):
                return True
        for particle, verbs in _DECLARING_PARTS.items():
            # the state between the verb and its particle ('stellt ... fest')
            if t in verbs and _before_particle(lowered, i, particle, states):
                return True
    return False


def declared_over(lowered: tuple[str, ...]) -> bool:
    """'für beendet erklärt', 'declared the outbreak over': a state (a shortage, an outbreak,
    an emergency) ended by an authority."""
    return declared_for(lowered, ("beendet",)) or any(
        t.startswith("declare") and _ends_with_over(lowered, i + 1) for i, t in enumerate(lowered)
    )


_OVER_NOT_ENDING = frozenset(
    ["the", "a", "an", "its", "his", "her", "their", "this", "that", "whether", "how", "what"]
)


def _ends_with_over(lowered: tuple[str, ...], start: int) -> bool:
    """'over' within ten words from `start` that ends its phrase ('declared the outbreak over
    on Friday'), not a preposition ('declared war over the border') or a count ('over 200')."""
    for j in range(start, min(start + 10, len(lowered))):
        if lowered[j] == "over":
            after = lowered[j + 1] if j + 1 < len(lowered) else ""
            return not (after in _OVER_NOT_ENDING or after[:1].isdigit())
    return False


def on_the_market(lowered: tuple[str, ...]) -> bool:
    """'auf den Markt gebracht / kommt auf den Markt': a product launched."""
    return any(
        lowered[i : i + 3] == ("auf", "den", "markt") for i in range(max(0, len(lowered) - 2))
    )


# English forecast words that, after a determiner or a possessive, describe a noun ('the planned
# factory', "Arvion's proposed merger"): the clause they stand in still reports
_ATTRIBUTIVE = frozenset(["planned", "proposed", "expected", "scheduled", "upcoming", "possible"])
# ... nor plans that were dealt with ('the cabinet approved the plans'; 'its plans to close the
# plant' still forecast the closure; the singular 'plan', _is_modal_word below)
_PLAN_NOUNS = frozenset(["plans"])
_ATTRIBUTE_OPENERS = frozenset(
    ["the", "a", "an", "its", "their", "his", "her", "our", "s", "this", "these", "those"]
)


def _after_a_determiner(tokens: tuple[str, ...], index: int) -> bool:
    """The token at `index` follows a determiner or a possessive ('the planned', "Arvion's
    proposed"): it describes the noun after it."""
    return index > 0 and tokens[index - 1].lower() in _ATTRIBUTE_OPENERS


def _is_modal_word(tokens: tuple[str, ...], index: int, modal_words: frozenset[str]) -> bool:
    """Whether the token at `index` is one of `modal_words` as a modal: 'May' is a month unless
    it opens the sentence ('may' as a verb is lower case); an acronym is none ('OB-Wahl': the
    mayor's election, not 'ob', whether), nor a participle that describes a noun ('approved aid
    for its planned factory')."""
    token = tokens[index]
    lower = token.lower()
    if lower not in modal_words or (len(token) > 1 and token.isupper()):
        return False
    if lower == "may" and not token[0].islower() and index != 0:
        return False
    after = tokens[index + 1].lower() if index + 1 < len(tokens) else ""
    if lower == "plan" and after != "to":
        # the singular is a verb only before its 'to' ('they plan to'): else a noun, however
        # many words describe it ('rejected the city's emergency budget plan')
        return False
    return not (
        (lower in _ATTRIBUTIVE or (lower in _PLAN_NOUNS and after != "to"))
        and _after_a_determiner(tokens, index)
    )


# Words that make a sentence a forecast, an obligation or a condition ('must still approve',
# 'is expected to', 'if either is attacked'),
# not a report that something happened: such sentences do not make the event known.
MODAL_WORDS = {
    "de": frozenset(
        [
            "muss",
            "müssen",
            "soll",
            "sollen",
            "sollte",
            "sollten",
            "wird",
            "werden",
            "könnte",
            "könnten",
            "dürfte",
            "dürften",
            "will",
            "wollen",
            "geplant",
            "plant",
            "planen",
            "erwartet",
            "voraussichtlich",
            "möglicherweise",
            "künftig",
            "bevorstehend",
            "falls",
            # an attempt is not the deed ('versucht zu klären, was die Fische getötet hat')
            "versucht",
            "versuchen",
            "versuchte",
            "versuchten",
            # the same in reported speech ('Moskau wolle die Jets auch liefern')
            "werde",
            "wolle",
            "solle",
            "müsse",
            "könne",
            "dürfe",
            "müsste",
            "müssten",
            "wollte",
            "wollten",
            "sofern",
            "ob",
            "droht",
            "drohen",
            "drohte",
            "drohten",
        ]
    ),
    # 'plant' is a factory in English, 'will' a future in both
    "en": frozenset(
        [
            "will",
            "would",
            "could",
            "may",
            "might",
            "must",
            "shall",
            "expected",
            "expects",
            "expect",
            "plans",
            "planned",
            "plan",
            "scheduled",
            "likely",
            "yet",
            "needs",
            "intends",
            "intend",
            "proposed",
            "possible",
            "upcoming",
            "if",
            "unless",
            "whether",
            # a threat is a forecast ('threaten to publish the data unless ...')
            "threaten",
            "threatens",
            "threatened",
            "threatening",
            # an attempt is not the deed ('tried to establish what had killed the fish')
            "try",
            "tries",
            "tried",
            "trying",
            "attempt",
            "attempted",
            "attempting",
        ]
    ),
}
# English 'X to close plant': a headline's future, unless a vote decided it ('voted to ratify')
_TO_DECIDED = frozenset(
    ["vote", "voted", "votes", "agreed", "decided", "allowed", "cleared", "permitted"]
)

# Headlines of explainers and background pieces ('Was der Pakt bedeutet', 'Analyse: ...',
# 'Why one bridge matters'): they retell a story, they do not report its next step.
_EXPLAINER = re.compile(
    r"""^\s*(?:(?:analyse|analysis|hintergrund|background|kommentar|comment|explainer|erklärt
        |explained|faq|fragen\ und\ antworten|q\s?&\s?a|meinung|opinion|porträt|profile)\s*:
      | (?:was|wie|warum|wieso|weshalb|wer|wo|worum|wofür|welche[rsnm]?|why|how|what|who
        |where|which)\b)""",
    re.IGNORECASE | re.VERBOSE,
)


# ... and headlines that open with a voice ('„Das trifft uns alle“: Ein Dorf bangt um seine
# Sennerei', "'Buses at dawn': reactions in ..."): a reaction or colour piece, which retells the
# story through its people
_VOICE = re.compile(r"""^\s*[„"'‘“‚»«]""")


# a headline that opens with a quoted name, not a voice: a ship's, a film's ('"Vega Meridian"
# wieder frei'): a few capitalised words in quotes, no colon after them
_QUOTED_NAME = re.compile(r"""^\s*[„"'‘“‚»«]((?:[A-ZÄÖÜ][\w.-]*\s?){1,3})[”"'’“«»‘]\s+[^:]*$""")


# Headlines that announce a turn without telling it ('Wende im Fall Sosnowka', 'Neue Wendung im
# Streit um ...', 'Neue Spur im Tresor-Fall', 'Breakthrough in hacking case'): the lead tells
# the step, in whatever words. The German ones' words: an adjective of the turn and its noun.
TURN_ADJECTIVES_DE = (
    "neue",
    "überraschende",
    "unerwartete",
    "dramatische",
    "erneute",
    "plötzliche",
)
TURN_NOUNS_DE = ("wende", "wendung", "kehrtwende", "durchbruch", "spur", "entwicklung", "bewegung")
_TURN = re.compile(
    rf"""^\s*(?:(?:{"|".join(TURN_ADJECTIVES_DE)})[rn]?\s+)?
        (?:(?:{"|".join(TURN_NOUNS_DE)})
           \s+(?:im|in|bei|beim|am|an)
         | (?:wende|wendung|kehrtwende)\s+(?:um|nach))\b
      | ^\s*(?:(?:a|new|another|fresh|surprise|unexpected|dramatic|latest)\s+)?
        (?:twist|turn(?:\s+of\s+events)?|u-turn|breakthrough|development)s?
        \s+(?:in|at|on|for|to|over|after)\b
      | ^\s*(?:new|fresh)\s+leads?\s+(?:in|on)\b""",
    re.IGNORECASE | re.VERBOSE,
)


# a headline that places its news in a case the reader knows ('Lithuania arrests second suspect
# in German North Korea shells case', 'Neue Festnahme im Hamburger Nordkorea-Fall'): not a
# hypothetical ('in case of', 'im Fall eines Angriffs', 'im schlimmsten Fall') nor a fall ('Kurs
# im freien Fall')
_IN_A_CASE = re.compile(
    r"""\b(?:in|over)\s+(?:the\s+|[\w'’-]+\s+){1,6}(?:case|affair|scandal)\b
      | \b(?:im|in\s+der|in\s+dem)\s+(?!Fall\s+(?:eines|einer|von|dass)\b)
        (?!(?:freien|schlimmsten|besten|äußersten|ernsten)\s+Fall\b)
        (?:[\w-]+\s+){0,4}(?:Fall|Affäre|Skandal)\b
      | \b\w+-(?:Fall|Affäre|Skandal)\b""",
    re.VERBOSE,
)


def cites_a_case(headline: str) -> bool:
    """The headline places its news in a known case ('... in German ice hockey fixing case')."""
    return _IN_A_CASE.search(headline) is not None


# a headline that reports a figure of the field, not an event: a record, a survey's or a
# statistic's finding, a count that rose or fell ('German company insolvencies rise 11% to decade
# high', 'Gene therapy trials in Europe hit record', 'Umfrage: Sicherheit auf Weihnachtsmärkten
# wird immer teurer', 'Blitzer-Boom: Zahl fester Messanlagen auf Rekordstand')
_TREND = re.compile(
    r"""\b(?:record|records|survey|surveys|poll|statistics|figures\s+show|study\s+finds?
        |report\s+finds|hits?\s+(?:a\s+)?(?:record|high|low)|decade\s+high|all-time
        |(?:rises?|rose|climbs?|climbed|falls?|fell|jumps?|jumped|surges?|surged|edges?\s+up
        |edged\s+up|doubles?|doubled)\s+(?:to|by|\d)
        |rekord\w*|umfrage|statistik\w*|bilanz|zahl\s+der|höchststand|tiefststand
        |(?:steigt|steigen|stieg|stiegen|sinkt|sinken|sank|sanken)\s+(?:auf|um)
        |verdoppel\w*)\b""",
    re.IGNORECASE | re.VERBOSE,
)


def reports_a_trend(headline: str) -> bool:
    """The headline reports a figure of the field (a record, a survey, a count that rose)."""
    return _TREND.search(headline) is not None


# a headline that asks what comes next ('Wie geht es weiter im Rabenkamm?', 'What happens next
# for the Ebertal bridge'): an outlook's, an explainer's, unless its lead tells a step
_OUTLOOK = re.compile(
    r"^\s*(?:wie\s+geht\s+es\s+weiter|was\s+nun|what\s+(?:happens\s+)?next|what\s+now)\b",
    re.IGNORECASE,
)


# ... or what has happened since the story's event ('Was sich seit dem Depotbrand getan hat',
# 'Ein Jahr danach: Was sich seither verändert hat', 'What has changed since the flood'): a
# status report months on, the vague headline of a step when its lead tells one
_WHAT_SINCE = re.compile(
    r"^\s*(?:[^:?]{1,60}:\s+)?(?:"
    r"was\s+sich\s+(?:seit|seither|seitdem)\b[^?:]{0,80}?\b(?:getan|geändert|verändert)\s+hat"
    r"|was\s+(?:ist\s+)?(?:seit|seither|seitdem)\b[^?:]{0,80}?\b(?:passiert|geschehen)\b"
    r"|what(?:\s+has|'s)?\s+(?:changed|happened)\s+since\b)",
    re.IGNORECASE,
)


def asks_what_next(headline: str) -> bool:
    """The headline asks what comes next for the story, or what has happened since its event,
    and tells no more."""
    return _OUTLOOK.match(headline) is not None or _WHAT_SINCE.match(headline) is not None


def announces_turn(headline: str) -> bool:
    """The headline announces that a story took a turn, and tells no more (after its kicker too:
    'Durchbruch in Nairobi: ...' is one, its rest tells the turn)."""
    return _TURN.match(headline) is not None


# a German headline that opens with 'Erneut', 'Wieder' or 'Abermals' before a noun (perhaps
# after a kicker, 'Mittelsachsen:'), or that names a place 'diesmal in'
_ANOTHER_CASE = re.compile(
    r"^(?:[^:]{1,40}:\s+)?(?:Erneut|Wieder|Schon wieder|Abermals)\s+(?:[a-zäöüß]+e[mnrs]?\s+)?"
    r"[A-ZÄÖÜ]|\bdiesmal\s+(?:in|im|am|an|bei|auf)\b"
)
# ... or a first sentence that tells another one of the kind's events ('Drei Wochen nach dem
# Unglück in Haldenbrunn ist erneut ein Hallendach eingestürzt'), not the story's own event again
# ('Die EZB senkt den Leitzins erneut')
_ANOTHER_CASE_LEAD = re.compile(r"\b(?:[Ee]rneut|[Aa]bermals|[Ss]chon wieder)\s+ein(?:e[mnrs]?)?\b")


def tells_another_case(headline: str, opening: str) -> bool:
    """The headline, or the body's first sentence (`opening`), tells the kind's event once more:
    another case of the kind, not the next step of the one told before."""
    return _ANOTHER_CASE.search(headline) is not None or (
        _ANOTHER_CASE_LEAD.search(opening) is not None
    )


# a work's title in quotes ('„Die Fahnderin“', '"The Ransom Hour"'): a few words, each
# capitalised (a voice is a sentence: '„Das trifft uns alle“')
_QUOTED_TITLE = re.compile(r"""^\s*[„"'‘“‚»«](?:[A-ZÄÖÜ0-9][\w.'’-]*\s?){1,4}[”"'’“«»‘]\s*$""")


def quoted_title(text: str) -> bool:
    """`text` is a quoted title and nothing else (a headline's kicker)."""
    return _QUOTED_TITLE.match(text) is not None


# a headline that is a quote and nothing else ('„Sie haben die Wehrlosesten bestohlen“') over a
# lead that opens on an agency's dateline ('Lüneburg (dpa) - Das Landgericht hat ...'): the
# agency's report of the news, headed by its strongest quote (a verdict's reasoning)
_QUOTE_ONLY = re.compile(r"""^\s*[„"'‘“‚»«][^„"“”'’»«]+[”"'’“«»‘]\s*$""")
# a place (or places) and the agency in brackets that open a report ('Wien/St. Jakob (APA)')
_AGENCY_IN_BRACKETS = r"[^!?\n]{1,80}?\([^)]{1,30}\)"
_AGENCY_OPENING = re.compile(rf"^{_AGENCY_IN_BRACKETS}\s*[-–—]\s+")


def quote_only(headline: str) -> bool:
    """The headline is a quote and nothing else."""
    return _QUOTE_ONLY.match(headline) is not None


def is_explainer(headline: str, opening: str = "") -> bool:
    """Also after a headline's kicker ('Feuer im Triebwerk: Was über den Flug bekannt ist');
    not a quote alone over an agency's report (`opening`: the body's first sentence)."""
    if _EXPLAINER.match(headline) is not None:
        return True
    if _VOICE.match(headline) is not None and _QUOTED_NAME.match(headline) is None:
        return not (quote_only(headline) and _AGENCY_OPENING.match(opening))
    _kicker, colon, rest = headline.partition(": ")
    if colon and quote_only(rest):
        # a place or an event, then a voice ('Brökeln nach der Festnahme: «Er war doch einer von
        # uns»'): the reaction piece's headline, the voice after its kicker
        return not _AGENCY_OPENING.match(opening)
    return bool(colon) and _EXPLAINER.match(rest) is not None


# a headline's kicker that lists things ('Trecker, Trillerpfeifen, gelbe Kreuze: ...', 'Kettles
# and queues: ...'): a feature's opening of scenes, not a report's, which names its actors
_LIST_BREAK = re.compile(r",\s+|\s+(?:und|and|&|oder|or|dann|then)\s+")
_LIST_ITEM_WORDS = 4
# the small words a listed phrase may hold after a noun ('Trauer und Wut in Marbeck', 'a walk
# on the dyke'); any other lower-case word there is a verb ('Kommunen einigen sich')
_LIST_LINKS = frozenset(
    (
        *("in", "im", "am", "an", "auf", "aus", "bei", "beim", "mit", "nach", "von", "vom"),
        *("vor", "zum", "zur", "für", "über", "unter", "zwischen", "ohne", "um", "gegen"),
        *("der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer"),
        *("of", "at", "on", "for", "with", "without", "from", "to", "by", "the", "a", "an"),
        *("under", "over", "after", "before"),
    )
)


def _surely_a_name(token: str, index: int, language: str) -> bool:
    """A place, an acronym, a German capitalised word of no lexicon (no compound of its words),
    an English capitalised word inside a sentence."""
    lower = token.lower()
    if not token[:1].isupper() or lower in _ALL_STOPWORDS or _demonym(lower) is not None:
        return False
    if lower in _ONE_WORD_PLACES or lower in PLACES_DE_EN or (token.isupper() and len(token) > 1):
        return True
    if language == "de":
        return not _known(token, "de") and compound_parts(token) is None
    return index > 0


def lists_things(headline: str, language: str | None) -> bool:
    """The headline's kicker (before its colon) lists a few things in short phrases, none of
    them a name but after a preposition ('Trauer und Wut in Marbeck') and none a clause (a
    lower-case word after a capitalised one, but a preposition or an article: 'Bund und Länder
    besiegeln ...')."""
    kicker, colon, rest = headline.partition(": ")
    if not colon or not rest.strip() or _VOICE.match(kicker) is not None:
        return False
    items = _LIST_BREAK.split(kicker.strip())
    if len(items) < 2:
        return False
    lang = _lang(language)
    position = 0
    for item in items:
        tokens = tokenize(item)
        if not 1 <= len(tokens) <= _LIST_ITEM_WORDS:
            return False
        for j, token in enumerate(tokens):
            before = tokens[j - 1] if j else ""
            if _surely_a_name(token, position + j, lang) and before not in _LIST_LINKS:
                return False
            # (an English headline capitalises its first word only: 'Head torches and ...')
            first_word = lang == "en" and position + j == 1
            if (
                token[:1].islower()
                and before[:1].isupper()
                and token not in _LIST_LINKS
                and not first_word
            ):
                return False
        position += len(tokens)
    return True


# a kicker that is one place where the scene is set ('Vor verschlossener Tür', 'Am Bauzaun statt
# in der Kurve', 'Outside the locked gates'), or such a place before a comma that opens the
# headline ('In a Bavarian valley, a bear divides ...', 'At the box office, a queue ...'): a
# colour piece's too
_SCENE_PLACES = frozenset(
    (
        *("vor", "am", "im", "an", "auf", "hinter", "unter", "zwischen", "neben", "beim"),
        *("at", "outside", "inside", "behind", "beside", "among", "on"),
    )
)
_SCENE_LINKS = frozenset(("statt", "instead", "of", "und", "and"))
# ... but not a phrase of what a report is about or when ('Im Streit um den Windpark', 'Auf dem
# Weg zur Einigung', 'Vor dem Gipfel', 'On the eve of the vote')
_TOPIC_LINKS = frozenset(
    (
        *("um", "zur", "zum", "über", "gegen", "für", "nach", "eve", "brink", "wake"),
        # 'In a first, ...', 'In a blow to ...', 'In a bid to ...', 'In a rare move, ...'
        *("first", "blow", "bid", "move", "response", "reversal", "surprise", "twist", "shift"),
    )
)
_TIME_BEFORE = frozenset(("der", "dem", "den", "des"))


def _sets_a_place(kicker: str, before_comma: bool = False) -> bool:
    """The kicker is a short phrase of place: a preposition of place, then nouns and their
    adjectives (a lower-case word but the first after a capitalised one is a verb). Before a
    comma that opens a headline it may be 'In' a place, and longer ('In the kiosk that sold
    the rigged ticket')."""
    tokens = tokenize(kicker)
    places = _SCENE_PLACES | {"in"} if before_comma else _SCENE_PLACES
    if not 2 <= len(tokens) <= (10 if before_comma else 6) or tokens[0].lower() not in places:
        return False
    if _TOPIC_LINKS.intersection(t.lower() for t in tokens) or (
        tokens[0].lower() == "vor" and tokens[1] in _TIME_BEFORE
    ):
        return False
    if any(token.isdigit() for token in tokens):
        return False
    return before_comma or not any(
        token[:1].islower() and before[:1].isupper() and token not in _LIST_LINKS | _SCENE_LINKS
        for before, token in itertools.pairwise(tokens[1:])
    )


# a kicker that labels a reportage, a visit to the story's place ('Besuch in Nachodka: ...',
# 'Ortstermin in Chabarowsk', 'Unterwegs mit den Rangern', 'Postcard from Koror')
_REPORTAGE_LABELS = frozenset(
    (
        *("besuch", "ortstermin", "ortsbesuch", "unterwegs", "reportage", "stippvisite"),
        *("postcard", "dispatch"),
    )
)
_REPORTAGE_LABEL_PAIRS = frozenset((("zu", "besuch"), ("a", "visit"), ("letter", "from")))
# the longest such kicker, in tokens
_REPORTAGE_KICKER_TOKENS = 6


def _labels_a_reportage(kicker: str) -> bool:
    """The kicker labels a reportage: 'Besuch in Koror', 'Zu Besuch bei den Fischern'."""
    tokens = [t.lower() for t in tokenize(kicker)]
    if not 1 <= len(tokens) <= _REPORTAGE_KICKER_TOKENS:
        return False
    return tokens[0] in _REPORTAGE_LABELS or tuple(tokens[:2]) in _REPORTAGE_LABEL_PAIRS


# what follows a German colour piece's kicker: a visit, a place or a stretch of time that the
# piece portrays ('...: Ein Besuch am Werkstor in Emmerich', '...: Ein Dorf wartet auf seine
# Räucherei', '...: Eine Woche nach dem Aufzugsabsturz'); on the 486 arcs of rounds 1-59, 35
# headlines, every one a known piece
_SCENE_REST = re.compile(
    r"""(?:Ein|Eine)\s+(?:[a-zäöüß][\w-]*\s+)?
      (?:Besuch|Schulbesuch|Ortsbesuch|Rundgang|Spaziergang|Ort|Dorf|Stadt|Städtchen|Kleinstadt
        |Insel|Inselstaat|Hafen|Straße|Viertel|Kiez|Tag|Woche|Abend|Nacht|Morgen|Vormittag
        |Nachmittag|Wochenende)\b""",
    re.VERBOSE,
)
# ... and an English feature's opening ('Inside the seal hospital where volunteers ...')
_INSIDE = re.compile(r"Inside\s+(?:the|a|an)\s")


def sets_a_scene(headline: str, language: str | None) -> bool:
    """The headline opens on a colour piece's scene: its kicker lists things (`lists_things`),
    is one place ('Vor verschlossener Tür: ...') or labels a reportage ('Besuch in Koror: ...'),
    what follows the kicker portrays a visit, a place or a time (`_SCENE_REST`), 'Inside the'
    opens it, or a place and a comma open it ('In a Russian garrison town, North Korean cadets
    draw stares')."""
    if _INSIDE.match(headline):
        return True
    kicker, colon, rest = headline.partition(": ")
    if colon and rest.strip() and (_sets_a_place(kicker) or _labels_a_reportage(kicker)):
        return True
    if colon and _SCENE_REST.match(rest.strip()):
        return True
    place, comma, clause = headline.partition(", ")
    if comma and len(clause.split()) >= 3 and _sets_a_place(place, before_comma=True):
        return True
    return lists_things(headline, language)


# distinct words of a desk (none of them weak) that make a lead the desk's whatever its headline
LEAD_GENRE_WORDS = 3


@dataclass(frozen=True, slots=True)
class Genre:
    """The words of one desk of a paper (the culture pages, the sports pages), read from
    `monitor/data/<name>.txt`: one lowercase word or lemma a line, German and English; German
    compounds with one of them count too ('Animationsfilm', 'Landkrimi'), except a word marked
    '='; a word marked '~' counts only beside another; one marked '!' is the label of a piece
    ('Kritik' in 'TV-Kritik: ...'), read only as a headline's kicker."""

    words: frozenset[str]
    stems: frozenset[str]
    weak: frozenset[str]
    labels: frozenset[str]
    # the words but the weak ones: a topic whose query names one keeps the desk's pieces
    sure: frozenset[str]

    @classmethod
    def load(cls, name: str) -> Genre:
        listed = word_list(name)
        words = frozenset(w.lstrip("=~") for w in listed if not w.startswith("!"))
        weak = frozenset(w[1:] for w in listed if w.startswith("~"))
        return cls(
            words=words,
            stems=frozenset(w.lstrip("~") for w in listed if w[0] not in "!="),
            weak=weak,
            labels=frozenset(w[1:] for w in listed if w.startswith("!")),
            sure=words - weak,
        )

    def word(self, token: str, language: str | None) -> str | None:
        """The desk's word a token is or (a German compound) holds, else None."""
        lower = token.lower()
        if lower in self.words:
            return lower
        found = lemma(token, language)
        if found in self.words:
            return found
        if _lang(language) == "de" and token[:1].isupper():
            parts = compound_parts(token)
            if parts is not None and parts[1].lower() in self.stems:
                return parts[1].lower()  # 'Animationsfilm': Animation, Film
            return compound_with(token, self.stems)
        return None

    def piece(
        self,
        headline: list[tuple[int, str]],
        kicker: int,
        lead: list[tuple[int, str]],
        language: str | None,
        topical: set[int],
        titled: bool = False,
    ) -> bool:
        """Whether a headline and lead (token positions and tokens; the headline's first
        `kicker` tokens are its kicker, 'Kinokritik' in 'Kinokritik: ...') are the desk's: its
        label in the kicker, its word in the kicker and once more in headline or lead, or two of
        its words in headline and lead, one of them in the headline; under a work's quoted title
        as the kicker (`titled`), one of its words. Words at `topical` positions (those that
        matched the topic's query) do not count."""

        def found(tokens: list[tuple[int, str]]) -> list[tuple[int, str]]:
            return [
                (position, word)
                for position, token in tokens
                if position not in topical and (word := self.word(token, language)) is not None
            ]

        kicker_positions = {p for p, _t in headline[:kicker]} - topical
        if any(t.lower() in self.labels for p, t in headline[:kicker] if p in kicker_positions):
            return True
        headline_hits = found(headline)
        in_headline = [word for _p, word in headline_hits]
        in_lead = [word for _p, word in found(lead)]
        if set(in_headline + in_lead) <= self.weak:
            return False
        if titled:
            return True
        if any(p in kicker_positions for p, _w in headline_hits):
            # 'Ausstellung in Hannover: ...' and the exhibition again in the lead ('Premiere in
            # Österreich: Kurz geht Koalition ein' is a first, not a premiere)
            return len(in_headline) + len(in_lead) >= 2
        if bool(in_headline) and len(set(in_headline) | set(in_lead)) >= 2:
            return True
        # a lead told in the desk's words, under a headline in none of them ('Drohne über dem
        # Abschlusstraining: ...', then a club, its league and a derby)
        return len(set(in_lead) - self.weak) >= LEAD_GENRE_WORDS


# films, plays, exhibitions, concerts and their reviews (monitor/data/culture-words.txt); games,
# leagues and teams (monitor/data/sports-words.txt)
CULTURE = Genre.load("culture-words")
# festivals, anniversaries, shows, contests, harvests and auctions (monitor/data/events-words.txt)
EVENTS = Genre.load("events-words")
SPORTS = Genre.load("sports-words")
LEISURE = Genre.load("leisure-words")
# the business pages' market and start-up words: never a desk's piece, only words a piece leans
# to (monitor/data/business-words.txt)
BUSINESS = Genre.load("business-words")


def concept(lemma_: str) -> str:
    return CONCEPTS.get(lemma_, lemma_)


_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "s", "é": "e", "è": "e", "á": "a"})
_SKELETON_RULES = (
    ("tsch", "ch"),
    ("sch", "sh"),
    ("zh", "j"),
    ("ck", "k"),
    ("ph", "f"),
    ("kh", "h"),
    ("w", "v"),
    ("z", "s"),
    ("c", "k"),
    ("j", "y"),
    ("q", "k"),
    ("x", "ks"),
)


@lru_cache(maxsize=100_000)
def name_key(token: str) -> str:
    """A spelling-tolerant key for a name, so transliterations meet: Wladimir/Vladimir,
    Schoigu/Shoigu, Pjöngjang/Pyongyang, Putins/Putin ('n:' + first sound + consonant skeleton)."""
    word = unicodedata.normalize("NFKD", token.lower().translate(_FOLD))
    word = "".join(ch for ch in word if ch.isalpha() and ch.isascii())
    if len(word) > 3 and word.endswith("s"):
        word = word[:-1]
    if len(word) > 6 and word.endswith("er"):
        word = word[:-2]  # German place adjectives: Rostocker, Kölner -> Rostock, Köln
    for old, new in _SKELETON_RULES:
        word = word.replace(old, new)
    if not word:
        return "n:"
    head, tail = word[0], word[1:]
    skeleton = re.sub(r"[aeiouy]", "", tail)
    skeleton = re.sub(r"(.)\1+", r"\1", skeleton)
    return f"n:{head}{skeleton}"


# --------------------------------------------------------------------------- sentence features


@dataclass(frozen=True, slots=True)
class SentenceFeatures:
    """What one sentence says, as comparable keys: concept lemmas, names ('n:'), numbers ('#')."""

    text: str
    tokens: tuple[str, ...]
    keys: frozenset[str]
    names: frozenset[str]
    numbers: frozenset[str]
    events: frozenset[str]
    # keys said only in a forecast or condition ('must still approve', 'if attacked')
    modal_keys: frozenset[str] = frozenset()

    @property
    def counts(self) -> frozenset[str]:
        """The number keys the sentence spells as words ('sieben Tote', 'seven dead'): counts,
        never days or years, which news write in digits (a '#7' of digits may be a date); not
        a span of time ('acht Wochen nach', 'for six years'), nor an hour ('um sieben Uhr')."""
        tokens = [t.lower() for t in self.tokens]
        return frozenset(
            "#" + NUMBER_WORDS[t]
            for i, t in enumerate(tokens)
            if t in NUMBER_WORDS and not _span_or_hour(tokens, i)
        )

    @property
    def steps(self) -> frozenset[str]:
        """The state changes (STEP_CONCEPTS) the sentence tells as done, not only forecast."""
        return (self.events - self.modal_keys) & STEP_CONCEPTS

    @property
    def modal(self) -> bool:
        """Every state change the sentence names is only forecast (or it names none in a
        sentence that forecasts)."""
        return bool(self.modal_keys) and not (self.events - self.modal_keys)


# units of time after a number word: a span, not a count ('sechs Jahre', 'three weeks')
_SPANS = frozenset(
    [
        "jahr",
        "jahre",
        "jahren",
        "monat",
        "monate",
        "monaten",
        "woche",
        "wochen",
        "tag",
        "tage",
        "tagen",
        "stunde",
        "stunden",
        "minute",
        "minuten",
        "year",
        "years",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "hour",
        "hours",
        "minutes",
        "decade",
        "decades",
        "jahrzehnt",
        "jahrzehnte",
        "jahrzehnten",
        "century",
        "centuries",
        "jahrhundert",
        "jahrhunderte",
        "jahrhunderten",
        # and a fraction ('three quarters of a century', 'zwei Drittel der Stimmen')
        "quarter",
        "quarters",
        "third",
        "thirds",
        "viertel",
        "drittel",
        # and a measure ('fünf Meter hoch', 'two kilometres away'): a size, not a count
        "meter",
        "metre",
        "metres",
        "meters",
        "kilometer",
        "kilometern",
        "kilometre",
        "kilometres",
        "kilometers",
        "zentimeter",
        "zentimetern",
        "centimetres",
        "centimeters",
        "tonnen",
        "tonnes",
        "tons",
        "kilo",
        "kilogramm",
        "kilograms",
        "grad",
        "degrees",
        "hektar",
        "hectares",
        "miles",
        "meilen",
    ]
)

_PLACE_NAMES = frozenset(v for v in PLACES_DE_EN.values() if "_" in v)
# ... and the German spelling of such a place with a hyphen, by its two words
_HYPHENED_PLACES = {
    k.replace("-", "_"): v for k, v in PLACES_DE_EN.items() if "-" in k and "_" in v
}
# places of one word by their English name ('Pyongyang', 'Japan'): a name wherever they stand,
# also at a sentence's start and where the lexicon knows the word ('china', 'japan')
_ONE_WORD_PLACES = frozenset(v for v in PLACES_DE_EN.values() if "_" not in v)
# who or what is of a two-word place: 'North Korean' troops are North Korea's, as German's
# 'nordkoreanische' ones (one word, inflected like any adjective) are
_DEMONYMS = {
    "north_korean": "north_korea",
    "south_korean": "south_korea",
    "nordkoreanisch": "north_korea",
    "südkoreanisch": "south_korea",
    # 'russische Ingenieure', 'Russian engineers': Russia's, as 'Russland' and 'Russia' are
    "russisch": "russia",
    "russian": "russia",
    "ukrainisch": "ukraine",
    "ukrainian": "ukraine",
    "chinesisch": "china",
    "chinese": "china",
    "japanisch": "japan",
    "japanese": "japan",
    "iranisch": "iran",
    "iranian": "iran",
    "belarussisch": "belarus",
    "belarusian": "belarus",
    "syrisch": "syria",
    "syrian": "syria",
}
# English bodies named in two words that German names in one (Föderationsrat, Staatsduma)
_TWO_WORD_CONCEPTS = {
    "federation_council": "upper",
    "upper_house": "upper",
    "state_duma": "duma",
    # and bodies named in full or by their acronym (EU, UN, US: keys of their own)
    "european_union": "eu",
    "europäische_union": "eu",
    "europäischen_union": "eu",
    "united_nations": "un",
    "vereinte_nationen": "un",
    "vereinten_nationen": "un",
    "united_states": "n:us",
    "vereinigte_staaten": "n:us",
    "vereinigten_staaten": "n:us",
    # a guilty plea is a confession ('pleaded not guilty' is no pair)
    "pleaded_guilty": "confess",
    "pleads_guilty": "confess",
    "plead_guilty": "confess",
    "pleading_guilty": "confess",
    "guilty_plea": "confess",
}
# English verbs whose particle makes the step ('the minister stepped down', 'the union called
# off the strike', 'troops pulled out'): the verb's lemma and the particle right after it
_PHRASAL_VERBS = {
    "step_down": "resign",
    # a newspaper cutting passed around a bakery: no bill passed
    "pass_around": "circulate",
    "pass_round": "circulate",
    "call_off": "cancel",
    "put_off": "postpone",
    "shut_down": "close",
    "pull_out": "withdraw",
    "take_over": "acquire",
    "strike_down": "overturn",
    "sign_off": "approve",
    "break_off": "halt",
    "lay_off": "dismiss",
    "set_up": "launch",
    # sensors, a radar, a patrol that picked something up detected it (not chose it: pick, elect)
    "pick_up": "detect",
    # a bridge, a dam, a vault blown up (German: gesprengt)
    "blow_up": "destroy",
    # a prisoner, a painting, a site handed over (German: übergeben, überstellt)
    "hand_over": "hand_over",
}
_PHRASAL_PARTICLES = frozenset(pair.split("_")[1] for pair in _PHRASAL_VERBS)
# ... unless a determiner makes the verb a noun ('a step down the ladder')
_DETERMINERS = frozenset(["a", "an", "the", "this", "that", "one", "another", "each", "every"])
_ADJECTIVE_ENDINGS = ("", "e", "en", "er", "es", "em", "s")
# every inflected form ('nordkoreanischen', 'north_koreans') -> the place it names: one look-up
# per token and token pair instead of a loop over the endings
_DEMONYM_FORMS = {
    stem + ending: place for stem, place in _DEMONYMS.items() for ending in _ADJECTIVE_ENDINGS
}


def _demonym(lower: str) -> str | None:
    """The place a demonym names ('nordkoreanischen' -> 'north_korea'), or None."""
    return _DEMONYM_FORMS.get(lower)


_CONCEPT_WORDS = frozenset(CONCEPTS.values()) | EVENT_CONCEPTS | frozenset(CONCEPTS)


# the concepts of a German compound's head that make it an institution, not a name
_INSTITUTION_HEADS = frozenset(["court", "government", "ministry", "parliament", "senate"])


def _institution_compound(token: str) -> bool:
    """A German compound whose head is a court, chamber, government or ministry
    ('Verwaltungsgericht', 'Landesregierung', 'Innenministerium')."""
    parts = compound_parts(token)
    if parts is None:
        return False
    head = parts[1]
    concept = CONCEPTS.get(lemma(head, "de"), CONCEPTS.get(head.lower()))
    return concept in _INSTITUTION_HEADS or (concept is None and _institution_compound(head))


def _name_strength(token: str, index: int, language: str) -> int:
    """2: surely a name, 1: a name if next to one (German nouns look alike), 0: not a name."""
    if not token[:1].isupper() or len(token) < 2 or token[:1].isdigit():
        return 0
    lower = token.lower()
    if _demonym(lower) is not None:
        return 0  # an adjective ('Nordkoreanische Soldaten'): its key is the place's anyway
    if lower in _ONE_WORD_PLACES or lower in PLACES_DE_EN:
        return 2
    if lower in _ALL_STOPWORDS or lower in _CONCEPT_WORDS or lower in _ABBREVIATIONS:
        return 0
    if token.isupper():  # acronyms: UN, NATO, DPRK
        return 2
    if language == "de":
        # German capitalises every noun: a name is a capitalised word the German lexicon does not
        # know; a known one (Kim, Jong, Seoul) counts when it stands next to another name
        if not _known(token, "de") and compound_parts(token) is None:
            return 2
        if index > 0 and _known(token, "en") and lemma(token, "de") == lower:
            return 2  # spelled the same in English (Seoul, Ukraine): a name in both languages
        return 1
    if index == 0:
        return 1 if _known(lower, "en") else 2
    return 2


# the word after a hyphen in German ('Mindestlohn-Vorschlag', 'DGB-Vorstandsmitglied'): the
# head of a compound, a noun of the lexicon there and no part of a name
_HYPHEN_HEAD = re.compile(r"\w-([A-ZÄÖÜ]\w+)")


# German words of a sum after its number ('neun Millionen Euro', '40 Prozent')
_COUNT_UNITS = frozenset(
    ["tausend", "millionen", "million", "milliarden", "milliarde", "euro", "dollar", "franken",
     "pfund", "prozent"]
)  # fmt: skip


# the German words that place a time within a month or year ('Anfang Juli', 'Mitte 2027')
_TIME_OF = frozenset({"anfang", "mitte", "ende"})


def _a_month_or_year(tokens: tuple[str, ...], index: int) -> bool:
    if index >= len(tokens):
        return False
    token = tokens[index]
    return token.lower() in GERMAN_MONTHS or (len(token) == 4 and token.isdigit())


def _place_adjective(token: str, strength: int, doc_names: frozenset[str]) -> bool:
    """A German place adjective ('Koblenzer', 'Rostocker'): a name ending in -er whose place the
    article names, or is surely a name without the ending; its key is the place's (name_key)."""
    if not token.endswith("er") or len(token) <= 6 or not strength:
        return False
    return strength == 2 or name_key(token) in doc_names or _name_strength(token[:-2], 1, "de") == 2


def _name_flags(
    tokens: tuple[str, ...],
    language: str,
    doc_names: frozenset[str] = frozenset(),
    headline_case: bool = False,
    hyphen_heads: frozenset[str] = frozenset(),
    opening: int = 0,
) -> list[bool]:
    # a dateline's tokens ('BAD SERRACH - Rund zwei Monate ...') end where the sentence begins:
    # its first word stands at a sentence's start, and no name of the dateline makes it one
    strength = [
        _name_strength(t, i - opening if i >= opening else i, language)
        for i, t in enumerate(tokens)
    ]
    if language == "de":
        # 'Anfang Juli', 'Ende 2026': a time of the month or year, no name, nor one beside it
        # ('eines Touristen Anfang Juli')
        strength = [
            0 if s == 1 and t.lower() in _TIME_OF and _a_month_or_year(tokens, i + 1) else s
            for i, (s, t) in enumerate(zip(strength, tokens, strict=True))
        ]
    if hyphen_heads:
        strength = [
            0 if s == 1 and t in hyphen_heads else s for s, t in zip(strength, tokens, strict=True)
        ]
    if language == "de":
        # a sum's units after its number ('neun Millionen Euro Nothilfe', '40 Prozent Rabatt'):
        # no names, nor do they make one of the noun they count
        for i in range(1, len(tokens)):
            before = tokens[i - 1].lower()
            counted = is_number(tokens[i - 1]) or before in NUMBER_WORDS or before in _COUNT_UNITS
            if strength[i] and tokens[i].lower() in _COUNT_UNITS and counted:
                strength[i] = 0
    if headline_case and language == "en":
        # a title-case headline capitalises every word: a word of the lexicon is a name there
        # only when the article names it so elsewhere ('Former Paytec boss' -> Paytec)
        strength = [
            0 if s and _known(t.lower(), "en") and name_key(t) not in doc_names else s
            for s, t in zip(strength, tokens, strict=True)
        ]
    flags = [s == 2 for s in strength]
    for i, s in enumerate(strength):
        if s == 1 and name_key(tokens[i]) in doc_names:
            flags[i] = True  # a name elsewhere in the article (sentence-initial 'Seoul said')
        elif (
            s == 1
            and 0 < i != opening
            and _place_adjective(tokens[i - 1], strength[i - 1], doc_names)
        ):
            flags[i] = strength[i + 1] > 0 if i + 1 < len(strength) else False
            # 'Rostocker Hafen', 'Berliner Senat': a place adjective before a noun, not a name
        elif s == 1:
            left = strength[i - 1] if i > 0 and i != opening else 0
            right = strength[i + 1] if i + 1 < len(strength) and i + 1 != opening else 0
            # a run of capitalised words without an article between them is a name in German
            # ("Kim Jong Un", "Wladimir Putin"); at an English sentence start, next to a name
            flags[i] = left > 0 or right > 0
    if language == "de":
        # 'Verwaltungsgericht Stade': the court is no name, the town next to it still is one
        flags = [f and not _institution_compound(t) for f, t in zip(flags, tokens, strict=True)]
    return flags


def lexicon_names(tokens: Iterable[str], language: str | None) -> frozenset[str]:
    """The name keys of the capitalised `tokens` that are words of the language's lexicon, not
    places or acronyms ('Bergdorf', a headline's 'Drohender'): names only by their capital. A
    compound the lexicon does not hold is a name by itself, though its parts are words: German
    places are made so ('Kaltenbach', 'Weißenfels')."""
    lang = _lang(language)
    found: set[str] = set()
    for token in tokens:
        if not token[:1].isupper() or len(token) < 2:
            continue
        lower = token.lower()
        if lower in _ONE_WORD_PLACES or lower in PLACES_DE_EN or token.isupper():
            continue
        if _known(token, lang) or _known(lower, lang):
            found.add(name_key(token))
    return frozenset(found)


# Where a clause ends: a comma, colon, semicolon or dash before a space ('1,25' is a number),
# before an 'and' whose clause is a forecast of its own ('ist ungültig und muss wiederholt
# werden', 'cut 500 jobs and will close two plants': the first clause still reports), and before
# a clause that tells what made the forecast ('will reopen on Saturday after the authority signed
# off on the roof': the sign-off is done; a condition, 'once ...', is the forecast's own)
_CLAUSE_BREAK = re.compile(
    r"[,;:]\s+|\s[–—-]\s|\s(?=(?:und|and|aber|but)\s+(?:muss|müssen|soll|sollen|sollte|"
    r"sollten|wird|werden|will|wollen|könnte|könnten|dürfte|dürften|must|would|could|may|"
    r"might|shall|should)\b)|\s(?=(?:after|because|nachdem|weil|that|which)\s)"
    # a condition is a clause of its own: 'has offered an aid package if the carmaker keeps
    # the plant' reports the offer (a comma sets off most German ones already)
    r"|\s(?=(?:if|unless|falls|sofern)\s)",
    re.IGNORECASE,
)


def _future_infinitive(tokens: tuple[str, ...], index: int) -> bool:
    """A headline's 'to' before a state change ('Stellantis to close plant'), not after a decision
    that made it ('Duma votes to ratify'), nor before a noun ('agree to arbitration')."""
    if tokens[index].lower() != "to" or index + 1 >= len(tokens):
        return False
    if index > 0 and tokens[index - 1].lower() in _TO_DECIDED:
        return False
    following = tokens[index + 1]
    return following.islower() and concept(lemma(following, "en")) in STEP_VERBS


_PASSIVE_AUXILIARIES = frozenset(("wird", "werden"))
# the infinitives that end a future passive or perfect ('wird evakuiert werden', 'wird
# abgeschlossen sein')
_FUTURE_ENDS = frozenset(("werden", "sein", "haben"))


def _passive_present(tokens: tuple[str, ...], index: int, clause_of: list[int]) -> bool:
    """'wird' or 'werden' at `index` is a present passive, a report and no forecast: its clause
    ends on a participle ('Wegen des Brandes wird das Dorf Niebelhorst evakuiert'), not on an
    infinitive ('wird das Dorf evakuieren', 'wird evakuiert werden'). A participle is told by
    its lemma: the infinitive it comes from is another word."""
    if tokens[index].lower() not in _PASSIVE_AUXILIARIES:
        return False
    clause = clause_of[index]
    last = next(
        (
            tokens[j]
            for j in range(len(tokens) - 1, index, -1)
            if clause_of[j] == clause and tokens[j].isalpha()
        ),
        None,
    )
    if last is None or not last[:1].islower() or last.lower() in _FUTURE_ENDS:
        return False
    lower = last.lower()
    # (a verb in -ieren the lexicon lacks: 'evakuiert')
    return lemma(last, "de") != lower or (lower.endswith("iert") and len(lower) > 6)


def _clauses(sentence: str, total: int) -> list[int]:
    """The clause number of each of the sentence's `total` tokens (one clause if they do not
    line up, as when the caller tokenised otherwise)."""
    clauses: list[int] = []
    for number, part in enumerate(_CLAUSE_BREAK.split(sentence)):
        clauses += [number] * len(tokenize(part))
    return clauses if len(clauses) == total else [0] * total


# a day of the week says when, not what (German days map to these through the concept list):
# 'on Monday' is in most reports of any story and would match one story with another
_WEEKDAYS = frozenset(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
)


# ... but that a report tells something that happened then: news names its day in its lead
_NEWS_DAY = re.compile(
    r"\b(?:"
    + "|".join(
        (
            *sorted(_WEEKDAYS),
            *("yesterday", "today", "tonight"),
            *("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
            *("gestern", "heute"),
        )
    )
    # a time of the day may follow ('Mittwochabend'), not another noun ('Sonntagstouren')
    + r")(?:früh|morgen|vormittag|mittag|nachmittag|abend|nacht)?\b",
    re.IGNORECASE,
)


# ... not a day a scene is set on ('an diesem Mittwochmorgen', 'this Saturday afternoon')
_THIS_DAY = re.compile(r"\b(?:diesem|diesen|jenem|this|that)\s+$", re.IGNORECASE)


def names_a_day(sentence: str) -> bool:
    """The sentence names the day something happened ('on Thursday', 'am Mittwochabend',
    'gestern'), as a news report's lead does and a scene's rarely; a day set by a demonstrative
    ('an diesem Mittwochmorgen') is a scene's."""
    return any(
        _THIS_DAY.search(sentence[: found.start()]) is None
        for found in _NEWS_DAY.finditer(sentence)
    )


def place_key(token: str, language: str | None) -> str | None:
    """The name key a place or its people's word reads as ('Russland', 'Russia', 'russische',
    'Nordkorea' -> n:rs, n:rs, n:rs, n:north_korea), or None for no place."""
    lower = token.lower()
    demonym = _demonym(lower)
    if demonym is not None:
        return "n:" + demonym if "_" in demonym else name_key(demonym)
    place = PLACES_DE_EN.get(lower) if _lang(language) == "de" else None
    if place is None and _lang(language) == "de" and len(lower) > 3 and lower.endswith("s"):
        place = PLACES_DE_EN.get(lower[:-1])  # the genitive: 'Nordkoreas', 'Moskaus'
    if place is not None:
        return "n:" + place if "_" in place else name_key(place)
    if lower.replace(" ", "_") in _PLACE_NAMES:
        return "n:" + lower
    return None


# steps whose word is also a word of something else: a signboard or a hint ('a hand-painted
# sign reads', 'signs of a thaw', 'no sign of the climbers'), an offer ('not for sale', 'steht
# zum Verkauf'), remembering ('neighbours recall'): no step where the words around tell that
# sense
_NOUN_SENSES = frozenset(["sign", "sale", "recall"])
# English 'recall' as remembering ('neighbours recall the lorries', 'she recalled how'): its
# rememberers before it, what is remembered after it
_RECALLING = frozenset(
    ["i", "we", "you", "he", "she", "they", "who", "residents", "neighbours", "neighbors",
     "witnesses", "survivors", "villagers", "locals", "people", "colleagues", "friends",
     "relatives", "passengers", "guests", "older", "many", "some", "still", "later", "fondly"]
)  # fmt: skip
_RECALLED = frozenset(["how", "that", "when", "what", "being", "seeing", "hearing", "vividly"])
_SIGN_NOUN_BEFORE = _DETERMINERS | frozenset(["no", "any", "clear", "first", "warning", "early"])
_SIGN_NOUN_AFTER = frozenset(["of", "that", "reads", "read", "reading", "saying", "says"])


def _noun_sense(tokens: tuple[str, ...] | list[str], index: int, lang: str) -> bool:
    """Whether the step word at `index` stands for its other noun (`_NOUN_SENSES`)."""
    lower = tokens[index].lower()
    before = tokens[index - 1].lower() if index > 0 else ""
    after = tokens[index + 1].lower() if index + 1 < len(tokens) else ""
    if lang == "en" and lower in ("sign", "signs"):
        # 'the clearest sign yet', 'the latest sign of'
        superlative = before.endswith("est") and len(before) > 4
        return before in _SIGN_NOUN_BEFORE or superlative or after in _SIGN_NOUN_AFTER
    if lang == "en" and lower.startswith("recall"):
        return before in _RECALLING or after in _RECALLED
    return (lower == "sale" and before == "for") or (lower == "verkauf" and before == "zum")


def _token_key(
    token: str, lang: str, stop: frozenset[str], is_name: bool
) -> tuple[str, str] | None:
    """A token's key and kind ('name', 'number', 'event', 'word'), or None for a stopword."""
    lower = token.lower()
    if is_number(token) or lower in NUMBER_WORDS:
        return "#" + (NUMBER_WORDS.get(lower) or normalize_number(token)), "number"
    if lower in stop or len(token) < 2:
        return None
    if lower == "un" and not token.isupper():
        return None  # the end of Kim Jong Un (Jong-un), not the United Nations
    place = place_key(token, lang)
    if place is not None:
        return place, "name"
    if is_name:
        key = name_key(token)
        if len(key) > 3:
            return key, "name"
    base = lemma(token, lang)
    word = _INFLECTED_CONCEPTS.get(lower) or concept(base)
    if lang == "de" and word == base == lower:
        word = _participle_concept(lower) or word
    # a concept that is a stopword of the other language is no key ('die' of 'died' is one of
    # German's), unless it is an event ('died': die)
    if (word in _ALL_STOPWORDS and word not in EVENT_CONCEPTS) or len(word) < 2:
        return None
    if word in _WEEKDAYS:
        return None
    return _word_key(word)


# English forms that are steps where their lemma is not ('fined': 'a fine day'; 'grounded', a
# fleet kept on the ground: 'ground troops')
_INFLECTED_CONCEPTS = {
    "fined": "penalty",
    "fines": "penalty",
    "grounded": "suspend",
    "shot": "shoot",  # the lemmatiser reads the noun
}


def _participle_concept(word: str) -> str | None:
    """The concept of a German past participle the lemmatiser leaves as it is ('vereidigt',
    'ratifiziert'): its infinitive's, when the word list knows that verb."""
    if not word.endswith("t"):
        return None
    for infinitive in (word[:-1] + "en", word[:-2] + "en"):
        if infinitive in CONCEPTS:
            return CONCEPTS[infinitive]
    return None


def _word_key(word: str) -> tuple[str, str]:
    """A concept's key and kind: an event ('sign', 'resign') or a plain word."""
    return word, "event" if word in EVENT_CONCEPTS else "word"


# German verb particles that stand apart at the end of a clause ('Der Minister tritt zurück',
# 'Die Regierung hebt die Sanktionen auf', 'Der Bundestag stimmt dem Abkommen zu')
_PARTICLES = frozenset(
    [
        "ab",
        "an",
        "auf",
        "aus",
        "bei",
        "ein",
        "fest",
        "frei",
        "mit",
        "nieder",
        "vor",
        "zu",
        "zurück",
        "zusammen",
        "um",
        "weg",
        "los",
        "fort",
    ]
)


# a particle followed by one of these still ends its verb's part of the sentence ('bestellte den
# Botschafter ein und protestierte')
_COORDINATORS = frozenset(["und", "oder", "aber", "sondern", "denn", "sowie"])


def _separable_verbs(
    tokens: tuple[str, ...], clause_of: list[int], skip: frozenset[int]
) -> dict[int, tuple[int, str]]:
    """German verbs told apart from their particle, read as the whole verb's concept: the verb's
    position -> (the particle's position, the concept). Only verbs the word list knows whole
    (zurücktreten, aufheben, zustimmen, festnehmen, ...): 'tritt zurück' is a resignation, not
    'treten' (in force) and 'zurück'."""
    found: dict[int, tuple[int, str]] = {}
    for end, token in enumerate(tokens):
        particle = token.lower()
        if (
            particle not in _PARTICLES
            or end in skip
            or (
                end + 1 < len(tokens)
                and clause_of[end + 1] == clause_of[end]
                and tokens[end + 1].lower() not in _COORDINATORS
            )
        ):
            continue
        for index in range(end - 1, -1, -1):
            if clause_of[index] != clause_of[end]:
                break
            word = tokens[index]
            if index in skip or index in found or not word[:1].islower():
                continue
            whole = particle + lemma(word, "de")
            if whole in CONCEPTS:
                found[index] = (end, CONCEPTS[whole])
                break
    return found


# Words that deny their clause's event: 'Moscow has neither confirmed nor denied', 'Die Bank hat
# die Ursache nicht genannt': what did not happen is no fact that a later report of it would
# repeat ('no', 'kein' and 'without' deny a noun: 'passed without a vote' passed)
_NEGATIONS = {
    "de": frozenset(["nicht", "nie", "niemals", "weder"]),
    "en": frozenset(["not", "never", "neither", "nor", "cannot"]),
}
# English contractions, tokenised as 'didn', 't'
_NEGATED_AUXILIARIES = frozenset(
    ["didn", "doesn", "don", "hasn", "haven", "hadn", "wasn", "weren", "isn", "aren", "won",
     "wouldn", "couldn", "shouldn", "mustn"]
)  # fmt: skip
# ... and a clause whose subject is nobody ('Verletzt wurde niemand', 'no one was hurt'), or
# whose event is denied by 'no' or 'kein' ('No injuries were reported', 'keine Verletzten'):
# what did not happen is news the day it does ('ein Feuerwehrmann wurde schwer verletzt')
_NOBODY = {
    "de": frozenset(["niemand", "niemanden", "keiner"]),
    "en": frozenset(["nobody", "noone"]),
}
_NO = {
    "de": frozenset(["kein", "keine", "keinen", "keinem", "keines"]),
    "en": frozenset(["no"]),
}
# every word that may deny, per language (a cheap test before `_is_negation`)
_NEGATION_WORDS = {
    "de": _NEGATIONS["de"] | _NOBODY["de"] | _NO["de"],
    "en": _NEGATIONS["en"] | _NEGATED_AUXILIARIES | _NOBODY["en"] | _NO["en"],
}
# 'not only', 'nicht nur', 'not least', 'nicht zuletzt', 'not much more than', 'gar nicht so
# selten': no denial
_NOT_DENIED = frozenset(
    ["only", "just", "least", "much", "more", "less", "far", "nur", "zuletzt", "weniger", "so"]
)


def _is_negation(tokens: tuple[str, ...], index: int, lang: str) -> bool:
    """Whether the token at `index` denies its clause ('not', 'nicht', 'didn't', 'niemand',
    'no one', 'no injuries')."""
    lower = tokens[index].lower()
    following = tokens[index + 1].lower() if index + 1 < len(tokens) else ""
    if lang == "en" and lower in _NEGATED_AUXILIARIES:
        return following == "t"
    if lower in _NOBODY.get(lang, frozenset()):
        return True
    if lower in _NO.get(lang, frozenset()):
        if lang == "en" and following == "one":
            return True
        # 'no' or 'kein' before harm, an adjective between at most ('keine schweren
        # Verletzungen'): the harm is denied; before anything else it denies a thing, not the
        # clause ('passed with no amendments', 'keine Rettung mehr' for a ward that is closed)
        return any(
            tokens[position].lower() in _HARM_NOUNS
            for position in range(index + 1, min(index + 3, len(tokens)))
        )
    if lower not in _NEGATIONS.get(lang, frozenset()):
        return False
    return following not in _NOT_DENIED and not following[:1].isdigit()


# nouns of harm that 'no' or 'kein' deny ('no injuries', 'keine Verletzten', 'no casualties'):
# a later report of harm is news
_HARM_NOUNS = frozenset(
    ["injury", "injuries", "injured", "casualty", "casualties", "death", "deaths", "dead",
     "fatality", "fatalities", "victim", "victims", "verletzte", "verletzten", "verletzter",
     "verletzungen", "verletzung", "tote", "toten", "todesopfer", "opfer", "schwerverletzte",
     "schwerverletzten"]
)  # fmt: skip


# A person's age ('der 67-Jährige', 'a 34-year-old', 'Renate Göbel, 71,', 'Anna K. (58)') and a
# clock time ('um 5.50 Uhr') are no counts: a colour piece's people and hours are not the story's
# numbers. Such a number keys as '#71:age' or '#5:50', which `date_like` reads as no count.
_AGE_WORDS = re.compile(
    r"\b(\d{1,3})(?:-|\s)?(?:jährige[nrms]?|year-olds?|years-old)\b"
    r"|\b(\d{1,3})\s(?:jahre|years)\s(?:alt|alte[nrms]?|old)\b"
    r"|\b(?:aged|im\salter\svon)\s(\d{1,3})\b",
    re.IGNORECASE,
)
_AGE_AFTER_NAME = re.compile(r"\b[^\W\d_][\w'.-]*(?:,\s(\d{1,3}),|\s\((\d{1,3})\))")
# the other age of a pair: 'aged 67 and 64', '67 und 64 Jahre alt'
_AGE_PAIRS = re.compile(
    r"\b(?:aged|im\salter\svon)\s\d{1,3}\s(?:and|und|or|oder|to|bis)\s(\d{1,3})\b"
    r"|\b(\d{1,3})\s(?:and|und|or|oder|to|bis)\s\d{1,3}\s(?:jahre|years)\s(?:alt|alte[nrms]?|old)\b",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"\b(\d{1,2})\.(\d{2})\s?Uhr\b")
# a place's population ('a village of 4,200 people', 'Kettnitz hat knapp 1.800 Einwohner') is no
# count of the story either
_POPULATION = re.compile(
    r"\b(?:village|town|city|community|municipality|island)\s+of\s+(?:about\s+|around\s+|some\s+"
    r"|nearly\s+|almost\s+)?(\d[\d.,]*)\s+(?:people|inhabitants)\b"
    r"|\b(\d[\d.,]*)\s+(?:Einwohnern?|Einwohnerinnen|inhabitants)\b"
)


def _ages_and_times(sentence: str) -> dict[str, str]:
    """The sentence's number tokens that are an age, a clock time or a population, each with its
    key."""
    if not any(c.isdigit() for c in sentence):
        return {}
    found: dict[str, str] = {}
    for pattern in (_AGE_WORDS, _AGE_AFTER_NAME, _AGE_PAIRS):
        for match in pattern.finditer(sentence):
            number = next(group for group in match.groups() if group is not None)
            found[number] = f"#{number}:age"
    for match in _POPULATION.finditer(sentence):
        number = next(group for group in match.groups() if group is not None)
        found[number] = f"#{normalize_number(number)}:people"
    for match in _CLOCK.finditer(sentence):
        found[f"{match.group(1)}.{match.group(2)}"] = f"#{match.group(1)}:{match.group(2)}"
    return found


def sentence_features(
    sentence: str,
    language: str | None,
    tokens: tuple[str, ...] | None = None,
    skip: frozenset[int] = frozenset(),
    doc_names: frozenset[str] = frozenset(),
    headline_case: bool = False,
    headline: bool = False,
) -> SentenceFeatures:
    """Keys of one sentence: names, normalised numbers and concept lemmas without stopwords.
    Token positions in `skip` (already read as a topic alias, say) give no key of their own."""
    lang = _lang(language)
    stop = STOPWORDS[lang]
    modal_words = MODAL_WORDS[lang]
    tokens = tuple(tokenize(sentence)) if tokens is None else tokens
    keys: set[str] = set()
    names: set[str] = set()
    numbers: set[str] = set()
    events: set[str] = set()
    heads = frozenset(_HYPHEN_HEAD.findall(sentence)) if lang == "de" else frozenset()
    opening = 0 if headline else _dateline_tokens(sentence)
    flags = _name_flags(tokens, lang, doc_names, headline_case, heads, opening)
    # two-word places (South Korea) read as one name, like the German one-word spelling
    pairs: dict[int, str] = {}
    # an amount of money in millions written short ('€1.43m', '£180m'): the tokens '1.43', 'm'
    millions = frozenset(_MONEY_IN_MILLIONS.findall(sentence)) if lang == "en" else frozenset()
    for index in range(len(tokens) - 1):
        joined = f"{tokens[index]}_{tokens[index + 1]}".lower()
        place = joined if joined in _PLACE_NAMES else _demonym(joined)
        if place is None and lang == "de":
            # a German place the tokenizer split at its hyphen ('Sachsen-Anhalt')
            place = _HYPHENED_PLACES.get(joined)
        key = "n:" + place if place is not None else _TWO_WORD_CONCEPTS.get(joined)
        if key is None:
            key = scaled_number(tokens[index], tokens[index + 1], lang)
        if key is None and tokens[index + 1] == "m" and tokens[index] in millions:
            key = scaled_number(tokens[index], "million", lang)
        if (
            key is None
            and tokens[index + 1][:1].isdigit()  # (most pairs end in a word: a cheap test first)
            and index - 1 not in pairs
            and (code := code_number(tokens, index, lang)) is not None
        ):
            # a code keeps its key inside a topic's alias too ('A 7' of a motorway topic): it
            # is more specific than the topic's term, as a one-word alias is
            pairs[index] = code
            skip = skip | {index, index + 1}
            continue
        particle = tokens[index + 1].lower()
        if (
            key is None
            and lang == "en"
            and particle in _PHRASAL_PARTICLES
            and tokens[index].islower()
            and (index == 0 or tokens[index - 1].lower() not in _DETERMINERS)
        ):
            key = _PHRASAL_VERBS.get(f"{lemma(tokens[index], lang)}_{particle}")
        if key is not None and index not in skip and index + 1 not in skip:
            pairs[index] = key
            skip = skip | {index, index + 1}
    for key in pairs.values():
        if key.startswith("n:"):
            names.add(key)
        elif key.startswith("#"):
            numbers.add(key)
        elif key in EVENT_CONCEPTS:
            events.add(key)
        keys.add(key)
    # A forecast or condition covers the clause that says it: 'Die EZB senkte den Zins, weitere
    # Schritte könnten folgen' reports a cut; 'Verdi hat den Streik ausgeweitet: die Beschäftigten
    # sollen ...' reports a step, its explanation does not undo it; 'Das Gesetz, das Putin noch
    # unterzeichnen muss' forecasts the signing (a German verb stands before its modal).
    clause_of = _clauses(sentence, len(tokens))
    measures = _ages_and_times(sentence)
    negations = _NEGATION_WORDS.get(lang, frozenset())
    modal_clauses = set()
    denied = set()
    lowered = tuple(t.lower() for t in tokens)
    # the clauses whose only forecast word is 'proposed': they report the proposal made
    proposed_only: dict[int, bool] = {}
    for index, lower in enumerate(lowered):
        if lower in negations and _is_negation(tokens, index, lang):
            denied.add(clause_of[index])
        elif (
            (
                _is_modal_word(tokens, index, modal_words)
                and not (lang == "de" and _passive_present(tokens, index, clause_of))
            )
            or (lower in ("has", "have") and index + 1 < len(tokens) and tokens[index + 1] == "to")
            or (headline and lang == "en" and _future_infinitive(tokens, index))
        ):
            modal_clauses.add(clause_of[index])
            clause = clause_of[index]
            proposed_only[clause] = proposed_only.get(clause, True) and lower == "proposed"
    outright = [c not in modal_clauses and c not in denied for c in clause_of]
    if modal_clauses and (_decides(lowered, lang, outright) or _penalty_imposed(lowered)):
        # what is to be done, told as decided ('Die Brücke muss abgerissen werden, entschied die
        # Autobahn GmbH'; 'will hand him over, the authorities decided'): a decision taken
        modal_clauses = set()
    modal_clauses |= denied
    # what a time is reckoned from ('Zwei Tage nach dem Urteil', 'Three days after the
    # Bundestag voted', 'Nach der Abstimmung:') is the story's known step, not the news
    anchored = _time_anchor(lowered, clause_of, sentence)
    # keys said at least once outside a forecast
    said = {
        key
        for index, key in pairs.items()
        if clause_of[index] not in modal_clauses and index not in anchored
    }
    separable = _separable_verbs(tokens, clause_of, skip) if lang == "de" else {}
    skip = skip | {particle for particle, _word in separable.values()}
    for index, token in enumerate(tokens):
        if index in skip:
            continue
        found = (
            _word_key(separable[index][1])
            if index in separable
            else _token_key(token, lang, stop, flags[index])
        )
        if found is not None and found[1] == "number" and token in measures:
            found = (measures[token], "number")
        if found is None or (found[0] in _NOUN_SENSES and _noun_sense(tokens, index, lang)):
            continue
        found_keys = [found]
        if lang == "de" and found[1] in ("word", "event"):
            parts = compound_parts(token)
            if parts is not None:
                # the head carries the compound's meaning (Zinssenkung is a cut); the modifier
                # only qualifies it (an Übernahmeangebot is an offer, not a takeover)
                modifier, head = parts
                head_key = _token_key(head, lang, stop, False)
                if head_key is not None:
                    found_keys.append(head_key)
                modifier_word = lemma(modifier, "de")
                if modifier_word not in stop and len(modifier_word) >= MIN_MODIFIER:
                    found_keys.append((modifier_word, "word"))
        for key, kind in found_keys:
            if key == "propose" and _after_a_determiner(tokens, index):
                continue  # 'the proposed merger': the merger's, no proposal made here
            keys.add(key)
            {"name": names, "number": numbers, "event": events}.get(kind, set()).add(key)
            told = clause_of[index] not in modal_clauses and index not in anchored
            if told or (key == "propose" and proposed_only.get(clause_of[index])):
                said.add(key)
    # steps told by a phrase, each test reading the sentence's tokens lowered once
    phrases = [
        ("in_force", in_force(lowered)),
        ("launch", on_the_market(lowered)),
        ("under_control", under_control(lowered)),
        ("file_suit", filed_suit(lowered)),
        ("court_hearing", court_hearing(lowered)),
        ("contact_made", contact_changed(lowered)),
        ("data_published", data_published(lowered)),
        ("state_declared", state_declared(lowered)),
        ("lift", declared_over(lowered)),
        ("resume", running_again(lowered) or back_to_normal(lowered) or back_in_service(lowered)),
        ("first_run", running_first(lowered) or put_into_service(lowered)),
        ("cause_found", cause_found(lowered)),
        ("raise", count_rose(lowered)),
        ("release", set_free(lowered)),
        ("lift", allowed_back(lowered)),
        ("arrive", landed(lowered)),
        ("approve", permit_granted(lowered)),
        ("impose", sanctions_listed(lowered)),
    ]
    if lang == "de":
        phrases += _german_phrase_events(lowered)
    for event, present in phrases:
        if present:
            keys.add(event)
            events.add(event)
            if not modal_clauses or len(modal_clauses) < len(set(clause_of)):
                said.add(event)

    def unsay(event: str, instead: str | None = None) -> None:
        """The sentence does not tell `event` after all (but `instead`, if given)."""
        for held in (keys, events, said):
            held.discard(event)
            if instead is not None:
                held.add(instead)

    if "begin" in events and (
        (lang == "en" and begins_something_else(lowered))
        # 'wieder geöffnet' opens again what was open before: reopened, as in English
        or (lang == "de" and "reopen" in events and not _OPENS.isdisjoint(lowered))
    ):
        unsay("begin")
    if lang == "de" and "arrive" in events and matters(lowered):
        # 'worauf es ankommt', 'es kommt auf den Preis an': what matters, no arrival
        unsay("arrive")
    if "find" in events and lang == "de" and _takes_place(lowered):
        # 'stattfinden': something takes place, nothing is found
        unsay("find")
    if "dead" in events and not _MOURNS.isdisjoint(lowered):
        # 'Ellerfeld trauert um toten Marathonläufer', 'town mourns its dead': the mourning of
        # a death the story told
        unsay("dead")
    if "install" in events and not (headline or names_a_day(sentence)):
        # what was installed once is a story's background ('sensors installed inside the
        # bridge'): an installation is news on its day ('Am Dienstag ist die neue Laterne
        # aufgesetzt worden') or in a headline
        unsay("install")
    if lang == "en" and "close" in events and near(lowered):
        # 'something close to relief', 'close to the border': near, no closure
        unsay("close")
    crashes = (
        [lowered[i + 1 : i + 2] for i, t in enumerate(lowered) if t.startswith("crash")]
        if "crash" in events
        else []
    )
    if crashes and all(after in (("test",), ("tests",), ("testing",)) for after in crashes):
        # 'a new rollover crash test': a test's name, nothing came down
        unsay("crash")
    if lang == "en" and "pass" in events and _passing_by(lowered):
        # 'greets passing ships', 'a passing car': going by, no bill passed
        unsay("pass")
    if lang == "en" and "dismiss" in events and dismissed_as(lowered):
        # 'dismissed the report as fabricated': a denial, not a dismissal from office
        unsay("dismiss", instead="deny")
    for stage, index in inquiry_reports(lowered).items():
        keys.add(stage)
        events.add(stage)
        if clause_of[index] not in modal_clauses and index not in anchored:
            said.add(stage)
    return SentenceFeatures(
        text=sentence,
        tokens=tokens,
        keys=frozenset(keys),
        names=frozenset(names),
        numbers=frozenset(numbers),
        events=frozenset(events),
        modal_keys=frozenset(keys - said),
    )


_AFTER = frozenset(["nach", "after"])
# the words after a number that make it an hour of the clock ("sieben Uhr", "seven o'clock")
_HOURS = frozenset(["uhr", "o"])
# an hour told without its 'Uhr' ('um halb elf', 'kurz nach sechs', 'half past nine', 'just
# before ten'): a colour piece's clock, no count
_HALF_HOURS = frozenset(["halb", "viertel", "dreiviertel", "past"])
_NEAR_HOURS = frozenset(["nach", "vor", "after", "before", "to"])
_SHORTLY = frozenset(["kurz", "viertel", "just", "shortly", "quarter", "half"])


def _span_or_hour(tokens: list[str], index: int) -> bool:
    """Whether the number word at `index` of the lowered `tokens` tells a span of time ('acht
    Wochen') or an hour of the clock ('sieben Uhr', 'um halb elf', 'kurz nach sechs')."""
    following = tokens[index + 1] if index + 1 < len(tokens) else ""
    if following in _SPANS or following in _HOURS:
        return True
    before = tokens[index - 1] if index > 0 else ""
    if before in _HALF_HOURS:
        return True
    return before in _NEAR_HOURS and index > 1 and tokens[index - 2] in _SHORTLY


_BEFORE = frozenset(["bevor", "before"])
# words of an anchor's phrase: its article and the step that names it, a few words on
ANCHOR_WORDS = 4


# an agency's dateline before a lead ('Wien/St. Jakob am Rauchkogel (APA) - ', 'KOBLENZ,
# Germany - '): the lead's words start after it
_AGENCY_DATELINE = re.compile(
    rf"^(?:{_AGENCY_IN_BRACKETS}|[A-ZÄÖÜ][A-ZÄÖÜ .'-]+(?:,\s[A-Z][\w .'-]{{1,30}})?)"
    r"\s*[-–—]\s+(?=[A-ZÄÖÜ\"„])"
)


def _dateline_tokens(sentence: str) -> int:
    """How many tokens a dateline opening `sentence` takes (0: none)."""
    match = _DATELINE.match(sentence) or _AGENCY_DATELINE.match(sentence)
    return len(_TOKEN.findall(match.group())) if match is not None else 0


def _time_anchor(lowered: tuple[str, ...], clause_of: list[int], sentence: str) -> set[int]:
    """The token positions of a phrase a time is reckoned from: 'nach' or 'after' after a span
    ('Zwei Tage nach dem Urteil gegen ...', 'Three days after the Bundestag voted') or opening
    the sentence ('Nach dem Urteil:', 'After the vote:'; after its dateline: 'Wien (APA) - Nach
    dem Absturz ...'), and the few words after it in its clause (`lowered`: the tokens of
    `sentence` in lower case)."""
    anchored: set[int] = set()
    if _AFTER.isdisjoint(lowered) and _BEFORE.isdisjoint(lowered):
        return anchored
    opening = _dateline_tokens(sentence)  # only for a sentence that says 'nach' or 'after'
    for index, token in enumerate(lowered):
        if token not in _AFTER and token not in _BEFORE:
            continue
        if index not in (0, opening) and lowered[index - 1] not in _SPANS:
            continue
        # 'before' opens a clause of its own ('zwei Stunden bevor die Sparkasse öffnete'): all
        # of it is the anchor; 'nach' a phrase of a few words
        end = len(lowered) if token in _BEFORE else min(index + 1 + ANCHOR_WORDS, len(lowered))
        anchored.update(i for i in range(index + 1, end) if clause_of[i] == clause_of[index])
    return anchored


# A decision taken, told of what is to be done ('Die Brücke muss abgerissen werden. Das hat die
# Autobahn GmbH entschieden'): its forecast is the decision's content, a step, not a forecast.
_DECIDED = {
    "de": frozenset(
        ["entschieden", "entschied", "beschlossen", "beschloss", "angeordnet", "festgelegt",
         "verfügt", "verfügte", "geeinigt", "einigten", "einigte", "vereinbart", "vereinbarten",
         "vereinbarte"]
    ),
    "en": frozenset(["decided", "ruled", "ordered", "agreed", "resolved"]),
}  # fmt: skip
# the word that opens a sentence telling of the one before it ('Das hat ... entschieden')
_THAT = frozenset(["das", "dies", "darauf", "this", "that"])


def _decides(lowered: tuple[str, ...], lang: str, said: list[bool]) -> bool:
    """Whether a clause the sentence says outright (`said`, per token) tells a decision
    (`lowered`: the sentence's tokens in lower case)."""
    forms = _DECIDED.get(lang, frozenset())
    return any(ok and token in forms for token, ok in zip(lowered, said, strict=False))


# a penalty someone must pay ('muss ein Bußgeld von 45.000 Euro zahlen', 'must pay a fine')
_PENALTIES = ("bußgeld", "geldbuße", "geldstrafe", "strafzahlung", "schadenersatz",
              "schadensersatz", "schmerzensgeld", "fine", "penalty", "damages")  # fmt: skip
_PAY = frozenset(["zahlen", "bezahlen", "pay"])
_MUST = frozenset(["muss", "müssen", "must"])


def _penalty_imposed(lowered: tuple[str, ...]) -> bool:
    """A penalty someone must pay is one imposed ('Brauerei muss Bußgeld zahlen'): the decision
    taken, not a forecast (`lowered`: the sentence's tokens in lower case)."""
    return (
        not _MUST.isdisjoint(lowered)
        and not _PAY.isdisjoint(lowered)
        and any(t.startswith(_PENALTIES) for t in lowered)
    )


def decides_the_forecast(features: SentenceFeatures, language: str | None) -> bool:
    """Whether a sentence tells that the one before it was decided ('Das hat der Stadtrat am
    Donnerstag beschlossen', 'This was decided on Monday'), saying it outright."""
    lowered = tuple(t.lower() for t in features.tokens)
    if not lowered or lowered[0] not in _THAT or features.modal_keys:
        return False
    return _decides(lowered, _lang(language), [True] * len(lowered))


# what a court sentences someone to: prison, a camp, a fine, probation, a term in years or months
_SENTENCED_TO = frozenset(
    ["haft", "gefängnis", "freiheitsstrafe", "haftstrafe", "jugendstrafe", "straflager",
     "lagerhaft", "strafkolonie", "arbeitslager", "geldstrafe", "bewährung", "lebenslang",
     "lebenslanger", "tagessätzen", "jahren", "monaten"]
)  # fmt: skip


def _german_phrase_events(lowered: tuple[str, ...]) -> list[tuple[str, bool]]:
    """Steps German tells by a phrase whose words alone say something else (`lowered`: the
    sentence's tokens in lower case)."""
    return [
        ("sentence", sentenced(lowered)),
        ("pass", let_pass(lowered)),
        ("settlement", settled(lowered)),
        ("seize", secured(lowered)),
        ("die", lost_life(lowered)),
        ("renegotiate", renegotiated(lowered)),
        ("file_suit", complaint_lodged(lowered)),
        ("appeal", appeal_lodged(lowered)),
        ("overturn", declared_void(lowered)),
        ("agree", agreed(lowered)),
        ("amend", law_amended(lowered)),
        ("resume", resumed(lowered)),
        ("reopen", reopened(lowered)),
        ("launch", body_set_up(lowered)),
        ("arrest", caught(lowered)),
        ("cause_found", traced_back(lowered)),
    ]


# bodies set up to look into something or to handle a crisis (the word inside a compound:
# 'Untersuchungskommission', 'Bundestags-Untersuchungsausschuss')
_INQUIRY_BODIES = (
    "untersuchungskommission",
    "untersuchungsausschuss",
    "expertenkommission",
    "sonderkommission",
    "sonderermittler",
    "krisenstab",
    "taskforce",
    "arbeitsgruppe",
)
_SETTING_UP = frozenset(
    ["eingesetzt", "einsetzen", "einzusetzen", "eingerichtet", "einrichten", "einzurichten"]
)
_SETS = frozenset(["setzt", "setzte", "setzten", "richtet", "richtete", "richteten"])


def body_set_up(lowered: tuple[str, ...]) -> bool:
    """'eine Untersuchungskommission eingesetzt', 'setzt einen Krisenstab ein': a body set up
    to look into something (English 'set up' is a phrasal verb of its own). The body is the
    verb's object, a few words before its participle or between the verb and its particle
    ('hat Wasserwerfer eingesetzt; eine Untersuchungskommission soll prüfen' sets none up)."""
    bodies = _holding(lowered, _INQUIRY_BODIES)
    if not bodies:
        return False
    for i, t in enumerate(lowered):
        if t in _SETTING_UP and any(i - 6 <= b < i for b in bodies):
            return True
        # the separable verb: 'setzt ... ein' (not 'setzt sich ... ein', to advocate)
        if (
            t in _SETS
            and "sich" not in lowered[i + 1 : i + 3]
            and _before_particle(lowered, i, "ein", bodies)
        ):
            return True
    return False


_VOID = ("ungültig", "nichtig", "unwirksam")
_IS = frozenset(["ist", "sind", "sei", "seien", "war", "waren"])


def declared_void(lowered: tuple[str, ...]) -> bool:
    """'für ungültig erklärt', 'erklärt die Wahl für ungültig', 'die Wahl ist (damit)
    ungültig': annulled ('212 ungültige Stimmen' are spoilt ballots)."""
    return declared_for(lowered, _VOID) or any(
        t in _VOID and not _IS.isdisjoint(lowered[max(0, i - 2) : i]) for i, t in enumerate(lowered)
    )


_DETERMINERS_DE = frozenset(
    ["den", "die", "das", "dem", "der", "des", "einen", "eine", "einem", "einer", "ein"]
)
_TAKE_UP = frozenset(["aufgenommen", "aufnehmen", "aufnahmen", "aufnimmt", "aufnahm"])
_TAKES = frozenset(["nimmt", "nahm", "nahmen", "nehmen", "genommen"])


# ships, trains and planes that run again ('Züge rollen wieder', 'barges sail fully loaded
# again'; not English 'run again', which is standing for office again)
_MOVING_DE = frozenset(
    [
        "fahren",
        "fährt",
        "fuhr",
        "fuhren",
        "rollen",
        "rollt",
        "rollte",
        "rollten",
        "fliegen",
        "fliegt",
        "flog",
        "flogen",
        "verkehren",
        "verkehrt",
        "verkehrte",
        "verkehrten",
        "fließen",
        "fließt",
        "floss",
        "flossen",
    ]
)
_MOVING_EN = frozenset(
    [
        "sail",
        "sails",
        "sailed",
        "sailing",
        "fly",
        "flies",
        "flew",
        "flying",
        "operate",
        "operates",
        "operated",
        "operating",
        "flow",
        "flows",
        "flowed",
        "flowing",
    ]
)


def resumed(lowered: tuple[str, ...]) -> bool:
    """'nimmt den Betrieb wieder auf', 'hat die Arbeit wieder aufgenommen', 'wieder in Betrieb
    genommen': resumed (the separable 'wiederaufnehmen' written apart)."""
    if "wieder" not in lowered:
        return False
    return not _TAKE_UP.isdisjoint(lowered) or (
        not _TAKES.isdisjoint(lowered)
        and (_again_up(lowered) or _followed(lowered, ("in",), ("betrieb",)))
    )


# 'geht auf X zurück', 'ist auf X zurückzuführen': what something is owed to, its cause
_GOES = frozenset(["geht", "gehen", "ging", "gingen", "gehe"])
_TRACED = frozenset(["zurückzuführen", "zurückgeführt"])
# ... not while it is still asked ('ob der Brand auf Brandstiftung zurückgeht, ist unklar')
_STILL_ASKED = frozenset(["ob", "unklar", "unbekannt", "offen"])


def traced_back(lowered: tuple[str, ...]) -> bool:
    """'Der Brand geht auf Brandstiftung zurück', 'Das Leck ist auf Materialermüdung
    zurückzuführen': a cause found (not a count that fell, 'ging auf 112 Millionen Tonnen
    zurück', nor a cause still asked)."""
    if "auf" not in lowered or not _STILL_ASKED.isdisjoint(lowered):
        return False
    for start in (i for i, word in enumerate(lowered) if word == "auf"):
        if not _TRACED.isdisjoint(lowered[start:]):
            return True
        if "zurück" in lowered[start:] and not _GOES.isdisjoint(lowered[:start]):
            # ('Der Unfall auf der A 7 geht auf Glätte zurück': the 'auf' after the verb)
            between = lowered[start + 1 : start + lowered[start:].index("zurück")]
            if not any(t[:1].isdigit() for t in between):
                return True
    return False


# mourning a death ('trauert um', 'mourns')
_MOURNS = frozenset(
    ["trauert", "trauern", "trauerte", "trauerten", "betrauert", "betrauern", "mourns",
     "mourn", "mourned", "mourning"]
)  # fmt: skip
_FINDS = frozenset(["findet", "finden", "fand", "fanden"])


def _takes_place(lowered: tuple[str, ...]) -> bool:
    """'stattfinden', 'findet ... statt': something takes place."""
    return any(t.startswith("stattf") for t in lowered) or (
        "statt" in lowered and not _FINDS.isdisjoint(lowered)
    )


# forms of 'öffnen', 'eröffnen' and 'aufmachen' (written apart: 'macht wieder auf')
_OPENS = frozenset(
    ["öffnen", "öffnet", "öffnete", "öffneten", "geöffnet", "eröffnen", "eröffnet", "eröffnete",
     "eröffneten", "aufmachen", "aufgemacht"]
)  # fmt: skip
# tokens between 'wieder' and the verb it qualifies ('wieder für Besucher geöffnet')
AGAIN_SPAN = 4


def reopened(lowered: tuple[str, ...]) -> bool:
    """'darf wieder öffnen', 'ist wieder für Besucher geöffnet', 'öffnet wieder', 'Luftraum
    wieder frei': reopened, as the English 'reopen' and the German 'wiedereröffnet' say in one
    word."""
    if "wieder" not in lowered:
        return False
    for index, word in enumerate(lowered):
        if word == "wieder":
            near = lowered[max(0, index - AGAIN_SPAN) : index + AGAIN_SPAN + 1]
            # ... and 'wieder frei': an airspace, a road, a port open again
            if not _OPENS.isdisjoint(near) or "frei" in near:
                return True
    return False


# 'erstmals', 'zum ersten Mal', 'for the first time', 'the first ... ': a first of its kind
_FIRST_DE = frozenset(["erstmals", "erstmalig"])
# words after 'first' that may hold the verb it opens
FIRST_SPAN = 12


def running_first(lowered: tuple[str, ...]) -> bool:
    """Gas, ships, trains or planes that run for the first time: a line or a terminal begins
    its service ('Erstmals fließt Wasserstoff durch die Leitung', 'first tanker unloaded as gas
    starts flowing'): a step of its own, after the construction's or the season's start."""
    if not _MOVING_EN.isdisjoint(lowered):
        # 'first' before the verb it opens ('the first tanker ... as gas starts flowing'), not
        # 'the first report said oil was flowing' far before it
        return any(
            lowered[i] == "first" and not _MOVING_EN.isdisjoint(lowered[i + 1 : i + FIRST_SPAN])
            for i in range(len(lowered))
        )
    if _MOVING_DE.isdisjoint(lowered):
        return False
    return not _FIRST_DE.isdisjoint(lowered) or _followed(lowered, ("ersten",), ("mal",))


_TAKE_GO = frozenset(
    ["genommen", "nimmt", "nahm", "nahmen", "nehmen", "gegangen", "geht", "ging", "gingen",
     "gehen"]
)  # fmt: skip
_SERVICE_EN = frozenset(["operation", "service"])
# the words without which a sentence tells no line put (back) into service
_SERVICE_CUES = frozenset(["betrieb", "netz", "operation", "service", "online"])
_AGAIN = frozenset(["wieder", "again", "back"])
_ONLINE_VERBS = frozenset(["came", "comes", "went", "goes", "gone"])


def _in_service_de(lowered: tuple[str, ...]) -> bool:
    """'in Betrieb genommen', 'nimmt ... in Betrieb', 'ans Netz gegangen'."""
    return not _TAKE_GO.isdisjoint(lowered) and (
        _followed(lowered, ("in",), ("betrieb",)) or _followed(lowered, ("ans",), ("netz",))
    )


def back_in_service(lowered: tuple[str, ...]) -> bool:
    """A line, a plant or a ship in service again: 'wieder in Betrieb genommen', 'geht wieder
    ans Netz', 'back into service', 'back online'."""
    if _SERVICE_CUES.isdisjoint(lowered):
        return False
    if "wieder" in lowered:
        return _in_service_de(lowered)
    return _followed(lowered, ("back",), ("online",)) or any(
        word == "back"
        and lowered[i + 1 : i + 2] in (("into",), ("in",))
        and lowered[i + 2 : i + 3] in (("service",), ("operation",))
        for i, word in enumerate(lowered)
    )


_BECOME = frozenset(["become", "became", "becomes", "declared", "now"])
_IS_NOW = _IS - {"war", "waren"}  # the present forms: a past state is no step
# a state told with its beginning ('seit 1990 in Betrieb') or as lasting is no step
_SINCE = frozenset(["seit", "since"])


def ready_for_service(lowered: tuple[str, ...]) -> bool:
    """A site, a system or a network ready for use: 'has become operational', 'declared
    operational', 'Die Flugabwehr ist einsatzbereit', 'Das Netz ist in Betrieb' (not 'seit
    1990 in Betrieb', 'bleibt einsatzbereit', 'nicht einsatzbereit', nor 'wieder': resumed)."""
    if not _SINCE.isdisjoint(lowered) or not _REMAIN.isdisjoint(lowered):
        return False
    if not _AGAIN.isdisjoint(lowered) or "nicht" in lowered or "not" in lowered:
        return False
    if "operational" in lowered:
        return _followed(lowered, _BECOME, ("operational",))
    if "einsatzbereit" in lowered:
        return _followed(lowered, _IS_NOW, ("einsatzbereit",))
    return any(
        lowered[i] in _IS_NOW and lowered[i + 1] == "in" and lowered[i + 2] == "betrieb"
        for i in range(len(lowered) - 2)
    )


def put_into_service(lowered: tuple[str, ...]) -> bool:
    """A line, a plant or a terminal in service for the first time: 'in Betrieb genommen', 'ist
    ans Netz gegangen', 'went into operation', 'entered service', 'came online' (not 'wieder in
    Betrieb', 'back into service': resumed); or ready for it (`ready_for_service`)."""
    if ready_for_service(lowered):
        return True
    if _SERVICE_CUES.isdisjoint(lowered) or not _AGAIN.isdisjoint(lowered):
        return False
    if _in_service_de(lowered):
        return True
    return (
        _followed(lowered, ("into",), _SERVICE_EN)
        or _followed(lowered, ("entered",), ("service",))
        or _followed(lowered, _ONLINE_VERBS, ("online",))
    )


_NORMAL_RUNNING = frozenset(["normalbetrieb", "normalbetriebs", "regelbetrieb", "regelbetriebs"])


def back_to_normal(lowered: tuple[str, ...]) -> bool:
    """A hospital, a plant or a line working as before: resumed ('back to normal', 'working
    normally again', 'wieder im Normalbetrieb', 'arbeiten wieder normal')."""
    if "normal" in lowered or "normally" in lowered:
        return _followed(lowered, ("back",), ("to",)) or "again" in lowered or "wieder" in lowered
    return not _NORMAL_RUNNING.isdisjoint(lowered)


# ... and systems, plants and offices that work again ('Die Leitstelle arbeitet wieder mit dem
# Altsystem', 'Die Produktion läuft wieder'; English 'running again' is standing for office)
_WORKING_DE = frozenset(
    ["läuft", "laufen", "lief", "liefen", "arbeitet", "arbeiten", "arbeitete", "arbeiteten"]
)
_RUNNING_DE = _MOVING_DE | _WORKING_DE


def running_again(lowered: tuple[str, ...]) -> bool:
    """Ships, trains or planes that run again, systems that work again: resumed ('Züge rollen
    wieder', 'barges sail fully loaded again', 'Die Leitstelle arbeitet wieder')."""
    if "again" in lowered:
        return not _MOVING_EN.isdisjoint(lowered)
    return "wieder" in lowered and not _RUNNING_DE.isdisjoint(lowered)


def _again_up(lowered: tuple[str, ...]) -> bool:
    """'wieder auf' ending the verb's clause, not 'wieder auf den Tisch'."""
    return any(
        lowered[i] == "wieder"
        and lowered[i + 1] == "auf"
        and (i + 2 == len(lowered) or lowered[i + 2] not in _DETERMINERS_DE)
        for i in range(len(lowered) - 1)
    )


_CHANGED = frozenset(["geändert", "ändert", "änderte", "änderten", "ändern"])


# what an authority or a parliament amends: a law, a permit, an ordinance, a statute
_AMENDABLE = ("gesetz", "genehmigung", "verordnung", "satzung", "bescheid", "richtlinie")


def law_amended(lowered: tuple[str, ...]) -> bool:
    """'hat das Bundesnaturschutzgesetz geändert', 'ändert das Gesetz', 'hat die Genehmigung
    geändert': a law or a permit amended ('ändert nichts' changes nothing)."""
    return (
        not _CHANGED.isdisjoint(lowered)
        and any(word in t for t in lowered for word in _AMENDABLE)
        and "nichts" not in lowered
        and "nicht" not in lowered
    )


def agreed(lowered: tuple[str, ...]) -> bool:
    """'Staaten einigen sich auf ein Abkommen', 'wenn sie sich auf einen Text einigen': agreed
    (the verb's plural reads as the determiner 'einigen', some, everywhere else)."""
    last = len(lowered) - 1
    return any(
        t == "einigen"
        and ((i < last and lowered[i + 1] == "sich") or (i == last and "sich" in lowered[:i]))
        for i, t in enumerate(lowered)
    )


def declared_for(lowered: tuple[str, ...], states: tuple[str, ...]) -> bool:
    """German 'für <state> erklärt' ('für ungültig erklärt', 'für beendet erklärt'), with the
    verb anywhere in the sentence."""
    return _followed(lowered, ("für",), states) and any(t.startswith("erklär") for t in lowered)


_COMING = frozenset(["kommen", "kommt", "kam", "kamen", "gekommen"])


def lost_life(lowered: tuple[str, ...]) -> bool:
    """'ist ums Leben gekommen', 'kamen ums Leben': died."""
    return _followed(lowered, ("ums",), ("leben",)) and not _COMING.isdisjoint(lowered)


# a court, a judge or a bench ('Landgericht', 'Schwurgericht', 'die Richterin', 'die Kammer';
# not a chamber of another kind, 'Die Ärztekammer verurteilte den Angriff')
_BENCH_STARTS = ("richter", "kammer")


def sentenced(lowered: tuple[str, ...]) -> bool:
    """'zu elf Jahren Haft verurteilt', 'zu acht Jahren Straflager', 'zu einer Geldstrafe', 'Das
    Landgericht verurteilte ihn wegen schwerer Brandstiftung': a German court's sentence
    (verurteilen alone is also condemning an attack, a decision)."""
    if not any(t.startswith("verurteil") for t in lowered):
        return False
    return any(
        t.rstrip("n") in _SENTENCED_TO
        or t in _SENTENCED_TO
        or t.endswith(_COURT_ENDINGS)
        or t.startswith(_BENCH_STARTS)
        for t in lowered
    )


def renegotiated(lowered: tuple[str, ...]) -> bool:
    """'verhandeln den Vertrag neu', 'neu verhandelt': a contract negotiated anew."""
    return "neu" in lowered and any(t.startswith(("verhandel", "verhandl")) for t in lowered)


_LODGED = frozenset(
    ["eingereicht", "einreichen", "reicht", "reichte", "reichten", "eingelegt", "erhoben"]
)


# a court's decision ('Beschwerde gegen den Beschluss des Verwaltungsgerichts')
_RULINGS = ("beschluss", "urteil", "entscheidung", "eilentscheidung", "eilbeschluss")


def appeal_lodged(lowered: tuple[str, ...]) -> bool:
    """'hat Beschwerde gegen den Beschluss des Gerichts eingelegt': a complaint against a court's
    ruling is an appeal, the step after the suit."""
    return (
        complaint_lodged(lowered)
        and "gegen" in lowered
        and any(t.startswith(_RULINGS) for t in lowered)
    )


def complaint_lodged(lowered: tuple[str, ...]) -> bool:
    """'Klage eingereicht', 'reichte Beschwerde ein', 'Sammelklage erhoben': a complaint or
    suit brought."""
    return not _LODGED.isdisjoint(lowered) and any(
        ("klage" in t and not t.startswith("anklage")) or t.startswith("beschwerde")
        for t in lowered
    )


_LASSEN = frozenset(["lassen", "lässt", "ließ", "ließen", "gelassen"])


def let_pass(lowered: tuple[str, ...]) -> bool:
    """'Der Bundesrat lässt das Gesetz passieren': a chamber lets a bill pass."""
    return "passieren" in lowered and not _LASSEN.isdisjoint(lowered)


_SETTLING = frozenset(
    [
        "einigen",
        "geeinigt",
        "einigten",
        "einigt",
        "schließen",
        "geschlossen",
        "schlossen",
        "abgeschlossen",
        "zugestimmt",
        "stimmten",
        "stimmt",
        "beendet",
        "beendeten",
    ]
)


def settled(lowered: tuple[str, ...]) -> bool:
    """'einigten sich auf einen Vergleich', 'mit einem Vergleich beendet': a legal settlement
    ('im Vergleich zum Vorjahr', 'ein Vergleich mit' are comparisons)."""
    return any(
        t == "vergleich" and i > 0 and lowered[i - 1] in ("einen", "einem")
        for i, t in enumerate(lowered)
    ) and any(t in _SETTLING for t in lowered)


def secured(lowered: tuple[str, ...]) -> bool:
    """'Die Polizei hat sieben Stücke sichergestellt': seized or recovered ('es ist
    sichergestellt, dass' is ensuring)."""
    return "sichergestellt" in lowered and "dass" not in lowered


_CAUGHT = frozenset(["gefasst", "fasst", "fasste", "fassten", "fassen"])
# what else German 'fassen' takes: a decision, a plan, courage, trust, words, a foothold
_GRASPED = frozenset(
    ["beschluss", "beschlüsse", "entschluss", "plan", "pläne", "mut", "vertrauen", "vorsatz",
     "worte", "fuß", "gedanken", "entscheidung", "zusammen", "zusammengefasst", "kurz"]
)  # fmt: skip


def caught(lowered: tuple[str, ...]) -> bool:
    """'Einer der Ausbrecher in Hannover gefasst', 'Polizei fasst den Täter': a fugitive or a
    suspect caught, an arrest (not 'einen Beschluss gefasst', 'Mut fassen', 'kurz gefasst')."""
    return not _CAUGHT.isdisjoint(lowered) and _GRASPED.isdisjoint(lowered)


# an investigation's finding of what caused an accident, a fire, a contamination
_CAUSE_FOUND = frozenset(
    ["gefunden", "geklärt", "aufgeklärt", "ermittelt", "identifiziert", "festgestellt", "nennt",
     "nannte", "genannt", "benannt", "found", "identified", "established", "determined",
     "traced", "pinpointed", "named", "names", "revealed", "fest"]
)  # fmt: skip
# ... by an expert or an inquiry ('Gutachten', 'Sachverständige', 'report', 'inquiry') who
# names what caused it ('verursacht', 'ausgelöst', 'verantwortlich', 'caused', 'responsible')
_FINDERS = (
    "gutacht", "sachverständig", "untersuchungsbericht", "abschlussbericht", "zwischenbericht",
    "ermittler", "report", "inquiry", "investigators", "expert",
)  # fmt: skip
_CAUSED = ("verursacht", "verursachten", "ausgelöst")
# 'löste den Brand aus': German's separable verb written apart
_SET_OFF = frozenset(["löste", "lösten", "löst"])
_CAUSED_WORDS = frozenset(
    ["verantwortlich", "mitverantwortlich", "schuld", "beigetragen", "caused", "triggered",
     "responsible", "contributed"]
)  # fmt: skip
# ... or named as what it was ('Ein Kurzschluss war die Ursache des Brandes')
_CAUSE_IS_DE = frozenset(["war", "ist", "sei"])
_CAUSE_IS_EN = frozenset(["was", "is"])
_NOT_YET = frozenset(
    ["nicht", "kein", "keine", "keinen", "noch", "unbekannt", "unklar", "not", "no", "yet",
     "unknown", "unclear", "whether", "ob"]
)  # fmt: skip


# a count that went up: 'steigt auf drei', 'ist auf 14 gestiegen', 'rose to 40', 'climbs to'
_RISES = frozenset(
    ["steigt", "stieg", "stiegen", "steigen", "gestiegen", "klettert", "kletterte", "geklettert",
     "rise", "rises", "rose", "risen", "rising", "climb", "climbs", "climbed", "jump", "jumps",
     "jumped"]
)  # fmt: skip
_TO_COUNT = frozenset(["auf", "to"])
# words between the rise and the count ('auf mindestens drei', 'to more than 40')
RISE_SPAN = 4


def count_rose(lowered: tuple[str, ...]) -> bool:
    """A count that went up to a number ('Zahl der Todesopfer steigt auf drei', 'death toll
    rises to 40'): a step even where the number is known in another sense (three injured)."""
    if _RISES.isdisjoint(lowered):
        return False
    for index, word in enumerate(lowered):
        if word in _RISES:
            after = lowered[index + 1 : index + 2 + RISE_SPAN]
            for offset, to in enumerate(after):
                if to in _TO_COUNT:
                    if _holds_count(after[offset + 1 : offset + 1 + RISE_SPAN]):
                        return True
                    break
        # German puts the participle last: 'ist auf drei gestiegen'
        if word in _TO_COUNT and index + 1 < len(lowered):
            tail = lowered[index + 1 : index + 2 + RISE_SPAN]
            if _holds_count(tail[:RISE_SPAN]) and not _RISES.isdisjoint(tail):
                return True
    return False


def _holds_count(words: tuple[str, ...]) -> bool:
    """Whether one of `words` is a number, in digits or spelled out."""
    return any(is_number(t) or t in NUMBER_WORDS for t in words)


# a captive who is free: 'ist frei', 'kam frei', 'auf freiem Fuß' ('wieder frei': reopened); English
# 'freed', 'set free', 'walked free' (not 'free trade', 'visa-free')
_FREE_AFTER = frozenset(["ist", "sind", "war", "waren", "kommt", "kam", "kamen"])
_FREE_BEFORE_EN = frozenset(["set", "walked", "walks", "went", "go", "goes"])


def set_free(lowered: tuple[str, ...]) -> bool:
    """A captive set free ('Entführter Journalist ist frei', 'ist nach fünf Monaten frei',
    'Freed journalist lands in Berlin'), as 'freigelassen' and 'released' say in one word; not
    a way that is clear ('der Weg ist frei') nor 'frei' before what it qualifies."""
    for index, word in enumerate(lowered):
        if word == "freed":
            return True
        if word == "frei" and (index + 1 == len(lowered) or lowered[index + 1] in _AND_BUT):
            # ('wieder frei' is open again: reopened)
            before = lowered[:index]
            return (
                not _FREE_AFTER.isdisjoint(before)
                and _CLEAR_WAY.isdisjoint(before)
                and "wieder" not in before
            )
        if word == "freiem" and index + 1 < len(lowered) and lowered[index + 1] == "fuß":
            return True
        if word == "free" and not _FREE_BEFORE_EN.isdisjoint(lowered[max(0, index - 2) : index]):
            return True
    return False


# the people sent away may come back: the evacuation (or the ban) is lifted
_ALLOWED = frozenset(["dürfen", "durften", "darf", "durfte"])
_BACK_DE = frozenset(["zurück", "zurückkehren", "heim", "heimkehren", "nachhause"])
_BACK_EN = (("to", "return"), ("to", "go", "home"), ("back",), ("home",), ("to", "come", "back"))


def allowed_back(lowered: tuple[str, ...]) -> bool:
    """People allowed to come home ('Bewohner dürfen nach Deichbruch zurück', 'dürfen in ihre
    Häuser zurückkehren', 'residents were allowed to return home', 'allowed back'): the
    evacuation that kept them away is lifted."""
    if not _ALLOWED.isdisjoint(lowered):
        at = min(i for i, word in enumerate(lowered) if word in _ALLOWED)
        after = lowered[at + 1 :]
        return not _BACK_DE.isdisjoint(after) or _followed(after, ("nach",), ("hause",))
    for index, word in enumerate(lowered):
        if word == "allowed":
            after = lowered[index + 1 : index + 4]
            if any(after[: len(tail)] == tail for tail in _BACK_EN):
                return True
    return False


_AND_BUT = frozenset(["und", "aber", "doch"])
_CLEAR_WAY = frozenset(["weg", "bahn", "straße", "platz", "stelle", "stellen", "zimmer"])


_LANDED = frozenset(["landed", "gelandet", "landete", "landeten"])
# ... a plane or who flew in it ('landete nach 40 Minuten in der Warteschleife' is no arrival):
# the words, and the parts of German compounds ('Flughafen', 'Regierungsflugzeug'; not 'jet'
# or 'plane' inside a German word: 'jetzt', 'planen')
_FLYING = frozenset(
    ["maschine", "flug", "flieger", "jet", "jets", "plane", "planes", "flight", "flights",
     "airport", "aircraft", "helicopter", "aboard", "airbase", "airfield"]
)  # fmt: skip
_FLYING_PARTS = ("flugzeug", "flughafen", "hubschrauber")


def landed(lowered: tuple[str, ...]) -> bool:
    """A plane or a person that landed has arrived ('lands' and 'Land' are also nouns)."""
    return not _LANDED.isdisjoint(lowered) and (
        not _FLYING.isdisjoint(lowered) or bool(_holding(lowered, _FLYING_PARTS))
    )


# a firm, a person put on a sanctions list ('auf die Sanktionsliste gesetzt', 'added to its
# sanctions list', 'EU blacklists plant builder'): sanctions imposed, however plain the verb
_SANCTIONS_LISTS = ("sanktionsliste", "sanktionslisten", "terrorliste", "blacklist")
_LISTED = frozenset(
    ["gesetzt", "setzt", "setzte", "setzten", "aufgenommen", "nimmt", "nahm", "added", "adds",
     "placed", "put", "puts"]
)  # fmt: skip
_BLACKLISTS = frozenset(["blacklists", "blacklisted"])


def sanctions_listed(lowered: tuple[str, ...]) -> bool:
    """A firm or a person put on a sanctions list: sanctions imposed ('hat die Firma auf ihre
    Sanktionsliste gesetzt', 'added the terminal to its sanctions list', 'EU blacklists ...');
    not a list named alone ('steht seit 2023 auf der Sanktionsliste')."""
    if not _BLACKLISTS.isdisjoint(lowered):
        return True
    if _LISTED.isdisjoint(lowered):
        return False
    return any(
        word.startswith(_SANCTIONS_LISTS)
        or (word in ("sanctions", "sanction") and following == "list")
        for word, following in zip(lowered, (*lowered[1:], ""), strict=False)
    )


# a licence, a permit or an approval granted ('eine Lizenz erteilt', 'granted the bank a
# licence'): approved, however plain the verb
_PERMITS = ("lizenz", "genehmigung", "zulassung", "erlaubnis", "licence", "license", "permit")
_GRANTED = frozenset(
    ["erteilt", "erteilte", "erteilten", "granted", "grants", "grant", "issued", "issues"]
)


def permit_granted(lowered: tuple[str, ...]) -> bool:
    """'hat der Rukorbank eine Lizenz für Bankgeschäfte erteilt', 'granted the lab a permit':
    an approval (within a few words of each other; 'Lizenzgebühren' and 'permits' count)."""
    if _GRANTED.isdisjoint(lowered):
        return False
    permits = _holding(lowered, _PERMITS)
    return bool(permits) and any(
        t in _GRANTED and any(abs(i - p) <= 8 for p in permits) for i, t in enumerate(lowered)
    )


# words before 'close' the verb ('will close to traffic', 'plans to close')
_BEFORE_VERB = frozenset(
    ["will", "would", "could", "can", "may", "might", "must", "shall", "should", "to", "not",
     "did", "does", "do", "and"]
)  # fmt: skip


def near(lowered: tuple[str, ...]) -> bool:
    """Every 'close' of the sentence is 'close to' (near: 'something close to relief'), none
    a closure ('will close to traffic')."""
    at = [i for i, t in enumerate(lowered) if t == "close"]
    return bool(at) and all(
        i + 1 < len(lowered)
        and lowered[i + 1] == "to"
        and (i == 0 or lowered[i - 1] not in _BEFORE_VERB)
        for i in at
    )


_MATTERS = frozenset(["worauf", "darauf", "drauf"])


def matters(lowered: tuple[str, ...]) -> bool:
    """'ankommen auf': to matter, not to arrive ('Worauf es wirklich ankommt', 'Es kommt auf
    jede Stimme an')."""
    return not _MATTERS.isdisjoint(lowered) or ("es" in lowered and "auf" in lowered)


def cause_found(lowered: tuple[str, ...]) -> bool:
    """'Die Ursache ist gefunden', 'Brandursache geklärt', 'Bank nennt Ursache', 'investigators
    identified the cause', 'cracked pipe blamed for the contamination': what caused it is known
    now (not 'die Ursache ist noch unklar', 'the cause has not been determined')."""
    if not _NOT_YET.isdisjoint(lowered):
        return False
    if _followed(lowered, ("blamed",), ("for",)):
        return True
    if any(
        (
            lowered[i] in _CAUSE_IS_DE
            and lowered[i + 1] == "die"
            and lowered[i + 2].endswith("ursache")
        )
        or (lowered[i] in _CAUSE_IS_EN and lowered[i + 1] == "the" and lowered[i + 2] == "cause")
        for i in range(1, len(lowered) - 2)
        if lowered[i - 1] not in ("what", "was", "welche", "which")  # a question asks it
    ):
        return True  # 'Kurzschluss war die Ursache', 'a short circuit was the cause'
    cause = any(t.endswith("ursache") or t in ("cause", "source") for t in lowered)
    if cause and not _CAUSE_FOUND.isdisjoint(lowered):
        return True
    # an expert's or an inquiry's finding of who or what caused it ('Gutachten: Sprengungen
    # haben Risse mitverursacht', 'report finds the operator responsible')
    return (
        any(t.startswith(_FINDERS) for t in lowered)
        and (
            any(t.endswith(_CAUSED) or t in _CAUSED_WORDS for t in lowered)
            or ("aus" in lowered and not _SET_OFF.isdisjoint(lowered))
        )
        # (_NOT_YET above already holds 'ob', 'unklar', 'whether'; a cause left 'offen' too)
        and _STILL_ASKED.isdisjoint(lowered)
    )


def lemma_sequence(tokens: list[str] | tuple[str, ...], language: str | None) -> list[str]:
    """Lowercase lemmas of tokens in order (for phrase matching)."""
    return [lemma(t, language) for t in tokens]


def sentence_fingerprint(sentence: str) -> int:
    """Identity of a sentence across copies: words only, case- and punctuation-blind."""
    return stable_hash64(" ".join(t.lower() for t in tokenize(sentence)))


# of a German sentence too long to show whole, the share of `max_chars` its beginning keeps; the
# rest goes to its end, where German puts the verb that tells the step ('... hat im Wasser des
# Sees zwei verschiedene Algengifte nachgewiesen'), the middle elided. English tells its verb
# early ('has been fined 450,000 euros and must also pay ...'): its end is cut.
FACT_HEAD_SHARE = 0.6


# a dateline opening an article's first sentence: one to three capitalised place names, an
# agency in brackets, a dash ('Frankfurt/Main (dpa/lhe) - ', 'LONDON - '); not a name set
# off by a pair of dashes ('Kim Jong Un - Nordkoreas Machthaber - reiste ab')
_DATELINE = re.compile(
    r"^\s*[A-ZÄÖÜ][\wÄÖÜäöüß.'-]*(?:[ /][A-ZÄÖÜ][\wÄÖÜäöüß.'-]*){0,2}\s*(?:\([^)]{1,30}\))?"
    r"\s+[-–—]\s+(?=[A-ZÄÖÜ\"„])(?![^-–—]{0,60}\s[-–—]\s)"
)


# a German sentence's opening time phrase, reckoned from a known event, up to its finite verb
# ('Knapp drei Wochen nach dem Unfall auf der Maikirmes hat ...', 'Vier Monate nach dem Brand
# ist ...'): 'nach' within the first four words, the verb within the next twelve, no clause
# between ('... liegen die Ergebnisse vor: Das Landesamt hat ...' keeps its time)
_GERMAN_TIME_ANCHOR = re.compile(
    r"^(?:\S+\s){0,3}nach\s(?:dem|der|den|des)\s(?:[^\s,:;]+\s){1,12}?"
    r"(?=(?:hat|haben|ist|sind|wurde|wurden|war|waren|hatte|hatten|gibt|gab)\s)"
)


def clean_fact(sentence: str, max_chars: int = 240, language: str | None = None) -> str:
    """A sentence made fit to show as a new fact: its dateline dropped, quotes balanced, and a
    long one shortened at word boundaries, a German one in its middle, so its subject and its
    final verb both stay."""
    text = _DATELINE.sub("", normalize(sentence).replace("\n", " ")).strip(" -|")
    dateline = _place_dateline(text)
    if dateline is not None:
        text = text[len(dateline) :].lstrip()
    if text.count('"') % 2:
        text = text.replace('"', "")
    if len(text) <= max_chars:
        return text
    if language != "de":
        cut = text[: max_chars - 1].rsplit(" ", 1)[0]
        return cut.rstrip(",;:- ") + "…"
    # a long German sentence first loses the time it is reckoned from ('Zehn Wochen nach dem
    # Diebstahl der Glocke aus der Dorfkirche von Großpöhlau ist ...'): the story's known step,
    # where the middle cut would take the news ('eine Belohnung ... ausgesetzt')
    anchor = _GERMAN_TIME_ANCHOR.match(text)
    if anchor is not None:
        text = "… " + text[anchor.end() :]
    if len(text) > max_chars:
        head = text[: int(max_chars * FACT_HEAD_SHARE)].rsplit(" ", 1)[0].rstrip(",;:- ")
        room = max_chars - len(head) - 3
        tail = text[len(text) - room :].split(" ", 1)[-1].lstrip(",;:- ") if room > 0 else ""
        text = f"{head} … {tail}" if tail else head + "…"
    return text


# ------------------------------------------------------------------------------- shingles

MERSENNE = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64(0xFFFFFFFF)


def shingles(tokens: list[str] | tuple[str, ...], size: int = 4) -> set[int]:
    """Hashed word n-grams of lowercased tokens (32-bit values, the MinHash input)."""
    words = [t.lower() for t in tokens]
    if len(words) < size:
        return {stable_hash64(" ".join(words)) & 0xFFFFFFFF} if words else set()
    return {
        int.from_bytes(
            hashlib.blake2b(" ".join(words[i : i + size]).encode("utf-8"), digest_size=4).digest(),
            "big",
        )
        for i in range(len(words) - size + 1)
    }


# the shortest word a word sketch keeps: shorter ones are mostly articles, prepositions and
# pronouns ('der', 'in', 'of'), which every report of a language shares
SKETCH_WORD_CHARS = 3


def word_set(tokens: list[str] | tuple[str, ...]) -> set[int]:
    """Hashed distinct lowercased words of SKETCH_WORD_CHARS letters or more (the MinHash input
    of a word sketch): what a copy keeps however its sentences are reordered."""
    return shingles([t for t in tokens if len(t) >= SKETCH_WORD_CHARS], 1)


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(20240619)
    a = rng.integers(1, 1 << 32, size=num_perm, dtype=np.uint64)
    b = rng.integers(0, 1 << 32, size=num_perm, dtype=np.uint64)
    return a, b


def minhash(values: set[int], num_perm: int = 128) -> np.ndarray:
    """MinHash signature (uint32) of a set of 32-bit hashes; equal slots estimate Jaccard."""
    a, b = _permutations(num_perm)
    if not values:
        return np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
    x = np.fromiter(values, dtype=np.uint64, count=len(values))[:, None]
    hashed = ((x * a + b) % MERSENNE) & _MAX32
    signature: np.ndarray = hashed.min(axis=0).astype(np.uint32)
    return signature


def signature_similarity(left: np.ndarray, right: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two sets behind two MinHash signatures."""
    return float(np.count_nonzero(left == right)) / float(len(left))


def band_keys(signature: np.ndarray, bands: int, salt: str) -> list[int]:
    """LSH band keys: one signed 63-bit key per band of rows; `salt` keeps indexes apart."""
    rows = len(signature) // bands
    keys = []
    for band in range(bands):
        chunk = signature[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, key=f"{salt}:{band}".encode()[:64]).digest()
        keys.append(int.from_bytes(digest, "big") >> 1)
    return keys
