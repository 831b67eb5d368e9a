"""Settings from the environment and `.env`, and loading and validating topic files."""

from __future__ import annotations

import tomllib
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from monitor.errors import ConfigError, TopicNotFound

DEFAULT_TOPICS_FILE = Path(__file__).parent / "topics" / "topics.toml"
DEFAULT_TOPIC = "russia-north-korea"


class Settings(BaseSettings):
    """Every knob of the monitor; each is documented in `.env.example`."""

    model_config = SettingsConfigDict(
        env_prefix="MONITOR_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        # An empty value means unset, in the environment and in .env alike: a copied
        # .env.example leaves `MONITOR_APPRISE_CONFIG=` and friends empty, which must not
        # become Path(".") (or fail to parse as a number) but the setting's default.
        env_ignore_empty=True,
    )

    data_dir: Path = Path("data")
    database_url: str | None = None
    topics_file: Path = DEFAULT_TOPICS_FILE
    apprise_urls: str = ""
    apprise_config: Path | None = None
    apprise_secret_block: str | None = None
    contact_url: str = "https://github.com/newsmonitor/newsmonitor"
    user_agent: str | None = None
    fetch_allow: str = ""
    fetch_concurrency: int = 8
    fetch_per_host: int = 2
    fetch_host_delay: float = 1.0
    fetch_timeout: float = 20.0
    fetch_connect_timeout: float = 10.0
    fetch_read_timeout: float = 15.0
    fetch_retries: int = 3
    fetch_backoff: float = 1.0
    fetch_retry_after_max: float = 60.0
    fetch_max_bytes: int = 5_000_000
    fetch_max_redirects: int = 5
    obey_robots: bool = True
    max_articles: int | None = None
    # worker processes for extraction: "auto" = one per core but the first (which fetches and
    # analyses), none on a single core; 0 = extract in the main process; N = N workers
    extract_workers: Literal["auto"] | Annotated[int, Field(ge=0)] = "auto"
    timezone: str = "UTC"
    dask_address: str | None = None
    log_level: str = "INFO"

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'monitor.db').as_posix()}"

    @property
    def resolved_user_agent(self) -> str:
        from monitor import __version__

        return self.user_agent or f"newsmonitor/{__version__} (+{self.contact_url})"

    @property
    def apprise_url_list(self) -> list[str]:
        """MONITOR_APPRISE_URLS split on whitespace and commas (apprise's own convention)."""
        return [u for u in self.apprise_urls.replace(",", " ").split() if u]

    @property
    def fetch_allow_list(self) -> list[str]:
        return [a for a in self.fetch_allow.replace(",", " ").split() if a]


# ---------------------------------------------------------------------------- topic files


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RssSource(_Strict):
    kind: Literal["rss"] = "rss"
    name: str
    url: str
    language: str | None = None


class GoogleNewsSource(_Strict):
    """A Google News search RSS feed per query, built from the topic's queries for one language."""

    kind: Literal["google_news"]
    name: str
    language: str
    region: str
    base_url: str = "https://news.google.com/rss/search"
    # where article ids without an embedded URL are decoded (article page + batchexecute)
    decode_base_url: str = "https://news.google.com"
    # decodes per look, newest first; the rest wait in the source state for the next run
    max_decodes: int = 40
    # seconds between requests to the decode host whatever fetch_host_delay says: Google
    # answers faster clients with 429 and a captcha page
    decode_interval: float = 1.0


class SitemapSource(_Strict):
    kind: Literal["sitemap"]
    name: str
    url: str
    language: str | None = None
    max_age_hours: float = 48.0
    # keep only entries whose news title/keywords mention a topic term (entries without either
    # are kept); off for sitemaps of topic-specific sites
    match_terms: bool = True
    max_sitemaps: int = 10


class GdeltSource(_Strict):
    kind: Literal["gdelt"]
    name: str
    language: str | None = None
    base_url: str = "https://api.gdeltproject.org/api/v2/doc/doc"
    timespan: str = "1d"
    max_records: int = 75
    # GDELT asks for at most one request every 5 seconds
    min_interval: float = 5.0
    # a hand-written GDELT query replaces the topic's per-language queries
    query: str | None = None


class ListingSource(_Strict):
    kind: Literal["listing"]
    name: str
    url: str
    language: str | None = None


SourceConfig = Annotated[
    RssSource | GoogleNewsSource | SitemapSource | GdeltSource | ListingSource,
    Field(discriminator="kind"),
]


class RelevanceConfig(_Strict):
    """Boolean query over lemmatised text; aliases map a canonical term to its spellings."""

    query: str
    aliases: dict[str, list[str]] = Field(default_factory=dict)
    min_score: float = 1.0


