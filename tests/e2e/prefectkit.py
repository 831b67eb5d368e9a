"""A real Prefect server for tests: `prefect server start` on a free loopback port, its own SQLite
in a temporary PREFECT_HOME, every phone-home switch off; plus helpers to run `flows.serve` and
`prefect worker start` against it as subprocesses."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import httpx

ROOT = Path(__file__).resolve().parents[2]
PREFECT = str(Path(sys.executable).with_name("prefect"))
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def offline_env(home: Path) -> dict[str, str]:
    """Prefect settings that keep everything on this machine and quiet."""
    return {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
        "PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY": "false",
        "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
        "PREFECT_CLIENT_SERVER_VERSION_CHECK_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }


def wait_for(check: Callable[[], T | None], timeout: float, what: str, every: float = 0.25) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")


class Proc:
    """A subprocess with its output in a log file, stopped with SIGINT, then SIGKILL."""

    def __init__(self, name: str, args: list[str], env: Mapping[str, str], log_dir: Path) -> None:
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.popen = subprocess.Popen(
            args,
            env={**os.environ, **env},
            cwd=ROOT,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, timeout: float = 15) -> None:
        if self.alive():
            os.killpg(self.popen.pid, signal.SIGINT)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(5)
        self._log.close()


class PrefectServer:
    """`prefect server start` on 127.0.0.1 with a SQLite database in `home`."""

    def __init__(self, home: Path, *, ui: bool = True) -> None:
        self.home = home
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.api_url = f"{self.url}/api"
        self.env = {
            **offline_env(home),
            "PREFECT_API_URL": self.api_url,
            "PREFECT_SERVER_API_HOST": "127.0.0.1",
            "PREFECT_SERVER_API_PORT": str(self.port),
            "PREFECT_SERVER_UI_API_URL": self.api_url,
            "PREFECT_SERVER_UI_ENABLED": "true" if ui else "false",
            "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home}/prefect.db",
            # schedule runs soon after a deployment appears; mark late runs quickly
            "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "5",
            "PREFECT_RUNNER_POLL_FREQUENCY": "1",
            "PREFECT_WORKER_QUERY_SECONDS": "1",
        }
        self.proc: Proc | None = None
        self.started_in = 0.0

    def start(self, timeout: float = 90) -> PrefectServer:
        self.home.mkdir(parents=True, exist_ok=True)
        began = time.monotonic()
        self.proc = Proc(
            "prefect-server",
            [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
            self.env,
            self.home,
        )

        def healthy() -> bool:
            assert self.proc is not None
            if not self.proc.alive():
                raise RuntimeError(f"prefect server exited:\n{self.proc.log()[-3000:]}")
            try:
                return httpx.get(f"{self.api_url}/health", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(healthy, timeout, "the Prefect server to answer /api/health")
        self.started_in = time.monotonic() - began
        return self

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.stop()

    def __enter__(self) -> PrefectServer:
        return self.start()

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def spawn(self, name: str, args: list[str], env: Mapping[str, str] | None = None) -> Proc:
        """A process talking to this server (serve, worker, CLI)."""
        return Proc(name, args, {**self.env, **(env or {})}, self.home)

    def cli(self, *args: str, env: Mapping[str, str] | None = None, timeout: float = 60) -> str:
        done = subprocess.run(
            [PREFECT, *args],
            env={**os.environ, **self.env, **(env or {})},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"prefect {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def settings(self) -> Any:
        """`with server.settings():` points this test process's Prefect client at the server."""
        from prefect.settings import (
            PREFECT_API_URL,
            PREFECT_CLIENT_SERVER_VERSION_CHECK_ENABLED,
            PREFECT_SERVER_ANALYTICS_ENABLED,
            temporary_settings,
        )

        return temporary_settings(
            {
                PREFECT_API_URL: self.api_url,
                PREFECT_SERVER_ANALYTICS_ENABLED: False,
                PREFECT_CLIENT_SERVER_VERSION_CHECK_ENABLED: False,
            }
        )


def monitor_env(settings_values: Mapping[str, object]) -> dict[str, str]:
    """MONITOR_* variables for a subprocess, from Settings field values."""
    env: dict[str, str] = {}
    for key, value in settings_values.items():
        if value is None:
            continue
        env[f"MONITOR_{key.upper()}"] = str(value)
    return env


