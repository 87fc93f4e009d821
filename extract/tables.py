"""Parquet tables: explicit Arrow schemas, batch-by-batch writers, manifest, atomic move.

Tables are written row group by row group into a staging folder beside the target; only
when every table and the manifest are complete are they moved into place, so an interrupted
or failed run leaves the previous outputs as they were.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import types
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel

from extract.schemas import ENTITY_TABLES, PaperRow, Reject

STAGING_PREFIX = ".staging-"
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


class TableWriter:
    """Appends rows of every table to Parquet files in a folder, a row group at a time."""

    def __init__(self, folder: Path, row_group_rows: int = ROW_GROUP_ROWS) -> None:
        self.folder = folder
        self.row_group_rows = row_group_rows
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.buffers: dict[str, list[BaseModel]] = {t: [] for t in MODELS}
        self.counts: dict[str, int] = dict.fromkeys(MODELS, 0)
        for table, schema in SCHEMAS.items():
            self.writers[table] = pq.ParquetWriter(
                folder / f"{table}.parquet", schema, compression="zstd"
            )

    def write(self, table: str, rows: list[BaseModel]) -> None:
        self.buffers[table].extend(rows)
        self.counts[table] += len(rows)
        if len(self.buffers[table]) >= self.row_group_rows:
            self._flush(table)

    def _flush(self, table: str) -> None:
        rows = self.buffers[table]
        if not rows:
            return
        columns = list(SCHEMAS[table].names)
        data = {c: [getattr(r, c) for r in rows] for c in columns}
        self.writers[table].write_table(pa.Table.from_pydict(data, schema=SCHEMAS[table]))
        self.buffers[table] = []

    def close(self) -> None:
        for table, writer in self.writers.items():
            self._flush(table)
            writer.close()


def clear_stale_staging(target: Path) -> None:
    """Remove staging folders a killed run could not clean up."""
    if target.is_dir():
        for child in target.iterdir():
            if child.name.startswith(STAGING_PREFIX) and child.is_dir():
                shutil.rmtree(child, ignore_errors=True)


@contextmanager
def staged_output(target: Path) -> Iterator[Path]:
    """A staging folder inside `target`; its files replace the target's on success only."""
    target.mkdir(parents=True, exist_ok=True)
    clear_stale_staging(target)
    staging = target / f"{STAGING_PREFIX}{os.getpid()}"
    staging.mkdir()
    try:
        yield staging
        for path in sorted(staging.iterdir()):
            os.replace(path, target / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    (folder / "manifest.json").write_text(
        json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8"
    )
