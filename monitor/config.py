"""Settings from the environment and `.env`, and loading and validating topic files."""

from __future__ import annotations

import re
import tomllib
from datetime import time
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator
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
    # where alerts link a story's page: a URL template with {id}, {topic} or {key}; without it,
    # the story's artifact in the Prefect UI when PREFECT_UI_URL is set (Prefect's own variable)
    story_url: str | None = None
    prefect_ui_url: str | None = Field(
        default=None, validation_alias=AliasChoices("PREFECT_UI_URL", "prefect_ui_url")
    )

    @field_validator("story_url")
    @classmethod
    def _story_url_template(cls, v: str | None) -> str | None:
        if v is None:
            return v
        try:
            filled = v.format(id=1, topic="topic", key="story-topic-1")
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(
                f"MONITOR_STORY_URL may use {{id}}, {{topic}} and {{key}} only: {exc}"
            ) from None
        if filled == v or not urlsplit(filled).scheme.startswith("http"):
            raise ValueError(
                "MONITOR_STORY_URL must be an http(s) URL naming the story with {id} or {key}"
            )
        return v

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, v: str) -> str:
        return check_timezone(v)

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


# ------------------------------------------------------------------------ field checks
# Everything a topic file says is checked when it is loaded, with the same parsers that read it
# later (the relevance query's, Prefect's cron parser, zoneinfo), so a wrong file is refused by
# `monitor topics` and before a run fetches anything, never half-way through a run.

LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
GDELT_TIMESPAN = re.compile(r"^[1-9][0-9]*(min|h|d|w|m)$")


def check_timezone(name: str) -> str:
    """An IANA time zone name zoneinfo knows ('Europe/Berlin', 'UTC')."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r} (an IANA name such as 'Europe/Berlin' or 'UTC')"
        ) from None
    return name


def check_cron(expression: str) -> str:
    """A cron expression as Prefect reads a deployment's schedule: croniter (the parser Prefect
    vendors), without the random and hashed forms Prefect refuses."""
    if not croniter.is_valid(expression) or any(
        part.casefold() in ("r", "h") for part in expression.split()
    ):
        raise ValueError(_cron_message(expression))
    return expression


def _cron_message(expression: str) -> str:
    return (
        f"not a valid cron expression: {expression!r} (five fields: minute hour day-of-month "
        "month day-of-week, e.g. '*/15 * * * *')"
    )


def check_http_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL with a host: {url!r}")
    return url


def _check_language(code: str | None) -> str | None:
    if code is not None and not LANGUAGE_CODE.match(code):
        raise ValueError(f"not a two-letter language code (ISO 639-1, e.g. 'de'): {code!r}")
    return code


_QUERY_LEXEME = re.compile(r'\s*(?:(\()|(\))|"([^"]*)"|([^\s()"]+))')


def _query_error_position(query: str) -> int | None:
    """Where in `query` (0-based, after stripping) reading the relevance query fails.

    A shadow of the grammar of monitor/novelty/relevance.py `parse_query`, which stays the judge
    of whether a query is valid and of what is wrong; this only finds the place to point at.
    """
    query = query.strip()
    tokens: list[tuple[str, int]] = []
    pos = 0
    while pos < len(query):
        match = _QUERY_LEXEME.match(query, pos)
        if match is None or match.end() == pos:
            return pos + (len(query[pos:]) - len(query[pos:].lstrip()))
        start = match.start(match.lastindex or 0)
        pos = match.end()
        if match.group(1):
            kind = "("
        elif match.group(2):
            kind = ")"
        elif match.group(3) is not None:
            kind = "term"
        else:
            upper = match.group(4).upper()
            kind = upper if upper in ("AND", "OR", "NOT") else "term"
        tokens.append((kind, start))
    index = 0

    class Stop(Exception):
        pass

    def peek() -> str | None:
        return tokens[index][0] if index < len(tokens) else None

    def here() -> int:
        return tokens[index][1] if index < len(tokens) else len(query)

    def parse_or() -> None:
        nonlocal index
        parse_and()
        while peek() == "OR":
            index += 1
            parse_and()

    def parse_and() -> None:
        nonlocal index
        parse_not()
        while peek() in ("AND", "NOT", "term", "("):
            if peek() == "AND":
                index += 1
            parse_not()

    def parse_not() -> None:
        nonlocal index
        if peek() == "NOT":
            index += 1
            parse_not()
            return
        kind = peek()
        if kind == "(":
            index += 1
            parse_or()
            if peek() != ")":
                raise Stop
            index += 1
        elif kind == "term":
            index += 1
        else:
            raise Stop

    try:
        if not tokens:
            return 0
        parse_or()
        return here() if index != len(tokens) else None
    except Stop:
        return here()


def check_relevance_query(query: str) -> str:
    """Parse the query as the story memory will; the error says what and where."""
    from monitor.novelty.relevance import parse_query

    try:
        parse_query(query)
    except ConfigError as exc:
        detail = str(exc).removeprefix("relevance query: ").removeprefix("relevance ")
        detail = detail.removesuffix(f" in {query.strip()!r}")
        position = _query_error_position(query)
        where = "" if position is None else f" at character {position + 1}"
        raise ValueError(f"{detail}{where} of {query.strip()!r}") from None
    return query


def _words(text: str) -> bool:
    from monitor.text import normalize, tokenize

    return bool(tokenize(normalize(text)))


# ---------------------------------------------------------------------------- topic files


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Source(_Strict):
    name: str = Field(min_length=1, max_length=200)
    # days without a new candidate before this source is reported quiet (overrides the
    # topic's [topic.health] quiet_days for its kind; 0: never)
    quiet_days: float | None = Field(default=None, ge=0)

    @field_validator("url", "base_url", "decode_base_url", check_fields=False)
    @classmethod
    def _url(cls, v: str) -> str:
        return check_http_url(v)

    @field_validator("language", check_fields=False)
    @classmethod
    def _language(cls, v: str | None) -> str | None:
        return _check_language(v)


class RssSource(_Source):
    kind: Literal["rss"] = "rss"
    url: str
    language: str | None = None


class GoogleNewsSource(_Source):
    """A Google News search RSS feed per query, built from the topic's queries for one language."""

    kind: Literal["google_news"]
    language: str
    region: str
    base_url: str = "https://news.google.com/rss/search"
    # where article ids without an embedded URL are decoded (article page + batchexecute)
    decode_base_url: str = "https://news.google.com"
    # decodes per look, newest first; the rest wait in the source state for the next run
    max_decodes: int = Field(default=40, ge=0)
    # seconds between requests to the decode host whatever fetch_host_delay says: Google
    # answers faster clients with 429 and a captcha page
    decode_interval: float = Field(default=1.0, ge=0)

    @field_validator("region")
    @classmethod
    def _country(cls, v: str) -> str:
        if not re.fullmatch(r"[A-Za-z]{2}", v):
            raise ValueError(f"not a two-letter country code (e.g. 'DE', 'US'): {v!r}")
        return v


