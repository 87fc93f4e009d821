"""Bounds on one paper's work: its fields are cut to a length limit, and a stage still
running when the paper's time budget is spent is stopped (`rules/limits.json`).

The stop is a SIGALRM timer whose handler raises in the running stage: Python code stops at
the next bytecode and `regex` matching checks for signals, so even a backtracking regex
stops; a cooperative check would have to be threaded through every loop of every stage.
Where no timer is available (not the main thread, or no `setitimer`), stages run unbounded.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any, TypeVar

from extract.rules import Limits

T = TypeVar("T")


class BudgetExceeded(BaseException):
    """Raised in a stage whose time is up. A BaseException, so that no `except Exception`
    inside a stage mistakes it for the stage's own failure and carries on."""


def cut_field(text: str, limit: int) -> str:
    """The first `limit` characters of `text`, ended at the last space before the limit when
    there is one in the second half (a word is not cut in two)."""
    if len(text) <= limit:
        return text
    space = max(text.rfind(" ", 0, limit + 1), text.rfind("\n", 0, limit + 1))
    return text[:space] if space > limit // 2 else text[:limit]


class _Alarm:
    """The process's SIGALRM timer: set once per paper (a system call costs ~3 µs, one per
    stage would cost 2% of a run); it stops the running stage only while one runs."""

    armed = False  # a stage is running: the signal stops it
    rang = False  # the timer went off: the paper's budget is spent

    @classmethod
    def ring(cls, signum: int, frame: FrameType | None) -> None:
        cls.rang = True
        if cls.armed:
            cls.armed = False
            raise BudgetExceeded


def timer_available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def alarm_installed() -> Iterator[bool]:
    """SIGALRM handled by the budget for the duration (the previous handler restored after);
    yields whether budgets can be enforced here."""
    if not timer_available():
        yield False
        return
    previous = signal.signal(signal.SIGALRM, _Alarm.ring)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class PaperClock:
    """The time one paper's stages may take: the paper's budget, then a short grace for
    each stage that starts after it is spent."""

    limits: Limits
    enforced: bool

    def start(self) -> None:
        if self.enforced:
            signal.setitimer(signal.ITIMER_REAL, self.limits.paper_seconds.value)
            _Alarm.rang = False  # (a previous paper's timer may have gone off in between)

    def run(self, stage: Callable[..., T], *args: Any) -> T:
        """`stage(*args)`, stopped with `BudgetExceeded` when the paper's time is up."""
        if not self.enforced:
            return stage(*args)
        _Alarm.armed = True
        try:
            if _Alarm.rang:  # spent by an earlier stage, or between stages
                _Alarm.rang = False
                signal.setitimer(signal.ITIMER_REAL, self.limits.stage_grace_seconds.value)
            return stage(*args)
        finally:
            _Alarm.armed = False
