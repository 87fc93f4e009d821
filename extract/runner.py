"""Runs the core over inputs: stream, deduplicate, batch, fan out across cores, write.

Memory stays flat with input size: papers are read lazily, batched, processed with a
bounded number of batches in flight, and written a row group at a time. Output is the same
with any number of jobs (results are written in submission order). The tables go into a
staged version of the output folder, published in one switch (`extract.dataset`).
"""

from __future__ import annotations

import contextlib
import gc
import os
import resource
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq
import spacy

from extract import __version__
from extract.core import Batch, process
from extract.dataset import (
    LAYOUT,
    DatasetError,
    OutputFolder,
    Staging,
    legacy_tables,
    read_manifest,
    staged,
    write_manifest,
)
from extract.nlp import Tools, build_nlp, build_tools
from extract.pool import WorkerLost, WorkerPool
from extract.progress import Progress
from extract.readers import ReaderOptions, read_inputs
from extract.rules import Rules, cached_rules
from extract.schemas import Paper, Reject
from extract.stopping import stop_on_signals
from extract.tables import TableWriter

if TYPE_CHECKING:
    from extract.engines import DaskOptions

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
# spaCy's string store keeps every new token text; rebuilding the pipeline every this many
# papers bounds it (about 120k strings per 20k real abstracts) at a cost of ~0.2 s a
# rebuild (the compiled rules are kept).
RESET_EVERY = 20_000