class SitemapSource(_Source):
    kind: Literal["sitemap"]
    url: str
    language: str | None = None
    max_age_hours: float = Field(default=48.0, gt=0)
    # keep only entries whose news title/keywords mention a topic term (entries without either
    # are kept); off for sitemaps of topic-specific sites
    match_terms: bool = True
    max_sitemaps: int = Field(default=10, ge=1)


class GdeltSource(_Source):
    kind: Literal["gdelt"]
    language: str | None = None
    base_url: str = "https://api.gdeltproject.org/api/v2/doc/doc"
    # GDELT's own forms: 15min, 24h, 1d, 2w, 3m (months)
    timespan: str = "1d"
    # GDELT returns at most 250 records per request
    max_records: int = Field(default=75, ge=1, le=250)
    # GDELT asks for at most one request every 5 seconds
    min_interval: float = Field(default=5.0, ge=0)
    # a hand-written GDELT query replaces the topic's per-language queries
    query: str | None = None

    @field_validator("timespan")
    @classmethod
    def _timespan(cls, v: str) -> str:
        if not GDELT_TIMESPAN.match(v):
            raise ValueError(f"not a GDELT timespan (15min, 24h, 1d, 2w or 3m): {v!r}")
        return v


class ListingSource(_Source):
    kind: Literal["listing"]
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
    min_score: float = Field(default=1.0, ge=0)

    @field_validator("query")
    @classmethod
    def _parsed(cls, v: str) -> str:
        return check_relevance_query(v)

    @field_validator("aliases")
    @classmethod
    def _spellings(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        empty = [repr(k) for k in v if not _words(k)]
        empty += [
            f"{v_!r} (of {k!r})" for k, values in v.items() for v_ in values if not _words(v_)
        ]
        if empty:
            raise ValueError(f"an alias must hold a word: {', '.join(empty)}")
        return v


class NoveltyConfig(_Strict):
    """Overrides of the story memory (monitor/novelty): the cuts of its learned decisions
    (fitted by bench/fit_decisions.py on labelled real news, measured by bench/quality.py) and
    the thresholds of its fact finder."""

    # Whether an article is a copy of an earlier one (a wire copy with another headline, intro
    # and footer; a longer version holding the whole earlier text) is decided by a learned model
    # over the shingle overlap both ways (monitor/novelty/model.py, decisions.json); a copy that
    # adds a new step is a development (an updated wire story). This overrides the probability
    # it needs (default: the model's own, 0.5).
    duplicate_probability: float | None = Field(default=None, gt=0.0, lt=1.0)
    # above this share of its text found in the earlier article it is a copy even if a sentence
    # looks new (an edited intro, a corrected name)
    duplicate_certain: float = Field(default=0.9, gt=0.0, le=1.0)
    # Whether an article joins a candidate story is decided by a learned model (features: tf-idf
    # cosine with the story, days since the story last moved, shared headline names, the rare
    # anchors of the story's core named in the article's lead, language, sizes; see
    # monitor/novelty/model.py and decisions.json). This overrides the probability it needs to
    # join (default: the model's own, 0.5); higher splits stories more, lower merges more.
    join_probability: float | None = Field(default=None, gt=0.0, lt=1.0)
    # stories not touched for this long are not looked up any more (two years: a trial opens or a
    # treaty comes into force long after the first report; the learned model weighs the gap)
    story_window_days: float = Field(default=730.0, gt=0.0, le=36500.0)
    # salience a sentence needs to count as a new fact (event word 1, number 0.8, name 0.6, word 0.15)
    new_fact_min_salience: float = Field(default=1.0, ge=0.0)
    # summed salience of the new facts for a development (at least one must be a new event/number)
    development_min_salience: float = Field(default=1.0, ge=0.0)
    max_new_facts: int = Field(default=5, ge=1)


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
        parts = v.split("-")
        if len(parts) != 2:
            raise ValueError(f"quiet_hours must look like '22:00-07:00', got {v!r}")
        clocks = []
        for part in parts:
            try:
                clocks.append(time.fromisoformat(part.strip()))
            except ValueError:
                raise ValueError(
                    f"quiet_hours {v!r}: {part.strip()!r} is not a time of day (HH:MM)"
                ) from None
        if clocks[0] == clocks[1]:
            raise ValueError(f"quiet_hours {v!r} starts when it ends: no quiet time")
        return v

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, v: str | None) -> str | None:
        return None if v is None else check_timezone(v)

    @field_validator("tags")
    @classmethod
    def _plain_tags(cls, v: list[str]) -> list[str]:
        return check_tags(v)


