"""The learned decisions and the paraphrase-proof fact finder, through replay and the text layer.

Articles here are written for this project (a fictional ferry line and a fictional court case).
"""

from __future__ import annotations

import json
import math
import sys
from datetime import UTC
from pathlib import Path

import pytest

from monitor.config import NoveltyConfig, RelevanceConfig, Topic
from monitor.novelty.analysis import analyse, key_kind, quotes_in_present
from monitor.novelty.document import Document
from monitor.novelty.facts import NewFact, headline_act, is_step, top_facts
from monitor.novelty.index import StoredDoc, StoryProfile
from monitor.novelty.memory import (
    JOIN_FEATURES,
    OTHER_ECHO,
    WORD_COPY_MIN_WORDS,
    StoryMatch,
    _echo_of_another_story,
    _familiar_words,
    _stranger_to_the_topic,
    copy_features,
)
from monitor.novelty.model import DECISIONS_FILE, LogisticModel, fit_logistic, load_decisions
from monitor.replay import replay
from monitor.text import (
    announces_turn,
    asks_what_next,
    cites_a_case,
    is_explainer,
    normalize_number,
    quoted_title,
    reports_a_trend,
    sentence_features,
    sets_a_scene,
    told_verbs,
)


def _topic(**novelty: float) -> Topic:
    return Topic(
        name="ferry",
        relevance=RelevanceConfig(
            query="ferry OR fähre",
            aliases={"ferry": ["ferry", "Fähre", "Fährlinie", "ferry line"]},
        ),
        novelty=NoveltyConfig(**novelty),  # type: ignore[arg-type]
    )


FIRST = {
    "id": "first",
    "published": "2026-03-02T08:00:00+00:00",
    "lang": "en",
    "title": "Nordlicht Reederei plans ferry line from Kiel to Klaipeda",
    "text": (
        "The shipping company Nordlicht Reederei wants to open a ferry line between Kiel and "
        "Klaipeda next year, its chief executive Malte Iversen said on Monday.\n"
        "Two ships built at the Gdansk yard would run six crossings a week.\n"
        "The port authority in Kiel still has to approve the berth.\n"
        "Teilen auf Facebook | Teilen auf X | Artikel drucken"
    ),
}
# months later: few new names, a real step (the authority approved), named in headline and lead
STEP = {
    "id": "step",
    "published": "2026-07-20T08:00:00+00:00",
    "lang": "en",
    "title": "Kiel port authority approves berth for Nordlicht ferry to Klaipeda",
    "text": (
        "The Kiel port authority has approved the berth for the Nordlicht Reederei ferry line "
        "to Klaipeda, clearing the way for the first crossing in March.\n"
        "Malte Iversen said the company would now hire 140 crew members.\n"
        "Von Jana Oltmanns\n"
        "Sign up You agree to receive our morning briefing and offers from Baltic Wire.\n"
        "Image caption Malte Iversen presented the plans at the port on a rainy morning\n"
        "© Baltic Wire 2026"
    ),
}
# the first report retold in other words: no new step
BACKGROUND = {
    "id": "background",
    "published": "2026-03-09T08:00:00+00:00",
    "lang": "en",
    "title": "Why a Kiel-Klaipeda ferry matters to Nordlicht",
    "text": (
        "Nordlicht Reederei is betting on a new sea link between Kiel and Klaipeda.\n"
        "The plan, announced by chief executive Malte Iversen, foresees two ships from Gdansk.\n"
        "Before the first ship can sail, Kiel's port authority must give its approval for a "
        "berth.\n"
        "Analysts see the route as a test of demand for freight across the Baltic."
    ),
}


