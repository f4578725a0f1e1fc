"""`quiz sync`: set up, sync now, status, and a round trip through a real git repository
(a bare repository in a temp folder as the remote: no network)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest

from quiz.__main__ import main
from quiz.study.scheduler import Rating
from quiz.study.store import ProgressStore, Settings

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
EXACT = Settings(enable_fuzzing=False)


def answer(data, key, at):
    store = ProgressStore.open(data, defaults=EXACT, tz=UTC)
    store.record_review(
        key, rating=Rating.GOOD, correct=True, response_time=1.0, session_id="s", now=at
    )
    store.save()


def git(*args, cwd):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


def clone(remote, where):
    git("clone", "--quiet", str(remote), str(where), cwd=remote.parent)
    git("config", "user.name", "Quiz Test", cwd=where)
    git("config", "user.email", "quiz@example.invalid", cwd=where)
    git("config", "commit.gpgsign", "false", cwd=where)
    return where


def test_init_sync_and_status(tmp_path, capsys):
    folder = tmp_path / "Sync"
    laptop, server = tmp_path / "laptop", tmp_path / "server"
    assert main(["sync", "init", str(folder), "--name", "laptop", "--data-dir", str(laptop)]) == 0
    assert main(["sync", "init", str(folder), "--name", "server", "--data-dir", str(server)]) == 0
    answer(laptop, "b/q1", T0)
    answer(server, "b/q1", T0 + timedelta(hours=1))
    capsys.readouterr()
    assert main(["sync", "--data-dir", str(laptop)]) == 0
    assert "merged 1 from other devices" in capsys.readouterr().out
    assert ProgressStore.open(laptop).counts("b/q1") == (2, 2)
    assert main(["sync", "status", "--data-dir", str(server)]) == 0
    out = capsys.readouterr().out
    assert "laptop" in out and "server (this device)" in out
    assert "DEVICE" in out and "LAST EVENT" in out


def test_sync_without_a_folder_set_up_says_how(tmp_path, capsys):
    assert main(["sync", "--data-dir", str(tmp_path / "d")]) == 1
    assert "quiz sync init DIR" in capsys.readouterr().err


def test_init_refuses_a_folder_inside_the_progress_folder(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["sync", "init", str(data / "x"), "--data-dir", str(data)]) == 1
    assert "overlaps" in capsys.readouterr().err


def test_git_on_a_folder_that_is_no_work_tree_is_a_clear_error(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["sync", "init", str(tmp_path / "plain"), "--data-dir", str(data)]) == 0
    answer(data, "b/q1", T0)
    assert main(["sync", "--git", "--data-dir", str(data)]) == 1
    assert "not a git work tree" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_round_trip_between_two_devices(tmp_path, capsys):
    remote = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", "-b", "main", str(remote), cwd=tmp_path)
    seed = clone(remote, tmp_path / "seed")
    (seed / "README").write_text("quiz progress\n")
    git("add", "README", cwd=seed)
    git("commit", "--quiet", "-m", "start", cwd=seed)
    git("push", "--quiet", "origin", "HEAD:main", cwd=seed)
    a_repo, b_repo = clone(remote, tmp_path / "a"), clone(remote, tmp_path / "b")
    a_data, b_data = tmp_path / "a-data", tmp_path / "b-data"
    assert main(["sync", "init", str(a_repo), "--name", "a", "--data-dir", str(a_data)]) == 0
    assert main(["sync", "init", str(b_repo), "--name", "b", "--data-dir", str(b_data)]) == 0
    answer(a_data, "b/q1", T0)
    assert main(["sync", "--git", "--data-dir", str(a_data)]) == 0
    answer(b_data, "b/q2", T0 + timedelta(minutes=5))
    assert main(["sync", "--git", "--data-dir", str(b_data)]) == 0
    assert ProgressStore.open(b_data, sync=False).counts("b/q1") == (1, 1)
    assert main(["sync", "--git", "--data-dir", str(a_data)]) == 0
    a = ProgressStore.open(a_data, sync=False)
    assert a.counts("b/q1") == (1, 1) and a.counts("b/q2") == (1, 1)
    # Each device committed its own file only; the progress snapshot is never in the repo.
    files = git("ls-files", cwd=a_repo).stdout.split()
    assert sorted(f.split("/")[0] for f in files) == ["README", "quiz-sync", "quiz-sync"]
    log = git("log", "--format=%s", cwd=a_repo).stdout
    assert "quiz: progress of a" in log and "quiz: progress of b" in log
    assert "pushed" in capsys.readouterr().out


def test_a_failing_pull_is_a_clear_message(tmp_path, capsys):
    repo = tmp_path / "repo"
    git("init", "--quiet", "-b", "main", str(repo), cwd=tmp_path)
    git("config", "user.name", "Quiz Test", cwd=repo)
    git("config", "user.email", "quiz@example.invalid", cwd=repo)
    git("config", "commit.gpgsign", "false", cwd=repo)
    data = tmp_path / "data"
    assert main(["sync", "init", str(repo), "--data-dir", str(data)]) == 0
    answer(data, "b/q1", T0)
    # No remote: the commit is made, the pull fails and says so.
    assert main(["sync", "--git", "--data-dir", str(data)]) == 1
    assert "git pull failed" in capsys.readouterr().err
    assert "quiz: progress of" in git("log", "--format=%s", cwd=repo).stdout