DEFAULT_QUIET_DAYS = 7.0
SourceKind = Literal["rss", "google_news", "sitemap", "gdelt", "listing"]


def check_tags(tags: list[str]) -> list[str]:
    """Apprise tags are single words: "korea, eu" in one string would match no target."""
    bad = [repr(t) for t in tags if not t.strip() or re.search(r"[\s,]", t.strip())]
    if bad:
        raise ValueError(f"a tag is one word without spaces or commas: {', '.join(bad)}")
    return [t.strip() for t in tags]


class HealthConfig(_Strict):
    """When the monitor tells you that it went quiet itself (monitor/health.py): a source that
    fails `max_failures` runs in a row or finds no new candidate for `quiet_days`, a run that
    fails. Maintenance alerts go through the outbox like news alerts."""

    # runs in a row in which a source's discovery failed before it is reported down
    max_failures: int = Field(default=8, ge=1)
    # days without a new candidate before a source is reported quiet: one number for every kind,
    # or a table per kind ({ rss = 7, sitemap = 3 }; kinds left out keep 7); 0: never
    quiet_days: Annotated[float, Field(ge=0)] | dict[SourceKind, Annotated[float, Field(ge=0)]] = (
        7.0
    )
    # while a problem lasts, its maintenance alert is repeated at most this often (days)
    remind_days: float = Field(default=7.0, gt=0)
    # maintenance alerts go to targets with one of these tags; empty: the topic's own targets
    alert_tags: list[str] = Field(default_factory=list)
    # also announce a failed run (and the first run that completes after it)
    announce_failed_runs: bool = True

    @field_validator("alert_tags")
    @classmethod
    def _plain_tags(cls, v: list[str]) -> list[str]:
        return check_tags(v)

    def quiet_days_for(self, kind: str) -> float:
        if isinstance(self.quiet_days, dict):
            return float(self.quiet_days.get(kind, DEFAULT_QUIET_DAYS))  # type: ignore[call-overload]
        return float(self.quiet_days)


