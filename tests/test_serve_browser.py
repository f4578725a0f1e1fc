"""`quiz serve` in a real browser: Debian's chromium, headless, driven by Playwright (no browser
download). A student opens the page, types a name, answers a question with the keyboard, and
the answer is in that student's journal; five students at once lose no answer.

Skipped, with the reason, where /usr/bin/chromium or Playwright is missing (CI installs both).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
BANK = """\
title: Capitals
id: capitals
questions:
  - id: france
    type: choice
    prompt: Capital of France?
    choices: [Paris, Lyon]
    answer: Paris
    tags: [europe]
  - id: peru
    type: choice
    prompt: Capital of Peru?
    choices: [Cusco, Lima]
    answer: Lima
    tags: [americas]
"""

if not Path(CHROMIUM).exists():
    pytest.skip(
        f"{CHROMIUM} is missing: apt-get install -y chromium (Debian's chromium)",
        allow_module_level=True,
    )
playwright_sync = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is missing: pip install playwright"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    bank = tmp_path / "capitals.yaml"
    bank.write_text(BANK, encoding="utf-8")
    class_dir = tmp_path / "class"
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "quiz", "serve", str(bank), "--port", str(port)]
        + ["--class-dir", str(class_dir), "--mode", "quiz", "--count", "1"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "COLUMNS": "100"},
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"quiz serve did not start:\n{(tmp_path / 'serve.log').read_text()}"
                    ) from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", class_dir
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],  # and a fresh --user-data-dir: Playwright's launch makes a new one each time
        )
        try:
            yield browser
        finally:
            browser.close()


class Student:
    """One browser page of one student, with what the app has drawn on it so far (the
    websocket's frames: the terminal itself is a canvas, with no text to query)."""

    def __init__(self, browser, base: str, name: str) -> None:
        self.page = browser.new_page(viewport={"width": 1000, "height": 700})
        self.name = name
        self.seen = bytearray()

        def on_socket(ws) -> None:
            ws.on("framereceived", self._frame)

        self.page.on("websocket", on_socket)
        self.page.goto(base + "/", wait_until="domcontentloaded")
        self.page.fill("#name", name)
        self.page.click("#go")

    def answer(self) -> None:
        """The first choice, with the keyboard (the terminal takes keys once it has focus)."""
        self.page.click("#terminal")
        self.page.keyboard.press("1")
        self.page.keyboard.press("Enter")

    def _frame(self, payload) -> None:
        self.seen += payload if isinstance(payload, bytes) else payload.encode()

    def wait_for(self, text: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.seen:
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: {text!r} never appeared")
            self.page.wait_for_timeout(50)


def _reviews(folder: Path) -> list[dict]:
    journal = folder / "progress.journal.jsonl"
    if not journal.exists():
        return []
    events = [json.loads(line) for line in journal.read_text().splitlines() if line.strip()]
    return [e for e in events if e.get("type") == "review"]


def _wait_reviews(folder: Path, count: int, timeout: float = 10) -> list[dict]:
    deadline = time.monotonic() + timeout
    while len(found := _reviews(folder)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def test_a_student_answers_in_the_browser(server, browser, tmp_path: Path) -> None:
    base, class_dir = server
    student = Student(browser, base, "Ann Lee")
    student.wait_for("Capital of")
    student.page.wait_for_timeout(300)  # the frame drawn is on the canvas
    shot = tmp_path / "question.png"
    student.page.screenshot(path=str(shot))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n")  # kept for a look, never committed
    shutil.copy(shot, ARTIFACTS / "serve_question.png")
    student.answer()
    reviews = _wait_reviews(class_dir / "ann lee", 1)
    assert len(reviews) == 1, sorted(p.name for p in class_dir.rglob("*"))
    assert [p.name for p in class_dir.iterdir() if not p.name.startswith(".")] == ["ann lee"]
    # The server's environment names other data and cache folders (conftest's): untouched.
    assert not (tmp_path / "data").exists() and not (tmp_path / "cache").exists()


def test_five_students_at_once_lose_no_answer(server, browser) -> None:
    base, class_dir = server
    names = ["Ann", "Bo", "Chen", "Dara", "Eve"]
    students = [Student(browser, base, name) for name in names]
    for student in students:
        student.wait_for("Capital of")
    for student in students:  # all five answer before any answer is checked
        student.answer()
    for name in names:
        folder = class_dir / name.lower()
        assert len(_wait_reviews(folder, 1)) == 1, name
    assert sorted(p.name for p in class_dir.iterdir() if not p.name.startswith(".")) == [
        n.lower() for n in names
    ]
