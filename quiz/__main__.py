"""The command line: parse arguments, hand over to ``quiz.cli.<command>``, set the exit code.

Each command lives in its own module with ``add_arguments(parser)`` and ``run(args) -> int``.
They import their heavy dependencies inside ``run`` so that, for example, ``quiz validate``
never imports Textual.
"""

from __future__ import annotations

import importlib
import keyword
import os
import sys

from quiz import __version__

# Not typing.TYPE_CHECKING: importing typing costs `quiz --help` a fifth of its time (type
# checkers read any constant of this name the same way).
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

DESCRIPTION = (
    "A terminal quiz and flashcard app: YAML question banks, quizzes, exams and spaced "
    "repetition. With no command, opens the app on the banks it finds."
)

COMMANDS: dict[str, str] = {
    "study": "Study banks in the terminal app (the default command).",
    "validate": "Check bank files or folders and print every problem.",
    "new": "Write a commented starter bank with an example of every question type.",
    "lint": "Flag what a careful teacher would: near-duplicates, giveaway choices...",
    "coverage": "Show the sentences of a bank's source document that no question quotes.",
    "schema": "Print the JSON Schema of the bank format.",
    "import": "Turn a Moodle, Anki, CSV... question file into a YAML bank.",
    "export": "Write a loaded bank in another format (Moodle XML, GIFT, Anki...).",
    "stats": "Show progress per bank.",
    "results": "Show the history of finished sessions.",
    "settings": "Show or change daily limits, the day's start hour and desired retention.",
    "optimize": "Fit the scheduler's parameters to your own review history.",
    "sync": "Keep your progress on several devices through a synced folder or git repository.",
    "serve": "Serve the app to a class in the browser, each student's progress in a folder.",
}


def _module(command: str) -> str:
    # `import` is a Python keyword, so its module is quiz/cli/import_.py.
    return f"quiz.cli.{command}_" if keyword.iskeyword(command) else f"quiz.cli.{command}"


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line. With one of the ``COMMANDS``, only that command is on it (a
    parser for each of the others costs ~1 ms, the whole line a twentieth of `quiz stats`);
    with "", every command is listed by name and help, without its arguments; with None,
    every command with its arguments."""
    import argparse

    parser = argparse.ArgumentParser(prog="quiz", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"quiz {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        if command and name != command:
            continue
        p = sub.add_parser(name, help=help_text, description=help_text)
        if command is None or name == command:
            importlib.import_module(_module(name)).add_arguments(p)
    return parser


def top_help() -> str:
    """What `quiz --help` prints, written out without argparse, whose import alone takes
    about as long as starting Python: asking for help is the first thing a new user does."""
    width = min(_columns(), 100) - 2
    commands = "\n".join(
        _fill(help_text, width, f"    {name:<10}", " " * 14) for name, help_text in COMMANDS.items()
    )
    return (
        "usage: quiz [-h] [--version] COMMAND ...\n\n"
        f"{_fill(DESCRIPTION, width)}\n\n"
        f"positional arguments:\n  COMMAND\n{commands}\n\n"
        "options:\n"
        "  -h, --help  show this help message and exit\n"
        "  --version   show program's version number and exit\n\n"
        "`quiz COMMAND --help` says more of each command."
    )


def _fill(text: str, width: int, first: str = "", rest: str = "") -> str:
    """``text`` in lines of at most ``width`` (textwrap.fill's job; textwrap imports re)."""
    lines: list[str] = []
    line, fresh = first, True
    for word in text.split():
        if not fresh and len(line) + 1 + len(word) > width:
            lines.append(line)
            line, fresh = rest, True
        line += word if fresh else " " + word
        fresh = False
    lines.append(line)
    return "\n".join(lines)


def _columns() -> int:
    # As argparse finds it (shutil.get_terminal_size, without importing shutil).
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        return 80


def _is_unknown_command(word: str) -> bool:
    """A first word that is neither an option nor a path: a mistyped command (`quiz valdate`),
    which would otherwise open the app on a bank called "valdate". A path that exists, or that
    looks like one, still goes to the app, which says if it cannot be opened."""
    if word.startswith("-") or os.path.exists(word):
        return False
    return not ("/" in word or os.sep in word or word.lower().endswith((".yaml", ".yml")))


def _did_you_mean(word: str) -> str:
    import difflib

    found = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.6)
    if found:
        return f" (did you mean {found[0]!r}?)"
    return f"; the commands are {', '.join(COMMANDS)} (see quiz --help)"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv in (["-h"], ["--help"]):
        print(top_help())
        return 0
    if argv == ["--version"]:
        print(f"quiz {__version__}")
        return 0
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help", "--version"):
        if argv and _is_unknown_command(argv[0]):
            print(f"quiz: unknown command {argv[0]!r}{_did_you_mean(argv[0])}", file=sys.stderr)
            return 2
        # `quiz`, `quiz BANK`, `quiz --data-dir D`: the app is the default command.
        argv = ["study", *argv]
    args = build_parser(argv[0] if argv[0] in COMMANDS else "").parse_args(argv)
    module = importlib.import_module(_module(args.command))
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the last guard: a message, never a traceback
        from quiz.study.disk import ProgressError

        if isinstance(error, ProgressError):
            print(f"quiz {args.command}: error: {error}", file=sys.stderr)
            return 1
        if isinstance(error, OSError):
            from quiz.study.atomic import describe

            where = f"{error.filename}: " if error.filename else ""
            print(f"quiz {args.command}: error: {where}{describe(error)}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
