"""The run's extraction on a Dask cluster: the local runner's `_extract`, partitioned.

1. Plan the partitions (`partitions.plan`), in input order.
2. First pass, on the workers: each partition's paper ids in reading order (and its line
   count, which numbers the records of the line ranges after it).
3. On the client: the first occurrence of each id in input order is kept (and, with
   --append, none already in the dataset), exactly as the local runner decides; each
   partition is told the places of the papers it must skip.
4. Second pass, on the workers: each partition read again, processed and written as its
   own part files into the run's staging version (`tasks.extract_partition`).
5. Back in the runner, the staging is published only when every partition is done; a
   failure anywhere leaves the previous version as it was.

A task lost with its worker is computed again by the scheduler (distributed's own retry);
a partition that kills `distributed.scheduler.allowed-failures` + 1 workers ends the run.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from extract.dataset import Staging
from extract.engines import PARTITION_BYTES, DaskOptions
from extract.engines.partitions import Partition, plan
from extract.engines.tasks import (
    PartitionIds,
    PartitionJob,
    PartitionResult,
    RulesPlugin,
    extract_partition,
    paper_ids,
)
from extract.progress import Progress
from extract.progress import input_files as input_sizes
from extract.rules import cached_rules
from extract.runner import InputTally, RunConfig, RunError, RunSummary, note_silent_inputs
from extract.tables import MODELS, TableWriter

if TYPE_CHECKING:
    from distributed import Client

# How long to try reaching a --scheduler before giving up with a message.
CONNECT_TIMEOUT = "10s"
WORKER_TIMEOUT = 300  # seconds a scheduler may have no worker before the run gives up
# Partitions per worker for an input below PARTITION_BYTES x workers x this: many, so
# that the run's tail (one worker still busy with its last partition while the others
# idle: up to one partition's time) is a small share of the run.
PARTITIONS_PER_WORKER = 16
MIN_PARTITION = 1 << 20


def extract_on_cluster(staging: Staging, config: RunConfig, present: set[int]) -> RunSummary:
    """Like the runner's `_extract`: every partition's rows in `staging`, and the summary."""
    assert config.cluster is not None
    options = config.cluster
    t0 = time.perf_counter()
    summary = RunSummary()
    with _client(options) as client:
        workers = _workers(client, options)
        client.register_plugin(RulesPlugin(config.rules_dir))
        target = options.partition_bytes or partition_target(config.inputs, workers)
        parts = plan(config.inputs, config.reader, target)
        _warn_unsplit(parts, target)
        firsts = _first_pass(client, parts, config)
        keep = _dedupe(firsts, present, summary)
        jobs = _jobs(parts, firsts, keep, staging, config)
        results = _second_pass(client, jobs, config)
    _merge(results, summary)
    _finish_staging(staging, summary)
    note_silent_inputs(config.inputs, summary.inputs)
    summary.seconds = time.perf_counter() - t0
    summary.peak_rss_mb = max((r.peak_rss_mb for r in results), default=0.0)
    summary.worker_restarts = None  # the scheduler recomputes lost tasks; not counted here
    summary.engine = {
        "name": "dask",
        "scheduler": options.scheduler or f"local cluster of {options.local_workers}",
        "workers": workers,
        "partitions": len(parts),
        "partition_bytes": target,
        "worker_peak_rss_mb": _peaks(results),
    }
    return summary


def partition_target(inputs: tuple[Path, ...], workers: int) -> int:
    """The default partition size: PARTITION_BYTES, or smaller so that the input makes about
    PARTITIONS_PER_WORKER partitions per worker (a small input still uses every worker,
    and a worker that finishes early takes another), unless that is below MIN_PARTITION."""
    total = sum(input_sizes(inputs).values())
    share = total // max(workers * PARTITIONS_PER_WORKER, 1)
    return min(PARTITION_BYTES, max(share, MIN_PARTITION))


@contextlib.contextmanager
def _client(options: DaskOptions) -> Iterator[Client]:
    """A client of the given scheduler, or of a local cluster of worker processes (one
    thread each: the pipeline is CPU-bound Python) that is shut down with the block."""
    import dask
    from distributed import Client, LocalCluster

    if options.scheduler:
        try:
            client = Client(options.scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise RunError(
                f"cannot reach the Dask scheduler at {options.scheduler}: {exc}"
            ) from exc
        with client:
            yield client
        return
    try:
        # The worker's statistical profiler samples the task thread's stack every 10 ms:
        # time taken from the pipeline (CPU-bound Python), for a profile nobody reads here.
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(
                n_workers=options.local_workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # a free port: never clash with another cluster's
                silence_logs=logging.ERROR,
            )
    except (OSError, RuntimeError) as exc:  # distributed's "Nanny failed to start"
        raise RunError(f"cannot start a local Dask cluster: {exc}") from exc
    with cluster, Client(cluster) as client:
        yield client


def _workers(client: Client, options: DaskOptions) -> int:
    """How many workers the cluster has, once it has one (a cluster being scaled up may
    have none yet)."""
    try:
        client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
    except TimeoutError:
        where = options.scheduler or "the local cluster"
        raise RunError(f"no Dask worker joined {where} within {WORKER_TIMEOUT} s") from None
    return len(client.scheduler_info(n_workers=-1)["workers"])


def _warn_unsplit(parts: list[Partition], target: int) -> None:
    for part in parts:
        if part.kind == "file" and part.size > 4 * target:
            print(
                f"note: {part.path} ({part.size / 2**20:,.0f} MiB) is read as one partition "
                "(gzip and JSON documents cannot be split); decompress it or split it into "
                "several files to spread it over workers",
                file=sys.stderr,
            )


def _gather(client: Client, futures: list[Any]) -> list[Any]:
    """Results in submission order; the first task that fails (or kills its workers too
    often) ends the run at once, with its error as the reason."""
    from distributed import as_completed

    for future in as_completed(futures):
        if future.status == "error":
            _fail(client, futures, future)
    return list(client.gather(futures))


def _fail(client: Client, futures: list[Any], failed: Any) -> None:
    client.cancel(futures)
    exc = failed.exception()
    raise RunError(f"a partition failed on the cluster: {type(exc).__name__}: {exc}")


def _first_pass(client: Client, parts: list[Partition], config: RunConfig) -> list[PartitionIds]:
    futures = [
        client.submit(paper_ids, part, config.reader, config.rules_dir, pure=False)
        for part in parts
    ]
    firsts: list[PartitionIds] = _gather(client, futures)
    expected = cached_rules(config.rules_dir).fingerprint
    other = {f.rules_fingerprint for f in firsts} - {expected}
    if other:
        got = other.pop()
        raise RunError(
            f"the Dask workers use other rules (fingerprint {got[:12]}, here {expected[:12]}): "
            "install the same version of abstract-extract (and --rules) on every worker"
        )
    return firsts


def _dedupe(firsts: list[PartitionIds], present: set[int], summary: RunSummary) -> np.ndarray:
    """Which papers to process, over all partitions in input order: the first occurrence
    of each id, and none already in the dataset (the local runner's rule)."""
    ids = np.frombuffer(b"".join(f.ids for f in firsts), dtype=">u8").astype(np.uint64)
    known = np.fromiter(present, dtype=np.uint64, count=len(present))
    old = np.isin(ids, known) if len(known) else np.zeros(len(ids), dtype=bool)
    candidates = np.flatnonzero(~old)
    _, first = np.unique(ids[candidates], return_index=True)  # first occurrences
    keep = np.zeros(len(ids), dtype=bool)
    keep[candidates[first]] = True
    summary.papers = int(keep.sum())
    summary.already_present = int(old.sum())
    summary.duplicates = len(candidates) - summary.papers
    return keep


def _jobs(
    parts: list[Partition],
    firsts: list[PartitionIds],
    keep: np.ndarray,
    staging: Staging,
    config: RunConfig,
) -> list[PartitionJob]:
    jobs: list[PartitionJob] = []
    offset = 0
    next_line: dict[Path, int] = {}  # the number of the next line range's first line
    for index, (part, first) in enumerate(zip(parts, firsts, strict=True)):
        n = len(first.ids) // 8
        drop = frozenset(np.flatnonzero(~keep[offset : offset + n]).tolist())
        offset += n
        first_line = next_line.get(part.path, 1)
        next_line[part.path] = first_line + first.lines
        jobs.append(
            PartitionJob(
                index,
                part,
                first_line,
                drop,
                staging.path.resolve(),
                staging.number,
                config.reader,
                config.rules_dir,
                config.batch_size,
            )
        )
    return jobs


def _second_pass(
    client: Client, jobs: list[PartitionJob], config: RunConfig
) -> list[PartitionResult]:
    """Submit every partition; show progress from the task stream as they finish."""
    from distributed import as_completed

    futures = [client.submit(extract_partition, job, pure=False) for job in jobs]
    progress = Progress(config.progress, config.inputs)
    total = sum(job.part.size for job in jobs) or 1
    done, papers = 0, 0
    for future in as_completed(futures):
        if future.status == "error":
            _fail(client, futures, future)
        result: PartitionResult = future.result()
        done += jobs[result.index].part.size
        papers += result.rows.get("papers", 0)
        _show(progress, papers, done, total)
    progress.close()
    results: list[PartitionResult] = client.gather(futures)
    return results


def _show(progress: Progress, papers: int, done: int, total: int) -> None:
    if not progress.enabled:
        return
    progress.total = total
    progress.record(time.monotonic(), done)
    sys.stderr.write(f"\r{progress.line(papers, done)}   ")
    sys.stderr.flush()


def _merge(results: list[PartitionResult], summary: RunSummary) -> None:
    """Tallies per input and row counts, merged in input order."""
    rows = dict.fromkeys(MODELS, 0)
    for result in results:
        for source, tally in result.tallies.items():
            summary.inputs.setdefault(source, InputTally()).merge(tally)
        for table, n in result.rows.items():
            rows[table] += n
        summary.string_store = max(summary.string_store, result.string_store)
    summary.rows = rows


def _finish_staging(staging: Staging, summary: RunSummary) -> None:
    """Remove what killed attempts left; give a new dataset's tables without rows an empty
    part (readers find the schema there), as the local runner does."""
    for leftover in staging.path.glob(".partition-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    if staging.base is not None:
        return
    empty = [t for t in MODELS if not any((staging.path / t).glob("part-*.parquet"))]
    if empty:
        writer = TableWriter(staging.path, staging.number)
        for table in empty:
            writer.parts[table].close(empty_part=True)


def _peaks(results: list[PartitionResult]) -> dict[str, float]:
    """Peak RSS of each worker process (by pid) over its partitions."""
    peaks: dict[str, float] = {}
    for result in results:
        key = str(result.pid)
        peaks[key] = round(max(peaks.get(key, 0.0), result.peak_rss_mb), 1)
    return peaks
