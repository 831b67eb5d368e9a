"""Shared fixtures: real databases (SQLite files, PostgreSQL on 127.0.0.1:5432) and test servers."""

from __future__ import annotations

import os
import socket
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

# ----------------------------------------------------------------------- databases (lead)

PG_HOST, PG_PORT = "127.0.0.1", 5432
PG_BASE = os.environ.get(
    "MONITOR_TEST_PG", f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/test"
)


def postgres_reachable() -> str | None:
    """None when PostgreSQL answers, else the reason to skip."""
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=1):
            pass
    except OSError as exc:
        return f"no PostgreSQL server on {PG_HOST}:{PG_PORT} ({exc})"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed"
    return None


@pytest.fixture
def sqlite_url(tmp_path: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path}/monitor.db"  # type: ignore[operator]


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema in the `test` database, dropped afterwards."""
    reason = postgres_reachable()
    if reason:
        pytest.skip(reason)
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_BASE, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_BASE}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each test using it runs once on a SQLite file and once on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


# ------------------------------------------------------------- local news site (sources/fetch)
# Owner: sources/fetch engineer. `news_site` is a real HTTP news site on 127.0.0.1 (see
# tests/sitekit.py for its API: articles, feeds, sitemaps, robots.txt, request log, faults);
# `fetch_settings(...)` / `site_settings` are Settings that may fetch from loopback, fast.

from monitor.config import Settings  # noqa: E402
from tests.sitekit import NewsSite  # noqa: E402
from tests.targets import WebhookReceiver  # noqa: E402


def fetch_settings(**overrides: object) -> Settings:
    """Settings for tests against loopback sites: allowed addresses, no delays, short timeouts."""
    values: dict[str, object] = {
        "fetch_allow": "127.0.0.1 127.0.0.2",
        "fetch_host_delay": 0.0,
        "fetch_timeout": 5.0,
        "fetch_connect_timeout": 2.0,
        "fetch_read_timeout": 2.0,
        "fetch_retries": 2,
        "fetch_backoff": 0.01,
        "contact_url": "https://example.org/newsmonitor-tests",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


@pytest.fixture
def news_site() -> Iterator[NewsSite]:
    """A running local news site: 12 articles (German and English) over 2 RSS feeds."""
    with NewsSite.generate(articles=12, feeds=2) as site:
        yield site


@pytest.fixture
def site_settings() -> Settings:
    """Settings that may fetch from 127.0.0.1/127.0.0.2, with no politeness delay."""
    return fetch_settings()


@pytest.fixture
def hook() -> Iterator[WebhookReceiver]:
    """A webhook alert target on 127.0.0.1 that records what it is sent."""
    with WebhookReceiver() as receiver:
        yield receiver


# ------------------------------------------------------------- Prefect flow tests (shared)
# test_flows.py and test_story_pages.py run the flows under one temporary Prefect server per
# module against the seed-case news site; a module that defines its own `site` or
# `monitor_env` (test_cli.py, test_pipeline.py, ...) overrides these.


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One temporary Prefect server for the module, with its home in a temp dir, offline."""
    from tests.e2e.prefectkit import prefect_harness

    with prefect_harness(tmp_path_factory.mktemp("prefect-home")):
        yield


@pytest.fixture
def site() -> Iterator[NewsSite]:
    """The seed case's news site (tests/e2e/prefectkit.korea_site)."""
    from tests.e2e.prefectkit import korea_site

    with korea_site() as running:
        yield running


@pytest.fixture
def monitor_env(
    tmp_path: Path, site: NewsSite, hook: WebhookReceiver, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """The monitor's settings for a flow run over `site`, alerts to `hook`, in the environment."""
    from tests.e2e.prefectkit import flow_env

    return flow_env(monkeypatch, tmp_path, site, hook.url)


# ----------------------------------------------------------------------- test processes

# Files that each start their own Prefect server, workers and flow-run subprocesses: on a
# two-core machine two of them side by side starve each other (a flow run took over 150 s
# once), so under `--dist loadfile` they share one process and run one after the other,
# while the other process takes the rest of the suite.
ONE_AFTER_THE_OTHER = ("tests/e2e/test_prefect_server.py", "tests/e2e/test_deploy.py")
# ... and the scenario suite, hundreds of arcs each replayed from scratch (about half the
# suite's work), goes to both processes in this many groups of arcs, not to one as one file
SCENARIOS_FILE = "tests/test_scenarios.py"
SCENARIO_GROUPS = 12


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    if config.getoption("dist", None) != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class HeavyFilesTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            if path == SCENARIOS_FILE and "[" in nodeid:
                # by the arc, so an arc's tests share a group, whatever their order
                arc = nodeid.rsplit("[", 1)[1]
                return f"{path}::group-{zlib.crc32(arc.encode()) % SCENARIO_GROUPS}"
            return "prefect-e2e" if path in ONE_AFTER_THE_OTHER else path

    return HeavyFilesTogether(config, log)
