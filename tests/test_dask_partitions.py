"""The Dask engine's pieces that need no cluster: partitions read back as the whole input
is read (record numbers included), de-duplication across partitions, a failing record as
a reject row, size options, and the engine's absence when dask is not installed."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import ROOT

from extract.readers import ReaderOptions, read_file
from extract.readers.common import Item
from extract.runner import InputTally, RunSummary
from extract.schemas import Paper, Reject

pytest.importorskip("distributed")

from extract.engines import PARTITION_BYTES, parse_size
from extract.engines.dask_engine import (
    MIN_PARTITION,
    PARTITIONS_PER_WORKER,
    _dedupe,
    partition_target,
)
from extract.engines.partitions import count_lines, plan, read_partition
from extract.engines.tasks import PartitionIds, process_safely

OPTIONS = ReaderOptions()


def _abstract(i: int) -> str:
    return f"We propose Model{i}, a method for task {i}. It reaches {i % 90}% accuracy."


def _jsonl(path: Path, lines: list[str], bom: bool = False) -> Path:
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def _items_in_order(paths: tuple[Path, ...], target: int) -> list[Item]:
    """What the partitions give, read one after another with the line numbers the first
    pass counts."""
    items: list[Item] = []
    next_line: dict[Path, int] = {}
    for part in plan(paths, OPTIONS, target):
        first = next_line.get(part.path, 1)
        items.extend(read_partition(part, OPTIONS, first))
        next_line[part.path] = first + count_lines(part)
    return items


def _whole(paths: tuple[Path, ...]) -> list[Item]:
    return [item for path in paths for item in read_file(path, OPTIONS)]


def test_line_ranges_read_as_the_whole_file(tmp_path: Path) -> None:
    lines = [json.dumps({"id": str(i), "abstract": _abstract(i)}) for i in range(300)]
    lines[40] = "{broken"
    lines[41] = ""  # a blank line is numbered, never a record
    lines[120] = json.dumps({"id": "x", "abstract": "bad \udc80 byte"})[:-1] + "\xff" + "}"
    lines[200] = json.dumps({"title": "no abstract field"})
    path = _jsonl(tmp_path / "a.jsonl", lines, bom=True)
    (tmp_path / "b.jsonl").write_bytes(path.read_bytes() + b'{"abstract": "last, no newline"}')
    for name in ("a.jsonl", "b.jsonl"):
        parts = plan((tmp_path / name,), OPTIONS, 2_000)
        assert len(parts) > 5 and {p.kind for p in parts} == {"lines"}
        assert _items_in_order((tmp_path / name,), 2_000) == _whole((tmp_path / name,))


def test_a_file_without_abstracts_in_its_first_range_is_read_whole(tmp_path: Path) -> None:
    """The reader's shape probe (ten records without an abstract field end the file) is
    decided on the file's start, so such a file is not cut."""
    lines = [json.dumps({"title": f"t{i}", "text_body": "x" * 50}) for i in range(200)]
    path = _jsonl(tmp_path / "odd.jsonl", lines)
    assert [p.kind for p in plan((path,), OPTIONS, 2_000)] == ["file"]
    assert _items_in_order((path,), 2_000) == _whole((path,))


def test_parquet_row_groups_and_gzip(tmp_path: Path) -> None:
    table = pa.table(
        {"id": [str(i) for i in range(400)], "abstract": [_abstract(i) for i in range(400)]}
    )
    pq.write_table(table, tmp_path / "t.parquet", row_group_size=50)
    with gzip.open(tmp_path / "z.jsonl.gz", "wt", encoding="utf-8") as f:
        f.writelines(json.dumps({"abstract": _abstract(i)}) + "\n" for i in range(400))
    paths = (tmp_path / "t.parquet", tmp_path / "z.jsonl.gz", tmp_path / "missing.jsonl")
    parts = plan(paths, OPTIONS, 1_000)
    assert [p.kind for p in parts].count("row_groups") > 1
    assert [p.kind for p in parts if p.path.name != "t.parquet"] == ["file", "file"]
    assert _items_in_order(paths, 1_000) == _whole(paths)


def test_small_files_and_directories_are_whole_partitions(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "empty").mkdir()
    _jsonl(tmp_path / "d" / "1.jsonl", [json.dumps({"abstract": _abstract(1)})])
    _jsonl(tmp_path / "d" / "2.jsonl", [json.dumps({"abstract": _abstract(2)})])
    parts = plan((tmp_path / "d", tmp_path / "empty"), OPTIONS, 1 << 20)
    assert [(p.path.name, p.kind) for p in parts] == [
        ("1.jsonl", "file"),
        ("2.jsonl", "file"),
        ("empty", "file"),
    ]


