"""Per-site boilerplate statistics: which lines recur on how many pages of each site."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from sqlalchemy import Integer, String, UniqueConstraint, delete, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from monitor.store.bulk import BulkInsert
from monitor.store.db import chunked, upsert_insert
from monitor.store.schema import Base, BigId, utcnow

# Fingerprints and pages are looked up in chunks so the IN list stays below every backend's
# limit of bound parameters (SQLite >= 3.32: 32,766; PostgreSQL: 65,535). A batch of 50 pages
# has ~1,000-2,000 distinct lines, so one chunk usually holds the whole batch.
_CHUNK = 5000
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


# a line seen on more pages: counted up, its time the batch's (rows sorted by site and
# fingerprint, so two runs upserting the same lines take their row locks in one order)
_LINES = BulkInsert(
    BoilerplateLine.__table__,  # type: ignore[arg-type]
    ("site", "fingerprint", "pages", "sample", "first_seen", "last_seen"),
    "ON CONFLICT (site, fingerprint) DO UPDATE SET "
    "pages = boilerplate_lines.pages + excluded.pages, last_seen = excluded.last_seen",
    as_orm=True,  # times stored as the ORM stores them: the prune compares them
)


def _page_key(page: str) -> str:
    """A page's URL as stored: hashed, since URLs can be longer than an index entry may be."""
    return hashlib.sha1(page.encode("utf-8"), usedforsecurity=False).hexdigest()


class SqlSiteBoilerplate:
    """`monitor.site_boilerplate.SiteBoilerplate` in the database; adds and flushes, the caller commits.

    Counting is done with INSERT ... ON CONFLICT DO UPDATE so two runs counting pages of the
    same site at once add up instead of failing on the unique constraints.
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def site_counts(
        self, wanted: Mapping[str, Collection[str]]
    ) -> dict[str, tuple[int, dict[str, int]]]:
        """Pages of each site and its lines' page counts: one query for the sites, one for the
        lines of all of them (more only past `_CHUNK` fingerprints)."""
        rows = self.session.execute(
            select(BoilerplateSite.site, BoilerplateSite.pages).where(
                BoilerplateSite.site.in_(sorted(wanted))
            )
        )
        pages = {site: n for site, n in rows if n}
        out: dict[str, tuple[int, dict[str, int]]] = {site: (n, {}) for site, n in pages.items()}
        # a line's fingerprint is the same on every site that prints it: asked for across the
        # batch's sites at once, and each answer kept only for the site that asked for it
        prints = sorted({p for site in pages for p in wanted[site]})
        for chunk in chunked(prints, _CHUNK):
            found = self.session.execute(
                select(
                    BoilerplateLine.site, BoilerplateLine.fingerprint, BoilerplateLine.pages
                ).where(
                    BoilerplateLine.site.in_(sorted(pages)),
                    BoilerplateLine.fingerprint.in_(chunk),
                )
            )
            for site, fingerprint, n in found:
                if fingerprint in wanted[site]:
                    out[site][1][fingerprint] = n
        return out

    def seen_pages(self, pages: Collection[tuple[str, str]]) -> set[tuple[str, str]]:
        keys = {(site, _page_key(page)): (site, page) for site, page in pages}
        hashes = sorted({key for _site, key in keys})
        seen: set[tuple[str, str]] = set()
        for chunk in chunked(hashes, _CHUNK):
            rows = self.session.execute(
                select(BoilerplatePage.site, BoilerplatePage.page).where(
                    BoilerplatePage.page.in_(chunk)
                )
            )
            seen.update(keys[(site, key)] for site, key in rows if (site, key) in keys)
        return seen

    def record_pages(self, pages: Sequence[tuple[str, str, Mapping[str, str]]]) -> int:
        """Three statements for the whole batch: the pages, the sites' page counts, the lines'.

        The pages go first and say (RETURNING) which of them are new, so a page another run
        counted meanwhile is not counted twice; the sites and lines are then added up per key,
        since one statement may not update the same row twice.
        """
        now = utcnow()
        unique = {(site, _page_key(page)): lines for site, page, lines in pages}
        if not unique:
            return 0
        self.session.flush()
        added = self.session.execute(
            upsert_insert(self.session, BoilerplatePage, "boilerplate statistics")
            .values([{"site": s, "page": key, "seen_at": now} for s, key in sorted(unique)])
            .on_conflict_do_nothing(index_elements=["site", "page"])
            .returning(BoilerplatePage.site, BoilerplatePage.page)
        ).all()
        new = [(site, key) for site, key in added]
        if not new:
            return 0
        site_pages: dict[str, int] = {}
        line_pages: dict[tuple[str, str], int] = {}
        samples: dict[tuple[str, str], str] = {}
        for site, key in new:
            site_pages[site] = site_pages.get(site, 0) + 1
            for fingerprint, sample in unique[(site, key)].items():
                line_pages[(site, fingerprint)] = line_pages.get((site, fingerprint), 0) + 1
                samples.setdefault((site, fingerprint), sample)
        insert_sites = upsert_insert(self.session, BoilerplateSite, "boilerplate statistics")
        self.session.execute(
            insert_sites.on_conflict_do_update(
                index_elements=["site"],
                set_={
                    "pages": BoilerplateSite.pages + insert_sites.excluded.pages,
                    "updated_at": now,
                },
            ),
            [{"site": s, "pages": n, "updated_at": now} for s, n in sorted(site_pages.items())],
        )
        # one driver call for the batch's lines (often thousands: SQLAlchemy's per-row
        # parameter handling cost more than the statement)
        _LINES.execute(
            self.session.connection(),
            [
                (site, fingerprint, n, samples[(site, fingerprint)][:SAMPLE_CHARS], now, now)
                for (site, fingerprint), n in sorted(line_pages.items())
            ],
        )
        self.session.flush()
        return len(new)

    def line_counts(self, site: str, fingerprints: Collection[str]) -> tuple[int, dict[str, int]]:
        """Pages seen of `site`, and for each known fingerprint the number of pages it was on."""
        return self.site_counts({site: fingerprints}).get(site, (0, {}))

    def record_page(self, site: str, page: str, lines: Mapping[str, str]) -> bool:
        """Count `lines` once for `page` of `site`; False if the page was counted before."""
        return self.record_pages([(site, page, lines)]) == 1

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
