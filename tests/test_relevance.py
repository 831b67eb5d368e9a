"""The topic relevance query: boolean operators, phrases and aliases on lemmatised German and English."""

from __future__ import annotations

import pytest

from monitor.config import DEFAULT_TOPIC, DEFAULT_TOPICS_FILE, load_topic
from monitor.errors import ConfigError
from monitor.novelty import RelevanceQuery
from monitor.text import tokenize

ALIASES = {
    "north korea": ["Nordkorea", "nordkoreanisch", "North Korean", "Pjöngjang", "Pyongyang"],
    "russia": ["Russland", "Moskau", "Kreml"],
}


def match(query: str, text: str, language: str = "de") -> tuple[bool, list[str]]:
    result = RelevanceQuery(query, ALIASES).match(tokenize(text), language)
    return result.relevant, result.matched_terms


def test_aliases_match_inflected_forms() -> None:
    assert match('"north korea" AND russia', "Nordkoreas Soldaten kämpfen für Moskau.") == (
        True,
        ["north korea", "russia"],
    )
    assert match('"north korea"', "Die nordkoreanischen Truppen sind da.")[0]
    assert match('"north korea"', "North Korean soldiers arrived.", "en")[0]


def test_a_german_compound_meets_the_words_it_is_made_of() -> None:
    query = "(öl OR ölpest) AND tanker"
    assert match(query, "Proben zeigen keine Ölrückstände mehr, der Tanker liegt im Hafen.")[0]
    assert match("russia", "Die Russlandreise des Kanzlers beginnt.")[0]
    # only where the rest is a word of its own: no 'Öl' in 'Oligarch'
    assert not match(query, "Der Oligarch kaufte einen Tanker.")[0]
    # and not in English, where words are not glued together
    assert not match("russia", "Russiagate hearings resumed.", "en")[0]


def test_a_compound_that_spells_one_term_meets_the_other_it_is_made_of() -> None:
    """'Deichbruch', listed as a spelling of the breach, is about the Deich too: a report that
    names the dyke's breach only so meets 'deich AND bruch'."""
    query = "deich AND (bruch OR hochwasser)"
    aliases = {"deich": ["Deich", "Deiche"], "bruch": ["Bruch", "Deichbruch", "gebrochen"]}
    text = "Vier Tage nach dem Deichbruch dürfen die Bewohner von Gohlwerder zurück."
    result = RelevanceQuery(query, aliases).match(tokenize(text), "de")
    assert result.relevant, result.matched_terms
    assert set(result.matched_terms) == {"deich", "bruch"}


def test_not_excludes_and_or_alternates() -> None:
    query = '"north korea" AND (russia OR ukraine) AND NOT "ford plant"'
    assert match(query, "Pjöngjang liefert Granaten an die Ukraine.")[0]
    assert not match(query, "The Ford plant in Russia helped North Korea.", "en")[0]
    assert not match(query, "Russland rückt in der Ukraine vor.")[0]


def test_the_query_holds_on_a_documents_first_tokens_or_not() -> None:
    """Whether a document names the topic up front: the query on the tokens before a position."""
    query = RelevanceQuery('"north korea" AND russia', ALIASES)
    tokens = tokenize("Pjöngjang schickt Arbeiter. Sie bauen Wohnungen. Das zahlt Moskau.")
    spans = query.match(tokens, "de").spans
    assert query.holds_before(spans, len(tokens))
    assert not query.holds_before(spans, tokens.index("Wohnungen"))
    assert query.holds_before(spans, tokens.index("Moskau") + 1)


def test_phrases_need_adjacent_words() -> None:
    assert match('"upper house"', "The upper house approved.", "en")[0]
    assert not match('"upper house"', "The house in the upper town.", "en")[0]


def test_juxtaposition_means_and() -> None:
    assert not match("russia ukraine", "Russland allein.")[0]
    assert match("russia ukraine", "Russland und die Ukraine.")[0]


def test_score_grows_with_mentions_and_min_score_applies() -> None:
    once = RelevanceQuery("russia", ALIASES).match(tokenize("Moskau"), "de")
    often = RelevanceQuery("russia", ALIASES).match(tokenize("Moskau, Kreml, Russland"), "de")
    assert often.score > once.score >= 1.0
    strict = RelevanceQuery("russia", ALIASES, min_score=2.0)
    assert not strict.match(tokenize("Moskau"), "de").relevant


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("", "empty"),
        ("(russia", "missing ')'"),
        ("russia AND", "expected a term"),
        ("OR x", "expected"),
    ],
)
def test_bad_queries_say_what_is_wrong(query: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        RelevanceQuery(query, ALIASES)


def test_default_topic_query_parses_and_rejects_unrelated_war_news() -> None:
    topic = load_topic(DEFAULT_TOPICS_FILE, DEFAULT_TOPIC)
    query = RelevanceQuery(
        topic.relevance.query, topic.relevance.aliases, topic.relevance.min_score
    )
    front = "Russische Truppen rücken bei Pokrowsk vor; die Ukraine meldet schwere Kämpfe."
    assert not query.match(tokenize(front), "de").relevant
    deal = "Kim Jong Un und Putin vertiefen die Zusammenarbeit; Truppen aus Pjöngjang in Kursk."
    assert query.match(tokenize(deal), "de").relevant


@pytest.mark.parametrize(
    ("query", "text", "language", "relevant"),
    [
        # the query's word only inside a figure of speech or another thing
        ("ferry AND fire", "Island ferry operator under fire over summer fares.", "en", False),
        ("fähre AND feuer", "Laboe ist Feuer und Flamme für die neue Fähre.", "de", False),
        ("streik AND flughafen", "Asylbewerber im Flughafen tritt in Hungerstreik.", "de", False),
        ("strike AND airport", "Bird strike forces jet back to Bremen airport.", "en", False),
        (
            "gas AND explosion",
            "Installers report an explosion in demand for gas-free heat.",
            "en",
            False,
        ),
        # ... and beside it, in its own sense: the topic's
        ("ferry AND fire", "Fire on a ferry: operator under fire over safety.", "en", True),
        ("streik AND flughafen", "Warnstreik am Flughafen: Hunderte Flüge fallen aus.", "de", True),
        ("fähre AND feuer", "Feuer auf der Fähre nach Laboe gelöscht.", "de", True),
    ],
)
def test_a_querys_word_in_a_figure_of_speech_is_not_the_topics(
    query: str, text: str, language: str, relevant: bool
) -> None:
    assert match(query, text, language)[0] is relevant
