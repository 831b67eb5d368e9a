"""German and English word lists (stopwords, month names; the lists themselves are data files in
`monitor/data/`), telling the two apart cheaply, and naming the language of other running text
by its most frequent words.

Kept apart from `monitor.text` (numpy, simplemma) so that the extraction workers can use them
without importing either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib.resources import files


def _data_text(name: str) -> str:
    return files("monitor").joinpath("data", f"{name}.txt").read_text(encoding="utf-8")


def word_list(name: str) -> frozenset[str]:
    """A word list shipped in `monitor/data/` (one word a line; `#` starts a comment line)."""
    lines = (line.strip() for line in _data_text(name).splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def word_pairs(name: str) -> dict[str, str]:
    """A `word:meaning` list shipped in `monitor/data/` (pairs separated by white space;
    `#` starts a comment line), in file order."""
    lines = (line for line in _data_text(name).splitlines() if not line.lstrip().startswith("#"))
    return dict(pair.split(":", 1) for line in lines for pair in line.split())


STOPWORDS: dict[str, frozenset[str]] = {
    lang: word_list(f"stopwords-{lang}") for lang in ("de", "en")
}
GERMAN_MONTHS = word_list("months-de")

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_ONLY = {
    "de": STOPWORDS["de"] - STOPWORDS["en"],
    "en": STOPWORDS["en"] - STOPWORDS["de"],
}
# Clearly German or English: at least this many words read, at least this share of them
# stopwords of one language only, and the other language's at most a tenth of those. Running
# text in either language has 25-45 % such words; Dutch, Scandinavian or Romance text shares a
# few ('in', 'is', 'was', 'die') but never this many.
_MIN_WORDS = 40
_MIN_SHARE = 0.2


def stopword_counts(words: Iterable[str]) -> tuple[int, int]:
    """How many of these lowercase words are stopwords of German only, and of English only."""
    de = en = 0
    for word in words:
        if word in _ONLY["de"]:
            de += 1
        elif word in _ONLY["en"]:
            en += 1
    return de, en


def clearly_german_or_english(text: str, margin: int = 10) -> str | None:
    """'de' or 'en' when the first 3,000 characters leave no doubt (the one language's
    stopwords `margin` times the other's), else None (ask a model)."""
    words = [w.lower() for w in _WORD.findall(text[:3000])]
    if len(words) < _MIN_WORDS:
        return None
    de, en = stopword_counts(words)
    top, language, other = (de, "de", en) if de > en else (en, "en", de)
    if top >= _MIN_SHARE * len(words) and other * margin <= top:
        return language
    return None


# how many times the other language's stopwords a text must hold to overrule a declared language
# (an English text holds a few German-only ones: 'die', 'also' in 'will also', names)
CONTRADICTION_MARGIN = 5


def checked_language(declared: str | None, text: str) -> str | None:
    """The declared language (a page's lang tag, a feed's, a caller's) unless the text is
    clearly German or English and the declaration says otherwise: a site that tags every page
    'de' (its CMS default) or a mislabelled record would have an English text read with German
    words, names and lemmas. None declared: None (the caller detects)."""
    if declared is None:
        return None
    clear = clearly_german_or_english(text, margin=CONTRADICTION_MARGIN)
    return clear if clear is not None and clear != declared[:2].lower() else declared


def _vote_lists() -> dict[str, frozenset[str]]:
    lists: dict[str, frozenset[str]] = {}
    for line in _data_text("stopwords-vote").splitlines():
        if line.strip() and not line.startswith("#"):
            language, words = line.split(":", 1)
            lists[language.strip()] = frozenset(words.split())
    return lists


_VOTE = _vote_lists()
# A language is named when at least this many of the words read are its function words, they
# are at least this share of the words, and no other language has more than 1/_VOTE_MARGIN of
# its count (close relatives, Danish and Norwegian say, stay undecided: a model decides).
_VOTE_MIN_HITS = 3
_VOTE_MIN_SHARE = 0.08
_VOTE_MARGIN = 1.5


def language_by_function_words(text: str) -> str | None:
    """The language (ISO 639-1) whose most frequent function words the first 3,000 characters
    use clearly most, among the ~20 in `monitor/data/stopwords-vote.txt`; else None.

    What a page that declares no language is written in, without loading a model (py3langid's
    costs ~72 MB and ~1.4 s of CPU in the process that loads it)."""
    words = [w.lower() for w in _WORD.findall(text[:3000])]
    if not words:
        return None
    counts = {lang: sum(1 for w in words if w in listed) for lang, listed in _VOTE.items()}
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    (top, hits), (_, second) = ranked[0], ranked[1]
    if hits < _VOTE_MIN_HITS or hits < _VOTE_MIN_SHARE * len(words):
        return None
    return top if hits >= _VOTE_MARGIN * second else None
