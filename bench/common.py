"""Shared benchmark helpers: resource measurement, medians, a local benchmark news site, settings.

The benchmark site runs in its own process (so serving pages never competes with the measured
code for the GIL) and serves pre-built, pre-gzipped pages with ETag/Last-Modified and 304s, plus
RSS feeds and robots.txt. It counts every byte it sends; ``/__bench/stats`` and
``/__bench/reset`` read and clear the counters without being counted themselves.

Pages are (a) the public article-extraction-benchmark pages, each reused under several URLs with
a changed title and first paragraph so no two are identical, and (b) German pages generated from
templates written for this benchmark. No dataset text is written into the project.
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import gzip
import hashlib
import html
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_DATASET = ROOT.parent / "shared" / "data" / "article-extraction-benchmark"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
MACHINE = f"{os.cpu_count()} cores, {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB"


# ------------------------------------------------------------------------------ measurement


def rss_mb() -> float:
    """Current resident set size of this process in MB."""
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


def peak_rss_self_mb() -> float:
    """Peak RSS of this process so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def own_cpu_seconds() -> float:
    """User+system CPU of this process alone (all its threads)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def cpu_seconds() -> float:
    """User+system CPU of this process and of every child it has waited for (pool workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class TreeRssSampler:
    """Samples the summed RSS of this process and all its descendants (e.g. a process pool).

    ru_maxrss only knows the largest single process; a pipeline with extraction workers uses
    their memory too, so the honest peak is the sum, sampled every ``interval`` seconds. The
    process list is refreshed once a second (listing children scans all of /proc) and RSS is
    read from /proc/<pid>/statm, so sampling costs well under 1 % of a core.
    """

    def __init__(self, interval: float = 0.05) -> None:
        import psutil

        self._proc = psutil.Process()
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._pids: list[int] = []
        self._listed = 0.0
        self._page = os.sysconf("SC_PAGE_SIZE")
        self.peak_mb = 0.0
        self.peak_main_mb = 0.0

    def _rss(self, pid: int) -> int:
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                return int(handle.read().split()[1]) * self._page
        except (OSError, IndexError, ValueError):
            return 0

    def _sample(self) -> None:
        import psutil

        now = time.monotonic()
        if now - self._listed > 1.0:
            with contextlib.suppress(psutil.Error):
                self._pids = [c.pid for c in self._proc.children(recursive=True)]
            self._listed = now
        main = self._rss(os.getpid())
        total = main + sum(self._rss(pid) for pid in self._pids)
        self.peak_mb = max(self.peak_mb, total / 2**20)
        self.peak_main_mb = max(self.peak_main_mb, main / 2**20)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self._sample()

    def __enter__(self) -> TreeRssSampler:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


@dataclass
class Usage:
    wall: float = 0.0
    cpu: float = 0.0
    cpu_main: float = 0.0
    peak_tree_mb: float = 0.0
    peak_main_mb: float = 0.0


@contextmanager
def measured() -> Iterator[Usage]:
    """Wall time, CPU (self + reaped children) and sampled peak RSS of the block."""
    usage = Usage()
    cpu0, main0, t0 = cpu_seconds(), own_cpu_seconds(), time.perf_counter()
    with TreeRssSampler() as sampler:
        yield usage
    usage.wall = time.perf_counter() - t0
    usage.cpu = cpu_seconds() - cpu0
    usage.cpu_main = own_cpu_seconds() - main0
    usage.peak_tree_mb = sampler.peak_mb
    usage.peak_main_mb = max(sampler.peak_main_mb, peak_rss_self_mb())


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def spread(values: Sequence[float]) -> str:
    """'median (min–max, n=k)' for printing noisy figures honestly."""
    if not values:
        return "n/a"
    if len(values) == 1:
        return f"{values[0]:.3g}"
    return f"{median(values):.3g} ({min(values):.3g}–{max(values):.3g}, n={len(values)})"


def run_json(args: Sequence[str], *, timeout: float | None = None) -> dict[str, Any]:
    """Run a benchmark step in a fresh interpreter; its last stdout line is a JSON object.

    A fresh process per step keeps peak RSS and CPU figures of one step free of another's.
    """
    proc = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"step {' '.join(args[:3])} failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
        )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"step {' '.join(args[:3])} printed no JSON:\n{proc.stdout[-2000:]}")
    return dict(json.loads(lines[-1]))


def now_stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


# ------------------------------------------------------------------------------ databases


def sqlite_url(directory: Path, name: str = "monitor.db") -> str:
    return f"sqlite:///{directory / name}"


