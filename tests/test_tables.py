"""Tables: the spec's columns with explicit Arrow types; atomic writes."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from extract.tables import SCHEMAS, staged_output

PROVENANCE = ["paper_id", "field", "start", "end", "rule_id", "evidence"]
SPEC_COLUMNS = {
    "papers": [
        "paper_id",
        "source_id",
        "source",
        "title",
        "abstract",
        "published",
        "n_authors",
        "upvotes",
        "code_status",
        "claims_sota",
    ],
    "methods": ["paper_id", "name", "long_form", "role", *PROVENANCE],
    "benchmarks": ["paper_id", "name", "mention", "split", "known", "task", *PROVENANCE],
    "results": [
        "paper_id",
        "value",
        "unit",
        "metric",
        "dataset",
        "split",
        "model",
        "qualifier",
        *PROVENANCE,
    ],
    "improvements": [
        "paper_id",
        "delta",
        "delta_max",
        "unit",
        "kind",
        "metric",
        "dataset",
        "split",
        "baseline",
        "from_value",
        "to_value",
        "qualifier",
        *PROVENANCE,
    ],
    "links": ["paper_id", "url", "kind", "status", "host", *PROVENANCE],
    "rejects": ["source", "record", "reason", "excerpt"],
}
TYPES = {
    "start": pa.int64(),
    "end": pa.int64(),
    "value": pa.float64(),
    "delta": pa.float64(),
    "known": pa.bool_(),
    "claims_sota": pa.bool_(),
    "published": pa.date32(),
    "n_authors": pa.int64(),
    "categories": pa.list_(pa.string()),
    "record": pa.int64(),
}


@pytest.mark.parametrize("table", sorted(SPEC_COLUMNS))
def test_spec_columns_and_types(table: str) -> None:
    schema = SCHEMAS[table]
    assert set(SPEC_COLUMNS[table]) <= set(schema.names)
    for field in schema:
        assert field.type != pa.null() and not pa.types.is_large_string(field.type)
        if field.name in TYPES:
            assert field.type == TYPES[field.name], field.name
        elif field.name not in ("value", "delta"):
            assert field.type in (pa.string(), pa.float64(), pa.int64(), pa.bool_(), pa.date32())


def test_staged_output_replaces_only_on_success(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "papers.parquet").write_text("old")
    (out / "README.md").write_text("kept")
    with pytest.raises(RuntimeError), staged_output(out) as staging:
        (staging / "papers.parquet").write_text("half")
        raise RuntimeError("disk full")
    assert (out / "papers.parquet").read_text() == "old"
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "papers.parquet"]
    with staged_output(out) as staging:
        (staging / "papers.parquet").write_text("new")
    assert (out / "papers.parquet").read_text() == "new" and (out / "README.md").exists()
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "papers.parquet"]
