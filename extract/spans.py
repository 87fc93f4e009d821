"""Sorted character spans: which earlier names overlap or hold a new one, in log time (the
benchmark and method stages test every candidate against every name found)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable


class Spans:
    """Character spans of one field, kept sorted so that an overlap or containment test
    looks only at spans that start near the query: a scan of every span per candidate made
    an abstract with many names quadratic."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._spans: list[tuple[int, int]] = []
        self._longest = 0
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))
        self._longest = max(self._longest, end - start)

    def _near(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that can overlap [start, end]: those starting from `start` minus the
        longest span up to `end`."""
        lo = bisect_left(self._spans, (start - self._longest,))
        hi = bisect_right(self._spans, (end, end + self._longest))
        return self._spans[lo:hi]

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self._near(start, end))

    def covers(self, at: int) -> bool:
        return any(s <= at < e for s, e in self._near(at, at))

    def holds(self, start: int, end: int, strictly: bool) -> bool:
        """Whether a span holds [start, end] and is longer, or, unless `strictly`, is the
        same span."""
        return any(
            s <= start and end <= e and (not strictly or e - s > end - start)
            for s, e in self._near(start, end)
        )
