"""The send queue's exactly-once promise under SIGKILL and under four runs at once.

A real aiosmtpd on 127.0.0.1 counts what arrives, per recipient (each queued
follow-up has its own address, so a re-send under a new Message-ID is caught
too). After every kill and at the end: nothing arrived twice; every queued
follow-up is still there and ends sent (arrived exactly once, same
Message-ID), scheduled, or unsure (arrived at most once); no file is broken.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from followup_tui.storage.paths import Home, open_home
from followup_tui.storage.store import Store
from tests.conftest import NOW
from tests.reliability.helpers import child_env, spawn
from tests.unit.queue_helpers import Handler, Inbox, free_port, queued_interview, write_config

KILLS = int(os.environ.get("FOLLOWUP_REL_QUEUE_KILLS", "120"))
BATCH = 40
MIN_SENT = 40  # kills go on until this many went out too: proof that runs got somewhere
MAX_ROUNDS = 2000


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    box = Inbox()
    port = free_port()
    controller = Controller(Handler(box), hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


def address(number: int) -> str:
    return f"dana{number}@acme.example"


def seed(home: Home, first: int, count: int) -> None:
    store = Store(home)
    for number in range(first, first + count):
        store.save(
            queued_interview(
                f"q-{number:04d}",
                NOW - timedelta(minutes=5),
                interview_at=NOW - timedelta(hours=20),
                to=address(number),
            )
        )


def arrivals(box: Inbox) -> Counter[str]:
    with box.lock:
        return Counter(str(message["To"]) for message in box.messages)


def check(home: Home, box: Inbox, seeded: int) -> Counter[str]:
    """Every promise at this moment; returns the follow-ups' states."""
    counts = arrivals(box)
    twice = [to for to, number in counts.items() if number > 1]
    assert not twice, f"delivered more than once: {twice}"
    result = Store(home).load_all()
    assert result.problems == []
    assert len(result.interviews) == seeded, "a queued follow-up was lost"
    with box.lock:
        ids = {str(message["To"]): str(message["Message-ID"]) for message in box.messages}
    states: Counter[str] = Counter()
    for interview in result.interviews:
        [item] = interview.followups
        states[item.state] += 1
        assert item.state in ("scheduled", "sending", "unsure", "sent"), item
        if item.state == "sent":
            assert counts[item.to] == 1 and ids[item.to] == item.message_id, item.to
        elif item.state == "scheduled":
            assert counts[item.to] == 0, f"{item.to} arrived but is still scheduled"
        elif counts[item.to]:
            assert ids[item.to] == item.message_id
    return states


def test_kill_9_during_queue_runs_never_sends_twice_or_loses_one(
    fast_dir: Path, inbox: tuple[Inbox, int]
) -> None:
    box, port = inbox
    home = open_home(fast_dir / "home")
    write_config(home, port)
    seeded = BATCH
    seed(home, 0, BATCH)
    rng = random.Random(24)
    stderr = fast_dir / "stderr"
    server = spawn(
        "tests.reliability.queue_worker",
        str(home.root),
        NOW.isoformat(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr.open("wb"),
    )
    assert server.stdin and server.stdout
    kills = rounds = 0
    states: Counter[str] = Counter()
    try:
        while (kills < KILLS or states["sent"] < MIN_SENT) and rounds < MAX_ROUNDS:
            rounds += 1
            server.stdin.write(b"go\n")
            server.stdin.flush()
            line = server.stdout.readline().split()
            assert line[:1] == [b"ready"], (line, stderr.read_text())
            pid = int(line[1])
            time.sleep(rng.uniform(0.0, 0.1))
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            exited = server.stdout.readline().split()
            assert exited[:2] == [b"exit", str(pid).encode()]
            status = int(exited[2])
            if os.WIFSIGNALED(status):
                kills += 1
            else:
                assert os.WEXITSTATUS(status) == 0, stderr.read_text()
            states = check(home, box, seeded)
            if not states["scheduled"]:
                seed(home, seeded, BATCH)
                seeded += BATCH
        # One last run, not killed: it settles what is left.
        server.stdin.write(b"go\n")
        server.stdin.flush()
        assert server.stdout.readline().split()[:1] == [b"ready"]
        assert os.WEXITSTATUS(int(server.stdout.readline().split()[2])) == 0
    finally:
        server.stdin.close()
        server.wait(timeout=60)
    states = check(home, box, seeded)
    assert set(states) <= {"sent", "unsure"}, states
    print(
        f"\n{kills} kills, {seeded} queued, {dict(states)}, {sum(arrivals(box).values())} arrived"
    )
    assert kills >= KILLS and states["sent"] >= MIN_SENT, f"only {rounds} rounds: {states}"
    assert states["unsure"] > 0, "no kill landed inside a send: the test proved nothing"


def test_four_runs_started_together_deliver_each_message_once(
    fast_dir: Path, inbox: tuple[Inbox, int]
) -> None:
    box, port = inbox
    home = open_home(fast_dir / "home")
    write_config(home, port)
    seed(home, 0, 12)
    env = {**child_env(), "FOLLOWUP_TUI_NOW": NOW.isoformat()}
    command = [sys.executable, "-m", "followup_tui", "--home", str(home.root), "queue", "run"]
    runs = [
        subprocess.Popen(
            [*command, *(["--wait", "60"] if number % 2 else [])],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for number in range(4)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], outputs
    counts = arrivals(box)
    assert sorted(counts) == sorted(address(number) for number in range(12))
    assert set(counts.values()) == {1}
    sent_lines = sum(out.decode().count("Sent: ") for out, _ in outputs)
    assert sent_lines == 12
    assert check(home, box, 12) == Counter({"sent": 12})
