"""benchmarks/run.py keeps working: every measuring path runs on tiny inputs. Timings are
never asserted here (see benchmarks/run.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


@pytest.mark.skipif(sys.platform == "win32", reason="the benchmarks drive a POSIX pseudo-terminal")
def test_the_benchmark_script_runs_every_measurement(tmp_path):
    out = subprocess.run(
        [sys.executable, str(RUN), "--smoke"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "smoke ok" in out.stdout
