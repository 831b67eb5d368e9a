"""The story memory's index in SQL: LSH band keys, term postings, story profiles, sentence prints.

Every query is keyed (band keys, terms of one article, one story's id) and bounded, so the cost
of a decision does not grow with the number of stored articles or stories.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

import numpy as np
from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    UniqueConstraint,
    bindparam,
    column,
    event,
    insert,
    select,
    text,
)
from sqlalchemy.engine import Result
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.sql.selectable import TextualSelect

from monitor.keys import KeyKind
from monitor.novelty.index import Recording, StoredDoc, StoryKnowledge, StoryProfile
from monitor.store.bulk import BulkInsert
from monitor.store.db import IN_CHUNK, chunked
from monitor.store.schema import Base, BigId, StoryRow, UtcDateTime


class MemoryDoc(Base):
    """An article the story memory decided on: its content hash, story and MinHash sketch."""

    __tablename__ = "memory_docs"
    __table_args__ = (
        UniqueConstraint("topic", "doc_key"),
        Index("ix_memory_docs_topic_hash", "topic", "content_hash"),
        Index("ix_memory_docs_story", "story_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    topic: Mapped[str] = mapped_column(String(100))
    doc_key: Mapped[str] = mapped_column(String(200))
    story_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("stories.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(20))
    content_hash: Mapped[str] = mapped_column(String(64))
    published: Mapped[datetime] = mapped_column(UtcDateTime)
    shingle_count: Mapped[int] = mapped_column(Integer, default=0)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    # the sketch of its body's distinct words and their number (none for an article stored
    # before they were kept, a duplicate or an irrelevant one)
    word_count: Mapped[int | None] = mapped_column(Integer)
    word_signature: Mapped[bytes | None] = mapped_column(LargeBinary)


class MemoryBand(Base):
    """LSH postings: band key (salted with the topic) -> article."""

    __tablename__ = "memory_bands"

    band_key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    doc_id: Mapped[int] = mapped_column(
        BigId,
        ForeignKey("memory_docs.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )


class MemorySentence(Base):
    """Fingerprints of the sentences a story holds, with the article that said them."""

    __tablename__ = "memory_sentences"
    # covering (doc_id too): which of a story's articles hold a sentence, from the index alone
    __table_args__ = (
        Index("ix_memory_sentences_story_fp_doc", "story_id", "fingerprint", "doc_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    story_id: Mapped[int] = mapped_column(BigId, ForeignKey("stories.id", ondelete="CASCADE"))
    fingerprint: Mapped[int] = mapped_column(BigInteger)
    doc_id: Mapped[int] = mapped_column(BigId, ForeignKey("memory_docs.id", ondelete="CASCADE"))


class MemoryTerm(Base):
    """Document frequency of a term in a topic (idf of the story vectors)."""

    __tablename__ = "memory_terms"

    topic: Mapped[str] = mapped_column(String(100), primary_key=True)
    term: Mapped[str] = mapped_column(String(200), primary_key=True)
    df: Mapped[int] = mapped_column(Integer, default=0)


class MemoryStoryTerm(Base):
    """Term postings of stories: which story holds which key, as a fact (1) or a forecast (0),
    and when it was last used (candidate lookup reads the most recent stories of a term)."""

    __tablename__ = "memory_story_terms"
    __table_args__ = (Index("ix_memory_story_terms_lookup", "topic", "term", "last_seen"),)

    story_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    term: Mapped[str] = mapped_column(String(200), primary_key=True)
    topic: Mapped[str] = mapped_column(String(100))
    state: Mapped[int] = mapped_column(SmallInteger, default=1)
    last_seen: Mapped[datetime] = mapped_column(UtcDateTime)


class MemoryStory(Base):
    """A story's profile: summed article vectors (top terms) and its time span; the story's core
    anchors share the `terms` document, their keys prefixed with CORE_PREFIX."""

    __tablename__ = "memory_stories"

    story_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    topic: Mapped[str] = mapped_column(String(100))
    terms: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    doc_count: Mapped[int] = mapped_column(Integer, default=0)
    first_seen: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen: Mapped[datetime] = mapped_column(UtcDateTime)
    # the sum of its articles' headline-and-lead embeddings, float32 bytes
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)
    # the sum of its articles' opening embeddings (headline and the body's start), float32 bytes
    opening: Mapped[bytes | None] = mapped_column(LargeBinary)
    # the headline-and-lead embedding of its latest step's report, float32 bytes
    step_embedding: Mapped[bytes | None] = mapped_column(LargeBinary)


class MemoryTopic(Base):
    """Per topic: how many articles gave terms (the N of idf)."""

    __tablename__ = "memory_topics"

    topic: Mapped[str] = mapped_column(String(100), primary_key=True)
    docs: Mapped[int] = mapped_column(Integer, default=0)


MEMORY_TABLES: list[Table] = [
    MemoryDoc.__table__,  # type: ignore[list-item]
    MemoryBand.__table__,  # type: ignore[list-item]
    MemorySentence.__table__,  # type: ignore[list-item]
    MemoryTerm.__table__,  # type: ignore[list-item]
    MemoryStoryTerm.__table__,  # type: ignore[list-item]
    MemoryStory.__table__,  # type: ignore[list-item]
    MemoryTopic.__table__,  # type: ignore[list-item]
]

# core anchors live in the profile's JSON document under this prefix (no key starts with it)
CORE_PREFIX = KeyKind.CORE.value


# a band key's postings read per lookup (its most recent articles)
BAND_POSTINGS = 32
# a story's articles read per known sentence when looking for the one an article copies
COPY_POSTINGS = 50


# One statement of n keyed "most recent postings" lookups, each served by an index ((band_key,
# doc_id) / (story_id, fingerprint, doc_id) / (topic, term, last_seen)); SQL text, cached per n,
# because building it from ORM constructs per article cost more than running it.
def _per_key(n: int, columns: str, lookup: str) -> str:
    """`lookup` (its key parameter :k{i}) for n keys in one UNION ALL, each part's `columns`."""
    return " UNION ALL ".join(
        f"SELECT {columns.format(i=i)} FROM ({lookup.format(i=i)}) AS part{i}" for i in range(n)
    )


