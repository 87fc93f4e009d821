"""Tables: the spec's columns with explicit Arrow types; atomic writes."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extract.tables import SCHEMAS, PartWriter, part_name

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


def _rows(n: int, start: int = 0) -> pa.Table:
    return pa.table({"n": list(range(start, start + n))})


def test_part_writer_writes_whole_row_groups_and_rolls_parts(tmp_path: Path) -> None:
    schema = pa.schema([pa.field("n", pa.int64())])
    writer = PartWriter(tmp_path / "t", schema, version=3, row_group_rows=4, part_rows=8)
    for k in range(5):
        writer.write(_rows(5, 5 * k))  # 25 rows in uneven chunks
    assert writer.close() == 4
    parts = sorted((tmp_path / "t").iterdir())
    assert [p.name for p in parts] == [part_name(3, i) for i in range(4)]
    groups = [
        [
            pq.ParquetFile(p).metadata.row_group(g).num_rows
            for g in range(pq.ParquetFile(p).metadata.num_row_groups)
        ]
        for p in parts
    ]
    assert groups == [[4, 4], [4, 4], [4, 4], [1]]
    assert pq.read_table(tmp_path / "t").column("n").to_pylist() == list(range(25))


def test_a_table_without_rows_gets_one_empty_part_only_when_asked(tmp_path: Path) -> None:
    schema = SCHEMAS["links"]
    assert PartWriter(tmp_path / "a", schema, version=1).close() == 0
    assert not (tmp_path / "a").exists()
    assert PartWriter(tmp_path / "b", schema, version=1).close(empty_part=True) == 1
    table = pq.read_table(tmp_path / "b")
    assert table.num_rows == 0 and table.schema.names == schema.names
