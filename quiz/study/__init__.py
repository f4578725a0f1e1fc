"""The study engine: grading, sessions, FSRS scheduling, the progress store, statistics.

No Textual here: the terminal UI is a thin layer over these modules.
"""