def _replay(tmp_path: Path, items: list[dict[str, str]], topic: Topic) -> dict[str, dict]:  # type: ignore[type-arg]
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    replay(source, out, topic)
    return {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


def test_a_step_months_later_joins_with_its_headline_fact_first(tmp_path: Path) -> None:
    results = _replay(tmp_path, [FIRST, BACKGROUND, STEP], _topic())
    assert results["background"]["verdict"] == "known"
    step = results["step"]
    assert step["verdict"] == "development"
    assert step["story_id"] == results["first"]["story_id"]
    assert "approved the berth" in step["new_facts"][0]
    # page furniture never becomes a fact, whatever path the text came in by
    every_fact = " ".join(f for r in results.values() for f in r["new_facts"])
    for furniture in ("Teilen auf", "Artikel drucken", "Von Jana", "Baltic Wire", "rainy"):
        assert furniture not in every_fact


# weeks later: a decision announced ('will double ... to 1,600'), its headline telling it
ANNOUNCED = {
    "id": "announced",
    "published": "2026-04-14T08:00:00+00:00",
    "lang": "en",
    "title": "Nordlicht to double Kiel-Klaipeda ferry capacity to 1,600 passengers a day",
    "text": (
        "Nordlicht Reederei will double the capacity of its ferry line between Kiel and "
        "Klaipeda to 1,600 passengers a day, its finance chief Greta Lund said after a board "
        "meeting on Tuesday.\n"
        "A third ship is to join the two from the Gdansk yard."
    ),
}


def test_a_decision_told_as_a_forecast_in_the_lead_and_as_fact_in_the_headline_is_news(
    tmp_path: Path,
) -> None:
    # the lead's 'will double' forecasts the new count; the headline states it: a step
    results = _replay(tmp_path, [FIRST, ANNOUNCED], _topic())
    announced = results["announced"]
    assert announced["story_id"] == results["first"]["story_id"]
    assert announced["verdict"] == "development"
    assert "1,600" in announced["new_facts"][0]


def test_what_the_story_only_threatened_is_news_when_it_happens(tmp_path: Path) -> None:
    threat = {
        "id": "threat",
        "published": "2026-05-04T08:00:00+00:00",
        "lang": "en",
        "title": "Hackers steal booking data of Nordlicht ferry line",
        "text": (
            "Hackers have stolen the booking data of the Nordlicht Reederei ferry line between "
            "Kiel and Klaipeda, the company said on Monday.\n"
            "They threaten to publish the passengers' data unless the company pays a ransom."
        ),
    }
    done = {
        "id": "done",
        "published": "2026-05-11T08:00:00+00:00",
        "lang": "en",
        "title": "Hackers publish passenger data of Nordlicht ferry line",
        "text": (
            "The hackers who stole the booking data of the Nordlicht Reederei ferry line between "
            "Kiel and Klaipeda have published the passengers' data.\n"
            "The company had refused to pay the ransom."
        ),
    }
    results = _replay(tmp_path, [threat, done], _topic())
    assert results["done"]["story_id"] == results["threat"]["story_id"]
    assert results["done"]["verdict"] == "development"
    assert "published" in results["done"]["new_facts"][0]


# months later in German: the authority approved the berth
GERMAN_STEP = {
    "id": "german-step",
    "published": "2026-07-20T08:00:00+00:00",
    "lang": "de",
    "title": "Kieler Hafenbehörde genehmigt Liegeplatz für Nordlicht-Fähre nach Klaipeda",
    "text": (
        "Die Hafenbehörde in Kiel hat den Liegeplatz für die Fährlinie der Nordlicht Reederei "
        "nach Klaipeda genehmigt.\n"
        "Die erste Überfahrt ist für März geplant, sagte Malte Iversen."
    ),
}


def test_the_other_languages_report_of_a_step_is_known_with_the_steps_background(
    tmp_path: Path,
) -> None:
    german_step = GERMAN_STEP
    # the same day in English: its headline's step is the German report's; the body retells
    # a step of long ago the story never heard of (the contract signed in January)
    english_echo = {
        "id": "english-echo",
        "published": "2026-07-20T14:00:00+00:00",
        "lang": "en",
        "title": "Kiel port authority approves berth for Nordlicht ferry to Klaipeda",
        "text": (
            "The Kiel port authority has approved the berth for the Nordlicht Reederei ferry "
            "line to Klaipeda, for which the company signed a contract in January.\n"
            "The first crossing is planned for March, Malte Iversen said."
        ),
    }
    results = _replay(tmp_path, [FIRST, german_step, english_echo], _topic())
    assert results["german-step"]["verdict"] == "development"
    echo = results["english-echo"]
    assert echo["story_id"] == results["first"]["story_id"]
    assert echo["verdict"] == "known"


def test_the_join_probability_override_splits_stories(tmp_path: Path) -> None:
    default = _replay(tmp_path, [FIRST, STEP], _topic())
    assert default["step"]["story_id"] == default["first"]["story_id"]
    strict = _replay(tmp_path, [FIRST, STEP], _topic(join_probability=0.9999))
    assert strict["step"]["verdict"] == "new_story"
    assert strict["step"]["story_id"] != strict["first"]["story_id"]


def test_a_wire_copy_with_its_own_intro_and_footer_is_a_duplicate(tmp_path: Path) -> None:
    copy = {
        **FIRST,
        "id": "copy",
        "published": "2026-03-02T11:00:00+00:00",
        "title": "New Baltic ferry planned",
        "text": "KIEL (dpa) - A new ferry link across the Baltic is taking shape.\n"
        + FIRST["text"]
        + "\n(dpa/lno)",
    }
    results = _replay(tmp_path, [FIRST, copy], _topic())
    assert results["copy"]["verdict"] == "duplicate"
    assert results["copy"]["duplicate_of"] == "first"
    assert results["copy"]["scores"]["copy_probability"] >= 0.5


def test_the_shipped_models_read_only_features_the_memory_computes() -> None:
    decisions = load_decisions()
    assert set(decisions.join.features) <= set(JOIN_FEATURES)
    assert decisions.join.features and decisions.duplicate.features
    assert "bench/fit_decisions.py" in decisions.fitted_on
    from monitor.novelty.analysis import analyse

    one = analyse(FIRST["title"], FIRST["text"], "en", None, "*")
    same = copy_features(one, StoredDoc("x", 1, one.shingle_count, one.signature))
    assert set(decisions.duplicate.features) <= set(same)
    assert decisions.duplicate.probability(same) > 0.9  # an article against itself


def test_the_shipped_decoy_model_tells_a_decoy_from_another_story_of_the_topic() -> None:
    """bench/fit_decoys.py: an article that would open a story, read on its decision's scores.
    A decoy's words are rare in the topic, its opening far from the stories' and no story
    likely; another story of the topic shares the topic's words and reads like its stories."""
    from monitor.novelty.memory import DECOY_FEATURES, decoy_features

    decoy = load_decisions().decoy
    assert decoy is not None and decoy.features == DECOY_FEATURES
    film = {
        "relevance": 3.5,
        "familiar_words": 0.03,
        "nearest_opening": 0.42,
        "story_probability": 0.01,
        "story_similarity": 0.15,
        "story_opening": 0.42,
        "name_density": 0.5,
    }
    other_town = {
        "relevance": 8.0,
        "familiar_words": 0.14,
        "nearest_opening": 0.66,
        "story_probability": 0.35,
        "story_similarity": 0.4,
        "story_opening": 0.66,
        "name_density": 2.0,
    }
    # between the two: an article a little like the topic's stories reads as a decoy when its
    # sentences name few names (a statistic, a study), as news of an event when they name its
    # people, places and firms
    between = {
        "relevance": 5.0,
        "familiar_words": 0.08,
        "nearest_opening": 0.57,
        "story_probability": 0.05,
        "story_similarity": 0.13,
        "story_opening": 0.57,
    }
    few, many = {**between, "name_density": 0.3}, {**between, "name_density": 2.5}
    # ... and, with names enough for news, as a decoy when its headline reports a figure of the
    # field (a record, a survey, a count that rose), not an event
    middle = {**between, "story_probability": 0.2, "name_density": 1.2}
    trend, event = {**middle, "trend_headline": 1.0}, {**middle, "trend_headline": 0.0}
    cases = (
        (film, True),
        (other_town, False),
        (few, True),
        (many, False),
        (trend, True),
        (event, False),
    )
    for scores, is_decoy in cases:
        values = decoy_features(scores, 10)
        assert values is not None
        assert (decoy.probability(values) >= decoy.threshold) is is_decoy, scores
    # with no candidate story scored, or in a young memory, it does not judge
    assert decoy_features({"relevance": 3.5}, 10) is None
    assert decoy_features(film, 1) is None


def test_name_density_counts_the_names_a_body_sentence_names() -> None:
    """A statistic names few names; a report of an event names its people, places and firms."""
    from monitor.novelty.memory import name_density

    statistic = analyse(
        "Weniger Brände in Küchen",
        "Die Zahl der Fettbrände in Küchen ist im vergangenen Jahr gesunken. Fachleute führen "
        "das auf neue Geräte zurück. Viele Haushalte kochen inzwischen anders.",
        "de",
        None,
        "*",
    )
    report = analyse(
        "Brand in Imbiss",
        "Im Imbiss „Zum Anker“ in der Hammer Bahnhofstraße hat am Dienstag eine Fritteuse Feuer "
        "gefangen. Betreiber Mehmet Yilmaz und zwei Gäste aus Dortmund konnten sich retten. Die "
        "Feuerwehr Hamm rückte mit 25 Kräften an.",
        "de",
        None,
        "*",
    )
    assert name_density(statistic) < 0.5 < 2.0 < name_density(report)


@pytest.mark.parametrize(
    ("headline", "trend"),
    [
        ("German company insolvencies rise 11% to decade high, statistics office says", True),
        ("Gene therapy trials in Europe hit record as investment recovers", True),
        ("Umfrage: Sicherheit auf Weihnachtsmärkten wird immer teurer", True),
        ("Blitzer-Boom: Zahl fester Messanlagen auf Rekordstand", True),
        ("Schengen visa applications climb to new high", True),
        ("Chair falls from ski lift in Austrian Alps, four skiers injured", False),
        ("Paul-Ehrlich-Institut setzt Gentherapie-Studie von Halvora aus", False),
    ],
)
def test_a_headline_that_reports_a_figure_of_the_field(headline: str, trend: bool) -> None:
    assert reports_a_trend(headline) is trend, headline


@pytest.mark.parametrize(
    ("headline", "case"),
    [
        ("Lithuania arrests second suspect in German North Korea shells case", True),
        ("Neue Festnahme im Hamburger Nordkorea-Fall", True),
        ("Paytec-Skandal: Anklage gegen Ex-Chef Reinhold", True),
        # a hypothetical, a fall
        ("In case of fire: new rules for ferry crews", False),
        ("Was im Fall eines Angriffs gilt", False),
        ("Kurs im freien Fall: Anleger fliehen aus der Reederei", False),
    ],
)
def test_a_headline_that_places_its_news_in_a_case(headline: str, case: bool) -> None:
    assert cites_a_case(headline) is case, headline


def test_a_decisions_file_without_a_decoy_model_judges_no_article_a_decoy(tmp_path: Path) -> None:
    raw = json.loads(DECISIONS_FILE.read_text(encoding="utf-8"))
    older = {k: v for k, v in raw.items() if not k.startswith("decoy")}
    path = tmp_path / "decisions.json"
    path.write_text(json.dumps(older), encoding="utf-8")
    assert load_decisions(path).decoy is None
    assert load_decisions(path).join == load_decisions().join


def test_the_decoy_models_held_arcs_are_arcs_of_the_suite() -> None:
    """bench/held_arcs.txt names the arcs the decoy model is measured on, never fitted on."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import fit_decoys

    held = fit_decoys.held_arcs()
    suite = {path.stem for path in (Path(__file__).parent / "scenarios").glob("*.jsonl")}
    assert held and held <= suite


def test_fit_logistic_learns_which_side_a_feature_points_to() -> None:
    rows = [{"a": x / 10, "b": 0.5} for x in range(11)]
    labels = [int(row["a"] > 0.5) for row in rows]
    model = fit_logistic(rows, labels, ("a", "b"), l2=0.1)
    assert model.probability({"a": 0.9, "b": 0.5}) > 0.8
    assert model.probability({"a": 0.1, "b": 0.5}) < 0.2
    again = LogisticModel.from_dict(json.loads(json.dumps(model.as_dict())))
    assert again.probability({"a": 0.9, "b": 0.5}) == pytest.approx(
        model.probability({"a": 0.9, "b": 0.5}), abs=1e-5
    )


def test_a_candidate_told_in_other_languages_only_has_the_models_cut_for_it() -> None:
    model = LogisticModel(("cross_language",), (0.0,), 0.0, 0.5, 0.4)
    assert model.cut({"cross_language": 1.0}) == 0.4
    assert model.cut({"cross_language": 0.0}) == 0.5
    again = LogisticModel.from_dict(json.loads(json.dumps(model.as_dict())))
    assert again == model
    plain = LogisticModel.from_dict({"features": ["a"], "weights": [1.0], "bias": 0.0})
    assert plain.cut({"cross_language": 1.0}) == plain.threshold == 0.5
    # the shipped join model's cuts are fitted (bench/fit_decisions.py): the words of two
    # languages say less, so a story told in other languages only is joined from less
    shipped = load_decisions().join
    assert shipped.cross_language_threshold is not None
    assert 0.2 <= shipped.cross_language_threshold <= shipped.threshold <= 0.8


@pytest.mark.parametrize(
    ("sentence", "language", "forecast"),
    [
        ("Nun muss noch das Oberhaus zustimmen.", "de", {"approve"}),
        ("The ECB cut its rate to 1.5 percent, and signalled it was likely the last.", "en", set()),
        (
            "Verdi hat den Streik ausgeweitet: Die Beschäftigten sollen bis Freitag ruhen.",
            "de",
            set(),
        ),
        ("Ob weitere Senkungen folgen, ließ Lagarde offen.", "de", {"cut"}),
        # a forecast joined by 'and' is a clause of its own: the cut is done, the closure not
        ("The carmaker cut 500 jobs and will close two plants.", "en", {"close"}),
        ("Der Autobauer senkt die Preise und will zwei Werke schließen.", "de", {"close"}),
        # what made the forecast is told as done: the approval, not the reopening to come
        (
            "The stadium will reopen on Saturday after the authority approved the repaired roof.",
            "en",
            {"reopen"},
        ),
        ("Das Werk soll schließen, weil der Konzern die Preise senkt.", "de", {"close"}),
        # a condition ('once') is the forecast's own
        (
            "The plant will close once the authority has approved the sale.",
            "en",
            {"close", "approve"},
        ),
        # reported speech forecasts in the subjunctive ('wolle', 'werde', 'müsse')
        ("Das deute darauf hin, dass Moskau die Jets auch liefern wolle.", "de", {"deliver"}),
        ("Der Verein hat Trainer Brandt freigestellt.", "de", set()),
        # an attempt is not the deed
        ("Investigators tried to establish what had killed the fish.", "en", {"kill"}),
        # 'wird' before a participle is a present passive, a report; before an infinitive, or
        # with 'werden' at the clause's end, a future
        ("Wegen des Brandes wird das Dorf Lindau evakuiert.", "de", set()),
        ("Die Brücke wird gesperrt, teilte die Stadt mit.", "de", set()),
        ("Die Stadt wird die Brücke sperren.", "de", {"close"}),
        ("Die Brücke wird am Montag gesperrt werden.", "de", {"close"}),
    ],
)
def test_a_forecast_covers_its_own_clause(sentence: str, language: str, forecast: set[str]) -> None:
    features = sentence_features(sentence, language)
    steps = {"approve", "cut", "extend", "strike", "close", "reopen", "deliver", "dismiss", "kill"}
    steps |= {"evacuate"}
    steps &= features.events
    assert steps, sentence
    assert steps & features.modal_keys == forecast


def test_an_envoy_summoned_is_a_step_and_citing_a_law_none() -> None:
    for sentence, language in (
        ("Japan hat den russischen Botschafter einbestellt.", "de"),
        ("Japan summoned the Russian ambassador on Tuesday.", "en"),
        ("Der Landrat beruft den Krisenstab ein.", "de"),
    ):
        assert "summon" in sentence_features(sentence, language).steps, sentence
    # 'sich berufen auf' cites
    assert not sentence_features("Die Regierung beruft sich auf das Völkerrecht.", "de").steps


@pytest.mark.parametrize(
    ("sentence", "language", "key", "denied"),
    [
        ("Verletzt wurde nach Angaben der Polizei niemand.", "de", "violate", True),
        ("Zunächst wurde niemand festgenommen.", "de", "arrest", True),
        ("Es gab keine Verletzten.", "de", "verletzter", True),
        ("No one was injured, the fire service said.", "en", "injure", True),
        ("Nobody was arrested.", "en", "arrest", True),
        ("No injuries were reported.", "en", "injury", True),
        # 'no' and 'kein' before anything but harm deny a thing, not the clause
        ("The bill passed with no amendments.", "en", "pass", False),
        ("Für die Geburtsstation gibt es keine Rettung mehr.", "de", "rescue", False),
        ("Drei Menschen wurden verletzt.", "de", "violate", False),
    ],
)
def test_what_nobody_suffered_is_no_fact_yet(
    sentence: str, language: str, key: str, denied: bool
) -> None:
    """A clause whose subject is nobody, or whose harm 'no' or 'kein' denies, is known as a
    forecast: the day someone is hurt or arrested, that is news."""
    features = sentence_features(sentence, language)
    assert key in features.keys, sorted(features.keys)
    assert (key in features.modal_keys) == denied


def test_a_harm_the_first_report_denied_is_news_when_it_happens(tmp_path: Path) -> None:
    topic = Topic(
        name="waldbrand",
        relevance=RelevanceConfig(
            query="waldbrand", aliases={"waldbrand": ["Waldbrand", "Waldbrandes", "wildfire"]}
        ),
    )
    first = {
        "id": "first",
        "published": "2026-07-13T06:00:00+00:00",
        "lang": "de",
        "title": "Waldbrand bei Tannrode: 200 Menschen in Sicherheit gebracht",
        "text": (
            "Ein Waldbrand am Hasselkopf bei Tannrode im Thüringer Wald hat sich in der Nacht auf "
            "rund 40 Hektar ausgebreitet. Die Behörden ließen die 200 Bewohner des Ortsteils "
            "Oberhain in die Turnhalle von Tannrode bringen.\n"
            "Mehr als 150 Einsatzkräfte kämpfen gegen die Flammen, zwei Hubschrauber werfen "
            "Wasser ab. Verletzt wurde nach Angaben des Landratsamts niemand. Die Ursache des "
            "Feuers ist noch unklar."
        ),
    }
    injured = {
        "id": "injured",
        "published": "2026-07-15T07:00:00+00:00",
        "lang": "de",
        "title": "Waldbrand bei Tannrode: Feuerwehrmann bei Löscharbeiten schwer verletzt",
        "text": (
            "Bei den Löscharbeiten am Waldbrand bei Tannrode ist ein Feuerwehrmann schwer verletzt "
            "worden. Der Mann aus Oberhain wurde von einem brennenden Baum getroffen, wie das "
            "Landratsamt am Mittwoch mitteilte.\n"
            "Er wurde mit einem Hubschrauber in eine Klinik nach Erfurt geflogen."
        ),
    }
    results = _replay(tmp_path, [first, injured], topic)
    assert results["injured"]["verdict"] == "development"
    assert "verletzt" in results["injured"]["new_facts"][0]


def test_step_words_read_alike_across_languages_and_numbers_alike() -> None:
    assert normalize_number("2,50") == normalize_number("2.5") == "2.5"
    assert normalize_number("1.500") == normalize_number("1,500") == "1500"
    de = sentence_features("Das Abkommen ist am Mittwoch in Kraft getreten.", "de")
    en = sentence_features("The agreement entered into force on Wednesday.", "en")
    assert "in_force" in de.events and "in_force" in en.events
    future = sentence_features("Der Vertrag tritt nach dem Austausch der Urkunden in Kraft.", "de")
    assert "in_force" not in future.events
    assert "#4" in sentence_features("Der Streik dauert vier Tage.", "de").numbers
    assert "#4" in sentence_features("The strike lasts four days.", "en").numbers
    # a tournament, talks, a search broken off are halted (the English 'broke off' too)
    halted = sentence_features("Das Springturnier wurde am Sonntag abgebrochen.", "de")
    assert "halt" in halted.events
    assert "halt" in sentence_features("The show-jumping event was halted on Sunday.", "en").events


def test_a_number_spelled_out_is_a_count_unless_it_is_a_span_of_time() -> None:
    # news spell small counts out and write days and years in digits
    assert sentence_features("Die Zahl der Toten steigt auf sieben.", "de").counts == {"#7"}
    assert sentence_features("The death toll rose to seven.", "en").counts == {"#7"}
    assert sentence_features("Der Deich brach am 7. Juni.", "de").counts == set()
    assert sentence_features("Fast acht Wochen nach dem Brand", "de").counts == set()
    assert sentence_features("He led the club for six years.", "en").counts == set()


@pytest.mark.parametrize(
    ("sentence", "language", "step"),
    [
        ("Der Verein entlässt Trainer Markus Vogler.", "de", "dismiss"),
        ("Rheinau sack coach Vogler.", "en", "dismiss"),
        ("Das Gericht hat die Klage abgewiesen.", "de", "dismiss"),
        ("The court dismissed the appeal.", "en", "dismiss"),
        ("Der Verein hat Niklas Brandt als Cheftrainer verpflichtet.", "de", "appoint"),
        ("The Commission fined Orchard 1.2 billion euros.", "en", "penalty"),
        ("Vektra Air has grounded its A320 fleet.", "en", "suspend"),
        ("Die Staatsanwaltschaft hat ein Ermittlungsverfahren eingeleitet.", "de", "launch"),
        ("Das Gericht hat den Anführer zu elf Jahren Haft verurteilt.", "de", "sentence"),
        ("Der Bundesrat hat das Gesetz passieren lassen.", "de", "pass"),
        ("Verein und Trainer einigten sich auf einen Vergleich.", "de", "settlement"),
        ("Sie haben ihren Streit mit einem Vergleich beendet.", "de", "settlement"),
        # English 'died' is not German's article 'die'
        ("A seven-year-old boy has died of measles.", "en", "die"),
        ("Ein Junge ist an den Masern gestorben.", "de", "die"),
        ("Französische Regierung durch Misstrauensvotum gestürzt", "de", "collapse"),
        ("The vote toppled the government.", "en", "collapse"),
        ("Der Misstrauensantrag ist gescheitert.", "de", "reject"),
        ("Die Suche nach den Vermissten wurde eingestellt.", "de", "cancel"),
        ("Rescuers called off the search for the missing.", "en", "cancel"),
        ("Die Polizei hat sieben der Juwelen sichergestellt.", "de", "seize"),
        # salvage, contracts, votes survived, suits brought, an inquiry's reports
        ("Salvage crews refloated the grounded freighter.", "en", "refloat"),
        ("Der Frachter wurde am Freitag freigeschleppt.", "de", "refloat"),
        ("Ministerium und Werft verhandeln den Vertrag neu.", "de", "renegotiate"),
        ("The two sides renegotiated the contract.", "en", "renegotiate"),
        ("The cabinet survived a confidence vote on Tuesday.", "en", "survive"),
        ("Das Kabinett übersteht das Misstrauensvotum.", "de", "survive"),
        ("The union filed a lawsuit against the operator.", "en", "file_suit"),
        ("Der Verband hat Klage beim Verwaltungsgericht eingereicht.", "de", "file_suit"),
        ("The consumer group has filed a class action against the insurer.", "en", "file_suit"),
        ("Verbraucherschützer haben eine Sammelklage eingereicht.", "de", "file_suit"),
        ("Die Ermittler legten ihren Zwischenbericht vor.", "de", "interim_report"),
        ("The board published its preliminary report on Monday.", "en", "interim_report"),
        ("The commission's final report blames the operator.", "en", "final_report"),
        ("BFU-Abschlussbericht: Wartungsfehler war die Ursache", "de", "final_report"),
        # a host chosen, a ban shortened, a merger blocked
        ("German Olympic body picks Hamburg for its bid.", "en", "elect"),
        ("Der Verband hat Hamburg als Kandidaten ausgewählt.", "de", "elect"),
        ("Sportgericht verkürzt die Sperre auf 14 Monate.", "de", "cut"),
        ("EU blocks cement merger.", "en", "ban"),
        ("Brüssel untersagt die Zementfusion.", "de", "ban"),
        # a fugitive caught ('einen Beschluss gefasst' is a decision taken)
        ("Einer der Ausbrecher wurde in Hannover gefasst.", "de", "arrest"),
        ("Die Polizei fasste den mutmaßlichen Täter am Bahnhof.", "de", "arrest"),
        # the cause of an accident or a contamination found
        ("Die Ursache für die Verunreinigung ist gefunden.", "de", "cause_found"),
        ("Die Brandursache ist inzwischen geklärt.", "de", "cause_found"),
        ("Investigators have identified the cause of the collapse.", "en", "cause_found"),
        ("Cracked pipe blamed for water contamination", "en", "cause_found"),
        ("Kontora Bank nennt Ursache für tagelangen Ausfall", "de", "cause_found"),
        ("The bank has named the cause of the outage.", "en", "cause_found"),
        ("Brand in Oberfirn: Kurzschluss in Ladestation war die Ursache", "de", "cause_found"),
        ("A short circuit in a charging unit was the cause of the fire.", "en", "cause_found"),
        # ... as what it is owed to, or as an expert's or an inquiry's finding
        ("Der Brand in der Halle geht laut Polizei auf Brandstiftung zurück.", "de", "cause_found"),
        ("Der Einsturz ist auf rostige Träger zurückzuführen.", "de", "cause_found"),
        ("Der Unfall auf der A 7 geht laut Polizei auf Glätte zurück.", "de", "cause_found"),
        ("Gutachten: Falsch eingestellte Pumpe hat die Flut verursacht", "de", "cause_found"),
        ("An expert report found the contractor responsible for the flood.", "en", "cause_found"),
        ("Ermittler: Ein defekter Lüfter löste den Brand in der Halle aus", "de", "cause_found"),
        ("Stromausfall im Klinikum: Ursache steht fest", "de", "cause_found"),
        # a confirmation given is a claim confirmed
        ("The ministry gave its first official confirmation of the talks.", "en", "confirm"),
        ("Die Bestätigung des Ministeriums kam am Mittwoch.", "de", "confirm"),
        # aid granted, money approved, back payments made
        ("Land gewährt Soforthilfe für Obstbauern", "de", "approve"),
        ("Der Stadtrat bewilligt zwei Millionen Euro für die Turnhalle.", "de", "approve"),
        ("Die Kasse hat erste Nachzahlungen überwiesen.", "de", "refund"),
        # something installed, on its day or in a headline
        ("Am Montag wurde die neue Glocke in den Turm eingebaut.", "de", "install"),
        ("Crews installed the new bell in the tower on Monday.", "en", "install"),
        # a line or a terminal in service for the first time
        ("Erstmals fließt Wasserstoff durch die Leitung.", "de", "first_run"),
        ("Zum ersten Mal fahren Züge über die neue Brücke.", "de", "first_run"),
        ("The first tanker was unloaded as gas started flowing into the grid.", "en", "first_run"),
        # the people sent away may come back: the evacuation lifted
        ("Bewohner dürfen nach dem Deichbruch zurück in ihre Häuser.", "de", "lift"),
        ("Die Evakuierten durften am Abend in ihre Wohnungen zurückkehren.", "de", "lift"),
        ("Residents were allowed to return home on Thursday.", "en", "lift"),
        # a takeover bid made, a purchase done
        ("Die Stiftung hat ein Angebot zur Übernahme der Zeitung vorgelegt.", "de", "takeover"),
        ("A rival group has launched a takeover bid for the brewer.", "en", "takeover"),
        ("The council completed the purchase of the depot site.", "en", "purchase"),
        # a proposal made (what it proposes is a forecast)
        ("The European Commission on Wednesday proposed sanctions on the ship.", "en", "propose"),
        ("Die EU-Kommission hat Sanktionen gegen die Reederei vorgeschlagen.", "de", "propose"),
    ],
)
def test_steps_of_sport_courts_and_aviation_are_steps(
    sentence: str, language: str, step: str
) -> None:
    assert step in sentence_features(sentence, language).events


@pytest.mark.parametrize(
    ("sentence", "not_a_step"),
    [
        ("Die Kanzlerin verurteilte den Angriff scharf.", "sentence"),
        ("Im Vergleich zum Vorjahr stieg der Umsatz.", "settlement"),
        ("Was am Abend passiert ist, bleibt unklar.", "pass"),
        ("Es ist sichergestellt, dass niemand doppelt zahlt.", "seize"),
        ("Der Stadtrat hat einen Beschluss gefasst.", "arrest"),
        ("Die Helfer fassen neuen Mut.", "arrest"),
        ("Die Brandursache ist noch unbekannt.", "cause_found"),
        ("Die Bank hat bislang keine Ursache genannt.", "cause_found"),
        ("Ob die Ursache je geklärt wird, ist offen.", "cause_found"),
        # a count that fell, a cause still asked
        ("Der Umsatz ging im Frühjahr auf 40 Millionen Euro zurück.", "cause_found"),
        ("Ob der Brand auf Brandstiftung zurückgeht, ist unklar.", "cause_found"),
        ("Die Ursache steht noch nicht fest.", "cause_found"),
        ("Ein Gutachten soll klären, ob die Pumpe die Flut verursacht hat.", "cause_found"),
        # what was installed once, on no day: background
        ("Die im Vorjahr eingebauten Sensoren melden neue Risse.", "install"),
        # something takes place, nothing is found; a death mourned, not told
        ("Die Sprechstunde findet jetzt im Gemeindesaal statt.", "find"),
        ("Wo sonst Chorproben stattfinden, sitzen jetzt Schüler.", "find"),
        ("Mahnwache am Ufer: Seedorf trauert um toten Schwimmer", "dead"),
    ],
)
def test_condemning_comparing_and_happening_are_no_steps(sentence: str, not_a_step: str) -> None:
    assert not_a_step not in sentence_features(sentence, "de").events


@pytest.mark.parametrize(
    ("sentence", "language", "step", "is_step"),
    [
        ("There are signs of a thaw between the two countries.", "en", "sign", False),
        ("There was no sign of the two climbers.", "en", "sign", False),
        ("It is the clearest sign yet that talks will fail.", "en", "sign", False),
        ('A hand-painted sign reads "Our water is not for sale".', "en", "sale", False),
        ("Das Werk steht zum Verkauf.", "de", "sale", False),
        ("Putin signs the law on the treaty.", "en", "sign", True),
        ("The two sides sign a trade agreement.", "en", "sign", True),
        ("The sale of the plant was completed.", "en", "sale", True),
        ("Der Verkauf des Werks ist abgeschlossen.", "de", "sale", True),
        # a question asks what the cause was
        ("Was ist die Ursache des Brandes?", "de", "cause_found", False),
        ("What was the cause of the fire?", "en", "cause_found", False),
        # the proposed merger is the merger's: no proposal made in this sentence
        ("The proposed merger was approved on Friday.", "en", "propose", False),
        ("The Commission proposed a merger review.", "en", "propose", True),
        # sensors installed once, told on no day: the bridge's background
        ("Sensors installed inside the bridge recorded new breaks.", "en", "install", False),
    ],
)
def test_a_signboard_a_hint_or_an_offer_is_no_signing_or_sale(
    sentence: str, language: str, step: str, is_step: bool
) -> None:
    features = sentence_features(sentence, language)
    assert (step in features.events) is is_step
    assert (step in features.steps) is is_step  # told as done, not forecast


def test_an_installation_is_a_step_in_a_headline_and_background_on_no_day() -> None:
    headline = "Neue Turmspitze auf die Kirche in Bellheim aufgesetzt"
    assert "install" in sentence_features(headline, "de", headline=True).steps
    assert "install" not in sentence_features(headline, "de").events


def test_dismissing_something_as_a_lie_is_a_denial() -> None:
    denial = sentence_features("The ministry dismissed the report as pure invention.", "en")
    assert "deny" in denial.events and "dismiss" not in denial.events
    court = sentence_features("The court dismissed the appeal as unfounded.", "en")
    assert "dismiss" in court.events
    assert "dismiss" in sentence_features("The club dismissed its coach.", "en").events


def test_a_chamber_or_court_is_the_actor_of_its_step() -> None:
    upper = analyse(
        "Länderkammer", "Der Bundesrat hat das Gesetz passieren lassen.", "de", None, "*"
    )
    lower = analyse("Abstimmung", "Der Bundestag hat das Gesetz verabschiedet.", "de", None, "*")
    assert "e:pass|bundesrat" in upper.claims
    assert "e:pass|bundesrat" not in lower.claims and "e:pass|bundestag" in lower.claims
    # a court is one body in both languages, also where German compounds its name
    german = analyse(
        "Urteil", "Das Arbeitsgericht wies den Antrag der Bahn zurück.", "de", None, "*"
    )
    english = analyse("Ruling", "A labour court rejected the railway's request.", "en", None, "*")
    assert "e:reject|court" in german.claims and "e:reject|court" in english.claims
    # an upper house named in one German word or two English ones
    oberhaus = analyse("Votum", "Der Föderationsrat hat den Vertrag gebilligt.", "de", None, "*")
    upper = analyse("Vote", "The Federation Council approved the treaty.", "en", None, "*")
    assert "e:approve|upper" in oberhaus.claims and "e:approve|upper" in upper.claims


def test_an_insolvency_filing_is_no_suit_and_a_report_to_come_is_a_forecast() -> None:
    assert "file_suit" not in sentence_features("The company filed for insolvency.", "en").events
    coming = sentence_features("Die Ursache soll der Abschlussbericht klären.", "de")
    assert "final_report" in coming.modal_keys
    coming = sentence_features("The causes will be set out in the final report.", "en")
    assert "final_report" in coming.modal_keys


# a step in German: the first crossing called off
CALLED_OFF = {
    "id": "de-step",
    "published": "2026-07-20T08:00:00+00:00",
    "lang": "de",
    "title": "Nordlicht-Fähre: Erste Überfahrt nach Klaipeda abgesagt",
    "text": (
        "Die Nordlicht Reederei hat die erste Überfahrt ihrer neuen Fährlinie von Kiel nach "
        "Klaipeda abgesagt.\nGrund sei ein Schaden an der Rampe im Hafen, sagte Malte Iversen "
        "am Montag."
    ),
}


@pytest.mark.parametrize(
    ("count", "verdict"),
    [
        # 'halted' where the German report said 'abgesagt' (cancel): the same step in other words
        ("", "known"),
        # ... but a count the story has not held reads the same in either language: news
        (", and 340 booked passengers were sent home", "development"),
    ],
)
def test_the_other_languages_report_of_a_step_in_other_words_tells_a_new_count_at_most(
    tmp_path: Path, count: str, verdict: str
) -> None:
    """A day after a step reported in German, the first English report of it reads near it
    (ECHO_NEAR to ECHO_SIMILARITY) but tells it with another state-change word: that word alone
    is no step of its own (_tells_own_step)."""
    english = {
        "id": "en-report",
        "published": "2026-07-21T12:00:00+00:00",
        "lang": "en",
        "title": "Baltic ferry newcomer's maiden voyage halted as port ramp gives way",
        "text": (
            "A German shipping start-up's plan to link Schleswig-Holstein with Lithuania has hit "
            "a snag before a single passenger boarded: the maiden voyage was halted after a "
            f"loading ramp gave way{count}.\nNordlicht Reederei said refunds would be paid."
        ),
    }
    results = _replay(tmp_path, [FIRST, CALLED_OFF, english], _topic())
    assert results["de-step"]["verdict"] == "development"
    report = results["en-report"]
    assert report["story_id"] == results["first"]["story_id"]
    assert 0.4 <= report["scores"]["echo_similarity"] < 0.55
    assert report["verdict"] == verdict


def test_a_report_after_the_other_languages_echo_is_no_echo(tmp_path: Path) -> None:
    """A step in German, its English report (the echo), then a new English report two days on:
    that one is judged as any report (its new step need not be in its headline)."""
    items = [
        {
            "id": "de-step",
            "published": "2027-09-06T08:00:00+00:00",
            "lang": "de",
            "title": "Kim Jong Un reist mit dem Panzerzug nach Russland",
            "text": (
                "Nordkoreas Machthaber Kim Jong Un ist mit seinem Panzerzug nach Russland "
                "gereist.\nEr will Kremlchef Wladimir Putin in Wladiwostok treffen."
            ),
        },
        {
            "id": "en-echo",
            "published": "2027-09-06T12:00:00+00:00",
            "lang": "en",
            "title": "Kim Jong Un travels to Russia by armoured train",
            "text": (
                "North Korean leader Kim Jong Un has travelled to Russia on his armoured train."
                "\nHe is to meet Russian President Vladimir Putin in Vladivostok."
            ),
        },
        {
            "id": "en-later",
            "published": "2027-09-08T09:00:00+00:00",
            "lang": "en",
            "title": "Kim and Putin at Vladivostok: a pledge on satellites",
            "text": (
                "Russia and North Korea have signed an agreement on satellite technology after "
                "talks between Kim Jong Un and Vladimir Putin in Vladivostok, the Kremlin said."
                "\nKim had travelled to Russia on his armoured train."
            ),
        },
    ]
    topic = Topic(
        name="rn",
        relevance=RelevanceConfig(
            query='"north korea" AND russia',
            aliases={
                "north korea": ["Nordkorea", "North Korean", "Kim Jong Un"],
                "russia": ["Russland", "Russian", "Kremlin", "Putin"],
            },
        ),
    )
    results = _replay(tmp_path, items, topic)
    assert results["en-echo"]["verdict"] == "known"
    assert results["en-later"]["story_id"] == results["de-step"]["story_id"]
    assert results["en-later"]["verdict"] == "development"
    assert "echo" not in results["en-later"]["scores"]


def test_a_toll_spelled_out_is_news_also_right_after_the_other_languages_report(
    tmp_path: Path,
) -> None:
    first = {
        "id": "first",
        "published": "2027-06-03T08:00:00+00:00",
        "lang": "en",
        "title": "Levee breaks in the Bavarian town of Vohwinkel, thousands evacuated",
        "text": (
            "A levee on the Danube gave way in the Bavarian town of Vohwinkel on Thursday, "
            "forcing 3,800 residents from their homes.\n"
            "Two people have died in the floods so far, the district office said."
        ),
    }
    german = {
        "id": "german",
        "published": "2027-06-03T12:00:00+00:00",
        "lang": "de",
        "title": "Deich in Vohwinkel gebrochen, Tausende verlassen ihre Häuser",
        "text": (
            "In der bayerischen Stadt Vohwinkel ist am Donnerstag ein Deich an der Donau "
            "gebrochen, 3800 Menschen mussten ihre Häuser verlassen.\n"
            "Zwei Menschen sind im Hochwasser bisher ums Leben gekommen, teilte das Landratsamt mit."
        ),
    }
    toll = {
        "id": "toll",
        "published": "2027-06-05T09:30:00+00:00",
        "lang": "de",
        "title": "Hochwasser in Bayern: Zahl der Toten steigt auf sieben",
        "text": (
            "Die Zahl der Todesopfer des Hochwassers in Bayern ist auf sieben gestiegen.\n"
            "In Vohwinkel fanden Einsatzkräfte eine Frau tot in ihrem Keller.\n"
            "Der Deich in Vohwinkel war am Donnerstag gebrochen, 3800 Menschen mussten gehen."
        ),
    }
    flood = Topic(
        name="flood",
        relevance=RelevanceConfig(
            query="flood", aliases={"flood": ["flood", "floods", "Hochwasser", "levee"]}
        ),
    )
    results = _replay(tmp_path, [first, german, toll], flood)
    assert results["german"]["verdict"] == "known"
    assert results["toll"]["story_id"] == results["first"]["story_id"]
    assert results["toll"]["verdict"] == "development"
    assert "sieben" in results["toll"]["new_facts"][0]


def test_explainer_headlines_are_told_apart() -> None:
    for headline in (
        "Was der Pakt bedeutet",
        "Analyse: Wer profitiert",
        "Why the bridge matters",
        # after the headline's kicker
        "Feuer an Bord: Was über den Flug bekannt ist",
        # a voice opens a reaction or colour piece
        "„Das trifft uns alle“: Ein Dorf bangt um seine Sennerei",
        "'Buses at dawn': reactions in Chistopol to the drone plant",
        # ... and a voice after a kicker of place or event
        "Brökeln nach der Festnahme: «Er war doch einer von uns»",
        "Poysdorf nach dem Skandal: „Jetzt schauen alle auf uns Winzer“",
    ):
        assert is_explainer(headline)
    # ... not over an agency's report, headed by its strongest quote
    assert not is_explainer(
        "Urteil im Untreue-Prozess: „Sie haben die Wehrlosesten bestohlen“",
        "Lüneburg (dpa) - Das Landgericht hat den früheren Heimleiter verurteilt.",
    )
    for headline in (
        "Föderationsrat billigt Vertrag",
        "Kiel port authority approves berth",
        "Streik: Bahn stellt den Verkehr ein",
        # a quoted name opens a news headline: a ship's, no voice
        "„Nordlicht Trader“ wieder frei – Weser für große Schiffe befahrbar",
        "'Baltic Star' refloated after two days aground",
    ):
        assert not is_explainer(headline)


@pytest.mark.parametrize(
    ("headline", "language", "lists"),
    [
        # a colour piece's kicker lists scenes or things in short phrases
        ("Sandsäcke, Schlamm und ein leeres Freibad: Ein Sonntag in Unterwaldau", "de", True),
        ("Wut und Tränen in Heidbrunn: Eltern warten auf Antworten", "de", True),
        ("Generators and long queues: a valley learns to live without power", "en", True),
        # (an English headline capitalises only its first word)
        ("Head torches and hand-milking: nine days in the dark at a dairy farm", "en", True),
        ("Shuttered pools and silent libraries: life under a budget freeze", "en", True),
        ("Drei Tage, 40 Helfer, 2.000 Kilometer: Unterwegs mit der Bergwacht", "de", True),
        # ... or sets it in one place, also before a comma that opens the headline
        ("Vor verschlossener Tür: Kunden der Kryptobörse bangen um ihr Geld", "de", True),
        ("Am Zaun statt auf der Tribüne: Fans verabschieden ihr Stadion", "de", True),
        ("Outside the locked gates: savers wait for news of their money", "en", True),
        ("In a Bavarian valley, a wolf divides farmers and hikers", "en", True),
        ("In the bakery that sold the lucky ticket, the regulars keep playing", "en", True),
        ("At a sleepy border station, freight trains bring a new rhythm", "en", True),
        # no list: names, a clause, one thing, no kicker
        ("Russland und Nordkorea: Pakt tritt in Kraft", "de", False),
        ("Land und Kommunen einigen sich: Kitagebühren sinken", "de", False),
        ("Kim and Putin: a pact with teeth", "en", False),
        ("Britain and Norway sign deal: what it means", "en", False),
        ("Streik: Bahn stellt den Verkehr ein", "de", False),
        ("Floods and landslides hit the Alps", "en", False),
        # a phrase of what the report is about, or when, is no place; nor a clause
        ("Im Streit um den Windpark: Behörde lenkt ein", "de", False),
        ("Vor dem Gipfel: Kim reist nach Moskau", "de", False),
        ("Auf dem Weg zur Einigung: Tarifparteien nähern sich an", "de", False),
        ("Mit Reizgas attackiert: Unbekannter überfällt Bürgermeisterin", "de", False),
        ("In Kiew: Kanzler trifft Präsidenten", "de", False),
        ("In a first, EU fines a carmaker under its new rules", "en", False),
        ("At least 20 dead, officials say", "en", False),
        # a kicker that labels a reportage, a visit to the story's place
        ("Besuch in Nachodka: Ein Hafen, der keine Fragen stellt", "de", True),
        ("Zu Besuch bei den Fischern: Stolz auf die kleine Flagge", "de", True),
        ("Ortstermin in Chabarowsk: Man zuckt mit den Schultern", "de", True),
        ("Postcard from Koror: a tiny flag state takes on the arms ships", "en", True),
        # ... or whose rest portrays a visit, a place or a stretch of time, or 'Inside the'
        ("Warten am leeren Kai: Ein Besuch im Fährhafen von Mukran", "de", True),
        ("Nach dem Unglück: Ein Dorf trauert um seinen Fährmann", "de", True),
        ("Schlangen am Schalter: Eine Woche ohne Fähre nach Hiddensee", "de", True),
        ("Inside the depot where idle ferries wait for their crews", "en", True),
        # ... not news after the kicker, nor an inside job
        ("Brand in Lagerhalle: Ein Toter und drei Verletzte", "de", False),
        ("Fährlinie: Eine Reederei aus Kiel übernimmt die Strecke", "de", False),
        ("Inside job suspected in ferry ticket fraud", "en", False),
        # ... not a word that only begins with it, nor a long clause before the colon
        ("Besucherzahlen: Museum meldet Rekord", "de", False),
        (
            "Besuch von Kim in Moskau wird nach Angaben des Kremls verschoben: Termin offen",
            "de",
            False,
        ),
    ],
)
def test_a_kicker_that_lists_things_or_a_place_sets_a_scene(
    headline: str, language: str, lists: bool
) -> None:
    assert sets_a_scene(headline, language) is lists


def test_the_other_languages_report_of_a_step_is_told_apart_from_a_step_of_its_own(
    tmp_path: Path,
) -> None:
    """Within days of a German step, an English report that tells that step is known; one that
    tells a step of its own is a development, though its step word is one the story holds (the
    authority turned down the fishermen's objections, the court now dismisses their suit)."""
    german_step = {
        **GERMAN_STEP,
        "text": GERMAN_STEP["text"].replace(
            "genehmigt.\n",
            "genehmigt.\nEinwände eines Fischereiverbands wies die Behörde zurück.\n",
        ),
    }
    # its headline says it in another step word than the German report ('win', not 'approve')
    english_report = {
        "id": "english-report",
        "published": "2026-07-20T15:00:00+00:00",
        "lang": "en",
        "title": "Nordlicht ferry to Klaipeda wins its berth in Kiel",
        "text": (
            "Nordlicht Reederei's ferry line to Klaipeda has been given its berth in Kiel by the "
            "city's port authority, which turned down objections from fishermen.\n"
            "The first crossing is planned for March, chief executive Malte Iversen said."
        ),
    }
    court = {
        "id": "court",
        "published": "2026-07-22T09:00:00+00:00",
        "lang": "en",
        "title": "Court throws out fishermen's lawsuit",
        "text": (
            "Judges in Schleswig on Wednesday dismissed a lawsuit brought by a fishermen's "
            "association within a day of its filing, saying it had shown no harm to its "
            "moorings.\n"
            "The association had sued to stop the berth in Kiel for the Nordlicht Reederei ferry "
            "to Klaipeda."
        ),
    }
    for later, verdict in ((english_report, "known"), (court, "development")):
        results = _replay(tmp_path, [FIRST, german_step, later], _topic())
        assert results["german-step"]["verdict"] == "development"
        assert results[later["id"]]["story_id"] == results["first"]["story_id"]
        assert results[later["id"]]["verdict"] == verdict, results[later["id"]]


def test_the_first_bullet_is_the_opening_sentence_that_tells_the_headline(tmp_path: Path) -> None:
    """The opening sentence that tells the headline's fact leads the bullets, though it says it
    without a step word and a step is told further down."""
    fire = {
        "id": "fire",
        "published": "2026-04-07T08:00:00+00:00",
        "lang": "en",
        "title": "Engineer killed in Nordlicht ferry engine room fire off Bornholm",
        "text": (
            "An engineer of the Nordlicht Reederei ferry between Kiel and Klaipeda lost his life "
            "in a fire in the engine room off Bornholm on Monday night, the company said.\n"
            "The 44-year-old from Kiel was trapped when fuel from a broken pipe caught fire.\n"
            "The 212 passengers were brought to Klaipeda by a rescue vessel.\n"
            "The Lithuanian maritime authority suspended the licence of the Nordlicht ferry "
            "after the engine room fire and opened an inquiry."
        ),
    }
    results = _replay(tmp_path, [FIRST, fire], _topic())
    assert results["fire"]["verdict"] == "development"
    assert results["fire"]["new_facts"][0].startswith("An engineer of the Nordlicht")


def test_an_explainer_retelling_steps_with_their_people_is_known(tmp_path: Path) -> None:
    """A piece that explains the story retells its steps with the people and places of each
    (pairings the story's reports never made in one sentence): not a development."""
    explainer = {
        "id": "explainer",
        "published": "2026-07-28T08:00:00+00:00",
        "lang": "en",
        "title": "Why the Kiel-Klaipeda ferry took so long",
        "text": (
            "Nordlicht Reederei first presented the idea of a sea link in Kiel in early March.\n"
            "Malte Iversen approved the plan for two ships from Gdansk after a long board debate.\n"
            "In Klaipeda the port authority approved a berth only after talks with Iversen.\n"
            "Kiel's authority approved its berth in July, months after Iversen had asked.\n"
            "The crews will be hired in the winter, and the first crossing is set for March."
        ),
    }
    results = _replay(tmp_path, [FIRST, STEP, explainer], _topic())
    assert results["explainer"]["story_id"] == results["first"]["story_id"]
    assert results["explainer"]["verdict"] == "known", results["explainer"]


def test_a_development_whose_headline_step_is_known_leads_with_the_sentence_that_tells_it(
    tmp_path: Path,
) -> None:
    """The story heard 'approved' before (Kiel's berth): Klaipeda's approval months later is
    news by what it brings, and its alert still leads with the opening sentence that tells it."""
    klaipeda = {
        "id": "klaipeda",
        "published": "2026-10-06T08:00:00+00:00",
        "lang": "en",
        "title": "Klaipeda approves berth for Nordlicht ferry from Kiel",
        "text": (
            "The port of Klaipeda has approved a berth for the Nordlicht Reederei ferry from "
            "Kiel, the company said on Tuesday.\n"
            "Iversen said the line would run 310 crossings a year and carry 90,000 lorries.\n"
            "A terminal for 400 cars is to be built by the Lithuanian port operator Smiltyne "
            "Logistics."
        ),
    }
    results = _replay(tmp_path, [FIRST, STEP, klaipeda], _topic())
    assert results["klaipeda"]["story_id"] == results["first"]["story_id"]
    assert results["klaipeda"]["verdict"] == "development"
    assert results["klaipeda"]["new_facts"][0].startswith("The port of Klaipeda has approved")


def test_a_wire_copy_under_a_headline_of_its_own_is_a_duplicate(tmp_path: Path) -> None:
    """An agency's copy gives the story a headline with a step word the story has not used
    ('launches'), cuts a line and adds one: the opening sentence that tells its headline is the
    original's, so nothing in it is news."""
    copy = {
        "id": "copy",
        "published": "2026-03-02T09:30:00+00:00",
        "lang": "en",
        "title": "Baltic ferry boost: Nordlicht Reederei launches Kiel-Klaipeda venture",
        "text": (
            "The shipping company Nordlicht Reederei wants to open a ferry line between Kiel and "
            "Klaipeda next year, its chief executive Malte Iversen said on Monday.\n"
            "Two ships built at the Gdansk yard would run six crossings a week.\n"
            "The company is based in Lübeck and has long served routes across the Baltic."
        ),
    }
    results = _replay(tmp_path, [FIRST, copy], _topic())
    assert results["copy"]["verdict"] == "duplicate", results["copy"]
    assert results["copy"]["duplicate_of"] == "first"


# a German agency report, and another outlet's copy of it reworded sentence by sentence: the
# same words, hardly a 4-shingle in common
KAI = {
    "id": "kai",
    "published": "2026-05-11T06:10:00+00:00",
    "lang": "de",
    "title": "Fähre rammt Kaimauer in Travemünde – neun Verletzte",
    "text": (
        "Travemünde (dpa) - Eine Fähre der Reederei Nordlicht hat beim Anlegen in Travemünde "
        "die Kaimauer gerammt, neun Passagiere wurden leicht verletzt. "
        "Das Schiff mit 212 Menschen an Bord war nach Angaben der Wasserschutzpolizei am "
        "Sonntagabend aus Klaipeda gekommen. "
        "Wegen eines Fehlers in der Steuerung habe der Kapitän das Tempo nicht mehr drosseln "
        "können, sagte ein Sprecher der Reederei. "
        "Am Bug der Fähre entstand ein etwa zwei Meter langer Riss oberhalb der Wasserlinie. "
        "Die Verletzten wurden in Krankenhäuser in Lübeck gebracht. "
        "Die Bundesstelle für Seeunfalluntersuchung schickte zwei Ermittler an den Skandinavienkai. "
        "Die nächste Überfahrt nach Klaipeda fällt aus, die Reederei bietet Umbuchungen an."
    ),
}
KAI_COPY = {
    "id": "kai-copy",
    "published": "2026-05-11T08:40:00+00:00",
    "lang": "de",
    "title": "Unfall beim Anlegen: Nordlicht-Fähre kracht in Travemünde gegen Kai",
    "text": (
        "Travemünde (dpa) - Beim Anlegen in Travemünde hat eine Fähre der Reederei Nordlicht "
        "die Kaimauer gerammt. Neun Passagiere wurden leicht verletzt. "
        "Nach Angaben der Wasserschutzpolizei war das Schiff mit 212 Menschen an Bord am "
        "Sonntagabend aus Klaipeda gekommen. "
        "Der Kapitän habe wegen eines Fehlers in der Steuerung das Tempo nicht mehr drosseln "
        "können, sagte ein Reederei-Sprecher. "
        "Oberhalb der Wasserlinie entstand am Bug ein etwa zwei Meter langer Riss. "
        "In Krankenhäuser in Lübeck wurden die Verletzten gebracht. "
        "Zwei Ermittler schickte die Bundesstelle für Seeunfalluntersuchung an den Skandinavienkai."
    ),
}


def test_a_wire_copy_reworded_sentence_by_sentence_is_a_duplicate(tmp_path: Path) -> None:
    """Another outlet's copy turns every sentence of the agency's report round and cuts the last
    one: its 4-shingles hardly meet the original's, its words all do. The same copy updated the
    next day with a new count in its lead is a development (an updated wire story)."""
    updated = {
        **KAI_COPY,
        "id": "kai-update",
        "published": "2026-05-12T07:00:00+00:00",
        "text": "Travemünde (dpa) - Nach dem Unfall einer Fähre in Travemünde ist die Zahl der "
        "Verletzten auf 14 gestiegen, teilte die Polizei am Montag mit. "
        + KAI_COPY["text"].removeprefix("Travemünde (dpa) - "),
    }
    one = analyse(KAI["title"], KAI["text"], "de", None, "ferry")
    other = analyse(KAI_COPY["title"], KAI_COPY["text"], "de", None, "ferry")
    stored = StoredDoc("kai", 1, one.shingle_count, one.signature)
    assert copy_features(other, stored)["containment"] < 0.5  # the sketch alone misses it

    results = _replay(tmp_path, [KAI, KAI_COPY], _topic())
    assert results["kai-copy"]["verdict"] == "duplicate", results["kai-copy"]
    assert results["kai-copy"]["duplicate_of"] == "kai"
    assert results["kai-copy"]["scores"]["word_containment"] >= 0.8

    results = _replay(tmp_path, [KAI, updated], _topic())
    assert results["kai-update"]["verdict"] == "development", results["kai-update"]
    assert "14" in results["kai-update"]["new_facts"][0]


# ... and another outlet's rewrite of it that morning: every sentence in its own words and order,
# the names, numbers and facts the agency's
KAI_REWRITE = {
    "id": "kai-rewrite",
    "published": "2026-05-11T08:40:00+00:00",
    "lang": "de",
    "title": "Neun Verletzte: Nordlicht-Fähre prallt in Travemünde gegen den Kai",
    "text": (
        "Lübeck - Neun Passagiere sind leicht verletzt worden, als eine Fähre der Reederei "
        "Nordlicht am Sonntagabend in Travemünde die Kaimauer rammte. "
        "Die Wasserschutzpolizei zählte 212 Menschen an Bord des Schiffes, das aus Klaipeda kam. "
        "Ein Sprecher des Unternehmens erklärte, eine defekte Steuerung habe es dem Kapitän "
        "unmöglich gemacht, langsamer zu werden. "
        "Der Aufprall riss den Bug oberhalb der Wasserlinie auf einer Länge von rund zwei Metern auf. "
        "Rettungswagen brachten die Verletzten in Krankenhäuser in Lübeck. "
        "Zwei Ermittler der Bundesstelle für Seeunfalluntersuchung sind am Skandinavienkai. "
        "Wer die nächste Fahrt nach Klaipeda gebucht hat, kann umbuchen: Sie fällt aus."
    ),
}


def test_a_rewrite_of_the_mornings_report_is_a_duplicate_a_later_one_known(
    tmp_path: Path,
) -> None:
    """An outlet's rewrite hours after the agency's report holds 0.6 of its words (not the 0.8
    of a copy edited sentence by sentence): the same report again, a duplicate. Two days later
    the same words are a report of a known story, not a copy of that morning's news."""
    results = _replay(tmp_path, [KAI, KAI_REWRITE], _topic())
    rewrite = results["kai-rewrite"]
    assert rewrite["verdict"] == "duplicate", rewrite
    assert rewrite["duplicate_of"] == "kai"
    assert 0.6 <= rewrite["scores"]["word_containment"] < 0.8, rewrite["scores"]

    later = {**KAI_REWRITE, "published": "2026-05-13T08:40:00+00:00"}
    results = _replay(tmp_path, [KAI, later], _topic())
    assert results["kai-rewrite"]["verdict"] == "known", results["kai-rewrite"]


def test_a_lead_that_tells_the_headlines_act_is_a_step_whatever_its_word(
    tmp_path: Path,
) -> None:
    """Weeks on, the lead tells the act the headline names ('relaunched its ticket shop' under
    'relaunches ticket shop') and nothing else the story has not held: the story's next step,
    weighed as an event though 'relaunch' is no word of the event lists."""
    relaunch = _ferry_item(
        "relaunch",
        "Nordlicht Reederei relaunches ferry line plans from Kiel to Klaipeda",
        "Nordlicht Reederei relaunched its plans for a ferry line between Kiel and Klaipeda on "
        "Monday.\n"
        "Six crossings a week are planned with two ships from Gdansk, chief executive Malte "
        "Iversen said.",
        lang="en",
        published="2026-04-13T08:00:00+00:00",
    )
    results = _replay(tmp_path, [FIRST, relaunch], _topic())
    assert results["relaunch"]["story_id"] == results["first"]["story_id"]
    assert results["relaunch"]["verdict"] == "development", results["relaunch"]
    assert "relaunched" in results["relaunch"]["new_facts"][0]


def test_a_short_brief_is_no_copy_by_its_words_alone(tmp_path: Path) -> None:
    """A brief of a few dozen words and another outlet's brief the next day in mostly the same
    words: so few words meet another text's at a high share by chance (templated reports, a
    recap of the same facts), so the word sketch does not judge them (under
    WORD_COPY_MIN_WORDS); the shingle sketch and the sentences still do."""
    brief = {
        "id": "brief",
        "published": "2026-05-11T06:10:00+00:00",
        "lang": "de",
        "title": "Fähre Nordlicht in Kiel auf Grund gelaufen",
        "text": (
            "Kiel (dpa) - Die Fähre Nordlicht ist im Hafen von Kiel auf Grund gelaufen. Verletzt "
            "wurde niemand. Die Reederei prüft den Schaden am Rumpf."
        ),
    }
    follow = {
        "id": "follow",
        "published": "2026-05-12T09:00:00+00:00",
        "lang": "de",
        "title": "Nordlicht-Fähre sitzt in Kiel fest",
        "text": (
            "Kiel - Im Hafen von Kiel ist die Fähre Nordlicht auf Grund gelaufen. Niemand wurde "
            "verletzt. Den Schaden am Rumpf prüft die Reederei."
        ),
    }
    one = analyse(follow["title"], follow["text"], "de", None, "ferry")
    assert one.word_count < WORD_COPY_MIN_WORDS
    results = _replay(tmp_path, [brief, follow], _topic())
    assert "word_containment" not in results["follow"]["scores"], results["follow"]


def test_history_and_an_explainers_numbers_are_no_steps(tmp_path: Path) -> None:
    """A feature that tells what happened in earlier years, and an explainer that sets the story
    among figures of its background, add no step."""
    feature = {
        "id": "feature",
        "published": "2026-03-05T08:00:00+00:00",
        "lang": "en",
        "title": "Nordlicht Reederei and the long road to a Kiel-Klaipeda ferry",
        "text": (
            "Malte Iversen has wanted a ferry line from Kiel to Klaipeda for years.\n"
            "The Stocznia Wisla yard in Gdansk was founded in 1921 by the engineer Tadeusz "
            "Nowak; it would build the two ships.\n"
            "Nordlicht Reederei acquired its first ship in 1998, the freighter Karin from "
            "Rostock, under its founder Henning Brandt.\n"
            "Its old line to Riga closed in 2009, when fuel prices rose and the forwarder "
            "Baltrans left.\n"
            "Iversen, who came from Hapag-Lloyd in 2011, has pushed for Klaipeda ever since."
        ),
    }
    explainer = {
        "id": "explainer",
        "published": "2026-03-06T08:00:00+00:00",
        "lang": "en",
        "title": "What the Kiel-Klaipeda ferry plan means for passengers",
        "text": (
            "Nordlicht Reederei wants to link Kiel and Klaipeda by ferry from next year.\n"
            "Each of the two ships would carry 640 passengers and 180 cars, according to "
            "Klaipeda's port authority KVJUD.\n"
            "A cabin on the rival DFDS route from Kiel to Klaipeda costs about 150 euros.\n"
            "Kiel's Seehafen counted 2.4 million ferry passengers in the last year, its "
            "director Dirk Claus says.\n"
            "Rail links to Vilnius and Kaunas carry another 800 freight wagons a week."
        ),
    }
    results = _replay(tmp_path, [FIRST, feature, explainer], _topic())
    for item in ("feature", "explainer"):
        assert results[item]["story_id"] == results["first"]["story_id"]
        assert results[item]["verdict"] == "known", results[item]


def _ferry_item(
    item_id: str,
    title: str,
    text: str,
    lang: str = "de",
    published: str = "2026-05-04T08:00:00+00:00",
) -> dict[str, str]:
    return {
        "id": item_id,
        "published": published,
        "lang": lang,
        "title": title,
        "text": text,
    }


FIRST_DE = _ferry_item(
    "first-de",
    "Nordlicht Reederei plant Fährlinie von Kiel nach Klaipeda",
    "Die Reederei Nordlicht will im kommenden Jahr eine Fährlinie zwischen Kiel und Klaipeda "
    "eröffnen, sagte Vorstandschef Malte Iversen am Montag.\n"
    "Zwei Schiffe von der Werft in Danzig sollen sechsmal pro Woche fahren.\n"
    "Die Kieler Hafenbehörde muss den Liegeplatz noch genehmigen.",
    published="2026-03-02T08:00:00+00:00",
)
STEP_DE = _ferry_item(
    "step-de",
    "Kieler Hafenbehörde genehmigt Liegeplatz für Nordlicht-Fähre",
    "Die Kieler Hafenbehörde hat den Liegeplatz für die Fährlinie der Reederei Nordlicht "
    "nach Klaipeda genehmigt.\n"
    "Iversen kündigte an, nun 140 Seeleute einzustellen.",
    published="2026-07-20T08:00:00+00:00",
)


def _waiting_in_klaipeda(
    item_id: str, published: str, told: tuple[str, str, str]
) -> dict[str, str]:
    """A piece on the port waiting for the ferry whose body tells three steps in `told` (under a
    headline of its own words: one that opens with a voice is a colour piece's, see
    test_a_colour_piece_under_a_voice_retells_the_story_through_its_people)."""
    return _ferry_item(
        item_id,
        "Endlich geht es los: Klaipeda wartet auf die Fähre aus Kiel",
        "In den Cafés am Hafen von Klaipeda ist die neue Fährlinie nach Kiel das "
        "Gesprächsthema des Sommers.\n"
        "Viele Händler hoffen auf deutsche Kundschaft, manche fürchten die Konkurrenz.\n"
        f"{told[0]}\n{told[1]}\n{told[2]}\n"
        "„Wir sind bereit“, sagt die Cafébesitzerin Ona Kazlauskiene.",
        published=published,
    )


def test_steps_told_in_the_pluperfect_or_months_ago_are_history(tmp_path: Path) -> None:
    """A colour piece that retells how the story got here ('hatte ... abgelehnt', 'vor drei
    Monaten') with new people adds no step; the same steps told as news lower down do (two of
    them events the story does not hold: a known event told with new people is none)."""
    history = _waiting_in_klaipeda(
        "history",
        "2026-07-28T08:00:00+00:00",
        (
            "Die Kieler Hafenbehörde hatte den Pachtvertrag für die Nordlicht-Fähre erst nach "
            "langem Streit unterzeichnet.",
            "Der Hafenmeister Rimas Petraitis hatte die Pläne im Frühjahr zunächst abgelehnt.",
            "Vor drei Monaten beschloss die Stadtverwaltung von Klaipeda einen neuen Busanschluss "
            "zum Terminal.",
        ),
    )
    news = _waiting_in_klaipeda(
        "news",
        "2026-07-28T08:00:00+00:00",
        (
            "Am Montag hat die Kieler Hafenbehörde den Pachtvertrag für die Nordlicht-Fähre "
            "unterzeichnet.",
            "Der Hafenmeister Rimas Petraitis lehnte am Dienstag die Pläne für ein Zollgebäude ab.",
            "Die Stadtverwaltung von Klaipeda beschloss am Mittwoch einen neuen Busanschluss "
            "zum Terminal.",
        ),
    )
    for folder in ("history", "news"):
        (tmp_path / folder).mkdir()
    results = _replay(tmp_path / "history", [FIRST_DE, STEP_DE, history], _topic())
    assert results["history"]["story_id"] == results["first-de"]["story_id"]
    assert results["history"]["verdict"] == "known", results["history"]
    results = _replay(tmp_path / "news", [FIRST_DE, STEP_DE, news], _topic())
    assert results["news"]["verdict"] == "development", results["news"]


def test_the_first_report_in_the_other_language_is_known_whatever_background_its_body_adds(
    tmp_path: Path,
) -> None:
    """The story's first English report, a week after the German one, retells the plan and adds
    the background of its own sources (ferry crossings a year, freight volumes, port fees):
    counts and state changes the story never held, in its body only. Its lead tells nothing
    new, so nothing new is told."""
    english = _ferry_item(
        "first-en",
        "German shipping firm Nordlicht plans ferry line from Kiel to Klaipeda",
        "Nordlicht Reederei plans to open a ferry line between Kiel and Klaipeda next year, "
        "its chief executive Malte Iversen said on Monday.\n"
        "Two ships from a yard in Gdansk would sail six times a week.\n"
        "Close to 4,300 ferry crossings link Baltic ports every year, according to the "
        "Baltic Ports Organization.\n"
        "Freight on the sea route between Germany and Lithuania reached 1.9 million tonnes "
        "this winter.\n"
        "Lithuania's government raised port fees in Klaipeda by 8 percent in January.\n"
        "Kiel's port authority still has to approve a berth for the line.",
        lang="en",
        published="2026-03-09T11:00:00+00:00",
    )
    results = _replay(tmp_path, [FIRST_DE, english], _topic())
    assert results["first-en"]["story_id"] == results["first-de"]["story_id"]
    assert results["first-en"]["verdict"] == "known", results["first-en"]


def test_the_first_report_in_the_other_language_weeks_on_tells_its_step(tmp_path: Path) -> None:
    """Three weeks after the German approval of the Kiel berth, the story's first English report
    tells the next approval, Lithuania's for the Klaipeda berth: an approval the story knows,
    paired with names the English report spells in its own language. Weeks after the story
    last moved, a first report in another language is no retelling of the day: its lead's step
    is news."""
    late = _ferry_item(
        "late-en",
        "Lithuania approves Klaipeda berth for Nordlicht ferry from Kiel",
        "Lithuania's transport ministry has approved a berth in Klaipeda for the Nordlicht "
        "Reederei ferry from Kiel, the ministry in Vilnius said.\n"
        "Chief executive Malte Iversen said the first crossing was planned for next spring.\n"
        "Two ships from a yard in Gdansk would sail six times a week.",
        lang="en",
        published="2026-08-10T09:00:00+00:00",
    )
    results = _replay(tmp_path, [FIRST_DE, STEP_DE, late], _topic())
    assert results["late-en"]["story_id"] == results["first-de"]["story_id"]
    assert results["late-en"]["verdict"] == "development", results["late-en"]
    assert "Lithuania's transport ministry has approved" in results["late-en"]["new_facts"][0]


# a colour piece from the quay, its headline a plain sentence: no kicker sets its scene, its lead
# does (no event, no day), and its counts are a scene's (bollards, an age, hours on a bus)
QUAY_SCENE = _ferry_item(
    "quay",
    "Kiel träumt schon von der Fähre nach Klaipeda",
    "Der Wind pfeift über die leere Kaimauer, an der einmal die Fähren der Reederei Nordlicht "
    "liegen sollen, und zwölf rostige Poller warten auf ihre Leinen.\n"
    "Hinter dem Bauzaun sitzen Möwen, ein Bagger steht still.\n"
    "„Ich warte seit Jahren auf eine Fähre nach Litauen“, sagt Rasa Petraitiene, 64, die am "
    "Hafen einen Kiosk betreibt.\n"
    "Ihr Sohn lebt in Klaipeda, sie fährt zweimal im Jahr mit dem Bus zu ihm, 19 Stunden lang.\n"
    "Mit der Fähre von Nordlicht wären es 20 Stunden, aber ohne Umsteigen, sagt sie und lacht.\n"
    "Sechsmal pro Woche sollen die zwei Schiffe aus Danzig zwischen Kiel und Klaipeda fahren, "
    "so hat es Vorstandschef Malte Iversen angekündigt.\n"
    "Die Kieler Hafenbehörde muss den Liegeplatz der Reederei Nordlicht noch genehmigen.",
    published="2026-03-12T09:00:00+00:00",
)


def test_a_colour_piece_whose_lead_sets_a_scene_tells_nothing_new(tmp_path: Path) -> None:
    results = _replay(tmp_path, [FIRST_DE, QUAY_SCENE], _topic())
    assert results["quay"]["story_id"] == results["first-de"]["story_id"]
    assert results["quay"]["verdict"] == "known", results["quay"]


# a visit to the quay under a reportage's kicker, its lead on a sign at the gate ('geschlossen')
QUAY_VISIT = _ferry_item(
    "visit",
    "Besuch am Kieler Ostuferhafen: Kiel wartet auf die Fähre nach Klaipeda",
    "Am Tor zum Ostuferhafen hängt ein verblichenes Schild: Kai 4 für Besucher geschlossen.\n"
    "Dahinter warten zwölf rostige Poller auf die Leinen der Fähren der Reederei Nordlicht.\n"
    "„Ich warte seit Jahren auf eine Fähre nach Litauen“, sagt Rasa Petraitiene, 64, die am "
    "Hafen einen Kiosk betreibt.\n"
    "Sechsmal pro Woche sollen die zwei Schiffe aus Danzig zwischen Kiel und Klaipeda fahren, "
    "so hat es Vorstandschef Malte Iversen angekündigt.",
    published="2026-03-12T09:00:00+00:00",
)


def test_a_reportage_tells_no_state_change_its_scene_shows(tmp_path: Path) -> None:
    """A reportage's kicker ('Besuch am Kieler Ostuferhafen: ...') sets its scene, and a state
    its lead shows without a day (a quay closed to visitors on a sign at the gate) is part of
    the scene, no step: known. One its lead tells on its day is news (the contrast)."""
    results = _replay(tmp_path, [FIRST_DE, QUAY_VISIT], _topic())
    assert results["visit"]["story_id"] == results["first-de"]["story_id"]
    assert results["visit"]["verdict"] == "known", results["visit"]


def test_a_reportage_tells_a_state_change_on_its_day(tmp_path: Path) -> None:
    dated = dict(
        QUAY_VISIT,
        id="dated",
        text=QUAY_VISIT["text"].replace(
            "Am Tor zum Ostuferhafen hängt ein verblichenes Schild: Kai 4 für Besucher "
            "geschlossen.",
            "Am Montag hat die Stadt den Kai 4 am Ostuferhafen für Besucher geschlossen.",
        ),
    )
    assert dated["text"] != QUAY_VISIT["text"]
    results = _replay(tmp_path, [FIRST_DE, dated], _topic())
    assert results["dated"]["verdict"] == "development", results["dated"]
    assert "geschlossen" in results["dated"]["new_facts"][0]


# a feature from the quay that quotes its people in the present tense ('sagt sie'), its lead a
# state the scene shows ('hat wieder geöffnet'), told on no day; and the same piece with a step
# its lead tells on its day
QUAY_VOICES = _ferry_item(
    "voices",
    "Kiel zählt die Tage bis zur Fähre nach Klaipeda",
    "Der Kiosk am Ostuferhafen hat wieder geöffnet, seit am Kai die Bagger arbeiten.\n"
    "Zwölf rostige Poller warten auf die Leinen der Fähren der Reederei Nordlicht.\n"
    "„Ich warte seit Jahren auf eine Fähre nach Litauen“, sagt Rasa Petraitiene, 64, die den "
    "Kiosk betreibt.\n"
    "Ihr Sohn lebt in Klaipeda, sie fährt zweimal im Jahr mit dem Bus zu ihm, 19 Stunden lang.\n"
    "„Mit der Fähre schlafe ich einfach eine Nacht“, sagt sie und lacht.\n"
    "Sechsmal pro Woche sollen die zwei Schiffe aus Danzig zwischen Kiel und Klaipeda fahren.",
    published="2026-03-12T09:00:00+00:00",
)


def test_a_feature_that_quotes_in_the_present_tells_no_state_its_scene_shows(
    tmp_path: Path,
) -> None:
    """A body that quotes its people in the present tense ('sagt sie') is a feature's: a state
    its lead shows without a day ('Der Kiosk ... hat wieder geöffnet') is its scene, no step:
    known. The same piece whose lead tells a step on its day is news (the contrast)."""
    assert quotes_in_present(QUAY_VOICES["text"])
    results = _replay(tmp_path, [FIRST_DE, QUAY_VOICES], _topic())
    assert results["voices"]["story_id"] == results["first-de"]["story_id"]
    assert results["voices"]["verdict"] == "known", results["voices"]
    dated = dict(
        QUAY_VOICES,
        id="dated",
        text=QUAY_VOICES["text"].replace(
            "Der Kiosk am Ostuferhafen hat wieder geöffnet, seit am Kai die Bagger arbeiten.",
            "Am Montag hat die Kieler Hafenbehörde den Liegeplatz der Reederei Nordlicht "
            "genehmigt.",
        ),
    )
    assert dated["text"] != QUAY_VOICES["text"]
    (tmp_path / "dated").mkdir()
    results = _replay(tmp_path / "dated", [FIRST_DE, dated], _topic())
    assert results["dated"]["verdict"] == "development", results["dated"]
    assert "genehmigt" in results["dated"]["new_facts"][0]


@pytest.mark.parametrize(
    ("body", "present"),
    [
        ("„Wir warten“, sagt sie. Er erzählt von früher. „Nie wieder“, sagte er.", True),
        ("'We wait,' she says. 'Every day,' says her son.", True),
        # a report quotes what was said; one present quote among them is no feature
        ("Das sagte der Minister. Sie sagt: „Nein.“ Er sagte am Montag ab.", False),
        ("The minister said on Monday. Police said two were hurt. She says no.", False),
        # a cancelled match ('abgesagt', 'zugesagt') quotes no one
        ("Das Spiel wurde abgesagt. Hilfe ist zugesagt.", False),
    ],
)
def test_a_body_quotes_in_the_present_as_a_feature_does(body: str, present: bool) -> None:
    assert quotes_in_present(body) is present


def test_a_lead_in_the_passive_of_a_done_deed_sets_no_scene(tmp_path: Path) -> None:
    """The same piece, its lead telling that the quay has been dredged ('ist ... ausgebaggert
    worden'): a deed done, news whatever its verb."""
    done = dict(
        QUAY_SCENE,
        id="done",
        text=QUAY_SCENE["text"].replace(
            "Der Wind pfeift über die leere Kaimauer, an der einmal die Fähren der Reederei "
            "Nordlicht liegen sollen, und zwölf rostige Poller warten auf ihre Leinen.",
            "Die Kaimauer, an der einmal die Fähren der Reederei Nordlicht liegen sollen, ist "
            "frisch ausgebaggert worden, und zwölf neue Poller warten auf ihre Leinen.",
        ),
    )
    assert done["text"] != QUAY_SCENE["text"]
    results = _replay(tmp_path, [FIRST_DE, done], _topic())
    assert results["done"]["verdict"] == "development", results["done"]
    assert "ausgebaggert worden" in results["done"]["new_facts"][0]


def test_the_echo_of_another_storys_step_is_read_only_where_that_step_was_kept() -> None:
    """A German report of an arrest lies close to the English report of it that opened a story
    of its own the evening before: an echo of that story's step. A story stored before its
    step's embedding was kept (an older database) has no step to compare: nothing is read as
    its echo, where _echo_similarity would read 1.0 for the story's own step."""
    from datetime import datetime

    title = "Mutmaßlicher falscher Narkosearzt in Antwerpen gefasst"
    body = (
        "Der mutmaßliche Hochstapler, der als Narkosearzt gearbeitet hatte, ist in Antwerpen "
        "festgenommen worden, teilte die belgische Polizei mit."
    )
    analysis = analyse(title, body, "de", None, "*")
    published = datetime(2027, 3, 12, 9, 0, tzinfo=UTC)
    doc = Document(key="echo", title=title, text=body, language="de", published=published)
    step_day = (published.timestamp() - 12 * 3600) / 86400.0
    evening = datetime(2027, 3, 11, 21, 0, tzinfo=UTC)

    def story(story_id: int, step_embedding: object) -> StoryProfile:
        return StoryProfile(
            story_id=story_id,
            terms={},
            doc_count=1,
            first_seen=evening,
            last_seen=evening,
            core={"l:en:step": step_day, "l:en:seen": step_day},
            step_embedding=step_embedding,  # type: ignore[arg-type]
        )

    joined = story(1, analysis.embeddings()[0])
    arrest = story(2, analysis.embeddings()[0])  # the English report, as close as it gets
    older = story(3, None)
    candidates = [StoryMatch(s, {}, 0.0) for s in (joined, arrest, older)]
    closest = _echo_of_another_story(joined, candidates, analysis, doc)
    assert closest is not None and closest >= OTHER_ECHO
    assert _echo_of_another_story(joined, candidates[::2], analysis, doc) is None


def test_a_fraction_is_no_count() -> None:
    assert sentence_features("For three quarters of a century it hung there.", "en").counts == set()
    assert sentence_features("Zwei Drittel der Stimmen fehlten.", "de").counts == set()


def test_the_sentence_with_the_headlines_new_name_leads_however_much_else_is_known(
    tmp_path: Path,
) -> None:
    """The ferry gets its name months on (chosen in a vote, the ship completed, the terminal
    opened: the steps, all further down): the opening sentence that
    carries the headline's new name is the first bullet, though everything else in it (the line,
    the company) was known and a side fact further down has more new words."""
    named = _ferry_item(
        "named",
        "Nordlicht ferry for Kiel-Klaipeda line named Aurora",
        "The first Nordlicht Reederei ferry for the line between Kiel and Klaipeda has been "
        "named Aurora, the company said on Monday.\n"
        "Naming a Nordlicht ferry before her first voyage to Klaipeda is an old custom among "
        "Baltic sailors, who feared the sea would not spare a nameless hull from storms.\n"
        "The name was chosen by the families of the crew in a vote last week.\n"
        "The Gdansk yard completed the ship in August; she will carry 600 passengers.\n"
        "Kiel's harbour master opened the new ferry terminal on Friday.",
        lang="en",
        published="2026-09-14T08:00:00+00:00",
    )
    results = _replay(tmp_path, [FIRST, named], _topic())
    assert results["named"]["verdict"] == "development"
    assert results["named"]["new_facts"][0].startswith("The first Nordlicht Reederei ferry")


def test_a_hyphened_compounds_head_and_a_speaker_are_no_actors() -> None:
    """'Mindestlohn-Vorschlag': 'Vorschlag' is a noun of a compound, no name; the researcher who
    comments on a rise did not raise anything."""
    reaction = analyse(
        "Reaktionen auf den Mindestlohn-Vorschlag",
        "Der Vorschlag der Kommission, den Lohn anzuheben, stößt auf Kritik.",
        "de",
        None,
        "*",
    )
    assert not any(k.startswith("n:vrshl") for k in reaction.term_counts)
    assert not any(c.startswith("e:raise|n:vrshl") for c in reaction.claims)
    comment = analyse(
        "Einschätzung",
        "Die Erhöhung sei verkraftbar, sagte die Forscherin Friederike Salm.",
        "de",
        None,
        "*",
    )
    assert not any("|n:slm" in c or "|n:frdrk" in c for c in comment.claims)
    english = analyse("Comment", "The rise is bearable, Friederike Salm said.", "en", None, "*")
    assert not any("|n:slm" in c for c in english.claims)
    # an actor before the step still is one, and so is one the speaker reports on
    acted = analyse("Beschluss", "Die Kommission Salm hat den Lohn erhöht.", "de", None, "*")
    assert any(c.startswith("e:raise|") for c in acted.claims)
    reported = analyse(
        "Vertrag", "Putin sagt, die Duma habe den Vertrag ratifiziert.", "de", None, "*"
    )
    assert "e:ratify|duma" in reported.claims


def test_agreement_told_with_einigen_and_an_election_that_is_void() -> None:
    """'einigen sich' is the verb's plural, which the lemmatiser reads as the determiner
    'einigen' (some); a vote that 'ist ungültig' is annulled, spoilt ballots are not."""
    for text in (
        "Durchbruch in Nairobi: Staaten einigen sich auf globales Plastikabkommen",
        "Bahn und GDL einigen sich",
        "Beobachter erwarten, dass sich die Staaten noch in dieser Woche einigen",
    ):
        assert "agree" in sentence_features(text, "de").events, text
    for text in (
        "Nach einigen Tagen reisten die Delegierten ab",
        "Sie haben sich in einigen Punkten angenähert",
    ):
        assert "agree" not in sentence_features(text, "de").events, text
    void = sentence_features(
        "Die Stichwahl in Marburg ist ungültig und muss wiederholt werden.", "de"
    )
    assert "overturn" in void.events
    assert "overturn" in sentence_features("Die Wahl ist damit ungültig.", "de").events
    assert (
        "overturn" not in sentence_features("In Marburg gab es 212 ungültige Stimmen.", "de").events
    )


def test_german_headline_steps_in_the_present_tense() -> None:
    """German headlines tell a step in the present tense: a chamber 'beschließt' a law (approved
    as 'beschlossen' is), investigators 'durchsuchen' homes (a raid, like 'Durchsuchung'), an
    airport 'nimmt den Betrieb wieder auf' (resumed, the separable verb written apart)."""
    assert "approve" in sentence_features("Bundestag beschließt Gesetz", "de").events
    assert "approve" in sentence_features("Der Bundestag hat das Gesetz beschlossen.", "de").events
    assert "raid" in sentence_features("Ermittler durchsuchen Wohnungen", "de").events
    for text in (
        "Flughafen nimmt Betrieb wieder auf",
        "Die Klinik nimmt den Betrieb wieder auf, teilte sie mit.",
        "Der Flughafen hat den Betrieb am Montag wieder aufgenommen.",
        "Bahn nimmt Strecke wieder in Betrieb",
    ):
        assert "resume" in sentence_features(text, "de").events, text
    for text in ("Sie nahm das Buch wieder auf den Tisch.", "Er nimmt wieder an der Sitzung teil."):
        assert "resume" not in sentence_features(text, "de").events, text


def test_destroyed_found_dead_shot_and_a_law_amended_are_steps() -> None:
    """A state change a story's first report may not have held: works destroyed, a missing man
    found dead, an animal or a person shot, a law amended ('ändert nichts' changes nothing)."""
    for text, lang, step in (
        ("Beim Brand wurden 23 Gemälde zerstört.", "de", "destroy"),
        ("Twenty-three paintings were destroyed in the fire.", "en", "destroy"),
        ("Der vermisste Landwirt wurde tot aufgefunden.", "de", "dead"),
        ("The missing farmer was found dead.", "en", "dead"),
        ("Jäger haben den Wolf erschossen.", "de", "shoot"),
        ("Hunters have shot the wolf.", "en", "shoot"),
        ("Der Bundestag hat das Bundesnaturschutzgesetz geändert.", "de", "amend"),
        ("Parliament amended the law on Thursday.", "en", "amend"),
    ):
        events = sentence_features(text, lang).events
        assert step in events, text
        assert is_step(step, frozenset()), step
    assert "amend" not in sentence_features("Das ändert nichts am Gesetz.", "de").events


def test_steps_detained_repaired_annulled_ordered_and_a_court_hearing() -> None:
    detained = sentence_features("Die Küstenwache hat den Frachter festgesetzt.", "de")
    assert "arrest" in detained.events
    assert "repair" in sentence_features("Das Kabel wurde repariert.", "de").events
    assert "repair" in sentence_features("The cable has been repaired.", "en").events
    assert "repair" in sentence_features("Power was restored on Friday.", "en").events
    # an election annulled, a recount ordered
    annulled = sentence_features("Das Gericht hat die Stichwahl für ungültig erklärt.", "de")
    assert "overturn" in annulled.events
    assert "overturn" in sentence_features("The court annulled the runoff.", "en").events
    assert "overturn" not in sentence_features("Es gab 212 ungültige Stimmen.", "de").events
    ordered = sentence_features("Der Wahlausschuss ordnete eine Neuauszählung an.", "de")
    assert "decree" in ordered.events
    # a court hears the case; negotiations without a court are none
    heard = sentence_features("Das Bundesverfassungsgericht hat über die Klage verhandelt.", "de")
    assert "court_hearing" in heard.events
    assert "court_hearing" in sentence_features("The court heard the challenge.", "en").events
    assert "court_hearing" not in sentence_features("A hearing aid costs more.", "en").events
    talks = sentence_features("Die Tarifparteien haben bis in die Nacht verhandelt.", "de")
    assert "court_hearing" not in talks.events
    aimed = "Die Verhandlungen waren auf einen schnellen Abschluss ausgerichtet."
    assert "court_hearing" not in sentence_features(aimed, "de").events
    # contact regained or lost; being in contact is no change
    regained = sentence_features("Die Reederei hat wieder Kontakt zur Besatzung.", "de")
    assert "contact_made" in regained.events
    assert "contact_made" in sentence_features("Controllers lost contact at 3 am.", "en").events
    steady = sentence_features("We are in close contact with the families.", "en")
    assert "contact_made" not in steady.events


# steps told by a phrase: (sentence, language, the step's key, whether the sentence tells it)
PHRASE_STEPS = [
    # a commission of inquiry or a crisis team set up; one that advocates, or one named beside
    # what else was 'eingesetzt', is none
    ("Die Behörde hat eine unabhängige Untersuchungskommission eingesetzt.", "de", "launch", True),
    ("Der Landrat setzt wegen des Hochwassers einen Krisenstab ein.", "de", "launch", True),
    ("Die Arbeitsgruppe setzt sich für strengere Regeln ein.", "de", "launch", False),
    (
        "Die Polizei hat Wasserwerfer eingesetzt; eine Untersuchungskommission soll klären.",
        "de",
        "launch",
        False,
    ),
    # stolen data put on the dark web; a report published, data sold there, a threat to
    # publish (not yet done) are none
    (
        "Die Erpresser haben die Kundendaten der Brauerei im Darknet veröffentlicht.",
        "de",
        "data_published",
        True,
    ),
    ("Hacker stellen Kundendaten ins Darknet.", "de", "data_published", True),
    ("The gang dumped the files on the dark web on Monday.", "en", "data_published", True),
    ("The ministry published its report on Monday.", "en", "data_published", False),
    (
        "The study, published on Monday by the university, says stolen data sell on the dark web.",
        "en",
        "data_published",
        False,
    ),
    (
        "Die Erpresser drohen, die Daten im Darknet zu veröffentlichen.",
        "de",
        "data_published",
        False,
    ),
    ("The gang threatened to post the data on its leak site.", "en", "data_published", False),
    # an emergency or a shortage declared; saying there is none, or a shortage beside
    # something else declared, is none
    (
        "Der Landrat hat wegen des Hochwassers den Katastrophenfall ausgerufen.",
        "de",
        "state_declared",
        True,
    ),
    (
        "Das Ministerium stellt einen Versorgungsmangel bei Fiebersäften fest.",
        "de",
        "state_declared",
        True,
    ),
    ("The governor declared a state of emergency after the floods.", "en", "state_declared", True),
    (
        "Die Regierung verhängt den Ausnahmezustand über die Hauptstadt.",
        "de",
        "state_declared",
        True,
    ),
    ("Die Regierung erklärte, sie sehe keinen Notstand.", "de", "state_declared", False),
    ("The shortage of nurses worries the hospitals.", "en", "state_declared", False),
    (
        "The carmaker declared record profits despite a chip shortage.",
        "en",
        "state_declared",
        False,
    ),
    # a state that goes on is no step: an order that remains in force, a beginning that is
    # another verb's aspect ('began seeping')
    ("The evacuation order remains in force.", "en", "in_force", False),
    ("Das Verbot bleibt weiterhin in Kraft.", "de", "in_force", False),
    ("The new rules entered into force on Monday.", "en", "in_force", True),
    ("Water began seeping through the earth dam.", "en", "begin", False),
    ("Prices started to fall on Monday.", "en", "begin", False),
    ("The strike began on Monday.", "en", "begin", True),
    # ships, trains and planes that run again resume; a candidate who runs again does not
    ("Nach dem Streik rollen die Züge wieder.", "de", "resume", True),
    ("Große Schiffe fahren auf dem Rhein wieder voll beladen.", "de", "resume", True),
    ("Barges sail fully loaded again after the rain.", "en", "resume", True),
    ("The senator will run again next year.", "en", "resume", False),
    # ... and declared over (lifted); war declared over something is not
    ("Die Behörde hat die Geflügelpest im Landkreis für beendet erklärt.", "de", "lift", True),
    ("The agency declared the outbreak over.", "en", "lift", True),
    # ... however long the name of what ended (English has no 'für beendet' to open it)
    (
        "Three governments declared the bird flu outbreak among the island's cranes over.",
        "en",
        "lift",
        True,
    ),
    ("The rebels declared war over the border dispute.", "en", "lift", False),
    # a captive who is free has been released; a way that is free, free trade are no release;
    # an airspace free again has reopened; who landed has arrived
    ("Der entführte Journalist ist nach fünf Monaten in Geiselhaft frei.", "de", "release", True),
    ("Er ist seit Montag wieder auf freiem Fuß.", "de", "release", True),
    ("Freed journalist lands in Berlin", "en", "release", True),
    ("Damit ist der Weg für das Gesetz frei.", "de", "release", False),
    ("Damit ist der Weg frei.", "de", "release", False),
    ("The EU signed a free trade deal.", "en", "release", False),
    ("Der Luftraum über Norddeutschland ist wieder frei.", "de", "reopen", True),
    ("He landed at Berlin Brandenburg Airport late on Wednesday.", "en", "arrive", True),
    ("Wechsel der Krankenversicherung: Worauf es wirklich ankommt", "de", "arrive", False),
    ("Es kommt jetzt auf jede Stimme an.", "de", "arrive", False),
    ("Die Fähre ist am Montag in Klaipeda angekommen.", "de", "arrive", True),
    ("Die Maschine ist am Abend in Berlin gelandet.", "de", "arrive", True),
    ("The island lands are farmed by few families.", "en", "arrive", False),
    # who lands in a queue, in hospital, in court has flown nowhere
    ("Dreimal landete sie nach 40 Minuten in der Warteschleife.", "de", "arrive", False),
    ("He landed in hospital after the fall.", "en", "arrive", False),
    ("Sie landete jetzt in der Warteschleife, wie sie planen musste.", "de", "arrive", False),
    # a ship that berths or puts into port has docked, in either language
    ("Der russische Zerstörer läuft in den Hafen Wonsan ein.", "de", "dock", True),
    ("Die erste Fähre hat am Montag in Klaipeda angelegt.", "de", "dock", True),
    ("The destroyer docked at Wonsan on Monday.", "en", "dock", True),
    # a licence or a permit granted is an approval; a dispute laid to rest is settled
    ("Die Zentralbank hat der Bank eine Lizenz für Bankgeschäfte erteilt.", "de", "approve", True),
    ("The regulator granted the lab an operating permit on Monday.", "en", "approve", True),
    ("Die Lizenz läuft im Mai aus.", "de", "approve", False),
    ("Der monatelange Streit um das Skelett ist beigelegt.", "de", "settle", True),
    # handed over; working as before; a first appearance
    ("Das Gemälde ist an die Erben übergeben worden.", "de", "hand_over", True),
    ("Die Ukraine hat den Soldaten an Südkorea überstellt.", "de", "hand_over", True),
    ("Ukraine handed over the soldier on Monday.", "en", "hand_over", True),
    ("All four hospitals are working normally again.", "en", "resume", True),
    ("Die Kliniken arbeiten wieder im Normalbetrieb.", "de", "resume", True),
    ("Normal people do not read the small print.", "en", "resume", False),
    ("The panda cub made her public debut on Tuesday.", "en", "launch", True),
    # a charge brought is no suit filed; near is no closure; kündigen a person is a dismissal
    ("Die Staatsanwaltschaft hat Anklage gegen den Chef erhoben.", "de", "file_suit", False),
    ("Die Staatsanwaltschaft hat Anklage gegen den Chef erhoben.", "de", "charge", True),
    ("Die Anwohner haben Klage erhoben.", "de", "file_suit", True),
    ("The news was greeted with something close to relief.", "en", "close", False),
    ("The plant will close to save money.", "en", "close", True),
    ("Police close the road on Monday.", "en", "close", True),
    ("Der Rat hat den Dirigenten fristlos gekündigt.", "de", "dismiss", True),
    # stolen goods brought back
    ("Investigators have recovered two of the four stolen pieces.", "en", "recover", True),
    # a dismissal a court declared void is overturned
    ("Das Gericht hat die fristlose Kündigung für unwirksam erklärt.", "de", "overturn", True),
    # a firm put on a sanctions list: sanctions imposed; one that stands on it is none
    ("Die EU hat die Reederei Baltkom auf ihre Sanktionsliste gesetzt.", "de", "impose", True),
    ("The Treasury added the Baltkom shipping line to its sanctions list.", "en", "impose", True),
    ("EU blacklists Russian shipping line over North Korean coal.", "en", "impose", True),
    ("Die Reederei steht seit 2025 auf der Sanktionsliste.", "de", "impose", False),
]


@pytest.mark.parametrize(("sentence", "language", "step", "told"), PHRASE_STEPS)
def test_steps_told_by_a_phrase(sentence: str, language: str, step: str, told: bool) -> None:
    assert (step in sentence_features(sentence, language).events) is told


def test_a_festival_a_show_or_a_contest_in_the_topics_words_is_irrelevant(tmp_path: Path) -> None:
    """A harbour festival's ferry parade, an air show over the ferry port and a hackathon on ferry
    apps match the ferry query; their headline and lead are told in the events pages' words
    (a festival, a parade, fireworks; an air show and its aerobatic team; a hackathon and its
    jury), so they are no ferry news. A ferry's fire during the festival is news: its lead tells
    the fire, not the festival, in the events pages' words."""
    festival = _ferry_item(
        "festival",
        "Hafenfest in Kiel: Fähren und Traditionssegler ziehen in langer Parade vorbei",
        "Mit einer Parade von mehr als 40 Schiffen hat am Freitagabend das Kieler Hafenfest "
        "begonnen, angeführt von der Fähre „Stadt Kiel“.\n"
        "Am Samstag gibt es ein Feuerwerk über der Förde, auf vier Bühnen spielen Bands.",
    )
    air_show = _ferry_item(
        "air-show",
        "Flugschau über den Fähren: Kunstflugstaffel begeistert Tausende in Kiel",
        "Mit Loopings über der Fähre nach Oslo hat die Kunstflugstaffel der Marine am Sonntag "
        "die Flugschau eröffnet.\n"
        "Zur Flugschau kamen nach Angaben der Veranstalter rund 30.000 Besucher.",
    )
    hackathon = _ferry_item(
        "hackathon",
        "Hackathon in Kiel: Studierende bauen Apps für Fährgäste",
        "48 Stunden lang haben 120 Studierende beim ersten Kieler Hackathon an Apps für "
        "Fährgäste getüftelt.\n"
        "Die Jury zeichnete eine App aus, die freie Plätze auf der Fähre anzeigt.",
    )
    fire = _ferry_item(
        "fire",
        "Feuer auf Fähre während des Hafenfests: 30 Passagiere in Sicherheit gebracht",
        "Auf der Fähre „Stadt Kiel“ ist am Samstagabend im Maschinenraum ein Feuer "
        "ausgebrochen.\n"
        "Die Besatzung brachte 30 Passagiere von Bord, die Feuerwehr löschte den Brand.",
    )
    results = _replay(tmp_path, [FIRST, festival, air_show, hackathon, fire], _topic())
    for item in ("festival", "air-show", "hackathon"):
        assert results[item]["verdict"] == "irrelevant", item
        assert results[item]["scores"].get("events_piece") == 1.0, (item, results[item]["scores"])
    assert results["fire"]["verdict"] != "irrelevant"


def test_a_novel_a_series_or_a_circus_in_the_topics_words_is_irrelevant(tmp_path: Path) -> None:
    """A crime novel set on a ferry, a streaming series about one and a circus touring on one
    match the ferry query; their headline and lead are the culture pages' (a novel and its
    author, a series and its season, acrobats and jugglers). A word the desk reads only beside
    another ('Roman', also a first name and English for 'Römer') in a topic's query does not
    stop the desk: a film about a Roman ferry is still a film."""
    novel = _ferry_item(
        "novel",
        "Tod auf der Fähre: Kieler Autorin legt ihren dritten Kriminalroman vor",
        "In ihrem neuen Roman schickt die Autorin Hanne Lorenzen eine Kommissarin auf die "
        "Nachtfähre nach Oslo.\n"
        "Der Krimi erscheint am Freitag, die erste Lesung ist in Kiel.",
    )
    series = _ferry_item(
        "series",
        "„Nordkurs“: Streamingserie über eine Fähre startet mit zweiter Staffel",
        "Die zweite Staffel der Serie über die Crew einer Ostsee-Fähre ist seit Freitag zu "
        "sehen.\n"
        "In acht Episoden kämpft Kapitänin Lene Ahlers um ihr Schiff.",
    )
    circus = _ferry_item(
        "circus",
        "Zirkus auf der Fähre: Akrobaten und Jongleure touren über die Ostsee",
        "Mit Akrobaten, Jongleuren und einem Trapez an Deck ist der Zirkus Aurora auf der "
        "Fähre nach Klaipeda unterwegs.\n"
        "Die Vorstellungen sind ausverkauft.",
    )
    results = _replay(tmp_path, [FIRST, novel, series, circus], _topic())
    for item in ("novel", "series", "circus"):
        assert results[item]["verdict"] == "irrelevant", item
        assert results[item]["scores"].get("culture_piece") == 1.0, (item, results[item])
    roman = Topic(
        name="roman",
        relevance=RelevanceConfig(
            query="fähre AND römer",
            aliases={"fähre": ["Fähre"], "römer": ["Römer", "römisch", "römische", "Roman"]},
        ),
    )
    film = _ferry_item(
        "film",
        "Kinofilm über römische Fähre feiert Premiere",
        "Der Spielfilm der Regisseurin Ada Brenner erzählt von einer römischen Fähre am "
        "Rhein.\n"
        "Die Premiere ist im Kino am Dom.",
    )
    (tmp_path / "roman").mkdir()
    assert _replay(tmp_path / "roman", [film], roman)["film"]["verdict"] == "irrelevant"


def test_a_review_an_exhibition_or_a_game_in_the_topics_words_is_irrelevant(
    tmp_path: Path,
) -> None:
    """A film review, an exhibition and a handball team named after a ferry match the ferry
    query; their headline and lead are told in the culture or the sports pages' words (a game's
    lead in three of them, whatever its headline), so they are no ferry news. A first ('Premiere') is news, and a topic whose query names the
    exhibition keeps it."""
    review = _ferry_item(
        "review",
        "Kinokritik: „Letzte Fähre nach Klaipeda“ erzählt von einer Nacht auf See",
        "Eine Fähre, ein Sturm, ein verschwundener Passagier: Aus diesem Stoff baut die "
        "Regisseurin Maren Tiedje ihren ersten Spielfilm.\n"
        "Der Thriller spielt fast ganz an Bord der Fähre zwischen Kiel und Klaipeda.",
    )
    exhibition = _ferry_item(
        "exhibition",
        "Ausstellung in Kiel: Hundert Jahre Fähren über die Ostsee",
        "Ein Steuerrad aus Messing, Fahrkarten von 1926, ein Modell der ersten Fähre.\n"
        "Das Schifffahrtsmuseum zeigt die Ausstellung vom Samstag an bis zum Herbst.",
    )
    first = _ferry_item(
        "first-crossing",
        "Premiere für Nordlicht: Erste Fähre legt in Klaipeda an",
        "Die erste Fähre der Nordlicht Reederei hat am Montag in Klaipeda angelegt.\n"
        "Die Premiere verlief ohne Zwischenfälle, an Bord waren 212 Passagiere.",
    )
    handball = _ferry_item(
        "handball",
        "Handball: Fähre Kiel in Top-Form vor dem Heimspiel",
        "Neun Siege in Folge, Tabellenplatz eins: Die Handballerinnen der SG Fähre Kiel "
        "erleben die beste Hinrunde ihrer Geschichte.\n"
        "Am Samstag empfängt die Mannschaft den Tabellenzweiten aus Flensburg.",
    )
    # a game under a headline in none of the sports pages' words: its lead names three
    derby = _ferry_item(
        "derby",
        "Fähre Kiel gewinnt spät: Zwei Tore in der Nachspielzeit",
        "Der Fußball-Landesligist SG Fähre Kiel hat das Derby gegen Holstein Nord mit 2:1 "
        "gewonnen.\n"
        "Schiedsrichter Jan Petersen zeigte in der 93. Minute auf den Punkt, Lena Brandt traf.",
    )
    # a tournament: its medals, wrestlers and athletes
    tournament = _ferry_item(
        "tournament",
        "Ringer der Fähre Kiel holen zwei Goldmedaillen bei Turnier in Riga",
        "Zwei Ringer des Sportvereins Fähre Kiel haben beim Ostsee-Turnier in Riga Gold gewonnen.\n"
        "Die Athleten siegten im Freistil in den Klassen bis 65 und 74 Kilogramm.",
    )
    items = [FIRST, review, exhibition, first, handball, derby, tournament]
    results = _replay(tmp_path, items, _topic())
    assert results["derby"]["verdict"] == "irrelevant"
    assert results["tournament"]["scores"]["sports_piece"] == 1.0
    assert results["derby"]["scores"]["sports_piece"] == 1.0
    assert results["review"]["verdict"] == "irrelevant"
    assert results["review"]["scores"]["culture_piece"] == 1.0
    assert results["handball"]["verdict"] == "irrelevant"
    assert results["handball"]["scores"]["sports_piece"] == 1.0
    assert results["exhibition"]["verdict"] == "irrelevant"
    assert results["first-crossing"]["verdict"] != "irrelevant"
    museum = Topic(
        name="museum",
        relevance=RelevanceConfig(
            query="fähre AND ausstellung",
            aliases={"fähre": ["Fähre", "Fähren"], "ausstellung": ["Ausstellung"]},
        ),
    )
    (tmp_path / "museum").mkdir()
    kept = _replay(tmp_path / "museum", [exhibition], museum)
    assert kept["exhibition"]["verdict"] == "new_story"
    club = Topic(
        name="club",
        relevance=RelevanceConfig(
            query="fähre AND mannschaft",
            aliases={"fähre": ["Fähre"], "mannschaft": ["Mannschaft", "Handballerinnen"]},
        ),
    )
    (tmp_path / "club").mkdir()
    assert _replay(tmp_path / "club", [handball], club)["handball"]["verdict"] == "new_story"


def test_a_topic_that_names_players_keeps_the_sports_pages_news(tmp_path: Path) -> None:
    """A Bundesliga club's kickback affair is told in the sports pages' words (club, league,
    season). A topic on kickbacks in player transfers names players, a sports word, so it keeps
    such reports; a topic that names none of the sports pages' words does not."""
    report = {
        "id": "kickback",
        "published": "2027-02-09T09:00:00+00:00",
        "lang": "en",
        "title": "Bundesliga club Aldenburg suspends its sporting director over kickbacks",
        "text": (
            "The Bundesliga club SV Aldenburg has suspended its sporting director Jonas Reimer "
            "over suspected kickbacks on three player transfers, the club said on Tuesday.\n"
            "An internal audit found payments of about two million euros to a consultancy in "
            "Cyprus, routed through the fees of a players' agent, in the last season."
        ),
    }

    def kickback_topic(transfer: list[str]) -> Topic:
        return Topic(
            name="kickbacks",
            relevance=RelevanceConfig(
                query="transfer AND kickback",
                aliases={"transfer": transfer, "kickback": ["kickback", "kickbacks"]},
            ),
        )

    players = kickback_topic(["transfer", "transfers", "player transfer", "player transfers"])
    (tmp_path / "players").mkdir()
    kept = _replay(tmp_path / "players", [report], players)["kickback"]
    assert kept["verdict"] == "new_story", kept
    (tmp_path / "plain").mkdir()
    plain = _replay(tmp_path / "plain", [report], kickback_topic(["transfer", "transfers"]))
    assert plain["kickback"]["verdict"] == "irrelevant"
    assert plain["kickback"]["scores"]["sports_piece"] == 1.0


def test_the_sports_pages_keep_a_step_of_the_police_or_the_courts(tmp_path: Path) -> None:
    """Crime in sport is news of a match-fixing topic whatever sports words tell it: a raid on a
    club stays relevant; a league's own ban on its players is the sports pages' piece."""
    topic = Topic(
        name="fixing",
        relevance=RelevanceConfig(
            query="manipulation AND (wette OR spiel)",
            aliases={
                "manipulation": [
                    "Manipulation",
                    "Spielmanipulation",
                    "manipuliert",
                    "match-fixing",
                ],
                "wette": ["Wette", "Wettbetrug", "betting"],
                "spiel": ["Spiel", "Spiele", "match", "game"],
            },
        ),
    )
    body = (
        "Der Eishockey-Oberligist TSV Marwede steht unter Verdacht, drei Spiele der Hauptrunde "
        "für ein Wettsyndikat manipuliert zu haben.\nIm Stadion und in der Geschäftsstelle des "
        "Klubs wurden am Dienstag Unterlagen zum Wettbetrug sichergestellt."
    )
    items = [
        {
            "id": "raid",
            "published": "2027-02-09T09:00:00+00:00",
            "lang": "de",
            "title": "Razzia bei Eishockey-Oberligist: Ermittler prüfen Spielmanipulation",
            "text": body,
        },
        {
            "id": "ban",
            "published": "2027-02-09T10:00:00+00:00",
            "lang": "de",
            "title": "Eishockey-Oberliga: Verband sperrt vier Spieler des TSV Marwede",
            "text": body,
        },
    ]
    (tmp_path / "raid").mkdir()
    raid = _replay(tmp_path / "raid", items[:1], topic)["raid"]
    assert raid["verdict"] == "new_story", raid
    (tmp_path / "ban").mkdir()
    ban = _replay(tmp_path / "ban", items[1:], topic)["ban"]
    assert ban["verdict"] == "irrelevant"
    assert ban["scores"]["sports_piece"] == 1.0


def test_a_step_months_on_joins_the_only_plausible_story_below_the_models_cut(
    tmp_path: Path,
) -> None:
    """After eight quiet weeks the join model's time penalty may leave a real step under its cut
    (p 0.35-0.5): it still joins when no other story competes and its lead names the story's
    rare anchors; not when another candidate is plausible, the gap is short or anchors lack."""
    from datetime import UTC, datetime, timedelta

    from monitor.novelty import Document, StoryMemory
    from monitor.novelty.index import StoryProfile
    from monitor.novelty.memory import StoryMatch
    from monitor.store import open_database
    from monitor.store.memory import SqlMemoryIndex

    model = load_decisions()
    published = datetime(2026, 6, 1, tzinfo=UTC)

    def match(story_id: int, probability: float, days: float, anchors: float) -> StoryMatch:
        # features whose logit is the wanted probability: all zero but the bias and the cosine
        import math

        weight = dict(zip(model.join.features, model.join.weights, strict=True))["cosine"]
        logit = math.log(probability / (1 - probability))
        features = dict.fromkeys(model.join.features, 0.0)
        features["cosine"] = (logit - model.join.bias) / weight
        features["gap_log"] = math.log1p(days)
        last = published - timedelta(days=days)
        profile = StoryProfile(story_id, {}, 3, last - timedelta(days=30), last)
        return StoryMatch(profile, features, anchors)

    doc = Document("late", "Charges filed", "", "en", published)
    database = open_database(f"sqlite:///{(tmp_path / 'm.db').as_posix()}")
    try:
        with database.session() as session:
            memory = StoryMemory(SqlMemoryIndex(session, "t"), None)
            late = memory._choose_story(doc, [match(1, 0.42, 90, 3.0), match(2, 0.01, 90, 0.0)])
            assert late is not None and late.profile.story_id == 1
            # another plausible story, a short gap, no anchors, too weak: a new story
            assert (
                memory._choose_story(doc, [match(1, 0.42, 90, 3.0), match(2, 0.2, 90, 1)]) is None
            )
            assert memory._choose_story(doc, [match(1, 0.42, 20, 3.0)]) is None
            assert memory._choose_story(doc, [match(1, 0.42, 90, 0.5)]) is None
            assert memory._choose_story(doc, [match(1, 0.2, 90, 3.0)]) is None
    finally:
        database.dispose()


def test_a_refit_keeps_a_cut_within_one_example_of_the_best() -> None:
    """bench/fit_decisions.py: on few examples (the cross-language ones) the F1 of neighbouring
    cuts differs by single examples; a refit keeps the shipped cut unless the best is better by
    more than one example, so a refit is reproducible and a cut does not jump on one example."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import fit_decisions

    def rows(probabilities: list[float]) -> list[dict[str, float]]:
        return [{"x": math.log(p / (1 - p)), "cross_language": 1.0} for p in probabilities]

    model = LogisticModel(features=("x",), weights=(1.0,), bias=0.0)
    positives = [0.65, 0.7, 0.75, 0.8, 0.85]
    near = fit_decisions.Examples(rows([*positives, 0.42, 0.47]), [1] * 5 + [0] * 2, ["a"] * 7)
    # best at 0.5-0.6 (F1 1.0); 0.4 lets two negatives in (0.83): within one example (0.2)
    assert fit_decisions.fitted_cut(model, near, True) == 0.5
    assert fit_decisions.fitted_cut(model, near, True, shipped=0.4) == 0.4
    far = fit_decisions.Examples(rows([*positives, 0.41, 0.43, 0.47]), [1] * 5 + [0] * 3, ["a"] * 8)
    assert fit_decisions.fitted_cut(model, far, True, shipped=0.4) == 0.5


def test_a_colour_piece_that_retells_known_events_through_its_people_is_known(
    tmp_path: Path,
) -> None:
    """Its body pairs the story's events with new people ('her brother died', 'said Nordlicht
    suspended the line'): pairings the story does not hold, but no step of it."""
    crash = {
        "id": "crash",
        "published": "2026-05-04T08:00:00+00:00",
        "lang": "en",
        "title": "Two dead as Nordlicht ferry hits pier in Kiel",
        "text": (
            "Two passengers died when the Nordlicht Reederei ferry Baltic Star hit a pier in "
            "Kiel on Monday, the police said.\n"
            "The company suspended its ferry line to Klaipeda until further notice.\n"
            "Investigators from the federal maritime agency are examining the ship."
        ),
    }
    colour = {
        "id": "colour",
        "published": "2026-05-07T08:00:00+00:00",
        "lang": "en",
        "title": "Flowers at the pier: Kiel mourns the ferry dead",
        "text": (
            "On Thursday morning the old pier was covered in flowers and candles.\n"
            "Anna Petersen lost her brother Jonas, who died on the car deck of the ferry.\n"
            "Harbour pilot Kai Brandt, who saw the two passengers die, says he still cannot "
            "sleep.\n"
            "Ticket seller Olga Weiss said Nordlicht suspended the line within hours.\n"
            "Many people in the harbour knew the crew well."
        ),
    }
    results = _replay(tmp_path, [crash, colour], _topic())
    assert results["colour"]["story_id"] == results["crash"]["story_id"]
    assert results["colour"]["verdict"] == "known", results["colour"]["new_facts"]


def test_a_travel_piece_or_a_product_test_in_the_topics_words_is_irrelevant(
    tmp_path: Path,
) -> None:
    """A ferry holiday's travel piece and a test of ferry apps match the ferry query; their
    headline and lead are the leisure pages' (a holiday, a camping trip; a test and its winner).
    Holidaymakers evacuated from a burning ferry are news: its headline tells a step."""
    travel = _ferry_item(
        "travel",
        "Mit der Fähre in den Urlaub: Camping an der Kurischen Nehrung",
        "Wer seinen Urlaub an der Ostsee verbringen will, nimmt die Fähre von Kiel nach "
        "Klaipeda.\n"
        "Auf dem Campingplatz bei Nida gibt es Tipps für Ausflüge in die Dünen.",
    )
    product_test = _ferry_item(
        "product-test",
        "Apps für die Fähre im Test: Der Testsieger kostet nichts",
        "Das Verbrauchermagazin „Konsum kompakt“ hat acht Apps für Fährgäste geprüft.\n"
        "Die meisten zeigen Abfahrtszeiten und freie Plätze zuverlässig an.",
    )
    evacuated = _ferry_item(
        "evacuated",
        "Feuer auf Urlaubsfähre: Hunderte Urlauber aus Hotelkabinen evakuiert",
        "Auf der Fähre „Stadt Kiel“ ist am Samstag ein Feuer ausgebrochen; die Besatzung "
        "brachte 300 Urlauber in Sicherheit.\n"
        "Die Feuerwehr löschte den Brand im Maschinenraum.",
    )
    results = _replay(tmp_path, [FIRST, travel, product_test, evacuated], _topic())
    for item in ("travel", "product-test"):
        assert results[item]["verdict"] == "irrelevant", item
        assert results[item]["scores"].get("leisure_piece") == 1.0, (item, results[item]["scores"])
    assert results["evacuated"]["verdict"] != "irrelevant"


def test_a_painting_show_in_the_topics_words_is_irrelevant_a_fire_among_paintings_is_not(
    tmp_path: Path,
) -> None:
    """A gallery's show of ferry paintings is the culture pages'; a fire that destroys ferry
    paintings in a museum is news (museums and paintings count only beside another word)."""
    show = _ferry_item(
        "show",
        "Zwischen Kai und Horizont: Galerie zeigt Fähren in der Malerei",
        "Mit einem Ölgemälde der Fähre „Kronprinz“ beginnt die neue Ausstellung der Galerie am "
        "Hafen in Kiel.\n"
        "Rund 40 Bilder aus zwei Jahrhunderten sind bis Ende Mai zu sehen.",
    )
    fire = _ferry_item(
        "fire",
        "Brand im Schifffahrtsmuseum zerstört Gemälde von Fähren",
        "Ein Feuer hat in der Nacht zum Montag im Kieler Schifffahrtsmuseum zwölf Gemälde "
        "von Fähren zerstört.\n"
        "Die Feuerwehr löschte den Brand nach zwei Stunden.",
    )
    results = _replay(tmp_path, [FIRST, show, fire], _topic())
    assert results["show"]["verdict"] == "irrelevant"
    assert results["show"]["scores"].get("culture_piece") == 1.0, results["show"]["scores"]
    assert results["fire"]["verdict"] != "irrelevant"


def test_a_piece_unlike_the_topics_stories_that_names_it_late_or_leans_to_a_desk_is_irrelevant(
    tmp_path: Path,
) -> None:
    """A travel piece on an island that names the ferry only in its last sentence, and a fashion
    show in a ferry terminal told in the fashion pages' words (not enough of them for the
    leisure desk's piece), read little like the ferry line's story: no ferry news. A ferry's
    collision reads no more like it, but its headline names the topic: a story of its own."""
    island = _ferry_item(
        "island",
        "Ein Sommer auf Gotland: Klippen, Radwege und Lammbraten",
        "Gotland ist die größte Insel der Ostsee und im Sommer ein Ziel für Radfahrer.\n"
        "Die Hauptstadt Visby ist von einer drei Kilometer langen Stadtmauer umgeben.\n"
        "Im Juli duften die Wiesen nach Thymian, und die Cafés am Hafen sind bis spät "
        "geöffnet.\n"
        "Wer kein Flugzeug nehmen will, erreicht die Insel mit der Fähre ab Nynäshamn in gut "
        "drei Stunden.",
    )
    fashion = _ferry_item(
        "fashion",
        "Mode zwischen den Ladebrücken: Designerin zeigt ihre Kollektion im Fährterminal",
        "Im leeren Fährterminal von Kiel hat die Designerin Frauke Lindholm am Samstag ihre "
        "Sommerkollektion gezeigt.\n"
        "Die Models liefen über die Rampe, über die sonst Lastwagen auf die Fähre rollen.",
    )
    collision = _ferry_item(
        "collision",
        "Fähre rammt Kaimauer in Rostock",
        "Eine Fähre der Reederei Baltlink ist am Dienstagmorgen beim Anlegen in Rostock gegen "
        "die Kaimauer gestoßen.\n"
        "Verletzt wurde niemand, die Wasserschutzpolizei ermittelt.",
    )
    results = _replay(tmp_path, [FIRST_DE, island, fashion, collision], _topic())
    for item in ("island", "fashion"):
        assert results[item]["verdict"] == "irrelevant", (item, results[item]["scores"])
        assert results[item]["scores"].get("unlike_topic") == 1.0, results[item]["scores"]
    assert results["collision"]["verdict"] == "new_story", results["collision"]["scores"]
    assert results["collision"]["scores"]["nearest_opening"] < 0.6


def test_a_piece_a_stranger_to_the_topics_stories_is_irrelevant_whatever_its_headline_tells(
    tmp_path: Path,
) -> None:
    """An inn called 'Zur alten Fähre' that closes reads like none of the ferry line's three
    reports and the join model gives it to none of them: the query's word in another sense, no
    ferry news, though its headline tells a step (a closure). With only one report in memory
    the topic's kind is not known yet: then it opens a story of its own."""
    crossing = _ferry_item(
        "crossing",
        "Erste Nordlicht-Fähre legt in Kiel nach Klaipeda ab",
        "Die erste Fähre der Reederei Nordlicht ist am Freitagabend in Kiel zur Überfahrt nach "
        "Klaipeda ausgelaufen.\n"
        "An Bord waren 310 Passagiere und 84 Lastwagen, sagte Vorstandschef Malte Iversen.",
        published="2026-09-04T08:00:00+00:00",
    )
    inn = _ferry_item(
        "inn",
        "Gasthaus „Zur alten Fähre“ in Lauenburg schließt nach 120 Jahren",
        "Das Gasthaus „Zur alten Fähre“ in Lauenburg an der Elbe schließt Ende Oktober, nach "
        "120 Jahren in Familienbesitz.\n"
        "Wirtin Helga Brandt findet keinen Nachfolger für Küche und Biergarten, sagte sie der "
        "Lokalzeitung.\n"
        "Stammgäste wollen mit einem letzten Schützenfest im Saal Abschied feiern.",
        published="2026-09-20T08:00:00+00:00",
    )
    results = _replay(tmp_path, [FIRST_DE, STEP_DE, crossing, inn], _topic())
    assert results["crossing"]["verdict"] == "known"
    assert results["inn"]["verdict"] == "irrelevant", results["inn"]["scores"]
    assert results["inn"]["scores"]["story_probability"] < 0.2
    young = tmp_path / "young"
    young.mkdir()
    assert _replay(young, [FIRST_DE, inn], _topic())["inn"]["verdict"] == "new_story"


def test_a_market_report_beside_the_topic_is_irrelevant_though_its_headline_tells_a_rise(
    tmp_path: Path,
) -> None:
    """A ferry operator's raised forecast and its shares, told in the business pages' words,
    reads like no story of the ferry line: a rise, a cut, a launch, a win in such a headline are
    the market's and the feature pages' steps, which do not keep the piece."""
    shares = _ferry_item(
        "shares",
        "Baltic ferry operator lifts forecast, shares jump",
        "Shares in the Danish ferry operator Sundline rose 9 percent on Thursday after it raised "
        "its full-year profit forecast.\n"
        "Investors cheered strong bookings on its Baltic routes over the summer.",
        lang="en",
    )
    results = _replay(tmp_path, [FIRST_DE, shares], _topic())
    assert results["shares"]["verdict"] == "irrelevant", results["shares"]["scores"]
    assert results["shares"]["scores"].get("unlike_topic") == 1.0


def test_the_same_days_report_that_names_the_places_otherwise_joins_the_story(
    tmp_path: Path,
) -> None:
    """An English report of the ferry line's plans, hours after the German one, names no place
    and no person the German one names (Schleswig-Holstein's capital, Lithuania's main port), so
    the join model finds it unlikely; but it reads like the story's report, within days of it,
    and no other story competes: it is known, not a story of its own."""
    english = _ferry_item(
        "english",
        "Baltic ferry link to Lithuania planned by north German shipping line",
        "A north German shipping line wants to link Schleswig-Holstein's capital with "
        "Lithuania's main port by ferry from next year, its chief executive said on Monday.\n"
        "Two vessels from a Polish yard would make six crossings a week.\n"
        "The port authority still has to approve a berth.",
        lang="en",
        published="2026-03-02T15:00:00+00:00",
    )
    results = _replay(tmp_path, [FIRST_DE, english], _topic())
    got = results["english"]
    assert got["verdict"] == "known", got["scores"]
    assert got["story_id"] == results["first-de"]["story_id"]
    assert got["scores"]["story_probability"] < 0.4  # under the model's cut across languages


def test_a_colour_piece_under_a_voice_retells_the_story_through_its_people(
    tmp_path: Path,
) -> None:
    """A colour piece from Klaipeda's harbour quarter, its headline a voice, brings a café owner,
    a fishmonger, the ships and their crossings: no step of the ferry line, however much of it
    the story has not heard."""
    colour = _ferry_item(
        "colour",
        "„Endlich wieder Leben am Kai“: Ein Hafenviertel hofft auf Gäste",
        "Zwei Schiffe aus Danzig, sechs Fahrten pro Woche nach Kiel: Im Hafenviertel von "
        "Klaipeda hoffen die Wirte auf die neue Fähre.\n"
        "„Wenn die Schiffe kommen, kommen auch Gäste“, sagt Rūta Jankauskienė, die seit "
        "zwanzig Jahren ein Café am Kai führt.\n"
        "Der Fischhändler nebenan rechnet mit 300 Lastwagenfahrern in der Woche, die auf die "
        "Abfahrt warten.\n"
        "Skeptisch ist nur der Hafenmeister: Er erinnert an eine Linie nach Sassnitz, die vor "
        "Jahren nach einem Winter wieder eingestellt wurde.",
        published="2026-03-04T08:00:00+00:00",
    )
    results = _replay(tmp_path, [FIRST_DE, colour], _topic())
    assert results["colour"]["verdict"] == "known", results["colour"]
    assert results["colour"]["story_id"] == results["first-de"]["story_id"]


def test_the_first_report_in_another_language_on_the_storys_first_day_tells_its_opening(
    tmp_path: Path,
) -> None:
    """Hours after the German report of the ferry line's plans, an English report tells them
    from Klaipeda's side, with the port's own count (400 lorries a week): the story's opening
    in other words, not a step, on the story's first day."""
    english = _ferry_item(
        "english",
        "Klaipeda port braces for 400 lorries a week from German ferry",
        "Lithuania's port of Klaipeda expects up to 400 lorries a week once a German shipping "
        "company starts a ferry service from Kiel, the port's director Jonas Petrauskas said on "
        "Monday.\n"
        "The port will build a new parking area for 120 trucks next to the ferry berth.\n"
        "Nordlicht Reederei announced the route earlier in the day.",
        lang="en",
        published="2026-03-02T15:00:00+00:00",
    )
    results = _replay(tmp_path, [FIRST_DE, english], _topic())
    got = results["english"]
    assert got["verdict"] == "known", got
    assert got["story_id"] == results["first-de"]["story_id"]
    assert got["scores"]["first_in_language"] == 1.0


def test_an_opening_that_tells_nothing_new_leaves_the_lead_to_the_next_sentence(
    tmp_path: Path,
) -> None:
    """Months after the ferry line's plans, a report under a headline that names no step opens
    by setting the scene in the story's own words; its second sentence tells the step (the
    port authority approved the berth): a development, that sentence among its bullets (after
    the opening, which tells the headline)."""
    step = _ferry_item(
        "step",
        "Bewegung bei der Fährlinie nach Klaipeda",
        "Bei der Fährlinie der Reederei Nordlicht von Kiel nach Klaipeda gibt es Bewegung.\n"
        "Die Kieler Hafenbehörde hat den Liegeplatz am Dienstag genehmigt.\n"
        "Vorstandschef Malte Iversen zeigte sich erleichtert.",
        published="2026-07-21T08:00:00+00:00",
    )
    got = _replay(tmp_path, [FIRST_DE, step], _topic())["step"]
    assert got["verdict"] == "development", got
    assert any("genehmigt" in fact for fact in got["new_facts"]), got["new_facts"]


@pytest.mark.parametrize(
    ("text", "language", "decided"),
    [
        # what is to be done, told as decided in the next sentence or in the same one
        (
            "Die Talbrücke muss abgerissen werden. Das hat die Autobahn GmbH am Donnerstag "
            "entschieden.",
            "de",
            True,
        ),
        ("Die Talbrücke muss abgerissen werden, entschied die Autobahn GmbH.", "de", True),
        ("The bridge must be demolished, the operator decided on Thursday.", "en", True),
        # a forecast, a decision still to come, a decision not to
        (
            "Die Talbrücke muss abgerissen werden. Das sagte ein Gutachter am Donnerstag.",
            "de",
            False,
        ),
        ("Die Talbrücke soll abgerissen werden. Das wird der Stadtrat entscheiden.", "de", False),
        ("Die Talbrücke soll nicht abgerissen werden, entschied der Stadtrat.", "de", False),
        ("Die Talbrücke soll abgerissen werden, entschieden ist aber nicht.", "de", False),
    ],
)
def test_a_forecast_told_as_decided_is_a_decision_taken(
    text: str, language: str, decided: bool
) -> None:
    analysis = analyse("Talbrücke", text, language, None, "t")
    opening = next(s for s in analysis.sentences if not s.is_title)
    assert ("demolish" in opening.features.steps) is decided


def test_what_a_report_that_clause_forecasts_leaves_the_reporting_verb_told() -> None:
    """'approved a law that will ban': the approval is done, the ban to come; 'confirmed on
    Friday that the country will send': the confirmation is done."""
    law = sentence_features("The government approved a law that will ban smoking in cars.", "en")
    assert law.steps == {"approve"}
    sent = sentence_features("KCNA confirmed on Friday that the country will send engineers.", "en")
    assert "confirm" in sent.steps


@pytest.mark.parametrize(
    ("sentence", "language", "step", "told"),
    [
        # what a time is reckoned from is the story's known step, not the news
        (
            "Zwei Tage nach dem Urteil herrscht im Ort vor allem Erleichterung.",
            "de",
            "verdict",
            False,
        ),
        ("Nach dem Urteil: Der Ort will den Skandal hinter sich lassen", "de", "verdict", False),
        # ... also after an agency's dateline, which a wire copy keeps when it cuts the span
        (
            "Wien/St. Jakob (APA) - Nach dem Absturz eines Sessels hat das Ministerium die "
            "Prüfung aller baugleichen Lifte angeordnet.",
            "de",
            "crash",
            False,
        ),
        ("KOBLENZ, Germany - After the crash, the minister ordered checks.", "en", "crash", False),
        (
            "Three days after the Bundestag voted for the limit, drivers are calm.",
            "en",
            "vote",
            False,
        ),
        # ... and the news told beside it is
        ("Two days after the vote, the Bundesrat approved the law.", "en", "approve", True),
        ("Die Polizei hat den Mann nach dem Brand festgenommen.", "de", "arrest", True),
        # the clause after 'bevor' / 'before' a span tells when, not what happened
        (
            "Sie kam zwei Stunden bevor die Sparkasse am Mittwoch ihre Beratungsstelle öffnete.",
            "de",
            "begin",
            False,
        ),
        ("She arrived two hours before the bank opened its counters.", "en", "begin", False),
        # an inquiry's report a time is reckoned from is no report of the day
        (
            "Eine Woche nach dem Zwischenbericht zur Havarie melden sich die Lotsen zu Wort.",
            "de",
            "interim_report",
            False,
        ),
    ],
)
def test_the_step_a_time_is_reckoned_from_is_not_told(
    sentence: str, language: str, step: str, told: bool
) -> None:
    features = sentence_features(sentence, language)
    # the sentence names the step either way; only the news beside the anchor tells it
    assert step in features.events, sentence
    assert (step in features.steps) is told, sentence


def test_a_reaction_piece_reckoned_from_the_step_is_known(tmp_path: Path) -> None:
    """Two days after the berth was approved, a piece on the relief at the shipping company
    names the approval (Genehmigung, where the step said 'genehmigt') as its time: known."""
    reaction = _ferry_item(
        "reaction",
        "Nach der Genehmigung: Erleichterung bei Nordlicht",
        "Zwei Tage nach der Genehmigung des Liegeplatzes für die Fähre nach Klaipeda herrscht "
        "bei der Reederei Nordlicht in Kiel vor allem Erleichterung.\n"
        "Die Mitarbeiter stießen am Mittwoch mit Sekt an, erzählte eine Sprecherin.\n"
        "Vorstandschef Malte Iversen sprach von einem guten Tag für den Hafen.",
        published="2026-07-22T08:00:00+00:00",
    )
    results = _replay(tmp_path, [FIRST_DE, STEP_DE, reaction], _topic())
    assert results["step-de"]["verdict"] == "development"
    assert results["reaction"]["verdict"] == "known", results["reaction"]["new_facts"]


def test_a_move_or_a_celebration_named_by_news_is_no_events_page(tmp_path: Path) -> None:
    """'Umzug' is a parade and a move; 'celebrating' a party and a mood: beside no other word of
    the events pages they make no piece of them (the elephants' move to France; 'Nobody here is
    celebrating' after a dismissal)."""
    topic = Topic(
        name="elephants",
        relevance=RelevanceConfig(
            query="elephant AND zoo",
            aliases={
                "elephant": ["Elefant", "Elefanten", "elephant", "elephants"],
                "zoo": ["Zoo", "Tierpark", "Tierparks", "zoo"],
            },
        ),
    )
    move = _ferry_item(
        "move",
        "Widerstand gegen Umzug: Hallstedter wollen ihre Elefanten behalten",
        "Gegen die Abgabe der beiden Elefanten des Tierparks Hallstedt regt sich Widerstand.\n"
        "Rund 600 Menschen demonstrierten am Sonntag gegen den Umzug der Tiere nach Frankreich.\n"
        "Der Stadtrat hatte beschlossen, die Elefantenhaltung aufzugeben.",
        published="2027-03-08T10:00:00+00:00",
    )
    mood = _ferry_item(
        "mood",
        "'Nobody here is celebrating': Hallstedt divided after the elephants leave its zoo",
        "Two days after the elephants left Hallstedt's zoo, nobody here is celebrating, say "
        "the keepers.\n"
        "The two elephants are now in France.",
        lang="en",
        published="2027-05-14T10:00:00+00:00",
    )
    results = _replay(tmp_path, [move, mood], topic)
    assert results["move"]["verdict"] == "new_story", results["move"]
    assert results["mood"]["verdict"] != "irrelevant", results["mood"]


def test_a_short_lead_that_tells_the_headlines_news_is_in_the_bullets(tmp_path: Path) -> None:
    """A lead of a few words the story has not seen ('ist ein Güterzug entgleist') is too short
    to make a fact of its own; it is shown for the headline all the same, not left out for the
    sentences after it."""
    opened = {
        "id": "opened",
        "published": "2027-03-02T08:00:00+00:00",
        "lang": "de",
        "title": "Erster Güterzug von Kaltwasser nach Steinau unterwegs",
        "text": (
            "Auf der neuen Güterzugstrecke zwischen Kaltwasser und Steinau ist am Montag der "
            "erste Zug abgefahren, teilte die Betreiberfirma Nordbahn Logistik mit.\n"
            "Die Strecke ist 420 Kilometer lang, zweimal pro Woche soll ein Zug fahren.\n"
            "Geladen sind Holz, Dünger und Maschinenteile."
        ),
    }
    derailed = {
        "id": "derailed",
        "published": "2027-06-15T10:00:00+00:00",
        "lang": "de",
        "title": "Güterzug entgleist – Verbindung Kaltwasser–Steinau gesperrt",
        "text": (
            "Auf der Güterzugstrecke zwischen Kaltwasser und Steinau ist ein Zug entgleist.\n"
            "Die Verbindung zwischen Kaltwasser und Steinau ist seitdem bis auf Weiteres "
            "gesperrt, wie die Betreiberfirma Nordbahn Logistik am Mittwoch mitteilte.\n"
            "Elf der 30 Waggons seien aus den Gleisen gesprungen, verletzt wurde niemand."
        ),
    }
    rail = Topic(
        name="rail",
        relevance=RelevanceConfig(
            query="güterzug", aliases={"güterzug": ["Güterzug", "Güterzugstrecke", "Zug"]}
        ),
    )
    results = _replay(tmp_path, [opened, derailed], rail)
    step = results["derailed"]
    assert step["verdict"] == "development"
    assert step["story_id"] == results["opened"]["story_id"]
    assert any("entgleist" in fact for fact in step["new_facts"])


@pytest.mark.parametrize(
    ("headline", "turn"),
    [
        ("Wende im Fall Sosnowka", True),
        ("Neue Spur im Tresor-Fall von Hollerstedt", True),
        ("Durchbruch in Nairobi: Staaten einigen sich", True),
        ("New twist in Kiel ferry saga", True),
        ("Breakthrough in Nordhalde hacking case", True),
        # English tells where the turn came with other prepositions too
        ("Twist at Kiel ferry terminal", True),
        ("New development at Nordhalde refinery", True),
        ("Turn of events over Kiel ferry line", True),
        # German turns are also 'Wendungen', and either language's turn may come as a surprise
        ("Neue Wendung im Fall Hollerstedt", True),
        ("Überraschende Wendung im Streit um die Fährlinie", True),
        ("Surprise twist in Kiel ferry saga", True),
        ("Unerwartete Wendungen gibt es im Krimi genug", False),
        # a turn after or around the story's event ('nach dem Brand', 'after the collapse')
        ("Neue Wendung nach Brand am Averloher Dom", True),
        ("Wende um die Glashütte Hellmersdorf", True),
        ("New twist after Bremerhaven crane collapse", True),
        ("Spur nach Berlin führt ins Leere", False),
        # English news's 'new lead' is a German 'neue Spur'; lead the metal is none
        ("New lead in Hollerstedt vault case", True),
        ("Lead in drinking water exceeds limits", False),
        ("Development of new ferry begins", False),
        ("Turnout in Kiel falls", False),
        ("Pilots turn to arbitration after walkout", False),
        ("Wenden verboten: Neue Regeln am Hafen", False),
    ],
)
def test_a_headline_that_announces_a_turn_is_told_apart(headline: str, turn: bool) -> None:
    assert announces_turn(headline) is turn


@pytest.mark.parametrize(
    ("title", "verdict"),
    [("New twist in Kiel-Klaipeda ferry saga", "development"), ("Kiel-Klaipeda ferry", "known")],
)
def test_a_headline_that_announces_a_turn_leaves_the_step_to_the_lead(
    tmp_path: Path, title: str, verdict: str
) -> None:
    """Under 'New twist in ...' the lead tells the step in words no step list holds (the line
    starts from another port); under a plain headline the same text is a retelling."""
    twist = {
        "id": "twist",
        "published": "2026-05-04T08:00:00+00:00",
        "lang": "en",
        "title": title,
        "text": (
            "Nordlicht Reederei's ferry line between Kiel and Klaipeda will start from Rostock "
            "instead, chief executive Malte Iversen told the Kieler Rundschau.\n"
            "The port authority in Kiel has not yet decided on the berth."
        ),
    }
    results = _replay(tmp_path, [FIRST, twist], _topic())
    assert results["twist"]["story_id"] == results["first"]["story_id"]
    assert results["twist"]["verdict"] == verdict


@pytest.mark.parametrize(
    ("lead", "verdict"),
    [
        (
            "The Kiel port authority on Tuesday approved the berth for the Nordlicht Reederei "
            "ferry line to Klaipeda.",
            "development",
        ),
        (
            "The Kiel port authority still has to approve the berth for the Nordlicht Reederei "
            "ferry line to Klaipeda.",
            "known",
        ),
    ],
)
@pytest.mark.parametrize(
    "title",
    ["What happens next for the Kiel-Klaipeda ferry", "What has changed since the ferry plan"],
)
def test_a_headline_asking_what_comes_next_over_a_step_is_the_steps(
    tmp_path: Path, title: str, lead: str, verdict: str
) -> None:
    """'What happens next for ...' heads an outlook, 'What has changed since ...' a status report
    months on: both retell; over a lead that tells a step done it is the vague headline of that
    step, and the lead tells it."""
    outlook = {
        "id": "outlook",
        "published": "2026-07-20T08:00:00+00:00",
        "lang": "en",
        "title": title,
        "text": (
            f"{lead}\n"
            "Nordlicht Reederei wants to run six crossings a week between Kiel and Klaipeda "
            "with two ships built at the Gdansk yard, chief executive Malte Iversen has said."
        ),
    }
    results = _replay(tmp_path, [FIRST, outlook], _topic())
    assert results["outlook"]["story_id"] == results["first"]["story_id"]
    assert results["outlook"]["verdict"] == verdict
    if verdict == "development":
        assert "approved the berth" in results["outlook"]["new_facts"][0]


@pytest.mark.parametrize(
    ("headline", "outlook"),
    [
        ("Wie geht es weiter im Rabenkamm?", True),
        ("What happens next for the Ebertal bridge", True),
        ("What next for Kiel's ferry port?", True),
        ("Was nun, Herr Bürgermeister?", True),
        ("Wie es weiterging: Ein Rückblick", False),
        ("What happened at the Kiel ferry terminal", False),
        # or what has happened since the story's event
        ("Was sich seit dem Depotbrand in Brachtenau getan hat", True),
        ("Ein Jahr danach: Was sich seither verändert hat", True),
        ("Was seit dem Hochwasser passiert ist", True),
        ("What has changed since the Ebertal flood", True),
        ("Was sich ändern muss", False),
        ("What changed the minds of the Kiel voters", False),
    ],
)
def test_a_headline_asking_what_comes_next_is_told_apart(headline: str, outlook: bool) -> None:
    """An outlook's headline, or a status report's ('what has happened since'), not a recap's."""
    assert asks_what_next(headline) is outlook


@pytest.mark.parametrize(
    ("sentence", "lang", "recall"),
    [
        (
            "Halvorsen Medical Systems has issued a worldwide recall of a control module.",
            "en",
            True,
        ),
        ("Toyota recalls 1.2 million cars over faulty airbags.", "en", True),
        ("Der Hersteller ruft die Käsesorte Bergsteger Rotschmier zurück.", "de", True),
        ("Die Molkerei hat eine Rückrufaktion für ihren Camembert gestartet.", "de", True),
        # remembering is no recall
        ("In Wessendorf, neighbours recall the lorries that came at night.", "en", False),
        ("She recalled how the fire spread through the ward.", "en", False),
    ],
)
def test_a_product_recall_is_a_step_and_remembering_is_none(
    sentence: str, lang: str, recall: bool
) -> None:
    analysis = analyse("Meldung", sentence, lang, None, "t")
    body = [sn for sn in analysis.sentences if not sn.is_title]
    assert ("recall" in body[0].features.steps) is recall


VAULT = Topic(
    name="vault",
    relevance=RelevanceConfig(query="vault OR tunnel", aliases={"vault": ["vault", "bank vault"]}),
)


def _vault_first(*more: str) -> dict[str, str]:
    """The first report of a bank vault heist in Hollerstedt, with `more` sentences before its
    last."""
    return _ferry_item(
        "first",
        "Thieves tunnel into Hollerstedt bank vault",
        "Thieves dug a tunnel from a rented garage into the vault of the savings bank in "
        "Hollerstedt over the weekend and emptied 312 safe deposit boxes, police said on "
        "Monday.\n" + "".join(f"{sentence}\n" for sentence in more) + "Investigators are "
        "searching for the getaway vehicle.",
        lang="en",
        published="2026-03-02T08:00:00+00:00",
    )


def test_under_a_headline_that_announces_a_turn_the_lead_is_the_first_bullet(
    tmp_path: Path,
) -> None:
    """'New lead in ... case' tells no more than that the case turned; its lead tells the turn,
    here in words the story held already (a white van, found), so it is no new fact of its own.
    The alert still opens with it, before the details that follow."""
    first = _vault_first(
        "A white van found near the bank in the morning was not the thieves', a police "
        "spokesman said."
    )
    twist = _ferry_item(
        "twist",
        "New lead in Hollerstedt vault case",
        "Investigators have found the thieves' white van.\n"
        "It stood burnt out on a forest track near Kleve, where police arrested two men on "
        "Thursday.\n"
        "Forensic officers secured the remains of a core drill in its cargo space.",
        lang="en",
        published="2026-03-10T08:00:00+00:00",
    )
    results = _replay(tmp_path, [first, twist], VAULT)
    assert results["twist"]["verdict"] == "development"
    assert results["twist"]["new_facts"][0] == "Investigators have found the thieves' white van."
    assert any("arrested two men" in fact for fact in results["twist"]["new_facts"])


@pytest.mark.parametrize(
    ("title", "verdict"),
    [
        ("Neues Schleusentor in Brunsholm eingesetzt", "development"),
        ("Schleuse Brunsholm: Arbeiten dauern an", "known"),
    ],
)
def test_a_lead_that_tells_the_headlines_new_act_is_a_step(
    tmp_path: Path, title: str, verdict: str
) -> None:
    """Weeks after a freighter rammed a lock gate, 'ist das Ersatztor eingesetzt worden' under
    'Neues Schleusentor eingesetzt' is the story's next step: the lead tells its news with an
    act the headline names and the story never told, though every name in it is known. The
    same lead under a headline that names no act is known."""
    lock = Topic(
        name="lock",
        relevance=RelevanceConfig(
            query="schleuse", aliases={"schleuse": ["Schleuse", "Schleusentor", "lock"]}
        ),
    )
    first = _ferry_item(
        "first",
        "Frachter rammt Schleusentor in Brunsholm",
        "Ein Frachter hat am Montagmorgen das Binnentor der großen Schleuse in Brunsholm "
        "gerammt und schwer beschädigt.\n"
        "Die Kammer ist gesperrt, Schiffe werden durch die kleine Schleuse geleitet, teilte das "
        "Wasserstraßen- und Schifffahrtsamt Brunsholm mit.\n"
        "Ein Ersatztor liegt in der Werft in Tönning bereit. Verletzt wurde niemand.",
        published="2026-03-02T08:00:00+00:00",
    )
    step = _ferry_item(
        "step",
        title,
        "In der großen Schleuse in Brunsholm ist das Ersatztor eingesetzt worden.\n"
        "Schlepper hatten es am Wochenende aus Tönning gebracht, teilte das Wasserstraßen- und "
        "Schifffahrtsamt Brunsholm mit.\n"
        "Die Kammer bleibt gesperrt, bis das Tor getestet ist.",
        published="2026-03-30T08:00:00+00:00",
    )
    results = _replay(tmp_path, [first, step], lock)
    assert results["step"]["story_id"] == results["first"]["story_id"]
    assert results["step"]["verdict"] == verdict
    if verdict == "development":
        assert "eingesetzt" in results["step"]["new_facts"][0]


@pytest.mark.parametrize(
    ("lead", "title", "act"),
    [
        # German main clauses split the verb the lead tells whole
        (
            "Der Anbieter Pulsora hat das Datenleck eingeräumt.",
            "Pulsora räumt Datenleck ein",
            "einräumen",
        ),
        ("The hospital ship has left Wonsan.", "Hospital ship leaves North Korea", "leave"),
        # a reporting verb tells who said it, not what happened
        ("Seoul has voiced alarm over the refinery.", "Seoul voices alarm", None),
        # what the story told already is no new act
        ("Das Ersatztor ist gerammt worden.", "Ersatztor gerammt", None),
    ],
)
def test_the_act_a_lead_tells_and_its_headline_names(
    lead: str, title: str, act: str | None
) -> None:
    language = "en" if lead.startswith(("The", "Seoul")) else "de"
    sentences = analyse(title, lead, language, None, "act").sentences
    headline = [s for s in sentences if s.is_title]
    body = [s for s in sentences if not s.is_title]
    assert headline_act(body[0], headline, {"rammen"}, language) == act


def test_a_works_title_as_the_kicker_makes_one_desk_word_a_review(tmp_path: Path) -> None:
    """'„Kielwasser“: Mord auf der Nachtfähre' opens a review: its kicker is a quoted title, and
    one word of the culture pages in the lead (a crime series) makes it the desk's. A voice as
    the kicker is a sentence, no title, and the same lead under it stays news of the topic."""
    lead = (
        "Eine Leiche im Maschinenraum der Nachtfähre nach Klaipeda: So beginnt die neue Folge "
        "der Krimireihe am Samstag.\n"
        "Kommissarin Lene Ahlers ermittelt an Bord, der Kapitän schweigt."
    )
    review = _ferry_item("review", "„Kielwasser“: Mord auf der Nachtfähre", lead)
    voice = _ferry_item("voice", "„Wir fahren weiter“: Mord auf der Nachtfähre", lead)
    results = _replay(tmp_path, [FIRST, review, voice], _topic())
    assert results["review"]["verdict"] == "irrelevant"
    assert results["review"]["scores"].get("culture_piece") == 1.0
    assert results["voice"]["verdict"] != "irrelevant"
    assert quoted_title("„Kielwasser“") and quoted_title('"The Ransom Hour"')
    assert not quoted_title("„Wir fahren weiter“")


@pytest.mark.parametrize(
    ("sentence", "language", "verbs"),
    [
        ("Die DFL hat dem Verein am Freitag die Lizenz erteilt.", "de", {"erteilen"}),
        (
            "Das Tor ist am Dienstag in Kiel eingesetzt worden, teilte das Amt mit.",
            "de",
            {"einsetzen"},
        ),
        # an attribute, no verb the sentence tells its news with
        ("Die neu gebauten Hallen des entführten Reporters stehen leer.", "de", set()),
        ("The last car rolled off the line on Thursday.", "en", {"roll"}),
        # a participle the lemmatiser leaves as it is
        ("The hospital ship has left the port of Wonsan.", "en", {"leave"}),
        ("The injured man is in hospital.", "en", set()),
    ],
)
def test_the_verbs_a_sentence_tells_its_news_with(
    sentence: str, language: str, verbs: set[str]
) -> None:
    assert told_verbs(sentence, language) == verbs


def test_an_opening_that_tells_the_headline_in_full_with_a_new_verb_is_a_step(
    tmp_path: Path,
) -> None:
    """'Kiel hands Nordlicht ferry its berth': the opening sentence carries the headline's keys
    and tells them with a verb the story has not used, in no step list: a step. The same
    headline over an opening that does not tell it (the quay is busy) is known."""
    told = (
        "The city of Kiel has handed Nordlicht Reederei's ferry its berth at the Schwedenkai in "
        "the Ostuferhafen, harbour master Jens Brodersen said on Tuesday.\n"
        "The first crossing to Klaipeda is planned for March."
    )
    untold = (
        "Nordlicht Reederei's plans for a ferry to Klaipeda keep the Schwedenkai in the "
        "Ostuferhafen busy, harbour master Jens Brodersen said on Tuesday.\n"
        "The first crossing to Klaipeda is planned for March."
    )
    for text, verdict in ((told, "development"), (untold, "known")):
        berth = {
            "id": "berth",
            "published": "2026-05-04T08:00:00+00:00",
            "lang": "en",
            "title": "Kiel hands Nordlicht ferry its berth at Ostuferhafen",
            "text": text,
        }
        folder = tmp_path / verdict
        folder.mkdir()
        results = _replay(folder, [FIRST, berth], _topic())
        assert results["berth"]["story_id"] == results["first"]["story_id"]
        assert results["berth"]["verdict"] == verdict


FERRY_FIRE = {
    "id": "fire",
    "published": "2026-05-04T06:00:00+00:00",
    "lang": "en",
    "title": "Fire on Nordlicht ferry off Bornholm, 212 passengers evacuated",
    "text": (
        "A fire broke out in the engine room of the Nordlicht Reederei ferry Baltic Star off "
        "Bornholm on Sunday night, the company said on Monday.\n"
        "All 212 passengers were taken off the ship by a rescue vessel and brought to Rønne.\n"
        "The crew of 40 fought the fire for three hours before it was put out.\n"
        "Two crew members were treated for smoke inhalation. The cause is not yet known."
    ),
}


def test_an_own_words_report_on_the_first_day_is_known_and_a_step_that_day_news(
    tmp_path: Path,
) -> None:
    """Another outlet's report hours after the first, in its language, retells the opening with
    its own details (a scene, the known event paired with new words): nothing new. A state change
    the same day is news."""
    # another outlet's report the same morning: the same facts in its own words and details
    RETOLD = {
        "id": "retold",
        "published": "2026-05-04T11:00:00+00:00",
        "lang": "en",
        "title": "Night of fear on the Baltic Star: engine fire forces ferry evacuation",
        "text": (
            "It was shortly before midnight when the alarm sounded on the Baltic Star.\n"
            "In the engine room of the Nordlicht Reederei ferry, sailing off Bornholm, a fire had "
            "broken out, and within the hour all 212 passengers were climbing down to a rescue "
            "vessel that took them to the port of Rønne.\n"
            "Families with children waited on the quay wrapped in grey blankets.\n"
            "For three hours the crew of 40 battled the blaze in the engine room; two sailors "
            "breathed in smoke and were treated by paramedics."
        ),
    }
    # the same day: a real step
    SUSPENDED = {
        "id": "suspended",
        "published": "2026-05-04T16:00:00+00:00",
        "lang": "en",
        "title": "Nordlicht suspends Baltic Star ferry crossings after engine fire",
        "text": (
            "Nordlicht Reederei has suspended all crossings of its ferry Baltic Star until further "
            "notice after the engine room fire off Bornholm, the company said on Monday "
            "afternoon.\n"
            "Passengers with bookings will get their money back."
        ),
    }
    results = _replay(tmp_path, [FERRY_FIRE, RETOLD, SUSPENDED], _topic())
    assert results["fire"]["verdict"] == "new_story"
    assert results["retold"]["verdict"] == "known"
    assert results["suspended"]["verdict"] == "development"
    assert "suspended" in results["suspended"]["new_facts"][0]


def test_a_piece_far_from_every_story_told_in_its_language_is_irrelevant(tmp_path: Path) -> None:
    """Four reports into an oil pipeline's leak, a software firm's 'Leck in der Pipeline' reads
    like none of the topic's stories told in German (opening cosine under FAR_FROM_STORIES),
    whatever its headline says: no pipeline news. Another oil pipeline's leak reads like the
    first and opens its own story."""
    topic = Topic(
        name="pipeline",
        relevance=RelevanceConfig(
            query="pipeline AND leck",
            aliases={
                "pipeline": ["Pipeline", "Ölpipeline", "Ölleitung", "Leitung", "pipeline"],
                "leck": ["Leck", "Lecks", "ausgelaufen", "leak", "leaked"],
            },
        ),
    )

    def item(i: str, day: int, title: str, text: str) -> dict[str, str]:
        return {
            "id": i,
            "published": f"2026-03-{day:02d}T08:00:00+00:00",
            "lang": "de",
            "title": title,
            "text": text,
        }

    items = [
        item(
            "leak",
            2,
            "Leck an Ölpipeline bei Hemmelsdorf: Tausende Liter Rohöl ausgelaufen",
            "Aus einem Leck in der Ölpipeline zwischen Wilhelmshaven und Hemmelsdorf sind nach "
            "Angaben des Betreibers Nordöl rund 12.000 Liter Rohöl ausgelaufen.\n"
            "Das Öl versickerte auf einem Acker am Ortsrand, die Feuerwehr legte Sperren an einem"
            " Graben aus.\n"
            "Die Pipeline wurde abgeschaltet, die Ursache des Lecks ist noch unklar.",
        ),
        item(
            "cause",
            5,
            "Ölpipeline bei Hemmelsdorf: Korrosion war Ursache des Lecks",
            "Korrosion an einer Schweißnaht hat das Leck in der Ölpipeline bei Hemmelsdorf "
            "verursacht, wie der Betreiber Nordöl mitteilte.\n"
            "Die Leitung soll nach der Reparatur in zwei Wochen wieder in Betrieb gehen.",
        ),
        item(
            "soil",
            9,
            "Nach dem Ölleck bei Hemmelsdorf: Bagger tragen verseuchten Boden ab",
            "Nach dem Leck in der Ölpipeline tragen Bagger bei Hemmelsdorf seit Montag 3.000 "
            "Tonnen verseuchten Boden ab.\n"
            "Der Landkreis überwacht das Grundwasser an sechs Messstellen.",
        ),
        item(
            "resumed",
            16,
            "Ölpipeline bei Hemmelsdorf nach Leck wieder in Betrieb",
            "Die Ölpipeline zwischen Wilhelmshaven und Hemmelsdorf ist nach der Reparatur des "
            "Lecks wieder in Betrieb gegangen, teilte Nordöl mit.\n"
            "Die Behörden hatten die geflickte Leitung zuvor geprüft.",
        ),
        item(
            "software",
            20,
            "Leck in der Pipeline: Hacker erbeuten Quellcode von Softwarefirma",
            "Über ein Leck in ihrer Pipeline für Software haben Unbekannte den Quellcode der "
            "Bremer Softwarefirma Codewerk erbeutet.\n"
            "Die Angreifer nutzten einen gestohlenen Zugangsschlüssel für den Server, auf dem die"
            " Firma ihre Programme baut und testet.\n"
            "Kundendaten seien nicht betroffen, sagte ein Sprecher.",
        ),
        item(
            "other",
            24,
            "Leck an Ölleitung bei Schwedt: Rohöl läuft in Entwässerungsgraben",
            "An einer Ölleitung nahe der Raffinerie Schwedt ist Rohöl aus einem Leck in einen "
            "Entwässerungsgraben gelaufen.\n"
            "Die Feuerwehr fing das Öl mit Sperren auf, der Betreiber schaltete die Leitung ab.",
        ),
    ]
    results = _replay(tmp_path, items, topic)
    assert [results[i]["verdict"] for i in ("leak", "cause", "soil", "resumed")] == [
        "new_story",
        "development",
        "development",
        "development",
    ]
    assert results["software"]["verdict"] == "irrelevant", results["software"]["scores"]
    assert results["software"]["scores"]["nearest_opening_same_language"] < 0.4
    assert results["other"]["verdict"] == "new_story", results["other"]["scores"]


def test_under_a_headline_in_words_of_its_own_the_leads_step_comes_first() -> None:
    """'Moscow changes its tune on North Korea's new warship' shares no word with its body:
    the bullets open with the lead's step (the ministry acknowledged it), however many later
    sentences bring more new words."""
    sentences = analyse(
        "Moscow changes its tune on the warship",
        "Russia's defence ministry has acknowledged for the first time that its engineers work "
        "at the Pongdae shipyard.\n"
        "The statement gave no numbers and named no yard directly, referring to an enterprise "
        "on the east coast.\n"
        "It was published in response to what officials called a campaign of lies by foreign "
        "media.\n"
        "Seoul's foreign ministry said the admission confirmed what its intelligence service "
        "had told parliament in March.",
        "en",
        None,
        "tune",
    ).sentences
    body = [s for s in sentences if not s.is_title]
    lead = NewFact(body[0], 1.0, ["acknowledge"], has_step=True, in_lead=True, in_opening=True)
    others = [NewFact(s, 3.0, ["word"], has_step=False, in_lead=False) for s in body[1:]]
    bullets = top_facts([lead, *others], 3, language="en")
    assert bullets[0].startswith("Russia's defence ministry has acknowledged")
    assert len(bullets) == 3


def test_a_body_that_asks_and_answers_questions_is_an_explainer() -> None:
    """A questions-and-answers piece under a headline that does not say so ('Wenn eine
    Impfstoffstudie gestoppt wird – was danach geschieht') retells its story: an explainer.
    Questions in quotes are voices, not the piece's own."""
    qa = analyse(
        "Wenn eine Studie gestoppt wird – die Folgen für Teilnehmende",
        "Der Tod eines Freiwilligen hat viele verunsichert.\n"
        "Warum werden Impfstoffe an Gesunden erprobt? Sie sollen Krankheiten verhindern.\n"
        "Wer entscheidet über einen Stopp? Ein unabhängiges Gremium prüft die Daten.\n"
        "Wie geht es weiter? Die Studie kann mit Auflagen fortgesetzt werden.",
        "de",
        None,
        "qa",
    )
    voices = analyse(
        "Studie gestoppt: Teilnehmende fragen nach",
        "Die Studie ist gestoppt worden.\n"
        '"Warum hat uns niemand informiert?", fragt eine Teilnehmerin.\n'
        '"Wer zahlt die Behandlung?", fragt ein anderer.\n'
        '"Wie geht es weiter?", will eine Dritte wissen.',
        "de",
        None,
        "qa",
    )
    assert qa.explainer
    assert not voices.explainer


def test_a_piece_whose_words_the_topics_reports_do_not_use_is_a_stranger() -> None:
    """A would-be story whose words and names the topic's reports hardly use (FOREIGN_WORDS:
    a racehorse called The Mayor, a hotel built of shipping containers) and that the join model
    gives to no story is irrelevant, though its opening reads a little like the stories'.
    Another story of the topic's kind uses the topic's words."""
    near = {"nearest_opening_same_language": 0.6, "story_probability": 0.1}
    assert _stranger_to_the_topic({**near, "familiar_words": 0.03}, 10)
    assert not _stranger_to_the_topic({**near, "familiar_words": 0.2}, 10)
    # a story the join model finds plausible, or a memory too young to know the topic's words
    assert not _stranger_to_the_topic(
        {**near, "familiar_words": 0.03, "story_probability": 0.4}, 10
    )
    assert not _stranger_to_the_topic({**near, "familiar_words": 0.03}, 2)
    analysis = analyse(
        "Hotel aus Schiffscontainern genehmigt",
        "Der Gemeinderat hat ein Hotel aus Schiffscontainern am Strand genehmigt.",
        "de",
        None,
        "fam",
    )
    keys = [k for k in analysis.keys if key_kind(k) in ("word", "name")]
    # every word in every one of ten reports: familiar; none: foreign
    assert _familiar_words(analysis, dict.fromkeys(keys, 10), 10) == 1.0
    assert _familiar_words(analysis, {}, 10) == 0.0


def test_under_a_turn_headline_an_opening_that_only_says_so_leaves_the_turn_to_the_next(
    tmp_path: Path,
) -> None:
    """'Twist in Hollerstedt vault case' over 'The Hollerstedt vault case has taken a new
    turn.': the opening only repeats the headline; the sentence after it tells the turn and
    opens the alert."""
    first = _vault_first()
    twist = _ferry_item(
        "twist",
        "Twist in Hollerstedt vault case",
        "The Hollerstedt vault case has taken a new turn.\n"
        "Police have arrested a former employee of the savings bank who drew up the vault's "
        "floor plan, prosecutors said on Thursday.\n"
        "The 52-year-old was detained at his home in Kleve.",
        lang="en",
        published="2026-03-10T08:00:00+00:00",
    )
    results = _replay(tmp_path, [first, twist], VAULT)
    assert results["twist"]["verdict"] == "development"
    assert results["twist"]["new_facts"][0].startswith("Police have arrested a former employee")


def _assert_known_in_the_ferry_fires_story(
    tmp_path: Path, published: str, title: str, text: str
) -> None:
    """Replay the ferry fire's first report, then an English colour piece days on: it joins the
    fire's story and is known."""
    colour = {"id": "colour", "published": published, "lang": "en", "title": title, "text": text}
    results = _replay(tmp_path, [FERRY_FIRE, colour], _topic())
    assert results["colour"]["story_id"] == results["fire"]["story_id"]
    assert results["colour"]["verdict"] == "known", results["colour"]["new_facts"]


def test_a_colour_piece_that_opens_on_a_place_is_known(tmp_path: Path) -> None:
    """'In Rønne, a harbour town waits ...': a headline that opens on a place and a comma sets a
    colour piece's scene. Its people, their ages, the town's closed restaurants and its
    called-off festival are no step of the story; only a state change new to it, told in the
    lead, would be."""
    _assert_known_in_the_ferry_fires_story(
        tmp_path,
        "2026-05-11T08:00:00+00:00",
        "In Rønne, a harbour town waits for its ferry to come back",
        (
            "RØNNE, Denmark - The quay where the Baltic Star tied up every evening has stood "
            "empty for a week, and the kiosk by the terminal is quiet.\n"
            "Karen Holm, 58, who runs it, sold 40 coffees a day last week instead of 400.\n"
            "Three hotels on the harbour front have closed their restaurants until the ferry "
            "returns, and the bus company has cut its evening line to the port.\n"
            "The town council has called off its harbour festival, planned for June.\n"
            "The fire in the engine room off Bornholm forced all 212 passengers off the ship.\n"
            '"We have lived with this ferry for thirty years," Holm said.'
        ),
    )


def test_a_colour_piece_whose_lead_finds_or_wins_something_is_known(tmp_path: Path) -> None:
    """A colour piece's scene ('Blankets, coffee and a quiet quay: ...') tells no step by what
    its people found or won: finds, wins, beginnings and launches are what the feature pages
    tell as often as the news (_FEATURE_STEPS)."""
    _assert_known_in_the_ferry_fires_story(
        tmp_path,
        "2026-05-06T08:00:00+00:00",
        "Blankets, coffee and a quiet quay: Rønne waits for the Baltic Star",
        (
            "RØNNE, Denmark - On the empty quay, Karen Holm has found a new routine: coffee at "
            "seven, a walk to the harbour master's office at eight.\n"
            "The kiosk she runs by the ferry terminal sells a tenth of what it sold last week.\n"
            '"We have lived with this ferry for thirty years," Holm said.\n'
            "The fire in the engine room off Bornholm forced all 212 passengers off the ship."
        ),
    )


def test_a_quote_alone_over_an_agencys_report_heads_news(tmp_path: Path) -> None:
    """'„Sie haben die Wehrlosesten bestohlen“' over 'Lüneburg (dpa) - Das Landgericht hat ...':
    an agency's report of a verdict headed by its strongest quote, not a voice piece that
    retells the story; the same quote over a scene is one."""
    first = {
        "id": "first",
        "published": "2027-02-08T09:00:00+00:00",
        "lang": "de",
        "title": "Opioide gegen Kochsalz getauscht: Ermittlungen gegen Krankenpfleger",
        "text": (
            "Lüneburg (dpa) - Die Staatsanwaltschaft Lüneburg ermittelt gegen einen Krankenpfleger "
            "des Kreiskrankenhauses Bad Lohmstedt.\n"
            "Der 42-Jährige soll auf der Unfallchirurgie Ampullen mit Fentanyl und Morphin gegen "
            "Kochsalzlösung getauscht haben.\n"
            "Dutzende Patienten hätten nach Operationen keine wirksamen Schmerzmittel bekommen, "
            "sagte ein Sprecher der Klinik."
        ),
    }
    verdict = {
        "id": "verdict",
        "published": "2027-09-17T13:00:00+00:00",
        "lang": "de",
        "title": "„Sie haben die Wehrlosesten bestohlen“",
        "text": (
            "Lüneburg (dpa) - Im Prozess um die Opioid-Diebstähle am Kreiskrankenhaus Bad "
            "Lohmstedt hat das Landgericht Lüneburg den früheren Krankenpfleger zu vier Jahren "
            "Haft verurteilt.\n"
            "Die Kammer sprach den 42-Jährigen des Diebstahls in 91 Fällen schuldig.\n"
            "„Sie haben die Wehrlosesten bestohlen“, sagte die Vorsitzende Richterin."
        ),
    }
    topic = Topic(
        name="opioid-theft",
        relevance=RelevanceConfig(
            query="opioid",
            aliases={"opioid": ["Opioid", "Opioide", "Opioid-Diebstähle", "Fentanyl", "Morphin"]},
        ),
    )
    results = _replay(tmp_path, [first, verdict], topic)
    assert results["verdict"]["story_id"] == results["first"]["story_id"]
    assert results["verdict"]["verdict"] == "development", results["verdict"]
    assert "verurteilt" in results["verdict"]["new_facts"][0]
    assert is_explainer("„Sie haben die Wehrlosesten bestohlen“", "Bad Lohmstedt - Helga Brandt")
