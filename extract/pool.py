"""Worker processes for `--jobs N`: results in submission order, a dead worker's batches
retried on a fresh pool, and every worker stopped at once when the run ends or is stopped.

`concurrent.futures.ProcessPoolExecutor` rather than `multiprocessing.Pool`: when a worker
dies (SIGKILL, the out-of-memory killer) the executor raises `BrokenProcessPool` on every
pending batch instead of waiting for it forever.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing as mp
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")

# A batch whose worker died this many times is not tried again: it is likely what kills
# them (e.g. memory), and the run fails with that said.
MAX_ATTEMPTS = 3
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class WorkerLost(RuntimeError):
    """Worker processes kept dying on the same batch; the message says so."""


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker when its parent dies, however the parent dies: a
    killed run leaves no orphan processes. Elsewhere a no-op."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _init(initializer: Callable[..., None], args: tuple[Any, ...]) -> None:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: just stop
    initializer(*args)


@dataclass
class _Pending(Generic[In, Out]):
    item: In
    future: Future[Out]
    attempts: int = 1


class WorkerPool(Generic[In, Out]):
    """`map` over a bounded window of submitted batches; a context manager that kills the
    workers on the way out (a normal end has none left busy)."""

    def __init__(
        self,
        jobs: int,
        work: Callable[[In], Out],
        initializer: Callable[..., None],
        initargs: tuple[Any, ...] = (),
        warn: Callable[[str], None] = lambda message: None,
    ) -> None:
        self.jobs, self.work, self.warn = jobs, work, warn
        self.initializer, self.initargs = initializer, initargs
        self.restarts = 0
        self.executor = self._start()
        self.processes: list[BaseProcess] = []

    def _start(self) -> ProcessPoolExecutor:
        ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
        return ProcessPoolExecutor(
            self.jobs, ctx, initializer=_init, initargs=(self.initializer, self.initargs)
        )

    def _submit(self, item: In) -> Future[Out]:
        future = self.executor.submit(self.work, item)
        # The executor has no public way to reach or stop busy workers (Python 3.14 adds
        # kill_workers()), and forgets a broken pool's: keep our own list of them.
        current = getattr(self.executor, "_processes", None) or {}
        self.processes += [p for p in current.values() if p not in self.processes]
        return future

    def __enter__(self) -> WorkerPool[In, Out]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Kill every worker and wait for them: nothing outlives the run."""
        for proc in self.processes:
            if proc.is_alive():
                proc.kill()
        self.executor.shutdown(wait=False, cancel_futures=True)
        for proc in self.processes:
            proc.join(timeout=5)
        self.processes = []

    def map(self, items: Iterable[In], describe: Callable[[In], str]) -> Iterator[Out]:
        """Results in submission order, at most 2 x jobs batches in flight."""
        window: deque[_Pending[In, Out]] = deque()
        for item in items:
            window.append(_Pending(item, self._submit(item)))
            if len(window) >= 2 * self.jobs:
                yield self._next(window, describe)
        while window:
            yield self._next(window, describe)

    def _next(self, window: deque[_Pending[In, Out]], describe: Callable[[In], str]) -> Out:
        while True:
            try:
                result = window[0].future.result()
            except BrokenProcessPool:
                self._restart(window, describe)
                continue
            window.popleft()
            return result

    def _how_it_died(self) -> str:
        """The lost worker's end, as its exit status tells (the pool is noticed broken a
        moment before the process is gone; the executor then SIGTERMs the others)."""
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline and all(p.exitcode is None for p in self.processes):
            time.sleep(0.01)
        codes = sorted((p.exitcode for p in self.processes if p.exitcode), key=lambda c: c == -15)
        if not codes:
            return "exited unexpectedly"
        return f"killed by signal {-codes[0]}" if codes[0] < 0 else f"exited with {codes[0]}"

    def _restart(self, window: deque[_Pending[In, Out]], describe: Callable[[In], str]) -> None:
        """A worker died: start a new pool and resubmit every batch that did not finish."""
        self.warn(
            f"warning: a worker process {self._how_it_died()}; its batches are retried on a "
            "new worker"
        )
        self.stop()
        self.executor = self._start()
        self.restarts += 1
        for pending in window:
            if pending.future.done() and pending.future.exception() is None:
                continue  # finished before the pool broke: its result stands
            if pending.attempts >= MAX_ATTEMPTS:
                raise WorkerLost(
                    f"a worker process died {pending.attempts} times while processing "
                    f"{describe(pending.item)} (killed by a signal, e.g. out of memory)"
                )
            pending.attempts += 1
            pending.future = self._submit(pending.item)
