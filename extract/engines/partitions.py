"""Inputs cut into partitions that workers read on their own, with the same readers.

A partition is a whole file (any format; gzip cannot be split), a run of a Parquet file's
row groups, or a range of lines of a plain UTF-8 JSON Lines file, cut at line boundaries.
Read one after another in plan order, the partitions give exactly the items `read_inputs`
gives, record numbers included: a line range is told the number of its first line (counted
by a first pass), and ranges after the first continue a file whose shape (records with an
abstract field) the first range has shown; a file whose first range shows none is read
whole, so the reader's shape probe decides as it does locally.
"""

from __future__ import annotations

import itertools
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from extract.readers import (
    ReaderOptions,
    input_files,
    json_lines_file,
    read_file,
    read_json_lines_range,
    read_parquet,
)
from extract.readers.common import Item, reject
from extract.readers.sources import no_text_column
from extract.schemas import Paper

Kind = Literal["file", "lines", "row_groups"]


@dataclass(frozen=True)
class Partition:
    path: Path
    kind: Kind = "file"
    start: int = 0  # lines: first byte; row_groups: first group
    end: int = 0  # lines: byte after the last; row_groups: group after the last
    size: int = 0  # input bytes it covers (for progress)

    @property
    def source(self) -> str:
        return str(self.path)

    def describe(self) -> str:
        if self.kind == "lines":
            return f"{self.path} bytes {self.start:,}-{self.end:,}"
        if self.kind == "row_groups":
            return f"{self.path} row groups {self.start}-{self.end - 1}"
        return str(self.path)


def plan(inputs: tuple[Path, ...], options: ReaderOptions, target: int) -> list[Partition]:
    """The partitions of every input, in the order `read_inputs` reads them."""
    parts: list[Partition] = []
    for path in inputs:
        files = input_files(path)
        if not files:  # an empty directory: the reader names it
            parts.append(Partition(path))
        for file in files:
            parts.extend(_split(file, options, target))
    return parts


def _split(path: Path, options: ReaderOptions, target: int) -> list[Partition]:
    try:
        st = path.stat()
    except OSError:
        return [Partition(path)]  # the reader says why it cannot be read
    if not stat.S_ISREG(st.st_mode) or st.st_size <= target:
        return [Partition(path, size=st.st_size if stat.S_ISREG(st.st_mode) else 0)]
    is_parquet = options.format == "parquet" or (
        options.format is None and path.name.lower().endswith(".parquet")
    )
    if is_parquet:
        return _row_group_runs(path, options, target, st.st_size)
    if json_lines_file(path, options):
        return _line_ranges(path, options, target, st.st_size)
    return [Partition(path, size=st.st_size)]


def _row_group_runs(path: Path, options: ReaderOptions, target: int, size: int) -> list[Partition]:
    """Consecutive row groups of about `target` compressed bytes each."""
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
        columns = meta.schema.to_arrow_schema().names
    except Exception:  # pyarrow's errors for a bad file: the reader says what is wrong
        return [Partition(path, size=size)]
    if meta.num_row_groups < 2 or no_text_column(str(path), columns, options) is not None:
        return [Partition(path, size=size)]
    runs: list[Partition] = []
    first, nbytes = 0, 0
    for i in range(meta.num_row_groups):
        group = meta.row_group(i)
        nbytes += sum(group.column(c).total_compressed_size for c in range(group.num_columns))
        if nbytes >= target or i == meta.num_row_groups - 1:
            runs.append(Partition(path, "row_groups", first, i + 1, nbytes))
            first, nbytes = i + 1, 0
    return runs


def _line_ranges(path: Path, options: ReaderOptions, target: int, size: int) -> list[Partition]:
    """Ranges of about `target` bytes, each ending just after a line break."""
    bounds = [0]
    with path.open("rb") as stream:
        while bounds[-1] + target < size:
            stream.seek(bounds[-1] + target)
            stream.readline()  # on to the start of the next line
            if stream.tell() >= size:
                break
            bounds.append(stream.tell())
    bounds.append(size)
    ranges = [Partition(path, "lines", a, b, b - a) for a, b in itertools.pairwise(bounds)]
    if len(ranges) > 1 and not _shape_shown(ranges[0], options):
        return [Partition(path, size=size)]
    return ranges


def _shape_shown(first: Partition, options: ReaderOptions) -> bool:
    """Whether the first range holds a record with an abstract (read until the first)."""
    items = read_json_lines_range(
        first.path, first.source, options, (first.start, first.end), 1, shape_seen=False
    )
    return any(isinstance(item, Paper) for item in items)


def read_partition(part: Partition, options: ReaderOptions, first_line: int = 1) -> Iterator[Item]:
    """The items of one partition, as `read_inputs` yields them for that part of the input;
    `first_line`: the number of a line range's first line in its file."""
    if part.kind == "file":
        yield from read_file(part.path, options)
    elif part.kind == "row_groups":
        yield from read_parquet(part.path, part.source, options, range(part.start, part.end))
    else:
        span = (part.start, part.end)
        try:
            yield from read_json_lines_range(
                part.path, part.source, options, span, first_line, shape_seen=part.start > 0
            )
        except OSError as exc:  # the file vanished or a disk error mid-read
            yield reject(part.source, None, f"read failed: {exc.strerror or exc}")


def count_lines(part: Partition) -> int:
    """Lines in a line range, as the line reader numbers them (a last line without a line
    break counts); 0 for other partitions."""
    if part.kind != "lines":
        return 0
    count, left, last = 0, part.end - part.start, b""
    with part.path.open("rb") as stream:
        stream.seek(part.start)
        while left > 0 and (chunk := stream.read(min(left, 1 << 20))):
            count += chunk.count(b"\n")
            left -= len(chunk)
            last = chunk[-1:]
    return count + (1 if last not in (b"", b"\n") else 0)
