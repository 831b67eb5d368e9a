"""The story memory's SQL index keeps what it read and wrote within a batch (a pass makes one
index per batch): the verdicts must be the ones an index read afresh for every article gives."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from monitor.config import load_topics
from monitor.novelty import Document, StoryMemory
from monitor.novelty.index import Recording, StoryProfile
from monitor.novelty.prepare import AnalysisSpec, prepare
from monitor.store import open_database
from monitor.store.memory import SqlMemoryIndex

SCENARIOS = Path(__file__).parent / "scenarios"


def _stream() -> list[Document]:
    """An arc in date order, with an exact copy of its first report twice within the arc (the
    second copy must name the first report, not the first copy) and a copy of a later one."""
    lines = (SCENARIOS / "ru-nk-treaty.jsonl").read_text(encoding="utf-8").splitlines()
    docs = [
        Document(
            key=a["id"],
            title=a["title"],
            text=a["text"],
            language=a["lang"],
            published=datetime.fromisoformat(a["published"]),
        )
        for a in (json.loads(line) for line in lines[1:] if line)
    ]
    first, later = docs[0], docs[5]
    copies = [
        Document(f"copy-{n}-{d.key}", f"Kopie: {d.title}", d.text, d.language, when)
        for n, (d, when) in enumerate(
            [
                (first, first.published + timedelta(hours=1)),
                (first, first.published + timedelta(hours=2)),
                (later, later.published + timedelta(minutes=30)),
            ]
        )
    ]
    return sorted(docs + copies, key=lambda d: d.published)


def _decide(database_url: str, batch: int | None, immediate: bool = False) -> list[tuple[Any, ...]]:
    """Every document decided: with one index per `batch` documents (prefetched like a pass),
    or (None) with a fresh index for every document; `immediate`: the index's pending writes
    sent after every decision."""
    topic = load_topics(SCENARIOS / "topics.toml")["russia-north-korea"]
    spec = AnalysisSpec.for_topic(topic)
    docs = _stream()
    db = open_database(database_url)
    out: list[tuple[Any, ...]] = []
    stories: dict[int | None, int] = {None: 0}  # story ids in order of appearance (PostgreSQL's
    # sequences do not roll back)
    try:
        with db.session() as session:
            memory = StoryMemory(SqlMemoryIndex(session, topic.name), topic)
            for start in range(0, len(docs), batch or 1):
                part = docs[start : start + (batch or 1)]
                analyses = [prepare(spec, d.title, d.text, d.language).analysis for d in part]
                index = SqlMemoryIndex(session, topic.name)
                memory.index = index
                if batch:
                    index.prefetch(
                        [a.content_hash for a in analyses],
                        {k for a in analyses for k in a.term_counts},
                    )
                for doc, analysis in zip(part, analyses, strict=True):
                    verdict = memory.decide(doc, analysis)
                    if immediate:
                        index.flush_pending()
                    out.append(
                        (
                            doc.key,
                            verdict.kind.value,
                            stories.setdefault(verdict.story_id, len(stories)),
                            verdict.duplicate_of,
                            verdict.new_facts,
                            verdict.scores,
                        )
                    )
            session.rollback()
    finally:
        db.dispose()
    return out


def test_an_index_kept_over_a_batch_decides_as_indexes_read_afresh(database_url: str) -> None:
    afresh = _decide(database_url, None)
    kept = _decide(database_url, 8)
    immediate = _decide(database_url, 8, immediate=True)

    assert kept == afresh
    assert kept == immediate
    verdicts = {key: (kind, duplicate_of) for key, kind, _s, duplicate_of, *_ in kept}
    first = afresh[0][0]
    # both exact copies of the first report name it, the second within the same batch as the first
    assert verdicts[f"copy-0-{first}"] == ("duplicate", first)
    assert verdicts[f"copy-1-{first}"] == ("duplicate", first)
    assert {kind for kind, _ in verdicts.values()} >= {"new_story", "development", "duplicate"}


def test_the_article_an_article_copies_is_found_however_often_the_story_repeats_a_line(
    database_url: str,
) -> None:
    """A shortened copy of one of a story's articles is found by its sentences, ties going to
    the greatest key, while lines the story's reports all repeat (in more articles than are read
    per sentence) neither hide the copy nor make every such article a candidate."""
    from monitor.novelty.index import Recording
    from monitor.store.memory import COPY_POSTINGS

    stock = [101, 102]  # lines every report of the story repeats
    start = datetime(2026, 3, 1, 8, 0).astimezone()
    db = open_database(database_url)
    try:
        with db.session() as session:
            index = SqlMemoryIndex(session, "copies")
            story = index.open_story("Brückensperrung", "de", "r-000", start)

            def store(key: str, sentences: list[int], minutes: int) -> None:
                index.record(
                    Recording(
                        key=key,
                        kind="known",
                        story_id=story,
                        published=start + timedelta(minutes=minutes),
                        content_hash=f"hash-{key}",
                        sentences=sentences,
                    )
                )

            for n in range(COPY_POSTINGS + 10):
                store(f"r-{n:03d}", [*stock, 1000 + n], n)
            store("original", [*stock, 1, 2, 3, 4, 5], 100)
            store("z-reprint", [*stock, 1, 2, 3, 4, 5], 101)  # the same text again: the tie
            store("partial", [*stock, 1, 2], 102)

            def copy_of(sentences: set[int]) -> str | None:
                return index.story_knowledge(story, set(), sentences, copy_share=0.8).copy_of

            # 6 of 7 sentences held by two articles: the greater key
            assert copy_of({*stock, 1, 2, 3, 4, 99}) == "z-reprint"
            # 5 of 7: under the share
            assert copy_of({*stock, 1, 2, 3, 98, 99}) is None
            # the stock lines and one report's own line: that report, found through its own
            # line (the stock lines' many articles are not read)
            assert copy_of({*stock, 1000}) == "r-000"
            # nothing but stock lines: every report holds them; no copy is judged by sentences
            assert copy_of({*stock}) is None
            knowledge = index.story_knowledge(story, set(), {*stock, 1, 77}, copy_share=0.0)
            assert knowledge.sentences == {*stock, 1} and knowledge.copy_of is None
    finally:
        db.dispose()


# ------------------------------------------------------------------- pending writes
# An index holds its many-row writes (bands, sentence prints, term counts, the topic's count,
# story postings) until `flush_pending`: its reads must answer as if they had been sent.

START = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def _recording(key: str, story: int, when: datetime, terms: set[str], **more: Any) -> Recording:
    return Recording(
        key=key,
        kind="known",
        story_id=story,
        published=when,
        content_hash=f"hash-{key}",
        doc_terms=terms,
        profile=StoryProfile(story, {t: 1.0 for t in terms}, 1, START, when),
        signature=np.arange(8, dtype=np.uint32),
        **more,
    )


def _stored(session: Session, topic: str) -> dict[str, Any]:
    """What the database holds of a topic's memory, read with plain SQL."""

    def rows(sql: str) -> list[tuple[Any, ...]]:
        return sorted(tuple(r) for r in session.execute(text(sql), {"topic": topic}))

    return {
        "bands": rows(
            "SELECT b.band_key, d.doc_key FROM memory_bands b JOIN memory_docs d ON d.id = b.doc_id"
            " WHERE d.topic = :topic"
        ),
        "sentences": rows(
            "SELECT s.fingerprint, d.doc_key FROM memory_sentences s "
            "JOIN memory_docs d ON d.id = s.doc_id WHERE d.topic = :topic"
        ),
        "terms": rows("SELECT term, df FROM memory_terms WHERE topic = :topic"),
        "docs": rows("SELECT docs FROM memory_topics WHERE topic = :topic"),
        "postings": rows(
            "SELECT story_id, term, state FROM memory_story_terms WHERE topic = :topic"
        ),
        "articles": rows("SELECT article_count FROM stories WHERE topic = :topic"),
    }


