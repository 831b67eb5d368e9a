"""The topic's relevance query: a boolean expression of terms, parsed once, matched on lemmas.

Grammar (case-insensitive operators): ``expr := or``; ``or := and (OR and)*``;
``and := not ((AND)? not)*`` (juxtaposition means AND); ``not := NOT not | atom``;
``atom := "(" expr ")" | "a phrase" | word``. A term matches itself and every alias listed for
it in the topic, each spelling compared token by token on surface forms and lemmas in German and
English, so 'Nordkoreas', 'nordkoreanischen' and 'North Korean' all match ``"north korea"``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from monitor.errors import ConfigError
from monitor.languages import word_list
from monitor.text import compound_with, lemma, normalize, tokenize

_LEXEME = re.compile(r'\s*(?:(\()|(\))|"([^"]*)"|([^\s()"]+))')


def _phrases_by_first_word(name: str) -> dict[str, list[tuple[str, ...]]]:
    """The phrases of a list shipped in monitor/data/, as word tuples, by their first word."""
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(word_list(name)):
        words = tuple(phrase.split())
        phrases.setdefault(words[0], []).append(words)
    return phrases


# phrases in which a query's word means something else ('under fire', 'Feuer und Flamme',
# 'explosion in demand'; monitor/data/figurative-phrases.txt)
_FIGURATIVE = _phrases_by_first_word("figurative-phrases")


def figurative_positions(tokens: Sequence[str]) -> set[int]:
    """The token positions inside a figurative phrase (monitor/data/figurative-phrases.txt)."""
    found: set[int] = set()
    lowered = [t.lower() for t in tokens]
    for start, word in enumerate(lowered):
        for phrase in _FIGURATIVE.get(word, ()):
            if tuple(lowered[start : start + len(phrase)]) == phrase:
                found.update(range(start, start + len(phrase)))
    return found


@dataclass(frozen=True, slots=True)
class Term:
    """One query term: its canonical name and every spelling as a sequence of token forms."""

    name: str
    spellings: tuple[tuple[frozenset[str], ...], ...]


@dataclass(frozen=True, slots=True)
class Node:
    op: str  # "term" | "and" | "or" | "not"
    children: tuple[Node, ...] = ()
    term: Term | None = None


@dataclass(slots=True)
class RelevanceResult:
    relevant: bool
    score: float
    matched_terms: list[str] = field(default_factory=list)
    # where each canonical term matched: token positions (start, end) in the document
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # the query's words, but its headline and lead are the culture or the sports pages' (a
    # film, a play, an exhibition, a game; monitor.text.Genre): not relevant; the desk's name
    genre: str | None = None
    # the query holds on the headline and the lead alone (monitor.novelty.analysis
    # QUERY_LEAD_SENTENCES), where a report of the topic names it
    in_lead: bool = True
    # the words of a desk's pages (culture, sports, events, leisure) and of the market pages in
    # the headline and lead, the query's own words not counted: a piece may lean to a desk
    # without being its piece (monitor.novelty.memory's _unlike_the_topic reads it)
    desk_words: int = 0


def _forms(token: str) -> frozenset[str]:
    lower = token.lower()
    return frozenset({lower, lemma(token, "de"), lemma(token, "en")})


def _spelling(text: str) -> tuple[frozenset[str], ...]:
    return tuple(_forms(t) for t in tokenize(normalize(text)))


def _make_term(name: str, aliases: Mapping[str, Sequence[str]]) -> Term:
    canonical = name.lower()
    spellings = {_spelling(name)}
    for key, values in aliases.items():
        if key.lower() == canonical:
            spellings.update(_spelling(v) for v in values)
    return Term(canonical, tuple(s for s in spellings if s))


def parse_query(query: str, aliases: Mapping[str, Sequence[str]] | None = None) -> Node:
    """Parse a relevance query; a ConfigError names what is wrong and where."""
    aliases = aliases or {}
    tokens: list[tuple[str, str]] = []
    pos = 0
    query = query.strip()
    while pos < len(query):
        match = _LEXEME.match(query, pos)
        if match is None or match.end() == pos:
            raise ConfigError(f"relevance query: cannot read {query[pos:]!r}")
        pos = match.end()
        if match.group(1):
            tokens.append(("(", "("))
        elif match.group(2):
            tokens.append((")", ")"))
        elif match.group(3) is not None:
            tokens.append(("term", match.group(3)))
        else:
            word = match.group(4)
            upper = word.upper()
            tokens.append((upper, word) if upper in ("AND", "OR", "NOT") else ("term", word))
    index = 0

    def peek() -> str | None:
        return tokens[index][0] if index < len(tokens) else None

    def take() -> tuple[str, str]:
        nonlocal index
        index += 1
        return tokens[index - 1]

    def parse_or() -> Node:
        children = [parse_and()]
        while peek() == "OR":
            take()
            children.append(parse_and())
        return children[0] if len(children) == 1 else Node("or", tuple(children))

    def parse_and() -> Node:
        children = [parse_not()]
        while peek() in ("AND", "NOT", "term", "("):
            if peek() == "AND":
                take()
            children.append(parse_not())
        return children[0] if len(children) == 1 else Node("and", tuple(children))

    def parse_not() -> Node:
        if peek() == "NOT":
            take()
            return Node("not", (parse_not(),))
        return parse_atom()

    def parse_atom() -> Node:
        kind = peek()
        if kind == "(":
            take()
            node = parse_or()
            if peek() != ")":
                raise ConfigError(f"relevance query: missing ')' in {query!r}")
            take()
            return node
        if kind == "term":
            text = take()[1].strip()
            if not tokenize(text):
                raise ConfigError(f"relevance query: empty term in {query!r}")
            return Node("term", term=_make_term(text, aliases))
        found = "the end" if kind is None else repr(tokens[index][1])
        raise ConfigError(f"relevance query: expected a term or '(' but found {found} in {query!r}")

    if not tokens:
        raise ConfigError("relevance query is empty")
    tree = parse_or()
    if index != len(tokens):
        raise ConfigError(f"relevance query: unexpected {tokens[index][1]!r} in {query!r}")
    return tree


def _terms(node: Node, negated: bool = False) -> list[tuple[Term, bool]]:
    if node.op == "term":
        assert node.term is not None
        return [(node.term, negated)]
    result: list[tuple[Term, bool]] = []
    for child in node.children:
        result.extend(_terms(child, negated ^ (node.op == "not")))
    return result


def document_forms(tokens: Sequence[str], language: str | None) -> list[frozenset[str]]:
    """Per token position the forms a query token may meet: surface, and lemma in the language."""
    known = language if language in ("de", "en") else None
    return [_token_forms(token, known) for token in tokens]


@lru_cache(maxsize=200_000)
def _token_forms(token: str, language: str | None) -> frozenset[str]:
    lower = token.lower()
    if language is not None:
        found = {lower, lemma(token, language)}
    else:
        found = {lower, lemma(token, "de"), lemma(token, "en")}
    if language != "en":
        stem = _ADJECTIVE_ENDING.sub("isch", lower)
        if stem != lower:
            # the lemmatiser misses inflected place adjectives ('nordkoreanische Soldaten')
            found.add(stem)
    return frozenset(found)


_ADJECTIVE_ENDING = re.compile(r"isch(?:e|en|er|es|em)$")


def position_index(
    forms: Sequence[frozenset[str]], wanted: frozenset[str] | None = None
) -> dict[str, list[int]]:
    """Form -> the token positions that carry it (so a term is found without scanning tokens);
    with `wanted`, only those forms (the first tokens of a query's spellings)."""
    index: dict[str, list[int]] = {}
    for position, options in enumerate(forms):
        for form in options if wanted is None else options & wanted:
            index.setdefault(form, []).append(position)
    return index


def find_spans(
    term: Term, forms: Sequence[frozenset[str]], index: dict[str, list[int]] | None = None
) -> list[tuple[int, int]]:
    """Token spans where any spelling of the term occurs (each token must share a form)."""
    index = position_index(forms) if index is None else index
    spans: set[tuple[int, int]] = set()
    for spelling in term.spellings:
        width = len(spelling)
        starts = {p for form in spelling[0] for p in index.get(form, ())}
        for start in starts:
            if start + width <= len(forms) and all(
                forms[start + k] & spelling[k] for k in range(1, width)
            ):
                spans.add((start, start + width))
    return sorted(spans)


class RelevanceQuery:
    """A parsed topic query; `match()` says whether a document belongs to the topic, and why."""

    def __init__(
        self, query: str, aliases: Mapping[str, Sequence[str]] | None = None, min_score: float = 1.0
    ) -> None:
        self.source = query
        self.tree = parse_query(query, aliases)
        self.min_score = min_score
        seen: dict[str, tuple[Term, bool]] = {}
        for term, negated in _terms(self.tree):
            seen.setdefault(term.name, (term, negated))
        self.terms = list(seen.values())
        self.query_terms = frozenset(t.name for t, negated in _terms(self.tree) if not negated)
        # alias terms that are not in the query still mark topic entities in the text
        for name, _values in (aliases or {}).items():
            if name.lower() not in seen:
                self.terms.append((_make_term(name, aliases or {}), False))
        # one-word spellings a German compound may carry ('Öl' in 'Ölrückstände', 'Heizöl')
        self.compound_words = frozenset(
            form
            for term, negated in self.terms
            if not negated
            for spelling in term.spellings
            if len(spelling) == 1
            for form in spelling[0]
            if len(form) >= 2 and form.isalpha()
        )
        # every form any spelling has: what the topic names ('Ausstellung', 'Trainer')
        self.forms = frozenset(
            form
            for term, _negated in self.terms
            for spelling in term.spellings
            for token_forms in spelling
            for form in token_forms
        )
        # the forms a spelling can start with: only token positions carrying one are indexed
        self.first_forms = frozenset(
            form
            for term, _negated in self.terms
            for spelling in term.spellings
            for form in spelling[0]
        )

    def spans(
        self, tokens: Sequence[str], language: str | None
    ) -> dict[str, list[tuple[int, int]]]:
        forms = document_forms(tokens, language)
        if language != "en" and self.compound_words:
            # a German compound meets the word it is made of: 'Ölrückstände' is about Öl
            for position, token in enumerate(tokens):
                if token[:1].isupper():
                    # also where the compound is one term's spelling itself: 'Deichbruch' (a
                    # breach's) is about a Deich too (a new set only for such a token)
                    own = forms[position] & self.compound_words
                    parts = self.compound_words - own if own else self.compound_words
                    part = compound_with(token, parts)
                    if part is not None:
                        forms[position] = forms[position] | {part}
        index = position_index(forms, self.first_forms)
        # a word inside a figure of speech is not the topic's ('under fire', 'Hungerstreik')
        figurative = figurative_positions(tokens)
        found: dict[str, list[tuple[int, int]]] = {}
        for term, _negated in self.terms:
            spans = [
                (a, b)
                for a, b in find_spans(term, forms, index)
                if not figurative.issuperset(range(a, b))
            ]
            if spans:
                found[term.name] = spans
        return found

    def match(self, tokens: Sequence[str], language: str | None) -> RelevanceResult:
        """Evaluate on a document's tokens. Score: for each matched positive term 1 + ln(count),
        so one mention of each required term scores the number of required terms."""
        spans = self.spans(tokens, language)
        relevant, score, matched = self._judge(spans)
        return RelevanceResult(
            relevant=relevant, score=round(score, 4), matched_terms=matched, spans=spans
        )

    def holds_before(self, spans: dict[str, list[tuple[int, int]]], end: int) -> bool:
        """Whether the query holds on the tokens before position `end` (the headline and lead)
        of a document whose terms were found at `spans`."""
        within = {name: [s for s in found if s[1] <= end] for name, found in spans.items()}
        return self._judge({name: found for name, found in within.items() if found})[0]

    def _judge(self, spans: dict[str, list[tuple[int, int]]]) -> tuple[bool, float, list[str]]:
        """Whether terms found at `spans` make a document relevant; its score; the query's
        matched terms."""

        def evaluate(node: Node) -> bool:
            if node.op == "term":
                assert node.term is not None
                return node.term.name in spans
            if node.op == "not":
                return not evaluate(node.children[0])
            if node.op == "and":
                return all(evaluate(c) for c in node.children)
            return any(evaluate(c) for c in node.children)

        truth = evaluate(self.tree)
        matched = [name for name in spans if name in self.query_terms]
        score = sum(1.0 + math.log(len(spans[name])) for name in matched) if truth else 0.0
        return truth and score >= self.min_score, score, sorted(matched)
