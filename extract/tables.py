"""Parquet tables: explicit Arrow schemas and part-file writers.

Each table is a folder of Parquet part files (`<table>/part-VVVVVV-NNNNN.parquet`, version
then sequence, so names sort in the order rows were added); `extract.dataset` decides where
those folders live and how they are published.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel

from extract.schemas import ENTITY_TABLES, PaperRow, Reject

MODELS: dict[str, type[BaseModel]] = {"papers": PaperRow, **ENTITY_TABLES, "rejects": Reject}

_SCALARS: dict[Any, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    dt.date: pa.date32(),
}


def _arrow_type(annotation: Any) -> pa.DataType:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _arrow_type(args[0])
    if origin is list:  # e.g. a paper's categories
        return pa.list_(_arrow_type(typing.get_args(annotation)[0]))
    if origin is typing.Literal:
        return _arrow_type(type(typing.get_args(annotation)[0]))
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    raise TypeError(f"no Arrow type for {annotation!r}")


def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    """The Arrow schema of a record model: one explicit type per column, in field order."""
    hints = typing.get_type_hints(model)
    fields = []
    for name, info in model.model_fields.items():
        nullable = not info.is_required() or type(None) in typing.get_args(hints[name])
        fields.append(pa.field(name, _arrow_type(hints[name]), nullable=nullable))
    return pa.schema(fields)


SCHEMAS: dict[str, pa.Schema] = {table: arrow_schema(model) for table, model in MODELS.items()}


# Rows buffered per table before a row group is written: big enough for efficient reads,
# small enough that memory stays flat (a few MB per table).
ROW_GROUP_ROWS = 20_000
# A part file is closed and the next one started after this many rows, so one huge run
# does not make one huge file (a million result rows are ~30 MB compressed).
PART_ROWS = 1_000_000


def part_name(version: int, seq: int, partition: int | None = None) -> str:
    """A part file's name; a cluster run's partitions each write their own parts
    (`part-VVVVVV-PPPPP-NNNNN`), so that a partition computed again overwrites only its own."""
    if partition is None:
        return f"part-{version:06d}-{seq:05d}.parquet"
    return f"part-{version:06d}-{partition:05d}-{seq:05d}.parquet"


class PartWriter:
    """Writes one table's rows as part files in a folder, a whole row group at a time."""

    def __init__(
        self,
        folder: Path,
        schema: pa.Schema,
        version: int,
        row_group_rows: int = ROW_GROUP_ROWS,
        part_rows: int = PART_ROWS,
        partition: int | None = None,
    ) -> None:
        self.folder, self.schema, self.version = folder, schema, version
        self.partition = partition
        self.row_group_rows, self.part_rows = row_group_rows, part_rows
        self.pending: list[pa.Table] = []
        self.pending_rows = 0
        self.writer: pq.ParquetWriter | None = None
        self.in_part = 0  # rows in the open part file
        self.parts = 0

    def write(self, table: pa.Table) -> None:
        if table.num_rows:
            self.pending.append(table)
            self.pending_rows += table.num_rows
        while self.pending_rows >= self.row_group_rows:
            self._flush(self.row_group_rows)

    def _flush(self, rows: int) -> None:
        group = pa.concat_tables(self.pending).combine_chunks()
        head, rest = group.slice(0, rows), group.slice(rows)
        self.pending = [rest] if rest.num_rows else []
        self.pending_rows = rest.num_rows
        self._write_group(head)

    def _write_group(self, group: pa.Table) -> None:
        if self.writer is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / part_name(self.version, self.parts, self.partition)
            self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
            self.parts += 1
        self.writer.write_table(group, row_group_size=max(group.num_rows, 1))
        self.in_part += group.num_rows
        if self.in_part >= self.part_rows:
            self.writer.close()
            self.writer, self.in_part = None, 0

    def close(self, *, empty_part: bool = False) -> int:
        """Write what is buffered; with `empty_part`, a table without rows still gets one
        (empty) part so that readers find its schema. Returns the number of parts written."""
        if self.pending_rows:
            self._flush(self.pending_rows)
        if self.parts == 0 and empty_part:
            self._write_group(self.schema.empty_table())
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        return self.parts


def rows_to_arrow(table: str, rows: list[BaseModel]) -> pa.Table:
    schema = SCHEMAS[table]
    data = {c: [getattr(r, c) for r in rows] for c in schema.names}
    return pa.Table.from_pydict(data, schema=schema)


class TableWriter:
    """Appends rows of every table to part files under `folder/<table>/`."""

    def __init__(
        self,
        folder: Path,
        version: int,
        row_group_rows: int = ROW_GROUP_ROWS,
        partition: int | None = None,
    ) -> None:
        self.row_group_rows = row_group_rows
        self.buffers: dict[str, list[BaseModel]] = {t: [] for t in MODELS}
        self.counts: dict[str, int] = dict.fromkeys(MODELS, 0)
        self.parts = {
            t: PartWriter(folder / t, schema, version, row_group_rows, partition=partition)
            for t, schema in SCHEMAS.items()
        }

    def write(self, table: str, rows: list[BaseModel]) -> None:
        self.buffers[table].extend(rows)
        self.counts[table] += len(rows)
        if len(self.buffers[table]) >= self.row_group_rows:
            self._flush(table)

    def _flush(self, table: str) -> None:
        if self.buffers[table]:
            self.parts[table].write(rows_to_arrow(table, self.buffers[table]))
            self.buffers[table] = []

    def close(self, *, empty_parts: bool) -> None:
        """Flush every table; `empty_parts` gives a table without rows an empty part (a new
        dataset needs one per table; an append adds none)."""
        for table in MODELS:
            self._flush(table)
            self.parts[table].close(empty_part=empty_parts)