class Topic(_Strict):
    name: str = Field(min_length=1, max_length=100)
    title: str = ""
    languages: list[str] = Field(default_factory=lambda: ["en"], min_length=1)
    queries: dict[str, list[str]] = Field(default_factory=dict)
    sources: list[SourceConfig] = Field(default_factory=list)
    relevance: RelevanceConfig
    novelty: NoveltyConfig = Field(default_factory=NoveltyConfig)
    alerts: AlertConfig = Field(default_factory=AlertConfig)
    health: HealthConfig = Field(default_factory=HealthConfig)
    schedule: str = "*/15 * * * *"

    @field_validator("languages")
    @classmethod
    def _language_codes(cls, v: list[str]) -> list[str]:
        for code in v:
            _check_language(code)
        return v

    @field_validator("queries")
    @classmethod
    def _query_languages(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for code in v:
            _check_language(code)
        return v

    @field_validator("schedule")
    @classmethod
    def _cron(cls, v: str) -> str:
        return check_cron(v)

    @field_validator("sources")
    @classmethod
    def _unique_source_names(cls, v: list[SourceConfig]) -> list[SourceConfig]:
        problem = _repeated_names([s.name for s in v])
        if problem:
            raise ValueError(problem)
        return v


def _repeated_names(names: list[Any]) -> str | None:
    dupes = sorted({str(n) for n in names if names.count(n) > 1})
    return f"source names must be unique, repeated: {', '.join(dupes)}" if dupes else None


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


def _problem(loc: tuple[Any, ...], raw: dict[str, Any], message: str) -> str:
    message = message.removeprefix("Value error, ")
    return f"field '{_field_path(loc, raw) or '(topic)'}': {message}"


def _topic_problems(entry: Any) -> tuple[Topic | None, list[str]]:
    """The topic of one [[topic]] table, or every problem it has (all at once, not the first)."""
    if not isinstance(entry, dict):
        return None, ["field '(topic)': a [[topic]] table is expected"]
    problems: list[str] = []
    topic: Topic | None = None
    try:
        topic = Topic.model_validate(entry)
    except ValidationError as exc:
        problems += [_problem(err["loc"], entry, err["msg"]) for err in exc.errors()]
    sources = entry.get("sources")
    if isinstance(sources, list):  # repeated names also when a source is wrong otherwise
        repeated = _repeated_names([s.get("name") for s in sources if isinstance(s, dict)])
        if repeated:
            problems.append(f"field 'sources': {repeated}")
    return (None, list(dict.fromkeys(problems))) if problems else (topic, [])


def load_topics(path: Path | str) -> dict[str, Topic]:
    """Read and check every topic of a TOML topics file.

    Every problem of the file is reported at once, one line each, naming the file, the topic
    and the field (for the relevance query also the character where reading it failed).
    """
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: topics file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a topics file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the topics file: {exc.strerror}") from None
    problems: list[str] = []
    unknown = sorted(set(raw) - {"topic"})
    if unknown:
        problems.append(f"unknown top-level key(s) {', '.join(unknown)}; expected [[topic]]")
    entries = raw.get("topic", [])
    if not isinstance(entries, list) or not entries:
        problems.append("no [[topic]] tables defined")
        entries = []
    topics: dict[str, Topic] = {}
    names: set[str] = set()
    for index, entry in enumerate(entries):
        name = entry.get("name") if isinstance(entry, dict) else None
        label = name if isinstance(name, str) and name else f"#{index + 1}"
        topic, found = _topic_problems(entry)
        if isinstance(name, str) and name:
            if name in names:
                found.append("defined twice")
            names.add(name)
        problems += [f"topic '{label}': {p}" for p in found]
        if topic is not None and topic.name not in topics:
            topics[topic.name] = topic
    if len(problems) == 1:
        raise ConfigError(f"{path}: {problems[0]}", problems=problems)
    if problems:
        lines = "\n".join(f"  {p}" for p in problems)
        raise ConfigError(f"{path}: {len(problems)} problems:\n{lines}", problems=problems)
    return topics


def load_topic(path: Path | str, name: str) -> Topic:
    topics = load_topics(path)
    try:
        return topics[name]
    except KeyError:
        raise TopicNotFound(
            f"{path}: no topic named '{name}' (known: {', '.join(sorted(topics))})"
        ) from None