# ------------------------------------------------------------------ reading what a run left


def run_artifacts(flow_run_id: Any) -> dict[str, Any]:
    """The artifacts of a flow run by key (the current API client's server)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    return {a.key: a for a in artifacts}


def run_logs(flow_run_id: Any) -> list[str]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogWorker

    # logs travel to the API in background batches: send what is queued before reading
    APILogWorker.drain_all(timeout=10)
    with get_client(sync_client=True) as client:
        logs = client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])), limit=200
        )
    return [log.message for log in logs]


def run_task_runs(flow_run_id: Any) -> list[Any]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        return list(
            client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
            )
        )


def monitor_settings_env(
    *, database_url: str, topics_file: Path, data_dir: Path, **extra: object
) -> dict[str, str]:
    """MONITOR_* variables for a flow run against loopback test sites (no politeness delay)."""
    values: dict[str, object] = {
        "database_url": database_url,
        "topics_file": topics_file,
        "data_dir": data_dir,
        "fetch_allow": "127.0.0.1 127.0.0.2",
        "fetch_host_delay": 0,
        "fetch_timeout": 5,
        "fetch_connect_timeout": 2,
        "fetch_read_timeout": 2,
        "fetch_retries": 1,
        "fetch_backoff": 0.01,
        "extract_workers": 0,
        "contact_url": "https://example.org/newsmonitor-tests",
    }
    values.update(extra)
    return monitor_env(values)


@contextmanager
def korea_site() -> Iterator[Any]:
    """A running copy of tests.scenario's treaty site, started before its articles are published (their URLs
    need the port): German and English reports of the treaty and an unrelated factory closure."""
    from datetime import timedelta

    from tests.scenario import FACTORY_DE, JUNE, TREATY_DE, TREATY_EN, publish
    from tests.sitekit import NewsSite

    site = NewsSite()
    site.add_feed("politik", title="Testpost Politik", language="de")
    site.add_feed("world", title="Testpost World", language="en")
    site.start()
    publish(site, TREATY_DE, feed="politik", at=JUNE, slug="beistandspakt")
    publish(site, TREATY_EN, feed="world", at=JUNE + timedelta(hours=2), slug="defence-pact")
    try:
        publish(site, FACTORY_DE, feed="politik", at=JUNE + timedelta(hours=3), slug="werk-zwickau")
        yield site
    finally:
        site.stop()


@contextmanager
def prefect_harness(home: Path) -> Iterator[None]:
    """A temporary Prefect server (prefect_test_harness) with its home in `home`, offline: what
    the flow tests run against in-process."""
    import pytest
    from prefect.settings import (
        PREFECT_CLIENT_SERVER_VERSION_CHECK_ENABLED,
        PREFECT_HOME,
        PREFECT_SERVER_ANALYTICS_ENABLED,
        temporary_settings,
    )
    from prefect.testing.utilities import prefect_test_harness

    with pytest.MonkeyPatch.context() as mp:
        for key, value in offline_env(home).items():
            mp.setenv(key, value)
        with (
            temporary_settings(
                {
                    PREFECT_HOME: home,
                    PREFECT_SERVER_ANALYTICS_ENABLED: False,
                    PREFECT_CLIENT_SERVER_VERSION_CHECK_ENABLED: False,
                }
            ),
            prefect_test_harness(server_startup_timeout=90),
        ):
            yield


def flow_env(monkeypatch: Any, folder: Path, site: Any, apprise_urls: str) -> dict[str, str]:
    """The flow reads its settings from the environment, as under `serve` or a worker: a topics
    file for `site` in `folder`, its database there, alerts to `apprise_urls`; no stray .env or
    MONITOR_* variable of the caller's."""
    from tests.scenario import topic_file

    topics = folder / "topics.toml"
    topic_file(str(topics), site)
    env = monitor_settings_env(
        database_url=f"sqlite:///{folder}/monitor.db",
        topics_file=topics,
        data_dir=folder,
        apprise_urls=apprise_urls,
    )
    monkeypatch.chdir(folder)
    for key in [k for k in os.environ if k.startswith("MONITOR_")]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env
