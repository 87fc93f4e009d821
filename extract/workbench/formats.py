"""A query's rows printed as an aligned table, Markdown, CSV or JSON."""

from __future__ import annotations

import json

import pandas as pd
from tabulate import tabulate

# In a terminal table long text is cut to this many characters (the other formats keep it).
_CELL_CHARS = 70


def _one_line(value: object, limit: int | None = None) -> object:
    """A cell on one line (abstracts wrap their sentences), cut to `limit` characters."""
    if not isinstance(value, str):
        return value
    value = " ".join(value.split())
    if limit is not None and len(value) > limit:
        return value[: limit - 1] + "…"
    return value


def render(frame: pd.DataFrame, fmt: str) -> str:
    if fmt == "csv":
        return frame.to_csv(index=False).rstrip("\n")
    if fmt == "json":
        records = json.loads(frame.to_json(orient="records", date_format="iso"))
        return json.dumps(records, indent=2, ensure_ascii=False)
    clean = frame.astype(object).where(frame.notna(), None)
    limit = None if fmt == "markdown" else _CELL_CHARS
    rows = [[_one_line(v, limit) for v in row] for row in clean.values.tolist()]
    # ids such as 2508.05123 stay text (tabulate would print them as the number 2508.05)
    return tabulate(
        rows,
        headers=list(frame.columns),
        tablefmt="github" if fmt == "markdown" else "simple",
        missingval="" if fmt == "markdown" else "-",
        disable_numparse=True,
    )
