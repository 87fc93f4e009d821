"""Plain-text inputs: one `Abstract:` line per paper, and the text of a paper-listing page
(title, abstract, author count, date, up-votes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import regex

from extract.readers import common
from extract.readers.common import Item, ReaderOptions, RecordFields, make_paper, reject
from extract.schemas import Reject


def read_abstract_lines(path: Path, source: str, options: ReaderOptions) -> Iterator[Item]:
    """One abstract per line, each line starting `Abstract:` (seeds 000-002)."""
    for item in common.lines(path, source, options):
        if isinstance(item, Reject):
            yield item
            continue
        lineno, line = item
        if not line.strip():
            continue
        if not line.startswith("Abstract:"):
            yield reject(source, lineno, "line does not start with 'Abstract:'", line)
            continue
        rec = RecordFields(abstract=line[len("Abstract:") :].strip())
        yield from make_paper(source, lineno, rec, options)


# --- Paper-listing page text ---------------------------------------------------------

_AUTHORS = regex.compile(r"^\s*•\s*(\d+)\s+authors?\s*$")
_DATE = regex.compile(r"^([A-Z][a-z]{2}) (\d{1,2})(?:, (\d{4}))?(?:\s+(\d+))?\s*$")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}
# An abstract line is long prose; a title never is. The shortest seed abstract has 1,376
# characters and the longest title 132, so 300 separates them with a wide margin.
_MIN_ABSTRACT = 300


def _listing_meta(lines: list[str]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for line in lines:
        if m := _AUTHORS.match(line):
            meta["n_authors"] = int(m.group(1))
        elif m := _DATE.match(line.strip()):
            month, day, year, votes = m.groups()
            meta["published_text"] = f"{month} {day}" + (f", {year}" if year else "")
            if year and month in _MONTHS:
                try:
                    meta["published"] = dt.date(int(year), _MONTHS[month], int(day))
                    meta["published_precision"] = "day"
                except ValueError:
                    meta["published"] = None
            if votes:
                meta["upvotes"] = int(votes)
    return meta


def read_listing(path: Path, source: str, options: ReaderOptions) -> Iterator[Item]:
    """A paper-listing page: title, blank, abstract, then an optional meta block (seed 003).
    A page is small and its blocks need look-ahead, so it is read whole."""
    text_lines: list[str] = []
    for item in common.lines(path, source, options):
        if isinstance(item, Reject):
            yield item
        else:
            text_lines.append(item[1])
    text = "\n".join(text_lines)
    lines = text.splitlines()
    rows = [(i, ln) for i, ln in enumerate(lines, start=1) if ln.strip()]
    abstract_at = [k for k, (_, ln) in enumerate(rows) if len(ln.strip()) >= _MIN_ABSTRACT]
    if not abstract_at:
        yield reject(source, None, "no abstract found in listing text", text[:200])
        return
    for n, k in enumerate(abstract_at):
        lineno, abstract = rows[k]
        title = rows[k - 1][1] if k > 0 and (k - 1) not in abstract_at else None
        block_end = abstract_at[n + 1] - 1 if n + 1 < len(abstract_at) else len(rows)
        meta = _listing_meta([ln for _, ln in rows[k + 1 : block_end]])
        rec = RecordFields(abstract=abstract.strip(), title=title, meta=meta)
        yield from make_paper(source, lineno, rec, options)
