"""A closed terminal or a dropped SSH link (SIGHUP), or SIGTERM, ends the app with the session
in progress recorded as interrupted; the answers given are kept. Run in a real
pseudo-terminal, as the signal only comes to a real app."""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import signal
import sys
import time
from pathlib import Path

import pytest

BANK = Path(__file__).resolve().parents[2] / "question_banks" / "azerbaijan_foreign_policy.yaml"
ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def _wait_for(fd: int, marker: bytes, timeout: float = 30.0) -> None:
    deadline, seen = time.monotonic() + timeout, b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            if marker in ESCAPES.sub(b"", seen):
                return
    raise AssertionError(f"{marker!r} never appeared: {ESCAPES.sub(b'', seen)[-400:]!r}")


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP here")
@pytest.mark.parametrize("sig", ["SIGHUP", "SIGTERM"])
def test_a_hang_up_records_the_session_as_interrupted(tmp_path, sig):
    import pty

    data = tmp_path / "data"
    cmd = [sys.executable, "-m", "quiz", "study", str(BANK), "--mode", "quiz", "--seed", "1"]
    cmd += ["--data-dir", str(data)]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm-256color", COLUMNS="80", LINES="24")
        os.execvp(cmd[0], cmd)
    try:
        _wait_for(fd, b"Question 1 of")
        os.write(fd, b"2\r")
        _wait_for(fd, b"Enter: next")
        os.kill(pid, getattr(signal, sig))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            done, _status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            with contextlib.suppress(OSError):
                os.read(fd, 65536)  # keep the terminal drained so the app can write
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the app did not end on the signal")
    finally:
        os.close(fd)
    events = [json.loads(x) for x in (data / "progress.journal.jsonl").read_text().splitlines()]
    assert [e["type"] for e in events[1:]] == ["review", "session"]
    assert events[-1]["result"].get("interrupted") is True