class RunError(RuntimeError):
    """The run could not complete; the message is the one-line reason for the user, and
    `failed_inputs` the inputs that gave no paper, each with its reason."""

    def __init__(self, message: str, failed_inputs: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.failed_inputs = failed_inputs or []


@dataclass(frozen=True)
class RunConfig:
    inputs: tuple[Path, ...]
    out: Path
    jobs: int = 1
    batch_size: int = 200
    reader: ReaderOptions = field(default_factory=ReaderOptions)
    strict: bool = False
    progress: bool = False
    rules_dir: Path | None = None
    append: bool = False
    # None: the local engine (this process and `jobs` worker processes); else a Dask
    # cluster's (`extract.engines`).
    cluster: DaskOptions | None = None


@dataclass
class InputTally:
    """What one input gave: papers read (new or not) and rejects, with the first reason."""

    papers: int = 0
    rejects: int = 0
    reason: str | None = None
    whole_input: bool = False  # the reason is the whole input's, not a record's

    def note(self, reject: Reject) -> None:
        self.rejects += 1
        if reject.record is None:  # the whole input: its reason is the one to show
            self.reason, self.whole_input = reject.reason, True
        elif self.reason is None:
            self.reason = f"record {reject.record}: {reject.reason}"

    def merge(self, later: InputTally) -> None:
        """Add what a later part of the same input gave (as if `note` had seen it all)."""
        self.papers += later.papers
        self.rejects += later.rejects
        if later.whole_input:
            self.reason, self.whole_input = later.reason, True
        elif self.reason is None:
            self.reason = later.reason

    def failure(self) -> str | None:
        """Why the input gave no paper, or None when it gave some."""
        if self.papers:
            return None
        if self.reason and self.rejects > 1:
            return f"no paper read; {self.rejects:,} records rejected, the first: {self.reason}"
        return self.reason or "no paper read"


@dataclass
class RunSummary:
    papers: int = 0  # new distinct papers processed
    duplicates: int = 0  # read more than once in this run
    already_present: int = 0  # --append: already in the output folder
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    string_store: int = 0
    worker_restarts: int | None = 0  # None: the engine does not count them (Dask)
    published: bool = False
    engine: dict[str, Any] = field(default_factory=lambda: {"name": "local"})
    inputs: dict[str, InputTally] = field(default_factory=dict)

    @property
    def rejects(self) -> int:
        return sum(t.rejects for t in self.inputs.values())

    @property
    def failed_inputs(self) -> list[tuple[str, str]]:
        return [(src, why) for src, t in self.inputs.items() if (why := t.failure())]


def default_inputs() -> tuple[Path, ...]:
    return tuple(sorted(SAMPLES_DIR.glob("*.txt")))


class Worker:
    """Holds one process's compiled tools; rebuilds them to keep the string store bounded."""

    def __init__(self, rules_dir: Path | None) -> None:
        self.rules_dir = rules_dir
        self.tools: Tools = build_tools(cached_rules(rules_dir))
        self.since_reset = 0
        # The rules and tools live as long as the process: keep them out of every garbage
        # collection; and collect less often, since rows and docs hold no reference cycles
        # (default thresholds spent ~5% of a long run re-scanning buffered rows).
        gc.freeze()
        gc.set_threshold(50_000, 20, 20)

    def __call__(self, papers: list[Paper]) -> Batch:
        if self.since_reset >= RESET_EVERY:
            # A fresh spaCy pipeline empties the string store; the compiled rules stay.
            self.tools.nlp = build_nlp()
            self.since_reset = 0
        self.since_reset += len(papers)
        return process(papers, self.tools)


_WORKER: Worker | None = None


def _init_worker(rules_dir: Path | None) -> None:
    global _WORKER
    _WORKER = Worker(rules_dir)


def _work(papers: list[Paper]) -> Batch:
    assert _WORKER is not None
    return _WORKER(papers)


def tally_item(
    item: Paper | Reject, tallies: dict[str, InputTally], writer: TableWriter
) -> Paper | None:
    """Count an item for its input; a reject is written at once (None), a paper returned."""
    tally = tallies.setdefault(item.source, InputTally())
    if isinstance(item, Reject):
        tally.note(item)
        writer.write("rejects", [item])
        return None
    tally.papers += 1
    return item


def _batches(
    items: Iterable[Paper | Reject],
    size: int,
    summary: RunSummary,
    writer: TableWriter,
    present: set[int],
    progress: Progress,
) -> Iterator[list[Paper]]:
    """Group new papers into batches; reader rejects are written as they come; papers read
    earlier in this run (duplicates) or already in the output folder are counted, skipped."""
    # Ids as 64-bit ints: about 70 bytes a paper, so 2.8 million distinct abstracts cost
    # ~200 MB (strings with their source would cost several times that).
    seen: set[int] = set()
    batch: list[Paper] = []
    for item in items:
        progress.reading(item.source)
        if (paper := tally_item(item, summary.inputs, writer)) is None:
            continue
        key = int(paper.paper_id, 16)
        if key in present:
            summary.already_present += 1
            continue
        if key in seen:
            summary.duplicates += 1
            continue
        seen.add(key)
        summary.papers += 1
        batch.append(paper)
        if len(batch) >= size:
            yield batch
            batch = []
    progress.finished_reading()
    if batch:
        yield batch


def _describe(papers: list[Paper]) -> str:
    first, last = papers[0], papers[-1]
    return f"the batch of records {first.record}-{last.record} of {first.source}"


Processor = Callable[[Iterator[list[Paper]]], Iterator[Batch]]


@contextlib.contextmanager
def _processor(config: RunConfig, summary: RunSummary) -> Iterator[Processor]:
    """Batches in, results out in the same order: in this process, or in worker processes
    that are all stopped when the block is left (normally, on error or on a signal)."""
    if config.jobs <= 1:
        worker = Worker(config.rules_dir)
        yield lambda batches: map(worker, batches)
        return
    pool: WorkerPool[list[Paper], Batch] = WorkerPool(
        config.jobs, _work, _init_worker, (config.rules_dir,), warn=_warn
    )
    with pool:
        yield lambda batches: pool.map(batches, _describe)
    summary.worker_restarts = pool.restarts


def _warn(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def run(config: RunConfig) -> RunSummary:
    """Read, extract and publish every table; raises `RunError` with a one-line reason."""
    rules = cached_rules(config.rules_dir)  # a broken rules/ fails before outputs are touched
    try:
        with stop_on_signals(), OutputFolder(config.out) as folder:
            return _run_locked(folder, config, rules)
    except (DatasetError, WorkerLost) as exc:
        raise RunError(str(exc)) from exc
    except OSError as exc:
        raise RunError(f"cannot write outputs to {config.out}: {exc.strerror or exc}") from exc


def _run_locked(folder: OutputFolder, config: RunConfig, rules: Rules) -> RunSummary:
    started = time.time()
    previous = _appendable(folder, config, rules)
    present = _paper_ids(folder.current()) if previous else set()
    with staged(folder, append=previous is not None) as staging:
        if config.cluster is None:
            summary = _extract(staging, config, present)
        else:
            from extract.engines.dask_engine import extract_on_cluster

            summary = extract_on_cluster(staging, config, present)
        _check(summary, config)
        if previous is not None and summary.papers == 0:
            return summary  # everything was already there: the dataset stays as it is
        entry = _run_entry(config, summary, staging, started)
        write_manifest(staging.path, dataset_manifest(rules, previous, entry, summary.rows))
        folder.publish(staging)
        summary.published = True
        return summary


def _appendable(folder: OutputFolder, config: RunConfig, rules: Rules) -> dict[str, Any] | None:
    """With --append, the manifest of the dataset to extend (None: there is none yet);
    refuses outputs of another layout or made with other rules."""
    if not config.append:
        return None
    out = config.out
    if legacy_tables(folder.root):
        raise RunError(
            f"cannot append to {out}: it holds tables in the earlier one-file layout; "
            "run without --append to rebuild it"
        )
    current = folder.current()
    if current is None:
        return None
    manifest = read_manifest(current)
    if manifest is None or manifest.get("layout") != LAYOUT:
        raise RunError(f"cannot append to {out}: its manifest is missing or of another layout")
    if manifest.get("rules_fingerprint") != rules.fingerprint:
        raise RunError(
            f"cannot append to {out}: its tables were made with other rules (fingerprint "
            f"{str(manifest.get('rules_fingerprint'))[:12]}, these rules "
            f"{rules.fingerprint[:12]}); run without --append to rebuild them"
        )
    return manifest


def _paper_ids(version: Path | None) -> set[int]:
    if version is None:
        return set()
    ids = pq.read_table(version / "papers", columns=["paper_id"]).column("paper_id")
    return {int(pid, 16) for pid in ids.to_pylist()}


def _extract(staging: Staging, config: RunConfig, present: set[int]) -> RunSummary:
    t0 = time.perf_counter()
    summary = RunSummary()
    writer = TableWriter(staging.path, staging.number)
    progress = Progress(config.progress, config.inputs)
    batches = _batches(
        read_inputs(config.inputs, config.reader),
        config.batch_size,
        summary,
        writer,
        present,
        progress,
    )
    with _processor(config, summary) as process_batches:
        for batch in process_batches(batches):
            summary.string_store = max(summary.string_store, batch.string_store)
            for table, rows in batch.rows.items():
                writer.write(table, rows)
            progress.update(writer.counts["papers"])
    progress.close()
    note_silent_inputs(config.inputs, summary.inputs)
    writer.close(empty_parts=staging.base is None)
    summary.rows = dict(writer.counts)
    summary.seconds = time.perf_counter() - t0
    summary.peak_rss_mb = _peak_rss_mb()
    return summary


def note_silent_inputs(inputs: Iterable[Path], tallies: dict[str, InputTally]) -> None:
    """An input that produced no record at all (e.g. a folder without a file to read) is
    still named, never silently passed over."""
    for path in inputs:
        name = str(path)
        if name in tallies:
            continue
        inside = name.rstrip("/") + "/"
        if not any(source.startswith(inside) for source in tallies):
            tallies[name] = InputTally(reason="no record could be read from it")


def _check(summary: RunSummary, config: RunConfig) -> None:
    read = summary.papers + summary.duplicates + summary.already_present
    if read == 0:
        raise RunError(
            f"no paper could be read from {len(config.inputs)} input(s) "
            f"({summary.rejects} record(s) rejected)",
            summary.failed_inputs,
        )
    if config.strict and summary.rejects:
        raise RunError(f"--strict: {summary.rejects} record(s) rejected; outputs left unchanged")


def _run_entry(
    config: RunConfig, summary: RunSummary, staging: Staging, started: float
) -> dict[str, Any]:
    """What the manifest records of one run."""
    return {
        "kind": "append" if staging.base is not None else "run",
        "version": staging.number,
        "started_at": _utc(started),
        "finished_at": _utc(time.time()),
        "inputs": [
            {"path": str(p), "bytes": p.stat().st_size if p.is_file() else None}
            for p in config.inputs
        ],
        "jobs": config.jobs,
        "engine": summary.engine,
        "papers": summary.papers,
        "duplicates": summary.duplicates,
        "already_present": summary.already_present,
        "rows": summary.rows,
        "timings": {"total_seconds": round(summary.seconds, 3)},
        "peak_rss_mb": round(summary.peak_rss_mb, 1),
        "string_store_peak": summary.string_store,
        "string_store_reset_every": RESET_EVERY,
        "worker_restarts": summary.worker_restarts,
    }


def _utc(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def dataset_manifest(
    rules: Rules, previous: dict[str, Any] | None, entry: dict[str, Any], added: dict[str, int]
) -> dict[str, Any]:
    """The manifest of a version: what made it, its row totals, and every run into it."""
    before = previous["rows"] if previous else {}
    rows = {t: before.get(t, 0) + n for t, n in added.items()}
    return {
        "layout": LAYOUT,
        "version": __version__,
        "rules_fingerprint": rules.fingerprint,
        "spacy": spacy.about.__version__,
        "papers": rows.get("papers", 0),
        "rows": rows,
        "runs": [*(previous["runs"] if previous else []), entry],
    }


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def publish_batch(out: Path, batch: Batch, rules: Rules, kind: str) -> None:
    """Publish one in-memory batch's rows as a new dataset in `out` (`eval --out`)."""
    with OutputFolder(out) as folder, staged(folder, append=False) as staging:
        writer = TableWriter(staging.path, staging.number)
        for table, rows in batch.rows.items():
            writer.write(table, rows)
        writer.close(empty_parts=True)
        entry = {"kind": kind, "version": staging.number, "finished_at": _utc(time.time())}
        entry["rows"] = dict(writer.counts)
        write_manifest(staging.path, dataset_manifest(rules, None, entry, dict(writer.counts)))
        folder.publish(staging)
