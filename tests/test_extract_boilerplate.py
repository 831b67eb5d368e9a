"""Per-site boilerplate learning over a real database: recurring lines of one site disappear."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from monitor.extract import extract
from monitor.models import Article
from monitor.site_boilerplate import MIN_PAGES, apply_site_boilerplate
from monitor.store.boilerplate import (
    BoilerplateLine,
    BoilerplatePage,
    BoilerplateSite,
    SqlSiteBoilerplate,
)
from monitor.store.schema import Base

# A line our generic cleaning cannot know is junk: only its recurrence on one site gives it away.
HOUSE_LINE = (
    "Die Redaktion des Talboten wünscht allen Leserinnen und Lesern im Tal einen guten Start "
    "in den Tag."
)

STORIES = [
    (
        "Neue Buslinie verbindet die Dörfer im Tal",
        [
            "Ab Montag fährt eine neue Buslinie stündlich von Oberau über Mittelbach nach Unterfeld. "
            "Der Landkreis reagiert damit auf Klagen von Pendlern, die bisher auf das Auto "
            "angewiesen waren.",
            "Die Linie wird zunächst für zwei Jahre erprobt. Danach will der Kreistag anhand der "
            "Fahrgastzahlen entscheiden, ob sie dauerhaft bestehen bleibt oder wieder eingestellt "
            "wird.",
        ],
    ),
    (
        "Freibad Mittelbach öffnet nach Sanierung",
        [
            "Nach zwei Jahren Bauzeit öffnet das Freibad in Mittelbach am Samstag wieder. Die "
            "Gemeinde hat die Becken erneuert und eine Solaranlage für das Warmwasser auf dem Dach "
            "installiert.",
            "Die Eintrittspreise steigen leicht, Kinder unter sechs Jahren haben weiterhin freien "
            "Eintritt. Die Saisonkarte kostet für Erwachsene künftig 80 Euro.",
        ],
    ),
    (
        "Gemeinderat streitet über Baugebiet am Waldrand",
        [
            "Im Gemeinderat von Oberau ist ein Streit über das geplante Baugebiet am Waldrand "
            "entbrannt. Naturschützer befürchten, dass dort seltene Fledermausarten ihren "
            "Lebensraum verlieren.",
            "Der Bürgermeister verweist auf den Mangel an Bauplätzen für junge Familien. Eine "
            "Entscheidung soll nach einem zusätzlichen Gutachten im Herbst fallen.",
        ],
    ),
    (
        "Hochwasserschutz am Mühlbach wird ausgebaut",
        [
            "Der Mühlbach bekommt auf einer Länge von drei Kilometern neue Deiche. Das Land "
            "übernimmt zwei Drittel der Kosten von 4,2 Millionen Euro, den Rest tragen die "
            "Anliegergemeinden.",
            "Nach dem Hochwasser vor drei Jahren standen in Unterfeld zahlreiche Keller unter "
            "Wasser. Die Arbeiten sollen im Frühjahr beginnen und zwei Jahre dauern.",
        ],
    ),
    (
        "Dorfladen in Unterfeld findet neue Betreiber",
        [
            "Der Dorfladen in Unterfeld bleibt erhalten. Eine Genossenschaft aus 120 Bürgerinnen "
            "und Bürgern übernimmt das Geschäft, das der bisherige Inhaber aus Altersgründen "
            "aufgeben wollte.",
            "Neben Lebensmitteln aus der Region soll es künftig auch eine Poststelle und ein "
            "kleines Café geben. Die Wiedereröffnung ist für den ersten März geplant.",
        ],
    ),
]


def news_page(site: str, slug: str, title: str, paragraphs: list[str], house_line: bool) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    extra = f"<p>{HOUSE_LINE}</p>" if house_line else ""
    return f"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{title}</title>
<link rel="canonical" href="https://{site}/lokal/{slug}.html"></head><body>
<div class="n1"><a href="/">Start</a> <a href="/lokal">Lokales</a></div>
<div class="a1"><h1>{title}</h1>{body}{extra}</div></body></html>"""


def articles(site: str, house_line: bool = True) -> Iterator[Article]:
    for number, (title, paragraphs) in enumerate(STORIES):
        html = news_page(site, f"artikel-{number}", title, paragraphs, house_line)
        yield extract(html, url=f"https://{site}/lokal/artikel-{number}.html")


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_engine(database_url)
    tables = [BoilerplateSite.__table__, BoilerplatePage.__table__, BoilerplateLine.__table__]
    Base.metadata.create_all(engine, tables=tables)
    yield engine
    engine.dispose()