@contextmanager
def fresh_database(base_url: str | None, directory: Path, name: str = "monitor") -> Iterator[str]:
    """A fresh, migrated database: a new SQLite file, or a new schema on PostgreSQL (dropped after)."""
    if not base_url or base_url.startswith("sqlite"):
        url = sqlite_url(directory, f"{name}-{os.getpid()}-{time.monotonic_ns()}.db")
        yield url
        return
    from sqlalchemy import create_engine, text

    schema = f"bench_{name}_{os.getpid()}_{time.monotonic_ns() % 10**9}"
    plain = base_url.split("?")[0]
    admin = create_engine(plain, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{plain}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def describe_db(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "sqlite"


# ----------------------------------------------------------------- German pages (our own text)

_DE_CITIES = ["Bremen", "Leipzig", "Kiel", "Rostock", "Dresden", "Mainz", "Erfurt", "Potsdam"]
_DE_DAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"]

# Each theme is one developing story: a headline pattern, a lede and sentences with numbers that
# change from report to report, so later reports of a theme carry new facts.
_DE_RELEVANT = [
    (
        "Weitere nordkoreanische Soldaten in Russland eingetroffen",
        [
            "Nach Angaben des südkoreanischen Geheimdienstes sind weitere {n} nordkoreanische "
            "Soldaten in Russland eingetroffen.",
            "Die Truppen sollen zunächst in Lagern im Fernen Osten Russlands ausgebildet werden.",
            "Moskau und Pjöngjang haben die Entsendung bislang nicht offiziell bestätigt.",
            "Beobachter in Seoul rechnen damit, dass die Zahl bis zum {day} auf {m} steigt.",
            "Der Kreml verweist auf den im Juni geschlossenen Beistandsvertrag mit Nordkorea.",
            "Die Ukraine meldet erste Gefechte mit nordkoreanischen Einheiten in der Region Kursk.",
        ],
    ),
    (
        "Nordkorea liefert Russland Artilleriemunition",
        [
            "Nordkorea hat Russland nach Schätzungen aus Seoul bislang {n} Container mit "
            "Artilleriegranaten geliefert.",
            "Die Lieferungen laufen über den Hafen Rason und die Bahnverbindung nach Chassan.",
            "Im Gegenzug erhalte Pjöngjang Lebensmittel, Öl und militärische Technologie aus "
            "Russland, heißt es in dem Bericht.",
            "Satellitenbilder zeigen nach Angaben von Analysten {m} Güterwagen am Grenzbahnhof.",
            "Das russische Verteidigungsministerium äußerte sich nicht zu den Vorwürfen.",
            "Die Vereinten Nationen prüfen einen Verstoß gegen bestehende Sanktionen.",
        ],
    ),
    (
        "Russland und Nordkorea bauen Handel aus",
        [
            "Der Handel zwischen Russland und Nordkorea ist im vergangenen Quartal um {n} "
            "Prozent gestiegen.",
            "Eine Regierungskommission beider Länder traf sich am {day} in Wladiwostok.",
            "Russische Firmen sollen künftig Kohle und Textilien aus Nordkorea beziehen.",
            "Moskau kündigte an, {m} Tonnen Weizen nach Pjöngjang zu liefern.",
            "Westliche Diplomaten sehen darin einen Bruch der internationalen Sanktionen.",
            "Nordkoreanische Arbeiter sind nach Berichten wieder auf russischen Baustellen tätig.",
        ],
    ),
    (
        "Putin empfängt nordkoreanische Delegation im Kreml",
        [
            "Wladimir Putin hat am {day} eine Delegation aus Nordkorea im Kreml empfangen.",
            "Nordkoreas Außenministerin sprach von einer unverbrüchlichen Freundschaft mit "
            "Russland.",
            "Beide Seiten unterzeichneten {n} Abkommen über Bildung, Gesundheit und Sport.",
            "Kim Jong Un wurde zu einem Besuch in Moskau eingeladen, ein Termin steht aus.",
            "Südkorea und Japan verfolgen die Annäherung mit wachsender Sorge.",
            "Zuletzt hatten sich Putin und Kim vor {m} Tagen in Pjöngjang getroffen.",
        ],
    ),
    (
        "Neue Straßenbrücke zwischen Russland und Nordkorea",
        [
            "Über den Grenzfluss Tumen soll eine Straßenbrücke Russland und Nordkorea verbinden.",
            "Die Bauarbeiten haben nach russischen Angaben am {day} begonnen.",
            "Die Brücke soll {n} Meter lang werden und in {m} Monaten fertig sein.",
            "Bisher verbindet nur eine alte Eisenbahnbrücke die beiden Länder.",
            "Moskau erwartet deutlich mehr Güterverkehr mit Pjöngjang.",
            "China beobachtet das Projekt an der gemeinsamen Grenzregion aufmerksam.",
        ],
    ),
]

_DE_OTHER = [
    (
        "Stadtrat beschließt neuen Haushalt",
        [
            "Der Stadtrat hat am {day} den Haushalt für das kommende Jahr beschlossen.",
            "Für Schulen und Kitas sind {n} Millionen Euro vorgesehen.",
            "Die Opposition kritisierte die geplante Erhöhung der Grundsteuer.",
            "Mehr als {m} Bürgerinnen und Bürger hatten Vorschläge eingereicht.",
            "Die Kämmerin sprach von einem soliden, aber engen Rahmen.",
        ],
    ),
    (
        "Hochwasser: Pegel steigt weiter",
        [
            "Der Pegel des Flusses ist bis zum Morgen auf {n} Zentimeter gestiegen.",
            "Die Feuerwehr hat {m} Sandsäcke an gefährdete Straßen gebracht.",
            "Mehrere Uferwege sind seit {day} gesperrt.",
            "Der Wetterdienst erwartet erst zum Wochenende ein Ende des Regens.",
            "Anwohner werden gebeten, Keller und Tiefgaragen zu räumen.",
        ],
    ),
    (
        "Heimsieg vor ausverkauftem Haus",
        [
            "Vor {n} Zuschauern gewann die Mannschaft am {day} ihr Heimspiel.",
            "Der Trainer lobte die Geschlossenheit seines Teams.",
            "In der Tabelle rückt der Verein damit auf Platz {m} vor.",
            "Das nächste Spiel findet auswärts statt.",
            "Ein Stürmer musste verletzt ausgewechselt werden.",
        ],
    ),
    (
        "Neue Buslinie verbindet Stadtteile",
        [
            "Ab {day} fährt eine neue Buslinie zwischen Innenstadt und Neubaugebiet.",
            "Die Busse verkehren im Takt von {n} Minuten.",
            "Die Verkehrsbetriebe rechnen mit {m} Fahrgästen am Tag.",
            "Für die Linie wurden drei neue Haltestellen gebaut.",
            "Pendler hatten die Verbindung seit Jahren gefordert.",
        ],
    ),
]

_DE_FILLER = [
    "Weitere Einzelheiten wurden zunächst nicht bekannt.",
    "Ein Sprecher wollte sich auf Nachfrage nicht äußern.",
    "Die Lage werde weiter genau beobachtet, hieß es.",
    "Eine Stellungnahme der Gegenseite steht noch aus.",
    "Bereits in den vergangenen Wochen hatte es ähnliche Berichte gegeben.",
    "Fachleute rechnen mit weiteren Entwicklungen in den kommenden Tagen.",
]


@dataclass
class SiteEntry:
    path: str
    title: str
    language: str
    published: datetime
    feed: str


def german_article(index: int, rng: random.Random, relevant: bool) -> tuple[str, list[str]]:
    """A German report written from our templates: (headline, paragraphs)."""
    themes = _DE_RELEVANT if relevant else _DE_OTHER
    headline, sentences = themes[index % len(themes)]
    values = {
        "n": rng.randint(3, 9000),
        "m": rng.randint(2, 400),
        "day": rng.choice(_DE_DAYS),
    }
    city = rng.choice(_DE_CITIES)
    picked = [s.format(**values) for s in sentences]
    rng.shuffle(picked)
    paragraphs = [picked[0] + " " + picked[1]]
    for chunk in range(2, len(picked), 2):
        body = " ".join(picked[chunk : chunk + 2])
        paragraphs.append(body + " " + rng.choice(_DE_FILLER))
    paragraphs.append(f"Meldung {index} aus {city}, zusammengestellt von der Redaktion.")
    return f"{headline} ({index})", paragraphs


_MOST_READ = "".join(
    f'<li><a href="/ressort/region/beitrag-{i}">{html.escape(city)}: Was sich ab {day} ändert</a></li>'
    for i, (city, day) in enumerate((c, d) for c in _DE_CITIES for d in _DE_DAYS[:4])
)
_SITEMAP = " ".join(
    f'<a href="/ressort/{section}/{topic}">{section.title()} {topic.title()}</a>'
    for section in ["politik", "wirtschaft", "kultur", "sport", "region", "wissen", "reise"]
    for topic in [
        "aktuell",
        "archiv",
        "dossier",
        "bilder",
        "video",
        "podcast",
        "kommentar",
        "interview",
        "hintergrund",
        "liveblog",
        "termine",
        "service",
    ]
)


def german_page(
    url: str,
    title: str,
    paragraphs: list[str],
    published: datetime,
    related: list[tuple[str, str]],
    *,
    language: str = "de",
) -> str:
    """A news page of a German site with the chrome of a real one: navigation, teasers, footer,
    scripts (its article in `language`)."""
    e = html.escape
    nav = " ".join(
        f'<a href="/ressort/{name.lower()}">{name}</a>'
        for name in ["Politik", "Wirtschaft", "Kultur", "Sport", "Region", "Wissen", "Meinung"]
    )
    teasers = "\n".join(
        f'<li class="teaser"><a href="{e(path)}">{e(text)}</a></li>' for path, text in related
    )
    body = "\n".join(f"<p>{e(p)}</p>" for p in paragraphs)
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": published.isoformat(),
            "inLanguage": language,
            "author": {"@type": "Organization", "name": "Benchpost Redaktion"},
        },
        ensure_ascii=False,
    )
    return f"""<!DOCTYPE html>
<html lang="{language}"><head><meta charset="utf-8">
<title>{e(title)} | Benchpost</title>
<link rel="canonical" href="{e(url)}">
<meta name="description" content="{e(paragraphs[0][:150])}">
<meta property="og:title" content="{e(title)}">
<meta property="og:url" content="{e(url)}">
<meta property="article:published_time" content="{published.isoformat()}">
<style>body{{font-family:serif;margin:0}} .teaser{{margin:4px}} nav a{{padding:0 6px}}</style>
<script type="application/ld+json">{ld}</script>
<script>window.benchpost={{consent:false,section:"politik"}};</script>
</head><body>
<header><a href="/">Benchpost</a><nav>{nav}</nav>
<form action="/suche"><input name="q" placeholder="Suche"></form></header>
<div class="cookie">Wir verwenden Cookies, um unser Angebot zu verbessern. <a href="/datenschutz">Mehr</a></div>
<main><article>
<h1>{e(title)}</h1>
<p class="byline">Von der Redaktion, <time datetime="{published.isoformat()}">{published:%d.%m.%Y %H:%M}</time></p>
{body}
</article>
<aside><h2>Mehr zum Thema</h2><ul>{teasers}</ul></aside>
<aside class="most-read"><h2>Meistgelesen</h2><ol>{_MOST_READ}</ol></aside>
<section class="comments"><h2>Kommentare</h2><p>Die Kommentarfunktion ist geschlossen.</p></section>
</main>
<footer><a href="/impressum">Impressum</a> <a href="/datenschutz">Datenschutz</a>
<a href="/kontakt">Kontakt</a> <a href="/abo">Abo</a> <a href="/archiv">Archiv</a>
<nav class="sitemap">{_SITEMAP}</nav></footer>
</body></html>
"""


