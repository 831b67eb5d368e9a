"""Story pages as keyed Prefect artifacts and the `monitor-feedback` flow, on a real temporary
Prefect server (prefect_test_harness): a version per development, a version per feedback."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.scenario import JUNE, RATIFIED_DE, publish
from tests.sitekit import NewsSite
from tests.targets import WebhookReceiver

pytestmark = pytest.mark.prefect

TOPIC = "korea-test"


@pytest.fixture
def monitor_env(monitor_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The shared flow settings (tests/conftest.py), with the Prefect UI's address for links."""
    monkeypatch.setenv("PREFECT_UI_URL", "http://127.0.0.1:4200")
    return monitor_env


def versions(key: str) -> list[Any]:
    """Every version of a keyed artifact, oldest first."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
            sort=ArtifactSort.CREATED_DESC,
        )
    return list(reversed(found))


def story_id(env: dict[str, str]) -> int:
    from sqlalchemy import select

    from monitor.store import open_database
    from monitor.store.schema import StoryRow

    db = open_database(env["MONITOR_DATABASE_URL"])
    try:
        with db.session() as session:
            return session.scalars(select(StoryRow.id)).one()
    finally:
        db.dispose()


def test_a_story_page_gets_a_version_per_development_and_per_feedback(
    harness: None, monitor_env: dict[str, str], site: NewsSite, hook: WebhookReceiver
) -> None:
    from flows.feedback_flows import monitor_feedback
    from flows.monitor_flows import monitor_topic

    state = monitor_topic(topic=TOPIC, return_state=True)
    assert state.is_completed(), state
    story = story_id(monitor_env)
    key = f"story-korea-test-{story}"
    first = versions(key)
    assert len(first) == 1
    assert first[0].type == "markdown"
    assert first[0].data.startswith(f"# Story {story}: Russland und Nordkorea schließen")
    assert "First report" in first[0].data
    # the alert links the page where the Prefect UI shows it
    assert any(f"http://127.0.0.1:4200/artifacts/key/{key}" in str(p) for p in hook.posts)

    # a run with nothing new publishes no version; a development does
    assert monitor_topic(topic=TOPIC, return_state=True).is_completed()
    assert len(versions(key)) == 1
    publish(site, RATIFIED_DE, feed="politik", at=JUNE + timedelta(days=120), slug="duma")
    assert monitor_topic(topic=TOPIC, return_state=True).is_completed()
    second = versions(key)
    assert len(second) == 2
    assert "Development" in second[-1].data and "10.000" in second[-1].data

    # feedback from the UI's Custom run form: the page says it at once
    result = monitor_feedback(action="mute", story=story, mute_for="14d")
    assert result["page"] == [key]
    assert "> **Muted: muted on" in versions(key)[-1].data
    article = int(second[-1].data.split("Development", 1)[1].split("article ", 1)[1].split()[0])
    result = monitor_feedback(action="correct", article=article, verdict="known")
    assert result["done"].endswith("development corrected to known")
    assert "Corrected by you on" in versions(key)[-1].data
    monitor_feedback(action="unmute", story=story)
    latest = versions(key)
    assert len(latest) == 5 and "Muted" not in latest[-1].data

    # a bad request fails the flow run with a clear message and changes nothing
    failed = monitor_feedback(action="mute", return_state=True)
    assert failed.is_failed() and "mute needs the story's id" in str(failed.message)
    failed = monitor_feedback(action="mute", story=999, return_state=True)
    assert failed.is_failed() and "no story 999" in str(failed.message)
    assert len(versions(key)) == 5


def test_monitor_serve_serves_the_feedback_deployment(
    harness: None, monitor_env: dict[str, str]
) -> None:
    from flows.serve import topic_deployments

    deployments = {d.name: d for d in topic_deployments(topics=[TOPIC])}
    assert set(deployments) == {TOPIC, "feedback"}
    feedback = deployments["feedback"]
    assert feedback.flow_name == "monitor-feedback"
    assert feedback.schedules == []
    from prefect.utilities.callables import parameter_schema

    from flows.feedback_flows import monitor_feedback

    # the Custom run form is drawn from this schema (what Prefect stores with the deployment)
    form = parameter_schema(monitor_feedback).model_dump()["properties"]
    assert set(form) == {"action", "story", "mute_for", "article", "verdict"}
    action = str(form["action"])
    assert all(word in action for word in ("mute", "unmute", "correct"))
    assert "new_story" in str(form["verdict"])
