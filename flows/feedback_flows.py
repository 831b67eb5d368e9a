"""Story pages as Prefect artifacts, and the `monitor-feedback` flow: mute, unmute and correct
from the Prefect UI's Custom run form.

A story's page (monitor/storypage.py, the same as `monitor story ID --markdown`) is a keyed
Markdown artifact, `story-<topic>-<id>`: each publication is a new version under that key. The
UI's page of the key, /artifacts/key/<key>, where alerts link when PREFECT_UI_URL is set, shows
the latest version's description, which is the page too, above the list of versions.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from pydantic import Field

from monitor.alerts.render import story_key
from monitor.config import Settings
from monitor.errors import MonitorError
from monitor.models import RunReport
from monitor.store import Database, open_database
from monitor.store import feedback as store_feedback
from monitor.store.stories import article_story, story_page_data
from monitor.storypage import render_markdown

log = logging.getLogger("monitor")

# verdicts that change what a story page says enough to publish a new version of it
PAGE_VERDICTS = ("new_story", "development")


def publish_story_pages(db: Database, story_ids: Iterable[int]) -> list[str]:
    """Publish each story's page as a new version of its keyed artifact; returns the keys."""
    keys: list[str] = []
    with db.session() as session:
        pages = [story_page_data(session, story_id) for story_id in dict.fromkeys(story_ids)]
    for page in pages:
        if page is None:
            continue
        key = story_key(page.topic, page.id)
        markdown = render_markdown(page)
        # the description is Markdown too, and it is what the UI's page of the key
        # (/artifacts/key/<key>, where alerts link) shows above the versions: the page itself
        create_markdown_artifact(markdown=markdown, key=key, description=markdown)
        keys.append(key)
    return keys


def changed_stories(report: RunReport) -> list[int]:
    """The stories a run opened or moved on (their pages get a new version)."""
    found: list[int] = []
    for decision in report.decisions:
        story = decision.verdict.story_id
        if (
            decision.verdict.kind.value in PAGE_VERDICTS
            and story is not None
            and story not in found
        ):
            found.append(story)
    return found


def publish_run_story_pages(db: Database, report: RunReport) -> list[str]:
    """What a topic's run calls at its end; a failure to publish costs only the pages."""
    if report.dry_run:
        return []
    try:
        return publish_story_pages(db, changed_stories(report))
    except Exception as exc:  # the run's work is done and stored; say why the pages are stale
        log.warning("could not publish the story pages of run %s: %s", report.run_id, exc)
        return []


Action = Literal["mute", "unmute", "correct"]
VerdictName = Literal["known", "development", "new_story", "duplicate", "irrelevant"]


@flow(name="monitor-feedback", log_prints=False, validate_parameters=True)
def monitor_feedback(
    action: Annotated[
        Action,
        Field(description="mute or unmute a story, or correct an article's verdict."),
    ],
    story: Annotated[
        int | None, Field(ge=1, description="The story to mute or unmute (its id).")
    ] = None,
    mute_for: Annotated[
        str | None,
        Field(description="Mute for this long (30m, 12h, 14d, 2w); empty: until unmuted."),
    ] = None,
    article: Annotated[
        int | None, Field(ge=1, description="The article whose verdict to correct (its id).")
    ] = None,
    verdict: Annotated[
        VerdictName | None, Field(description="The right verdict of the article.")
    ] = None,
) -> dict[str, Any]:
    """Feedback on the monitor's stories: mute or unmute a story, or correct an article's
    verdict. The story's page artifact is published again to show it.

    Args:
        action: mute or unmute a story, or correct an article's verdict.
        story: The story to mute or unmute (its id).
        mute_for: Mute for this long (30m, 12h, 14d, 2w); empty: until unmuted.
        article: The article whose verdict to correct (its id).
        verdict: The right verdict of the article.
    """
    logger = get_run_logger()
    db = open_database(Settings().resolved_database_url)
    try:
        result = _apply(db, action, story, mute_for, article, verdict)
        target = result.get("story")
        if isinstance(target, int):
            result["page"] = publish_story_pages(db, [target])
        logger.info("%s", result["done"])
        return result
    finally:
        db.dispose()


def _apply(
    db: Database,
    action: str,
    story: int | None,
    mute_for: str | None,
    article: int | None,
    verdict: str | None,
) -> dict[str, Any]:
    with db.session() as session:
        if action in ("mute", "unmute"):
            if story is None:
                raise MonitorError(f"{action} needs the story's id")
            if action == "mute":
                length = store_feedback.parse_duration(mute_for) if mute_for else None
                state = store_feedback.mute(session, story, duration=length)
                return {"done": f"story {story} {state.line()}", "story": story}
            was = store_feedback.unmute(session, story)
            done = f"story {story} unmuted" if was else f"story {story} was not muted"
            return {"done": done, "story": story}
        if article is None or verdict is None:
            raise MonitorError("correct needs the article's id and its verdict")
        fix = store_feedback.correct(session, article, verdict)
        return {
            "done": f"article {article}: {fix.verdict_was} corrected to {fix.verdict}",
            "story": fix.story_id or article_story(session, article),
        }


__all__ = [
    "changed_stories",
    "monitor_feedback",
    "publish_run_story_pages",
    "publish_story_pages",
]
