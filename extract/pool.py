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
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
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

    def _start(self) -> ProcessPoolExecutor:
        ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
        return ProcessPoolExecutor(
            self.jobs, ctx, initializer=_init, initargs=(self.initializer, self.initargs)
        )

    def __enter__(self) -> WorkerPool[In, Out]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Kill every worker and wait for them: nothing outlives the run."""
        # The executor has no public way to stop busy workers (Python 3.14 adds
        # kill_workers()); its process table is the documented-in-source way in.
        processes = list(getattr(self.executor, "_processes", {}).values())
        for proc in processes:
            if proc.is_alive():
                proc.kill()
        self.executor.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            proc.join(timeout=5)

    def map(self, items: Iterable[In], describe: Callable[[In], str]) -> Iterator[Out]:
        """Results in submission order, at most 2 x jobs batches in flight."""
        window: deque[_Pending[In, Out]] = deque()
        for item in items:
            window.append(_Pending(item, self.executor.submit(self.work, item)))
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

    def _restart(self, window: deque[_Pending[In, Out]], describe: Callable[[In], str]) -> None:
        """A worker died: start a new pool and resubmit every batch that did not finish."""
        processes = getattr(self.executor, "_processes", {}).values()
        codes = [p.exitcode for p in processes if p.exitcode is not None and p.exitcode < 0]
        how = f"killed by signal {-codes[0]}" if codes else "exited unexpectedly"
        self.warn(f"warning: a worker process {how}; its batches are retried on a new worker")
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
            pending.future = self.executor.submit(self.work, pending.item)
