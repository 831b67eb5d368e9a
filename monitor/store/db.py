"""The database: engine and sessions for SQLite or PostgreSQL, and Alembic migrations."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from monitor import batches
from monitor.errors import StoreError

T = TypeVar("T")

try:  # POSIX; elsewhere two first runs at once on a new SQLite file are not serialised
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

MIGRATIONS = Path(__file__).parent / "migrations"
# Values per IN (...) list: below every backend's limit on bound parameters.
IN_CHUNK = 500


def upsert_insert(session: Session, table: Any, needed_by: str) -> Any:
    """An INSERT that can say ON CONFLICT (``on_conflict_do_update`` / ``_do_nothing``) on both
    backends we run on; `needed_by` names the caller in the error for any other."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"{needed_by} need SQLite or PostgreSQL, not {dialect}")


def chunked(items: Sequence[T], size: int = IN_CHUNK) -> list[Sequence[T]]:
    """`items` in slices of at most `size`, for IN lists that stay within backend limits."""
    return batches.chunked(items, size)


# Any constant: the key of the PostgreSQL advisory lock that serialises migrations.
MIGRATION_LOCK_KEY = 0x6E6D_6967  # "nmig"
# How long a SQLite writer waits for another's lock; `?timeout=SECONDS` in the URL changes it.
SQLITE_BUSY_TIMEOUT = 30.0


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, busy_timeout: float) -> None:
    # WAL lets a reader (the CLI, a second run waiting for the lock) coexist with the writer;
    # the busy timeout turns brief lock contention into waiting instead of an error.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def redact_url(url: str) -> str:
    """A database URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable database URL>"


class Database:
    """One engine and session factory; `upgrade()` brings the schema to the newest migration."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise StoreError(f"not a database URL: {url!r}") from None
        kwargs: dict[str, Any] = {"echo": echo, "future": True}
        busy_timeout = SQLITE_BUSY_TIMEOUT
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                try:
                    Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(
                        f"cannot create the directory of {redact_url(url)}: {exc.strerror}"
                    ) from None
            try:
                busy_timeout = float(parsed.query.get("timeout", SQLITE_BUSY_TIMEOUT))  # type: ignore[arg-type]
            except ValueError:
                raise StoreError(f"timeout in {redact_url(url)} is not a number") from None
            kwargs["connect_args"] = {"timeout": busy_timeout}
        else:
            kwargs["pool_pre_ping"] = True
            kwargs["connect_args"] = {"connect_timeout": 10}
        try:
            self.engine: Engine = create_engine(url, **kwargs)
        except (ArgumentError, ImportError) as exc:
            raise StoreError(f"cannot use database {redact_url(url)}: {exc}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(
                self.engine,
                "connect",
                lambda conn, record: _sqlite_pragmas(conn, record, busy_timeout),
            )
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def check(self) -> None:
        """Connect once; a clear StoreError instead of a driver traceback when it points nowhere."""
        try:
            with self.engine.connect():
                pass
        except SQLAlchemyError as exc:
            orig = getattr(exc, "orig", None)
            reason = str(orig or exc).strip().splitlines()[0]
            raise StoreError(
                f"cannot connect to database {redact_url(self.url)}: {reason}"
            ) from None

    def alembic_config(self) -> Any:
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return cfg

    def upgrade(self, revision: str = "head") -> None:
        """Apply migrations up to `revision` (idempotent; safe to call at every start, also by
        several processes at once: they take turns, and the later ones find nothing to do)."""
        from alembic import command

        self.check()
        cfg = self.alembic_config()
        try:
            with self._migration_lock(), self.engine.begin() as connection:
                if self.dialect == "postgresql":
                    # held until this transaction ends; PostgreSQL's DDL is transactional, so
                    # whoever waited here sees the finished schema and has nothing to do
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                    )
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, revision)
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise StoreError(f"migrating {redact_url(self.url)} failed: {reason}") from None

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """For a SQLite file, an exclusive lock on a file beside it while migrating: SQLite
        commits each CREATE TABLE on its own, so two first runs at once would collide."""
        database = make_url(self.url).database
        if self.dialect != "sqlite" or not database or database == ":memory:" or fcntl is None:
            yield
            return
        with open(f"{database}.migrate-lock", "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def table_names(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on any error."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True) -> Database:
    db = Database(url)
    if migrate:
        db.upgrade()
    return db
