"""The command line's own behaviour: help, version, and the layering rule."""

from __future__ import annotations

import subprocess
import sys

from quiz import __version__
from quiz.__main__ import main


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as exc:
        assert exc.code == 0
    assert __version__ in capsys.readouterr().out


def test_help_lists_commands(capsys):
    try:
        main(["--help"])
    except SystemExit as exc:
        assert exc.code == 0
    out = capsys.readouterr().out
    for command in ("study", "validate", "schema", "export", "stats", "results"):
        assert command in out


def test_domain_does_not_import_textual():
    code = (
        "import sys, quiz.bank.model, quiz.study.grading, quiz.study.session, "
        "quiz.study.store, quiz.study.stats, quiz.study.scheduler\n"
        "import quiz.__main__\n"
        "quiz.__main__.build_parser()\n"
        "assert 'textual' not in sys.modules, sorted(m for m in sys.modules if 'textual' in m)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
