#!/usr/bin/env python3
"""The project's two entry points on a fresh clone: `python3 tasks.py run` and `python3 tasks.py test`.

Both create `.venv` (upgrading pip first: the pip shipped with some Pythons crashes resolving
extras), install what they need when pyproject.toml changed since the last install, then run.
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
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def sh(*args: str | Path, check: bool = True) -> int:
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], cwd=ROOT, check=check).returncode


def ensure_installed(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - run by whatever python3 a user has
        sys.exit(f"Python 3.11 or newer is needed, this is {sys.version.split()[0]}")
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
        sh(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    marker = VENV / f".installed-{extras or 'base'}-{digest}"
    if marker.exists():
        return
    spec = f".[{extras}]" if extras else "."
    sh(PY, "-m", "pip", "install", "--quiet", "-e", spec)
    for old in VENV.glob(f".installed-{extras or 'base'}-*"):
        old.unlink()
    marker.touch()


def run(args: list[str]) -> int:
    ensure_installed("")
    return sh(BIN / "monitor", "run", *args, check=False)


def test(args: list[str]) -> int:
    ensure_installed("dev")
    steps = [
        [BIN / "ruff", "check", "."],
        [BIN / "ruff", "format", "--check", "."],
        [BIN / "mypy"],
    ]
    for step in steps:
        if sh(*step, check=False) != 0:
            return 1
    # exit code 5 (no tests collected) is non-zero and so fails here too
    return sh(PY, "-m", "pytest", *args, check=False)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"run", "test"}:
        print(__doc__)
        print("usage: python3 tasks.py run [monitor run options] | test [pytest options]")
        return 2
    command, rest = sys.argv[1], sys.argv[2:]
    return run(rest) if command == "run" else test(rest)


if __name__ == "__main__":
    sys.exit(main())
