#!/usr/bin/env python3
"""tui_latency.py - startup and keystroke latency of terminal UI apps, as a user sees them.

Copied from the team's shared bench harness (shared/bench/tui_latency.py);
followup-tui additions: the 'restyle:TEXT' UNTIL marker (see Marker), and
CPU time that includes the children the app has waited for (process_cpu_s).

Each case's command is started in a fresh pseudo-terminal of a fixed size
(TERM=xterm-256color). Everything it writes is fed into a pyte screen (a VT
emulator). The harness records:

  ready  time from just before fork() until the READY marker text is first
         visible on the emulated screen ("time to first useful paint").
         Marker '@exit' instead means "until the process exits" (use it for
         floors such as `python3 -c pass`).
  keys   optional: once ready (and after --settle seconds), the KEYS are
         written to the terminal; time from the first key write until the
         UNTIL marker appears (or, written as '!TEXT', disappears).

Timestamps are taken when the bytes are read from the pty master (in a
reader thread), not after the emulator has processed them, so pyte's own
speed does not inflate the numbers. When an app uses synchronized output
(DEC mode 2026, only after the terminal said it supports it) the screen is
only inspected at the end of each synchronized frame, as a real terminal
would only show it then.

Several cases are run interleaved: every round runs each case once, and the
order rotates each round, so slow drift of a noisy machine hits all cases
alike. Ratios are computed per round against the first case (for keys:
the first case with keys) and the median of those paired ratios is reported
(plus min/median/max of raw times).
Peak RSS is the VmHWM (peak resident set since exec) of every process in
the app's session, summed, read from /proc just before the harness kills it
(so: peak up to READY/UNTIL plus --linger). Cases that exit by themselves
('@exit') get no RSS figure.

Only the standard library and pyte are needed:  pip install pyte

Example:
  tui_latency.py -n 7 \\
      --case 'hello::python hello_app.py::Hello' \\
      --case 'posting::posting::Enter a URL' \\
      --case 'py-floor::python3 -c pass::@exit'
  # keystroke latency: type 'x' into the URL bar, wait for the placeholder to go
  tui_latency.py --case 'posting::posting::Enter a URL::x::!Enter a URL'

Case syntax:  NAME::COMMAND::READY[::KEYS[::UNTIL]]
  COMMAND  split with shlex (no shell; use "sh -c '...'" if you need one)
  READY    text to wait for; 're:PATTERN' for a regex; '@exit' for process exit
  KEYS     comma separated: enter tab esc space backspace delete up down left
           right home end pgup pgdn insert f1..f12 shift+tab ctrl+X alt+X,
           single characters, 'comma', or 'text:literal string'
  UNTIL    text that must appear after KEYS; '!TEXT' = until TEXT is gone;
           're:' prefix for regex (after the '!', if any)
  OPT=VALUE  optional trailing per-case settings overriding the global flags:
           replies=none|basic|modern, settle=SEC, linger=SEC, cwd=DIR,
           term=..., colorterm=..., env.NAME=VALUE (extra environment variable),
           pre=KEYS and premark=TEXT (followup-tui addition): once ready, send
           KEYS unmeasured, 0.3 s apart, and wait for TEXT (to reach a screen),
           then settle and measure KEYS as usual
Global --keys/--until apply to cases that do not give their own.
"""

from __future__ import annotations

import argparse
import errno
import fcntl
import json
import os
import queue
import re
import select
import shlex
import shutil
import signal
import statistics
import struct
import sys
import termios
import threading
import time

try:
    import pyte
except ImportError:  # checked in main(), so that --help works without pyte
    pyte = None

EOF = object()

# --------------------------------------------------------------------------
# keys

_NAMED_KEYS = {
    "enter": "\r", "return": "\r", "tab": "\t", "shift+tab": "\x1b[Z",
    "esc": "\x1b", "escape": "\x1b", "space": " ", "backspace": "\x7f",
    "delete": "\x1b[3~", "insert": "\x1b[2~",
    "up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D",
    "home": "\x1b[H", "end": "\x1b[F", "pgup": "\x1b[5~", "pageup": "\x1b[5~",
    "pgdn": "\x1b[6~", "pagedown": "\x1b[6~", "comma": ",",
    "f1": "\x1bOP", "f2": "\x1bOQ", "f3": "\x1bOR", "f4": "\x1bOS",
    "f5": "\x1b[15~", "f6": "\x1b[17~", "f7": "\x1b[18~", "f8": "\x1b[19~",
    "f9": "\x1b[20~", "f10": "\x1b[21~", "f11": "\x1b[23~", "f12": "\x1b[24~",
}


