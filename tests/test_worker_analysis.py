"""Articles analysed in the extraction workers are decided exactly as if analysed in the pass.

A pass with an extraction pool ships each article's analysis (sentences, keys, sketch,
embedding) from the worker that extracted it; the story memory must reach the same verdicts,
stories, facts and scores from it as from its own analysis.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from monitor.config import Settings, load_topics
from monitor.models import Candidate
from monitor.novelty import Document, StoryMemory
from monitor.novelty.prepare import AnalysisSpec, prepare
from monitor.pipeline import run_once
from monitor.stages import Resources, analysis_spec
from monitor.store import open_database
from monitor.store.memory import SqlMemoryIndex
from tests.conftest import fetch_settings
from tests.scenario import topic_file
from tests.sitekit import NewsSite

SCENARIOS = Path(__file__).parent / "scenarios"
# a topic's arc (German and English reports, copies, developments) and another topic's arc
ARCS = ("ru-nk-treaty", "opel-eisenach")


def _arc(name: str) -> list[dict[str, Any]]:
    lines = (SCENARIOS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[1:] if line]


@pytest.fixture
def site() -> Iterator[NewsSite]:
    running = NewsSite()
    running.add_feed("politik", title="Testpost Politik", language="de")
    running.add_feed("world", title="Testpost World", language="en")
    for name in ARCS:
        for article in _arc(name):
            running.add_article(
                title=article["title"],
                paragraphs=article["text"].split("\n"),
                language=article["lang"],
                feeds=["politik" if article["lang"] == "de" else "world"],
                published=datetime.fromisoformat(article["published"]),
                slug=article["id"],
            )
    with running:
        yield running


def _settings(tmp_path: Path, site: NewsSite, name: str, workers: int) -> Settings:
    topics = tmp_path / "topics.toml"
    topic_file(str(topics), site)
    return fetch_settings(
        database_url=f"sqlite:///{tmp_path / name}.db",
        topics_file=topics,
        data_dir=tmp_path,
        extract_workers=workers,
    )


def _verdicts(settings: Settings) -> list[tuple[Any, ...]]:
    report = run_once(settings, "korea-test")
    assert report.failures == []
    return sorted(
        (
            d.url,
            d.verdict.kind.value,
            d.verdict.story_id,
            d.verdict.duplicate_of,
            tuple(d.verdict.new_facts),
            tuple(d.verdict.matched_terms),
            tuple(sorted(d.verdict.scores.items())),
        )
        for d in report.decisions
    )


def test_a_pass_whose_workers_analyse_decides_as_one_without(
    tmp_path: Path, site: NewsSite
) -> None:
    # two workers analyse (one would leave the analysis to the pass: analysis_spec)
    in_workers = _verdicts(_settings(tmp_path, site, "workers", workers=2))
    in_pass = _verdicts(_settings(tmp_path, site, "inline", workers=0))

    assert len(in_workers) == sum(len(_arc(name)) for name in ARCS)
    kinds = {kind for _url, kind, *_rest in in_workers}
    assert {"irrelevant", "new_story", "development"} <= kinds
    assert in_workers == in_pass


def test_the_workers_analyse_when_there_are_two_or_more(tmp_path: Path, site: NewsSite) -> None:
    topic = load_topics(_settings(tmp_path, site, "one", workers=1).topics_file)["korea-test"]
    # one worker extracts while the pass analyses (two cores share the work)
    assert analysis_spec(_settings(tmp_path, site, "none", workers=0), topic) is None
    assert analysis_spec(_settings(tmp_path, site, "one", workers=1), topic) is None
    # more: the pass alone would be the limit
    spec = analysis_spec(_settings(tmp_path, site, "two", workers=2), topic)
    assert spec == AnalysisSpec.for_topic(topic)
    # pages extracted on Dask workers are analysed there, whatever the local worker count
    assert analysis_spec(_settings(tmp_path, site, "dask", workers=1), topic, dask=True) == spec


def test_the_workers_ship_each_article_analysed_for_the_topic(
    tmp_path: Path, site: NewsSite
) -> None:
    settings = _settings(tmp_path, site, "ship", workers=1)
    topic = load_topics(settings.topics_file)["korea-test"]
    spec = AnalysisSpec.for_topic(topic)
    candidates = [Candidate(url=site.url(a.path), source="test") for a in site.articles]

    with Resources(settings, spec=spec) as resources:
        batch = resources.fetch_and_extract(candidates).result()

    assert len(batch.items) == len(candidates)
    relevant = 0
    for item in batch.items:
        assert item.article is not None and item.prepared is not None
        title, language = item.article.title or "", item.article.language
        assert item.prepared.fits(spec, title, item.article.text, language)
        # the worker's analysis is the one the pass would make
        here = prepare(spec, title, item.article.text, language).analysis
        shipped = item.prepared.analysis
        assert shipped.term_counts == here.term_counts
        assert shipped.band_keys == here.band_keys
        assert shipped.relevance == here.relevance
        if shipped.relevance is not None and shipped.relevance.relevant:
            relevant += 1
            # the embedding came along, computed in the worker
            assert shipped.embedding is not None and shipped.opening is not None
            assert shipped.embedding.tolist() == here.embeddings()[0].tolist()
            assert shipped.opening.tolist() == here.embeddings()[1].tolist()
        else:
            assert shipped.embedding is None and shipped.opening is None
    # every report of the arc but the one about North Korea alone
    assert relevant == sum(
        1 for a in _arc("ru-nk-treaty") if a["expect"]["verdict"] != "irrelevant"
    )


def test_an_analysis_of_other_inputs_does_not_fit(tmp_path: Path) -> None:
    topics = load_topics(SCENARIOS / "topics.toml")
    spec = AnalysisSpec.for_topic(topics["russia-north-korea"])
    article = _arc("ru-nk-treaty")[0]
    prepared = prepare(spec, article["title"], article["text"], "de")

    assert prepared.fits(spec, article["title"], article["text"], "de")
    # the site's boilerplate took a line off the text after extraction: analysed again
    shorter = article["text"].rsplit("\n", 1)[0]
    assert not prepared.fits(spec, article["title"], shorter, "de")
    assert not prepared.fits(spec, "Another headline", article["text"], "de")
    assert not prepared.fits(spec, article["title"], article["text"], None)
    assert not prepared.fits(
        AnalysisSpec.for_topic(topics["eu-mercosur"]), article["title"], article["text"], "de"
    )


def test_an_analysis_made_again_for_a_shorter_text_keeps_the_lead_embedding() -> None:
    topics = load_topics(SCENARIOS / "topics.toml")
    spec = AnalysisSpec.for_topic(topics["russia-north-korea"])
    article = _arc("ru-nk-treaty")[0]
    prepared = prepare(spec, article["title"], article["text"], "de")
    # the site's boilerplate took the last line off after extraction
    shorter = article["text"].rsplit("\n", 1)[0]

    again = prepared.analysis_for(spec, article["title"], shorter, "de")

    here = prepare(spec, article["title"], shorter, "de").analysis
    assert again is not None and again is not prepared.analysis
    assert again.term_counts == here.term_counts and again.band_keys == here.band_keys
    assert again.content_hash == here.content_hash != prepared.analysis.content_hash
    # the lead reads the same: the worker's embedding is reused, not computed here
    assert again.embedding is prepared.analysis.embedding
    # the opening (headline and 1,000 characters) held the last line of this short report:
    # it reads otherwise, so its embedding is made anew
    assert again.opening_text != prepared.analysis.opening_text and again.opening is None
    # (the same vectors to float32 rounding: each lead was encoded in one pass with its opening)
    for reused, made in zip(again.embeddings(), here.embeddings(), strict=True):
        assert np.allclose(reused, made, atol=1e-5)
    # the lines came off the top: the lead changed, so its embedding is made anew
    headless = article["text"].split("\n", 1)[1]
    other = prepared.analysis_for(spec, article["title"], headless, "de")
    assert other is not None and other.embedding is None
    assert prepared.analysis_for(spec, article["title"], article["text"], "de") is prepared.analysis
    mercosur = AnalysisSpec.for_topic(topics["eu-mercosur"])
    assert prepared.analysis_for(mercosur, article["title"], article["text"], "de") is None


def test_the_story_memory_decides_alike_from_a_prepared_analysis(tmp_path: Path) -> None:
    topic = load_topics(SCENARIOS / "topics.toml")["russia-north-korea"]
    spec = AnalysisSpec.for_topic(topic)
    outcomes: list[list[tuple[Any, ...]]] = []
    for prepared in (False, True):
        db = open_database(f"sqlite:///{tmp_path / f'memory-{prepared}.db'}")
        decided: list[tuple[Any, ...]] = []
        with db.session() as session:
            memory = StoryMemory(SqlMemoryIndex(session, topic.name), topic)
            assert memory.spec == spec
            for article in _arc("ru-nk-treaty"):
                doc = Document(
                    key=article["id"],
                    title=article["title"],
                    text=article["text"],
                    language=article["lang"],
                    published=datetime.fromisoformat(article["published"]),
                )
                analysis = (
                    prepare(spec, doc.title, doc.text, doc.language).analysis if prepared else None
                )
                verdict = memory.decide(doc, analysis)
                decided.append(
                    (
                        verdict.kind.value,
                        verdict.story_id,
                        verdict.duplicate_of,
                        verdict.new_facts,
                        verdict.scores,
                    )
                )
        db.dispose()
        outcomes.append(decided)
    assert outcomes[0] == outcomes[1]
