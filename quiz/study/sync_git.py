"""A sync folder that is a git work tree: commit this device's file, pull, push (``quiz sync
--git``). git runs as a subprocess, only when asked; every failure is a ``SyncError`` that
says which step failed and what git said. Each device only ever changes its own file
(``quiz.study.sync``), so the merges a pull makes never conflict."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from quiz.study.sync import SyncError


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
    except FileNotFoundError:
        raise SyncError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise SyncError(f"git {args[0]} took over 5 minutes; nothing more was done") from None


def _must(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip().splitlines()
        raise SyncError(f"git {what} failed: " + (" / ".join(said[-3:]) or "no message"))


def git_commit(folder: Path, own_file: Path, device: str) -> bool:
    """Commit this device's file (and nothing else); True if there was a change."""
    inside = _git(folder, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise SyncError(f"{folder} is not a git work tree")
    if not own_file.exists():
        return False
    relative = os.path.relpath(own_file, folder)
    _must(_git(folder, "add", "--", relative), "add")
    staged = _git(folder, "diff", "--cached", "--quiet", "--", relative)
    if staged.returncode == 0:
        return False
    message = f"quiz: progress of {device}"
    _must(_git(folder, "commit", "--quiet", "-m", message, "--", relative), "commit")
    return True


def git_pull(folder: Path) -> None:
    # Each device changes only its own file, so the merge never conflicts.
    _must(_git(folder, "pull", "--quiet", "--no-rebase", "--no-edit"), "pull")


def git_push(folder: Path) -> None:
    _must(_git(folder, "push", "--quiet"), "push")