def parse_keys(spec: str) -> list[bytes]:
    """'j,j,enter,ctrl+p,text:hello' -> list of byte strings, one per key."""
    out: list[bytes] = []
    if not spec:
        return out
    for tok in spec.split(","):
        if tok.startswith("text:"):
            out.append(tok[5:].encode())
            continue
        low = tok.strip().lower() if len(tok) > 1 else tok
        if low in _NAMED_KEYS:
            out.append(_NAMED_KEYS[low].encode())
        elif len(tok) == 1:
            out.append(tok.encode())
        elif low.startswith("ctrl+") and len(low) == 6:
            out.append(bytes([ord(low[5]) & 0x1F]))
        elif low.startswith("alt+") and len(tok) == 5:
            out.append(b"\x1b" + tok[4].encode())
        else:
            raise ValueError(f"unknown key {tok!r} (use text:... for literal strings)")
    return out


# --------------------------------------------------------------------------
# markers

class Marker:
    """Text (or regex) to look for on the screen; gone=True waits for absence.

    'restyle:TEXT' (followup-tui addition, UNTIL only) waits until the colours
    or attributes of TEXT on screen differ from when the keys were sent: a
    cursor moving onto a row changes only its style, not its text.
    """

    def __init__(self, spec: str):
        self.spec = spec
        self.exit = spec == "@exit"
        self.restyle = spec.startswith("restyle:")
        self._before = None
        if self.restyle:
            spec = spec[len("restyle:"):]
        self.gone = spec.startswith("!")
        body = spec[1:] if self.gone else spec
        self.regex = re.compile(body[3:]) if body.startswith("re:") else None
        self.text = body
        if not self.exit and not body:
            raise ValueError("empty marker")

    def _line_hit(self, line: str) -> bool:
        return bool(self.regex.search(line)) if self.regex else self.text in line

    def present(self, screen: TermScreen, only_dirty: bool) -> bool:
        buf, cols = screen.buffer, screen.columns
        rows = sorted(screen.dirty) if only_dirty else range(screen.lines)
        for y in rows:
            if y >= screen.lines:
                continue
            row = buf[y]
            line = "".join(row[x].data for x in range(cols))
            if self._line_hit(line):
                return True
        return False

    def styles(self, screen: TermScreen):
        """The rendition of the first occurrence of the text, or None when absent."""
        buf, cols = screen.buffer, screen.columns
        for y in range(screen.lines):
            row = buf[y]
            line = "".join(row[x].data for x in range(cols))
            at = line.find(self.text)
            if at >= 0:
                return tuple((c.fg, c.bg, c.bold, c.reverse, c.underscore)
                             for c in (row[x] for x in range(at, at + len(self.text))))
        return None

    def snapshot(self, screen: TermScreen) -> None:
        self._before = self.styles(screen)

    def satisfied(self, screen: TermScreen) -> bool:
        if self.restyle:
            now = self.styles(screen)
            return now is not None and now != self._before
        if self.gone:
            return not self.present(screen, only_dirty=False)
        return self.present(screen, only_dirty=True)


# --------------------------------------------------------------------------
# emulated terminal

_DECRQM = re.compile(rb"\x1b\[\?(\d+)\$p")
_DA2 = re.compile(rb"\x1b\[>0?c")