def test_candidate_stories_answer_from_pending_postings_as_the_database_will(
    database_url: str,
) -> None:
    """Stories posted under the same terms at few distinct times (ties at many limits): the
    candidates read with postings pending are those read once they are sent."""
    rng = random.Random(19)
    db = open_database(database_url)
    merged = 0
    try:
        with db.session() as session:
            index = SqlMemoryIndex(session, "ties")
            stories = [index.open_story(f"s{n}", "de", f"first-{n}", START) for n in range(30)]
            number = 0
            for _round in range(25):
                for _ in range(rng.randint(1, 8)):
                    when = START + timedelta(minutes=15 * rng.randint(0, 60))
                    terms = set(rng.sample(["a", "b", "c", "d", "e"], rng.randint(1, 3)))
                    index.record(_recording(f"d{number}", rng.choice(stories), when, terms))
                    number += 1
                query = {"a": 1.0, "b": 0.5, "c": 0.25, "d": 0.125, "e": 0.0625}
                asked = [
                    (START + timedelta(hours=rng.randint(0, 6)), per_term)
                    for per_term in (1, 3, 5, 20)
                ]
                answers = []
                for since, per_term in asked:
                    answers.append(index.candidate_stories(query, since, per_term))
                    merged += bool(index._pending.postings)  # answered without sending them
                index.flush_pending()
                assert [index.candidate_stories(query, s, n) for s, n in asked] == answers
    finally:
        db.dispose()
    assert merged > 30  # the merge itself was tested, not only the fallback of sending first


