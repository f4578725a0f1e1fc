"""quiz: a terminal quiz and flashcard app over YAML question banks."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("quiz")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+local"
