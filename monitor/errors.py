"""The one exception family of the monitor: every error we raise on purpose is a MonitorError."""

from __future__ import annotations


class MonitorError(Exception):
    """Base class of every error the monitor raises on purpose."""


class ConfigError(MonitorError):
    """Settings or a topic file are invalid; the message names the file, topic and field.

    `problems` lists each problem on its own (a topics file reports all of its problems at once).
    """

    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems if problems is not None else [message]


class TopicNotFound(ConfigError):
    """A topic name was asked for that the topics file does not define."""


class StoreError(MonitorError):
    """The database cannot be reached, migrated or written."""


class FetchError(MonitorError):
    """A URL could not be fetched. `reason` is short and stable (e.g. ``timeout``, ``http 503``)."""

    def __init__(self, url: str, reason: str, *, retryable: bool = False) -> None:
        super().__init__(f"{reason}: {url}")
        self.url = url
        self.reason = reason
        self.retryable = retryable


class BlockedAddress(FetchError):
    """The URL resolves to a private, loopback, link-local or metadata address."""

    def __init__(self, url: str, detail: str = "") -> None:
        super().__init__(url, "blocked address" + (f" ({detail})" if detail else ""))


class RobotsDisallowed(FetchError):
    """robots.txt forbids our user agent to fetch the URL."""

    def __init__(self, url: str) -> None:
        super().__init__(url, "robots")


class TooLarge(FetchError):
    """The body exceeded the size limit (also after decompression)."""

    def __init__(self, url: str, limit: int) -> None:
        super().__init__(url, "too large")
        self.limit = limit


class SourceError(MonitorError):
    """A source (feed, sitemap, API) could not be read or parsed."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ExtractionError(MonitorError):
    """A page is not an article we can keep; `reason` says why (``too short``, ``paywall``, ...)."""

    def __init__(self, reason: str, url: str | None = None) -> None:
        super().__init__(reason if url is None else f"{reason}: {url}")
        self.reason = reason
        self.url = url


class AlertError(MonitorError):
    """An alert could not be rendered or delivered."""


class RunLocked(MonitorError):
    """Another run of the same topic holds the run lock."""


class AnalysisFailed(MonitorError):
    """Most articles of a run failed analysis with the same error: a fault of the set-up or the
    code, not of the articles. The run fails (its articles stay recorded for retry); `report`
    is the run's report (a monitor.models.RunReport)."""

    def __init__(self, message: str, report: object = None) -> None:
        super().__init__(message)
        self.report = report
