"""The Textual app: a thin layer over ``quiz.study``. Build it with ``quiz.tui.app.make_app``."""
