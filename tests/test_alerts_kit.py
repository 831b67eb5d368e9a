"""Shared parts of the alert tests: a real SQLite outbox, the treaty scenario, SMTP, MQTT.

Holds no tests itself. Everything here is real: rows go through the schema into a SQLite file,
mail through an aiosmtpd server, MQTT through the broker on 127.0.0.1:1883.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from monitor.alerts import enqueue
from monitor.config import Settings, Topic
from monitor.store import Database
from monitor.store.schema import AlertRow, ArticleRow, StoryRow, VerdictRow

T0 = datetime(2024, 6, 19, 6, 0, tzinfo=UTC)

FIRST_HEADLINE = "Russland und Nordkorea unterzeichnen Vertrag über strategische Partnerschaft"
FIRST_TEXT = (
    "Russland und Nordkorea unterzeichnen Vertrag über strategische Partnerschaft\n"
    "Bei einem Besuch in Pjöngjang haben Wladimir Putin und Kim Jong-un ein Abkommen über eine "
    "umfassende strategische Partnerschaft unterzeichnet. Beide Seiten sprechen von einem "
    "Wendepunkt in ihren Beziehungen.\n"
    "Das Abkommen sieht nach Angaben beider Regierungen Beistand im Fall eines Angriffs vor."
)
DEV_HEADLINE = "Föderationsrat billigt Vertrag mit Nordkorea – Beistandspflicht rückt näher"
DEV_TEXT = (
    "Der Föderationsrat, das Oberhaus des russischen Parlaments, hat den Vertrag über die "
    "strategische Partnerschaft mit Nordkorea am Mittwoch einstimmig gebilligt. Zuvor hatte "
    "bereits die Staatsduma zugestimmt.\n"
    "Damit fehlt nur noch die Unterschrift des Präsidenten, bevor die gegenseitige "
    "Beistandspflicht in Kraft treten kann."
)
DEV_FACTS = [
    "Der Föderationsrat hat den Vertrag am Mittwoch einstimmig gebilligt.",
    "Zuvor hatte bereits die Staatsduma dem Abkommen zugestimmt.",
    "In Kraft tritt die Beistandspflicht erst mit der Unterschrift des Präsidenten.",
]


def make_topic(**alerts: Any) -> Topic:
    return Topic.model_validate(
        {
            "name": "russia-north-korea",
            "title": "Russland–Nordkorea",
            "relevance": {"query": "nordkorea"},
            "alerts": alerts,
        }
    )


def make_db(tmp_path: Path) -> Database:
    """A SQLite file migrated like a user's, so the CLI can open it too."""
    db = Database(f"sqlite:///{tmp_path}/alerts.db")
    db.upgrade()
    return db