# PostgreSQL takes the keys as one array and runs the lookup per key in a lateral join: one short
# statement whatever the number of keys, which psycopg converts once and prepares (a UNION ALL of
# n parts is converted and planned again for every article). `lookup` reads the key as k.key.
def _lateral(key_type: str, columns: str, lookup: str) -> TextClause:
    return text(
        f"SELECT {columns} FROM unnest(CAST(:keys AS {key_type}[])) WITH ORDINALITY AS k(key, no) "
        f"CROSS JOIN LATERAL ({lookup}) AS part"
    )


# each look-up with its key as {key}: ':k{i}' in a UNION ALL part, 'k.key' in the lateral join
_BAND_LOOKUP = (
    "SELECT doc_id FROM memory_bands WHERE band_key = {key} ORDER BY doc_id DESC LIMIT :per_key"
)
_SENTENCE_LOOKUP = (
    "SELECT fingerprint, doc_id FROM memory_sentences "
    "WHERE story_id = :story AND fingerprint = {key} LIMIT :per_key"
)
_TERM_LOOKUP = (
    "SELECT story_id, last_seen FROM memory_story_terms "
    "WHERE topic = :topic AND term = {key} AND last_seen >= :since "
    "ORDER BY last_seen DESC LIMIT :per_key"
)
_UNION_KEY = ":k{i}"
_LATERAL_KEY = "k.key"


def _typed_terms(clause: TextClause) -> TextualSelect:
    """A term postings statement with its time parameter and columns typed (UTC times)."""
    return clause.bindparams(bindparam("since", type_=UtcDateTime())).columns(
        column("term_no", Integer()),
        column("story_id", BigInteger()),
        column("last_seen", UtcDateTime()),
    )


@lru_cache(maxsize=64)
def _band_postings(n: int) -> TextClause:
    return text(_per_key(n, "{i} AS key_no, doc_id", _BAND_LOOKUP.format(key=_UNION_KEY)))


@lru_cache(maxsize=64)
def _sentence_postings(n: int) -> TextClause:
    return text(_per_key(n, "fingerprint, doc_id", _SENTENCE_LOOKUP.format(key=_UNION_KEY)))


@lru_cache(maxsize=64)
def _term_postings(n: int) -> TextualSelect:
    lookup = _TERM_LOOKUP.format(key=_UNION_KEY)
    return _typed_terms(text(_per_key(n, "{i} AS term_no, story_id, last_seen", lookup)))


_BAND_POSTINGS_PG = _lateral(
    "BIGINT", "k.no - 1 AS key_no, part.doc_id", _BAND_LOOKUP.format(key=_LATERAL_KEY)
)
_SENTENCE_POSTINGS_PG = _lateral(
    "BIGINT", "part.fingerprint, part.doc_id", _SENTENCE_LOOKUP.format(key=_LATERAL_KEY)
)
_TERM_POSTINGS_PG = _typed_terms(
    _lateral(
        "TEXT",
        "k.no - 1 AS term_no, part.story_id, part.last_seen",
        _TERM_LOOKUP.format(key=_LATERAL_KEY),
    )
)

_UNREAD = StoredDoc("", None, 0, np.zeros(0, dtype=np.uint32))
# the index's reads: the session's unsent changes (story rows) stay unsent
_NO_AUTOFLUSH = {"autoflush": False}
# an article's row, inserted without flushing the session (its id is needed at once)
_INSERT_DOC = insert(MemoryDoc.__table__)  # type: ignore[arg-type]

# a decision's many-row writes, one driver call each (bulk.py)
_BANDS = BulkInsert(Base.metadata.tables["memory_bands"], ("band_key", "doc_id"))
_SENTENCES = BulkInsert(
    Base.metadata.tables["memory_sentences"], ("story_id", "fingerprint", "doc_id")
)
# the known terms counted up, the new ones inserted (df: the batch's count of the term)
_TERM_COUNTS = BulkInsert(
    Base.metadata.tables["memory_terms"],
    ("topic", "term", "df"),
    "ON CONFLICT (topic, term) DO UPDATE SET df = memory_terms.df + excluded.df",
)
_TOPIC_COUNT = BulkInsert(
    Base.metadata.tables["memory_topics"],
    ("topic", "docs"),
    "ON CONFLICT (topic) DO UPDATE SET docs = memory_topics.docs + excluded.docs",
)
# new postings inserted; known ones take the new state and, from a newer article, its time
_STORY_TERMS = BulkInsert(
    Base.metadata.tables["memory_story_terms"],
    ("story_id", "term", "topic", "state", "last_seen"),
    "ON CONFLICT (story_id, term) DO UPDATE SET state = excluded.state, last_seen = CASE "
    "WHEN memory_story_terms.last_seen < excluded.last_seen THEN excluded.last_seen "
    "ELSE memory_story_terms.last_seen END",
)


