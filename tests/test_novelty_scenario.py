"""The model case through the library API: one story across outlets, languages and months.

Every article here was written for this project, modelled on the shape of the real case (a
Russia–North Korea treaty signed in June, ratified by the Duma in October, approved by the upper
house, in force in December); no text is taken from anywhere.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from monitor.config import DEFAULT_TOPIC, DEFAULT_TOPICS_FILE, Topic, load_topic
from monitor.models import Verdict
from monitor.novelty import Document, StoryMemory
from monitor.store.db import Database
from monitor.store.memory import SqlMemoryIndex
from monitor.store.schema import Base, StoryRow


def _at(month: int, day: int, hour: int = 9, minute: int = 0) -> str:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC).isoformat()


TREATY_DE_BODY = (
    "Kremlchef Wladimir Putin und Nordkoreas Machthaber Kim Jong Un haben in Pjöngjang einen "
    "Vertrag über eine umfassende strategische Partnerschaft unterzeichnet.\n"
    "Das Abkommen verpflichtet beide Staaten zu gegenseitigem militärischem Beistand, falls eines "
    "der beiden Länder angegriffen wird.\n"
    "Südkorea bestellte daraufhin den russischen Botschafter Georgi Sinowjew in Seoul ein und "
    "protestierte gegen die Vereinbarung der beiden Nachbarn.\n"
    "Für Putin war es der erste Besuch in Nordkorea seit 24 Jahren. Beobachter sprechen von einer "
    "neuen Stufe der Zusammenarbeit zwischen Moskau und Pjöngjang.\n"
    "Die Vereinigten Staaten und Japan äußerten sich besorgt über die wachsende militärische "
    "Nähe der beiden Länder."
)

DUMA_EN_BODY = (
    "Russia's lower house of parliament, the State Duma, unanimously ratified the strategic "
    "partnership treaty with North Korea on Thursday.\n"
    "All 397 deputies present voted in favour of the pact, which obliges both countries to "
    "provide immediate military assistance if either is attacked.\n"
    "The Federation Council, the upper house, still has to approve the treaty, which is "
    "considered a formality.\n"
    "The vote comes as Washington confirmed reports from Seoul and Kyiv that thousands of North "
    "Korean soldiers have been sent to Russia for training.\n"
    "South Korea's foreign minister Cho Tae-yul said his government does not rule out supplying "
    "weapons directly to Ukraine in response."
)

SCENARIO: list[dict[str, Any]] = [
    {
        "id": "de-treaty",
        "published": _at(6, 19, 9),
        "lang": "de",
        "title": "Russland und Nordkorea schließen Beistandspakt",
        "text": TREATY_DE_BODY,
        "expect": "new_story",
    },
    {
        "id": "en-treaty",
        "published": _at(6, 19, 13),
        "lang": "en",
        "title": "Putin and Kim Jong Un sign mutual defence pact in Pyongyang",
        "text": (
            "Russian President Vladimir Putin and North Korean leader Kim Jong Un have signed a "
            "comprehensive strategic partnership treaty in Pyongyang.\n"
            "Under the agreement both states must give each other military assistance if one of "
            "them is attacked.\n"
            "Seoul summoned the Russian ambassador Georgy Zinoviev in protest against the pact.\n"
            "It was Putin's first visit to North Korea in 24 years, a new stage of cooperation "
            "between Moscow and Pyongyang."
        ),
        "expect": "known",
        "story_of": "de-treaty",
    },
    {
        "id": "de-treaty-copy",
        "published": _at(6, 19, 15),
        "lang": "de",
        "title": "Putin in Pjöngjang: Moskau und Pjöngjang besiegeln Bündnis",
        "text": (
            "Pjöngjang (dpa) - Ein Staatsbesuch mit Folgen.\n"
            + TREATY_DE_BODY
            + "\nMehr Nachrichten aus aller Welt lesen Sie in unserer App. Jetzt kostenlos "
            "herunterladen und keine Eilmeldung mehr verpassen."
        ),
        "expect": "duplicate",
        "duplicate_of": "de-treaty",
        "story_of": "de-treaty",
    },
    {
        "id": "de-background",
        "published": _at(7, 2, 8),
        "lang": "de",
        "title": "Hintergrund: Was der Pakt zwischen Moskau und Pjöngjang bedeutet",
        "text": (
            "Im Juni haben Wladimir Putin und Kim Jong Un in Pjöngjang einen Vertrag über eine "
            "strategische Partnerschaft unterzeichnet.\n"
            "Beide Länder sichern sich darin gegenseitigen militärischen Beistand zu, falls eines "
            "von ihnen angegriffen wird.\n"
            "Südkorea protestierte und bestellte den russischen Botschafter ein.\n"
            "Es war Putins erster Besuch in Nordkorea seit 24 Jahren."
        ),
        "expect": "known",
        "story_of": "de-treaty",
    },
    {
        "id": "en-duma",
        "published": _at(10, 24, 10),
        "lang": "en",
        "title": "Russian Duma ratifies defence treaty with North Korea",
        "text": DUMA_EN_BODY,
        "expect": "development",
        "story_of": "de-treaty",
        "facts_mention": ["ratified", "397"],
    },
    {
        "id": "en-duma-copy",
        "published": _at(10, 24, 14),
        "lang": "en",
        "title": "Moscow lawmakers back pact with Pyongyang",
        "text": (
            "MOSCOW (Reuters) - Lawmakers in Moscow moved on Thursday.\n"
            + DUMA_EN_BODY
            + "\nReporting by our Moscow bureau; editing by the world desk. Our standards: "
            "the trust principles."
        ),
        "expect": "duplicate",
        "duplicate_of": "en-duma",
        "story_of": "de-treaty",
    },
    {
        "id": "de-factory",
        "published": _at(11, 5, 9),
        "lang": "de",
        "title": "Autobauer schließt Werk in Köln",
        "text": (
            "Der Autobauer schließt sein Werk in Köln bis Ende des Jahres; rund 2900 Beschäftigte "
            "verlieren ihre Stelle.\n"
            "Die Gewerkschaft kündigte Proteste an und sprach von einem schwarzen Tag für die "
            "Region.\n"
            "Als Grund nannte das Unternehmen die schwache Nachfrage nach Elektroautos in Europa."
        ),
        "expect": "irrelevant",
    },
    {
        "id": "en-frontline",
        "published": _at(11, 5, 11),
        "lang": "en",
        "title": "Russian troops advance near Pokrovsk",
        "text": (
            "Russian forces have advanced several kilometres towards the eastern Ukrainian town "
            "of Pokrovsk, according to Ukraine's general staff.\n"
            "Heavy fighting continued along the front line in the Donetsk region overnight, with "
            "dozens of assaults repelled.\n"
            "Kyiv again asked its Western partners for more air defence systems."
        ),
        "expect": "irrelevant",
    },
    {
        "id": "de-upper-house",
        "published": _at(11, 6, 12),
        "lang": "de",
        "title": "Föderationsrat billigt Beistandspakt mit Nordkorea",
        "text": (
            "Nach der Duma hat auch der Föderationsrat, das Oberhaus des russischen Parlaments, "
            "den Vertrag mit Nordkorea gebilligt.\n"
            "Die Senatoren stimmten am Mittwoch ohne Gegenstimme für das Abkommen über die "
            "strategische Partnerschaft mit Pjöngjang.\n"
            "Präsident Putin muss das Gesetz nun noch unterzeichnen.\n"
            "Der Vertrag sieht gegenseitigen militärischen Beistand im Fall eines Angriffs vor."
        ),
        "expect": "development",
        "story_of": "de-treaty",
        "facts_mention": ["Föderationsrat"],
    },
    {
        "id": "en-in-force",
        "published": _at(12, 4, 16),
        "lang": "en",
        "title": "Russia-North Korea treaty enters into force",
        "text": (
            "The strategic partnership treaty between Russia and North Korea entered into force on "
            "Wednesday after both sides exchanged instruments of ratification in Moscow.\n"
            "North Korean foreign minister Choe Son Hui and Russian foreign minister Sergei "
            "Lavrov attended the ceremony.\n"
            "The pact obliges both countries to provide military assistance if either is attacked."
        ),
        "expect": "development",
        "story_of": "de-treaty",
        "facts_mention": ["force"],
    },
]


def scenario_documents() -> list[Document]:
    return [
        Document(
            key=item["id"],
            title=item["title"],
            text=item["text"],
            language=item["lang"],
            published=datetime.fromisoformat(item["published"]),
        )
        for item in SCENARIO
    ]


def default_topic(name: str | None = None) -> Topic:
    topic = load_topic(DEFAULT_TOPICS_FILE, DEFAULT_TOPIC)
    return topic.model_copy(update={"name": name}) if name else topic


def check_scenario(results: dict[str, dict[str, Any]]) -> None:
    """Assert the verdicts a reader of this story expects, one article at a time."""
    for item in SCENARIO:
        got = results[item["id"]]
        assert got["verdict"] == item["expect"], (item["id"], got)
        if item["expect"] == "irrelevant":
            assert got["story_id"] is None
        else:
            assert got["story_id"] is not None
        if "story_of" in item:
            assert got["story_id"] == results[item["story_of"]]["story_id"], item["id"]
        assert got["duplicate_of"] == item.get("duplicate_of"), item["id"]
        if item["expect"] == "development":
            facts = " ".join(got["new_facts"])
            assert got["new_facts"], item["id"]
            for word in item["facts_mention"]:
                assert word in facts, (item["id"], word, got["new_facts"])
        else:
            assert item["expect"] == "new_story" or got["new_facts"] == []


def _as_dict(verdict: Verdict) -> dict[str, Any]:
    return {
        "verdict": verdict.kind.value,
        "story_id": verdict.story_id,
        "duplicate_of": verdict.duplicate_of,
        "new_facts": verdict.new_facts,
        "scores": verdict.scores,
        "mt": verdict.matched_terms,
    }


def run_scenario(url: str, topic: Topic) -> dict[str, dict[str, Any]]:
    database = Database(url)
    Base.metadata.create_all(database.engine)
    results: dict[str, dict[str, Any]] = {}
    try:
        for doc in scenario_documents():
            # one transaction per article, as the pipeline does
            with database.session() as session:
                verdict = StoryMemory(SqlMemoryIndex(session, topic.name), topic).decide(doc)
            results[doc.key] = _as_dict(verdict)
        with database.session() as session:
            story = session.get(StoryRow, results["de-treaty"]["story_id"])
            assert story is not None
            results["_story"] = {
                "title": story.title,
                "articles": story.article_count,
                "developments": story.development_count,
                "updated_at": story.updated_at,
            }
    finally:
        database.dispose()
    return results


def test_scenario_on_sqlite_file(sqlite_url: str) -> None:
    results = run_scenario(sqlite_url, default_topic())
    check_scenario(results)
    story = results["_story"]
    assert story["title"] == "Russland und Nordkorea schließen Beistandspakt"
    assert story["articles"] == 8  # every relevant article, copies included
    assert story["developments"] == 3
    assert story["updated_at"] == datetime(2026, 12, 4, 16, tzinfo=UTC)


@pytest.mark.postgres
def test_scenario_on_postgres(postgres_url: str) -> None:
    results = run_scenario(postgres_url, default_topic(f"rnk-{uuid.uuid4().hex[:8]}"))
    check_scenario(results)


def test_irrelevant_articles_explain_their_score(sqlite_url: str) -> None:
    results = run_scenario(sqlite_url, default_topic())
    assert results["en-frontline"]["scores"]["relevance"] == 0.0
    assert results["de-treaty"]["scores"]["relevance"] >= 2.0


def test_every_verdict_stores_scores(sqlite_url: str) -> None:
    results = run_scenario(sqlite_url, default_topic())
    assert "containment" in results["de-treaty-copy"]["scores"]
    assert "story_similarity" in results["en-treaty"]["scores"]
    assert "new_salience" in results["en-duma"]["scores"]