def make_settings(tmp_path: Path, *urls: str, config: Path | None = None) -> Settings:
    """Settings from arguments only: no .env and no MONITOR_* of the person running the tests."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=tmp_path,
        apprise_urls=" ".join(urls),
        apprise_config=config,
        apprise_secret_block=None,
    )


@dataclass
class Scenario:
    """Stories and their alerts, written through the real schema and `enqueue`."""

    db: Database
    topic: Topic
    stories: dict[str, int] = field(default_factory=dict)
    _n: int = 0

    def article(
        self,
        *,
        kind: str,
        headline: str,
        text: str,
        story: str = "treaty",
        facts: list[str] | None = None,
        site: str | None = "Rheinische Rundschau",
        url: str | None = None,
        at: datetime = T0,
        story_title: str | None = None,
    ) -> int | None:
        """Store one article with its verdict and (maybe) alert in one transaction; the alert id."""
        self._n += 1
        url = url or f"https://rundschau.example/politik/{self._n}-nordkorea.html"
        with self.db.session() as session:
            row = ArticleRow(
                topic=self.topic.name,
                url=url,
                status="article",
                source="test-feed",
                content_hash=uuid.uuid4().hex,
                title=headline,
                text=text,
                language="de",
                site=site,
                published=at,
                fetched_at=at,
            )
            session.add(row)
            session.flush()
            story_row: StoryRow | None = None
            if kind in ("new_story", "development", "known", "duplicate"):
                if story in self.stories:
                    story_row = session.get(StoryRow, self.stories[story])
                    assert story_row is not None
                    if kind == "development":
                        story_row.development_count += 1
                    story_row.article_count += 1
                    story_row.updated_at = at
                else:
                    story_row = StoryRow(
                        topic=self.topic.name,
                        title=story_title or headline,
                        language="de",
                        created_at=at,
                        updated_at=at,
                    )
                    session.add(story_row)
                    session.flush()
                    self.stories[story] = story_row.id
            verdict = VerdictRow(
                topic=self.topic.name,
                article_id=row.id,
                kind=kind,
                story_id=story_row.id if story_row else None,
                new_facts=list(facts or []),
                decided_at=at,
            )
            session.add(verdict)
            session.flush()
            alert = enqueue(
                session, self.topic, article=row, verdict=verdict, story=story_row, now=at
            )
            return alert.id if alert else None

    def treaty(self, at: datetime = T0) -> tuple[int | None, int | None]:
        """The first report, and three days later the upper house approving the treaty."""
        first = self.article(kind="new_story", headline=FIRST_HEADLINE, text=FIRST_TEXT, at=at)
        dev = self.article(
            kind="development",
            headline=DEV_HEADLINE,
            text=DEV_TEXT,
            facts=DEV_FACTS,
            site="Baltic Wire",
            url="https://balticwire.example/2024/11/06/federation-council-treaty",
            at=at + timedelta(days=3),
        )
        return first, dev

    def alerts(self) -> list[AlertRow]:
        with self.db.session() as session:
            return list(session.query(AlertRow).order_by(AlertRow.id))


# --------------------------------------------------------------------------------- e-mail


class SmtpInbox:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 keeping every message it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[EmailMessage] = []
        inbox = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
                assert isinstance(parsed, EmailMessage)
                inbox.messages.append(parsed)
                return "250 Message accepted for delivery"

        self.port = free_port()
        self._controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def url(self, to: str = "leser@example.org") -> str:
        return f"mailto://127.0.0.1:{self.port}?from=monitor@example.org&to={to}"

    def __enter__(self) -> SmtpInbox:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def closed_port_url() -> str:
    """A json:// target where nothing listens: connection refused, like a service that is down."""
    return f"json://127.0.0.1:{free_port()}/hook"


# ----------------------------------------------------------------------------------- MQTT

MQTT_HOST, MQTT_PORT = "127.0.0.1", 1883


def mqtt_unreachable() -> str | None:
    try:
        with socket.create_connection((MQTT_HOST, MQTT_PORT), timeout=1):
            return None
    except OSError as exc:
        return f"no MQTT broker on {MQTT_HOST}:{MQTT_PORT} ({exc})"


class MqttSubscriber:
    """A paho-mqtt client subscribed to one topic, collecting payloads."""

    def __init__(self, topic: str) -> None:
        import paho.mqtt.client as mqtt

        self.topic = topic
        self.payloads: list[str] = []
        self._subscribed = threading.Event()
        self._got = threading.Condition()
        self._client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)

        def on_connect(client: Any, userdata: Any, flags: Any, rc: Any, props: Any) -> None:
            client.subscribe(topic, qos=1)

        def on_subscribe(client: Any, userdata: Any, mid: Any, rc: Any, props: Any) -> None:
            self._subscribed.set()

        def on_message(client: Any, userdata: Any, message: Any) -> None:
            with self._got:
                self.payloads.append(message.payload.decode("utf-8"))
                self._got.notify_all()

        self._client.on_connect = on_connect
        self._client.on_subscribe = on_subscribe
        self._client.on_message = on_message

    def __enter__(self) -> MqttSubscriber:
        self._client.connect(MQTT_HOST, MQTT_PORT)
        self._client.loop_start()
        assert self._subscribed.wait(5), "MQTT subscription not acknowledged"
        return self

    def wait_for(self, count: int, timeout: float = 10.0) -> list[str]:
        with self._got:
            self._got.wait_for(lambda: len(self.payloads) >= count, timeout)
        return list(self.payloads)

    def __exit__(self, *exc: object) -> None:
        self._client.loop_stop()
        self._client.disconnect()


def parts(message: EmailMessage) -> dict[str, str]:
    """The text/plain and text/html parts of a mail, decoded."""
    found: dict[str, str] = {}
    for part in message.walk():
        if part.get_content_type() in ("text/plain", "text/html") and isinstance(
            part, EmailMessage
        ):
            found[part.get_content_type()] = str(part.get_content())
    return found


def iter_posts_text(posts: list[dict[str, Any]]) -> Iterator[str]:
    for post in posts:
        yield f"{post.get('title', '')}\n{post.get('message', '')}"
