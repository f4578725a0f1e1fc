"""Every on-disk location the app uses, in one place.

Folders are created on demand by the code that writes into them, never at import time,
so that read-only commands (``quiz validate``) leave no trace on disk.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "quiz"
DATA_DIR_ENV = "QUIZ_DATA_DIR"


def bundled_banks_dir() -> Path:
    """The banks that ship with the app.

    An installed wheel carries them as package data in ``quiz/_banks``; a checkout or an
    editable install reads the ``question_banks/`` folder beside the package.
    """
    packaged = Path(__file__).resolve().parent / "_banks"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "question_banks"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Where a learner's progress lives: ``--data-dir``, else ``$QUIZ_DATA_DIR``, else the
    platform's user data directory."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs  # (only here: it imports tempfile and random, ~5 ms)

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


CACHE_DIR_ENV = "QUIZ_CACHE_DIR"


def cache_dir() -> Path:
    """What can be thrown away and made again (parsed banks): ``$QUIZ_CACHE_DIR``, else the
    platform's user cache directory."""
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def user_banks_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The learner's own banks folder, searched by ``quiz`` with no arguments."""
    return data_dir(override) / "banks"


def bank_search_dirs(override: str | os.PathLike[str] | None = None) -> list[Path]:
    """Folders ``quiz`` looks in when no bank is named: bundled, ./question_banks, user's."""
    dirs = [bundled_banks_dir(), Path.cwd() / "question_banks", user_banks_dir(override)]
    seen: list[Path] = []
    for d in dirs:
        try:
            resolved = d.resolve()
        except OSError:
            continue
        if resolved not in seen:
            seen.append(resolved)
    return seen
