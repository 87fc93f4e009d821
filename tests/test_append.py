"""Tables as datasets: appending slices gives the rows of one run, appending again adds
nothing, other rules are refused, compaction keeps every row; any Parquet reader opens a
table folder as one table."""

from __future__ import annotations

import gzip
import itertools
import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import ROOT, run_cli
from conftest import dataset_hashes as folder_hashes

from extract.cli import main

CORPUS = ROOT.parent / "shared" / "corpus" / "arxiv_cs_2025.jsonl.gz"
TABLES = ("papers", "methods", "benchmarks", "results", "improvements", "links", "rejects")
N_ABSTRACTS = 2_000
OVERLAP = 25  # lines of the first slice repeated in the third: papers already in the tables


def table_rows(out: Path, table: str) -> set[tuple[object, ...]]:
    """A table's rows as a set; the input file name and line (`source`, `record`) are left
    out, since slices and the whole are different files."""
    frame = pd.read_parquet(out / table).drop(columns=["source", "record"], errors="ignore")
    return set(frame.astype(str).itertuples(index=False, name=None))


@pytest.fixture(scope="module")
def slices(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """The first abstracts of the corpus (plus a broken line), whole and in three slices."""
    if not CORPUS.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    folder = tmp_path_factory.mktemp("slices")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        lines = list(itertools.islice(f, N_ABSTRACTS))
    lines.insert(N_ABSTRACTS // 2, "{broken\n")
    whole = folder / "whole.jsonl"
    whole.write_text("".join(lines), encoding="utf-8")
    third = len(lines) // 3
    parts = [lines[:third], lines[third : 2 * third], lines[2 * third :] + lines[:OVERLAP]]
    paths = []
    for i, part in enumerate(parts):
        paths.append(folder / f"slice{i}.jsonl")
        paths[-1].write_text("".join(part), encoding="utf-8")
    return whole, paths


@pytest.fixture(scope="module")
def one_run(slices: tuple[Path, list[Path]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("one") / "out"
    assert main(["run", str(slices[0]), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    return out


@pytest.fixture(scope="module")
def appended(slices: tuple[Path, list[Path]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("appended") / "out"
    for i, part in enumerate(slices[1]):
        jobs = "2" if i == 1 else "1"  # any job count gives the same rows
        args = ["run", str(part), "--out", str(out), "--jobs", jobs, "--quiet", "--append"]
        assert main(args) == 0
    return out


def test_three_appended_slices_give_the_rows_of_one_run(one_run: Path, appended: Path) -> None:
    for table in TABLES:
        assert table_rows(appended, table) == table_rows(one_run, table), table
    papers = pd.read_parquet(appended / "papers")
    assert papers["paper_id"].is_unique and len(papers) == len(pd.read_parquet(one_run / "papers"))
    assert len(list((appended / "papers").glob("part-*.parquet"))) == 3
    runs = json.loads((appended / "manifest.json").read_text())["runs"]
    assert [r["kind"] for r in runs] == ["run", "append", "append"]
    assert runs[2]["already_present"] == OVERLAP
    manifest = json.loads((appended / "manifest.json").read_text())
    assert manifest["rows"]["papers"] == len(papers) == sum(r["papers"] for r in runs)


def test_appending_the_same_slice_again_adds_nothing(
    slices: tuple[Path, list[Path]], appended: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(appended, out, symlinks=True)
    before = folder_hashes(out)
    proc = run_cli("run", str(slices[1][1]), "--out", str(out), "--append", "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    assert "read 0 papers" in proc.stdout and "nothing new to add" in proc.stdout
    assert folder_hashes(out) == before


def test_compact_keeps_every_row_in_order_in_fewer_parts(
    slices: tuple[Path, list[Path]], appended: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(appended, out, symlinks=True)
    before = {t: pd.read_parquet(out / t) for t in TABLES}
    proc = run_cli("compact", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "papers 3->1" in proc.stdout
    for table in TABLES:
        assert len(list((out / table).glob("part-*.parquet"))) == 1, table
        pd.testing.assert_frame_equal(pd.read_parquet(out / table), before[table])
    runs = json.loads((out / "manifest.json").read_text())["runs"]
    assert runs[-1]["kind"] == "compact" and runs[-1]["parts"]["papers"] == {
        "before": 3,
        "after": 1,
    }
    # an append after compaction still knows every paper
    again = run_cli("run", str(slices[1][0]), "--out", str(out), "--append", "--jobs", "1")
    assert "nothing new to add" in again.stdout


def test_pandas_pyarrow_and_duckdb_open_a_table_folder_as_one_table(appended: Path) -> None:
    n = len(pd.read_parquet(appended / "results"))
    assert n > 0 and pq.read_table(appended / "results").num_rows == n
    glob = str(appended / "results" / "*.parquet")
    assert duckdb.sql(f"SELECT count(*) FROM '{glob}'").fetchall() == [(n,)]


def test_appending_with_other_rules_is_refused(appended: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    with (rules / "not_methods.txt").open("a", encoding="utf-8") as f:
        f.write("zqxj pseudo term\n")
    out = tmp_path / "out"
    shutil.copytree(appended, out, symlinks=True)
    before = folder_hashes(out)
    src = ROOT / "samples" / "001_a4225d5950b9190b.txt"
    proc = run_cli("run", str(src), "--out", str(out), "--append", "--rules", str(rules))
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"error: cannot append to {out}: its tables were made with")
    assert "run without --append to rebuild them" in proc.stderr
    assert folder_hashes(out) == before
    # the same rules append fine
    proc = run_cli("run", str(src), "--out", str(out), "--append", "--jobs", "1")
    assert proc.returncode == 0 and "read 10 papers" in proc.stdout


def test_appending_to_the_earlier_one_file_layout_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "papers.parquet").write_text("earlier layout")
    proc = run_cli("run", "--out", str(out), "--append")
    assert proc.returncode == 2
    assert proc.stderr == (
        f"error: cannot append to {out}: it holds tables in the earlier one-file layout; "
        "run without --append to rebuild it\n"
    )
    # a full run replaces the earlier layout's files by the table folders
    assert main(["run", "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    assert not (out / "papers.parquet").exists() and len(pd.read_parquet(out / "papers")) == 119


def test_append_to_a_new_folder_starts_a_dataset(tmp_path: Path) -> None:
    out = tmp_path / "new"
    assert main(["run", "--out", str(out), "--jobs", "1", "--quiet", "--append"]) == 0
    runs = json.loads((out / "manifest.json").read_text())["runs"]
    assert [r["kind"] for r in runs] == ["run"]
    for table in TABLES:  # every table has its schema, even one without rows
        assert list((out / table).glob("part-*.parquet")), table
