"""The story memory's SQL index keeps what it read and wrote within a batch (a pass makes one
index per batch): the verdicts must be the ones an index read afresh for every article gives."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from monitor.config import load_topics
from monitor.novelty import Document, StoryMemory
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


def _decide(database_url: str, batch: int | None) -> list[tuple[Any, ...]]:
    """Every document decided: with one index per `batch` documents (prefetched like a pass),
    or (None) with a fresh index for every document."""
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

    assert kept == afresh
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
