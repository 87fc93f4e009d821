"""End to end through the command line, on the built-in sample and small fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, run_cli

from extract.cli import build_parser, main
from extract.core import TABLES


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("sample") / "outputs"
    proc = run_cli("run", "--out", str(out), "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    return out, proc.stdout


def test_run_on_the_sample_writes_every_table(sample_out: tuple[Path, str]) -> None:
    out, stdout = sample_out
    assert "read 119 papers" in stdout and "rejects: 0" in stdout
    for table in TABLES:
        assert (out / f"{table}.parquet").exists()
    papers = pd.read_parquet(out / "papers.parquet")
    assert len(papers) == 119 and papers["paper_id"].is_unique
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["papers"] == 119 and manifest["rows"]["papers"] == 119
    assert manifest["rules_fingerprint"] and len(manifest["inputs"]) == 4
    # the string store is measured, and bounded by rebuilding the pipeline
    assert manifest["string_store_peak"] > 0 and manifest["string_store_reset_every"] > 0
    assert not [p for p in out.iterdir() if p.name.startswith(".staging")]


def test_same_input_same_tables_with_any_job_count(
    sample_out: tuple[Path, str], tmp_path: Path
) -> None:
    out, _ = sample_out
    assert (
        main(["run", "--out", str(tmp_path), "--jobs", "2", "--quiet", "--batch-size", "16"]) == 0
    )
    for table in TABLES:
        a = pd.read_parquet(out / f"{table}.parquet")
        b = pd.read_parquet(tmp_path / f"{table}.parquet")
        pd.testing.assert_frame_equal(a, b)


def test_duplicates_are_processed_once_and_recorded(tmp_path: Path) -> None:
    line = json.dumps({"id": "1", "abstract": "We propose FooNet. It reaches 80.1% accuracy."})
    src = tmp_path / "in.jsonl"
    src.write_text(line + "\n" + line.replace('"1"', '"2"') + "\n")
    assert main(["run", str(src), "--out", str(tmp_path / "o"), "--quiet"]) == 0
    assert len(pd.read_parquet(tmp_path / "o" / "papers.parquet")) == 1
    rejects = pd.read_parquet(tmp_path / "o" / "rejects.parquet")
    assert len(rejects) == 1 and rejects["reason"][0].startswith("duplicate of paper")


def test_nothing_readable_is_an_error_and_keeps_old_outputs(tmp_path: Path) -> None:
    out = tmp_path / "o"
    out.mkdir()
    (out / "papers.parquet").write_text("previous")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    proc = run_cli("run", str(empty), "--out", str(out))
    assert proc.returncode == 2 and "no paper could be read" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert (out / "papers.parquet").read_text() == "previous"


def test_strict_makes_rejects_fatal(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"abstract": "We propose FooNet."}) + "\n{broken\n")
    assert main(["run", str(src), "--out", str(tmp_path / "a"), "--quiet"]) == 0
    assert main(["run", str(src), "--out", str(tmp_path / "b"), "--quiet", "--strict"]) == 2
    assert not (tmp_path / "b" / "papers.parquet").exists()


def test_eval_prints_every_field() -> None:
    proc = run_cli("eval", "tests/golden/dev.jsonl")
    assert proc.returncode == 0, proc.stderr
    for field in (
        "methods.proposed",
        "benchmarks",
        "results.value+metric+dataset",
        "links",
        "code_status",
        "claims_sota",
    ):
        assert field in proc.stdout


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name, sub in commands.items():
        assert sub.description, f"{name} has no --help text"
        assert f"python -m extract {name}" in readme, f"{name} is not in the README"
        proc = run_cli(name, "--help")
        assert proc.returncode == 0 and "usage:" in proc.stdout


def test_stats_on_a_run_and_on_an_empty_folder(
    sample_out: tuple[Path, str], tmp_path: Path
) -> None:
    out, _ = sample_out
    proc = run_cli("stats", str(out))
    assert proc.returncode == 0 and "papers: 119" in proc.stdout
    assert "most frequent known benchmarks" in proc.stdout
    proc = run_cli("stats", str(tmp_path))
    assert proc.returncode == 2 and proc.stderr.startswith("error: no tables in")
