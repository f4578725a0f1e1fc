"""`quiz serve` without a browser: the name sanitiser, the roster's links, the command each
student's app runs, and the server's pages and refusals (aiohttp's test client)."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.cli.serve import ROSTER_KEYS, read_roster, study_command
from quiz.study.classroom import MAX_NAME, student_folder


@pytest.mark.parametrize(
    ("name", "folder"),
    [
        ("Ann Lee", "ann lee"),
        ("  Ann   Lee ", "ann lee"),
        ("../../etc/passwd", "etcpasswd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("bo\x00b\x1b[31m", "bob31m"),
        (".hidden", "hidden"),
        ("José Müller", "josé müller"),
        ("ＡＮＮ", "ann"),  # full-width letters are the same student
        ("a" * 100, "a" * MAX_NAME),
    ],
)
def test_names_become_safe_folder_names(name: str, folder: str) -> None:
    assert student_folder(name) == folder


@pytest.mark.parametrize("name", ["", "   ", "..", ".", "/", "../", "\x00\x01", "///\\\\"])
def test_a_name_with_nothing_to_keep_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="no letter or digit"):
        student_folder(name)


@given(st.text(max_size=60))
def test_any_name_is_a_direct_child_of_the_class_folder_or_refused(name: str) -> None:
    try:
        folder = student_folder(name)
    except ValueError:
        return
    assert folder not in ("", ".", "..") and not folder.startswith(".")
    assert "/" not in folder and "\\" not in folder and len(folder) <= MAX_NAME
    assert all(c.isprintable() for c in folder)
    assert Path("/class", folder).parent == Path("/class")
    assert student_folder(folder) == folder  # a folder name is its own name


def test_the_roster_gives_each_student_a_key_that_survives_a_restart(tmp_path: Path) -> None:
    roster = tmp_path / "roster.txt"
    roster.write_text("# class 4b\nAnn Lee\n\nBo\n", encoding="utf-8")
    keys = read_roster(roster, tmp_path)
    assert sorted(keys.values()) == ["ann lee", "bo"]
    assert len(set(keys)) == 2 and all(len(k) >= 16 for k in keys)
    assert read_roster(roster, tmp_path) == keys  # the links given out still work
    roster.write_text("Ann Lee\nBo\nChen\n", encoding="utf-8")
    more = read_roster(roster, tmp_path)
    assert {k: f for k, f in more.items() if f != "chen"} == keys
    assert (tmp_path / ROSTER_KEYS).exists()


def test_a_roster_with_one_student_twice_names_both_lines(tmp_path: Path) -> None:
    roster = tmp_path / "roster.txt"
    roster.write_text("Ann\nann\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"roster.txt:2: 'ann' is the same student as line 1"):
        read_roster(roster, tmp_path)


def _args(**changes) -> argparse.Namespace:
    values = dict(banks=[], mode=None, count=None, time_limit=None, pass_mark=None)
    return argparse.Namespace(**{**values, **changes})


def test_the_student_command_quotes_every_part(tmp_path: Path) -> None:
    from datetime import timedelta

    data = tmp_path / "class" / "o'neil; rm -rf x"
    command = study_command(
        _args(mode="exam", time_limit=timedelta(minutes=15), pass_mark=60.0),
        data,
        tmp_path / "class" / ".cache",
    )
    words = shlex.split(command)
    assert words[0] == f"QUIZ_CACHE_DIR={tmp_path / 'class' / '.cache'}" and words[1] == "exec"
    assert words[-2:] == ["--data-dir", str(data)]
    assert words[words.index("--mode") + 1] == "exam"
    assert words[words.index("--time-limit") + 1] == "15.0"
    from quiz.__main__ import build_parser

    parsed = build_parser("study").parse_args(words[words.index("quiz") + 1 :])
    assert (parsed.mode, parsed.time_limit, parsed.pass_mark) == ("exam", timedelta(minutes=15), 60)


@pytest.fixture
async def client(tmp_path: Path):
    from aiohttp.test_utils import TestClient, TestServer

    from quiz.cli.serve import make_server

    made: list[TestClient] = []

    async def open_client(roster: dict[str, str] | None = None) -> TestClient:
        server = make_server(_args(host="127.0.0.1", port=8000), tmp_path, roster)
        app = await server._make_app()
        app.on_startup.clear()
        test_client = TestClient(TestServer(app))
        await test_client.start_server()
        made.append(test_client)
        return test_client

    yield open_client
    for test_client in made:
        await test_client.close()


async def test_the_page_asks_for_a_name_then_opens_that_students_app(client, tmp_path) -> None:
    http = await client()
    page = await (await http.get("/")).text()
    assert 'name="name"' in page
    page = await (await http.get("/", params={"name": "Ann Lee"})).text()
    assert "/ws/ann%20lee" in page
    page = await (await http.get("/", params={"name": "../.."})).text()
    assert "cannot be a name" in page and "/ws/" not in page


async def test_a_websocket_for_no_student_is_refused(client, tmp_path) -> None:
    import aiohttp
    from yarl import URL

    http = await client()
    base = str(http.make_url("/")).rstrip("/")
    async with aiohttp.ClientSession() as session:
        # Sent as written (encoded=True): a client would make "/ws/.." itself "/".
        for ticket in ["Ann", ".cache", "..", "%2e%2e", "a%2fb", "%2e%2e%2fetc", "x%00"]:
            url = URL(f"{base}/ws/{ticket}", encoded=True)
            async with session.get(url) as response:
                assert response.status in (403, 404), ticket
    assert [p.name for p in tmp_path.iterdir()] == []


async def test_with_a_roster_only_a_students_link_opens_the_app(client, tmp_path) -> None:
    http = await client({"k3y-of-ann": "ann"})
    assert "/ws/" not in await (await http.get("/", params={"name": "ann"})).text()
    assert (await http.get("/", params={"key": "wrong"})).status == 403
    assert "/ws/k3y-of-ann" in await (await http.get("/", params={"key": "k3y-of-ann"})).text()
    assert (await http.get("/ws/ann")).status == 403


def test_a_missing_or_bad_roster_stops_quiz_serve_before_it_listens(tmp_path, capsys) -> None:
    from quiz.__main__ import main

    class_dir = tmp_path / "class"
    assert main(["serve", "--class-dir", str(class_dir), "--roster", str(tmp_path / "no")]) == 1
    assert "no such file" in capsys.readouterr().err and not class_dir.exists()
    roster = tmp_path / "roster.txt"
    roster.write_text("Ann\n../..\n", encoding="utf-8")
    assert main(["serve", "--class-dir", str(class_dir), "--roster", str(roster)]) == 1
    assert "roster.txt:2: '../..' has no letter or digit" in capsys.readouterr().err
