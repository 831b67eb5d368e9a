"""Per-site boilerplate statistics: which lines recur on how many pages of each site."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, UniqueConstraint, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from monitor.store.schema import Base, BigId, utcnow

# Fingerprints are looked up in chunks so the IN list stays below every backend's limit.
_CHUNK = 500
SAMPLE_CHARS = 300


class BoilerplateSite(Base):
    """A site and the number of distinct pages whose lines were counted for it."""

    __tablename__ = "boilerplate_sites"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    site: Mapped[str] = mapped_column(String(255), unique=True)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class BoilerplatePage(Base):
    """A page already counted, so a page fetched again (another topic, a retry) counts once."""

    __tablename__ = "boilerplate_pages"
    __table_args__ = (UniqueConstraint("site", "page"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    site: Mapped[str] = mapped_column(String(255))
    # a hash of the page's URL: URLs can be longer than an index entry may be
    page: Mapped[str] = mapped_column(String(40))
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class BoilerplateLine(Base):
    """A line (by fingerprint) of a site and on how many of its pages it was seen."""

    __tablename__ = "boilerplate_lines"
    __table_args__ = (UniqueConstraint("site", "fingerprint"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    site: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(40))
    pages: Mapped[int] = mapped_column(Integer, default=0)
    sample: Mapped[str] = mapped_column(String(SAMPLE_CHARS))
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)


def _insert(session: Session, table: Any) -> Any:
    """An INSERT that can say ON CONFLICT on both backends we run on."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"boilerplate statistics need SQLite or PostgreSQL, not {dialect}")


class SqlSiteBoilerplate:
    """`monitor.extract.SiteBoilerplate` in the database; adds and flushes, the caller commits.

    Counting is done with INSERT ... ON CONFLICT DO UPDATE so two runs counting pages of the
    same site at once add up instead of failing on the unique constraints.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def line_counts(self, site: str, fingerprints: Collection[str]) -> tuple[int, dict[str, int]]:
        pages = self.session.scalar(
            select(BoilerplateSite.pages).where(BoilerplateSite.site == site)
        )
        if not pages:
            return 0, {}
        counts: dict[str, int] = {}
        wanted = sorted(set(fingerprints))
        for start in range(0, len(wanted), _CHUNK):
            rows = self.session.execute(
                select(BoilerplateLine.fingerprint, BoilerplateLine.pages).where(
                    BoilerplateLine.site == site,
                    BoilerplateLine.fingerprint.in_(wanted[start : start + _CHUNK]),
                )
            )
            counts.update({fingerprint: n for fingerprint, n in rows})
        return pages, counts

    def record_page(self, site: str, page: str, lines: Mapping[str, str]) -> bool:
        now = utcnow()
        page_key = hashlib.sha1(page.encode("utf-8"), usedforsecurity=False).hexdigest()
        self.session.flush()
        # RETURNING says whether the row was new on both backends (rowcount does not on psycopg)
        added = self.session.execute(
            _insert(self.session, BoilerplatePage)
            .values(site=site, page=page_key, seen_at=now)
            .on_conflict_do_nothing(index_elements=["site", "page"])
            .returning(BoilerplatePage.id)
        ).first()
        if added is None:
            return False
        insert_site = _insert(self.session, BoilerplateSite).values(
            site=site, pages=1, updated_at=now
        )
        self.session.execute(
            insert_site.on_conflict_do_update(
                index_elements=["site"],
                set_={"pages": BoilerplateSite.pages + 1, "updated_at": now},
            )
        )
        if lines:
            rows = [
                {
                    "site": site,
                    "fingerprint": fingerprint,
                    "pages": 1,
                    "sample": sample[:SAMPLE_CHARS],
                    "first_seen": now,
                    "last_seen": now,
                }
                for fingerprint, sample in sorted(lines.items())
            ]
            insert_lines = _insert(self.session, BoilerplateLine)
            self.session.execute(
                insert_lines.on_conflict_do_update(
                    index_elements=["site", "fingerprint"],
                    set_={"pages": BoilerplateLine.pages + 1, "last_seen": now},
                ),
                rows,
            )
        self.session.flush()
        return True

    def prune(self, before: datetime) -> int:
        """Forget lines seen on a single page and not since `before`: article text that never
        recurred. Keeps the table near the size of the sites' real boilerplate; returns the count."""
        result = self.session.execute(
            delete(BoilerplateLine).where(
                BoilerplateLine.pages <= 1, BoilerplateLine.last_seen < before
            )
        )
        self.session.flush()
        return int(getattr(result, "rowcount", 0) or 0)

    def forget_site(self, site: str) -> None:
        """Drop what was learnt about a site (after a redesign, say); it is learnt again."""
        self.session.execute(delete(BoilerplateLine).where(BoilerplateLine.site == site))
        self.session.execute(delete(BoilerplatePage).where(BoilerplatePage.site == site))
        self.session.execute(
            update(BoilerplateSite).where(BoilerplateSite.site == site).values(pages=0)
        )
        self.session.flush()
