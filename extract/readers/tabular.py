"""Tables: CSV (any of `,` `;` tab `|` separators, UTF-8 or UTF-16 with a BOM) and Parquet.

CSV rows are parsed one at a time and checked against the header: a row with too many or
too few fields (a stray separator, an unclosed quote) is rejected by the line it starts
on, and when it swallowed the lines after it those lines are parsed again on their own, so
an unclosed quote costs one record, not its neighbours.
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from extract.readers.common import GZIP_ERRORS, Item, ReaderOptions, lines, reject
from extract.readers.sources import (
    ID_COLUMNS,
    KNOWN_KEYS,
    TITLE_COLUMNS,
    Row,
    no_text_column,
    papers_from_rows,
    pick,
    text_column,
)
from extract.schemas import Reject

SEPARATORS = (",", ";", "\t", "|")
Line = tuple[int, str]


def sniff_separator(header: str, options: ReaderOptions, prefer_tab: bool) -> str:
    """The separator that splits the header into named columns holding an abstract column,
    else the one giving the most columns (a tab first for .tsv). The header is sniffed,
    not the rows: abstracts are full of commas and semicolons."""

    def score(sep: str) -> tuple[bool, int, bool]:
        names = header_names(header, sep)
        has_text = text_column([n.strip() for n in names], options) is not None
        return has_text, len(names), prefer_tab == (sep == "\t")

    return max(SEPARATORS, key=score)


def header_names(line: str, sep: str) -> list[str]:
    """The column names of a header line; none when it does not parse as CSV."""
    try:
        return [h.strip() for h in next(csv.reader([line.rstrip("\r\n")], delimiter=sep), [])]
    except csv.Error:
        return []


class _Feed:
    """Lines for `csv.reader`, remembering those of the row being parsed; lines put back
    are read again first. Decoding notes wait in `notes` until the row is done."""

    def __init__(self, items: Iterator[Line | Reject]) -> None:
        self.items = items
        self.again: deque[Line] = deque()
        self.current: list[Line] = []
        self.notes: list[Reject] = []
        # lines up to this one have been put back once; a line gets one more chance only,
        # so a file of unclosed quotes is read at most twice
        self.put_back_upto = 0

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        if self.again:
            line = self.again.popleft()
        else:
            while isinstance(item := next(self.items), Reject):
                self.notes.append(item)
            line = item
        self.current.append(line)
        return line[1]


def _rows(feed: _Feed, header: list[str], sep: str, source: str) -> Iterator[Row]:
    reader = csv.reader(feed, delimiter=sep)
    while True:
        feed.current = []
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            row, problem = [], f"malformed CSV: {exc}"
        else:
            if not row:  # a blank line
                continue
            problem = f"row has {len(row)} fields, the header {len(header)}"
            if len(row) == len(header):
                problem = ""
        start = feed.current[0][0] if feed.current else 0
        yield from ((start, n) for n in feed.notes)
        feed.notes.clear()
        if not problem:
            yield start, dict(zip(header, row, strict=True))
            continue
        text = feed.current[0][1] if feed.current else ""
        yield (
            start,
            reject(source, start, f"{problem} (a stray separator or unclosed quote?)", text),
        )
        swallowed = [ln for ln in feed.current[1:] if ln[0] > feed.put_back_upto]
        if swallowed:
            # an unclosed quote swallowed the lines after it: read them again as rows
            feed.again.extendleft(reversed(swallowed))
            feed.put_back_upto = swallowed[-1][0]
            reader = csv.reader(feed, delimiter=sep)
    yield from ((0, n) for n in feed.notes)


def read_csv(path: Path, source: str, options: ReaderOptions) -> Iterator[Item]:
    """CSV or TSV with a header row, streamed."""
    # a field may hold a whole record; beyond that the row is rejected, not the file
    csv.field_size_limit(options.max_record_bytes)
    items = lines(path, source, options, keep_ends=True)
    feed = _Feed(items)
    try:
        first = next(feed)
    except StopIteration:
        yield from feed.notes
        yield reject(source, None, "empty CSV: no header row")
        return
    sep = sniff_separator(first, options, source.lower().removesuffix(".gz").endswith(".tsv"))
    header = header_names(first, sep)
    yield from feed.notes
    feed.notes.clear()
    if not header:
        yield reject(source, None, "unreadable CSV header", first)
        return
    if (missing := no_text_column(source, header, options)) is not None:
        yield missing
        return
    try:
        yield from papers_from_rows(_rows(feed, header, sep, source), source, options)
    except GZIP_ERRORS as exc:
        yield reject(source, None, f"corrupt or truncated gzip: {exc}")


def _parquet_columns(names: list[str], options: ReaderOptions) -> list[str]:
    """Only the columns a record shape reads: others may be of types not worth decoding."""
    wanted = set(KNOWN_KEYS) | {c for c in (options.text_column,) if c}
    asked = ((options.id_column, ID_COLUMNS), (options.title_column, TITLE_COLUMNS))
    for column, candidates in asked:
        if (col := pick(names, column, candidates)) is not None:
            wanted.add(col)
    return [n for n in names if n in wanted or n.lower() in wanted]


def read_parquet(
    path: Path, source: str, options: ReaderOptions, row_groups: range | None = None
) -> Iterator[Item]:
    """Parquet, a row group at a time so memory stays flat; text may be string,
    large_string or binary holding UTF-8. `row_groups`: only those (rows still numbered
    as in the whole file)."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        names = list(pf.schema_arrow.names)
    except Exception as exc:  # pyarrow raises several unrelated types for bad files
        yield reject(source, None, f"unreadable Parquet file: {exc}")
        return
    if (missing := no_text_column(source, names, options)) is not None:
        yield missing
        return

    groups = list(row_groups if row_groups is not None else range(pf.num_row_groups))
    columns = _parquet_columns(names, options)

    def rows() -> Iterator[Row]:
        n = sum(pf.metadata.row_group(i).num_rows for i in range(groups[0])) if groups else 0
        try:
            for batch in pf.iter_batches(batch_size=4096, row_groups=groups, columns=columns):
                for row in batch.to_pylist():
                    n += 1
                    yield n, row
        except Exception as exc:  # a corrupt page: keep the rows read before it
            yield n + 1, reject(source, n + 1, f"corrupt Parquet data after row {n}: {exc}")

    yield from papers_from_rows(rows(), source, options)