# ------------------------------------------------------------ benchmark pages (public dataset)

_CANONICAL = re.compile(r"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*>", re.I)
_OG_URL = re.compile(r"<meta\b[^>]*\bproperty=[\"']og:url[\"'][^>]*>", re.I)
_BASE = re.compile(r"<base\b[^>]*>", re.I)
_TITLE = re.compile(r"(<title[^>]*>)(.*?)(</title>)", re.I | re.S)
_FIRST_P = re.compile(r"(<p\b[^>]*>)", re.I)
_HEAD_END = re.compile(r"</head>", re.I)


def dataset_pages(dataset: Path) -> list[tuple[str, str]]:
    """(key, html) of every benchmark page, or [] when the dataset is absent."""
    folder = dataset / "html"
    if not folder.is_dir():
        return []
    pages = []
    for path in sorted(folder.glob("*.html.gz")):
        raw = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        raw = _BASE.sub("", _OG_URL.sub("", _CANONICAL.sub("", raw)))
        pages.append((path.name.split(".")[0], raw))
    return pages


def dataset_variant(raw: str, url: str, variant: int, serial: int) -> str:
    """The page under another URL: its own canonical, a changed title and first paragraph."""
    note = f"Edition {variant + 1}, bulletin {serial}: updated for readers of the local site."
    page = _TITLE.sub(lambda m: f"{m.group(1)}{m.group(2)} ({variant + 1}){m.group(3)}", raw, 1)
    page = _FIRST_P.sub(lambda m: f"{m.group(1)}{note} ", page, 1)
    canonical = f'<link rel="canonical" href="{html.escape(url)}">'
    page, count = _HEAD_END.subn(canonical + "</head>", page, 1)
    return page if count else canonical + page


