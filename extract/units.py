"""The unit registry compiled for reading: which physical unit, if any, is written right
after (or, for currencies, right before) a number."""

from __future__ import annotations

import regex

from extract.rules import UnitEntry


class UnitIndex:
    """Looks up the unit at a number's edge: "7.8 ms", "30 FPS", "1.2 GB", "$0.02"."""

    def __init__(self, units: list[UnitEntry]) -> None:
        self.by_surface: dict[str, UnitEntry] = {}
        suffixes: list[str] = []
        prefixes: list[str] = []
        for entry in units:
            for surface in entry.surfaces:
                self.by_surface[surface] = entry
                (prefixes if entry.prefix else suffixes).append(surface)
        # Longest first, so "GPU hours" wins over "h"; a unit ends where a word would.
        alt = "|".join(regex.escape(s) for s in sorted(suffixes, key=len, reverse=True))
        self._after = regex.compile(rf"\s?(?P<u>{alt})(?![\p{{L}}\p{{N}}_]|/\p{{L}})")
        alt = "|".join(regex.escape(s) for s in sorted(prefixes, key=len, reverse=True))
        self._before = regex.compile(rf"(?r)(?P<u>{alt})\s?\Z") if prefixes else None

    def after(self, text: str, pos: int) -> tuple[UnitEntry, int] | None:
        """The unit written at `pos` (right after a number) and where it ends."""
        m = self._after.match(text, pos)
        return (self.by_surface[m.group("u")], m.end()) if m else None

    def before(self, text: str, pos: int) -> UnitEntry | None:
        """A currency written right before the number that starts at `pos`."""
        if self._before is None:
            return None
        m = self._before.search(text, 0, pos)
        return self.by_surface[m.group("u")] if m else None