class TermScreen(pyte.Screen if pyte is not None else object):
    """pyte screen that answers queries (DA1/DSR via pyte) and tracks mode 2026."""

    def __init__(self, cols: int, rows: int, reply):
        super().__init__(cols, rows)
        self._reply = reply
        self.in_sync = False
        self.on_sync_end = None

    def write_process_input(self, data: str) -> None:  # DA1 / DSR / CPR answers
        if self._reply is not None:
            self._reply(data.encode())

    def set_mode(self, *modes, **kwargs):
        if kwargs.get("private") and 2026 in modes:
            self.in_sync = True
        super().set_mode(*modes, **kwargs)

    def reset_mode(self, *modes, **kwargs):
        if kwargs.get("private") and 2026 in modes:
            self.in_sync = False
            if self.on_sync_end is not None:
                self.on_sync_end()
        super().reset_mode(*modes, **kwargs)


class Terminal:
    """Feeds pty output into pyte and answers terminal queries.

    replies: 'none'   answer nothing (a dumb terminal),
             'basic'  answer DA1/DA2/DSR/cursor-position (pyte-level),
             'modern' basic + DECRQM: report synchronized output (2026) as
                      supported, everything else as unknown (like a modern
                      terminal emulator; makes Textual use sync frames).
    """

    def __init__(self, cols, rows, master_fd, replies, log):
        self.fd = master_fd
        self.replies = replies
        self.log = log
        self.replied: list[str] = []
        self.screen = TermScreen(cols, rows, self._send if replies != "none" else None)
        self.stream = pyte.ByteStream(self.screen)
        self._tail = b""
        self.nbytes = 0
        self.feed_time = 0.0

    def _send(self, data: bytes) -> None:
        self.replied.append(data.decode(errors="replace"))
        try:
            os.write(self.fd, data)
        except OSError:
            pass

    def feed(self, data: bytes) -> None:
        self.nbytes += len(data)
        if self.replies != "none":
            scan = self._tail + data
            if self.replies == "modern":
                for m in _DECRQM.finditer(scan):
                    mode = int(m.group(1))
                    self._send(b"\x1b[?%d;%d$y" % (mode, 2 if mode == 2026 else 0))
            for _ in _DA2.finditer(scan):
                self._send(b"\x1b[>1;10;0c")
            self._tail = scan[-16:]
            if _DECRQM.search(self._tail) or _DA2.search(self._tail):
                self._tail = b""
        t = time.perf_counter()
        try:
            self.stream.feed(data)
        except Exception as exc:  # never let emulator bugs kill a measurement
            self.log(f"pyte error ignored: {exc!r}")
        self.feed_time += time.perf_counter() - t

    def dump(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display).rstrip()


# --------------------------------------------------------------------------
# one run

class RunFailed(Exception):
    def __init__(self, msg, screen=""):
        super().__init__(msg)
        self.screen = screen


LIVE: set[int] = set()