# --------------------------------------------------------------------------- the site itself


@dataclass
class SiteSpec:
    """What the benchmark site serves; the site process builds everything from this."""

    articles: int = 1000
    german: int = 250
    feeds: int = 20
    dataset: str = str(DEFAULT_DATASET)
    seed: int = 7
    relevant_share: float = 0.5  # of the German pages, the share about the topic
    window_hours: float = 40.0  # newest to oldest publication time
    # the share of all pages about the topic (None: only `relevant_share` of the German pages);
    # see on_topic_plan
    on_topic_share: float | None = None


# ----------------------------------------------- on-topic stream (our own text, de and en)

# English running stories of the topic, written for this benchmark like the German ones above.
_EN_RELEVANT = [
    (
        "North Korean troops arrive in Russia",
        [
            "South Korean intelligence says another {n} North Korean soldiers have arrived in "
            "Russia.",
            "The troops are expected to train at camps in the Russian Far East first.",
            "Moscow and Pyongyang have not officially confirmed the deployment.",
            "Officials in Seoul expect the number to rise to {m} by {day}.",
            "The Kremlin points to the mutual defence treaty Russia signed with North Korea.",
            "Ukraine reports first clashes with North Korean units in the Kursk region.",
        ],
    ),
    (
        "North Korea ships artillery shells to Russia",
        [
            "North Korea has shipped {n} containers of artillery shells to Russia, according to "
            "estimates from Seoul.",
            "The shipments run through the port of Rason and the rail link to Khasan.",
            "In return Pyongyang receives food, oil and military technology from Russia, the "
            "report says.",
            "Satellite images show {m} freight wagons at the border station, analysts say.",
            "The Russian defence ministry did not comment on the allegations.",
            "The United Nations is examining a breach of existing sanctions.",
        ],
    ),
    (
        "Russia and North Korea expand trade",
        [
            "Trade between Russia and North Korea rose by {n} percent in the last quarter.",
            "A joint government commission met in Vladivostok on {day}.",
            "Russian companies are to buy coal and textiles from North Korea.",
            "Moscow announced it would deliver {m} tonnes of wheat to Pyongyang.",
            "Western diplomats see the deal as a breach of international sanctions.",
            "North Korean workers are reported back on Russian building sites.",
        ],
    ),
    (
        "Putin receives North Korean delegation",
        [
            "Vladimir Putin received a delegation from North Korea in Moscow on {day}.",
            "North Korea's foreign minister spoke of an unbreakable friendship with Russia.",
            "The two sides signed {n} agreements on education, health and sport.",
            "Kim Jong Un was invited to visit Moscow, no date has been set.",
            "South Korea and Japan follow the rapprochement with growing concern.",
            "Putin and Kim last met {m} days ago in Pyongyang.",
        ],
    ),
    (
        "New road bridge between Russia and North Korea",
        [
            "A road bridge over the Tumen river is to link Russia and North Korea.",
            "Construction began on {day}, according to Russian officials.",
            "The bridge will be {n} metres long and is due to open in {m} months.",
            "So far only an old railway bridge connects the two countries.",
            "Moscow expects much more freight traffic with Pyongyang.",
            "China is watching the project in the shared border region closely.",
        ],
    ),
]