def _ids(*values: int) -> PartitionIds:
    return PartitionIds(b"".join(v.to_bytes(8, "big") for v in values), 0, "")


def test_dedupe_keeps_first_occurrences_in_input_order() -> None:
    summary = RunSummary()
    big = 2**64 - 1  # ids use all 64 bits
    keep = _dedupe([_ids(5, 7, 5), _ids(big, 7, 9), _ids(9, big)], {9}, summary)
    assert keep.tolist() == [True, True, False, True, False, False, False, False]
    assert (summary.papers, summary.duplicates, summary.already_present) == (3, 3, 2)
    assert _dedupe([], set(), RunSummary()).dtype == np.bool_


def test_tallies_merged_as_if_noted_in_one_go() -> None:
    rejects = [
        Reject(source="s", record=3, reason="first record", excerpt=""),
        Reject(source="s", record=None, reason="whole input", excerpt=""),
        Reject(source="s", record=9, reason="later record", excerpt=""),
    ]
    one = InputTally()
    for r in rejects:
        one.note(r)
    for cut in range(4):
        merged, a, b = InputTally(), InputTally(), InputTally()
        for r in rejects[:cut]:
            a.note(r)
        for r in rejects[cut:]:
            b.note(r)
        merged.merge(a)
        merged.merge(b)
        assert merged == one, cut


def test_a_record_that_fails_is_a_reject_row(tools: object) -> None:
    def worker(papers: list[Paper]) -> object:
        if any("explode" in p.abstract for p in papers):
            raise RuntimeError("boom")
        from extract.core import process

        return process(papers, tools)  # type: ignore[arg-type]

    papers = [
        Paper(paper_id=f"{i:016x}", source="s", record=i, abstract=text)
        for i, text in enumerate([_abstract(1), "This will explode.", _abstract(2)], start=1)
    ]
    batch = process_safely(worker, papers)  # type: ignore[arg-type]
    assert [p.paper_id for p in batch.rows["papers"]] == [f"{1:016x}", f"{3:016x}"]
    [reject] = batch.rows["rejects"]
    assert (reject.record, reject.reason) == (2, "processing failed: RuntimeError: boom")


def test_default_partition_size_spreads_a_small_input_over_the_workers(tmp_path: Path) -> None:
    data = tmp_path / "big.jsonl"
    with data.open("wb") as stream:
        stream.truncate(1 << 30)  # sparse: only its size is read
    share = (1 << 30) // (8 * PARTITIONS_PER_WORKER)
    assert MIN_PARTITION < share < PARTITION_BYTES
    assert partition_target((data,), 8) == share  # PARTITIONS_PER_WORKER a worker
    assert partition_target((data,), 1) == PARTITION_BYTES  # never above the default
    assert partition_target((data,), 10_000) == MIN_PARTITION


def test_parse_size() -> None:
    assert parse_size("16MiB") == 16 << 20
    assert parse_size("64MB") == 64_000_000
    assert parse_size("4096") == 4096
    for bad in ("lots", "0", "-3MB"):
        with pytest.raises(ValueError):
            parse_size(bad)


_WITHOUT_DASK = """
import sys
sys.modules["distributed"] = None
sys.modules["dask"] = None
from extract.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _without_dask(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _WITHOUT_DASK, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_without_dask_local_runs_and_dask_says_what_to_install(tmp_path: Path) -> None:
    sample = sorted((ROOT / "samples").glob("*.txt"))[0]
    local = _without_dask("run", str(sample), "--out", str(tmp_path / "l"), "--quiet")
    assert local.returncode == 0, local.stderr
    cluster = _without_dask("run", str(sample), "--out", str(tmp_path / "d"), "--engine", "dask")
    assert cluster.returncode == 2
    assert cluster.stderr.strip().splitlines() == [
        "error: --engine dask needs dask.distributed: pip install 'abstract-extract[dask]'"
    ]
    assert not (tmp_path / "d").exists()


def test_engine_options_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from extract.cli import main

    out = ["--out", str(tmp_path / "o")]
    cases = {
        ("--local-workers", "2"): "need --engine dask",
        ("--engine", "dask", "--scheduler", "tcp://x:1", "--local-workers", "2"): "not both",
        ("--engine", "dask", "--jobs", "2"): "--jobs is for --engine local",
        ("--engine", "dask", "--partition-size", "huge"): "is not a size",
    }
    for args, message in cases.items():
        assert main(["run", *args, *out]) == 2, args
        assert message in capsys.readouterr().err, args
    assert not (tmp_path / "o").exists()
