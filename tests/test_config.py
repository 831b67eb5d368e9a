"""Settings and topic files: the bundled topic is valid, broken files say file, topic and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import DEFAULT_TOPIC, DEFAULT_TOPICS_FILE, Settings, load_topic, load_topics
from monitor.errors import ConfigError, TopicNotFound


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics.toml"
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """
[[topic]]
name = "demo"
languages = ["de", "en"]
[topic.relevance]
query = "nordkorea"
[[topic.sources]]
kind = "rss"
name = "site"
url = "http://127.0.0.1:1/feed.xml"
"""


def test_bundled_default_topic_is_valid_and_bilingual() -> None:
    topic = load_topic(DEFAULT_TOPICS_FILE, DEFAULT_TOPIC)
    assert topic.languages == ["de", "en"]
    assert topic.queries["de"] and topic.queries["en"]
    kinds = {s.kind for s in topic.sources}
    assert {"rss", "google_news", "gdelt"} <= kinds
    langs = {s.language for s in topic.sources if s.language}
    assert {"de", "en"} <= langs
    aliases = {a.lower() for values in topic.relevance.aliases.values() for a in values}
    assert {"nordkorea", "dprk", "pjöngjang", "pyongyang"} <= aliases


def test_minimal_topic_gets_defaults(tmp_path: Path) -> None:
    topic = load_topic(write(tmp_path, MINIMAL), "demo")
    assert topic.alerts.mode == "instant"
    assert topic.schedule == "*/15 * * * *"
    assert topic.sources[0].kind == "rss"


def test_unknown_field_names_file_topic_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace('languages = ["de", "en"]', 'langauges = ["de"]'))
    with pytest.raises(ConfigError) as err:
        load_topics(path)
    message = str(err.value)
    assert str(path) in message
    assert "topic 'demo'" in message
    assert "langauges" in message


def test_bad_source_field_names_the_source(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace('kind = "rss"', 'kind = "telepathy"'))
    with pytest.raises(ConfigError) as err:
        load_topics(path)
    assert "sources[site]" in str(err.value) or "sources" in str(err.value)
    assert "topic 'demo'" in str(err.value)


def test_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[[topic]\nname = ")
    with pytest.raises(ConfigError, match="not valid TOML") as err:
        load_topics(path)
    assert str(path) in str(err.value)


def test_missing_relevance_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, '[[topic]]\nname = "x"\n')
    with pytest.raises(ConfigError, match="field 'relevance'"):
        load_topics(path)


def test_bad_quiet_hours(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + '\n[topic.alerts]\nquiet_hours = "late"\n')
    # [topic.alerts] after [[topic.sources]] belongs to the topic again in TOML
    with pytest.raises(ConfigError, match="quiet_hours"):
        load_topics(path)


def test_duplicate_topic_and_unknown_topic(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + MINIMAL)
    with pytest.raises(ConfigError, match="defined twice"):
        load_topics(path)
    with pytest.raises(TopicNotFound, match="no topic named 'nope'"):
        load_topic(write(tmp_path, MINIMAL), "nope")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_topics(tmp_path / "absent.toml")


def test_settings_from_env_and_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        "MONITOR_APPRISE_URLS=json://127.0.0.1:9/a, mailto://u:p@127.0.0.1\n"
        "MONITOR_FETCH_ALLOW=127.0.0.1\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("MONITOR_DATA_DIR", str(tmp_path / "d"))
    settings = Settings()
    assert settings.apprise_url_list == ["json://127.0.0.1:9/a", "mailto://u:p@127.0.0.1"]
    assert settings.fetch_allow_list == ["127.0.0.1"]
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'd' / 'monitor.db'}"
    assert "newsmonitor/" in settings.resolved_user_agent


OPTIONAL = (
    "MONITOR_DATABASE_URL",
    "MONITOR_TOPICS_FILE",
    "MONITOR_APPRISE_URLS",
    "MONITOR_APPRISE_CONFIG",
    "MONITOR_APPRISE_SECRET_BLOCK",
    "MONITOR_USER_AGENT",
    "MONITOR_FETCH_ALLOW",
    "MONITOR_MAX_ARTICLES",
    "MONITOR_DASK_ADDRESS",
)


def assert_unset(settings: Settings) -> None:
    assert settings.database_url is None
    assert settings.topics_file == DEFAULT_TOPICS_FILE
    assert settings.apprise_url_list == []
    assert settings.apprise_config is None
    assert settings.apprise_secret_block is None
    assert settings.user_agent is None
    assert settings.fetch_allow_list == []
    assert settings.max_articles is None
    assert settings.dask_address is None


def test_empty_settings_in_the_environment_mean_unset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from monitor.alerts.deliver import TERMINAL, targets_configured, topic_targets

    monkeypatch.chdir(tmp_path)
    for name in OPTIONAL:
        monkeypatch.setenv(name, "")
    settings = Settings()
    assert_unset(settings)
    # once an empty MONITOR_APPRISE_CONFIG became Path("."): "apprise config file not found: ."
    assert not targets_configured(settings)
    topic = load_topic(DEFAULT_TOPICS_FILE, DEFAULT_TOPIC)
    assert [t.key for t in topic_targets(topic, settings)] == [TERMINAL]


def test_empty_settings_in_a_dotenv_mean_unset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in OPTIONAL:
        monkeypatch.delenv(name, raising=False)
    (tmp_path / ".env").write_text("".join(f"{name}=\n" for name in OPTIONAL), encoding="utf-8")
    assert_unset(Settings())


def test_a_copied_env_example_gives_a_working_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = Path(__file__).resolve().parents[1] / ".env.example"
    monkeypatch.chdir(tmp_path)
    for name in OPTIONAL:
        monkeypatch.delenv(name, raising=False)
    (tmp_path / ".env").write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    settings = Settings()
    assert_unset(settings)
    assert settings.timezone == "Europe/Berlin"  # what the example sets is read


def test_extraction_workers_auto_leaves_a_core_to_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from pydantic import ValidationError

    from monitor.pipeline import extraction_pool, extraction_workers

    monkeypatch.chdir(tmp_path)
    assert Settings().extract_workers == "auto"
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert extraction_workers(Settings()) == 3
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert extraction_workers(Settings()) == 0
    monkeypatch.setenv("MONITOR_EXTRACT_WORKERS", "0")
    assert extraction_pool(Settings()) is None  # extract in the main process
    monkeypatch.setenv("MONITOR_EXTRACT_WORKERS", "2")
    assert extraction_workers(Settings()) == 2
    for bad in ("-1", "many"):
        monkeypatch.setenv("MONITOR_EXTRACT_WORKERS", bad)
        with pytest.raises(ValidationError, match="extract_workers"):
            Settings()


# ------------------------------------------------------------ everything a topic file says

TOPIC_HEAD = """
[[topic]]
name = "demo"
languages = ["de", "en"]
schedule = "{schedule}"
[topic.relevance]
query = '{query}'
[topic.novelty]
{novelty}
[topic.alerts]
{alerts}
"""
SOURCE = """
[[topic.sources]]
kind = "{kind}"
name = "{name}"
{fields}
"""
GOOD_SOURCE = {"kind": "rss", "name": "site", "fields": 'url = "http://127.0.0.1:1/feed.xml"'}


def topic_text(
    *,
    schedule: str = "*/15 * * * *",
    query: str = "nordkorea",
    novelty: str = "",
    alerts: str = "",
    sources: list[dict[str, str]] | None = None,
) -> str:
    text = TOPIC_HEAD.format(schedule=schedule, query=query, novelty=novelty, alerts=alerts)
    for source in sources if sources is not None else [GOOD_SOURCE]:
        text += SOURCE.format(**source)
    return text


# each broken field: the file's parts, the field the error names and words of its message
BROKEN: dict[str, tuple[dict[str, object], str, str]] = {
    "query syntax": (
        {"query": '"north korea" AND (russia OR'},
        "relevance.query",
        "expected a term or '(' but found the end at character 29",
    ),
    "query unbalanced": ({"query": "a) OR b"}, "relevance.query", "unexpected ')' at character 2"),
    "cron": ({"schedule": "every tuesday"}, "schedule", "not a valid cron expression"),
    "cron field out of range": ({"schedule": "61 * * * *"}, "schedule", "cron"),
    "time zone": ({"alerts": 'timezone = "Europe/Berlinn"'}, "alerts.timezone", "unknown time"),
    "quiet hours": ({"alerts": 'quiet_hours = "22:00-7pm"'}, "alerts.quiet_hours", "'7pm'"),
    "quiet hours empty": (
        {"alerts": 'quiet_hours = "07:00-07:00"'},
        "alerts.quiet_hours",
        "no quiet",
    ),
    "digest time": ({"alerts": 'digest_at = "25:00"'}, "alerts.digest_at", "time"),
    "alert tag": ({"alerts": 'tags = ["korea, eu"]'}, "alerts.tags", "one word"),
    "source url": (
        {"sources": [{**GOOD_SOURCE, "fields": 'url = "example.org/feed"'}]},
        "sources[site].rss.url",
        "not an http(s) URL",
    ),
    "source language": (
        {"sources": [{**GOOD_SOURCE, "fields": GOOD_SOURCE["fields"] + '\nlanguage = "deu"'}]},
        "sources[site].rss.language",
        "two-letter",
    ),
    "gdelt timespan": (
        {"sources": [{"kind": "gdelt", "name": "g", "fields": 'timespan = "1 day"'}]},
        "sources[g].gdelt.timespan",
        "GDELT timespan",
    ),
    "duplicate sources": (
        {"sources": [GOOD_SOURCE, GOOD_SOURCE]},
        "sources",
        "repeated: site",
    ),
    "novelty window": ({"novelty": "story_window_days = 0"}, "novelty.story_window_days", "0"),
    "novelty duplicate": (
        {"novelty": "duplicate_probability = 1.5"},
        "novelty.duplicate_probability",
        "less than 1",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_broken_field_is_refused_naming_file_topic_and_field(
    tmp_path: Path, case: str
) -> None:
    parts, field, words = BROKEN[case]
    path = write(tmp_path, topic_text(**parts))  # type: ignore[arg-type]
    with pytest.raises(ConfigError) as err:
        load_topics(path)
    message = str(err.value)
    assert message.startswith(f"{path}: topic 'demo': field '{field}'"), message
    assert words in message


def test_every_problem_of_a_file_is_listed_at_once(tmp_path: Path) -> None:
    broken = topic_text(
        schedule="every tuesday",
        query='"north korea" AND (russia OR',
        alerts='timezone = "Mars/Olympus"',
        sources=[GOOD_SOURCE, GOOD_SOURCE],
    )
    second = topic_text(query="a AND AND b").replace('name = "demo"', 'name = "other"')
    path = write(tmp_path, broken + second + MINIMAL)
    with pytest.raises(ConfigError) as err:
        load_topics(path)
    problems = err.value.problems
    assert sorted(problems) == sorted(
        [
            "topic 'demo': field 'relevance.query': expected a term or '(' but found the end at "
            "character 29 of '\"north korea\" AND (russia OR'",
            "topic 'demo': field 'alerts.timezone': unknown time zone 'Mars/Olympus' (an IANA name "
            "such as 'Europe/Berlin' or 'UTC')",
            "topic 'demo': field 'schedule': not a valid cron expression: 'every tuesday' (five "
            "fields: minute hour day-of-month month day-of-week, e.g. '*/15 * * * *')",
            "topic 'demo': field 'sources': source names must be unique, repeated: site",
            "topic 'other': field 'relevance.query': expected a term or '(' but found 'AND' at "
            "character 7 of 'a AND AND b'",
            "topic 'demo': defined twice",
        ]
    )
    assert str(err.value).startswith(f"{path}: 6 problems:\n")


def test_valid_schedules_time_zones_and_queries_pass(tmp_path: Path) -> None:
    text = topic_text(
        schedule="0 7 * * mon-fri",
        query='"north korea" AND (russia OR ukraine) NOT sport',
        alerts='timezone = "Europe/Berlin"\nquiet_hours = "22:00-07:00"\ndigest_at = "08:00"\n'
        'tags = ["korea"]',
    )
    topic = load_topics(write(tmp_path, text))["demo"]
    assert topic.alerts.tags == ["korea"]


def test_an_unknown_monitor_timezone_is_an_invalid_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pydantic import ValidationError

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MONITOR_TIMEZONE", "Europe/Berlinn")
    with pytest.raises(ValidationError, match="unknown time zone 'Europe/Berlinn'"):
        Settings()
