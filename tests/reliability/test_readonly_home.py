"""Promise 9: a read-only or full home is one sentence, no traceback, nothing half-written.

Tests run as root, where a chmod does not deny writes. So the CLI commands
run in a private mount namespace (``unshare -m``, or ``unshare -rm`` for a
normal user) where the home is bind-mounted read-only, or copied onto a
2 MiB tmpfs filled to the last block: the kernel refuses the writes for
real (EROFS, ENOSPC). The app is driven with Pilot, with the refusal
injected at the lock file and at the one atomic write.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from followup_tui.storage.paths import Home
from followup_tui.storage.store import Store
from tests.conftest import NOW, make_interview
from tests.reliability.helpers import child_env

UNSHARE = shutil.which("unshare")


def _namespace_works() -> bool:
    if UNSHARE is None:
        return False
    flags = "-m" if os.geteuid() == 0 else "-rm"
    probe = subprocess.run(
        [
            UNSHARE,
            flags,
            "sh",
            "-c",
            "mount -t tmpfs none /mnt 2>/dev/null || mount -t tmpfs none /tmp",
        ],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


needs_namespace = pytest.mark.skipif(
    not _namespace_works(), reason="needs a private mount namespace (unshare -m)"
)


def _digests(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != "filler"
    }


def _user_files(digests: dict[str, str]) -> dict[str, str]:
    return {name: digest for name, digest in digests.items() if not name.startswith(".cache/")}


# Inside the namespace: make the home read-only (or full), run followup, then
# print the exit status and the digest of every file the command left behind.
SCRIPT = """
set -e
H={home}
if [ {mode} = ro ]; then
  mount --bind "$H" "$H"; mount -o remount,bind,ro "$H"; T="$H"
else
  T={full}; mount -t tmpfs -o size=2m tmpfs "$T"; cp -a "$H/." "$T/"
  cat /dev/zero > "$T/filler" 2>/dev/null || true
fi
set +e
{python} -m followup_tui --home "$T" {args} >"$OUT" 2>"$ERR"
echo "rc=$?" >>"$ERR.rc"
{python} -c 'import hashlib, json, pathlib, sys
root = pathlib.Path(sys.argv[1])
print(json.dumps({{str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
    for p in sorted(root.rglob("*")) if p.is_file() and p.name != "filler"}}))' "$T" >"$ERR.files"
"""


def run_refused(
    home: Home, tmp_path: Path, mode: str, *args: str
) -> tuple[int, str, str, dict[str, str]]:
    """Run ``followup args`` on a read-only (``ro``) or full home; (rc, out, err, files)."""
    full = tmp_path / "full"
    full.mkdir(exist_ok=True)
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    script = SCRIPT.format(
        home=shlex.quote(str(home.root)),
        mode=mode,
        full=shlex.quote(str(full)),
        python=shlex.quote(sys.executable),
        args=" ".join(shlex.quote(arg) for arg in args),
    )
    env = {**child_env(), "OUT": str(out), "ERR": str(err), "FOLLOWUP_TUI_NOW": NOW.isoformat()}
    flags = "-m" if os.geteuid() == 0 else "-rm"
    assert UNSHARE is not None
    done = subprocess.run(
        [UNSHARE, flags, "sh", "-c", script], env=env, capture_output=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    code = int(Path(f"{err}.rc").read_text().strip().split("=")[1])
    files = json.loads(Path(f"{err}.files").read_text())
    return code, out.read_text(), err.read_text(), files


def _commands(interview_id: str, source: Path) -> dict[str, list[str]]:
    return {
        "add": ["add", "--company", "New Co", "--at", "2026-11-20 10:00"],
        "sent": ["sent", interview_id],
        "replied": ["replied", interview_id],
        "draft": ["draft", interview_id],
        "import": ["import", str(source)],
    }


@needs_namespace
@pytest.mark.parametrize("mode", ["ro", "full"])
@pytest.mark.parametrize("command", ["add", "sent", "replied", "draft", "import"])
def test_refused_write_is_one_sentence(home: Home, tmp_path: Path, mode: str, command: str) -> None:
    home.config_file.write_text('[profile]\nname = "Sam Lee"\n')
    home.config_file.chmod(0o600)
    interview = Store(home).save(make_interview(), now=NOW)
    source = tmp_path / "in.csv"
    source.write_text("company,interview_at\nImported,2026-11-20 10:00\n")
    before = _digests(home.root)
    argv = _commands(interview.id, source)[command]
    code, out, err, files = run_refused(home, tmp_path, mode, *argv)
    assert code == 1, (code, out, err)
    assert "Traceback" not in err and err.startswith("followup: "), err
    assert err.count("\n") == 1 and ("read-only" in err or "space left" in err), err
    print(f"{mode} {command}: {err.strip()}")
    interview_files = {name: digest for name, digest in files.items() if "interviews" in name}
    expected = {name: digest for name, digest in before.items() if "interviews" in name}
    assert interview_files == expected  # nothing half-written, no temp file left
    # Everything but the cache is as it was. The cache may take in a re-check of a file
    # that was saved within its racy window (a shortcut, rebuilt from the files at will).
    assert _user_files(_digests(home.root)) == _user_files(before)


# -- the app: the refusal injected at the lock file and at the atomic write ------------


@pytest.mark.parametrize("where", ["lock", "write"])
@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
async def test_app_mark_sent_on_a_refusing_home(
    home: Home, monkeypatch: pytest.MonkeyPatch, where: str, code: int
) -> None:
    from followup_tui.storage import store as store_module
    from followup_tui.storage.config import Config
    from followup_tui.tui.app import FollowupApp
    from tests.conftest import until

    interview = Store(home).save(make_interview(), now=NOW)
    path = Store(home).path_for(interview.id)
    before = path.read_bytes()
    app = FollowupApp(home, Config())
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await until(pilot, lambda: app.screen.query("InterviewTable"))
        await pilot.pause()

        def refuse(*args: object, **kwargs: object) -> None:
            raise OSError(code, os.strerror(code))

        if where == "lock":
            import filelock

            monkeypatch.setattr(filelock.UnixFileLock, "_acquire", refuse)
        else:
            monkeypatch.setattr(store_module, "atomic_write", refuse)
        app.clear_notifications()
        await pilot.press("s")
        await until(pilot, lambda: app._notifications, what="the refusal")
        assert app.is_running
        [note] = list(app._notifications)
        message = str(note.message)
        assert "\n" not in message and os.strerror(code).lower() in message.lower(), message
    assert path.read_bytes() == before
