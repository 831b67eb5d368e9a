"""Story memory bench: quality and per-article decision time on a synthetic German/English stream.

    .venv/bin/python bench/novelty.py --sizes 1000,10000,100000 [--db sqlite|URL] [--seed 1]

The stream has many stories; each has a first report, reports of the same facts in the other
language (known), wire copies with another headline, intro and footer (duplicate), background
pieces that restate earlier facts in other words (known) and later steps with new events,
numbers and names (development). Stories run for days to weeks, several at once, and share the
vocabulary of one topic, so they are not trivially apart. Printed: duplicate precision/recall,
story pairwise F1, development precision/recall (over the whole stream) and the median per-article
decision time around each stored size (the articles just before it).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from monitor.config import NoveltyConfig, RelevanceConfig, Topic
from monitor.novelty import Document, StoryMemory
from monitor.store.db import Database
from monitor.store.memory import SqlMemoryIndex
from monitor.store.schema import Base

SYLLABLES = [
    "ka",
    "ri",
    "mo",
    "ta",
    "ne",
    "lu",
    "vi",
    "so",
    "da",
    "ren",
    "bor",
    "gal",
    "mir",
    "tek",
    "san",
    "vol",
    "dor",
    "pra",
    "zin",
    "kel",
    "ush",
    "ost",
]

# (English past, German past) of events a story may step through
EVENTS = [
    ("signed an agreement on", "unterzeichnete ein Abkommen über"),
    ("ratified the accord on", "ratifizierte das Abkommen über"),
    ("approved the plan for", "billigte den Plan für"),
    ("rejected the proposal on", "lehnte den Vorschlag ab zu"),
    ("deployed troops to protect", "entsandte Truppen zum Schutz von"),
    ("imposed sanctions over", "verhängte Sanktionen wegen"),
    ("announced talks about", "kündigte Gespräche an über"),
    ("arrested officials over", "nahm Beamte fest wegen"),
    ("delivered weapons for", "lieferte Waffen für"),
    ("withdrew its ambassador over", "zog seinen Botschafter ab wegen"),
    ("closed the border because of", "schloss die Grenze wegen"),
    ("launched an attack on", "startete einen Angriff auf"),
]
OBJECTS = [
    ("the port of {place}", "den Hafen von {place}"),
    ("the pipeline near {place}", "die Pipeline bei {place}"),
    ("the dam at {place}", "den Staudamm bei {place}"),
    ("the airport of {place}", "den Flughafen von {place}"),
    ("the mine in {place}", "die Mine in {place}"),
    ("the factory in {place}", "die Fabrik in {place}"),
]
FILLER_EN = [
    "Observers said the situation remained tense and difficult to assess.",
    "Officials did not immediately respond to a request for comment.",
    "The government has faced growing pressure at home in recent months.",
    "Analysts expect further negotiations in the coming weeks.",
    "Critics accuse the leadership of acting without consulting parliament.",
    "The decision drew mixed reactions from neighbouring countries.",
]
FILLER_DE = [
    "Beobachter bezeichneten die Lage als angespannt und schwer einzuschätzen.",
    "Eine Anfrage um Stellungnahme blieb zunächst unbeantwortet.",
    "Die Regierung steht seit Monaten innenpolitisch unter Druck.",
    "Fachleute rechnen in den kommenden Wochen mit weiteren Verhandlungen.",
    "Kritiker werfen der Führung vor, ohne das Parlament gehandelt zu haben.",
    "Die Entscheidung stieß in den Nachbarländern auf geteiltes Echo.",
]
INTROS_EN = ["(Reuters) - ", "WIRE - ", "Breaking: ", "Update - "]
INTROS_DE = ["(dpa) - ", "(AFP) - ", "Eilmeldung: ", "Aktualisiert - "]
FOOTERS_EN = [
    "Reporting by the world desk; editing by the news team.",
    "Follow our live coverage for the latest updates from the region.",
    "Sign up for our newsletter to get the day's top stories.",
]
FOOTERS_DE = [
    "Mehr Nachrichten aus aller Welt lesen Sie in unserer App.",
    "Mit Material von Nachrichtenagenturen; bearbeitet von der Redaktion.",
    "Abonnieren Sie unseren Newsletter für die wichtigsten Meldungen des Tages.",
]


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


@dataclass
class Step:
    actor: str
    org: str
    event: int
    obj: int
    place: str
    number: int
    day: datetime


@dataclass
class Truth:
    story: int
    kind: str  # first | copy | known | development
    duplicate_of: str | None = None


@dataclass
class Stream:
    docs: list[Document] = field(default_factory=list)
    truth: dict[str, Truth] = field(default_factory=dict)


def _fact(step: Step, lang: str, variant: int) -> str:
    event_en, event_de = EVENTS[step.event]
    obj_en, obj_de = OBJECTS[step.obj]
    obj = (obj_en if lang == "en" else obj_de).format(place=step.place)
    if lang == "en":
        forms = [
            f"{step.actor} of the {step.org} {event_en} {obj}, involving {step.number} people.",
            f"The {step.org} led by {step.actor} {event_en} {obj}; {step.number} people are affected.",
        ]
    else:
        forms = [
            f"{step.actor} von der {step.org} {event_de} {obj}, betroffen sind {step.number} Menschen.",
            f"Die {step.org} unter {step.actor} {event_de} {obj}; {step.number} Menschen sind betroffen.",
        ]
    return forms[variant % 2]


def _detail(step: Step, lang: str, rng: random.Random) -> str:
    if lang == "en":
        return (
            f"The move in {step.place} was confirmed by {step.actor} on "
            f"{step.day:%A}, after {step.number // 3 + 2} hours of talks."
        )
    weekday = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
    return (
        f"{step.actor} bestätigte den Schritt in {step.place} am {weekday[step.day.weekday()]} "
        f"nach {step.number // 3 + 2} Stunden Gesprächen."
    )


def _article(steps: list[Step], lang: str, rng: random.Random, new_step: bool) -> tuple[str, str]:
    """Headline and body: the newest step in full (when it is news), earlier steps recapped."""
    fillers = FILLER_EN if lang == "en" else FILLER_DE
    last = steps[-1]
    body: list[str] = []
    if new_step:
        body.append(_fact(last, lang, 0))
        body.append(_detail(last, lang, rng))
        recap = steps[:-1]
    else:
        recap = steps
    for step in recap[-2:]:
        body.append(_fact(step, lang, 1))
    body.extend(rng.sample(fillers, 2))
    event_en, event_de = EVENTS[last.event]
    title = (
        f"{last.org}: {last.actor} {event_en.split(' ')[0]} ({last.place})"
        if lang == "en"
        else f"{last.org}: {last.actor} {event_de.split(' ')[0]} ({last.place})"
    )
    return title, "\n".join(body)


def generate(n: int, seed: int) -> Stream:
    """About n articles; ~12 % copies, ~25 % known, ~20 % developments."""
    rng = random.Random(seed)
    stream = Stream()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    # keep about 40 stories running at once whatever the size: a story every ~3 hours
    items: list[tuple[datetime, Document, Truth]] = []
    story = 0
    orgs = [f"{_name(rng, 2)}-Union" for _ in range(60)]
    places = [_name(rng, 2) for _ in range(400)]
    while len(items) < n:
        story += 1
        t0 = start + timedelta(hours=3 * story + rng.random() * 3)
        org = rng.choice(orgs)
        place = rng.choice(places)
        steps = [
            Step(
                _name(rng, 3),
                org,
                rng.randrange(len(EVENTS)),
                rng.randrange(len(OBJECTS)),
                place,
                rng.randrange(12, 5000),
                t0,
            )
        ]
        first_lang = rng.choice(["de", "en"])
        seq = 0

        def add(
            when: datetime, title: str, text: str, lang: str, truth: Truth, story: int = story
        ) -> str:
            nonlocal seq
            seq += 1
            key = f"s{story}-{seq}"
            items.append((when, Document(key, title, text, lang, when), truth))
            return key

        title, text = _article(steps, first_lang, rng, True)
        first_key = add(t0, title, text, first_lang, Truth(story, "first"))
        originals = [(first_key, title, text, first_lang, t0)]
        for _ in range(rng.choice([1, 2, 3])):
            when = t0 + timedelta(hours=rng.random() * 48)
            roll = rng.random()
            if roll < 0.45:
                key, _t, text_o, lang_o, t_o = rng.choice(originals)
                intro = rng.choice(INTROS_EN if lang_o == "en" else INTROS_DE)
                footer = rng.choice(FOOTERS_EN if lang_o == "en" else FOOTERS_DE)
                copy_title = f"{steps[-1].place}: {rng.choice(['Latest', 'Update', 'Neu'])} {rng.randrange(99)}"
                add(
                    max(when, t_o),
                    copy_title,
                    f"{intro}{text_o}\n{footer}",
                    lang_o,
                    Truth(story, "copy", key),
                )
            else:
                lang = "en" if first_lang == "de" else "de"
                title_k, text_k = _article(steps, lang, rng, rng.random() < 0.5)
                add(when, title_k, text_k, lang, Truth(story, "known"))
        t = t0
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            t = t + timedelta(days=1 + rng.random() * 6)
            steps.append(
                Step(
                    rng.choice([steps[-1].actor, _name(rng, 3)]),
                    org,
                    rng.randrange(len(EVENTS)),
                    rng.randrange(len(OBJECTS)),
                    place,
                    rng.randrange(12, 5000),
                    t,
                )
            )
            lang = rng.choice(["de", "en"])
            title, text = _article(steps, lang, rng, True)
            key = add(t, title, text, lang, Truth(story, "development"))
            originals.append((key, title, text, lang, t))
            if rng.random() < 0.5:
                lang_b = rng.choice(["de", "en"])
                title_b, text_b = _article(steps, lang_b, rng, False)
                add(
                    t + timedelta(hours=6 + rng.random() * 30),
                    title_b,
                    text_b,
                    lang_b,
                    Truth(story, "known"),
                )
    items.sort(key=lambda item: (item[0], item[1].key))
    for _when, doc, truth in items[:n]:
        stream.docs.append(doc)
        stream.truth[doc.key] = truth
    return stream


def _pairs(counts: Counter[tuple[int, ...]] | Counter[int]) -> int:
    return sum(c * (c - 1) // 2 for c in counts.values())


def _pr(tp: int, predicted: int, actual: int) -> tuple[float, float]:
    return (tp / predicted if predicted else 1.0, tp / actual if actual else 1.0)


def run(sizes: list[int], url: str | None, seed: int, config: NoveltyConfig) -> None:
    total = max(sizes)
    print(f"generating {total} articles (seed {seed}) ...", flush=True)
    stream = generate(total, seed)
    with tempfile.TemporaryDirectory() as tmp:
        database = Database(url or f"sqlite:///{tmp}/bench.db")
        Base.metadata.create_all(database.engine)
        topic = Topic(
            name=f"bench-{seed}-{int(time.time())}",
            relevance=RelevanceConfig(query="x"),
            novelty=config,
        )
        timings: list[float] = []
        predicted: dict[str, tuple[str, int | None, str | None]] = {}
        session = database.sessions()
        started = time.perf_counter()
        for number, doc in enumerate(stream.docs, start=1):
            t = time.perf_counter()
            verdict = StoryMemory(SqlMemoryIndex(session, topic.name), None, config).decide(doc)
            timings.append(time.perf_counter() - t)
            predicted[doc.key] = (verdict.kind.value, verdict.story_id, verdict.duplicate_of)
            if number % 100 == 0:
                session.commit()
            if number % 10000 == 0:
                print(f"  {number} articles, {time.perf_counter() - started:.0f} s", flush=True)
        session.commit()
        session.close()
        database.dispose()

    truth = stream.truth
    keys = [d.key for d in stream.docs]
    dup_tp = sum(1 for k in keys if predicted[k][0] == "duplicate" and truth[k].kind == "copy")
    dup_pred = sum(1 for k in keys if predicted[k][0] == "duplicate")
    dup_true = sum(1 for k in keys if truth[k].kind == "copy")
    dup_right_of = sum(
        1
        for k in keys
        if predicted[k][0] == "duplicate"
        and truth[k].kind == "copy"
        and predicted[k][2] == truth[k].duplicate_of
    )
    dev_tp = sum(
        1 for k in keys if predicted[k][0] == "development" and truth[k].kind == "development"
    )
    dev_pred = sum(1 for k in keys if predicted[k][0] == "development")
    dev_true = sum(1 for k in keys if truth[k].kind == "development")
    known_ok = sum(1 for k in keys if truth[k].kind == "known" and predicted[k][0] == "known")
    known_true = sum(1 for k in keys if truth[k].kind == "known")
    joint = Counter((truth[k].story, predicted[k][1]) for k in keys)
    pred_c = Counter(predicted[k][1] for k in keys)
    true_c = Counter(truth[k].story for k in keys)
    tp_pairs, pred_pairs, true_pairs = _pairs(joint), _pairs(pred_c), _pairs(true_c)
    sp, sr = _pr(tp_pairs, pred_pairs, true_pairs)
    dp, dr = _pr(dup_tp, dup_pred, dup_true)
    vp, vr = _pr(dev_tp, dev_pred, dev_true)
    f1 = 2 * sp * sr / (sp + sr) if sp + sr else 0.0
    kinds = Counter(truth[k].kind for k in keys)
    verdicts = Counter(predicted[k][0] for k in keys)
    print(f"\nstream: {len(keys)} articles, {len(true_c)} stories; truth {dict(kinds)}")
    print(f"verdicts: {dict(verdicts)}")
    print(f"duplicate precision {dp:.3f} recall {dr:.3f} (right original {dup_right_of}/{dup_tp})")
    print(f"story pairwise precision {sp:.3f} recall {sr:.3f} F1 {f1:.3f}")
    print(f"development precision {vp:.3f} recall {vr:.3f}")
    print(f"known recall {known_ok / known_true if known_true else 1.0:.3f}")
    print("\nper-article decision time (median of the 500 decisions before each size):")
    base = None
    for size in sorted(sizes):
        window = timings[max(0, size - 500) : size]
        median = statistics.median(window) * 1000
        base = base or median
        print(f"  {size:>8} stored: {median:7.2f} ms  ({median / base:.2f}x of {min(sizes)})")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000", help="stored sizes, comma separated")
    parser.add_argument(
        "--db", default=None, help="database URL (default: a temporary SQLite file)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--join-probability", type=float, default=None)
    parser.add_argument("--duplicate-probability", type=float, default=None)
    parser.add_argument("--development-min-salience", type=float, default=None)
    args = parser.parse_args()
    overrides = {
        k: v
        for k, v in {
            "join_probability": args.join_probability,
            "duplicate_probability": args.duplicate_probability,
            "development_min_salience": args.development_min_salience,
        }.items()
        if v is not None
    }
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    run(sizes, args.db, args.seed, NoveltyConfig(**overrides))


if __name__ == "__main__":
    main()
