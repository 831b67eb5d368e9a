#!/usr/bin/env python3
"""The project's entry points on a fresh clone: `python3 tasks.py run|demo|test|lock`.

`demo` installs like `run` and runs `monitor demo`: the monitor on a local news site, offline.

`run` and `test` create `.venv` (upgrading pip first: the pip shipped with some Pythons crashes
resolving extras) and install the exact, hashed versions of the lock files in `requirements/`
(`run.lock` for the monitor, `dev.lock` for the tools and tests too), then the monitor itself
without dependencies; they install again whenever a lock file or pyproject.toml changed.

`test --latest` runs the same checks in `.venv-latest` instead, with the newest releases the
ranges in pyproject.toml allow (upgraded on every call): it shows what tomorrow's fresh install
of `pip install newsmonitor` would meet.

`lock` re-resolves both lock files from the ranges in pyproject.toml with uv (a pinned version,
installed into the throwaway `.venv-lock`), against PyPI only.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LATEST_VENV = ROOT / ".venv-latest"
LOCK_VENV = ROOT / ".venv-lock"
LOCKS = ROOT / "requirements"
RUN_LOCK = LOCKS / "run.lock"  # the base dependencies, for `run`
DEV_LOCK = LOCKS / "dev.lock"  # base + every extra the README uses: postgres, dask, dev, bench
DEV_EXTRAS = ("postgres", "dask", "dev", "bench")
UV = "uv==0.13.9"  # the resolver of `lock`; pinned so a lock does not change with uv's moods
INDEX = "https://pypi.org/simple"  # locks hold what PyPI serves, never a machine's own mirror
SCRIPTS = "Scripts" if os.name == "nt" else "bin"


def sh(*args: str | Path, check: bool = True) -> int:
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], cwd=ROOT, check=check).returncode


def python_of(env: Path) -> Path:
    return env / SCRIPTS / "python"


def ensure_venv(env: Path) -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036 - run by whatever python3 a user has
        sys.exit(f"Python 3.11 or newer is needed, this is {sys.version.split()[0]}")
    py = python_of(env)
    if not py.exists():
        venv.EnvBuilder(with_pip=True).create(env)
        sh(py, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    return py


def ensure_installed(lock: Path) -> None:
    """Install `lock` exactly (hashes required), then the monitor itself, once per change."""
    py = ensure_venv(VENV)
    if not lock.is_file():
        sys.exit(f"{lock.relative_to(ROOT)} is missing: `python3 tasks.py lock` writes it")
    digest = hashlib.sha256(lock.read_bytes() + (ROOT / "pyproject.toml").read_bytes())
    marker = VENV / f".installed-{lock.stem}-{digest.hexdigest()[:16]}"
    if marker.exists():
        return
    sh(py, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", lock)
    sh(py, "-m", "pip", "install", "--quiet", "--no-deps", "-e", ".")
    for old in VENV.glob(f".installed-{lock.stem}-*"):
        old.unlink()
    marker.touch()


def install_latest() -> None:
    """The newest releases pyproject.toml's ranges allow, into .venv-latest, on every call."""
    py = ensure_venv(LATEST_VENV)
    spec = f".[{','.join(DEV_EXTRAS)}]"
    sh(py, "-m", "pip", "install", "--quiet", "-U", "--upgrade-strategy=eager", "-e", spec)
    sh(py, "-m", "pip", "list", "--format", "freeze", "--exclude-editable")


def run(args: list[str]) -> int:
    ensure_installed(RUN_LOCK)
    return sh(VENV / SCRIPTS / "monitor", "run", *args, check=False)


def demo(args: list[str]) -> int:
    ensure_installed(RUN_LOCK)
    return sh(VENV / SCRIPTS / "monitor", "demo", *args, check=False)


def test(args: list[str]) -> int:
    env = VENV
    if "--latest" in args:
        args = [a for a in args if a != "--latest"]
        install_latest()
        env = LATEST_VENV
    else:
        ensure_installed(DEV_LOCK)
    bin_ = env / SCRIPTS
    steps = [
        [bin_ / "ruff", "check", "."],
        [bin_ / "ruff", "format", "--check", "."],
        [bin_ / "mypy"],
    ]
    for step in steps:
        if sh(*step, check=False) != 0:
            return 1
    # exit code 5 (no tests collected) is non-zero and so fails here too
    return sh(python_of(env), "-m", "pytest", *parallel(args), *args, check=False)


def parallel(args: list[str]) -> list[str]:
    """pytest-xdist's options unless `args` choose their own: two processes (the machines we
    test on have two cores; most of the suite waits on servers and subprocesses), one test file
    per process at a time, so a module's fixtures (a Prefect server, a news site) start once."""
    chosen = any(
        a in ("-n", "--numprocesses", "--dist", "no:xdist")
        or a.startswith(("-n", "--numprocesses=", "--dist="))
        for a in args
    )
    return [] if chosen else ["-n", "2", "--dist", "loadfile"]


def lock(args: list[str]) -> int:
    """Resolve both lock files again: dev first, then run constrained by dev, so the packages
    they share have the same versions and `run` and `test` can share `.venv`."""
    py = ensure_venv(LOCK_VENV)
    uv = LOCK_VENV / SCRIPTS / "uv"
    marker = LOCK_VENV / f".installed-{UV}"
    if not marker.exists():
        sh(py, "-m", "pip", "install", "--quiet", UV)
        marker.touch()
    LOCKS.mkdir(exist_ok=True)
    common = [
        "pip",
        "compile",
        "--no-config",  # no uv.toml of the person locking
        "--index-url",
        INDEX,
        "--universal",  # one lock for every OS and every Python the project supports
        "--python-version",
        "3.11",
        "--generate-hashes",
        "--custom-compile-command",
        "python3 tasks.py lock",
        "--quiet",
        *args,  # e.g. --upgrade-package apprise
    ]
    extras = [a for extra in DEV_EXTRAS for a in ("--extra", extra)]
    dev = sh(uv, *common, "pyproject.toml", *extras, "-o", DEV_LOCK.relative_to(ROOT), check=False)
    if dev != 0:
        return dev
    return sh(
        uv,
        *common,
        "pyproject.toml",
        "--constraint",
        DEV_LOCK.relative_to(ROOT),
        "-o",
        RUN_LOCK.relative_to(ROOT),
        check=False,
    )


def main() -> int:
    commands = {"run": run, "demo": demo, "test": test, "lock": lock}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        print(
            "usage: python3 tasks.py run [monitor run options] | demo [monitor demo options]"
            " | test [--latest] [pytest options] | lock [uv pip compile options]"
        )
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
