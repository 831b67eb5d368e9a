"""One article read once for everything the story memory asks: sentences, keys, sketch, relevance."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

import numpy as np
from wordfreq import word_frequency

from monitor.cleaning import furniture
from monitor.keys import KeyKind
from monitor.languages import checked_language
from monitor.novelty.embedding import OPENING_CHARS, embed, embed_pair, lead_text
from monitor.novelty.relevance import RelevanceQuery, RelevanceResult
from monitor.text import (
    BUSINESS,
    CULTURE,
    EVENTS,
    LEISURE,
    SPORTS,
    STEP_CONCEPTS,
    Genre,
    SentenceFeatures,
    announces_turn,
    asks_what_next,
    band_keys,
    cites_a_case,
    concept,
    content_hash,
    date_like,
    decides_the_forecast,
    detect_language,
    is_explainer,
    lemma,
    lexicon_names,
    minhash,
    name_key,
    quoted_title,
    sentence_features,
    sentence_fingerprint,
    sets_a_scene,
    shingles,
    split_sentences,
    tells_another_case,
    tokenize,
    word_set,
)

NUM_PERM = 128
BANDS = 32  # 4 rows per band: pairs with Jaccard 0.5 meet in a band with p = 0.87, 0.6 with 0.99
SHINGLE_SIZE = 4
# slots of the word sketch (the body's distinct words): a copy whose every sentence was reworded
# in order ('Drei der Tiere waren bereits tot' for '..., drei Welpen waren bereits tot') keeps
# its words, not their 4-shingles
WORD_PERM = 64
# sentences shorter than this many tokens ('Quelle: dpa') are too common to identify anything
MIN_FINGERPRINT_TOKENS = 6
ALIAS_PREFIX = KeyKind.ALIAS.value


@dataclass(slots=True)
class Sentence:
    position: int
    is_title: bool
    features: SentenceFeatures
    keys: frozenset[str]  # features.keys plus topic aliases ('a:north korea')
    fingerprint: int | None
    # who did what: a state change paired with each actor the sentence names
    # ('e:approve|n:kmsn', the Commission approved), so a known kind of step by a known actor
    # that the story has not seen together yet is new, and a retelling of one it has is not
    claims: frozenset[str] = frozenset()

    @property
    def modal_keys(self) -> frozenset[str]:
        """Keys (claims too) this sentence only forecasts or sets as a condition."""
        forecast = self.features.modal_keys
        if not forecast:
            return forecast
        return forecast | {c for c in self.claims if claim_event(c) in forecast}


# questions a body asks in its own voice that make it a questions-and-answers piece ('Warum
# werden Impfstoffe an Gesunden erprobt? ... Wer entscheidet über einen Stopp?'): on the arcs,
# 119 bodies asked three or more, every one an explainer, and no news report did
QA_QUESTIONS = 3
_QUOTE_MARKS = re.compile(r"[„“”\"»«]")


def asks_questions(body: list[str]) -> bool:
    """The body asks QA_QUESTIONS questions or more outside quotes: an explainer, whatever its
    headline ('Wenn eine Impfstoffstudie gestoppt wird – was nach dem Fall ... geschieht')."""
    asked = [s for s in body if s.rstrip().endswith("?") and _QUOTE_MARKS.search(s) is None]
    return len(asked) >= QA_QUESTIONS


# a body that quotes its people in the present tense ('sagt sie', 'he says') and seldom in the
# past is a feature's (a reportage, a portrait, a colour piece); a report quotes what was said
# ('sagte', 'said'). On the 486 arcs of rounds 1-59, 377 bodies quoted at least
# PRESENT_VOICE_QUOTES times in the present and at most half as often in the past: 312 known
# pieces, 64 decoys, 1 copy, no first report or step of a story
PRESENT_VOICE_QUOTES = 2
_SAYS = re.compile(r"\b(?:sagt|erzählt|says)\b")
_SAID = re.compile(r"\b(?:sagte|erzählte|said)\b")


def quotes_in_present(body: str) -> bool:
    """The body quotes its people in the present tense, as a feature does (PRESENT_VOICE_QUOTES)."""
    says = len(_SAYS.findall(body))
    return says >= PRESENT_VOICE_QUOTES and says >= 2 * len(_SAID.findall(body))


@dataclass(slots=True)
class Analysis:
    language: str | None
    sentences: list[Sentence]
    relevance: RelevanceResult | None
    term_counts: Counter[str]
    content_hash: str
    signature: np.ndarray
    shingle_count: int
    band_keys: list[int]
    # MinHash sketch of the body's distinct words (word_set) and their number: what tells a copy
    # reworded sentence by sentence (see WORD_PERM); empty for an irrelevant article
    word_signature: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))
    word_count: int = 0
    # keys read from a one-word topic alias (Putin, Duma, Kursk): every article of the topic
    # may carry them, so they say nothing about which story it is
    topic_keys: frozenset[str] = frozenset()
    # ... those of them that are words of the language, capitalised ('Aquarium', 'Stadtwerke',
    # 'Finanzamt'; not a place, 'Eisenach', nor a firm, 'Opel'): the topic's kind of thing, which
    # every story of the topic names, never what tells one story from another
    topic_kind_names: frozenset[str] = frozenset()
    # the headline is an explainer's ('Was der Pakt bedeutet', 'Why ...'): it retells a story
    explainer: bool = False
    # the headline's kicker lists scenes or things ('Kettles and queues: a town learns to live
    # with boiled water', 'Leere Hallen, pfeifende Streikposten: Ein Tag am bestreikten
    # Flughafen'): a colour piece's (monitor.text lists_things), whatever step its headline
    # names in passing
    scene_kicker: bool = False
    # the body quotes its people in the present tense, as a feature does (quotes_in_present)
    present_voice: bool = False
    # the headline announces a turn and leaves it to the lead ('Wende im Fall X', 'Breakthrough
    # in X case': monitor.text.announces_turn)
    turn_headline: bool = False
    # the headline places its news in a case ('... in German North Korea shells case':
    # monitor.text.cites_a_case)
    cites_case: bool = False
    # the headline or the body's first sentence tells the kind's event once more ('Erneut
    # Waldbrand im Harz'): another case of the kind (monitor.text.tells_another_case)
    another_case: bool = False
    # the headline's capitalised words that are words of the language ('Bergdorf', 'Drohender'):
    # names only by their capital letter (monitor.text.lexicon_names)
    headline_lexicon_names: frozenset[str] = frozenset()
    # the headline's names of the form 'Rheinkontor Bank': a name by itself before a word of the
    # lexicon written as a name (its head), as pairs of their keys
    headline_name_heads: frozenset[tuple[tuple[str, ...], str]] = frozenset()
    # headline and start of the lead, furniture removed: what the embedding reads
    lead_text: str = ""
    # its embedding, computed by the story memory when it needs it (not for copies)
    embedding: np.ndarray | None = None
    # headline and the body's opening (longer than the lead), and its embedding, likewise
    opening_text: str = ""
    opening: np.ndarray | None = None
    # `lead_keys` per number of body sentences, once computed (or made in a worker beforehand)
    lead_key_cache: dict[int, frozenset[str]] = field(default_factory=dict)

    def embeddings(self) -> tuple[np.ndarray, np.ndarray]:
        """The embeddings of the headline with the lead and with the body's opening (computed
        once, both in one encoder pass)."""
        if self.embedding is None and self.opening is None:
            self.embedding, self.opening = embed_pair(self.lead_text, self.opening_text)
        if self.embedding is None:
            self.embedding = embed(self.lead_text)
        if self.opening is None:
            self.opening = embed(self.opening_text)
        return self.embedding, self.opening

    @property
    def keys(self) -> set[str]:
        return set(self.term_counts)

    def lead(self, body_sentences: int) -> list[Sentence]:
        """The headline and the first body sentences: what the article is about."""
        lead: list[Sentence] = []
        body = 0
        for sentence in self.sentences:
            if not sentence.is_title:
                if body >= body_sentences:
                    break
                body += 1
            lead.append(sentence)
        return lead

    def lead_keys(self, body_sentences: int) -> set[str]:
        """Keys of the headline and the first body sentences, with their word pairs
        ('p:strategic partnership', read in either language through the concept lemmas)."""
        known = self.lead_key_cache.get(body_sentences)
        if known is None:
            keys: set[str] = set()
            for sentence in self.lead(body_sentences):
                keys.update(sentence.keys)
                keys.update(phrases(sentence, self.language))
            known = self.lead_key_cache[body_sentences] = frozenset(keys)
        return set(known)

    @property
    def claims(self) -> set[str]:
        return {c for s in self.sentences for c in s.claims}

    @property
    def fingerprints(self) -> set[int]:
        return {s.fingerprint for s in self.sentences if s.fingerprint is not None}


PHRASE_PREFIX = KeyKind.PHRASE.value


def phrases(sentence: Sentence, language: str | None) -> set[str]:
    """Pairs of adjacent content words of a sentence ('mutual defence', 'gegenseitige
    Verteidigung' -> 'p:mutual defense'): a term of two words is far more specific than each."""
    words: list[str | None] = []
    for token in sentence.features.tokens:
        word = concept(lemma(token, language)) if token.isalpha() else None
        words.append(word if word is not None and word in sentence.keys else None)
    return {
        f"{PHRASE_PREFIX}{left} {right}"
        for left, right in itertools.pairwise(words)
        if left is not None and right is not None and left != right
    }


def _title_case(tokens: tuple[str, ...]) -> bool:
    """Most words of four letters or more capitalised: an English title-case headline."""
    words = [t for t in tokens if len(t) >= 4 and t.isalpha()]
    return len(words) >= 2 and sum(t[0].isupper() for t in words) >= 0.7 * len(words)


def _plain_names(sentence: str, tokens: tuple[str, ...], language: str | None) -> frozenset[str]:
    return sentence_features(sentence, language, tokens).names


CLAIM_PREFIX = "e:"
# chambers, cabinets and courts: actors of a claim as names are (their concepts: the German and
# English words for one body share it)
INSTITUTIONS = frozenset(
    [
        "bundestag",
        "bundesrat",
        "landtag",
        "upper",
        "duma",
        "senate",
        "parliament",
        "congress",
        "cabinet",
        "court",
    ]
)


def claim_event(key: str) -> str:
    """The state change of a claim key ('e:ratify|n:rs' -> 'ratify')."""
    return key[len(CLAIM_PREFIX) :].split("|", 1)[0]


# bounds of a sentence's claims: its first state changes times its first actors
CLAIM_EVENTS = 2
CLAIM_ACTORS = 3


def claims(events: frozenset[str], actors: list[str]) -> frozenset[str]:
    steps = sorted(e for e in events if e in STEP_CONCEPTS)[:CLAIM_EVENTS]
    return frozenset(
        f"{CLAIM_PREFIX}{event}|{actor}" for event in steps for actor in actors[:CLAIM_ACTORS]
    )


# words that attribute a sentence to its speaker ('..., sagte die Forscherin Friederike Salm';
# 'Salm said'): the speaker tells of a step, and is not its actor
# English puts the speaker before them too ('..., Salm said')
_SPEECH_VERBS_AFTER_NAME = frozenset(["said", "says", "told", "added"])
_SPEECH_VERBS = (
    frozenset(["sagte", "sagt", "sagten", "erklärte", "betonte"]) | _SPEECH_VERBS_AFTER_NAME
)
# the attribution that ends a sentence: such a word and at most this many after it (an article,
# a role, a first and a last name); 'Putin sagt, Russland habe ... ratifiziert' names its actor
# after the verb, and keeps it
_SPEAKER_AFTER = 4


def _speakers(tokens: tuple[str, ...]) -> set[int]:
    """Positions of the tokens that name the speaker in the attribution ending the sentence
    ('..., sagte die Forscherin Friederike Salm', '..., Salm said on Monday')."""
    found: set[int] = set()
    for index in range(max(0, len(tokens) - 1 - _SPEAKER_AFTER), len(tokens)):
        if tokens[index].lower() in _SPEECH_VERBS:
            found.update(range(index + 1, len(tokens)))
            if index > 0 and tokens[index].lower() in _SPEECH_VERBS_AFTER_NAME:
                found.update((index - 1, index - 2))  # 'Rohwedder said', 'Anke Rohwedder said'
            break
    return found


def _actors(tokens: tuple[str, ...], keys: frozenset[str], alias_at: dict[int, str]) -> list[str]:
    """The names and topic aliases of a sentence in the order it names them (the subject of a
    news sentence usually comes first), but its speaker's."""
    actors: list[str] = []
    speakers = _speakers(tokens)
    for index, token in enumerate(tokens):
        if index in speakers:
            continue
        # bodies that act by name of their office ('Der Bundesrat lässt das Gesetz passieren'
        # after the Bundestag passed it; 'a labour court rejected' the bid), in their place
        named = alias_at.get(index) or name_key(token)
        if named in keys and named not in actors and named.startswith(("n:", ALIAS_PREFIX)):
            actors.append(named)
        # also where the word is read as a name ('Arbeitsgericht'), or named in two words
        # ('upper house', 'Federation Council': German says Oberhaus, Föderationsrat)
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        body = _institution(token) or _institution(f"{token}_{following}")
        if body is not None and body not in actors:
            actors.append(body)
    actors += sorted(k for k in keys if k.startswith("n:") and "_" in k and k not in actors)
    return actors


_INSTITUTION_FORMS = {
    **{name: name for name in ("bundestag", "bundesrat", "landtag", "duma", "congress")},
    "court": "court",
    "courts": "court",
    "senate": "senate",
    "senat": "senate",
    "parliament": "parliament",
    "parlament": "parliament",
    "cabinet": "cabinet",
    "kabinett": "cabinet",
    "bundeskabinett": "cabinet",
    "oberhaus": "upper",
    "föderationsrat": "upper",
    "upper_house": "upper",
    "federation_council": "upper",
    "state_duma": "duma",
}


def _institution(token: str) -> str | None:
    """The body a token names ('Arbeitsgericht', 'court', 'Kabinett': one of INSTITUTIONS), or
    None."""
    lower = token.lower()
    found = _INSTITUTION_FORMS.get(lower)
    if found is None and lower.endswith(("gericht", "gerichts", "gerichtshof")):
        found = "court"
    return found


@lru_cache(maxsize=500_000)
def key_kind(key: str) -> str:
    if key.startswith(CLAIM_PREFIX):
        return "claim"
    if key.startswith(PHRASE_PREFIX):
        return "phrase"
    if key.startswith("n:"):
        return "name"
    if key.startswith("#"):
        return "number"
    if key.startswith(ALIAS_PREFIX):
        return "alias"
    return "word"


# a headline's kicker: at most this many words before its colon ('Kinokritik: ...')
KICKER_TOKENS = 4
# the lead read for a desk's words: the first body sentences
GENRE_LEAD_SENTENCES = 3
# the lead a report of the topic names it in: the first body sentences (a piece that meets the
# query's words only further down is about something else, or tells the topic in passing)
QUERY_LEAD_SENTENCES = 2
# the desks whose pieces match a query by its words but are no news of its topic, each with
# whether a headline that tells a step keeps the piece all the same (True: hard news among
# tourists and hotels, 'Urlauber aus Hotels evakuiert', a new flight route started, a visa waiver
# signed) or which steps do
GENRES: tuple[tuple[str, Genre, frozenset[str] | bool], ...] = (
    ("culture", CULTURE, False),
    # ... and on the sports pages, a step of the police, the prosecutors or the courts: crime
    # in sport ('Razzia bei Eishockey-Oberligist', 'Staatsanwaltschaft ermittelt gegen
    # Schiedsrichter'), not a league's or a club's own ('vier Spieler gesperrt', 'Trainer
    # entlassen')
    ("sports", SPORTS, frozenset(["raid", "arrest", "charge", "investigate", "convict",
                                  "sentence", "extradite", "seize", "confess"])),
    ("events", EVENTS, False),
    ("leisure", LEISURE, True),
)  # fmt: skip


def _desk(
    title: str,
    tokenised: list[tuple[str, bool, tuple[str, ...]]],
    offsets: list[int],
    language: str | None,
    relevance: RelevanceResult,
    query: RelevanceQuery,
) -> tuple[str | None, int]:
    """The desk ('culture', 'sports', 'events', 'leisure') whose piece the headline and lead
    tell, if any and if the topic's query names none of its sure words (a museum topic keeps its
    exhibitions, a sports topic its games); and how many words of such desks and of the market
    pages (BUSINESS, never a desk's piece) the headline and lead hold, the query's own not
    counted."""
    headline: list[tuple[int, str]] = []
    lead: list[tuple[int, str]] = []
    for is_title, offset, tokens in _lead_window(tokenised, offsets, GENRE_LEAD_SENTENCES):
        (headline if is_title else lead).extend(
            (offset + i, token) for i, token in enumerate(tokens)
        )
    kicker, colon, _rest = title.partition(":")
    kicker_tokens = len(tokenize(kicker)) if colon else 0
    kicker_tokens = kicker_tokens if kicker_tokens <= KICKER_TOKENS else 0
    # a work's title as the kicker ('„Die Fahnderin“: Abseits im Steuerparadies'): a review's
    titled = bool(colon) and quoted_title(kicker)
    topical = {p for spans in relevance.spans.values() for a, b in spans for p in range(a, b)}
    desks = [
        (name, genre, steps_are_news)
        for name, genre, steps_are_news in GENRES
        # a word the desk reads only beside another does not count ('Roman', a first name and
        # English for 'Römer')
        if query.forms.isdisjoint(genre.sure)
    ]
    for name, genre, steps_are_news in desks:
        if genre.piece(headline, kicker_tokens, lead, language, topical, titled):
            if steps_are_news is not False:
                steps = _headline_steps(tokenised, offsets, language, topical)
                news = steps if steps_are_news is True else steps & steps_are_news
                if news:
                    continue
            return name, 0
    leaning = [genre for _n, genre, _s in desks]
    if query.forms.isdisjoint(BUSINESS.sure):
        leaning.append(BUSINESS)
    return None, sum(
        1
        for position, token in headline + lead
        if position not in topical and any(genre.word(token, language) for genre in leaning)
    )


def _query_in_lead(
    tokenised: list[tuple[str, bool, tuple[str, ...]]],
    offsets: list[int],
    relevance: RelevanceResult,
    query: RelevanceQuery,
) -> bool:
    """Whether the query holds on the headline and the first QUERY_LEAD_SENTENCES body
    sentences."""
    end = 0
    for _is_title, offset, tokens in _lead_window(tokenised, offsets, QUERY_LEAD_SENTENCES):
        end = offset + len(tokens)
    return query.holds_before(relevance.spans, end)


def _lead_window(
    tokenised: list[tuple[str, bool, tuple[str, ...]]], offsets: list[int], body_sentences: int
) -> list[tuple[bool, int, tuple[str, ...]]]:
    """The headline's sentences and the first `body_sentences` body sentences: whether each is
    the headline's, its first token's position in the article, its tokens."""
    window: list[tuple[bool, int, tuple[str, ...]]] = []
    body = 0
    for (_sentence, is_title, tokens), offset in zip(tokenised, offsets, strict=True):
        if not is_title:
            if body == body_sentences:
                break
            body += 1
        window.append((is_title, offset, tokens))
    return window


def _headline_steps(
    tokenised: list[tuple[str, bool, tuple[str, ...]]],
    offsets: list[int],
    language: str | None,
    topical: set[int],
) -> frozenset[str]:
    """The steps (state changes told as done) the headline reports in other words than the
    topic's own ('Fischsterben' is no death)."""
    steps: frozenset[str] = frozenset()
    for (sentence, is_title, tokens), offset in zip(tokenised, offsets, strict=True):
        if is_title:
            skip = frozenset(p - offset for p in topical if offset <= p < offset + len(tokens))
            features = sentence_features(sentence, language, tokens, skip, headline=True)
            steps |= features.steps
    return steps


# the body sentences whose step makes a headline asking what comes next a step's
OUTLOOK_LEAD_SENTENCES = 2


def analyse(
    title: str, text: str, language: str | None, query: RelevanceQuery | None, salt: str
) -> Analysis:
    """Split, tokenise and key an article; `salt` (the topic) keeps its LSH keys apart from others'."""
    whole = f"{title}\n{text}"
    checked = checked_language(language, whole)
    language = checked[:2].lower() if checked else detect_language(whole)
    pieces: list[tuple[str, bool]] = [(s, True) for s in split_sentences(title, language)]
    # page furniture (share and print lines, credits, bylines, teasers) is never a fact, however
    # the text came in: extraction drops most of it, replayed or fed text may still hold it
    body = "\n".join(line for line in text.split("\n") if furniture(line) is None)
    pieces += [(s, False) for s in split_sentences(body, language) if furniture(s) is None]
    tokenised = [(s, t, tuple(tokenize(s))) for s, t in pieces]
    all_tokens: list[str] = []
    offsets: list[int] = []
    for _s, _t, tokens in tokenised:
        offsets.append(len(all_tokens))
        all_tokens.extend(tokens)

    relevance = query.match(all_tokens, language) if query is not None else None
    if relevance is not None and query is not None and relevance.relevant:
        # the query's words, but a review, an exhibition, a game: not news of the topic
        desk, desk_words = _desk(title, tokenised, offsets, language, relevance, query)
        if desk is not None:
            relevance = replace(relevance, relevant=False, genre=desk)
        else:
            in_lead = _query_in_lead(tokenised, offsets, relevance, query)
            relevance = replace(relevance, in_lead=in_lead, desk_words=desk_words)
    if relevance is not None and not relevance.relevant:
        # an irrelevant article is judged on its relevance alone and never recorded: skip the
        # sentence features and the sketch (most articles of a general feed end here)
        return Analysis(
            language=language,
            sentences=[],
            relevance=relevance,
            term_counts=Counter(),
            content_hash="",  # never looked up: irrelevant articles are not recorded
            signature=np.zeros(0, dtype=np.uint32),
            shingle_count=0,
            band_keys=[],
        )
    # topic aliases per token position: 'Nordkorea' and 'North Korea' become one key
    alias_at: dict[int, str] = {}
    single: set[int] = set()
    if relevance is not None:
        for name, spans in relevance.spans.items():
            for start, end in spans:
                for position in range(start, end):
                    alias_at[position] = ALIAS_PREFIX + name
                    # a one-word alias (Putin, Duma) keeps its own key too: it is more specific
                    # than the topic term; a phrase (North Korea, Kim Jong Un) is read as the term
                    if end - start == 1:
                        single.add(position)

    # names found anywhere in the article, so a sentence-initial 'Seoul' is read as the name too
    # (each sentence's read once: the body's names are among the article's)
    plain = [(t, _plain_names(s, tokens, language)) for s, t, tokens in tokenised]
    doc_names = frozenset(key for _t, names in plain for key in names)
    body_names = frozenset(key for t, names in plain if not t for key in names)
    sentences: list[Sentence] = []
    counts: Counter[str] = Counter()
    body_tokens: list[str] = []
    for position, ((sentence, is_title, tokens), offset) in enumerate(
        zip(tokenised, offsets, strict=True)
    ):
        local_alias = {
            i - offset: a for i, a in alias_at.items() if offset <= i < offset + len(tokens)
        }
        skip = frozenset(i for i in local_alias if i + offset not in single)
        if is_title and _title_case(tokens):
            features = sentence_features(sentence, language, tokens, skip, body_names, True, True)
        else:
            features = sentence_features(
                sentence, language, tokens, skip, doc_names, headline=is_title
            )
        keys = features.keys | frozenset(local_alias.values())
        fingerprint = (
            sentence_fingerprint(sentence) if len(tokens) >= MIN_FINGERPRINT_TOKENS else None
        )
        actors = _actors(tokens, keys, local_alias)
        sentences.append(
            Sentence(
                position, is_title, features, keys, fingerprint, claims(features.events, actors)
            )
        )
        weight = 2 if is_title else 1  # a headline says what the article is about
        for key in keys:
            counts[key] += weight
        if not is_title:
            body_tokens.extend(tokens)

    _decided_forecasts(sentences, language)
    headline_lexicon = lexicon_names(
        (token for _s, is_title, tokens in tokenised if is_title for token in tokens), language
    )
    topic_keys = frozenset(
        key
        for position in single
        for key in (name_key(all_tokens[position]), concept(lemma(all_tokens[position], language)))
    )
    topic_kind_names = lexicon_names((all_tokens[position] for position in single), language)
    # copies get new headlines: the sketch covers the body only (the title when there is none)
    shingle_set = shingles(body_tokens or all_tokens, SHINGLE_SIZE)
    signature = minhash(shingle_set, NUM_PERM)
    words = word_set(body_tokens or all_tokens)
    titles = [s.features.text for s in sentences if s.is_title]
    in_body = [s for s in sentences if not s.is_title]
    opening = in_body[0].features.text if in_body else ""
    # a headline that asks what comes next over a lead that tells a step done ('Wie geht es
    # weiter im Rabenkamm?' over 'Das Verwaltungsgericht hat der Klage ... stattgegeben'): the
    # vague headline of a step, which the lead tells as a turn headline's does
    outlook_step = any(asks_what_next(title) for title in titles) and any(
        s.features.steps for s in in_body[:OUTLOOK_LEAD_SENTENCES]
    )
    return Analysis(
        language=language,
        sentences=sentences,
        relevance=relevance,
        term_counts=counts,
        content_hash=content_hash(f"{text}" if text.strip() else title),
        signature=signature,
        shingle_count=len(shingle_set),
        band_keys=band_keys(signature, BANDS, salt) if shingle_set else [],
        word_signature=minhash(words, WORD_PERM),
        word_count=len(words),
        topic_keys=topic_keys,
        topic_kind_names=topic_kind_names,
        explainer=not outlook_step
        and (
            any(is_explainer(title, opening) for title in titles)
            or asks_questions([s.features.text for s in in_body])
        ),
        turn_headline=outlook_step or any(announces_turn(title) for title in titles),
        cites_case=any(cites_a_case(title) for title in titles),
        scene_kicker=any(sets_a_scene(title, language) for title in titles),
        present_voice=quotes_in_present(body),
        another_case=tells_another_case(title, opening),
        headline_lexicon_names=headline_lexicon,
        headline_name_heads=_name_heads(
            [(s, tokens) for s, is_title, tokens in tokenised if is_title],
            headline_lexicon,
            language,
        ),
        lead_text=lead_text(title, body),
        opening_text=lead_text(title, body, OPENING_CHARS),
    )


# two words side by side, a space between them (overlapping: 'A B C' gives A B and B C)
_WORD_PAIR = re.compile(r"(?<![\w-])(?=([\w-]+) ([\w-]+))")


def _name_heads(
    titles: list[tuple[str, tuple[str, ...]]], lexical: frozenset[str], language: str | None
) -> frozenset[tuple[tuple[str, ...], str]]:
    """(modifier, head) name keys of a headline's 'Rheinkontor Bank', 'Unterland Energie': two
    capitalised words side by side, the second a word of the lexicon (`lexical`: the headline's
    lexicon names; not read in a headline that capitalises every word), the first none, also
    where it opens the headline ('Selkie Air grounds ...'); the modifier with the place a
    place's adjective or genitive names ('Düsseldorfer', 'Braunschweigs'). `titles`: each
    headline sentence with its tokens."""
    pairs: set[tuple[tuple[str, ...], str]] = set()
    for title, tokens in titles:
        if language != "de" and _title_case(tokens):
            continue  # (German capitalises its nouns: a German headline reads so anyway)
        for match in _WORD_PAIR.finditer(title):
            first, second = match.group(1), match.group(2)
            if not (first[:1].isupper() and second[:1].isupper()):
                continue
            head = name_key(second)
            if head in lexical and name_key(first) not in lexical and not first.isupper():
                stems = [first[: -len(end)] for end in ("er", "s") if first.endswith(end)]
                pairs.add((tuple(name_key(k) for k in [first, *stems] if len(k) > 2), head))
    return frozenset(pairs)


def _decided_forecasts(sentences: list[Sentence], language: str | None) -> None:
    """A body sentence's forecast that the next one tells as decided ('Die Talbrücke muss
    abgerissen werden. Das hat die Autobahn GmbH am Donnerstag entschieden.') is a decision
    taken: its keys count as said."""
    body = [s for s in sentences if not s.is_title]
    for sentence, following in pairwise(body):
        if sentence.features.modal_keys and decides_the_forecast(following.features, language):
            sentence.features = replace(sentence.features, modal_keys=frozenset())


# Kind weights of a key in a document vector: names and numbers identify an event across
# languages better than ordinary words; topic aliases are in every article of the topic.
KIND_WEIGHT = {"name": 1.5, "number": 1.0, "alias": 0.2, "word": 1.0, "claim": 0.0}


# A young memory knows little of which words are common: every key starts with this many
# pseudo-articles of general news in which it occurs at its share in general language, so 'said'
# or 'government' weigh little and 'ratify' or a name much from the first article on; the topic's
# own articles outweigh the prior as they come in.
BACKGROUND_DOCS = 200
# tokens of a typical article: turns a word's frequency into the share of articles holding it
ARTICLE_TOKENS = 500
# prior shares of keys general-language frequencies cannot tell
BACKGROUND_SHARE = {"name": 0.002, "number": 0.01, "date": 0.1, "alias": 0.5, "phrase": 0.002}
RARE_WORD_SHARE = 0.0005
# wordfreq's small lists (words down to about one in a million tokens, ~25 MB for both languages
# against ~120 MB for the large ones): below that, every word is rare alike (RARE_WORD_SHARE)
SMALL = "small"


@lru_cache(maxsize=200_000)
def background_share(key: str) -> float:
    """The share of general news articles (German or English) that hold `key`."""
    kind = key_kind(key)
    if kind == "word":
        frequency = max(word_frequency(key, "en", SMALL), word_frequency(key, "de", SMALL))
        if not frequency:
            return RARE_WORD_SHARE
        return max(RARE_WORD_SHARE, 1.0 - math.exp(-frequency * ARTICLE_TOKENS))
    if kind == "number":
        return BACKGROUND_SHARE["date" if date_like(key) else "number"]
    return BACKGROUND_SHARE.get(kind, RARE_WORD_SHARE)


def idf(df: int, docs: int, key: str | None = None) -> float:
    """Inverse document frequency in the topic's memory, with the general-language prior for
    `key` (without a key, the plain smoothed idf)."""
    if key is None:
        return math.log((docs + 1) / (df + 1)) + 1.0
    prior = BACKGROUND_DOCS * background_share(key)
    return math.log((docs + BACKGROUND_DOCS + 1) / (df + prior + 1)) + 1.0


def tf_vector(counts: Counter[str]) -> dict[str, float]:
    """L2-normalised term frequencies with kind weights, without idf: what a story profile sums
    (idf is applied when comparing, with the frequencies of that moment)."""
    vector = {k: (1.0 + math.log(c)) * KIND_WEIGHT[key_kind(k)] for k, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {k: v / norm for k, v in vector.items()}


def tfidf(counts: Counter[str], df: dict[str, int], docs: int) -> dict[str, float]:
    """L2-normalised tf-idf vector with kind weights."""
    vector: dict[str, float] = {}
    for key, count in counts.items():
        vector[key] = (
            (1.0 + math.log(count)) * idf(df.get(key, 0), docs, key) * KIND_WEIGHT[key_kind(key)]
        )
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {k: v / norm for k, v in vector.items()}


def cosine(left: dict[str, float], right: dict[str, float]) -> float:
    if len(left) > len(right):
        left, right = right, left
    dot = sum(v * right.get(k, 0.0) for k, v in left.items())
    norm_l = math.sqrt(sum(v * v for v in left.values()))
    norm_r = math.sqrt(sum(v * v for v in right.values()))
    return dot / (norm_l * norm_r) if norm_l and norm_r else 0.0


def containment(new_count: int, old_count: int, jaccard: float) -> float:
    """Share of the new article's shingles found in the old one, from the Jaccard estimate:
    |A∩B| = J(|A|+|B|)/(1+J)."""
    if new_count == 0:
        return 0.0
    shared = jaccard * (new_count + old_count) / (1.0 + jaccard)
    return min(1.0, shared / new_count)
