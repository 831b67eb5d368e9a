"""Storage on SQLite and PostgreSQL: migrations, UTC times, run locks, URL failures, seen URLs."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from monitor.errors import RunLocked, StoreError
from monitor.store import Database, open_database, repo
from monitor.store.schema import ArticleRow, RunLock, UrlFailure


def test_migrations_create_every_table_and_are_idempotent(database_url: str) -> None:
    db = open_database(database_url)
    tables = set(db.table_names())
    assert {
        "articles",
        "stories",
        "verdicts",
        "alerts",
        "deliveries",
        "runs",
        "run_locks",
    } <= tables
    assert db.current_revision() is not None
    db.upgrade()  # a second start must not fail
    from monitor.store.schema import Base

    # every table the ORM knows is created by the migrations (nothing only in the models)
    assert set(Base.metadata.tables) <= tables
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    # and the migrations say exactly what the models say: columns, indexes, constraints
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        assert compare_metadata(context, Base.metadata) == []


def test_times_are_utc_aware_on_the_way_out(database_url: str) -> None:
    db = open_database(database_url)
    berlin = timezone(timedelta(hours=2))
    published = datetime(2024, 6, 19, 14, 30, tzinfo=berlin)
    with db.session() as session:
        session.add(ArticleRow(topic="t", url="https://a.example/1", published=published))
    with db.session() as session:
        row = session.scalars(select(ArticleRow)).one()
        assert row.published == published
        assert row.published.tzinfo is not None
        assert row.published.utcoffset() == timedelta(0)
        assert row.fetched_at.tzinfo is not None


def test_naive_times_are_refused(sqlite_url: str) -> None:
    db = open_database(sqlite_url)
    with pytest.raises(Exception, match="naive datetime"), db.session() as session:
        session.add(
            ArticleRow(topic="t", url="https://a.example/1", published=datetime(2024, 1, 1))
        )
        session.flush()


def test_seen_urls_and_aliases(database_url: str) -> None:
    db = open_database(database_url)
    with db.session() as session:
        row = ArticleRow(topic="t", url="https://a.example/1")
        session.add(row)
        session.flush()
        repo.add_aliases(session, "t", row.id, ["https://a.example/1", "https://a.example/amp/1"])
    with db.session() as session:
        seen = repo.seen_urls(session, "t", ["https://a.example/amp/1", "https://a.example/2"])
        assert seen == {"https://a.example/amp/1"}
        assert repo.seen_urls(session, "other-topic", ["https://a.example/1"]) == set()


def test_run_lock_excludes_a_second_run_and_is_released(database_url: str) -> None:
    db = open_database(database_url)
    with db.session() as session:
        repo.acquire_lock(session, "t", "host:1")
    with db.session() as session, pytest.raises(RunLocked, match="another run"):
        repo.acquire_lock(session, "t", "elsewhere:2")
    with db.session() as session:
        repo.release_lock(session, "t", "host:1")
    with db.session() as session:
        repo.acquire_lock(session, "t", "elsewhere:2")
        assert session.get(RunLock, "t").owner == "elsewhere:2"  # type: ignore[union-attr]


def test_lock_of_a_dead_process_is_taken_over(database_url: str) -> None:
    db = open_database(database_url)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    owner = f"{repo.owner_id().rpartition(':')[0]}:{dead.stdout.strip()}"
    with db.session() as session:
        repo.acquire_lock(session, "t", owner)
    with db.session() as session:
        repo.acquire_lock(session, "t", repo.owner_id())
        assert session.get(RunLock, "t").owner == repo.owner_id()  # type: ignore[union-attr]


def test_stale_lock_is_taken_over(database_url: str) -> None:
    db = open_database(database_url)
    long_ago = datetime.now(UTC) - repo.LOCK_STALE_AFTER - timedelta(minutes=1)
    with db.session() as session:
        repo.acquire_lock(session, "t", "otherhost:1", now=long_ago)
    with db.session() as session:
        repo.acquire_lock(session, "t", "me:2")


def test_url_failures_back_off_and_give_up(database_url: str) -> None:
    db = open_database(database_url)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with db.session() as session:
        repo.record_url_failure(session, "t", "https://a.example/x", "timeout", source="s", now=now)
    with db.session() as session:
        assert repo.due_url_failures(session, "t", now) == []
        due = repo.due_url_failures(session, "t", now + timedelta(minutes=16))
        assert [f.url for f in due] == ["https://a.example/x"]
        for _ in range(repo.MAX_URL_ATTEMPTS):
            repo.record_url_failure(
                session, "t", "https://a.example/x", "http 503", source="s", now=now
            )
    with db.session() as session:
        row = session.scalars(select(UrlFailure)).one()
        assert row.gave_up and row.reason == "http 503"
        assert repo.due_url_failures(session, "t", now + timedelta(days=30)) == []


def test_database_pointing_nowhere_is_a_clear_error(tmp_path: object) -> None:
    with pytest.raises(StoreError, match="cannot connect") as err:
        Database("postgresql+psycopg://nobody:secret@127.0.0.1:1/none").upgrade()
    assert "secret" not in str(err.value)
    with pytest.raises(StoreError, match="not a database URL"):
        Database("this is not a url")
