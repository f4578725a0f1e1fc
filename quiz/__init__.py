"""quiz: a terminal quiz and flashcard app over YAML question banks."""

# Written here, not read from the installed metadata: importlib.metadata alone costs ~35 ms,
# three times the rest of `quiz --help`. pyproject.toml reads it from this line.
__version__ = "0.1.0"
