"""The command line's own behaviour: help, version, and the layering rule."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

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
    # Every module of the domain layers, found by walking the packages, so a new module
    # cannot slip past the rule; plus the CLI's parser, which all commands share.
    code = (
        "import importlib, pkgutil, sys\n"
        "import quiz.bank, quiz.study\n"
        "for pkg in (quiz.bank, quiz.study):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "import quiz.__main__\n"
        "quiz.__main__.build_parser()\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_top_help_lists_every_command_without_importing_argparse():
    # `quiz --help` is written out by hand (argparse's import alone doubles its time): it
    # must still name every command the parser knows, and the options.
    code = (
        "import contextlib, io, sys\n"
        "import quiz.__main__ as m\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    assert m.main(['--help']) == 0\n"
        "assert 'argparse' not in sys.modules and 'typing' not in sys.modules\n"
        "print(out.getvalue())\n"
    )
    env = {**os.environ, "COLUMNS": "60"}
    text = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
    ).stdout
    import quiz.__main__ as m

    parser_commands = m.build_parser()._subparsers._group_actions[0].choices
    assert list(parser_commands) == list(m.COMMANDS)
    flat = " ".join(text.split())
    for name, help_text in m.COMMANDS.items():
        assert f"{name} {help_text}" in flat
    assert "--version" in text and "usage: quiz" in text
    assert max(len(line) for line in text.splitlines()) <= 60


def test_a_command_s_line_holds_that_command_alone_and_reads_the_same(capsys):
    import quiz.__main__ as m

    parser = m.build_parser("stats")
    assert list(parser._subparsers._group_actions[0].choices) == ["stats"]
    args = parser.parse_args(["stats", "--json", "b.yaml"])
    assert (args.command, args.json, args.banks) == ("stats", True, ["b.yaml"])
    # A mistake in a command's arguments reads as it did with every command on the line.
    with pytest.raises(SystemExit) as exited:
        m.main(["results", "--nope"])
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        "usage: quiz [-h] [--version] COMMAND ...",
        "quiz: error: unrecognized arguments: --nope",
    ]


def test_quiz_study_starts_the_app_with_the_collector_off(tmp_path, monkeypatch):
    # The start-up's objects live as long as the app (see quiz.cli.study); the app turns the
    # collector back on (tests/tui/test_warm_up.py).
    import gc

    import quiz.tui.app

    seen: list[bool] = []

    class App:
        named_banks = ["a bank"]
        return_code = 0

        def run(self) -> None:
            seen.append(gc.isenabled())

    def making(**kwargs):
        seen.append(gc.isenabled())
        return App()

    monkeypatch.setattr(quiz.tui.app, "make_app", making)
    monkeypatch.setattr("sys.setswitchinterval", lambda interval: None)
    try:
        assert main(["study", "--data-dir", str(tmp_path), "--mode", "quiz"]) == 0
    finally:
        gc.enable()
    assert seen == [False, False]