def test_pending_writes_reach_the_database_on_commit_and_the_next_index(
    database_url: str,
) -> None:
    """Nothing an index recorded is lost: a new index on the same session (as a pass's next
    batch, or bench/scale.py's, without a commit in between) reads it, and the commit writes
    it, as immediate writes would have."""
    db = open_database(database_url)
    expected: dict[str, Any] = {}
    try:
        for immediate in (True, False):
            topic = f"commit-{immediate}"
            with db.session() as session:
                first = SqlMemoryIndex(session, topic)
                story = first.open_story("Brücke", "de", "a", START)
                for n, terms in enumerate([{"x", "y"}, {"y"}, {"y", "z"}]):
                    first.record(
                        _recording(
                            f"a{n}",
                            story,
                            START + timedelta(hours=n),
                            terms,
                            band_keys=[7, 8 + n],
                            sentences=[100, 200 + n],
                        )
                    )
                    if immediate:
                        first.flush_pending()
                second = SqlMemoryIndex(session, topic)  # sends what the first holds
                assert second.doc_count() == 3
                assert second.document_frequencies(["x", "y", "z"]) == {"x": 1, "y": 3, "z": 1}
                assert [d.key for d in second.near_duplicates([7], 10)] == ["a0", "a1", "a2"]
                knowledge = second.story_knowledge(story, {"x", "w"}, {100, 201, 300})
                assert knowledge.fact_keys == {"x"} and knowledge.sentences == {100, 201}
                assert second.candidate_stories({"z": 1.0}, START, 20) == {story: 1.0}
            with db.session() as session:
                stored = _stored(session, topic)
            assert stored["docs"] == [(3,)] and stored["articles"] == [(3,)]
            assert len(stored["bands"]) == 6 and len(stored["postings"]) == 3
            expected.setdefault("stored", {k: v for k, v in stored.items() if k != "postings"})
            assert {k: v for k, v in stored.items() if k != "postings"} == expected["stored"]
    finally:
        db.dispose()


