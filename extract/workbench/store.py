"""One DuckDB connection over a run's output folder, with a view per table.

A table is `OUT/<table>.parquet` or a folder of part files `OUT/<table>/*.parquet`. Columns
that newer runs add are filled in when an older output lacks them, so every query can name
the spec's columns: `results.value_norm` is the value as written (only when the column is
missing: a null value_norm in a newer output means the value could not be put on the
metric's scale, and it is left out), `model_role` null (not a baseline),
`methods.method_key` the name, `papers.published` the month an arXiv id encodes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from extract.rules import NameRegistries, Rules

TABLES = ("papers", "methods", "benchmarks", "results", "improvements", "links", "flags")

# A new-style arXiv id (YYMM.NNNNN) says the month the paper was first submitted.
_ARXIV_MONTH = (
    "CASE WHEN regexp_matches(coalesce({col}, ''), '^[0-9]{{4}}[.][0-9]{{4,5}}(v[0-9]+)?$') "
    "THEN make_date(2000 + CAST(substr({col}, 1, 2) AS INTEGER), "
    "CAST(substr({col}, 3, 2) AS INTEGER), 1) END"
)

# column -> SQL for it when an older output lacks it (evaluated over that table's columns);
# papers.published and published_precision: see _dates
DEFAULTS: dict[str, dict[str, str]] = {
    "papers": {
        "arxiv_id": "CAST(NULL AS VARCHAR)",
        "categories": "CAST(NULL AS VARCHAR[])",
        "primary_category": "CAST(NULL AS VARCHAR)",
        "doi": "CAST(NULL AS VARCHAR)",
        "comment": "CAST(NULL AS VARCHAR)",
    },
    "methods": {"method_key": "name"},
    "results": {
        "value_norm": "value",
        "higher_is_better": "CAST(NULL AS BOOLEAN)",
        "model_role": "CAST(NULL AS VARCHAR)",
        "quantity": "CAST(NULL AS VARCHAR)",
    },
    "improvements": {"higher_is_better": "CAST(NULL AS BOOLEAN)"},
}


class StoreError(ValueError):
    """The folder holds no readable tables; the message says what to run."""


def table_source(folder: Path, table: str) -> str | None:
    """The read_parquet argument for a table in either layout, or None when it is absent."""
    single = folder / f"{table}.parquet"
    if single.is_file():
        return str(single)
    parts = folder / table
    if parts.is_dir() and any(parts.glob("*.parquet")):
        return str(parts / "*.parquet")
    return None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:300]


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass
class Store:
    """The connection and which tables (and columns) the output folder has."""

    folder: Path
    con: duckdb.DuckDBPyConnection
    columns: dict[str, set[str]]  # table -> columns as written by the run

    def has(self, table: str, column: str | None = None) -> bool:
        cols = self.columns.get(table)
        return cols is not None and (column is None or column in cols)

    def frame(self, sql: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """A query's rows; `params` fill its $name placeholders."""
        try:
            return self.con.execute(sql, dict(params or {})).df()
        except duckdb.Error as exc:  # a damaged or foreign Parquet file, read lazily
            raise StoreError(
                f"cannot read the tables in {self.folder}/: {_first_line(exc)}"
            ) from exc


def _dates(cols: set[str]) -> tuple[list[str], list[str]]:
    """The papers columns replaced, and their replacements: `published` falls back to the
    month a new-style arXiv id encodes (older outputs have no date for arXiv input), with
    `published_precision` saying "month" then."""
    month = _ARXIV_MONTH.format(col="arxiv_id" if "arxiv_id" in cols else "source_id")
    given = "published" if "published" in cols else "CAST(NULL AS DATE)"
    stated = "published_precision" if "published_precision" in cols else "'day'"
    replaced: list[str] = [c for c in ("published", "published_precision") if c in cols]
    return replaced, [
        f"coalesce({given}, {month}) AS published",
        f"CASE WHEN {given} IS NOT NULL THEN {stated} "
        f"WHEN {month} IS NOT NULL THEN 'month' END AS published_precision",
    ]


def _create_view(con: duckdb.DuckDBPyConnection, table: str, source: str) -> set[str]:
    raw = f"read_parquet({_sql_string(source)}, union_by_name = true)"
    cols = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {raw}").fetchall()}
    extra = [f"{sql} AS {col}" for col, sql in DEFAULTS.get(table, {}).items() if col not in cols]
    replaced: list[str] = []
    if table == "papers":
        replaced, dates = _dates(cols)
        extra += dates
    select = f"* EXCLUDE ({', '.join(replaced)})" if replaced else "*"
    con.execute(f"CREATE VIEW {table} AS SELECT {', '.join([select, *extra])} FROM {raw}")
    return cols


def _register_registries(con: duckdb.DuckDBPyConnection, rules: NameRegistries | Rules) -> None:
    """The metric registry's direction and unit, for outputs without higher_is_better."""
    metrics = pd.DataFrame(
        [(m.name, m.higher_is_better, m.unit, m.kind) for m in rules.metrics],
        columns=["name", "higher_is_better", "unit", "kind"],
    )
    con.register("metric_registry", metrics)


def open_store(folder: Path, rules: NameRegistries | Rules) -> Store:
    """Views over every table the folder holds; `papers` and `results` must be there."""
    con = duckdb.connect()
    columns: dict[str, set[str]] = {}
    for table in TABLES:
        source = table_source(folder, table)
        if source is None:
            continue
        try:
            columns[table] = _create_view(con, table, source)
        except duckdb.Error as exc:
            raise StoreError(f"cannot read {table} in {folder}/: {_first_line(exc)}") from exc
    missing = [t for t in ("papers", "results") if t not in columns]
    if missing:
        raise StoreError(
            f"no {' or '.join(missing)} table in {folder}/; run `python -m extract run` first"
        )
    _register_registries(con, rules)
    return Store(folder=folder, con=con, columns=columns)
