"""`quiz lint PATH...`: the quality checks of ``quiz.bank.lint`` on banks that load.

Prints each finding as ``FILE:LINE:COL: warning: ...``. Exit status: 0 when nothing is found,
1 when a bank has a finding or an error, 2 on a usage error (as ``quiz validate``).
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="bank files, or folders to search for *.yaml and *.yml files",
    )


def run(args: argparse.Namespace) -> int:
    from quiz.cli.validate import check_banks

    return check_banks(args.paths, strict=False, quality=True, command="lint")
