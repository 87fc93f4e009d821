"""End to end through the command line, on the built-in sample and small fixtures."""

from __future__ import annotations

import json
import shutil
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
        # each table is a folder of part files, behind the link to the published version
        assert (out / table).is_dir() and list((out / table).glob("part-*.parquet"))
    papers = pd.read_parquet(out / "papers")
    assert len(papers) == 119 and papers["paper_id"].is_unique
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["papers"] == 119 and manifest["rows"]["papers"] == 119
    assert manifest["rules_fingerprint"] and manifest["layout"] == "parquet-dataset/1"
    (entry,) = manifest["runs"]
    assert entry["kind"] == "run" and len(entry["inputs"]) == 4 and entry["papers"] == 119
    # the string store is measured, and bounded by rebuilding the pipeline
    assert entry["string_store_peak"] > 0 and entry["string_store_reset_every"] > 0
    assert sorted(p.name for p in (out / ".versions").iterdir()) == ["v000001"]


def test_same_input_same_tables_with_any_job_count(
    sample_out: tuple[Path, str], tmp_path: Path
) -> None:
    out, _ = sample_out
    assert (
        main(["run", "--out", str(tmp_path), "--jobs", "2", "--quiet", "--batch-size", "16"]) == 0
    )
    for table in TABLES:
        a = pd.read_parquet(out / table)
        b = pd.read_parquet(tmp_path / table)
        pd.testing.assert_frame_equal(a, b)


def test_duplicates_are_processed_once_and_reported_apart_from_rejects(tmp_path: Path) -> None:
    line = json.dumps({"id": "1", "abstract": "We propose FooNet. It reaches 80.1% accuracy."})
    src = tmp_path / "in.jsonl"
    src.write_text(line + "\n" + line.replace('"1"', '"2"') + "\n")
    proc = run_cli("run", str(src), "--out", str(tmp_path / "o"), "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert "read 1 papers from 1 input(s) (1 duplicates skipped)" in proc.stdout
    assert "rejects: 0;" in proc.stdout and proc.stderr == ""
    assert pd.read_parquet(tmp_path / "o" / "papers")["source_id"].tolist() == ["1"]
    assert pd.read_parquet(tmp_path / "o" / "rejects").empty
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text())
    assert manifest["runs"][0]["duplicates"] == 1


def test_nothing_readable_is_an_error_and_keeps_old_outputs(
    sample_out: tuple[Path, str], tmp_path: Path
) -> None:
    out = tmp_path / "o"
    shutil.copytree(sample_out[0], out, symlinks=True)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    proc = run_cli("run", str(empty), "--out", str(out))
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"error: {empty}: empty file",
        "error: no paper could be read from 1 input(s) (1 record(s) rejected)",
    ]
    assert len(pd.read_parquet(out / "papers")) == 119


def test_strict_makes_rejects_fatal(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"abstract": "We propose FooNet."}) + "\n{broken\n")
    assert main(["run", str(src), "--out", str(tmp_path / "a"), "--quiet"]) == 0
    assert main(["run", str(src), "--out", str(tmp_path / "b"), "--quiet", "--strict"]) == 2
    assert not (tmp_path / "b").exists()


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


# --- user mistakes: each its own message and exit status ------------------------------------

GOOD = json.dumps({"id": "g", "abstract": "We propose FooNet. It reaches 80.1% accuracy."})


@pytest.mark.parametrize("value", ["0", "-3", "two"])
def test_jobs_below_one_is_refused(value: str, tmp_path: Path) -> None:
    proc = run_cli("run", "--jobs", value, "--out", str(tmp_path / "o"))
    assert proc.returncode == 2 and "argument --jobs:" in proc.stderr
    assert not (tmp_path / "o").exists()


def _mistake(tmp_path: Path, name: str) -> tuple[list[str], str]:
    """An input the user got wrong, and the reason the run must print for it."""
    if name == "missing":
        return [str(tmp_path / "nope.jsonl")], "file not found"
    if name == "directory-without-inputs":
        (tmp_path / "empty-dir").mkdir()
        return [str(tmp_path / "empty-dir")], ""
    if name == "csv-column":
        (tmp_path / "a.csv").write_text('id,abstract_text\n1,"We propose FooNet."\n')
        return [str(tmp_path / "a.csv")], "no abstract column"
    (tmp_path / "b.jsonl").write_text(GOOD + "\n")  # misspelt --text-column
    return [str(tmp_path / "b.jsonl"), "--text-column", "abstarct"], "no abstract column"


@pytest.mark.parametrize("name", ["missing", "directory-without-inputs", "csv-column", "option"])
def test_an_input_that_gives_nothing_is_named_with_its_reason(tmp_path: Path, name: str) -> None:
    args, reason = _mistake(tmp_path, name)
    proc = run_cli("run", *args, "--out", str(tmp_path / "o"), "--quiet")
    assert proc.returncode == 2
    *inputs, last = proc.stderr.splitlines()
    assert last.startswith("error: no paper could be read from 1 input(s)")
    assert len(inputs) == 1 and inputs[0].startswith(f"error: {args[0]}")
    assert reason in inputs[0]
    assert not (tmp_path / "o").exists()


def test_a_good_input_beside_a_missing_one_is_written_with_exit_1(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(GOOD + "\n")
    missing = tmp_path / "missing.jsonl"
    proc = run_cli("run", str(good), str(missing), "--out", str(tmp_path / "o"), "--quiet")
    assert proc.returncode == 1
    assert proc.stderr == f"error: {missing}: file not found\n"
    assert "read 1 papers from 2 input(s)" in proc.stdout
    assert len(pd.read_parquet(tmp_path / "o" / "papers")) == 1
    assert pd.read_parquet(tmp_path / "o" / "rejects")["reason"].tolist() == ["file not found"]


def test_an_input_whose_every_record_is_rejected_is_named(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    good.write_text(GOOD + "\n")
    bad.write_text("{broken\n{also broken\n")
    proc = run_cli("run", str(good), str(bad), "--out", str(tmp_path / "o"), "--quiet")
    assert proc.returncode == 1
    # the reader names the input's reason (no line of it is JSON) before the record rejects
    assert proc.stderr.startswith(f"error: {bad}: no paper read; 3 records rejected, the first:")
    assert "not JSON on line 1" in proc.stderr


def test_eval_out_publishes_the_golden_papers_tables(tmp_path: Path) -> None:
    out = tmp_path / "gold-out"
    proc = run_cli("eval", "tests/golden/dev.jsonl", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert [r["kind"] for r in manifest["runs"]] == ["eval"]
    assert len(pd.read_parquet(out / "papers")) == manifest["rows"]["papers"] > 0


def test_compact_of_a_folder_without_a_dataset_says_so(tmp_path: Path) -> None:
    for folder in (tmp_path / "missing", tmp_path):
        proc = run_cli("compact", str(folder))
        assert proc.returncode == 2
        assert proc.stderr == (
            f"error: no dataset in {folder}/; run `python -m extract run` first\n"
        )
    assert not list(tmp_path.iterdir())  # nothing created
