"""Shared fixtures. Every test runs with its own data directory, never the user's."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# In CI (CI=true) the property tests draw the same examples every run, so a run fails only
# when the code changed; on a developer's machine they draw new ones each time and keep
# looking. No deadlines there either: a loaded 2-core runner is slow by moments.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


# Where Python may not write bytecode (PYTHONDONTWRITEBYTECODE, set in many containers and on
# this project's CI machine), pytest rewrote and compiled every test module again in each
# worker on every run: collecting took 6.5 s instead of 2 s. The rewritten test modules are
# kept in pytest's own cache folder instead (as pytest would keep them in __pycache__), where
# pytest checks each against its source's size and time before using it; the app's modules
# are neither written nor looked for anywhere new, and the source tree gets no __pycache__.
try:
    import _pytest.assertion.rewrite as _rewrite
except ImportError:  # pragma: no cover
    _rewrite = None
if _rewrite is not None and sys.dont_write_bytecode:
    _TEST_BYTECODE = Path(__file__).resolve().parent.parent / ".pytest_cache" / "bytecode"
    _read_pyc, _rewrite_test = _rewrite._read_pyc, _rewrite._rewrite_test

    def _kept(source: Path) -> Path:
        name = source.name[:-3] + _rewrite.PYC_TAIL
        return _TEST_BYTECODE.joinpath(*source.parts[1:-1], name)

    def _read_kept_pyc(source, pyc, trace=lambda message: None):
        return _read_pyc(source, _kept(Path(source)), trace)

    def _rewrite_and_keep(fn, config):
        source_stat, code = _rewrite_test(fn, config)
        kept = _kept(Path(fn))
        if _rewrite.try_makedirs(kept.parent):
            _rewrite._write_pyc(config.stash[_rewrite.assertstate_key], code, source_stat, kept)
        return source_stat, code

    _rewrite._read_pyc = _read_kept_pyc
    _rewrite._rewrite_test = _rewrite_and_keep


# Collecting the tests already loads banks (parametrized over the bundled bank's questions),
# before any fixture runs: from here on, this process keeps even that out of the user's folders.
_OUTSIDE_TESTS = Path(tempfile.mkdtemp(prefix="quiz-tests-"))
atexit.register(shutil.rmtree, _OUTSIDE_TESTS, ignore_errors=True)
os.environ["QUIZ_DATA_DIR"] = str(_OUTSIDE_TESTS / "data")
os.environ["QUIZ_CACHE_DIR"] = str(_OUTSIDE_TESTS / "cache")


# The store fsyncs every answer it records (the file, then its folder), and a Pilot test gives
# dozens: on this machine's disk those waits were up to a fifth of a test's time, more while
# others write. The tests' folders go to memory (/dev/shm) where there is one: fsync still runs
# and the files behave the same for all a test can see (a writer killed mid-answer included);
# only a power cut would differ. A --basetemp given on the command line wins (give one to look
# at a test's files afterwards: this folder goes when the run ends).
_IN_MEMORY = Path("/dev/shm")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if config.option.basetemp:  # given, or an xdist worker's (inside the run's folder)
        return
    if not (_IN_MEMORY.is_dir() and os.access(_IN_MEMORY, os.W_OK | os.X_OK)):
        return
    basetemp = tempfile.mkdtemp(prefix="quiz-tests-", dir=_IN_MEMORY)
    config.option.basetemp = basetemp
    config.add_cleanup(lambda: shutil.rmtree(basetemp, ignore_errors=True))


def _takes_seconds(item: pytest.Item) -> bool:
    """The app's Pilot tests, the browser tests, the property tests and those marked
    takes_seconds: a second or more each."""
    path = Path(item.path)
    return (
        item.get_closest_marker("takes_seconds") is not None
        or "tui" in path.parts
        or path.name.startswith("test_serve")
        or getattr(getattr(item, "obj", None), "is_hypothesis_test", False)
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The long tests first, the many short unit tests last (the sort keeps each group's order):
    # with --dist worksteal the two workers then end on short tests and finish together,
    # instead of one idling while the other runs a long test that happened to come last.
    items.sort(key=lambda item: not _takes_seconds(item))


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("QUIZ_DATA_DIR", str(data))
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "cache"))
    return data


# Pilot's wait for an idle app is most of a Pilot test's time; pilot_idle says what it waits
# for here instead, and why that waits for no less.
try:
    import textual  # noqa: F401
except ImportError:  # pragma: no cover - the domain tests run without the UI
    pass
else:
    import pilot_idle

    pilot_idle.install()


# Every Pilot test starts a new app, and each app parses the same stylesheet (app.tcss and
# every widget's DEFAULT_CSS) again: Textual's own parse cache belongs to one Stylesheet. The
# parsed rules depend only on the CSS text, where it came from, its scope and the theme's
# variables, so one test process keeps them for all its apps. Stylesheet.parse copies the list
# it gets into its own and nothing changes a RuleSet afterwards, so apps share nothing they
# write to; CSS that fails to parse raises each time, as before.
try:
    from textual.css.stylesheet import Stylesheet as _Stylesheet
except ImportError:  # pragma: no cover - the domain tests run without the UI
    pass
else:
    _parse_rules = _Stylesheet._parse_rules
    _parsed_rules: dict[tuple, list] = {}

    def _shared_parse_rules(
        self: _Stylesheet,
        css: str,
        read_from: object,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list:
        key = (
            css,
            read_from,
            is_default_rules,
            tie_breaker,
            scope,
            tuple(sorted(self._variables.items())),
        )
        try:
            return _parsed_rules[key]
        except KeyError:
            pass
        rules = _parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        _parsed_rules[key] = rules
        return rules

    _Stylesheet._parse_rules = _shared_parse_rules