_NO_SIGNATURE = np.zeros(0, dtype=np.uint32)


def _signature(blob: bytes | None) -> np.ndarray:
    return np.frombuffer(blob or b"", dtype=np.uint32)


# IN-list length of the batch's prefetch (well below every backend's limit of parameters)
PREFETCH_CHUNK = 5000
# entries of an index's read caches before they are dropped and read anew (a pass makes an index
# per batch, far below it; a long replay on one index stays bounded)
CACHE_ENTRIES = 200_000
# recorded articles whose writes an index holds at most before it sends them (a pass's batch
# holds far fewer; an index kept over a long replay without a commit stays bounded)
PENDING_ARTICLES = 1000


@dataclass(slots=True)
class _Written:
    """The many-row writes of one recorded article, until they are sent."""

    doc_id: int
    story_id: int | None
    published: datetime
    band_keys: list[int]  # distinct, ascending
    sentences: list[int]  # fingerprints held by the story (none without a story)
    terms: list[str]  # the terms counted (document frequency)
    postings: list[tuple[str, int]]  # the story's postings written: (term, state)


class _Pending:
    """The rows of the writes not sent yet, merged as the database will hold them once sent."""

    def __init__(self) -> None:
        # band key -> the articles posted under it, in order
        self.bands: dict[int, list[int]] = {}
        # story -> sentence fingerprint -> its articles holding it
        self.sentences: dict[int, dict[int, list[int]]] = {}
        # term -> articles counted (added to its document frequency)
        self.terms: dict[str, int] = {}
        # articles counted in the topic's article count
        self.docs = 0
        # (story, term) -> (state, last_seen) of the posting, in the order of their first
        # write (SQLite gives new rows their rowids in this order, as immediate writes did)
        self.postings: dict[tuple[int, str], tuple[int, datetime]] = {}
        # term -> story -> last_seen of the postings above
        self.by_term: dict[str, dict[int, datetime]] = {}

    def add(self, written: _Written) -> None:
        doc_id, story_id = written.doc_id, written.story_id
        for key in written.band_keys:
            self.bands.setdefault(key, []).append(doc_id)
        if story_id is not None and written.sentences:
            prints = self.sentences.setdefault(story_id, {})
            for fingerprint in written.sentences:
                prints.setdefault(fingerprint, []).append(doc_id)
        if written.terms:
            self.docs += 1
            for term in written.terms:
                self.terms[term] = self.terms.get(term, 0) + 1
        if story_id is None:
            return
        published = written.published
        for term, state in written.postings:
            before = self.postings.get((story_id, term))
            seen = published if before is None or before[1] < published else before[1]
            self.postings[(story_id, term)] = (state, seen)
            self.by_term.setdefault(term, {})[story_id] = seen


# the session's memory indexes with writes not sent (or sent within an open savepoint)
_INDEXES = "monitor.memory_indexes"


def _indexes(session: Session) -> dict[int, SqlMemoryIndex]:
    """The session's registry of indexes (by id), its transaction events listened to once."""
    registry: dict[int, SqlMemoryIndex] | None = session.info.get(_INDEXES)
    if registry is None:
        registry = session.info[_INDEXES] = {}
        event.listen(session, "before_commit", _before_commit)
        event.listen(session, "after_transaction_create", _after_transaction_create)
        event.listen(session, "after_soft_rollback", _after_soft_rollback)
        event.listen(session, "after_transaction_end", _after_transaction_end)
    return registry


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the batch goes on
        return
    for index in list(_indexes(session).values()):
        index.flush_pending()


def _after_transaction_create(session: Session, transaction: SessionTransaction) -> None:
    if transaction.nested:
        for index in _indexes(session).values():
            index._marks[transaction] = (len(index._written), index._sent)


def _after_soft_rollback(session: Session, transaction: SessionTransaction) -> None:
    # the database rolled back to the innermost savepoint or the transaction's start (a
    # savepoint has ended already, see below)
    boundary = transaction
    while boundary.parent is not None and not boundary.nested:
        boundary = boundary.parent
    for index in _indexes(session).values():
        if not boundary.nested:
            index._rewind(0, 0)
            continue
        mark = index._marks.get(boundary)
        if mark is None and index._ended is not None and index._ended[0] is boundary:
            mark = index._ended[1]
        index._rewind(*(mark or (0, 0)))  # no mark: made within the savepoint


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    # a savepoint ends before its rollback is announced: its mark is kept until then
    registry = _indexes(session)
    if transaction.nested:
        for index in registry.values():
            mark = index._marks.pop(transaction, None)
            index._ended = None if mark is None else (transaction, mark)
    elif transaction.parent is None:  # committed (all sent), rolled back or closed
        for index in registry.values():
            index._rewind(0, 0)
            index._marks.clear()
            index._ended = None
        registry.clear()