def test_a_savepoint_rolled_back_drops_only_what_was_recorded_within_it(
    database_url: str,
) -> None:
    """A pass decides each article in a savepoint: an article that fails takes its pending
    writes with it, the batch's earlier ones stay, even when they were sent within the failed
    savepoint (by a new index made there) and so rolled back with it; a rollback of the whole
    transaction leaves nothing."""
    db = open_database(database_url)
    try:
        with db.session() as session:
            index = SqlMemoryIndex(session, "saved")
            story = index.open_story("Brücke", "de", "a", START)
            index.record(_recording("kept", story, START, {"x"}, band_keys=[1]))
            with pytest.raises(RuntimeError), session.begin_nested():
                index.record(_recording("lost", story, START, {"y"}, band_keys=[2]))
                raise RuntimeError("the article's analysis crashed")
            with session.begin_nested():
                index.record(_recording("kept-too", story, START, {"z"}, band_keys=[3]))
            with pytest.raises(RuntimeError), session.begin_nested():
                index.record(_recording("lost-too", story, START, {"w"}, band_keys=[4]))
                SqlMemoryIndex(session, "saved")  # sends all four within this savepoint
                raise RuntimeError("crashed after the next index was made")
            after = SqlMemoryIndex(session, "saved")  # the index a pass makes after a crash
            assert after.document_frequencies(["x", "y", "z", "w"]) == {"x": 1, "z": 1}
        with db.session() as session:
            stored = _stored(session, "saved")
            assert stored["terms"] == [("x", 1), ("z", 1)] and stored["docs"] == [(2,)]
            assert [key for _band, key in stored["bands"]] == ["kept", "kept-too"]
        with db.session() as session:
            index = SqlMemoryIndex(session, "saved")
            index.record(_recording("rolled-back", story, START, {"v"}, band_keys=[5]))
            session.rollback()
        with db.session() as session:
            assert _stored(session, "saved") == stored
    finally:
        db.dispose()


def test_postgres_reads_keyed_postings_as_the_union_of_one_part_per_key_does(
    postgres_url: str,
) -> None:
    """On PostgreSQL the keyed look-ups (band, sentence and term postings) run as one lateral
    join over the keys' array; they give the rows, in each key's order, that the UNION ALL of
    one part per key (SQLite's form) gives, keys that nothing holds included."""
    from monitor.store import memory as sql

    rng = random.Random(7)
    db = open_database(postgres_url)
    try:
        with db.session() as session:
            index = SqlMemoryIndex(session, "lateral")
            stories = [index.open_story(f"s{n}", "de", f"first-{n}", START) for n in range(6)]
            for number in range(60):
                when = START + timedelta(minutes=10 * rng.randint(0, 40))
                terms = set(rng.sample(["a", "b", "c", "d", "e", "f"], rng.randint(1, 4)))
                index.record(
                    _recording(
                        f"d{number}",
                        rng.choice(stories),
                        when,
                        terms,
                        band_keys=rng.sample(range(40), 8),
                        sentences=rng.sample(range(100, 130), 6),
                    )
                )
            index.flush_pending()
            connection = session.connection()

            def both(union: Any, lateral: Any, keys: list[Any], **params: Any) -> list[Any]:
                named = {f"k{i}": key for i, key in enumerate(keys)}
                parts = connection.execute(union(len(keys)), {**params, **named}).all()
                joined = connection.execute(lateral, {**params, "keys": keys}).all()
                assert [tuple(r) for r in joined] == [tuple(r) for r in parts]
                return parts

            assert both(sql._band_postings, sql._BAND_POSTINGS_PG, [3, 99, 17, 5], per_key=4)
            for story in stories:
                both(
                    sql._sentence_postings,
                    sql._SENTENCE_POSTINGS_PG,
                    [101, 500, 117, 129],
                    story=story,
                    per_key=3,
                )
            for since in (START, START + timedelta(hours=3)):
                assert both(
                    sql._term_postings,
                    sql._TERM_POSTINGS_PG,
                    ["c", "zz", "a", "f"],
                    topic="lateral",
                    since=since,
                    per_key=3,
                )
    finally:
        db.dispose()
