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
