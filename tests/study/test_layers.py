"""The study layer's imports: no Textual anywhere in it, and the result of a session built
without the session (no import cycle between results and session)."""

from __future__ import annotations

import subprocess
import sys


def modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_the_study_layer_never_imports_textual():
    loaded = modules_after(
        "import quiz.study.session, quiz.study.summary, quiz.study.stats, quiz.study.optimize, "
        "quiz.study.sync, quiz.study.sync_git, quiz.study.merge"
    )
    assert "textual" not in loaded


def test_results_do_not_need_the_session():
    loaded = modules_after("import quiz.study.results")
    assert "quiz.study.session" not in loaded and "quiz.study.store" not in loaded


def test_the_modes_load_without_dataclasses():
    # quiz --help reads them: dataclasses would bring inspect (~15 ms) along.
    assert "dataclasses" not in modules_after("import quiz.study.modes")
