"""Stop signals: SIGTERM (what `timeout`, schedulers and container stops send) and Ctrl-C
unwind the run as `KeyboardInterrupt`, so that workers are stopped and staging removed;
the final switch of a publish is never cut half-way (a signal then lets it finish)."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass
class _State:
    parent: int = 0
    deferred: bool = False


_STATE = _State()


def _stop(signum: int, frame: Any) -> None:
    # A worker forked before its own handlers were set just exits quietly.
    if os.getpid() != _STATE.parent:
        os._exit(128 + signum)
    if not _STATE.deferred:
        raise KeyboardInterrupt(f"signal {signum}")


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGINT raise `KeyboardInterrupt` in this process while inside."""
    _STATE.parent = os.getpid()
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def not_interrupted() -> Iterator[None]:
    """A short step that must complete once begun: a stop signal inside is ignored (the
    step is then done, so what it leaves is the finished state)."""
    outer = _STATE.deferred
    _STATE.deferred = True
    try:
        yield
    finally:
        _STATE.deferred = outer
