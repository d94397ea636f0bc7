"""A real pseudo-terminal for end-to-end journeys: start a command, type, read the screen.

The command runs in its own session on the slave side of a pty of a fixed
size (TERM=xterm-256color, 24-bit colour). A reader thread feeds every byte
it writes into a ``pyte`` screen (a VT emulator) and keeps the raw bytes, so
a test can assert on what a person would see (text, colours, bold) and on
escape sequences (OSC 52 clipboard) that never show on a screen.

The terminal answers the queries Textual sends: DECRQM (synchronized output
2026 is reported as supported, so the app paints whole frames and the screen
is only judged between frames), DA1/DA2 and cursor-position reports.

Every wait has a generous timeout (CI machines are loaded) and, when it
fails, raises ``TerminalError`` whose message ends with the last screen, so
the CI log alone explains the failure.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyte

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"

DEFAULT_TIMEOUT = 30.0
"""Seconds any single wait may take: roomy enough for a loaded 2-core CI machine."""

STARTUP_TIMEOUT = 90.0
"""Seconds the first paint may take (Python + Textual start cold under load)."""

MAX_FRAMES = 4000
"""Complete frames kept, so a short-lived toast is not missed between two looks."""

ESC_SETTLE = 0.35
"""Pause after a lone ESC: Textual waits ESCDELAY (100 ms) before it believes it is a key."""

KEYS: dict[str, bytes] = {
    "enter": b"\r",
    "return": b"\r",
    "tab": b"\t",
    "shift+tab": b"\x1b[Z",
    "esc": b"\x1b",
    "escape": b"\x1b",
    "space": b" ",
    "backspace": b"\x7f",
    "delete": b"\x1b[3~",
    "insert": b"\x1b[2~",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    "pageup": b"\x1b[5~",
    "pagedown": b"\x1b[6~",
    "f1": b"\x1bOP",
    "f2": b"\x1bOQ",
    "f3": b"\x1bOR",
    "f4": b"\x1bOS",
    "f5": b"\x1b[15~",
    "f6": b"\x1b[17~",
    "f7": b"\x1b[18~",
    "f8": b"\x1b[19~",
    "f9": b"\x1b[20~",
    "f10": b"\x1b[21~",
    "f11": b"\x1b[23~",
    "f12": b"\x1b[24~",
}

_DECRQM = re.compile(rb"\x1b\[\?(\d+)\$p")
_DA2 = re.compile(rb"\x1b\[>0?c")
_QUERY = re.compile(_DECRQM.pattern + b"|" + _DA2.pattern)
_OSC52 = re.compile(rb"\x1b\]52;([^;\x07\x1b]*);([^\x07\x1b]*)(?:\x07|\x1b\\)")


class TerminalError(AssertionError):
    """A wait failed or the app died; the message ends with the last screen."""


def key_bytes(name: str) -> bytes:
    """Bytes a legacy xterm sends for a key name: enter, esc, up, ctrl+x, alt+x, f5, "a"."""
    low = name.lower()
    if low in KEYS:
        return KEYS[low]
    if len(name) == 1:
        return name.encode()
    if low.startswith("ctrl+") and len(low) == 6 and low[5].isalpha():
        return bytes([ord(low[5]) & 0x1F])
    if low.startswith("alt+") and len(name) == 5:
        return b"\x1b" + name[4].encode()
    raise ValueError(f"unknown key {name!r}; use Terminal.type() for text")


def followup_command() -> tuple[list[str], dict[str, str]]:
    """The installed ``followup`` console script beside this Python, else ``-m followup_tui``.

    CI installs the project into its venv, so the journeys run the very command
    a user runs; a development venv without the script falls back to the source tree.
    Either way the code comes from this checkout (``PYTHONPATH``): a shared venv
    whose script was installed from another checkout would otherwise test that one.
    """
    script = shutil.which("followup", path=str(Path(sys.executable).parent))
    if script:
        return [script], {"PYTHONPATH": str(SRC)}
    return [sys.executable, "-m", "followup_tui"], {"PYTHONPATH": str(SRC)}


def base_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A clean, terminal-like environment: no colour overrides, no Textual dev switches."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEXTUAL", "FOLLOWUP_TUI_", "PYTEST_"))
        and key not in {"NO_COLOR", "FORCE_COLOR", "COLORTERM", "COLUMNS", "LINES", "TMUX"}
    }
    env.update(
        {
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            "LANG": env.get("LANG") or "C.UTF-8",
            "PYTHONUNBUFFERED": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.update(extra or {})
    return env


class _Screen(pyte.Screen):  # type: ignore[misc]
    """pyte screen that answers DA1/DSR itself and tracks synchronized-output frames."""

    def __init__(self, cols: int, rows: int, reply: Callable[[bytes], None]) -> None:
        super().__init__(cols, rows)
        self._reply = reply
        self.in_sync = False
        self.on_frame_end: Callable[[], None] | None = None

    def write_process_input(self, data: str) -> None:
        self._reply(data.encode())

    def set_mode(self, *modes: int, **kwargs: Any) -> None:
        if kwargs.get("private") and 2026 in modes:
            self.in_sync = True
        super().set_mode(*modes, **kwargs)

    def reset_mode(self, *modes: int, **kwargs: Any) -> None:
        if kwargs.get("private") and 2026 in modes:
            self.in_sync = False
            super().reset_mode(*modes, **kwargs)
            if self.on_frame_end is not None:
                self.on_frame_end()
            return
        super().reset_mode(*modes, **kwargs)


@dataclass(frozen=True)
class Cell:
    """One character cell as the emulator holds it (colours: pyte names or ``rrggbb``)."""

    char: str
    fg: str
    bg: str
    bold: bool
    reverse: bool
    underscore: bool

    def rgb(self, which: str = "fg") -> tuple[int, int, int] | None:
        """The colour as (r, g, b) when the app sent 24-bit colour, else None."""
        value = self.fg if which == "fg" else self.bg
        if re.fullmatch(r"[0-9a-fA-F]{6}", value):
            return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
        return None

    def is_reddish(self) -> bool:
        """True when the foreground is clearly a red (the theme's error colour)."""
        if self.fg in {"red", "brightred"}:
            return True
        rgb = self.rgb()
        return rgb is not None and rgb[0] >= max(rgb[1], rgb[2]) + 60


class Terminal:
    """A command running in a pseudo-terminal, its screen read through ``pyte``."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        cols: int = 120,
        rows: int = 40,
        cwd: Path | str | None = None,
    ) -> None:
        self.argv = list(argv)
        self.cols = cols
        self.rows = rows
        self._lock = threading.Condition()
        self._raw = bytearray()
        self._tail = b""
        self._eof = False
        self._screen = _Screen(cols, rows, self._write)
        self._screen.on_frame_end = self._snapshot
        self._stream = pyte.ByteStream(self._screen)
        self._last_frame = ""
        self._last_cells: list[list[Any]] = []
        self._frames: list[str] = []
        self._frames_dropped = 0
        self._input_mark = 0
        master, slave = os.openpty()
        self._set_size(slave, cols, rows)
        self._master = master
        try:
            self.process = subprocess.Popen(
                self.argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=dict(env),
                cwd=cwd,
                start_new_session=True,
                close_fds=True,
            )
        finally:
            os.close(slave)
        self._reader = threading.Thread(target=self._read_loop, name="pty-reader", daemon=True)
        self._reader.start()

    # ---------------------------------------------------------------- plumbing

    @staticmethod
    def _set_size(fd: int, cols: int, rows: int) -> None:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def _write(self, data: bytes) -> None:
        try:
            os.write(self._master, data)
        except OSError:
            pass

    def _answer_queries(self, data: bytes) -> None:
        scan = self._tail + data
        for match in _DECRQM.finditer(scan):
            mode = int(match.group(1))
            self._write(b"\x1b[?%d;%d$y" % (mode, 2 if mode == 2026 else 0))
        for _ in _DA2.finditer(scan):
            self._write(b"\x1b[>1;10;0c")
        last = max(
            (m.end() for m in re.finditer(_DECRQM.pattern + b"|" + _DA2.pattern, scan)), default=0
        )
        self._tail = scan[max(last, len(scan) - 16) :]

    def _read_loop(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self._master], [], [], 0.05)
            except (OSError, ValueError):
                break
            if not ready:
                if self.process.poll() is not None and self._eof_pending():
                    break
                continue
            try:
                data = os.read(self._master, 65536)
            except OSError as error:
                if error.errno in (errno.EIO, errno.EBADF):
                    break
                raise
            if not data:
                break
            with self._lock:
                self._raw += data
                self._answer_queries(data)
                try:
                    self._stream.feed(data)
                except Exception as error:  # noqa: BLE001 an emulator quirk must not end the journey
                    self._raw += f"\n[pyte error ignored: {error!r}]\n".encode()
                if not self._screen.in_sync:
                    self._snapshot()
                self._lock.notify_all()
        with self._lock:
            self._eof = True
            self._snapshot()
            self._lock.notify_all()

    def _eof_pending(self) -> bool:
        """The child has exited; anything left to read has been read."""
        try:
            ready, _, _ = select.select([self._master], [], [], 0)
        except (OSError, ValueError):
            return True
        return not ready

    def _snapshot(self) -> None:
        """Keep the frame just completed: text and cells are always judged together."""
        buffer = self._screen.buffer
        columns = range(self._screen.columns)
        self._last_cells = [[buffer[y][x] for x in columns] for y in range(self._screen.lines)]
        self._last_frame = self._dump()
        if not self._frames or self._frames[-1] != self._last_frame:
            self._frames.append(self._last_frame)
            if len(self._frames) > MAX_FRAMES:
                del self._frames[: MAX_FRAMES // 2]
                self._frames_dropped += MAX_FRAMES // 2

    def _frame_count(self) -> int:
        return self._frames_dropped + len(self._frames)

    def _frames_since(self, number: int) -> list[str]:
        return self._frames[max(0, number - self._frames_dropped) :]

    def _dump(self) -> str:
        return "\n".join(line.rstrip() for line in self._screen.display)

    def _fail(self, message: str) -> TerminalError:
        status = self.process.poll()
        state = "still running" if status is None else f"exited with status {status}"
        border = "-" * self.cols
        return TerminalError(
            f"{message}\n(app {state}; {' '.join(self.argv)})\n"
            f"last screen ({self.cols}x{self.rows}):\n{border}\n{self.screen_text()}\n{border}"
        )

    # ---------------------------------------------------------------- reading

    def screen_text(self) -> str:
        """The last complete frame, lines without trailing blanks."""
        with self._lock:
            return self._last_frame if self._last_frame else self._dump()

    def lines(self) -> list[str]:
        """The screen as a list of lines."""
        return self.screen_text().split("\n")

    def flat_text(self) -> str:
        """The screen with every blank and border glyph removed, lines joined.

        For long tokens (a file path in a toast) that the app may wrap anywhere.
        """
        return re.sub(r"[\s\u2580-\u259f\u2500-\u257f]", "", self.screen_text())

    def line_with(self, text: str) -> str:
        """The first screen line containing ``text``."""
        for line in self.lines():
            if text in line:
                return line
        raise self._fail(f"no line on screen contains {text!r}")

    def find(self, text: str) -> tuple[int, int]:
        """(row, column) of the first occurrence of ``text`` on the screen."""
        for row, line in enumerate(self.lines()):
            column = line.find(text)
            if column >= 0:
                return row, column
        raise self._fail(f"{text!r} is not on the screen")

    def cell(self, row: int, column: int) -> Cell:
        """Character, colours and attributes of one cell (of the last complete frame)."""
        with self._lock:
            char = self._last_cells[row][column]
            return Cell(
                char.data,
                char.fg,
                char.bg,
                bool(char.bold),
                bool(char.reverse),
                bool(char.underscore),
            )

    def cells(self) -> list[Cell]:
        """Every cell of the last complete frame, row by row."""
        with self._lock:
            return [
                self.cell(row, column)
                for row in range(len(self._last_cells))
                for column in range(len(self._last_cells[row]))
            ]

    def style_of(self, text: str) -> Cell:
        """The cell of the first character of the first occurrence of ``text``."""
        return self.cell(*self.find(text))

    def raw_output(self) -> bytes:
        """Every byte the app wrote to the terminal so far."""
        with self._lock:
            return bytes(self._raw)

    def osc52_payloads(self) -> list[bytes]:
        """Decoded payloads of every OSC 52 (set clipboard) sequence written so far."""
        import base64

        return [base64.b64decode(m.group(2)) for m in _OSC52.finditer(self.raw_output())]

    # ---------------------------------------------------------------- waiting

    def _matches(self, pattern: str | re.Pattern[str], text: str) -> bool:
        if isinstance(pattern, re.Pattern):
            return pattern.search(text) is not None
        return pattern in text

    def wait_until(
        self,
        predicate: Callable[[str], bool],
        what: str,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> str:
        """Wait until ``predicate(screen_text)`` holds on a complete frame; return that frame."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                frame = self._last_frame
                if frame and predicate(frame):
                    return frame
                if self._eof:
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._lock.wait(min(remaining, 0.25))
        if self._eof:
            self.process.wait(5)
            raise self._fail(f"the app ended while waiting for {what}")
        raise self._fail(f"timed out after {timeout:g} s waiting for {what}")

    def wait_for(self, pattern: str | re.Pattern[str], timeout: float = DEFAULT_TIMEOUT) -> str:
        """Wait until ``pattern`` (text, or a compiled regex) has been on the screen.

        Every complete frame since the last key sent counts, so a toast that came
        and went while the test was busy is still seen. Returns that frame.
        """
        found: list[str] = []
        position = [self._input_mark]

        def seen(_latest: str) -> bool:
            for frame in self._frames_since(position[0]):
                if self._matches(pattern, frame):
                    found.append(frame)
                    return True
            position[0] = self._frame_count()
            return False

        self.wait_until(seen, f"{_describe(pattern)} to appear", timeout)
        return found[0]

    def wait_gone(self, pattern: str | re.Pattern[str], timeout: float = DEFAULT_TIMEOUT) -> str:
        """Wait until ``pattern`` is no longer on the screen."""
        return self.wait_until(
            lambda text: not self._matches(pattern, text),
            f"{_describe(pattern)} to go away",
            timeout,
        )

    def wait_exit(self, timeout: float = DEFAULT_TIMEOUT) -> int:
        """Wait for the app to exit; return its exit status."""
        try:
            status = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise self._fail(f"the app did not exit within {timeout:g} s") from None
        self._reader.join(5)
        return status

    # ---------------------------------------------------------------- typing

    def _mark_input(self) -> None:
        with self._lock:
            self._input_mark = self._frame_count()

    def send_keys(self, *names: str, gap: float = 0.05) -> None:
        """Press keys by name: "down", "enter", "esc", "ctrl+q", "a", "shift+tab", "f1"."""
        self._mark_input()
        for name in names:
            data = key_bytes(name)
            self._write(data)
            time.sleep(ESC_SETTLE if data == b"\x1b" else gap)

    def type(self, text: str, gap: float = 0.0) -> None:
        """Type text key by key (newlines become enter)."""
        data = text.replace("\n", "\r").encode()
        self._mark_input()
        if gap <= 0:
            self._write(data)
            return
        for char in data:
            self._write(bytes([char]))
            time.sleep(gap)

    def paste(self, text: str) -> None:
        """Paste text the way a terminal does (bracketed paste)."""
        self._mark_input()
        self._write(b"\x1b[200~" + text.encode() + b"\x1b[201~")

    def resize(self, cols: int, rows: int) -> None:
        """Change the terminal size and tell the app (SIGWINCH to its process group)."""
        with self._lock:
            self.cols, self.rows = cols, rows
            self._set_size(self._master, cols, rows)
            self._screen.resize(rows, cols)
        try:
            os.killpg(self.process.pid, signal.SIGWINCH)
        except ProcessLookupError:
            pass

    # ---------------------------------------------------------------- ending

    def close(self) -> None:
        """Kill the whole process group (if still running) and release the pty."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            pass
        self._reader.join(5)
        try:
            os.close(self._master)
        except OSError:
            pass

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _describe(pattern: str | re.Pattern[str]) -> str:
    return f"/{pattern.pattern}/" if isinstance(pattern, re.Pattern) else repr(pattern)
