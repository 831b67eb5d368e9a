"""Our own German and English articles on the Russia–North Korea alliance, for end-to-end tests.

Written for this project, modelled on the shape of the real case (treaty signed in June, ratified
by the Duma in the autumn while North Korean troops are in Russia); no text is taken from anywhere.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.config import Settings
from tests.sitekit import NewsSite

JUNE = datetime(2026, 6, 19, 9, 0, tzinfo=UTC)

TREATY_DE = {
    "title": "Russland und Nordkorea schließen Beistandspakt",
    "language": "de",
    "paragraphs": [
        "Kremlchef Wladimir Putin und Nordkoreas Machthaber Kim Jong Un haben in Pjöngjang einen "
        "Vertrag über eine umfassende strategische Partnerschaft unterzeichnet.",
        "Das Abkommen verpflichtet beide Staaten zu gegenseitigem militärischem Beistand, falls "
        "eines der beiden Länder angegriffen wird.",
        "Südkorea bestellte daraufhin den russischen Botschafter in Seoul ein und protestierte "
        "scharf gegen die Vereinbarung der beiden Nachbarn.",
        "Für Putin war es der erste Besuch in Nordkorea seit 24 Jahren; Beobachter sprechen von "
        "einer neuen Stufe der Zusammenarbeit zwischen Moskau und Pjöngjang.",
    ],
}

TREATY_EN = {
    "title": "Putin and Kim sign mutual defence pact in Pyongyang",
    "language": "en",
    "paragraphs": [
        "Russian President Vladimir Putin and North Korean leader Kim Jong Un signed a "
        "comprehensive strategic partnership treaty in Pyongyang on Wednesday.",
        "The agreement obliges both countries to provide immediate military assistance if either "
        "of them comes under attack.",
        "South Korea summoned the Russian ambassador in Seoul to protest against the pact.",
        "It was Putin's first visit to North Korea in 24 years.",
    ],
}

RATIFIED_DE = {
    "title": "Duma billigt Bündnisvertrag mit Nordkorea",
    "language": "de",
    "paragraphs": [
        "Die russische Staatsduma hat den Vertrag über strategische Partnerschaft mit Nordkorea "
        "einstimmig ratifiziert.",
        "Als Nächstes muss noch der Föderationsrat zustimmen, was in Moskau als Formsache gilt.",
        "Nach Angaben aus Seoul und Washington sind inzwischen rund 10.000 nordkoreanische "
        "Soldaten in Russland stationiert.",
        "Südkorea schließt nicht mehr aus, der Ukraine Waffen zu liefern.",
        "Putin und Kim hatten den Vertrag im Juni in Pjöngjang unterzeichnet.",
    ],
}

FACTORY_DE = {
    "title": "Autozulieferer schließt Werk in Sachsen",
    "language": "de",
    "paragraphs": [
        "Ein Autozulieferer schließt sein Werk in Zwickau, rund 800 Beschäftigte verlieren ihre "
        "Arbeit.",
        "Die Gewerkschaft kündigte Proteste an und forderte einen Sozialplan für die Belegschaft.",
        "Das Unternehmen begründete den Schritt mit der schwachen Nachfrage nach Elektroautos und "
        "hohen Energiekosten.",
        "Die Produktion soll bis zum Jahresende schrittweise nach Osteuropa verlagert werden; "
        "der Betriebsrat will die Pläne nicht kampflos hinnehmen.",
    ],
}


def publish(
    site: NewsSite, article: dict[str, object], *, feed: str, at: datetime, slug: str
) -> str:
    """Publish one of the articles above on the site; returns its URL."""
    added = site.add_article(
        title=str(article["title"]),
        paragraphs=list(article["paragraphs"]),  # type: ignore[call-overload]
        language=str(article["language"]),
        feeds=[feed],
        published=at,
        slug=slug,
    )
    return site.url(added.path)


def treaty_site(now: datetime | None = None) -> NewsSite:
    """A site with a German and an English feed: the treaty (de, en) and a factory closure (de)."""
    site = NewsSite(now=now)
    site.add_feed("politik", title="Testpost Politik", language="de")
    site.add_feed("world", title="Testpost World", language="en")
    publish(site, TREATY_DE, feed="politik", at=JUNE, slug="beistandspakt")
    publish(site, TREATY_EN, feed="world", at=JUNE + timedelta(hours=2), slug="defence-pact")
    publish(site, FACTORY_DE, feed="politik", at=JUNE + timedelta(hours=3), slug="werk-zwickau")
    return site


def topic_file(path: str, site: NewsSite, *, extra: str = "") -> str:
    """A topics file for the site above, returned as written."""
    text = f'''
[[topic]]
name = "korea-test"
title = "Russia–North Korea (test)"
languages = ["de", "en"]

[topic.relevance]
query = '"north korea" AND russia'

[topic.relevance.aliases]
"north korea" = ["Nordkorea", "nordkoreanisch", "North Korean", "Pjöngjang", "Pyongyang", "Kim Jong Un"]
russia = ["Russland", "russisch", "Russian", "Moskau", "Moscow", "Putin", "Duma", "Staatsduma", "Kreml"]

[topic.alerts]
min_severity = "development"
max_per_run = 10
{extra}
[[topic.sources]]
kind = "rss"
name = "testpost-politik"
url = "{site.feed_url("politik")}"
language = "de"

[[topic.sources]]
kind = "rss"
name = "testpost-world"
url = "{site.feed_url("world")}"
language = "en"
'''
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return text


def pass_settings(
    tmp_path: Path,
    site: NewsSite,
    database_url: str,
    hook_url: str | None = None,
    extract_workers: int = 0,
) -> Settings:
    """Settings of a pass over the site above with the topics file of `topic_file` in
    `tmp_path`, alerting `hook_url` (none: the default targets), extracting in the main
    process unless `extract_workers` are asked for."""
    from tests.conftest import fetch_settings

    topics = tmp_path / "topics.toml"
    topic_file(str(topics), site)
    alerts = {"apprise_urls": hook_url} if hook_url is not None else {}
    return fetch_settings(
        database_url=database_url,
        topics_file=topics,
        data_dir=tmp_path,
        extract_workers=extract_workers,
        **alerts,
    )
