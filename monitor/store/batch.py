"""One batch of a pass written as one unit of work: its articles, aliases, verdicts, outbox rows
and URL failures in one transaction (a commit is a disk sync on SQLite and a round trip on
PostgreSQL, so one per batch rather than one per article).

The decide stage (`monitor/stages.py`) says what to write; the rows are built here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime

from sqlalchemy.orm import Session, SessionTransaction

from monitor.alerts.outbox import enqueue
from monitor.config import Topic
from monitor.models import Article, Candidate, Verdict
from monitor.store import repo
from monitor.store.boilerplate import SqlSiteBoilerplate
from monitor.store.db import Database
from monitor.store.memory import SqlMemoryIndex
from monitor.store.schema import ArticleRow, StoryRow, VerdictRow, utcnow


class BatchWriter:
    """The writes of one batch, in the caller's transaction (see `batch_writer`)."""

    def __init__(self, session: Session, topic: Topic, run_id: int | None, owner: str) -> None:
        self.session = session
        self.topic = topic
        self.run_id = run_id
        self.owner = owner
        self._articles: dict[int, ArticleRow] = {}

    # ------------------------------------------------------------------------------ URLs
    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """Which of these URLs the store holds (as an article's URL or alias)."""
        return repo.seen_urls(self.session, self.topic.name, urls)

    def article_for_url(self, url: str) -> int | None:
        return repo.article_for_url(self.session, self.topic.name, url)

    def add_aliases(self, article_id: int, urls: Sequence[str], known: set[str]) -> None:
        """Point these URLs at the article; `known` is the batch's up-to-date set of stored URLs."""
        repo.add_aliases(self.session, self.topic.name, article_id, urls, known)

    def record_failures(self, failures: Iterable[tuple[Candidate, str]]) -> None:
        """Remember candidates that failed, to be retried by a later run with backoff."""
        for candidate, reason in failures:
            repo.record_url_failure(
                self.session,
                self.topic.name,
                candidate.url,
                reason,
                source=candidate.source,
                title=candidate.title,
                published=candidate.published,
                language=candidate.language,
            )

    def clear_failures(self, urls: Sequence[str]) -> None:
        repo.clear_url_failures(self.session, self.topic.name, urls)

    # -------------------------------------------------------------------------- articles
    def savepoint(self) -> AbstractContextManager[SessionTransaction]:
        """A nested transaction: what one article writes, undone alone if it fails."""
        return self.session.begin_nested()

    def site_boilerplate(self) -> SqlSiteBoilerplate:
        """The per-site line statistics, in this transaction."""
        return SqlSiteBoilerplate(self.session)

    def memory_index(self) -> SqlMemoryIndex:
        """The story memory's view of this topic, in this transaction."""
        return SqlMemoryIndex(self.session, self.topic.name)

    def save_rejected(self, candidate: Candidate, url: str, reason: str | None) -> int:
        """A fetched page that is not an article: kept so it is not fetched again."""
        row = ArticleRow(
            topic=self.topic.name,
            url=url,
            status="rejected",
            reject_reason=reason,
            source=candidate.source,
            discovered_url=candidate.url,
            title=candidate.title,
            fetched_at=utcnow(),
            run_id=self.run_id,
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def save_article(
        self,
        candidate: Candidate,
        url: str,
        article: Article,
        *,
        content_hash: str,
        title: str,
        language: str | None,
        published: datetime,
    ) -> int:
        row = ArticleRow(
            topic=self.topic.name,
            url=url,
            status="article",
            source=candidate.source,
            discovered_url=candidate.url,
            content_hash=content_hash,
            title=title,
            text=article.text,
            language=language,
            author=article.author,
            site=article.site,
            published=published,
            fetched_at=utcnow(),
            run_id=self.run_id,
        )
        self.session.add(row)
        self.session.flush()
        self._articles[row.id] = row
        return row.id

    def save_verdict(self, article_id: int, verdict: Verdict) -> int | None:
        """The article's verdict and, when it is alert-worthy, its outbox row (an alert exists
        exactly when its verdict does). Returns the alert's id, if one was queued."""
        row = VerdictRow(
            topic=self.topic.name,
            article_id=article_id,
            kind=verdict.kind.value,
            story_id=verdict.story_id,
            duplicate_of=verdict.duplicate_of,
            new_facts=list(verdict.new_facts),
            relevance=verdict.relevance,
            matched_terms=list(verdict.matched_terms),
            scores=dict(verdict.scores),
            decided_at=utcnow(),
            run_id=self.run_id,
        )
        self.session.add(row)
        self.session.flush()
        story = self.session.get(StoryRow, verdict.story_id) if verdict.story_id else None
        article = self._articles[article_id]
        alert = enqueue(
            self.session, self.topic, article=article, verdict=row, story=story, now=utcnow()
        )
        return alert.id if alert is not None else None

    def heartbeat(self) -> None:
        """Tell other processes the run holding the topic's lock is alive."""
        repo.heartbeat(self.session, self.topic.name, self.owner)


@contextmanager
def batch_writer(
    db: Database, topic: Topic, run_id: int | None, owner: str, *, dry_run: bool = False
) -> Iterator[BatchWriter]:
    """A BatchWriter in one transaction: committed when the block ends without an error,
    rolled back otherwise, and always rolled back in a dry run."""
    if dry_run:
        session = db.sessions()
        try:
            yield BatchWriter(session, topic, run_id, owner)
        finally:
            session.rollback()
            session.close()
        return
    with db.session() as session:
        yield BatchWriter(session, topic, run_id, owner)


__all__ = ["BatchWriter", "batch_writer"]
