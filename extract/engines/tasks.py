"""What runs on a Dask worker: a partition's paper ids (first pass), and a partition's rows
written as its own part files (second pass).

The compiled rules and spaCy pipeline are built once per worker process (a worker plugin
builds them when the worker starts; `_worker` keeps them) and never shipped with a task.
Tasks are idempotent: a partition computed again (its worker died) writes the same part
file names, each moved into place whole, so the copy that finishes last wins and no
partial file is ever in the staging's tables.
"""

from __future__ import annotations

import os
import resource
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin

from extract.core import TABLES, Batch
from extract.engines.partitions import Partition, count_lines, read_partition
from extract.readers import ReaderOptions
from extract.readers.common import excerpt
from extract.runner import InputTally, Worker, tally_item
from extract.schemas import Paper, Reject
from extract.tables import TableWriter

_WORKERS: dict[Path | None, Worker] = {}


def _worker(rules_dir: Path | None) -> Worker:
    """This process's compiled rules and pipeline (built on first use)."""
    if rules_dir not in _WORKERS:
        _WORKERS[rules_dir] = Worker(rules_dir)
    return _WORKERS[rules_dir]


class RulesPlugin(WorkerPlugin):
    """Builds the rules when a worker starts (a restarted worker too), before any task."""

    name = "abstract-extract-rules"

    def __init__(self, rules_dir: Path | None) -> None:
        self.rules_dir = rules_dir

    def setup(self, worker: Any) -> None:
        _worker(self.rules_dir)


@dataclass(frozen=True)
class PartitionIds:
    """First pass: the partition's paper ids in reading order, and its line count."""

    ids: bytes  # uint64 big-endian ids, 8 bytes a paper
    lines: int
    rules_fingerprint: str


def paper_ids(part: Partition, options: ReaderOptions, rules_dir: Path | None) -> PartitionIds:
    ids = bytearray()
    for item in read_partition(part, options):
        if isinstance(item, Paper):
            ids += int(item.paper_id, 16).to_bytes(8, "big")
    fingerprint = _worker(rules_dir).tools.rules.fingerprint
    return PartitionIds(bytes(ids), count_lines(part), fingerprint)


@dataclass(frozen=True)
class PartitionJob:
    """Second pass: one partition to extract into the run's staging version."""

    index: int
    part: Partition
    first_line: int
    drop: frozenset[int]  # papers (by place in the partition) read earlier or already kept
    staging: Path
    version: int
    options: ReaderOptions
    rules_dir: Path | None
    batch_size: int


@dataclass
class PartitionResult:
    index: int
    tallies: dict[str, InputTally] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    string_store: int = 0
    peak_rss_mb: float = 0.0
    pid: int = 0


def extract_partition(job: PartitionJob) -> PartitionResult:
    """Read, de-duplicate (as told), process and write one partition's rows."""
    worker = _worker(job.rules_dir)
    result = PartitionResult(job.index, pid=os.getpid())
    # A folder of this attempt's own: a worker that died half-way leaves only its own
    # leftovers (removed before publishing). mkdir without parents: when the run's staging
    # is gone (the run failed or ended), a straggling task writes nothing.
    scratch = job.staging / f".partition-{job.index:05d}-{uuid.uuid4().hex[:12]}"
    scratch.mkdir()
    writer = TableWriter(scratch, job.version, partition=job.index)
    papers: list[Paper] = []
    place = 0
    for item in read_partition(job.part, job.options, job.first_line):
        if (paper := tally_item(item, result.tallies, writer)) is None:
            continue
        place += 1
        if place - 1 in job.drop:
            continue
        papers.append(paper)
        if len(papers) >= job.batch_size:
            _write(writer, result, process_safely(worker, papers))
            papers = []
    if papers:
        _write(writer, result, process_safely(worker, papers))
    writer.close(empty_parts=False)
    result.rows = dict(writer.counts)
    _move_parts(scratch, job.staging)
    result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _write(writer: TableWriter, result: PartitionResult, batch: Batch) -> None:
    result.string_store = max(result.string_store, batch.string_store)
    for table, rows in batch.rows.items():
        writer.write(table, rows)


def process_safely(worker: Worker, papers: list[Paper]) -> Batch:
    """`worker(papers)`; when that raises, the papers one at a time, and a paper that still
    raises is a reject row: one bad record never fails the partition (and so the run)."""
    try:
        return worker(papers)
    except Exception:
        pass
    batch = Batch()
    for paper in papers:
        try:
            one = worker([paper])
        except Exception as exc:
            reason = f"processing failed: {type(exc).__name__}: {exc}".splitlines()[0][:300]
            batch.rows["rejects"].append(
                Reject(
                    source=paper.source,
                    record=paper.record,
                    reason=reason,
                    excerpt=excerpt(paper.abstract),
                )
            )
            continue
        batch.extend(one)
        batch.string_store = one.string_store
    return batch


def _move_parts(scratch: Path, staging: Path) -> None:
    """Each part file renamed into the staging's table folder (one rename each, so a file
    there is always whole), then the scratch folder removed."""
    for table in TABLES:
        folder = scratch / table
        if not folder.is_dir():
            continue
        (staging / table).mkdir(exist_ok=True)
        for part in sorted(folder.iterdir()):
            os.replace(part, staging / table / part.name)
    shutil.rmtree(scratch, ignore_errors=True)