class SqlMemoryIndex:
    """MemoryIndex over a SQLAlchemy session, scoped to one topic. Adds and flushes; never commits.

    An index is meant for one transaction (a pass makes one per batch) and is the only writer of
    its topic's memory meanwhile (a run holds the topic's lock): what it read and wrote is kept
    (the topic's article count, terms' document frequencies, a story's keys, the rows of the
    stories it touched), so a decision does not read again what the one before it or its own
    retrieval read already. After a rollback, use a new index.

    Its many-row writes (LSH bands, sentence prints, term counts, the topic's article count,
    story postings) and the story rows' updates are held until `flush_pending`, which sends each
    table's rows in one statement: before the session commits, when another index on the session
    is made or reads, or when a posting look-up would otherwise depend on how the database
    breaks ties. Every read merges what is pending, so each decision is the one immediate writes
    would give. A savepoint rolled back drops what was recorded within it.
    """

    def __init__(self, session: Session, topic: str) -> None:
        self.session = session
        self.topic = topic
        self._postgres = session.get_bind().dialect.name == "postgresql"
        # the topic's article count (None: not read yet)
        self._docs: int | None = None
        # document frequency per term read or written (None: no row)
        self._df: dict[str, int | None] = {}
        # per story, its postings' state per key read or written (None: no posting)
        self._states: dict[int, dict[str, int | None]] = {}
        # rows of the stories read or written, held so the session's identity map keeps them
        self._profiles: dict[int, MemoryStory] = {}
        # each story's profile as last read or written (its row's JSON is decoded once)
        self._profile_of: dict[int, StoryProfile] = {}
        self._stories: dict[int, StoryRow] = {}
        # the first article with each content hash looked up or recorded (None: none stored)
        self._hashes: dict[str, StoredDoc | None] = {}
        # the articles recorded in this transaction; `_written[:_sent]` are in the database
        self._written: list[_Written] = []
        self._sent = 0
        self._pending = _Pending()
        # per open savepoint: (len(_written), _sent) when it began
        self._marks: dict[SessionTransaction, tuple[int, int]] = {}
        # the savepoint that ended last, with its mark
        self._ended: tuple[SessionTransaction, tuple[int, int]] | None = None
        self._sync()

    # ------------------------------------------------------------------- pending writes
    def _sync(self) -> None:
        """Send what other indexes of the session hold, so a read of this one sees it."""
        registry = _indexes(self.session)
        if len(registry) == 1 and id(self) in registry:
            return
        for key, other in list(registry.items()):
            if other is not self:
                other.flush_pending()
                if not other._written:
                    del registry[key]
        registry[id(self)] = self

    def flush_pending(self) -> None:
        """Send the pending writes, one statement per table, and the session's ORM changes."""
        if self._sent < len(self._written):
            unsent = self._written[self._sent :]
            pending = self._pending
            connection = self.session.connection()
            _BANDS.execute(connection, [(key, w.doc_id) for w in unsent for key in w.band_keys])
            _SENTENCES.execute(
                connection,
                [(w.story_id, fp, w.doc_id) for w in unsent for fp in w.sentences],
            )
            _TERM_COUNTS.execute(
                connection, [(self.topic, term, n) for term, n in pending.terms.items()]
            )
            if pending.docs:
                _TOPIC_COUNT.execute(connection, [(self.topic, pending.docs)])
            _STORY_TERMS.execute(
                connection,
                [
                    (story_id, term, self.topic, state, seen)
                    for (story_id, term), (state, seen) in pending.postings.items()
                ],
            )
            self._sent = len(self._written)
            self._pending = _Pending()
        if not self._marks:  # no savepoint can roll them back: forgotten
            self._written, self._sent = [], 0
        self.session.flush()

    def _rewind(self, written: int, sent: int) -> None:
        """The database rolled back to where `written` articles were recorded, `sent` sent."""
        if written >= len(self._written) and sent >= self._sent:
            return
        del self._written[written:]
        self._sent = min(sent, len(self._written))
        self._pending = _Pending()
        for w in self._written[self._sent :]:
            self._pending.add(w)

    def prefetch(self, content_hashes: Collection[str], terms: Collection[str]) -> None:
        """Read at once what the decisions of a batch will ask of the store: the articles
        stored with these content hashes and the document frequencies of these terms (two
        statements or a few for the batch, instead of two or three per decision)."""
        self._sync()
        wanted = sorted({h for h in content_hashes if h and h not in self._hashes})
        for chunk in chunked(wanted, PREFETCH_CHUNK):
            rows = self.session.execute(
                select(
                    MemoryDoc.content_hash,
                    MemoryDoc.id,
                    MemoryDoc.doc_key,
                    MemoryDoc.story_id,
                    MemoryDoc.shingle_count,
                    MemoryDoc.signature,
                ).where(MemoryDoc.topic == self.topic, MemoryDoc.content_hash.in_(chunk)),
                execution_options=_NO_AUTOFLUSH,
            )
            first: dict[str, tuple[Any, ...]] = {}
            for row in rows:
                if row[0] not in first or row[1] < first[row[0]][1]:
                    first[row[0]] = tuple(row)
            for content_hash in chunk:
                hit = first.get(content_hash)
                self._hashes[content_hash] = (
                    None if hit is None else StoredDoc(hit[2], hit[3], hit[4], _signature(hit[5]))
                )
        fresh = sorted({t for t in terms if t not in self._df})
        if len(self._df) + len(fresh) > CACHE_ENTRIES:
            return
        self._read_frequencies(fresh, PREFETCH_CHUNK)

    def _read_frequencies(self, terms: list[str], chunk_size: int = IN_CHUNK) -> None:
        """Into the cache: the stored document frequency of each term plus its pending count."""
        cache = self._df
        for chunk in chunked(terms, chunk_size):
            rows = self.session.execute(
                select(MemoryTerm.term, MemoryTerm.df).where(
                    MemoryTerm.topic == self.topic, MemoryTerm.term.in_(chunk)
                ),
                execution_options=_NO_AUTOFLUSH,
            )
            cache.update({term: df for term, df in rows})
        pending = self._pending.terms
        for term in terms:
            counted = pending.get(term)
            if counted:
                cache[term] = (cache.get(term) or 0) + counted
            else:
                cache.setdefault(term, None)

    # ----------------------------------------------------------------------------- reads
    def doc_count(self) -> int:
        if self._docs is None:
            self._sync()
            docs = self.session.scalar(
                select(MemoryTopic.docs).where(MemoryTopic.topic == self.topic),
                execution_options=_NO_AUTOFLUSH,
            )
            self._docs = int(docs or 0) + self._pending.docs
        return self._docs

    def find_by_hash(self, content_hash: str) -> StoredDoc | None:
        if content_hash in self._hashes:
            return self._hashes[content_hash]
        self._sync()
        row = self.session.execute(
            select(
                MemoryDoc.doc_key, MemoryDoc.story_id, MemoryDoc.shingle_count, MemoryDoc.signature
            )
            .where(MemoryDoc.topic == self.topic, MemoryDoc.content_hash == content_hash)
            .order_by(MemoryDoc.id)
            .limit(1),
            execution_options=_NO_AUTOFLUSH,
        ).first()
        found = None if row is None else StoredDoc(row[0], row[1], row[2], _signature(row[3]))
        self._hashes[content_hash] = found
        return found

    def _keyed_rows(
        self,
        union: Callable[[int], TextClause | TextualSelect],
        lateral: TextClause | TextualSelect,
        keys: Sequence[int] | Sequence[str],
        **params: Any,
    ) -> Result[Any]:
        """A keyed lookup's rows for `keys`: the UNION ALL of one part per key (`union(n)`,
        keys as :k0, :k1, ...) or, on PostgreSQL, the `lateral` join over the keys' array."""
        if self._postgres:
            return self.session.connection().execute(lateral, {**params, "keys": list(keys)})
        named = {f"k{i}": key for i, key in enumerate(keys)}
        return self.session.connection().execute(union(len(keys)), {**params, **named})

    def near_duplicates(self, band_keys: list[int], limit: int) -> list[StoredDoc]:
        if not band_keys:
            return []
        self._sync()
        # each band key's most recent postings only: a band that templates or boilerplate share
        # with thousands of articles must not make every lookup read all of them (a copy shares
        # most of its bands with its original, so one band left with it suffices)
        keys = sorted(set(band_keys))
        posted: list[list[int]] = [[] for _ in keys]
        postings = self._keyed_rows(_band_postings, _BAND_POSTINGS_PG, keys, per_key=BAND_POSTINGS)
        for key_no, doc_id in postings:
            posted[key_no].append(doc_id)
        pending = self._pending.bands
        shared: dict[int, int] = {}
        for key, docs in zip(keys, posted, strict=True):
            more = pending.get(key)
            if more:  # the most recent of the stored and the pending postings
                docs = sorted({*docs, *more}, reverse=True)[:BAND_POSTINGS]
            for doc_id in docs:
                shared[doc_id] = shared.get(doc_id, 0) + 1
        if not shared:
            return []
        best = sorted(shared, key=lambda d: (-shared[d], d))[:limit]
        order = {doc_id: rank for rank, doc_id in enumerate(best)}
        # by primary key only: a condition on the topic would let SQLite's planner pick the
        # topic's index and read every article of the topic (band keys are salted per topic)
        rows = self.session.execute(
            select(
                MemoryDoc.id,
                MemoryDoc.topic,
                MemoryDoc.doc_key,
                MemoryDoc.story_id,
                MemoryDoc.shingle_count,
                MemoryDoc.signature,
            ).where(MemoryDoc.id.in_(best)),
            execution_options=_NO_AUTOFLUSH,
        ).all()
        rows = sorted(
            (r for r in rows if r[1] == self.topic and r[5] is not None), key=lambda r: order[r[0]]
        )
        return [StoredDoc(r[2], r[3], r[4], _signature(r[5])) for r in rows]

    def story_docs(self, story_id: int, limit: int) -> list[StoredDoc]:
        # the word sketches only: the shingle sketch was read through the band keys already
        rows = self.session.execute(
            select(
                MemoryDoc.doc_key,
                MemoryDoc.word_count,
                MemoryDoc.word_signature,
                MemoryDoc.published,
            )
            .where(MemoryDoc.story_id == story_id, MemoryDoc.word_signature.is_not(None))
            .order_by(MemoryDoc.id.desc())
            .limit(limit),
            execution_options=_NO_AUTOFLUSH,
        ).all()
        return [
            StoredDoc(r[0], story_id, 0, _NO_SIGNATURE, r[1] or 0, _signature(r[2]), r[3])
            for r in rows
        ]

    def document_frequencies(self, terms: list[str]) -> dict[str, int]:
        cache = self._df
        missing = [t for t in terms if t not in cache]
        if len(cache) + len(missing) > CACHE_ENTRIES:
            cache.clear()
            missing = list(terms)
        if missing:
            self._sync()
            self._read_frequencies(missing)
        return {t: df for t in terms if (df := cache[t]) is not None}

    def candidate_stories(
        self, terms: dict[str, float], since: datetime, per_term: int
    ) -> dict[int, float]:
        if not terms:
            return {}
        self._sync()
        ordered = list(terms.items())
        # one posting more than asked per term: whether the last one asked for ties with the
        # next (then the database's order decides, and the pending postings are sent first)
        stored = self._term_postings(ordered, since, per_term + 1)
        found = self._merge_postings(ordered, stored, since, per_term)
        if found is None:
            self.flush_pending()
            stored = self._term_postings(ordered, since, per_term + 1)
            found = [[story_id for story_id, _seen in rows[:per_term]] for rows in stored]
        scores: dict[int, float] = {}
        for (_term, weight), stories in zip(ordered, found, strict=True):
            for story_id in stories:
                scores[story_id] = scores.get(story_id, 0.0) + weight
        return scores

    def _term_postings(
        self, ordered: list[tuple[str, float]], since: datetime, per_key: int
    ) -> list[list[tuple[int, datetime]]]:
        """Per term, the stored postings used since `since`, most recent first (`per_key`)."""
        stored: list[list[tuple[int, datetime]]] = [[] for _ in ordered]
        rows = self._keyed_rows(
            _term_postings,
            _TERM_POSTINGS_PG,
            [term for term, _w in ordered],
            topic=self.topic,
            since=since,
            per_key=per_key,
        )
        for term_no, story_id, seen in rows:
            stored[term_no].append((story_id, seen))
        return stored

    def _merge_postings(
        self,
        ordered: list[tuple[str, float]],
        stored: list[list[tuple[int, datetime]]],
        since: datetime,
        per_term: int,
    ) -> list[list[int]] | None:
        """Per term, the `per_term` stories whose postings were used last (since `since`) as
        the database will hold them once the pending postings are sent; None when that depends
        on the order the database gives to postings of the same time."""
        pending = self._pending.by_term
        found: list[list[int]] = []
        for (term, _weight), rows in zip(ordered, stored, strict=True):
            more = pending.get(term)
            if not more:
                found.append([story_id for story_id, _seen in rows[:per_term]])
                continue
            complete = len(rows) <= per_term  # every posting since `since` was read
            # a story not read holds its posting (if any) from no later than `floor`
            floor = since if complete else rows[-1][1]
            seen = dict(rows)
            for story_id, when in more.items():
                if story_id in seen:
                    seen[story_id] = max(seen[story_id], when)
                elif when > floor or (complete and self._used_since(when, since)):
                    seen[story_id] = when
            ranked = sorted(
                (when for when in seen.values() if complete or when > floor), reverse=True
            )
            if len(ranked) > per_term and ranked[per_term - 1] == ranked[per_term]:
                return None  # a tie at the limit
            if not complete and len(ranked) < per_term:
                return None  # postings not read would be among them
            cut = ranked[per_term - 1] if len(ranked) >= per_term else since
            found.append(
                [s for s, when in seen.items() if when >= cut and self._used_since(when, since)]
            )
        return found

    def _used_since(self, when: datetime, since: datetime) -> bool:
        """Whether the database finds a posting of time `when` by `last_seen >= since`. SQLite
        compares the stored text, and the bulk writes (bulk.py, through the driver's adapter)
        store a time on the second without its '.000000', which `since` has: such a time equal
        to `since` is not found there."""
        if when != since:
            return when > since
        return when.microsecond != 0 or self.session.get_bind().dialect.name != "sqlite"

    def story_profiles(self, story_ids: list[int]) -> list[StoryProfile]:
        profiles = [self._profile_of[i] for i in story_ids if i in self._profile_of]
        unread = [i for i in story_ids if i not in self._profile_of]
        if not unread:
            return profiles
        self._sync()
        rows = self.session.scalars(
            select(MemoryStory).where(MemoryStory.story_id.in_(unread)),
            execution_options=_NO_AUTOFLUSH,
        )
        for r in rows:
            if r.topic != self.topic:
                continue
            self._profiles[r.story_id] = r  # updated by `record` without reading it again
            terms: dict[str, float] = {}
            core: dict[str, float] = {}
            for key, weight in r.terms.items():
                if key.startswith(CORE_PREFIX):
                    core[key[len(CORE_PREFIX) :]] = weight
                else:
                    terms[key] = weight
            profile = StoryProfile(
                r.story_id,
                terms,
                r.doc_count,
                r.first_seen,
                r.last_seen,
                core,
                _vector(r.embedding),
                _vector(r.opening),
                _vector(r.step_embedding),
            )
            self._profile_of[r.story_id] = profile
            profiles.append(profile)
        return profiles

    def story_knowledge(
        self, story_id: int, keys: set[str], sentences: set[int], copy_share: float = 0.0
    ) -> StoryKnowledge:
        self._sync()
        knowledge = StoryKnowledge()
        for term, state in self._story_states(story_id, sorted(keys)).items():
            (knowledge.fact_keys if state else knowledge.modal_keys).add(term)
        known: set[int] = set()
        # whether the story holds each sentence: one indexed row per fingerprint at most (a
        # story's stock line may be in thousands of its articles: reading them all and keeping
        # the distinct prints took ~7 ms a decision on PostgreSQL at 100k stored)
        for prints in chunked(sorted(sentences), IN_CHUNK // 2):
            rows = self._keyed_rows(
                _sentence_postings, _SENTENCE_POSTINGS_PG, prints, story=story_id, per_key=1
            )
            known.update(fingerprint for fingerprint, _doc in rows)
        pending = self._pending.sentences.get(story_id)
        if pending:
            known.update(fp for fp in sentences if fp in pending)
        knowledge.sentences = known
        if copy_share > 0 and known:
            knowledge.copy_of = self._sentence_copy(
                story_id, sorted(known), len(sentences), copy_share
            )
        return knowledge

    def _sentence_copy(
        self, story_id: int, known: list[int], total: int, share: float
    ) -> str | None:
        """The story's article holding the most of an article's `total` sentences, of which the
        story holds `known`, if it holds at least `share` of them; ties: the greatest key.

        Bounded however often the story repeats a sentence (a long story's stock line may be in
        thousands of its articles): a copy holds at least `needed` of the known sentences, so it
        holds one of any len(known) - needed + 1 of them (pigeonhole). Each sentence's articles
        are read up to COPY_POSTINGS; the articles listed in full for enough sentences are the
        candidates, and each is checked against the other sentences by the covering index
        (story_id, fingerprint, doc_id). When too few sentences are rare enough to list, the
        article retells the story's stock lines: no sentence copy is judged (the shingle sketch
        and the exact hash still catch a whole copy)."""
        needed = math.ceil(share * total - 1e-9)
        if needed > len(known):
            return None
        holders: dict[int, set[int]] = {}
        for prints in chunked(known, IN_CHUNK // 2):
            rows = self._keyed_rows(
                _sentence_postings,
                _SENTENCE_POSTINGS_PG,
                prints,
                story=story_id,
                per_key=COPY_POSTINGS + 1,
            )
            for fingerprint, doc_id in rows:
                holders.setdefault(fingerprint, set()).add(doc_id)
        pending = self._pending.sentences.get(story_id, {})
        for fingerprint in known:
            if fingerprint in pending:
                holders.setdefault(fingerprint, set()).update(pending[fingerprint])
        listed = [fp for fp in known if len(holders.get(fp, ())) <= COPY_POSTINGS]
        if len(listed) < len(known) - needed + 1:
            return None
        candidates = set().union(*(holders.get(fp, set()) for fp in listed))
        counts = {doc: sum(doc in holders.get(fp, ()) for fp in listed) for doc in candidates}
        common = [fp for fp in known if len(holders.get(fp, ())) > COPY_POSTINGS]
        for prints in chunked(common):
            for docs in chunked(sorted(candidates)):
                for (doc_id,) in self.session.execute(
                    select(MemorySentence.doc_id).where(
                        MemorySentence.story_id == story_id,
                        MemorySentence.fingerprint.in_(prints),
                        MemorySentence.doc_id.in_(docs),
                    ),
                    execution_options=_NO_AUTOFLUSH,
                ):
                    counts[doc_id] += 1
        for fingerprint in common:
            for doc_id in pending.get(fingerprint, ()):
                if doc_id in counts:
                    counts[doc_id] += 1
        copies = [doc for doc, n in counts.items() if n / total >= share]
        if not copies:
            return None
        keys: dict[int, str] = {
            doc_id: key
            for doc_id, key in self.session.execute(
                select(MemoryDoc.id, MemoryDoc.doc_key).where(MemoryDoc.id.in_(copies)),
                execution_options=_NO_AUTOFLUSH,
            )
        }
        return keys[max(copies, key=lambda doc: (counts[doc], keys[doc]))]

    def _story_states(self, story_id: int, terms: list[str]) -> dict[str, int]:
        """The state of the story's posting of each of `terms` it holds (1 fact, 0 forecast)."""
        if len(self._states) > CACHE_ENTRIES // 1000:
            self._states.clear()
        cache = self._states.setdefault(story_id, {})
        missing = [t for t in terms if t not in cache]
        for chunk in chunked(missing):
            rows = self.session.execute(
                select(MemoryStoryTerm.term, MemoryStoryTerm.state).where(
                    MemoryStoryTerm.story_id == story_id, MemoryStoryTerm.term.in_(chunk)
                ),
                execution_options=_NO_AUTOFLUSH,
            )
            cache.update({term: state for term, state in rows})
        pending = self._pending.postings
        for term in missing:
            posting = pending.get((story_id, term))
            if posting is not None:
                cache[term] = posting[0]
            else:
                cache.setdefault(term, None)
        return {t: state for t in terms if (state := cache[t]) is not None}

    # ---------------------------------------------------------------------------- writes
    def open_story(
        self, title: str, language: str | None, first_key: str, published: datetime
    ) -> int:
        story = StoryRow(
            topic=self.topic,
            title=title,
            language=language,
            first_doc_key=first_key,
            created_at=published,
            updated_at=published,
            article_count=0,
            development_count=0,
        )
        self.session.add(story)
        self.session.flush()
        self._stories[story.id] = story
        self._states[story.id] = {}  # a new story holds no keys yet
        return story.id

    def record(self, recording: Recording) -> None:
        """Store an article's decision: its row now; its LSH bands, sentence fingerprints, term
        counts and its story's postings pending (see `flush_pending`); its story's profile and
        counts in the session's rows (sent with the session's next flush)."""
        self._sync()
        signature = None if recording.signature is None else recording.signature.tobytes()
        inserted = self.session.connection().execute(
            _INSERT_DOC,
            {
                "topic": self.topic,
                "doc_key": recording.key,
                "story_id": recording.story_id,
                "kind": recording.kind,
                "content_hash": recording.content_hash,
                "published": recording.published,
                "shingle_count": recording.shingle_count,
                "signature": signature,
                "word_count": recording.word_count
                if recording.word_signature is not None
                else None,
                "word_signature": None
                if recording.word_signature is None
                else recording.word_signature.tobytes(),
            },
        )
        key = inserted.inserted_primary_key
        assert key is not None
        doc_id = int(key[0])
        if self._hashes.get(recording.content_hash, _UNREAD) is None:
            # looked up before (not stored then): the first article with it is this one
            self._hashes[recording.content_hash] = StoredDoc(
                recording.key,
                recording.story_id,
                recording.shingle_count,
                _signature(signature),
            )
        story_id = recording.story_id
        terms = sorted(recording.doc_terms)
        if terms:
            self._count_terms(terms)
        postings: list[tuple[str, int]] = []
        if story_id is not None and recording.profile is not None:
            postings = self._story_terms(recording)
        written = _Written(
            doc_id,
            story_id,
            recording.published,
            sorted(set(recording.band_keys)),
            list(recording.sentences) if story_id is not None else [],
            terms,
            postings,
        )
        self._written.append(written)
        self._pending.add(written)
        if len(self._written) - self._sent >= PENDING_ARTICLES:  # an index kept for long
            self.flush_pending()
        if story_id is not None:
            with self.session.no_autoflush:
                if recording.profile is not None:
                    self._save_profile(recording.profile)
                self._touch_story(recording)

    def _count_terms(self, terms: list[str]) -> None:
        self._docs = self.doc_count() + 1
        for term in terms:
            if term in self._df:  # kept up to date; a term not read yet is read when asked
                self._df[term] = (self._df[term] or 0) + 1

    def _story_terms(self, recording: Recording) -> list[tuple[str, int]]:
        """The story's postings the article writes, (term, state): new ones, and known ones
        given their state and, when this article is newer, its time."""
        story_id = recording.story_id
        assert story_id is not None
        terms = sorted(recording.doc_terms | recording.fact_keys | recording.modal_keys)
        # mostly known from the decision's own `story_knowledge`
        existing = self._story_states(story_id, terms)
        cache = self._states.setdefault(story_id, {})
        postings = []
        for term in terms:
            state = existing.get(term)
            if state is None:  # a new posting: a fact unless only forecast
                state = 0 if term in recording.modal_keys else 1
            elif state == 0 and term in recording.fact_keys:  # a forecast come true
                state = 1
            cache[term] = state
            postings.append((term, state))
        return postings

    def _save_profile(self, profile: StoryProfile) -> None:
        row = self._profiles.get(profile.story_id) or self.session.get(
            MemoryStory, profile.story_id
        )
        if row is None:
            row = MemoryStory(story_id=profile.story_id, topic=self.topic)
            self.session.add(row)
        self._profiles[profile.story_id] = row
        # the story memory makes a new profile for every change, never changes one it was given
        self._profile_of[profile.story_id] = profile
        row.terms = {
            **profile.terms,
            **{CORE_PREFIX + key: weight for key, weight in profile.core.items()},
        }
        row.doc_count = profile.doc_count
        row.first_seen = profile.first_seen
        row.last_seen = profile.last_seen
        if profile.embedding is not None:
            row.embedding = profile.embedding.astype(np.float32).tobytes()
        if profile.opening is not None:
            row.opening = profile.opening.astype(np.float32).tobytes()
        if profile.step_embedding is not None:
            row.step_embedding = profile.step_embedding.astype(np.float32).tobytes()

    def _touch_story(self, recording: Recording) -> None:
        assert recording.story_id is not None
        story = self._stories.get(recording.story_id) or self.session.get(
            StoryRow, recording.story_id
        )
        if story is None:
            return
        self._stories[recording.story_id] = story
        story.article_count = (story.article_count or 0) + 1
        if recording.is_development:
            story.development_count = (story.development_count or 0) + 1
        if (
            recording.kind in ("new_story", "development")
            and recording.published > story.updated_at
        ):
            # `monitor stories` lists stories by their last development
            story.updated_at = recording.published


def _vector(raw: bytes | None) -> np.ndarray | None:
    return np.frombuffer(raw, dtype=np.float32) if raw else None
