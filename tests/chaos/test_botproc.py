"""The chaos tests' bot process never outlives the test process, and refuses what it cannot run."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.chaos.botproc import PARENT_GONE, parse_args

ROOT = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone for our purpose (its parent, killed, cannot reap it)
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_the_bot_process_dies_with_the_test_process():
    """A test process killed with SIGKILL (a timeout, a crash) takes its bot process with it."""
    guarded = textwrap.dedent("""
        import os, time
        from tests.chaos.botproc import die_with_parent
        die_with_parent(os.getppid())
        print("armed", flush=True)
        time.sleep(60)
    """)
    parent = textwrap.dedent(f"""
        import subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", {guarded!r}], stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "armed"
        print(child.pid, flush=True)
        time.sleep(60)
    """)
    test_process = subprocess.Popen([sys.executable, "-c", parent], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    bot_pid = 0
    try:
        bot_pid = int(test_process.stdout.readline())
        assert _alive(bot_pid)
        test_process.kill()
        test_process.wait(5)
        deadline = time.monotonic() + 5
        while _alive(bot_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(bot_pid)
    finally:
        test_process.kill()
        if bot_pid and _alive(bot_pid):  # the guard failed: do not leave it behind
            os.kill(bot_pid, 9)


def test_a_bot_process_whose_test_process_is_already_gone_exits_at_once():
    out = subprocess.run([sys.executable, "-c", "from tests.chaos.botproc import die_with_parent; die_with_parent(1); print('ran')"],
                         cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert out.returncode == PARENT_GONE and "ran" not in out.stdout


@pytest.mark.parametrize("bad", [["--start", "2026-11-22T20:00:00"], ["--speed", "0"]])
def test_a_clock_without_a_timezone_or_a_stopped_clock_is_refused(bad):
    argv = ["s.json", "--api", "http://127.0.0.1:1/api/v10", "--gateway", "ws://127.0.0.1:1/", "--start", "2026-11-22T20:00:00+08:00",
            "--epoch", "0", *bad]
    with pytest.raises(SystemExit) as exc:
        parse_args(argv)
    assert exc.value.code == 2
