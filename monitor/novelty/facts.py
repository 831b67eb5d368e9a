"""What is new: the sentences of an article whose content its story does not hold yet, ranked."""

from __future__ import annotations

from dataclasses import dataclass

from monitor.novelty.analysis import Analysis, Sentence, key_kind
from monitor.novelty.index import StoryKnowledge
from monitor.text import EVENT_CONCEPTS, clean_fact

# Salience of one key the story does not hold yet. An event word (ratified, approved, deployed)
# or a number/date is what makes a step; a new name often is just a new voice in a background
# piece, a new ordinary word usually just different phrasing.
SALIENCE = {"event": 1.0, "number": 0.8, "name": 0.6, "word": 0.15, "alias": 0.0}
# an event or name only forecast in a modal sentence ('must still approve') weighs this much
MODAL_FACTOR = 0.3
# a sentence must be at least this new (uncovered share of its weighted keys) to be a fact
MIN_NEW_SHARE = 0.3


@dataclass(slots=True)
class NewFact:
    sentence: Sentence
    salience: float
    new_keys: list[str]
    has_step: bool  # a new event word or number: the story moved, not just a new voice

    @property
    def text(self) -> str:
        return self.sentence.features.text


def _weight(key: str) -> float:
    kind = key_kind(key)
    if kind == "word" and key in EVENT_CONCEPTS:
        return SALIENCE["event"]
    return SALIENCE[kind]


def _known(key: str, sentence: Sentence, knowledge: StoryKnowledge) -> bool:
    if key in knowledge.fact_keys:
        return True
    if key in knowledge.modal_keys:
        # what was only announced becomes news when a sentence reports it as done
        return sentence.features.modal or key not in EVENT_CONCEPTS
    return False


def find_new_facts(
    analysis: Analysis, knowledge: StoryKnowledge, min_salience: float
) -> list[NewFact]:
    """New sentences (body first, then headline); keys already claimed by an earlier new sentence of the same
    article count once, so repeated mentions do not make repeated facts."""
    facts: list[NewFact] = []
    claimed: set[str] = set()
    # body sentences first: a headline restates the lead, and the body says it in full
    ordered = [s for s in analysis.sentences if not s.is_title]
    ordered += [s for s in analysis.sentences if s.is_title]
    for sentence in ordered:
        if sentence.fingerprint is not None and sentence.fingerprint in knowledge.sentences:
            continue
        total = 0.0
        fresh = 0.0
        new_keys: list[str] = []
        for key in sentence.keys:
            weight = _weight(key)
            if weight == 0.0:
                continue
            if (sentence.features.modal and key_kind(key) != "word") or (
                sentence.features.modal and key in EVENT_CONCEPTS
            ):
                weight *= MODAL_FACTOR
            total += weight
            if not _known(key, sentence, knowledge) and key not in claimed:
                fresh += weight
                new_keys.append(key)
        if total == 0.0 or fresh < min_salience or fresh / total < MIN_NEW_SHARE:
            continue
        has_step = not sentence.features.modal and any(
            key in EVENT_CONCEPTS or key_kind(key) == "number" for key in new_keys
        )
        claimed.update(new_keys)
        facts.append(NewFact(sentence, round(fresh, 3), sorted(new_keys), has_step))
    return facts


def top_facts(facts: list[NewFact], limit: int, max_chars: int = 240) -> list[str]:
    """The most salient new sentences (a body sentence before a headline of equal weight),
    shown in article order, cleaned and short."""
    ranked = sorted(facts, key=lambda f: (-f.salience, f.sentence.is_title, f.sentence.position))
    chosen = sorted(ranked[:limit], key=lambda f: f.sentence.position)
    seen: set[str] = set()
    result: list[str] = []
    for fact in chosen:
        text = clean_fact(fact.text, max_chars)
        if text.lower() not in seen:
            seen.add(text.lower())
            result.append(text)
    return result
