"""Properties of the story memory that must hold for any stream (hypothesis)."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.novelty import Document, StoryMemory
from monitor.store.db import Database
from monitor.store.memory import SqlMemoryIndex
from monitor.store.schema import Base
from tests.test_novelty_scenario import scenario_documents

BASE = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
# three clearly different events, each reported twice (other outlet, other words) in one minute
CLEAR = [
    (
        "Rostock harbour closed after fire",
        "Firefighters closed the harbour of Rostock after a large fire. 40 ships are stuck, "
        "the port authority said.",
    ),
    (
        "Fire shuts Rostock harbour",
        "The port authority of Rostock shut the harbour after a fire; 40 ships cannot leave "
        "while firefighters fight the flames.",
    ),
    (
        "Avalanche buries road near Innsbruck",
        "An avalanche buried the federal road near Innsbruck "
        "over 200 metres. Snow ploughs of the Tyrol government are at work.",
    ),
    (
        "Road near Innsbruck blocked by avalanche",
        "Snow ploughs sent by the Tyrol government are "
        "clearing 200 metres of the federal road near Innsbruck that an avalanche buried.",
    ),
    (
        "Zentralbank in Ankara erhöht Leitzins auf 50 Prozent",
        "Die türkische Zentralbank in Ankara "
        "hat den Leitzins überraschend auf 50 Prozent angehoben. Die Lira legte zu.",
    ),
    (
        "Türkei: Leitzins steigt auf 50 Prozent",
        "Überraschend hebt die Zentralbank in Ankara den "
        "Leitzins auf 50 Prozent an. Die türkische Lira gewann daraufhin an Wert.",
    ),
]


def _decide_all(docs: list[Document]) -> list[tuple[str, int | None, str | None]]:
    with tempfile.TemporaryDirectory() as tmp:
        database = Database(f"sqlite:///{tmp}/p.db")
        Base.metadata.create_all(database.engine)
        results = []
        try:
            with database.session() as session:
                for doc in docs:
                    verdict = StoryMemory(SqlMemoryIndex(session, "props"), None).decide(doc)
                    results.append((verdict.kind.value, verdict.story_id, verdict.duplicate_of))
        finally:
            database.dispose()
    return results


def _clear_docs(order: list[int]) -> list[Document]:
    return [
        Document(
            f"d{i}",
            CLEAR[i][0],
            CLEAR[i][1],
            "de" if i in (4, 5) else "en",
            BASE + timedelta(minutes=i // 2 * 30, seconds=position),
        )
        for position, i in enumerate(order)
    ]


SLOW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(st.lists(st.integers(0, len(scenario_documents()) - 1), min_size=1, max_size=8))
def test_same_stream_twice_gives_same_verdicts(picks: list[int]) -> None:
    docs = scenario_documents()
    stream = [
        Document(
            f"{n}-{docs[i].key}",
            docs[i].title,
            docs[i].text,
            docs[i].language,
            docs[i].published + timedelta(minutes=n),
        )
        for n, i in enumerate(picks)
    ]
    assert _decide_all(stream) == _decide_all(stream)


@SLOW
@given(st.lists(st.integers(0, len(scenario_documents()) - 1), min_size=1, max_size=6))
def test_an_article_never_duplicates_itself(picks: list[int]) -> None:
    docs = scenario_documents()
    stream = [
        Document(f"k{n}", docs[i].title, docs[i].text, docs[i].language, docs[i].published)
        for n, i in enumerate(picks)
    ]
    for doc, (kind, _story, duplicate_of) in zip(stream, _decide_all(stream), strict=True):
        assert duplicate_of != doc.key
        assert (kind == "duplicate") == (duplicate_of is not None)


@SLOW
@given(st.permutations([0, 1]), st.permutations([2, 3]), st.permutations([4, 5]))
def test_reordering_within_a_minute_keeps_clear_story_membership(
    a: list[int], b: list[int], c: list[int]
) -> None:
    order = list(a) + list(b) + list(c)
    docs = _clear_docs(order)
    results = _decide_all(docs)
    story_of = {doc.key: result[1] for doc, result in zip(docs, results, strict=True)}
    # the German and English report of each event share a story; the three events do not
    assert story_of["d0"] == story_of["d1"]
    assert story_of["d2"] == story_of["d3"]
    assert story_of["d4"] == story_of["d5"]
    assert len({story_of["d0"], story_of["d2"], story_of["d4"]}) == 3
