"""The progress line: share of the input bytes read, and time left from the recent rate.

Sizes come from `stat` only (opening an input to count it could block on a FIFO or read a
huge file twice). Within the file being read, the position is the kernel's offset of its
open descriptor (`/proc/self/fdinfo`, Linux; a gzip file's offset is in compressed bytes,
which is what its size counts); elsewhere a file counts when it is finished.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Iterable
from pathlib import Path

# The rate behind "time left" is measured over this many recent seconds, so a slow
# start-up (building the rules) or a change of input does not skew it for long.
RATE_WINDOW_S = 30.0
REFRESH_S = 0.5


def input_files(paths: Iterable[Path]) -> dict[str, int]:
    """Every regular input file (directories walked) with its size in bytes."""
    sizes: dict[str, int] = {}
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            try:
                st = file.stat()
            except OSError:
                continue
            if file.is_file():
                sizes[str(file)] = st.st_size
    return sizes


def open_offset(path: str) -> int:
    """How far this process has read into `path` (0 when it cannot be told)."""
    try:
        target = os.path.realpath(path)
        for fd in os.listdir("/proc/self/fd"):
            try:
                if os.readlink(f"/proc/self/fd/{fd}") != target:
                    continue
                with open(f"/proc/self/fdinfo/{fd}", encoding="ascii") as info:
                    return int(info.readline().split()[1])  # "pos:\t<offset>"
            except (OSError, ValueError, IndexError):
                continue
    except OSError:
        pass
    return 0


class Progress:
    """Writes `\\r`-refreshed progress lines to stderr (only when enabled)."""

    def __init__(self, enabled: bool, inputs: Iterable[Path]) -> None:
        self.enabled = enabled
        self.sizes = input_files(inputs) if enabled else {}
        self.total = sum(self.sizes.values())
        self.finished: set[str] = set()
        self.source: str | None = None
        self.offset = 0  # furthest position seen in `source`
        self.samples: deque[tuple[float, int]] = deque()
        self.last = 0.0

    def reading(self, source: str) -> None:
        """The reader moved on to `source`: the one before is done."""
        if source != self.source:
            self.finished_reading()
            self.source, self.offset = source, 0

    def finished_reading(self) -> None:
        if self.source is not None:
            self.finished.add(self.source)

    def bytes_read(self) -> int:
        done = sum(self.sizes.get(s, 0) for s in self.finished)
        if self.source in self.sizes and self.source not in self.finished:
            # the offset only grows while a file is read; once closed it reads as 0
            self.offset = max(self.offset, min(open_offset(self.source), self.sizes[self.source]))
            done += self.offset
        return done

    def update(self, papers: int) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < REFRESH_S:
            return
        self.last = now
        done = self.bytes_read()
        self.record(now, done)
        sys.stderr.write(f"\r{self.line(papers, done)}   ")
        sys.stderr.flush()

    def record(self, now: float, done: int) -> None:
        """Keep the samples of the last RATE_WINDOW_S seconds (at least two)."""
        self.samples.append((now, done))
        while len(self.samples) > 2 and now - self.samples[0][0] > RATE_WINDOW_S:
            self.samples.popleft()

    def line(self, papers: int, done: int) -> str:
        text = f"{papers:,} papers"
        if not self.samples:
            return text
        if self.total:
            text += f", {done / self.total:.0%} of {self.total / 2**20:,.1f} MiB read"
        (t0, b0), (t1, b1) = self.samples[0], self.samples[-1]
        if self.total and t1 > t0 and b1 > b0:
            left = (self.total - done) / ((b1 - b0) / (t1 - t0))
            text += f", ~{left:,.0f} s left"
        return text

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