_EN_FILLER = [
    "Further details were not immediately available.",
    "A spokesman declined to comment when asked.",
    "The situation is being watched closely, officials said.",
    "A response from the other side is still pending.",
    "Similar reports had emerged in recent weeks.",
    "Experts expect further developments in the coming days.",
]
_EN_CITIES = ["Seoul", "Tokyo", "London", "Berlin", "Washington", "Vienna", "Geneva", "Brussels"]
_EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

# background sentences of the topic that any report may carry (context, not news)
_CONTEXT = {
    "de": [
        "Russland und Nordkorea hatten im vergangenen Jahr einen Vertrag über eine umfassende "
        "strategische Partnerschaft unterzeichnet.",
        "Der Vertrag sieht gegenseitigen militärischen Beistand im Fall eines Angriffs vor.",
        "Nordkorea steht wegen seines Atomprogramms unter internationalen Sanktionen.",
        "Die Beziehungen zwischen Moskau und Pjöngjang reichen bis in die Sowjetzeit zurück.",
        "Südkorea hat wiederholt vor einer Ausweitung der Zusammenarbeit gewarnt.",
        "Die Regierung in Kiew fordert eine deutliche Reaktion der westlichen Partner.",
    ],
    "en": [
        "Russia and North Korea signed a comprehensive strategic partnership treaty last year.",
        "The treaty provides for mutual military assistance in the event of an attack.",
        "North Korea is under international sanctions over its nuclear programme.",
        "Ties between Moscow and Pyongyang date back to the Soviet era.",
        "South Korea has repeatedly warned against deeper cooperation between the two.",
        "The government in Kyiv is calling for a firm response from Western partners.",
    ],
}
_BACKGROUND_PREFIX = {"de": "Hintergrund", "en": "Explainer"}
_COPY_LINE = {
    "de": "Diese Meldung wurde von einer Nachrichtenagentur übernommen ({n}).",
    "en": "This report was taken over from a news agency ({n}).",
}


def on_topic_article(
    index: int, story: int, language: str, rng: random.Random
) -> tuple[str, list[str]]:
    """A report of one of the topic's running stories, in German or English: the story's
    sentences with this report's numbers (a development when they changed), some of the topic's
    background and filler."""
    themes = _DE_RELEVANT if language == "de" else _EN_RELEVANT
    headline, sentences = themes[story % len(themes)]
    days = _DE_DAYS if language == "de" else _EN_DAYS
    values = {"n": rng.randint(3, 9000), "m": rng.randint(2, 400), "day": rng.choice(days)}
    picked = [s.format(**values) for s in sentences]
    # the lead with this report's numbers, three of the story's other sentences, two of the
    # topic's background
    body = [*rng.sample(picked[1:], 3), *rng.sample(_CONTEXT[language], 2)]
    rng.shuffle(body)
    filler = _DE_FILLER if language == "de" else _EN_FILLER
    paragraphs = [picked[0] + " " + body[0]]
    for chunk in range(1, len(body), 2):
        paragraphs.append(" ".join(body[chunk : chunk + 2]) + " " + rng.choice(filler))
    city = rng.choice(_DE_CITIES if language == "de" else _EN_CITIES)
    paragraphs.append(
        f"Meldung {index} aus {city}, zusammengestellt von der Redaktion."
        if language == "de"
        else f"Report {index} from {city}, compiled by the newsroom."
    )
    return f"{headline} ({index})", paragraphs


def background_article(index: int, story: int, language: str) -> tuple[str, list[str]]:
    """A background piece on a story: its sentences without this week's numbers, retold."""
    themes = _DE_RELEVANT if language == "de" else _EN_RELEVANT
    headline, sentences = themes[story % len(themes)]
    plain = [s for s in sentences if "{" not in s]
    paragraphs = [" ".join(plain[:2]), " ".join(_CONTEXT[language][:3])]
    paragraphs += [" ".join(plain[2:]), " ".join(_CONTEXT[language][3:])]
    return f"{_BACKGROUND_PREFIX[language]}: {headline} ({index})", paragraphs


