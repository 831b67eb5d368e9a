"""What is new: the sentences of an article whose content its story does not hold yet, ranked."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from monitor.novelty.analysis import Analysis, Sentence, key_kind
from monitor.novelty.index import StoryKnowledge
from monitor.text import (
    EVENT_CONCEPTS,
    STEP_CONCEPTS,
    clean_fact,
    concept,
    date_like,
    quote_only,
    tokenize,
    told_verbs,
)

# Salience of one key the story does not hold yet. An event word (ratified, approved, deployed)
# or a number/date is what makes a step; a new name often is just a new voice in a background
# piece, a new ordinary word usually just different phrasing.
SALIENCE = {"event": 1.0, "claim": 1.0, "number": 0.8, "name": 0.6, "word": 0.15, "alias": 0.0}
# an event or name only forecast in a modal sentence ('must still approve') weighs this much
MODAL_FACTOR = 0.3
# a sentence must be at least this new (uncovered share of its weighted keys) to be a fact
MIN_NEW_SHARE = 0.3


@dataclass(slots=True)
class NewFact:
    sentence: Sentence
    salience: float
    new_keys: list[str]
    has_step: bool  # a new state change or count: the story moved, not just a new voice
    in_lead: bool  # the headline or one of the first body sentences, where news puts its step
    headline_overlap: float = 0.0  # share of the headline's keys the sentence carries
    in_opening: bool = False  # one of the first LEAD_WINDOW body sentences
    # a body sentence shown for the headline, carrying the headline's new keys (not its own)
    for_headline: bool = False
    # the lead's second sentence, after an opening that told nothing new (a scene)
    after_scene: bool = False
    # the sentence tells its news with a verb the story has not used (monitor.text.told_verbs:
    # 'hat die Lizenz erteilt', 'the last car rolled off the line')
    new_verb: bool = False
    # the lead sentence under a headline that announces a turn: it tells the turn (shown first)
    tells_turn: bool = False

    @property
    def text(self) -> str:
        return self.sentence.features.text


def _weight(key: str) -> float:
    kind = key_kind(key)
    if kind == "word" and key in EVENT_CONCEPTS:
        return SALIENCE["event"]
    return SALIENCE[kind]


def _is_event(key: str) -> bool:
    return key in EVENT_CONCEPTS or key_kind(key) == "claim"


def _known(key: str, sentence: Sentence, knowledge: StoryKnowledge) -> bool:
    if key in knowledge.fact_keys:
        return True
    if key in knowledge.modal_keys:
        # what was only announced becomes news when a sentence reports it as done
        return key in sentence.modal_keys or not _is_event(key)
    return False


# body sentences after the headline that count as its lead (news tells its step first)
LEAD_SENTENCES = 1
# the opening body sentences where news tells its headline's fact in full
LEAD_WINDOW = 3


def is_step(key: str, counts: frozenset[str] = frozenset()) -> bool:
    """A key whose arrival moves a story: a state change, or a count that is not a date (a
    small number is one where its sentence spells it as a word, `counts`)."""
    kind = key_kind(key)
    return (
        key in STEP_CONCEPTS
        or kind == "claim"
        or (kind == "number" and (not date_like(key) or key in counts))
    )


def plain_step(key: str, counts: frozenset[str]) -> bool:
    """A step that reads the same in every language: a state change or a count (`counts`: the
    numbers a headline or lead spells out), not a claim (whose actors may be named otherwise in
    the other language)."""
    return is_step(key, counts) and key_kind(key) != "claim"


def lead_counts(sentence: Sentence, in_lead: bool) -> frozenset[str]:
    """The numbers a sentence spells out, where they count as steps (`is_step`): in a headline
    or lead, where news tell the step."""
    return sentence.features.counts if in_lead else frozenset()


def find_new_facts(
    analysis: Analysis, knowledge: StoryKnowledge, min_salience: float
) -> list[NewFact]:
    """New sentences (body first, then headline); keys already claimed by an earlier new sentence of the same
    article count once, so repeated mentions do not make repeated facts (a key claimed only as
    a forecast counts again in a sentence that states it)."""
    facts: list[NewFact] = []
    claimed: set[str] = set()
    claimed_modal: set[str] = set()
    # body sentences first: a headline restates the lead, and the body says it in full
    ordered = [s for s in analysis.sentences if not s.is_title]
    lead = {id(s) for s in ordered[:LEAD_SENTENCES]}
    opening = {id(s) for s in ordered[:LEAD_WINDOW]}
    headline = [s for s in analysis.sentences if s.is_title]
    if analysis.explainer:
        lead = set()  # an explainer's headline and opening retell; only its body may add
    title_keys = {k for s in headline for k in s.keys if key_kind(k) != "alias"}
    if any(quote_only(s.features.text) for s in headline):
        # a quote alone heads the report ('„Sie haben die Wehrlosesten bestohlen“'): the sentence
        # that repeats it is a voice, the lead tells the news
        title_keys = set()
    # names the headline brings to the story ('panda cub named Hua Ning'): an opening sentence
    # that carries one tells the headline's fact, however much else in it the story knew
    headline_names = {
        k for s in headline for k in s.keys if key_kind(k) == "name" and not _known(k, s, knowledge)
    }
    ordered += headline
    for sentence in ordered:
        if sentence.fingerprint is not None and sentence.fingerprint in knowledge.sentences:
            continue
        # the weights summed with fsum: exact whatever order the set gives the keys in, so a
        # sentence at the threshold is judged alike in every process (hash seeds differ)
        weights: list[float] = []
        fresh_weights: list[float] = []
        new_keys: list[str] = []
        forecast = sentence.modal_keys
        for key in sentence.keys | sentence.claims:
            weight = _weight(key)
            if weight == 0.0:
                continue
            if key in forecast and (key_kind(key) != "word" or _is_event(key)):
                weight *= MODAL_FACTOR
            known = _known(key, sentence, knowledge)
            if key_kind(key) != "claim" or not known:
                # a claim counts only when new: the pairing of a known step and actor is what
                # a sentence adds, its known pairings do not make it less new
                weights.append(weight)
            # a key an earlier sentence only forecast ('will send another 6,000') is new again
            # where this one states it ('to send 6,000 more troops'): the headline's step
            restated = key in claimed_modal and key not in forecast
            if not known and (key not in claimed or restated):
                fresh_weights.append(weight)
                new_keys.append(key)
        total, fresh = math.fsum(weights), math.fsum(fresh_weights)
        # a step, or an event the story only forecast that this sentence reports as done ('the
        # hackers threaten to publish the data', then 'Hacker veröffentlichen Patientendaten')
        in_lead = (sentence.is_title and bool(lead)) or id(sentence) in lead
        counts = lead_counts(sentence, in_lead)
        has_step = any(
            (is_step(key, counts) or (key in knowledge.modal_keys and _is_event(key)))
            and key not in forecast
            for key in new_keys
        )
        # a known kind of step by an actor the story has not seen take it ('the Commission
        # approved' after 'the agency recommended approval') is news however much of the
        # sentence is known
        new_claim = any(key_kind(k) == "claim" and k not in forecast for k in new_keys)
        after_scene = len(lead) > LEAD_SENTENCES and id(sentence) == id(ordered[LEAD_SENTENCES])
        if after_scene:
            # the sentence after a scene-setting opening leads with a state change or count new
            # to the story, not with a known event told of new people (a colour piece's 'lost
            # her brother, who died on the car deck')
            in_lead = any(plain_step(key, counts) and key not in forecast for key in new_keys)
        names_headline = id(sentence) in opening and not headline_names.isdisjoint(new_keys)
        if (
            total == 0.0
            or (fresh < min_salience and not names_headline)
            or (fresh / total < MIN_NEW_SHARE and not new_claim and not names_headline)
        ):
            if lead == {id(sentence)} and len(ordered) > LEAD_SENTENCES + len(headline):
                # an opening that tells nothing new sets the scene ('Im Streit um den Windpark
                # haben Behörde und Betreiber nachgelegt'): the next sentence tells the news
                lead.add(id(ordered[LEAD_SENTENCES]))
            continue
        claimed.update(new_keys)
        claimed_modal.update(k for k in new_keys if k in forecast)
        claimed_modal.difference_update(k for k in new_keys if k not in forecast)
        overlap = _headline_overlap(sentence, title_keys)
        facts.append(
            NewFact(
                sentence,
                round(fresh, 3),
                sorted(new_keys),
                has_step,
                in_lead=in_lead,
                headline_overlap=overlap,
                in_opening=id(sentence) in opening,
                after_scene=after_scene,
                new_verb=any(
                    verb in new_keys or concept(verb) in new_keys
                    for verb in told_verbs(sentence.features.text, analysis.language)
                ),
            )
        )
    if not analysis.explainer:
        facts = _with_headline_act(facts, ordered, title_keys, knowledge, analysis.language)
        facts = _with_lead_for_headline(facts, ordered)
    facts = _with_lead_sentence(facts, ordered, title_keys)
    if analysis.turn_headline and not analysis.explainer:
        facts = _with_turn_lead(facts, ordered)
    return facts


# verbs that tell who said or reported something, not what happened
_REPORTING_VERBS = frozenset(
    [
        "say",
        "tell",
        "report",
        "announce",
        "confirm",
        "voice",
        "express",
        "react",
        "warn",
        "sagen",
        "berichten",
        "mitteilen",
        "ankündigen",
        "bestätigen",
        "erklären",
        "melden",
        "warnen",
    ]
)


def headline_act(
    lead: Sentence, headline: list[Sentence], known: frozenset[str] | set[str], language: str | None
) -> str | None:
    """The act the lead tells its news with and the headline names, when the story has never
    told it ('ist ein neues Binnentor eingesetzt worden' under 'Neues Schleusentor
    eingesetzt'; 'relaunched its online ticket shop' under 'relaunches online ticket shop'):
    the story's next step, however few new names it brings."""
    title_keys = {k for s in headline for k in s.keys}
    title_words = {w.lower() for s in headline for w in tokenize(s.features.text)}
    for verb in sorted(told_verbs(lead.features.text, language)):
        key = concept(verb)
        if (
            _names_verb(key, verb, title_keys, title_words)
            and key not in known
            and verb not in known
            and verb not in _REPORTING_VERBS
            and key not in _REPORTING_VERBS
            and key not in lead.modal_keys
        ):
            return key
    return None


def _names_verb(key: str, verb: str, title_keys: set[str], title_words: set[str]) -> bool:
    """The headline tells the verb, also split as German main clauses split it ('Pulsora
    räumt Datenleck ein' for 'eingeräumt')."""
    if key in title_keys:
        return True
    return any(
        verb.endswith(stem) and verb[: -len(stem)] in title_words
        for stem in title_keys
        if len(stem) >= 4 and len(stem) < len(verb)
    )


def _with_headline_act(
    facts: list[NewFact],
    ordered: list[Sentence],
    title_keys: set[str],
    knowledge: StoryKnowledge,
    language: str | None,
) -> list[NewFact]:
    """The lead that tells a new act the headline names (`headline_act`) is a step: a fact of
    the lead with that act among its new keys, also where its other words were known."""
    body = [s for s in ordered if not s.is_title]
    headline = [s for s in ordered if s.is_title]
    if not body or not headline:
        return facts
    lead = body[0]
    act = headline_act(lead, headline, knowledge.fact_keys, language)
    if act is None:
        return facts
    for fact in facts:
        if fact.sentence is lead:
            fact.has_step = True
            fact.in_lead = True
            if act not in fact.new_keys:
                fact.new_keys = sorted([*fact.new_keys, act])
            return facts
    told = NewFact(
        lead,
        # a step, weighed as an event whatever its word ('relaunch' is no word of EVENT_CONCEPTS)
        SALIENCE["event"],
        [act],
        has_step=True,
        in_lead=True,
        headline_overlap=_headline_overlap(lead, title_keys),
        in_opening=True,
        new_verb=True,
    )
    return [*facts, told]


def _headline_overlap(sentence: Sentence, title_keys: set[str]) -> float:
    """Share of the headline's keys the sentence carries."""
    return len(title_keys & sentence.keys) / len(title_keys) if title_keys else 0.0


# share of the headline's keys a body sentence must carry to tell the headline's fact, and to
# tell it in full
TELLS_HEADLINE = 0.3
TELLS_HEADLINE_IN_FULL = 0.7


def _with_lead_for_headline(facts: list[NewFact], ordered: list[Sentence]) -> list[NewFact]:
    """The article's lead sentence, shown for its headline when it tells the headline's news in
    words no fact carries: a short lead of words the story has not seen but too few to make a
    fact of its own ('Auf der Strecke ist ein Zug entgleist' under 'Güterzug entgleist –
    Verbindung gesperrt') would leave the bullets to the sentences after it. It carries the
    headline's step, if any, and no salience of its own."""
    headline = next((f for f in facts if f.sentence.is_title), None)
    body = [s for s in ordered if not s.is_title]
    if headline is None or not body:
        return facts
    lead = body[0]
    if any(f.sentence is lead for f in facts):
        return facts
    words = {k for k in headline.new_keys if key_kind(k) in ("word", "name", "number")}
    if not words & lead.keys:
        return facts
    told = NewFact(
        lead,
        0.0,
        sorted(words & lead.keys),
        has_step=headline.has_step,
        in_lead=True,
        headline_overlap=max(_headline_overlap(lead, set(headline.sentence.keys)), TELLS_HEADLINE),
        in_opening=True,
        for_headline=True,
    )
    return [*facts, told]


def _with_lead_sentence(
    facts: list[NewFact], ordered: list[Sentence], title_keys: set[str]
) -> list[NewFact]:
    """When no new body sentence tells the headline, the opening sentence that does (in words
    the story knew already: 'the bridge opened on Friday' under 'A7 reopens'; 'have agreed on a
    pay deal' under 'Pay deal at the railway' in a story that agreed on arbitration before) is
    shown for it, so the alert's first bullet, if the article is a development, is the headline's
    fact in full. It carries the headline's new step, if any, and no salience of its own."""
    if not title_keys:
        return facts
    opening = [s for s in ordered if not s.is_title][:LEAD_WINDOW]
    overlaps = [(_headline_overlap(s, title_keys), -s.position, s) for s in opening]
    best = max(overlaps, default=None, key=lambda o: (o[0], o[1]))
    if best is None or best[0] < TELLS_HEADLINE:
        return facts
    told_best = max((f.headline_overlap for f in facts if not f.sentence.is_title), default=0.0)
    if told_best >= TELLS_HEADLINE and (told_best >= best[0] or best[0] < TELLS_HEADLINE_IN_FULL):
        # a new body sentence tells the headline, and none of the known ones tells it in full
        # where it does not ('The EU has added the school to its sanctions list' over 'The
        # listing ... also covers the school's commander')
        return facts
    overlap, _position, sentence = best
    headline = next((f for f in facts if f.sentence.is_title and f.has_step), None)
    told = NewFact(
        sentence,
        headline.salience if headline else 0.0,
        headline.new_keys if headline else [],
        has_step=headline is not None,
        in_lead=True,
        headline_overlap=overlap,
        in_opening=True,
        for_headline=headline is not None,
    )
    return [*facts, told]


_TURN_TOLD = re.compile(
    r"\b(?:taken|takes|took)\s+(?:a|an)\s+(?:new|unexpected|surprising|dramatic)\s+"
    r"(?:turn|twist)\b|\beine\s+(?:neue|überraschende|unerwartete)\s+Wendung\s+genommen\b",
    re.IGNORECASE,
)


def _with_turn_lead(facts: list[NewFact], ordered: list[Sentence]) -> list[NewFact]:
    """Under a headline that announces a turn and tells no more ('Wende an der Südfront', 'Neue
    Spur im Tresor-Fall'), the lead sentence tells the turn: it is shown first, also where the
    story knew its words ('haben Ermittler das Fluchtfahrzeug gefunden' in a story that
    searched for it; 'hat ... eine Koksan-Kanone erbeutet' where captured guns were told
    before). Even where the opening reads as a scene and the fact finder takes the next sentence
    for the lead, the opening under such a headline tells the turn ('Der Braunbär M41 darf
    vorerst nicht geschossen werden'). It carries no salience, step or lead of its own: it
    changes no verdict."""
    body = [s for s in ordered if not s.is_title]
    if not body:
        return facts
    # an opening that only says the story turned ('The dispute ... has taken a new turn') leaves
    # the turn to the next sentence
    lead = body[1] if len(body) > 1 and _TURN_TOLD.search(body[0].features.text) else body[0]
    for fact in facts:
        if fact.sentence is lead:
            fact.tells_turn = True
            return facts
    told = NewFact(lead, 0.0, [], has_step=False, in_lead=False, in_opening=True)
    told.tells_turn = True
    return [*facts, told]


def top_facts(
    facts: list[NewFact], limit: int, max_chars: int = 240, language: str | None = None
) -> list[str]:
    """The new sentences to show, cleaned and short: first the body sentence that tells the
    headline's fact (the one that shares most of the headline's keys, with a step), then the
    most salient others in article order; a headline only when no body sentence says it."""
    body = [f for f in facts if not f.sentence.is_title]
    lead: NewFact | None = None
    # news tells its headline's fact in its opening sentences: one of them that does is the
    # lead, before a step told further down ('a 38-year-old volunteer was trapped ...' under
    # 'Firefighter dies')
    telling = [f for f in body if f.in_opening and f.headline_overlap >= TELLS_HEADLINE]
    turn = next((f for f in body if f.tells_turn), None)
    if turn is not None:
        lead = turn
    elif body:
        lead = max(
            telling or body,
            key=lambda f: (f.headline_overlap + 0.5 * f.has_step, -f.sentence.position),
        )
        if lead.headline_overlap == 0.0:
            # a headline in words of its own ('Moscow changes its tune on ...'): the lead's
            # step, where news tells it, comes first
            lead = next((f for f in body if f.in_lead and f.has_step), None)
    rest = [f for f in facts if f is not lead and (f.sentence.is_title is False or not body)]
    ranked = sorted(rest, key=lambda f: (-f.salience, f.sentence.is_title, f.sentence.position))
    others = sorted(ranked[: limit - (lead is not None)], key=lambda f: f.sentence.position)
    chosen = ([lead] if lead is not None else []) + others
    seen: set[str] = set()
    result: list[str] = []
    for fact in chosen:
        text = clean_fact(fact.text, max_chars, language)
        if text.lower() not in seen:
            seen.add(text.lower())
            result.append(text)
    return result
