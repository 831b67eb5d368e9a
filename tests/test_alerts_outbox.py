"""The outbox: which verdicts become alerts, written with the verdict, each development once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from monitor.alerts import enqueue
from monitor.store.schema import AlertRow, ArticleRow, VerdictRow
from tests.test_alerts_kit import (
    DEV_FACTS,
    DEV_HEADLINE,
    DEV_TEXT,
    FIRST_HEADLINE,
    T0,
    Scenario,
    make_db,
    make_topic,
)


def test_a_new_story_and_a_development_each_make_one_alert_with_a_full_payload(
    tmp_path: Path,
) -> None:
    scenario = Scenario(make_db(tmp_path), make_topic())
    first, dev = scenario.treaty()
    assert first is not None
    assert dev is not None
    alerts = {a.id: a for a in scenario.alerts()}
    payload = alerts[dev].payload
    assert alerts[dev].status == "pending"
    assert payload["kind"] == "development"
    assert payload["headline"] == DEV_HEADLINE
    assert payload["new_facts"] == DEV_FACTS
    assert payload["story"]["title"] == FIRST_HEADLINE
    assert payload["story"]["started"].startswith("2024-06-19T06:00")
    assert payload["outlets"] == [
        {
            "name": "Baltic Wire",
            "url": "https://balticwire.example/2024/11/06/federation-council-treaty",
        }
    ]
    assert payload["command"] == f"monitor story {scenario.stories['treaty']}"
    assert payload["gist"].startswith("Der Föderationsrat, das Oberhaus")
    assert alerts[first].idempotency_key.endswith(":new")


def test_known_duplicate_and_irrelevant_verdicts_make_no_alert(tmp_path: Path) -> None:
    scenario = Scenario(make_db(tmp_path), make_topic())
    scenario.treaty()
    for kind in ("known", "duplicate", "irrelevant"):
        assert scenario.article(kind=kind, headline="Nordkorea", text=DEV_TEXT) is None
    assert len(scenario.alerts()) == 2


def test_min_severity_new_story_leaves_developments_out(tmp_path: Path) -> None:
    scenario = Scenario(make_db(tmp_path), make_topic(min_severity="new_story"))
    first, dev = scenario.treaty()
    assert first is not None
    assert dev is None


def test_the_same_development_from_a_second_outlet_is_not_a_second_alert(tmp_path: Path) -> None:
    scenario = Scenario(make_db(tmp_path), make_topic())
    scenario.treaty()
    again = scenario.article(
        kind="development",
        headline="Oberhaus in Moskau stimmt Vertrag mit Pjöngjang zu",
        text=DEV_TEXT,
        facts=[f.upper() for f in reversed(DEV_FACTS)],  # same facts, other order and case
        site="Donau Kurier",
        at=T0 + timedelta(days=3, hours=1),
    )
    assert again is None
    different = scenario.article(
        kind="development",
        headline="Putin unterzeichnet Vertrag mit Nordkorea",
        text="Putin hat das Gesetz zur Ratifizierung unterzeichnet.",
        facts=["Putin hat das Ratifizierungsgesetz unterzeichnet."],
        at=T0 + timedelta(days=5),
    )
    assert different is not None


def test_the_alert_is_written_in_the_verdicts_transaction_and_rolls_back_with_it(
    tmp_path: Path,
) -> None:
    db = make_db(tmp_path)
    topic = make_topic()
    with pytest.raises(RuntimeError), db.session() as session:
        article = ArticleRow(
            topic=topic.name, url="https://a.example/1", title="Nordkorea", text="x"
        )
        session.add(article)
        session.flush()
        verdict = VerdictRow(topic=topic.name, article_id=article.id, kind="new_story")
        session.add(verdict)
        session.flush()
        assert enqueue(session, topic, article=article, verdict=verdict, story=None, now=T0)
        raise RuntimeError("the run dies before its commit")
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(AlertRow)) == 0
        assert session.scalar(select(func.count()).select_from(ArticleRow)) == 0