def learn(engine: Engine, article: Article) -> Article:
    """One article through the per-site step, in its own transaction like the pipeline's."""
    with Session(engine) as session:
        cleaned = apply_site_boilerplate(article, SqlSiteBoilerplate(session))
        session.commit()
    return cleaned


def test_generic_cleaning_alone_keeps_the_house_line() -> None:
    first = next(articles("www.talbote.example"))
    assert HOUSE_LINE in first.text


def test_recurring_line_disappears_after_enough_pages_of_the_same_site(engine: Engine) -> None:
    site_pages = list(articles("www.talbote.example"))
    seen = [learn(engine, article) for article in site_pages[:MIN_PAGES]]
    # while the site is being learnt the line stays: three pages are no proof yet
    assert all(HOUSE_LINE in article.text for article in seen)

    nxt = learn(engine, site_pages[MIN_PAGES])
    assert HOUSE_LINE not in nxt.text
    assert nxt.boilerplate_lines == [HOUSE_LINE]
    # the article's own text is untouched
    for paragraph in STORIES[MIN_PAGES][1]:
        assert paragraph in nxt.text


def test_another_site_keeps_the_same_line(engine: Engine) -> None:
    for article in list(articles("www.talbote.example"))[: MIN_PAGES + 1]:
        learn(engine, article)
    other = next(articles("www.bergbote.example"))
    assert HOUSE_LINE in learn(engine, other).text


def test_the_same_page_seen_again_counts_once(engine: Engine) -> None:
    first = next(articles("www.talbote.example"))
    for _ in range(MIN_PAGES + 2):
        cleaned = learn(engine, first)
    assert HOUSE_LINE in cleaned.text
    with Session(engine) as session:
        assert session.scalar(select(BoilerplateSite.pages)) == 1
        assert session.scalar(select(func.count()).select_from(BoilerplatePage)) == 1


def test_statistics_survive_a_new_connection(engine: Engine, database_url: str) -> None:
    for article in list(articles("www.talbote.example"))[:MIN_PAGES]:
        learn(engine, article)
    engine.dispose()
    reopened = create_engine(database_url)
    try:
        last = list(articles("www.talbote.example"))[-1]
        assert HOUSE_LINE not in learn(reopened, last).text
        with Session(reopened) as session:
            sample = session.scalar(
                select(BoilerplateLine.sample).where(BoilerplateLine.pages >= MIN_PAGES)
            )
        assert sample == HOUSE_LINE
    finally:
        reopened.dispose()


def test_a_page_that_is_all_known_lines_is_left_whole(engine: Engine) -> None:
    same = next(articles("www.talbote.example"))
    # the same article under several URLs: a duplicate for later stages, not boilerplate
    for number in range(MIN_PAGES + 1):
        copy = Article(
            url=f"https://www.talbote.example/kopie-{number}", title=same.title, text=same.text
        )
        result = learn(engine, copy)
    assert result.text == same.text
    assert result.boilerplate_lines == []


def test_a_line_last_seen_at_the_prune_cutoff_is_kept(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lines are written in bulk; their times are stored as the ORM stores a time, so the
    prune's `last_seen < before` reads them alike on either database, a time on the second
    included (SQLite compares the stored text)."""
    import monitor.store.boilerplate as boilerplate

    seen = datetime(2026, 3, 1, 8, 0, 0, tzinfo=UTC)  # on the second: no microseconds
    monkeypatch.setattr(boilerplate, "utcnow", lambda: seen)
    with Session(engine) as session:
        store = SqlSiteBoilerplate(session)
        store.record_page("www.talbote.example", "https://www.talbote.example/a", {"f1": "Zeile"})
        assert store.prune(before=seen) == 0  # not seen before the cutoff
        assert store.prune(before=seen + timedelta(microseconds=1)) == 1
        session.commit()


def test_prune_forgets_single_page_lines_but_keeps_recurring_ones(engine: Engine) -> None:
    for article in list(articles("www.talbote.example"))[:MIN_PAGES]:
        learn(engine, article)
    with Session(engine) as session:
        removed = SqlSiteBoilerplate(session).prune(before=datetime.now(UTC) + timedelta(days=1))
        session.commit()
        samples = session.scalars(select(BoilerplateLine.sample)).all()
    assert removed > 0
    assert samples == [HOUSE_LINE]
    # what was learnt still strips the line
    assert HOUSE_LINE not in learn(engine, list(articles("www.talbote.example"))[-1]).text
