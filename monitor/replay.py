"""`monitor replay`: recorded articles through the story memory in input order, one verdict each.

Input: JSON lines with `id`, `published` (ISO 8601), `text` or `html`, optional `title`, `url`,
`lang`. Output: one JSON line per input, same order: `id`, `verdict`, `story_id`,
`duplicate_of`, `new_facts`, `relevance`, `matched_terms`, `scores` (and `error` when an input
line could not be read; its verdict is then null). Each article is judged as if it arrived at
its `published` time; the memory lives in a fresh temporary SQLite database unless a database
URL is given.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError

from monitor.config import Topic
from monitor.errors import ExtractionError, MonitorError
from monitor.novelty import Document, StoryMemory
from monitor.store.db import Database, open_database
from monitor.store.memory import SqlMemoryIndex

ANY_TOPIC = "*any*"


@dataclass(slots=True)
class ReplaySummary:
    """What a replay did: how many lines, the verdict counts and how many lines failed."""

    read: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    out_path: Path | None = None

    def __str__(self) -> str:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(self.verdicts.items())) or "none"
        return f"replayed {self.read} articles ({counts}; errors {self.errors}) -> {self.out_path}"


def _parse_time(value: Any) -> datetime:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("missing 'published'")
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)  # recorded times without offset are taken as UTC
    return parsed.astimezone(UTC)


def _document(record: dict[str, Any]) -> Document:
    key = record.get("id")
    if key is None or str(key) == "":
        raise ValueError("missing 'id'")
    published = _parse_time(record.get("published"))
    title = str(record.get("title") or "")
    url = record.get("url")
    language = record.get("lang") or record.get("language")
    site = None
    text = record.get("text")
    if not text and record.get("html"):
        from monitor.extract import extract

        article = extract(str(record["html"]), url)
        text = article.text
        title = title or article.title
        language = language or article.language
        site = article.site
    if not text and not title:
        raise ValueError("neither 'text' nor 'html' with content")
    return Document(
        key=str(key),
        title=title,
        text=str(text or ""),
        language=str(language) if language else None,
        published=published,
        url=str(url) if url else None,
        site=site,
    )


def _open_database(database_url: str | None, workdir: Path) -> Database:
    """The given database, or a fresh SQLite file; either brought to the latest migration."""
    return open_database(database_url or f"sqlite:///{(workdir / 'replay.db').as_posix()}")


def replay(
    input_path: Path, out_path: Path, topic: Topic | None, database_url: str | None = None
) -> ReplaySummary:
    """Replay `input_path` into `out_path`; `topic` None treats every article as relevant."""
    summary = ReplaySummary(out_path=out_path)
    topic_name = topic.name if topic is not None else ANY_TOPIC
    try:
        source = input_path.open(encoding="utf-8")
    except OSError as exc:
        raise MonitorError(f"{input_path}: cannot read ({exc.strerror})") from None
    with tempfile.TemporaryDirectory(prefix="monitor-replay-") as workdir:
        database = _open_database(database_url, Path(workdir))
        try:
            out_path.parent.mkdir(parents=True, exist_ok=True)
            with source, out_path.open("w", encoding="utf-8") as out:
                for number, line in enumerate(source, start=1):
                    if not line.strip():
                        continue
                    summary.read += 1
                    result = _replay_line(database, topic, topic_name, line, number)
                    if result.get("error"):
                        summary.errors += 1
                    else:
                        summary.verdicts[str(result["verdict"])] += 1
                    out.write(json_line(result))
        finally:
            database.dispose()
    return summary


def _error_line(record_id: Any, number: int, reason: str) -> dict[str, Any]:
    return {
        "id": record_id,
        "verdict": None,
        "story_id": None,
        "duplicate_of": None,
        "new_facts": [],
        "error": f"line {number}: {reason}",
    }


# Where str.splitlines() (and JavaScript) also end a line; JSON may carry them raw in strings.
_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_line(record: dict[str, Any]) -> str:
    """One JSON line that stays one line for every reader, also ones splitting on U+2028."""
    text = json.dumps(record, ensure_ascii=False)
    for raw, escaped in _LINE_BREAKS.items():
        text = text.replace(raw, escaped)
    return text + "\n"


def _replay_line(
    database: Database, topic: Topic | None, topic_name: str, line: str, number: int
) -> dict[str, Any]:
    record_id: Any = None
    try:
        record = json.loads(line)
        if not isinstance(record, dict):
            raise ValueError("not a JSON object")
        record_id = record.get("id")
        doc = _document(record)
    except (ValueError, ExtractionError) as exc:
        reason = exc.reason if isinstance(exc, ExtractionError) else str(exc)
        return _error_line(record_id, number, reason)
    try:
        with database.session() as session:
            verdict = StoryMemory(SqlMemoryIndex(session, topic_name), topic).decide(doc)
    except IntegrityError:
        # the memory holds a document of this id already (an earlier line, or an earlier
        # replay into the same database): one bad line must not end the replay
        return _error_line(record_id, number, f"id {doc.key!r} was replayed already")
    return {
        "id": record_id,
        "verdict": verdict.kind.value,
        "story_id": verdict.story_id,
        "duplicate_of": verdict.duplicate_of,
        "new_facts": verdict.new_facts,
        "relevance": verdict.relevance,
        "matched_terms": verdict.matched_terms,
        "scores": verdict.scores,
    }
