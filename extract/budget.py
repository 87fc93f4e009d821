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
from time import monotonic
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
    """The process's SIGALRM timer, armed for one stage at a time."""

    armed = False

    @classmethod
    def ring(cls, signum: int, frame: FrameType | None) -> None:
        if cls.armed:  # a signal that lands after the stage finished is ignored
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
    """The time one paper's stages may still take: the paper's budget, and at least a
    short grace for each stage after it is spent."""

    limits: Limits
    enforced: bool
    started: float = 0.0

    def start(self) -> None:
        self.started = monotonic()

    def allowance(self) -> float:
        left = self.limits.paper_seconds.value - (monotonic() - self.started)
        return max(left, self.limits.stage_grace_seconds.value)

    def run(self, stage: Callable[..., T], *args: Any) -> T:
        """`stage(*args)`, stopped with `BudgetExceeded` when it outlasts its allowance."""
        if not self.enforced:
            return stage(*args)
        _Alarm.armed = True
        signal.setitimer(signal.ITIMER_REAL, self.allowance())
        try:
            return stage(*args)
        finally:
            _Alarm.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
