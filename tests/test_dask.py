"""`run --engine dask` on a LocalCluster of 2 worker processes gives the rows `--jobs 1`
gives (as sets, every table, file names and record numbers included): on the samples and
on 2,000 corpus abstracts cut into many partitions, also when a worker is killed mid-run;
a run that fails leaves the previous tables as they were."""

from __future__ import annotations

import gzip
import itertools
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import ROOT, dataset_hashes

from extract.cli import main
from extract.tables import MODELS

distributed = pytest.importorskip("distributed")

CORPUS = ROOT.parent / "shared" / "corpus" / "arxiv_cs_2025.jsonl.gz"
N_ABSTRACTS = 2_000
PARTITION = "100KB"  # the 2,000 abstracts (3.3 MB) in about 33 line ranges


def table_rows(out: Path, table: str) -> set[tuple[object, ...]]:
    frame = pd.read_parquet(out / table)
    return set(frame.astype(str).itertuples(index=False, name=None))


def assert_same_tables(got: Path, expected: Path) -> None:
    for table in MODELS:
        assert table_rows(got, table) == table_rows(expected, table), table
    assert not list((got / "current").glob(".partition-*"))  # no attempt's leftovers


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.Client]:
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as local,
        distributed.Client(local) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def corpus_inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, ...]:
    """2,000 corpus abstracts as JSON Lines (a broken line, papers repeated across
    partitions), a gzip file and a Parquet file of several row groups overlapping them."""
    if not CORPUS.exists():
        pytest.skip(f"corpus not found at {CORPUS}")
    folder = tmp_path_factory.mktemp("dask_inputs")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        lines = list(itertools.islice(f, N_ABSTRACTS))
    body = [*lines[:700], "{broken\n", *lines[700:], *lines[100:130]]
    (folder / "slice.jsonl").write_text("".join(body), encoding="utf-8")
    with gzip.open(folder / "more.jsonl.gz", "wt", encoding="utf-8") as g:
        g.writelines(lines[1_990:] + lines[:5])
    records = [json.loads(line) for line in lines[500:700]]
    frame = pa.table(
        {"id": [r["id"] for r in records], "abstract": [r["summary"] for r in records]}
    )
    pq.write_table(frame, folder / "rows.parquet", row_group_size=40)
    return tuple(str(folder / name) for name in ("slice.jsonl", "more.jsonl.gz", "rows.parquet"))