class NoveltyConfig(_Strict):
    """Thresholds of the story memory (monitor/novelty). Defaults were chosen with
    `python bench/novelty.py` on its synthetic German/English stream (see bench/README.md)."""

    # Whether an article is a copy of an earlier one (a wire copy with another headline, intro
    # and footer; a longer version holding the whole earlier text) is decided by a learned model
    # over the shingle overlap both ways (monitor/novelty/model.py, decisions.json); a copy that
    # adds a new step is a development (an updated wire story). This overrides the probability
    # it needs (default: the model's own, 0.5).
    duplicate_probability: float | None = Field(default=None, gt=0.0, lt=1.0)
    # above this share of its text found in the earlier article it is a copy even if a sentence
    # looks new (an edited intro, a corrected name)
    duplicate_certain: float = 0.9
    # Whether an article joins a candidate story is decided by a learned model (features: tf-idf
    # cosine with the story, days since the story last moved, shared headline names, the rare
    # anchors of the story's core named in the article's lead, language, sizes; see
    # monitor/novelty/model.py and decisions.json). This overrides the probability it needs to
    # join (default: the model's own, 0.5); higher splits stories more, lower merges more.
    join_probability: float | None = Field(default=None, gt=0.0, lt=1.0)
    # stories not touched for this long are not looked up any more
    story_window_days: float = 365.0
    # salience a sentence needs to count as a new fact (event word 1, number 0.8, name 0.6, word 0.15)
    new_fact_min_salience: float = 1.0
    # summed salience of the new facts for a development (at least one must be a new event/number)
    development_min_salience: float = 1.0
    max_new_facts: int = 5


class AlertConfig(_Strict):
    mode: Literal["instant", "digest"] = "instant"
    min_severity: Literal["new_story", "development"] = "development"
    tags: list[str] = Field(default_factory=list)
    digest_at: time | None = None
    # local time of digests, quiet hours and times shown in alerts; default: MONITOR_TIMEZONE
    timezone: str | None = None
    quiet_hours: str | None = None
    max_per_run: int = 10

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_hours_shape(cls, v: str | None) -> str | None:
        if v is None:
            return v
        try:
            start, end = v.split("-")
            time.fromisoformat(start.strip())
            time.fromisoformat(end.strip())
        except ValueError:
            raise ValueError("quiet_hours must look like '22:00-07:00'") from None
        return v


class Topic(_Strict):
    name: str
    title: str = ""
    languages: list[str] = Field(default_factory=lambda: ["en"])
    queries: dict[str, list[str]] = Field(default_factory=dict)
    sources: list[SourceConfig] = Field(default_factory=list)
    relevance: RelevanceConfig
    novelty: NoveltyConfig = Field(default_factory=NoveltyConfig)
    alerts: AlertConfig = Field(default_factory=AlertConfig)
    schedule: str = "*/15 * * * *"

    @model_validator(mode="after")
    def _unique_source_names(self) -> Topic:
        names = [s.name for s in self.sources]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"source names must be unique, repeated: {', '.join(dupes)}")
        return self


def _field_path(loc: tuple[Any, ...], raw: dict[str, Any]) -> str:
    parts: list[str] = []
    node: Any = raw
    for item in loc:
        if isinstance(item, int) and isinstance(node, list) and item < len(node):
            entry = node[item]
            label = entry.get("name") if isinstance(entry, dict) else None
            parts[-1:] = [f"{parts[-1] if parts else ''}[{label or item}]"]
            node = entry
        else:
            parts.append(str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return ".".join(parts)


def load_topics(path: Path | str) -> dict[str, Topic]:
    """Read every topic of a TOML topics file; errors name the file, the topic and the field."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: topics file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(raw) - {"topic"})
    if unknown:
        raise ConfigError(
            f"{path}: unknown top-level key(s) {', '.join(unknown)}; expected [[topic]]"
        )
    entries = raw.get("topic", [])
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{path}: no [[topic]] tables defined")
    topics: dict[str, Topic] = {}
    for index, entry in enumerate(entries):
        label = entry.get("name", f"#{index + 1}") if isinstance(entry, dict) else f"#{index + 1}"
        try:
            topic = Topic.model_validate(entry)
        except ValidationError as exc:
            problems = "; ".join(
                f"field '{_field_path(err['loc'], entry) or '(topic)'}': {err['msg']}"
                for err in exc.errors()
            )
            raise ConfigError(f"{path}: topic '{label}': {problems}") from None
        if topic.name in topics:
            raise ConfigError(f"{path}: topic '{topic.name}': defined twice")
        topics[topic.name] = topic
    return topics


def load_topic(path: Path | str, name: str) -> Topic:
    topics = load_topics(path)
    try:
        return topics[name]
    except KeyError:
        raise TopicNotFound(
            f"{path}: no topic named '{name}' (known: {', '.join(sorted(topics))})"
        ) from None
