"""Faults around a run: stop signals, killed workers, two runs at once, a kill during the
final switch. Never a hang, never mixed tables, never an orphan process, a clear message."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, run_cli
from conftest import dataset_hashes as hashes
from conftest import staging_dirs as staging

from extract.cli import main
from extract.dataset import OutputFolder
from extract.pool import MAX_ATTEMPTS, WorkerLost, WorkerPool

TABLES = ("papers", "methods", "benchmarks", "results", "improvements", "links", "rejects")
ENTITIES = ("methods", "benchmarks", "results", "improvements", "links")
SEED = ROOT / "samples" / "001_a4225d5950b9190b.txt"  # 10 abstracts


# --- helpers -----------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    """Live (not zombie) child processes of `pid`, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def consistent(out: Path) -> dict[str, int]:
    """Every table as the manifest says, every entity row's paper in `papers`: one version,
    not a mix. Returns the row counts."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    counts = {t: len(pd.read_parquet(out / t)) for t in TABLES}
    assert counts == {t: manifest["rows"][t] for t in TABLES}
    ids = set(pd.read_parquet(out / "papers")["paper_id"])
    for table in ENTITIES:
        assert set(pd.read_parquet(out / table)["paper_id"]) <= ids, table
    return counts


def synthetic(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            abstract = (
                f"We propose Net{i}, which reaches {50 + i % 50}.{i % 10}% accuracy on "
                f"CIFAR-10, {i % 7 + 1}.{i % 9}x faster than ResNet-50."
            )
            f.write(json.dumps({"id": str(i), "abstract": abstract}) + "\n")
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic(tmp_path_factory.mktemp("big") / "big.jsonl", 40_000)


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("previous") / "out"
    assert main(["run", str(SEED), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    return out


@pytest.fixture
def out(previous: Path, tmp_path: Path) -> Path:
    """A copy of a published dataset, for a run to replace or extend."""
    dest = tmp_path / "out"
    shutil.copytree(previous, dest, symlinks=True)
    return dest


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "extract", "run", *args, "--quiet"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def running() -> Iterator[list[subprocess.Popen[str]]]:
    """Runs started by a test; any still going at its end are killed."""
    procs: list[subprocess.Popen[str]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def wait_until_working(proc: subprocess.Popen[str], out: Path, workers: int) -> list[int]:
    """Wait for the run to stage its tables with its workers started; their pids."""
    deadline = time.monotonic() + 90
    while not (staging(out) and len(children(proc.pid)) >= workers):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the run did not start working"
        time.sleep(0.05)
    time.sleep(1.0)  # well into processing
    assert proc.poll() is None, "the run finished before the fault"
    return children(proc.pid)


# --- stop signals ------------------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_ends_a_two_job_run_within_seconds(
    sig: signal.Signals, out: Path, big: Path, running: list[subprocess.Popen[str]]
) -> None:
    before = hashes(out)
    proc = start(str(big), "--out", str(out), "--jobs", "2")
    running.append(proc)
    workers = wait_until_working(proc, out, 2)
    t0 = time.monotonic()
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=30)
    assert time.monotonic() - t0 < 5
    assert proc.returncode == 130 and stderr == "interrupted: previous outputs left unchanged\n"
    assert not [w for w in workers if alive(w)]
    assert hashes(out) == before and not staging(out)


def test_killing_the_run_leaves_no_orphan_worker(
    out: Path, big: Path, running: list[subprocess.Popen[str]]
) -> None:
    before = hashes(out)
    proc = start(str(big), "--out", str(out), "--jobs", "2", "--append")
    running.append(proc)
    workers = wait_until_working(proc, out, 2)
    proc.kill()  # what the OOM killer or `kill -9` does: no clean-up can run
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 5
    while [w for w in workers if alive(w)]:
        assert time.monotonic() < deadline, "workers outlived the run"
        time.sleep(0.05)
    # a run killed during an append leaves the dataset as it was; the next cleans up
    assert hashes(out) == before and len(staging(out)) == 1
    assert main(["run", str(SEED), "--out", str(out), "--jobs", "1", "--quiet", "--append"]) == 0
    assert hashes(out) == before and not staging(out)  # nothing new; the stale staging gone


# --- a dead worker -----------------------------------------------------------------------


def _square(item: tuple[int, str]) -> int:
    """Dies (SIGKILL) on an item whose marker file is missing or 'always', else squares."""
    n, marker = item
    if marker:
        path = Path(marker)
        if not path.exists():
            path.write_text("died")  # the next attempt succeeds
            os.kill(os.getpid(), signal.SIGKILL)
        if path.read_text() == "always":
            os.kill(os.getpid(), signal.SIGKILL)
    return n * n


def _nothing() -> None:
    pass


def test_a_killed_worker_s_batches_are_retried_in_order(tmp_path: Path) -> None:
    warnings: list[str] = []
    items = [(n, str(tmp_path / "once") if n == 5 else "") for n in range(12)]
    with WorkerPool(2, _square, _nothing, warn=warnings.append) as pool:
        assert list(pool.map(items, str)) == [n * n for n in range(12)]
        assert pool.restarts == 1
    assert warnings == [
        "warning: a worker process killed by signal 9; its batches are retried on a new worker"
    ]


def test_a_batch_that_keeps_killing_workers_ends_the_run_clearly(tmp_path: Path) -> None:
    marker = tmp_path / "always"
    marker.write_text("always")
    items = [(1, ""), (2, str(marker)), (3, "")]

    def describe(item: tuple[int, str]) -> str:
        return f"item {item[0]}"

    with pytest.raises(WorkerLost) as caught, WorkerPool(2, _square, _nothing) as pool:
        list(pool.map(items, describe))
    assert str(caught.value) == (
        f"a worker process died {MAX_ATTEMPTS} times while processing item 2 "
        "(killed by a signal, e.g. out of memory)"
    )


def test_a_run_whose_worker_is_killed_gives_the_rows_of_one_job(
    tmp_path: Path, running: list[subprocess.Popen[str]]
) -> None:
    src = synthetic(tmp_path / "in.jsonl", 2_500)
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["run", str(src), "--out", str(one), "--jobs", "1", "--quiet"]) == 0
    proc = start(str(src), "--out", str(two), "--jobs", "2", "--batch-size", "20")
    running.append(proc)
    workers = wait_until_working(proc, two, 2)
    os.kill(workers[0], signal.SIGKILL)
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    assert "warning: a worker process killed by signal 9" in stderr
    runs = json.loads((two / "manifest.json").read_text())["runs"]
    assert runs[0]["worker_restarts"] == 1
    for table in TABLES:
        pd.testing.assert_frame_equal(pd.read_parquet(one / table), pd.read_parquet(two / table))


# --- one writer at a time ----------------------------------------------------------------


def test_a_second_run_on_a_locked_folder_names_the_writer(out: Path) -> None:
    before = hashes(out)
    with OutputFolder(out):
        proc = run_cli("run", str(SEED), "--out", str(out), "--jobs", "1")
    assert proc.returncode == 2
    assert proc.stderr == f"error: another run (pid {os.getpid()}) is writing {out}\n"
    assert hashes(out) == before
    assert main(["run", str(SEED), "--out", str(out), "--jobs", "1", "--quiet"]) == 0


def test_two_runs_at_once_the_second_leaves_the_first_s_staging_alone(
    out: Path, big: Path, running: list[subprocess.Popen[str]]
) -> None:
    first = start(str(big), "--out", str(out), "--jobs", "1")
    running.append(first)
    wait_until_working(first, out, 0)
    live = staging(out)
    proc = run_cli("run", str(SEED), "--out", str(out), "--jobs", "1")
    assert proc.returncode == 2
    assert proc.stderr == f"error: another run (pid {first.pid}) is writing {out}\n"
    assert staging(out) == live and all(p.is_dir() for p in live)
    assert first.poll() is None  # still working


def test_clean_up_removes_only_staging_of_dead_processes(out: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        for pid in (sleeper.pid, dead.pid):
            (out / ".versions" / f".staging-{pid}").mkdir()
        assert main(["run", str(SEED), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
        assert [p.name for p in staging(out)] == [f".staging-{sleeper.pid}"]
    finally:
        sleeper.kill()
        sleeper.wait()


# --- a kill during the final switch ------------------------------------------------------


def _append_and_die_at(step: str, src: str, out: str) -> None:
    """Run in a forked child: an append that is killed (os._exit) at `step` of publishing."""
    real = os.replace

    def replace(a: str | Path, b: str | Path) -> None:
        is_switch = Path(b).name == "current"
        if step == "before-switch" and is_switch:
            os._exit(9)
        real(a, b)
        if step == "after-version-rename" and Path(b).parent.name == ".versions":
            os._exit(9)
        if step == "after-switch" and is_switch:
            os._exit(9)

    os.replace = replace  # type: ignore[assignment]  # this child only
    main(["run", src, "--out", out, "--jobs", "1", "--quiet", "--append"])
    os._exit(0)


@pytest.mark.parametrize(
    ("step", "switched"),
    [("after-version-rename", False), ("before-switch", False), ("after-switch", True)],
)
def test_a_kill_during_the_final_switch_shows_all_old_or_all_new_tables(
    out: Path, tmp_path: Path, step: str, switched: bool
) -> None:
    old = consistent(out)
    src = synthetic(tmp_path / "new.jsonl", 30)
    child = mp.get_context("fork").Process(
        target=_append_and_die_at, args=(step, str(src), str(out))
    )
    child.start()
    child.join(120)
    assert child.exitcode == 9
    counts = consistent(out)
    assert (counts["papers"] == old["papers"] + 30) == switched
    if not switched:
        assert counts == old
    # the next run cleans up after the dead one and publishes normally
    assert main(["run", str(src), "--out", str(out), "--jobs", "1", "--quiet", "--append"]) == 0
    assert consistent(out)["papers"] == old["papers"] + 30
    assert not staging(out) and len(list((out / ".versions").iterdir())) == 2


def test_an_append_never_changes_a_file_of_the_version_it_extends(
    out: Path, tmp_path: Path
) -> None:
    """Versions share part files (hard links): the new one must write only new files."""
    version = (out / "current").resolve()
    before = {p: p.read_bytes() for p in version.rglob("*") if p.is_file()}
    src = synthetic(tmp_path / "new.jsonl", 5)
    assert main(["run", str(src), "--out", str(out), "--jobs", "1", "--quiet", "--append"]) == 0
    assert (out / "current").resolve() != version
    assert {p: p.read_bytes() for p in version.rglob("*") if p.is_file()} == before