@dataclass
class _Report:
    title: str
    paragraphs: list[str]
    language: str


def on_topic_plan(spec: SiteSpec, rng: random.Random) -> dict[int, _Report]:
    """Which pages of the site are the topic's (a share `spec.on_topic_share` of them), and what
    each says: running stories in German and English (five each), most pages reports with new
    numbers, some copies of an earlier report of the same story (a wire copy under a new
    headline and a changed last line) and some background pieces. Built oldest first, so a copy
    always follows its original."""
    share = spec.on_topic_share or 0.0
    plan: dict[int, _Report] = {}
    earlier: dict[tuple[str, int], list[_Report]] = {}
    seen = 0
    for i in reversed(range(spec.articles)):  # index 0 is the newest page
        if int((i + 1) * share) == int(i * share):
            continue
        language = "de" if seen % 2 == 0 else "en"
        story = (seen // 2) % len(_EN_RELEVANT)
        seen += 1
        roll = rng.random()
        before = earlier.setdefault((language, story), [])
        if roll < 0.2 and before:
            original = rng.choice(before[-5:])
            title = f"{original.title.rsplit(' (', 1)[0]} ({i})"
            paragraphs = [*original.paragraphs[:-1], _COPY_LINE[language].format(n=i)]
            plan[i] = _Report(title, paragraphs, language)
            continue
        if roll < 0.3:
            plan[i] = _Report(*background_article(i, story, language), language)
            continue
        report = _Report(*on_topic_article(i, story, language, rng), language)
        before.append(report)
        plan[i] = report
    return plan


@dataclass
class _Resource:
    body: bytes  # gzip-compressed when gz is True
    gz: bool
    ctype: str
    etag: str
    modified: str


def _resource(raw: bytes, ctype: str, modified: datetime) -> _Resource:
    etag = '"' + hashlib.sha1(raw).hexdigest()[:16] + '"'
    stamp = email.utils.format_datetime(modified.astimezone(UTC), usegmt=True)
    if len(raw) > 512:
        return _Resource(gzip.compress(raw, 6, mtime=0), True, ctype, etag, stamp)
    return _Resource(raw, False, ctype, etag, stamp)


def _rss(base: str, name: str, items: list[SiteEntry]) -> bytes:
    e = html.escape
    entries = "".join(
        f"""
<item><title>{e(a.title)}</title><link>{e(base + a.path)}</link>
<guid isPermaLink="true">{e(base + a.path)}</guid>
<pubDate>{email.utils.format_datetime(a.published)}</pubDate></item>"""
        for a in items
    )
    updated = items[0].published if items else datetime.now(UTC)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Benchpost {e(name)}</title><link>{e(base)}/</link>
<description>Benchpost feed {e(name)}</description>
<lastBuildDate>{email.utils.format_datetime(updated)}</lastBuildDate>{entries}
</channel></rss>
""".encode()


def _dataset_page(
    pages: list[tuple[str, str]], i: int, base: str, day: str
) -> tuple[str, str, str]:
    """Page `i` of the site made from a public page: its path, HTML and title."""
    key, raw = pages[i % len(pages)]
    variant = i // len(pages)
    path = f"/news/{day}/{key[:16]}-{variant}.html"
    text = dataset_variant(raw, base + path, variant, i)
    match = _TITLE.search(text)
    return path, text, html.unescape(match.group(2).strip()) if match else path


def build_site(spec: SiteSpec, base: str) -> tuple[dict[str, _Resource], list[SiteEntry], bool]:
    """Every resource of the site keyed by path, the article list, and whether the dataset was there."""
    rng = random.Random(spec.seed)
    now = datetime.now(UTC).replace(microsecond=0)
    pages = dataset_pages(Path(spec.dataset))
    german = spec.articles if not pages else min(spec.german, spec.articles)
    step = timedelta(hours=spec.window_hours) / max(spec.articles, 1)
    resources: dict[str, _Resource] = {}
    entries: list[SiteEntry] = []
    recent: list[tuple[str, str]] = []
    german_every = max(1, round(spec.articles / german)) if german else 0
    relevant_every = max(1, round(1 / spec.relevant_share)) if spec.relevant_share > 0 else 0
    on_topic = on_topic_plan(spec, random.Random(spec.seed + 1)) if spec.on_topic_share else {}
    # the other pages: three of four public pages, one of four German local news
    off_topic = 0
    for i in range(spec.articles):
        published = now - step * i
        day = f"{published:%Y/%m/%d}"
        feed = f"feed-{i % spec.feeds}"
        report = on_topic.get(i)
        if report is not None:
            path = f"/{report.language}/{day}/report-{i}.html"
            text = german_page(
                base + path,
                report.title,
                report.paragraphs,
                published,
                recent[-6:],
                language=report.language,
            )
            title, language = report.title, report.language
        elif spec.on_topic_share and pages and off_topic % 4 != 3:
            off_topic += 1
            path, text, title = _dataset_page(pages, i, base, day)
            language = "en"
        elif spec.on_topic_share or not pages or (german_every and i % german_every == 0):
            off_topic += 1
            nth_german = i // german_every if german_every else i
            relevant = (
                not spec.on_topic_share
                and bool(relevant_every)
                and nth_german % relevant_every == 0
            )
            title, paragraphs = german_article(i, rng, relevant)
            path = f"/de/{day}/meldung-{i}.html"
            text = german_page(base + path, title, paragraphs, published, recent[-6:])
            language = "de"
        else:
            path, text, title = _dataset_page(pages, i, base, day)
            language = "en"
        entries.append(SiteEntry(path, title[:200], language, published, feed))
        recent.append((path, title[:120]))
        resources[path] = _resource(text.encode("utf-8"), "text/html; charset=utf-8", published)
    for f in range(spec.feeds):
        name = f"feed-{f}"
        items = [a for a in entries if a.feed == name]
        resources[f"/feeds/{name}.xml"] = _resource(
            _rss(base, name, items),
            "application/rss+xml; charset=utf-8",
            items[0].published if items else now,
        )
    resources["/robots.txt"] = _resource(
        b"User-agent: *\nAllow: /\n", "text/plain; charset=utf-8", now
    )
    return resources, entries, bool(pages)


class _Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.requests = 0
        self.bytes_out = 0
        self.bytes_in = 0
        self.statuses: dict[str, int] = {}
        self.paths: dict[str, int] = {"feeds": 0, "pages": 0, "other": 0}

    def add(self, status: int, sent: int, received: int, path: str) -> None:
        with self.lock:
            self.requests += 1
            self.bytes_out += sent
            self.bytes_in += received
            self.statuses[str(status)] = self.statuses.get(str(status), 0) + 1
            kind = (
                "feeds"
                if path.startswith("/feeds/")
                else ("pages" if path.endswith(".html") else "other")
            )
            self.paths[kind] += 1

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "requests": self.requests,
                "bytes_out": self.bytes_out,
                "bytes_in": self.bytes_in,
                "bytes": self.bytes_out + self.bytes_in,
                "statuses": dict(self.statuses),
                "paths": dict(self.paths),
            }


def _serve(spec: SiteSpec, manifest_path: Path) -> None:
    """Entry point of the site process: build, bind, write the manifest, serve forever."""
    stats = _Stats()
    table: dict[str, _Resource] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path.startswith("http://") or path.startswith("https://"):
                path = "/" + path.split("/", 3)[-1]
            if path == "/__bench/stats":
                return self._plain(200, json.dumps(stats.snapshot()).encode(), count=False)
            if path == "/__bench/reset":
                stats.reset()
                return self._plain(200, b"{}", count=False)
            received = (
                len(self.requestline)
                + 2
                + sum(len(k) + len(v) + 4 for k, v in self.headers.items())
                + 2
            )
            res = table.get(path)
            if res is None:
                return self._plain(404, b"not found", received=received)
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            fresh = (inm is not None and res.etag in inm) or (
                inm is None and ims is not None and ims == res.modified
            )
            headers = [("ETag", res.etag), ("Last-Modified", res.modified)]
            if fresh:
                return self._send(304, headers, b"", received)
            body = res.body
            if res.gz:
                if "gzip" in (self.headers.get("Accept-Encoding") or ""):
                    headers.append(("Content-Encoding", "gzip"))
                else:
                    body = gzip.decompress(body)
            headers.append(("Content-Type", res.ctype))
            return self._send(200, headers, body, received)

        def _plain(
            self, status: int, body: bytes, *, count: bool = True, received: int = 0
        ) -> None:
            self._send(status, [("Content-Type", "text/plain")], body, received, count=count)

        def _send(
            self,
            status: int,
            headers: list[tuple[str, str]],
            body: bytes,
            received: int,
            *,
            count: bool = True,
        ) -> None:
            reason = self.responses.get(status, ("",))[0]
            lines = [
                f"HTTP/1.1 {status} {reason}",
                "Server: benchsite",
                f"Content-Length: {len(body)}",
            ]
            lines += [f"{k}: {v}" for k, v in headers]
            head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
            data = head + (body if self.command != "HEAD" else b"")
            try:
                self.wfile.write(data)
            except OSError:
                self.close_connection = True
            if count:
                stats.add(status, len(data), received, self.path)

        do_HEAD = do_GET

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        allow_reuse_address = True
        request_queue_size = 256

        def handle_error(self, request: Any, client_address: Any) -> None:
            pass

    server = Server(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    resources, entries, had_dataset = build_site(spec, base)
    table.update(resources)
    manifest = {
        "base": base,
        "dataset_found": had_dataset,
        "spec": asdict(spec),
        "articles": [
            {
                "path": a.path,
                "title": a.title,
                "language": a.language,
                "feed": a.feed,
                "published": a.published.isoformat(),
            }
            for a in entries
        ],
        "feeds": [f"/feeds/feed-{f}.xml" for f in range(spec.feeds)],
        "page_bytes_raw": sum(
            len(zlib.decompress(r.body, 31)) if r.gz else len(r.body)
            for p, r in resources.items()
            if p.endswith(".html")
        ),
    }
    tmp = manifest_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(manifest))
    tmp.rename(manifest_path)
    server.serve_forever(poll_interval=0.2)


@dataclass
class BenchSite:
    """A running benchmark site in its own process; use as a context manager."""

    spec: SiteSpec
    manifest: dict[str, Any] = field(default_factory=dict)
    _proc: subprocess.Popen[bytes] | None = None
    _dir: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> BenchSite:
        self._dir = tempfile.TemporaryDirectory(prefix="benchsite-")
        manifest = Path(self._dir.name) / "manifest.json"
        self._proc = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__)),
                "serve",
                json.dumps(asdict(self.spec)),
                str(manifest),
            ],
            cwd=ROOT,
        )
        deadline = time.monotonic() + 900
        while not manifest.exists():
            if self._proc.poll() is not None:
                raise RuntimeError("the benchmark site process died while building")
            if time.monotonic() > deadline:
                raise RuntimeError("the benchmark site took too long to build")
            time.sleep(0.1)
        self.manifest = json.loads(manifest.read_text())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait(10)
        if self._dir is not None:
            self._dir.cleanup()

    @property
    def base(self) -> str:
        return str(self.manifest["base"])

    @property
    def dataset_found(self) -> bool:
        return bool(self.manifest["dataset_found"])

    def article_urls(self) -> list[str]:
        return [self.base + a["path"] for a in self.manifest["articles"]]

    def feed_urls(self) -> list[str]:
        return [self.base + p for p in self.manifest["feeds"]]

    def stats(self) -> dict[str, Any]:
        return site_stats(self.base)

    def reset(self) -> None:
        reset_site(self.base)


def site_stats(base: str) -> dict[str, Any]:
    with urllib.request.urlopen(base + "/__bench/stats", timeout=10) as reply:
        return dict(json.loads(reply.read()))


def reset_site(base: str) -> None:
    with urllib.request.urlopen(base + "/__bench/reset", timeout=10) as reply:
        reply.read()


# ------------------------------------------------------------------------ monitor settings


RELEVANCE = """
[topic.relevance]
query = '"north korea" AND russia'

[topic.relevance.aliases]
"north korea" = ["Nordkorea", "nordkoreanisch", "nordkoreanische", "nordkoreanischen", "North Korean", "Pjöngjang", "Pyongyang", "Kim Jong Un"]
russia = ["Russland", "russisch", "russische", "russischen", "Russian", "Moskau", "Moscow", "Putin", "Kreml", "Wladiwostok"]
"""


def write_topic(path: Path, feed_urls: Sequence[str], *, name: str = "bench") -> Path:
    """A topic over the site's feeds, about the Russia–North Korea alliance like our default."""
    sources = "".join(
        f"""
[[topic.sources]]
kind = "rss"
name = "benchpost-{i}"
url = "{url}"
"""
        for i, url in enumerate(feed_urls)
    )
    path.write_text(
        f"""[[topic]]
name = "{name}"
title = "Benchmark: Russia and North Korea"
languages = ["de", "en"]
{RELEVANCE}
[topic.alerts]
min_severity = "development"
max_per_run = 10
{sources}""",
        encoding="utf-8",
    )
    return path


def bench_settings(
    *, database_url: str, topics_file: Path, data_dir: Path, apprise_urls: str = "", **extra: Any
) -> Any:
    """Settings for a run against the loopback site: allowed address, no per-host delay."""
    from monitor.config import Settings

    values: dict[str, Any] = {
        "database_url": database_url,
        "topics_file": topics_file,
        "data_dir": data_dir,
        "apprise_urls": apprise_urls,
        "fetch_allow": "127.0.0.1",
        "fetch_host_delay": 0.0,
        "obey_robots": True,
        "contact_url": "https://example.org/newsmonitor-bench",
        "log_level": "WARNING",
    }
    values.update(extra)
    return Settings(_env_file=None, **values)


def fmt_bytes(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if abs(n) < 1000:
            return f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"


def table(rows: Sequence[Sequence[Any]], header: Sequence[str]) -> str:
    """A GitHub-flavoured Markdown table, ready to paste into bench/README.md."""
    cells = [[str(c) for c in header]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    out = ["| " + " | ".join(c.ljust(w) for c, w in zip(cells[0], widths, strict=True)) + " |"]
    out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    out += [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"
        for r in cells[1:]
    ]
    return "\n".join(out)


def _main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark helpers (the site process).")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="build and serve a benchmark site (internal)")
    serve.add_argument("spec")
    serve.add_argument("manifest", type=Path)
    args = parser.parse_args(argv)
    if args.command == "serve":
        _serve(SiteSpec(**json.loads(args.spec)), args.manifest)


Callback = Callable[[], None]

if __name__ == "__main__":
    _main()
