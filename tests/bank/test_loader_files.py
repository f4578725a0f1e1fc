"""The loader and the commands against the file system: what is not a regular file (named pipes,
devices, symlink loops), files that cannot be read, and a source document that tries to leave
the bank's folder. Nothing may block, read without end or quote a file from elsewhere."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest

from quiz.__main__ import main
from quiz.bank.errors import BankError, Problem
from quiz.bank.loader import find_bank_files, load_bank
from quiz.bank.reading import NotARegularFile, read_limited

GOOD = "title: T\nquestions:\n  - {id: q, type: flashcard, prompt: P, answer: A}\n"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file system")


def quoting_bank(source: str) -> str:
    """A bank whose one question quotes ``source``, so the document is read."""
    return (
        f"title: T\nsource: {source}\nquestions:\n"
        "  - {id: q, type: flashcard, prompt: P, answer: A, source: some words}\n"
    )


def only(path: Path, **kwargs) -> Problem:
    with pytest.raises(BankError) as info:
        load_bank(path, **kwargs)
    (problem,) = info.value.problems
    return problem


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- the source document ------------------------------------------------------------------------


@needs_fifo
def test_a_named_pipe_as_source_document_is_refused(tmp_path, never_blocks):
    os.mkfifo(tmp_path / "doc.txt")
    path = tmp_path / "b.yaml"
    path.write_text(quoting_bank("doc.txt"), encoding="utf-8")
    problem = only(path)
    assert (problem.line, problem.column) == (2, 9)
    assert problem.message == 'source document "doc.txt" is a named pipe (FIFO), not a text file'


@posix_only
@pytest.mark.parametrize("source", ["../../../../etc/passwd", "/etc/passwd", "../secret.txt"])
def test_the_source_document_must_be_inside_the_banks_folder(tmp_path, never_blocks, source):
    (tmp_path / "secret.txt").write_text("some words", encoding="utf-8")
    path = tmp_path / "sub" / "b.yaml"
    path.parent.mkdir()
    path.write_text(quoting_bank(source), encoding="utf-8")
    problem = only(path)
    assert (problem.line, problem.column) == (2, 9)
    assert problem.message.startswith(
        f'the source document must be inside the bank\'s folder, and "{source}" is not'
    )


@posix_only
def test_a_symlink_out_of_the_banks_folder_is_refused(tmp_path, never_blocks):
    (tmp_path / "secret.txt").write_text("some words", encoding="utf-8")
    (tmp_path / "bank" / "sources").mkdir(parents=True)
    (tmp_path / "bank" / "sources" / "doc.txt").symlink_to(tmp_path / "secret.txt")
    path = tmp_path / "bank" / "b.yaml"
    path.write_text(quoting_bank("sources/doc.txt"), encoding="utf-8")
    assert "must be inside the bank's folder" in only(path).message


def test_a_source_document_in_a_subfolder_or_through_dot_dot_inside_is_fine(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "doc.txt").write_text("Here are some words.", encoding="utf-8")
    path = tmp_path / "b.yaml"
    path.write_text(quoting_bank("sources/../sources/doc.txt"), encoding="utf-8")
    assert load_bank(path).source == "sources/../sources/doc.txt"


# Not /dev/zero as a bank's source: were the check to break, the test run would eat all memory.
@posix_only
def test_a_device_is_never_read():
    with pytest.raises(NotARegularFile) as info:
        read_limited(Path("/dev/zero"), 100)
    assert info.value.kind == "a device"


def test_a_source_document_larger_than_stat_says_is_cut_at_the_limit(tmp_path, monkeypatch):
    # stat can under-report (a file still growing, /proc): the read itself must stop.
    (tmp_path / "doc.txt").write_bytes(b"words " * 200)
    path = tmp_path / "b.yaml"
    path.write_text(quoting_bank("doc.txt"), encoding="utf-8")
    real_stat = Path.stat

    def small_stat(self, **kwargs):
        st = real_stat(self, **kwargs)
        fields = [getattr(st, f) for f in ("st_mode", "st_ino", "st_dev", "st_nlink", "st_uid")]
        return os.stat_result((*fields, st.st_gid, 10, st.st_atime, st.st_mtime, st.st_ctime))

    monkeypatch.setattr(Path, "stat", small_stat)
    problem = only(path, max_bytes=500)
    assert problem.message == 'source document "doc.txt" is over 500 bytes'


# -- bank files that are not regular files ------------------------------------------------------


@needs_fifo
def test_a_named_pipe_bank_is_refused(tmp_path, never_blocks):
    os.mkfifo(tmp_path / "f.yaml")
    problem = only(tmp_path / "f.yaml")
    assert (problem.line, problem.column) == (0, 0)
    assert (
        problem.message == "this is a named pipe (FIFO), not a bank file (a bank is a regular file)"
    )


@needs_fifo
def test_validate_a_folder_with_a_named_pipe(tmp_path, capsys, never_blocks):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "f.yaml")
    assert find_bank_files([tmp_path]) == [tmp_path / "a.yaml", tmp_path / "f.yaml"]
    code, out, err = run(capsys, "validate", str(tmp_path))
    assert code == 1
    assert "named pipe (FIFO), not a bank file" in out
    assert f"ok: {tmp_path / 'a.yaml'} (1 question)" in out


@needs_fifo
def test_the_file_is_checked_again_once_open(tmp_path, monkeypatch, never_blocks):
    # Between the stat and the open the file can be swapped for a pipe: the open descriptor is
    # what counts, and opening never waits for a writer.
    path = tmp_path / "f.yaml"
    path.write_text(GOOD, encoding="utf-8")
    real_open = os.open

    def swap_then_open(file, flags, *args, **kwargs):
        if Path(file) == path:
            path.unlink()
            os.mkfifo(path)
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", swap_then_open)
    assert "named pipe (FIFO)" in only(path).message


# -- what a problem of the whole file says -----------------------------------------------------


def test_a_problem_of_the_whole_file_prints_no_position():
    assert str(Problem("b.yaml", 0, 0, "file not found")) == "b.yaml: error: file not found"
    assert str(Problem("b.yaml", 3, 0, "m", "warning")) == "b.yaml:3: warning: m"
    assert str(Problem("b.yaml", 3, 7, "m")) == "b.yaml:3:7: error: m"


def test_an_unreadable_bank_says_permission_denied(tmp_path, monkeypatch, capsys):
    # Faked, because the tests may run as root, who can read anything.
    path = tmp_path / "unread.yaml"
    path.write_text(GOOD, encoding="utf-8")

    def denied(file, *args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))

    monkeypatch.setattr(os, "open", denied)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    assert out.splitlines()[0] == f"{path}: error: cannot read the file (permission denied)"


@posix_only
def test_a_symlink_loop_is_called_one(tmp_path, capsys):
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    loop = str(tmp_path / "a.yaml")
    assert run(capsys, "validate", loop) == (2, "", f"quiz validate: error: {loop}: symlink loop\n")
    assert run(capsys, "export", loop) == (2, "", f"quiz export: error: {loop}: symlink loop\n")
    assert only(tmp_path / "a.yaml").message == "cannot read the file (symlink loop)"
    # Found in a folder: reported per file, not a traceback.
    code, out, err = run(capsys, "validate", str(tmp_path))
    assert code == 1
    assert f"{loop}: error: cannot read the file (symlink loop)" in out.splitlines()


@posix_only
def test_a_source_document_in_a_symlink_loop(tmp_path):
    (tmp_path / "doc.txt").symlink_to(tmp_path / "doc.txt")
    path = tmp_path / "b.yaml"
    path.write_text(quoting_bank("doc.txt"), encoding="utf-8")
    assert only(path).message == 'cannot read source document "doc.txt" (symlink loop)'


def test_validate_and_export_of_a_missing_file(tmp_path, capsys):
    gone = str(tmp_path / "gone.yaml")
    expected = f"{gone}: no such file or folder\n"
    assert run(capsys, "validate", gone) == (2, "", "quiz validate: error: " + expected)
    assert run(capsys, "export", gone) == (2, "", "quiz export: error: " + expected)


@needs_fifo
def test_export_of_a_named_pipe(tmp_path, capsys, never_blocks):
    os.mkfifo(tmp_path / "f.yaml")
    code, out, err = run(capsys, "export", str(tmp_path / "f.yaml"))
    assert (code, out) == (1, "")
    assert err == f"{tmp_path / 'f.yaml'}: error: this is a named pipe (FIFO), not a bank file " \
                  "(a bank is a regular file)\n"  # fmt: skip