@pytest.fixture(scope="module")
def one_job(corpus_inputs: tuple[str, ...], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("one_job") / "out"
    assert main(["run", *corpus_inputs, "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    return out


def _dask_run(inputs: tuple[str, ...], out: Path, client: distributed.Client, *extra: str) -> int:
    args = ["run", *inputs, "--out", str(out), "--quiet", "--engine", "dask"]
    return main([*args, "--scheduler", client.scheduler.address, *extra])


def test_samples_on_a_local_cluster_same_rows_as_one_job(tmp_path: Path) -> None:
    assert main(["run", "--out", str(tmp_path / "one"), "--jobs", "1", "--quiet"]) == 0
    args = ["run", "--out", str(tmp_path / "dask"), "--quiet", "--engine", "dask"]
    assert main([*args, "--local-workers", "2"]) == 0
    assert_same_tables(tmp_path / "dask", tmp_path / "one")
    [entry] = json.loads((tmp_path / "dask" / "manifest.json").read_text())["runs"]
    assert entry["engine"]["name"] == "dask" and entry["engine"]["workers"] == 2


def test_corpus_partitions_same_rows_as_one_job(
    corpus_inputs: tuple[str, ...], one_job: Path, cluster: distributed.Client, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert _dask_run(corpus_inputs, out, cluster, "--partition-size", PARTITION) == 0
    assert_same_tables(out, one_job)
    [local] = json.loads((one_job / "manifest.json").read_text())["runs"]
    [entry] = json.loads((out / "manifest.json").read_text())["runs"]
    assert entry["engine"]["partitions"] > 30  # line ranges, row groups, the gzip file
    for key in ("papers", "duplicates", "rows"):
        assert entry[key] == local[key], key
    assert entry["duplicates"] > 30  # repeated lines, the gzip and Parquet overlaps


class _Killer(threading.Thread):
    """Kills (SIGKILL, as the OOM killer would) the worker process running an extraction
    task, once."""

    def __init__(self, client: distributed.Client) -> None:
        super().__init__(daemon=True)
        self.client, self.killed = client, False
        self.pids: dict[str, int] = client.run(os.getpid)
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            busy = [
                worker
                for worker, keys in self.client.processing().items()
                if any(str(k).startswith("extract_partition") for k in keys)
            ]
            if busy:
                time.sleep(0.3)  # let it write part of its output first
                os.kill(self.pids[busy[0]], signal.SIGKILL)
                self.killed = True
                return
            time.sleep(0.05)


def test_a_worker_killed_mid_run_gives_the_same_rows(
    corpus_inputs: tuple[str, ...], one_job: Path, cluster: distributed.Client, tmp_path: Path
) -> None:
    killer = _Killer(cluster)
    killer.start()
    try:
        code = _dask_run(corpus_inputs, tmp_path / "out", cluster, "--partition-size", PARTITION)
    finally:
        killer.stop.set()
        killer.join()
    assert killer.killed
    assert code == 0
    assert_same_tables(tmp_path / "out", one_job)
    cluster.wait_for_workers(2, timeout=60)  # the nanny restarted it


def test_a_failing_run_leaves_the_previous_tables(
    cluster: distributed.Client, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    sample = str(sorted((ROOT / "samples").glob("*.txt"))[0])
    assert main(["run", sample, "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    before = dataset_hashes(out)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"abstract": "We propose X."}\n{broken\n', encoding="utf-8")
    assert _dask_run((sample, str(bad)), out, cluster, "--strict") == 2
    unreachable = ["run", sample, "--out", str(out), "--engine", "dask", "--quiet"]
    assert main([*unreachable, "--scheduler", "tcp://127.0.0.1:9"]) == 2
    assert dataset_hashes(out) == before
    assert not list((out / ".versions").glob(".staging-*"))


def test_append_on_the_cluster_adds_what_a_local_append_adds(
    cluster: distributed.Client, tmp_path: Path
) -> None:
    first, second = (str(p) for p in sorted((ROOT / "samples").glob("*.txt"))[:2])
    engines = {"local": ["--jobs", "1"], "dask": ["--engine", "dask"]}
    engines["dask"] += ["--scheduler", cluster.scheduler.address]
    for name, engine in engines.items():
        out = str(tmp_path / name)
        assert main(["run", first, "--out", out, "--jobs", "1", "--quiet"]) == 0
        assert main(["run", first, second, "--out", out, "--append", "--quiet", *engine]) == 0
    assert_same_tables(tmp_path / "dask", tmp_path / "local")
    local, dask = (json.loads((tmp_path / n / "manifest.json").read_text()) for n in engines)
    assert dask["runs"][-1]["already_present"] == local["runs"][-1]["already_present"] > 0
    assert dask["rows"] == local["rows"]


def test_a_scheduler_without_workers_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("extract.engines.dask_engine.WORKER_TIMEOUT", 1)
    sample = str(sorted((ROOT / "samples").glob("*.txt"))[0])
    with distributed.LocalCluster(n_workers=0, dashboard_address=":0") as empty:
        args = ["run", sample, "--out", str(tmp_path / "o"), "--engine", "dask", "--quiet"]
        assert main([*args, "--scheduler", empty.scheduler_address]) == 2
    assert "no Dask worker joined" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_progress_from_the_task_stream(
    cluster: distributed.Client, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from extract.engines import DaskOptions
    from extract.runner import RunConfig, default_inputs, run

    options = DaskOptions(scheduler=cluster.scheduler.address)
    config = RunConfig(default_inputs(), tmp_path / "o", progress=True, cluster=options)
    assert run(config).papers > 0
    lines = capsys.readouterr().err.split("\r")
    assert any("papers, 100% of" in line for line in lines), lines
