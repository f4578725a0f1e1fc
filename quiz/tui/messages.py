"""App-wide messages: screens ask the app to start a session; the app owns the session."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from quiz.bank.model import Bank
from quiz.study.session import SessionOptions, SessionResult


@dataclass
class StartSession(Message):
    """Start a session over ``banks``, opened on top of the sender (home)."""

    banks: list[Bank]
    options: SessionOptions


@dataclass
class RetryWrong(Message):
    """Practise what ``result`` got wrong, in the place of the sender (the results screen)."""

    result: SessionResult