def kill_tree(pid: int) -> None:
    for sig in (signal.SIGKILL,):
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            os.kill(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def session_hwm_kb(sid: int) -> tuple[int, int] | None:
    """(summed VmHWM in KiB, process count) over live processes of session sid.

    VmHWM is the peak RSS of a process image since its exec(), read from
    /proc before the kill. (wait4()'s ru_maxrss is not used for this: after
    fork() the child briefly maps a copy of this harness, and Linux keeps that
    high-water mark across exec, so small apps would report the harness's size.)
    """
    total = count = 0
    try:
        entries = os.listdir("/proc")
    except OSError:
        return None
    for ent in entries:
        if not ent.isdigit():
            continue
        try:
            with open(f"/proc/{ent}/stat", "rb") as fh:
                stat = fh.read()
            fields = stat[stat.rindex(b")") + 2:].split()
            if int(fields[3]) != sid:
                continue
            with open(f"/proc/{ent}/status", "rb") as fh:
                for line in fh:
                    if line.startswith(b"VmHWM:"):
                        total += int(line.split()[1])
                        count += 1
                        break
        except (OSError, ValueError, IndexError):
            continue
    return (total, count) if count else None


def spawn(argv, env, cols, rows, cwd):
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.close(master)
            if hasattr(os, "login_tty"):
                os.login_tty(slave)
            else:
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                if slave > 2:
                    os.close(slave)
            if cwd:
                os.chdir(cwd)
            os.execvpe(argv[0], argv, env)
        except BaseException as exc:  # noqa: BLE001
            try:
                os.write(2, f"tui_latency: cannot exec {argv[0]!r}: {exc}\r\n".encode())
            finally:
                os._exit(127)
    os.close(slave)
    LIVE.add(pid)
    return pid, master, t0


def reader(fd: int, q: queue.Queue, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            r, _, _ = select.select([fd], [], [], 0.05)
        except (OSError, ValueError):
            break
        if not r:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError as exc:
            if exc.errno in (errno.EIO, errno.EBADF):  # slave side all closed
                q.put((time.perf_counter(), EOF))
                return
            raise
        t = time.perf_counter()
        if not data:
            q.put((t, EOF))
            return
        q.put((t, data))
    q.put((time.perf_counter(), EOF))


def reap(pid: int, wait_s: float = 5.0):
    """Returns (exit status or None, maxrss in KiB or None)."""
    end = time.monotonic() + wait_s
    while True:
        try:
            wpid, status, ru = os.wait4(pid, os.WNOHANG)
        except ChildProcessError:
            LIVE.discard(pid)
            return None, None
        if wpid == pid:
            LIVE.discard(pid)
            return status, ru.ru_maxrss
        if time.monotonic() > end:
            return None, None
        time.sleep(0.005)


def case_env(case, args, base_env):
    env = dict(base_env)
    o = case["opts"]
    env["TERM"] = o.get("term", args.term)
    colorterm = o.get("colorterm", args.colorterm)
    if colorterm:
        env["COLORTERM"] = colorterm
    else:
        env.pop("COLORTERM", None)
    for k, v in o.items():
        if k.startswith("env."):
            env[k[4:]] = v
    return env


def run_once(case, args, env, log):
    """Runs a case once; returns a dict of measurements or raises RunFailed."""
    o = case["opts"]
    replies = o.get("replies", args.replies)
    settle = o.get("settle", args.settle)
    linger = o.get("linger", args.linger)
    pid, master, t0 = spawn(case["argv"], case_env(case, args, env), args.cols, args.rows,
                            o.get("cwd", args.cwd))
    q: queue.Queue = queue.Queue()
    stop = threading.Event()
    th = threading.Thread(target=reader, args=(master, q, stop), daemon=True)
    th.start()
    term = Terminal(args.cols, args.rows, master, replies, log)
    ready_m: Marker = case["ready"]
    keys: list[bytes] = case["keys"]
    until_m: Marker | None = case["until"]
    res = {"ready_s": None, "keys_s": None, "rss_mb": None}
    phase = "ready"
    hit_t = [None]
    cur_t = [0.0]
    marker_now = [ready_m]

    def on_sync_end():  # a synchronized frame just completed: inspect it now
        m = marker_now[0]
        if hit_t[0] is None and m is not None and not m.exit:
            if m.satisfied(term.screen):
                hit_t[0] = cur_t[0]
            term.screen.dirty.clear()

    term.screen.on_sync_end = on_sync_end
    deadline = t0 + args.timeout
    t_keys = None
    settle_until = None
    linger_until = None
    exited_t = None
    status = None
    try:
        while True:
            now = time.perf_counter()
            if linger_until is not None and now >= linger_until:
                break
            if phase == "settle" and now >= settle_until:
                # apply any output that is still queued before judging the screen
                while True:
                    try:
                        t, data = q.get_nowait()
                    except queue.Empty:
                        break
                    if data is EOF:
                        status, rss = reap(pid, 2.0)
                        raise RunFailed(f"process exited (status {describe_status(status)}) "
                                        f"during settle phase", term.dump())
                    term.feed(data)
                if until_m.restyle:
                    until_m.snapshot(term.screen)
                    if until_m._before is None:
                        raise RunFailed(f"UNTIL {until_m.spec!r}: text is not on screen before keys "
                                        "were sent", term.dump())
                elif until_m.gone and until_m.satisfied(term.screen):
                    raise RunFailed(f"UNTIL {until_m.spec!r}: text is not on screen before keys were sent",
                                    term.dump())
                if not until_m.gone and not until_m.restyle and until_m.present(term.screen, only_dirty=False):
                    raise RunFailed(f"UNTIL {until_m.spec!r}: text is already on screen before keys were sent",
                                    term.dump())
                term.screen.dirty.clear()
                t_keys = time.perf_counter()
                for i, k in enumerate(keys):
                    if i and args.key_gap > 0:
                        time.sleep(args.key_gap)
                    os.write(master, k)
                phase = "keys"
                marker_now[0] = until_m
                deadline = t_keys + args.timeout
                hit_t[0] = None
            if now > deadline and phase in ("ready", "pre", "keys"):
                what = {"ready": ready_m, "pre": case["pre_mark"], "keys": until_m}[phase].spec
                raise RunFailed(f"timed out after {args.timeout:g}s waiting for "
                                f"{'process exit' if what == '@exit' else repr(what)} ({phase} phase)",
                                term.dump())
            wait = 0.05
            if phase == "settle":
                wait = max(0.0, min(wait, settle_until - now))
            try:
                t, data = q.get(timeout=wait)
            except queue.Empty:
                continue
            if data is EOF:
                exited_t = t
                if phase == "ready" and ready_m.exit:
                    res["ready_s"] = t - t0
                    break
                if linger_until is not None:
                    break
                status, rss = reap(pid, 2.0)
                raise RunFailed(f"process exited (status {describe_status(status)}) during {phase} phase",
                                term.dump())
            cur_t[0] = t
            term.feed(data)
            m = marker_now[0]
            if hit_t[0] is None and m is not None and not m.exit and not term.screen.in_sync:
                if m.satisfied(term.screen):
                    hit_t[0] = t
                term.screen.dirty.clear()
            if hit_t[0] is not None and phase == "keys" and hit_t[0] < t_keys:
                hit_t[0] = None  # output that was already on its way before the keys: not an answer
            if hit_t[0] is not None:
                if phase == "ready":
                    res["ready_s"] = hit_t[0] - t0
                    res["ready_cpu_s"] = process_cpu_s(pid)
                    res["ready_bytes"] = term.nbytes
                    res["screen"] = term.dump()
                    hit_t[0] = None
                    marker_now[0] = None
                    if case["pre_keys"]:  # reach the screen to measure on, unmeasured
                        for i, k in enumerate(case["pre_keys"]):
                            if i:  # let each land first, as a person would (focus moves late)
                                time.sleep(PRE_KEY_GAP)
                            os.write(master, k)
                        phase = "pre"
                        marker_now[0] = case["pre_mark"]
                        deadline = time.perf_counter() + args.timeout
                        continue
                    if keys or until_m:
                        phase = "settle"
                        settle_until = time.perf_counter() + settle
                        continue
                elif phase == "pre":
                    hit_t[0] = None
                    marker_now[0] = None
                    phase = "settle"
                    settle_until = time.perf_counter() + settle
                    continue
                elif phase == "keys":
                    res["keys_s"] = hit_t[0] - t_keys
                    res["keys_screen"] = term.dump()
                    hit_t[0] = None
                    marker_now[0] = None
                if phase != "linger":
                    phase = "linger"
                    linger_until = time.perf_counter() + linger
    finally:
        if status is None and exited_t is None:
            hwm = session_hwm_kb(pid)
            if hwm:
                res["rss_mb"] = hwm[0] / 1024.0
                res["nprocs"] = hwm[1]
            kill_tree(pid)
        elif status is None:
            kill_tree(pid)  # stray descendants in the group
        stop.set()
        th.join(2.0)
        try:
            os.close(master)
        except OSError:
            pass
        if status is None:
            status, rss = reap(pid)
        else:
            rss = None
        res["feed_s"] = term.feed_time
        res["replied"] = sorted(set(term.replied))
    if rss is not None:  # Linux ru_maxrss is in KiB; see session_hwm_kb() for its caveat
        res["rusage_maxrss_mb"] = rss / 1024.0
    res["status"] = status
    return res


def process_cpu_s(pid: int):
    """CPU seconds (user + system, all threads) the process has used so far, or None.

    Unlike wall time this hardly moves when a shared or virtual machine is
    busy elsewhere (time stolen by the host is not charged to the process).
    followup-tui addition: the CPU of children it has waited for counts too
    (utime + stime + cutime + cstime), so work moved into a child process
    is still charged to the app.
    """
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return sum(int(field) for field in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def describe_status(status):
    if status is None:
        return "unknown"
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"


# --------------------------------------------------------------------------
# driver

PRE_KEY_GAP = 0.3  # seconds between pre= keys (unmeasured)
_CASE_OPT = re.compile(r"^(replies|settle|linger|cwd|term|colorterm|pre|premark|env\.[A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.S)


def parse_case(spec: str, args) -> dict:
    parts = spec.split("::")
    opts = {}
    while len(parts) > 3 and _CASE_OPT.match(parts[-1]):
        k, v = _CASE_OPT.match(parts.pop()).groups()
        opts[k] = v
    if len(parts) < 3 or len(parts) > 5:
        raise ValueError(f"--case {spec!r}: expected NAME::COMMAND::READY[::KEYS[::UNTIL]][::OPT=VALUE...]")
    if "replies" in opts and opts["replies"] not in ("none", "basic", "modern"):
        raise ValueError(f"--case {spec!r}: replies must be none, basic or modern")
    for k in ("settle", "linger"):
        if k in opts:
            opts[k] = float(opts[k])
    name, cmd, ready = parts[:3]
    keys = parts[3] if len(parts) > 3 else args.keys
    until = parts[4] if len(parts) > 4 else args.until
    argv = shlex.split(cmd)
    if not argv:
        raise ValueError(f"--case {spec!r}: empty command")
    exe = argv[0]
    if os.sep in exe:  # relative paths are taken from the harness's cwd, not the case's cwd=
        argv[0] = exe = os.path.abspath(exe)
        if not os.access(exe, os.X_OK):
            raise ValueError(f"--case {name!r}: {exe!r} is not an executable file")
    elif shutil.which(exe) is None:
        raise ValueError(f"--case {name!r}: command {exe!r} not found on PATH")
    keys_l = parse_keys(keys or "")
    until_m = Marker(until) if until else None
    if keys_l and until_m is None:
        raise ValueError(f"--case {name!r}: keys given but no UNTIL marker (--until)")
    if until_m is not None and until_m.exit:
        raise ValueError(f"--case {name!r}: '@exit' is only valid as READY marker")
    pre_keys = parse_keys(opts.get("pre", ""))
    pre_m = Marker(opts["premark"]) if opts.get("premark") else None
    if pre_keys and (pre_m is None or pre_m.gone or pre_m.exit or not keys_l):
        raise ValueError(f"--case {name!r}: pre= needs premark=TEXT (shown once there) and KEYS")
    ready_m = Marker(ready)
    if ready_m.gone:
        raise ValueError(f"--case {name!r}: READY cannot be a '!' (disappear) marker")
    if ready_m.exit and (keys_l or until_m):
        raise ValueError(f"--case {name!r}: '@exit' READY cannot be combined with keys")
    return {"name": name, "cmd": cmd, "argv": argv, "ready": ready_m,
            "keys": keys_l, "keys_spec": keys or "", "until": until_m, "opts": opts,
            "pre_keys": pre_keys, "pre_mark": pre_m}


def fmt_ms(x):
    return "-" if x is None else f"{x * 1000:.1f}"


def summarize(values):
    v = [x for x in values if x is not None]
    if not v:
        return None
    return {"min": min(v), "median": statistics.median(v), "max": max(v), "n": len(v)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        prog="tui_latency.py",
        description=__doc__.split("\n\n")[0] + "\n\n" + "\n\n".join(__doc__.split("\n\n")[1:]),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--case", action="append", required=True, metavar="NAME::CMD::READY[::KEYS[::UNTIL]]",
                    help="a command to measure (repeatable; the first one is the reference for ratios)")
    ap.add_argument("--cols", type=int, default=120, help="terminal width (default 120)")
    ap.add_argument("--rows", type=int, default=40, help="terminal height (default 40)")
    ap.add_argument("-n", "--runs", type=int, default=7, help="measured rounds (default 7)")
    ap.add_argument("--warmup", type=int, default=1, help="unmeasured warm-up rounds (default 1)")
    ap.add_argument("--keys", default="", help="keys for cases that do not give their own")
    ap.add_argument("--until", default="", help="UNTIL marker for cases that do not give their own")
    ap.add_argument("--settle", type=float, default=0.5,
                    help="seconds to wait after READY before sending keys (default 0.5)")
    ap.add_argument("--key-gap", type=float, default=0.0,
                    help="seconds between individual keys (default 0: back to back)")
    ap.add_argument("--linger", type=float, default=0.0,
                    help="seconds to keep the app alive (draining output) after the last marker, "
                         "before killing it; affects peak RSS (default 0)")
    ap.add_argument("--timeout", type=float, default=30.0,
                    help="seconds allowed per phase before a run fails (default 30)")
    ap.add_argument("--replies", choices=("none", "basic", "modern"), default="basic",
                    help="how to answer terminal queries: none; basic = DA1/DA2/DSR/CPR (default); "
                         "modern = basic + DECRQM (says sync output 2026 is supported)")
    ap.add_argument("--term", default="xterm-256color", help="TERM value (default xterm-256color)")
    ap.add_argument("--colorterm", default="truecolor",
                    help="COLORTERM value, '' to unset (default truecolor)")
    ap.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                    help="extra environment variable for the apps (repeatable)")
    ap.add_argument("--cwd", default=None, help="working directory for the apps")
    ap.add_argument("--pause", type=float, default=0.1,
                    help="seconds to sleep between runs so the machine calms down (default 0.1)")
    ap.add_argument("--no-rotate", action="store_true",
                    help="keep case order fixed in every round (default: rotate)")
    ap.add_argument("--show", action="store_true",
                    help="print each case's emulated screen at the READY (and UNTIL) moment of its last run")
    ap.add_argument("--json", metavar="PATH", help="write all samples and summaries as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every run")
    ap.add_argument("--keep-going", action="store_true",
                    help="keep measuring a case after one of its runs failed (default: drop it)")
    args = ap.parse_args(argv)
    if pyte is None:
        ap.exit(2, "tui_latency: needs pyte (pip install pyte)\n")
    # The pty reader thread timestamps output; let it grab the GIL quickly
    # while the main thread is busy inside pyte.
    sys.setswitchinterval(0.0005)

    def log(msg):
        print(f"tui_latency: {msg}", file=sys.stderr, flush=True)

    try:
        cases = [parse_case(c, args) for c in args.case]
    except ValueError as exc:
        ap.error(str(exc))
    names = [c["name"] for c in cases]
    if len(set(names)) != len(names):
        ap.error("case names must be unique")

    env = dict(os.environ)
    env.setdefault("LANG", "C.UTF-8")
    for kv in args.env:
        k, sep, v = kv.partition("=")
        if not sep:
            ap.error(f"--env {kv!r}: expected KEY=VALUE")
        env[k] = v

    def on_term(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGHUP, on_term)

    results = {c["name"]: [] for c in cases}  # list of per-round dicts (or None)
    failed: dict[str, str] = {}
    total_rounds = args.warmup + args.runs
    log(f"{len(cases)} case(s), {args.cols}x{args.rows}, {args.runs} rounds + {args.warmup} warm-up, "
        f"replies={args.replies}, TERM={args.term}")
    try:
        for rnd in range(total_rounds):
            warm = rnd < args.warmup
            k = 0 if args.no_rotate else rnd % len(cases)
            order = cases[k:] + cases[:k]
            row = {}
            for case in order:
                if case["name"] in failed:
                    continue
                try:
                    r = run_once(case, args, env, log)
                except RunFailed as exc:
                    msg = f"{case['name']}: {'warm-up round ' + str(rnd + 1) if warm else 'round ' + str(rnd + 1 - args.warmup)}: {exc}"
                    log("FAILED " + msg)
                    if exc.screen:
                        log("screen at failure:\n" + exc.screen)
                    if not args.keep_going:
                        failed[case["name"]] = str(exc)
                    r = None
                if r is not None and args.verbose:
                    log(f"{'warm-up' if warm else f'round {rnd + 1 - args.warmup}'} {case['name']}: "
                        f"ready {fmt_ms(r['ready_s'])} ms"
                        + (f", keys {fmt_ms(r['keys_s'])} ms" if r.get("keys_s") is not None else "")
                        + (f", rss {r['rss_mb']:.1f} MB" if r.get("rss_mb") else "")
                        + f", {r.get('ready_bytes', 0)} B, pyte {fmt_ms(r['feed_s'])} ms"
                        + (f", replied {r['replied']}" if r['replied'] else ""))
                row[case["name"]] = r
                if args.pause:
                    time.sleep(args.pause)
            if not warm:
                for c in cases:
                    results[c["name"]].append(row.get(c["name"]))
    except KeyboardInterrupt:
        log("interrupted")
    finally:
        for pid in list(LIVE):
            kill_tree(pid)
            reap(pid, 1.0)

    # ------------------------------------------------------------ report
    summary: dict = {}
    has_keys = [c for c in cases if c["until"]]
    metrics = [("ready_s", "ready", cases), ("ready_cpu_s", "cpu", cases)]
    metrics += [("keys_s", "keys", has_keys)] if has_keys else []
    refs = {}
    lines = []
    hdr = (f"{'case':<18} {'metric':<6} {'n':>2} {'min ms':>9} {'median ms':>10} {'max ms':>9} "
           f"{'ratio':>7} {'RSS MB':>7}")
    lines.append(hdr)
    lines.append("-" * len(hdr))
    for metric, label, mcases in metrics:
        ref = refs[metric] = mcases[0]["name"]
        ref_rows = results[ref]
        ref_s = summarize([r[metric] if r else None for r in ref_rows])
        for c in mcases:
            name = c["name"]
            rows = results[name]
            vals = [r.get(metric) if r else None for r in rows]
            s = summarize(vals)
            ratios = [r[metric] / rr[metric] for r, rr in zip(rows, ref_rows)
                      if r and rr and r.get(metric) is not None and rr.get(metric)]
            ratio = statistics.median(ratios) if ratios else None
            rss = summarize([r.get("rss_mb") if r else None for r in rows])
            summary.setdefault(name, {})[metric] = {
                **(s or {}), "reference": ref, "paired_ratio_median": ratio,
                "ratio_of_medians": s["median"] / ref_s["median"] if s and ref_s else None,
                "samples": vals}
            summary[name]["rss_mb"] = rss
            if s is None:
                lines.append(f"{name[:18]:<18} {label:<6}  0  FAILED: "
                             f"{failed.get(name, 'no successful runs')}"[:200])
                continue
            rss_txt = "-" if not rss else "%.1f" % rss["median"]
            ratio_txt = "-" if ratio is None else f"{ratio:.2f}x"
            lines.append(f"{name[:18]:<18} {label:<6} {s['n']:>2} {fmt_ms(s['min']):>9} "
                         f"{fmt_ms(s['median']):>10} {fmt_ms(s['max']):>9} {ratio_txt:>7} {rss_txt:>7}")
    print("\n".join(lines))
    print("ratio = median over rounds of (case / reference) measured in the same round; reference: "
          + ", ".join(f"{m[:-2]} -> {r}" for m, r in refs.items()))
    print("RSS = median over runs of the summed peak RSS (VmHWM) of the app's processes when killed")
    if args.show:
        for c in cases:
            last = next((r for r in reversed(results[c["name"]]) if r), None)
            if last and last.get("screen"):
                print(f"\n--- {c['name']}: screen at READY ({c['ready'].spec!r}) ---\n{last['screen']}")
            if last and last.get("keys_screen"):
                print(f"\n--- {c['name']}: screen at UNTIL ({c['until'].spec!r}) ---\n{last['keys_screen']}")
    if args.json:
        out = {"cols": args.cols, "rows": args.rows, "runs": args.runs, "warmup": args.warmup,
               "replies": args.replies, "term": args.term, "settle": args.settle,
               "cases": [{"name": c["name"], "cmd": c["cmd"], "ready": c["ready"].spec, "opts": c["opts"],
                          "keys": c["keys_spec"], "until": c["until"].spec if c["until"] else None}
                         for c in cases],
               "summary": summary, "failed": failed,
               "runs_detail": {n: [{k: v for k, v in (r or {}).items() if k not in ("screen", "keys_screen")}
                                   for r in rs] for n, rs in results.items()}}
        with open(args.json, "w") as fh:
            json.dump(out, fh, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
