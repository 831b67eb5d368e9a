"""A real pseudo-terminal for tests: run a command in it, and read what the screen shows.

`run_in_terminal` starts the command with stdin, stdout and stderr on a pty of a given size
(so it sees a terminal exactly as in a shell) and returns every byte it wrote. `Screen` replays
those bytes as a terminal would for the control sequences a program like rich's live display
uses (carriage return, newline, cursor up/down/left/right/column, erase in line and display,
auto-wrap at the right margin; colours and hyperlinks are dropped) and gives the final screen as
plain text lines.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# environment that would make a program think it is not on a plain colour terminal
TERMINAL_NOISE = (
    "NO_COLOR",
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "COLUMNS",
    "LINES",
)


@dataclass
class Captured:
    output: str  # everything written, escape sequences included
    returncode: int
    frames: list[tuple[float, str]] = field(default_factory=list)  # (seconds, chunk) as read

    @property
    def plain(self) -> str:
        """Everything written, without colours and control sequences (frames run together)."""
        return _CONTROL.sub("", self.output)

    def screen(self, columns: int) -> list[str]:
        screen = Screen(columns)
        screen.feed(self.output)
        return screen.text()


def run_in_terminal(
    args: list[str],
    *,
    env: Mapping[str, str],
    cwd: Path,
    columns: int = 100,
    rows: int = 40,
    timeout: float = 120.0,
) -> Captured:
    """Run `python -m monitor.cli ARGS` with all three standard streams on one new pty."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    environment = {k: v for k, v in env.items() if k not in TERMINAL_NOISE}
    environment["TERM"] = "xterm-256color"
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "monitor.cli", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=environment,
        cwd=cwd,
        close_fds=True,
        start_new_session=True,
    )
    os.close(slave)
    chunks: list[bytes] = []
    frames: list[tuple[float, str]] = []
    try:
        while True:
            if time.monotonic() - started > timeout:
                process.kill()
                raise TimeoutError(f"{args} did not finish in {timeout} s")
            ready, _, _ = select.select([master], [], [], 0.2)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the last writer closed the terminal
                break
            if not data:
                break
            chunks.append(data)
            frames.append((time.monotonic() - started, data.decode("utf-8", "replace")))
    finally:
        process.wait(timeout=30)
        os.close(master)
    return Captured(b"".join(chunks).decode("utf-8", "replace"), process.returncode, frames)


_SEQUENCE = re.compile(
    r"\x1b\[(?P<params>[0-9;?]*)(?P<command>[A-Za-z])"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC (titles, hyperlinks)
    r"|\x1b[()][A-Za-z0-9]"  # character set selection
    r"|(?P<char>[\r\n\x08\x07])"
)
_CONTROL = re.compile(
    r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Za-z0-9]"
)


class Screen:
    """The text a terminal of `columns` columns shows after the bytes fed to it (no limit on
    rows: the scrollback and the screen are one list of lines)."""

    def __init__(self, columns: int) -> None:
        self.columns = columns
        self.lines: list[list[str]] = [[]]
        self.row = 0
        self.col = 0

    def _line(self) -> list[str]:
        while len(self.lines) <= self.row:
            self.lines.append([])
        return self.lines[self.row]

    def _put(self, text: str) -> None:
        for ch in text:
            if self.col >= self.columns:  # auto-wrap
                self.row += 1
                self.col = 0
            line = self._line()
            while len(line) < self.col:
                line.append(" ")
            if self.col < len(line):
                line[self.col] = ch
            else:
                line.append(ch)
            self.col += 1

    def feed(self, data: str) -> None:
        position = 0
        for match in _SEQUENCE.finditer(data):
            self._put(data[position : match.start()])
            position = match.end()
            char, command = match.group("char"), match.group("command")
            if char == "\r":
                self.col = 0
            elif char == "\n":
                self.row += 1
                self._line()
            elif char == "\x08":
                self.col = max(0, self.col - 1)
            elif command:
                self._csi(match.group("params") or "", command)
        self._put(data[position:])

    def _csi(self, params: str, command: str) -> None:
        numbers = [int(p) for p in params.split(";") if p.isdigit()]
        n = numbers[0] if numbers else 0
        if command == "A":
            self.row = max(0, self.row - max(n, 1))
        elif command == "B":
            self.row += max(n, 1)
        elif command == "C":
            self.col += max(n, 1)
        elif command == "D":
            self.col = max(0, self.col - max(n, 1))
        elif command == "G":
            self.col = max(n, 1) - 1
        elif command == "K":
            line = self._line()
            if n == 0:
                del line[self.col :]
            elif n == 1:
                line[: self.col] = [" "] * min(self.col, len(line))
            else:
                line.clear()
        elif command == "J" and n in (0, 2, 3):
            del self.lines[self.row + 1 :]
            del self._line()[self.col :]
        # colours (m), cursor show/hide and modes (h, l) change no text

    def text(self) -> list[str]:
        """The lines shown, without trailing blanks and without empty lines at the end."""
        lines = ["".join(line).rstrip() for line in self.lines]
        while lines and not lines[-1]:
            lines.pop()
        return lines
