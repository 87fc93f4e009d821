"""Runs the core over inputs: stream, deduplicate, batch, fan out across cores, write.

Memory stays flat with input size: papers are read lazily, batched, processed with a
bounded number of batches in flight, and written a row group at a time. Output is the same
with any number of jobs (results are written in submission order).
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing as mp
import os
import resource
import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any

import spacy

from extract import __version__
from extract.core import Batch, process
from extract.nlp import Tools, build_nlp, build_tools
from extract.readers import ReaderOptions, estimate_records, read_inputs
from extract.rules import cached_rules
from extract.schemas import Paper, Reject
from extract.tables import TableWriter, staged_output, write_manifest

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"
# spaCy's string store keeps every new token text; rebuilding the pipeline every this many
# papers bounds it (about 120k strings per 20k real abstracts) at a cost of ~0.2 s a
# rebuild (the compiled rules are kept).
RESET_EVERY = 20_000


class RunError(RuntimeError):
    """The run could not complete; the message is the one-line reason for the user."""


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


@dataclass
class RunSummary:
    papers: int = 0
    duplicates: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    string_store: int = 0

    @property
    def rejects(self) -> int:
        return self.rows.get("rejects", 0)


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
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: just stop
    _WORKER = Worker(rules_dir)


def _work(papers: list[Paper]) -> Batch:
    assert _WORKER is not None
    return _WORKER(papers)


def _batches(
    items: Iterable[Paper | Reject], size: int, summary: RunSummary, writer: TableWriter
) -> Iterator[list[Paper]]:
    """Group papers into batches; reader rejects and duplicates are written as they come."""
    # The ids read so far, as 64-bit ints: about 70 bytes a paper, so 2.8 million distinct
    # abstracts cost ~200 MB (strings with their source would cost several times that).
    seen: set[int] = set()
    batch: list[Paper] = []
    for item in items:
        if isinstance(item, Reject):
            writer.write("rejects", [item])
            continue
        key = int(item.paper_id, 16)
        if key in seen:
            summary.duplicates += 1
            writer.write(
                "rejects",
                [
                    Reject(
                        source=item.source,
                        record=item.record,
                        reason=f"duplicate of paper {item.paper_id}, read earlier in this run; "
                        "processed once",
                        excerpt=" ".join(item.abstract.split())[:120],
                    )
                ],
            )
            continue
        seen.add(key)
        summary.papers += 1
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Progress:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.start = time.perf_counter()
        self.last = 0.0

    def update(self, done: int, total_hint: int | None = None) -> None:
        now = time.perf_counter()
        if not self.enabled or now - self.last < 0.5:
            return
        self.last = now
        rate = done / max(now - self.start, 1e-9)
        left = ""
        if total_hint and total_hint > done:
            left = f", ~{(total_hint - done) / max(rate, 1e-9):.0f} s left"
        sys.stderr.write(f"\r{done:,} papers, {rate:,.0f} papers/s{left}   ")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


_PARENT = os.getpid()


def _raise_interrupt(signum: int, frame: Any) -> None:
    """In the parent, SIGTERM unwinds like Ctrl-C so staging is cleaned up; a worker forked
    before its initializer ran just exits quietly."""
    if os.getpid() != _PARENT:
        os._exit(128 + signum)
    raise KeyboardInterrupt(f"signal {signum}")


def run(config: RunConfig) -> RunSummary:
    """Read, extract and write every table; raises `RunError` with a one-line reason."""
    global _PARENT
    _PARENT = os.getpid()
    cached_rules(config.rules_dir)  # a broken rules/ fails here, before any output is touched
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        with staged_output(config.out) as staging:
            return _run_into(staging, config)
    except OSError as exc:
        raise RunError(f"cannot write outputs to {config.out}: {exc.strerror or exc}") from exc
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run_into(staging: Path, config: RunConfig) -> RunSummary:
    started = time.time()
    t0 = time.perf_counter()
    rules = cached_rules(config.rules_dir)
    summary = RunSummary()
    writer = TableWriter(staging)
    progress = _Progress(config.progress)
    total = estimate_records(config.inputs) if config.progress else None
    batches = _batches(
        read_inputs(config.inputs, config.reader), config.batch_size, summary, writer
    )
    for batch in _map(config, batches):
        summary.string_store = max(summary.string_store, batch.string_store)
        for table, rows in batch.rows.items():
            writer.write(table, rows)
        progress.update(writer.counts["papers"], total)
    progress.close()
    writer.close()
    summary.rows = dict(writer.counts)
    summary.seconds = time.perf_counter() - t0
    summary.peak_rss_mb = _peak_rss_mb()
    if summary.papers == 0:
        raise RunError(
            f"no paper could be read from {len(config.inputs)} input(s) "
            f"({summary.rejects} record(s) rejected)"
        )
    if config.strict and summary.rejects:
        raise RunError(f"--strict: {summary.rejects} record(s) rejected; outputs left unchanged")
    write_manifest(
        staging,
        {
            "version": __version__,
            "rules_fingerprint": rules.fingerprint,
            "spacy": spacy.about.__version__,
            "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
            "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "inputs": [
                {"path": str(p), "bytes": p.stat().st_size if p.is_file() else None}
                for p in config.inputs
            ],
            "jobs": config.jobs,
            "papers": summary.papers,
            "duplicates": summary.duplicates,
            "rows": summary.rows,
            "timings": {"total_seconds": round(summary.seconds, 3)},
            "peak_rss_mb": round(summary.peak_rss_mb, 1),
            "string_store_peak": summary.string_store,
            "string_store_reset_every": RESET_EVERY,
        },
    )
    return summary


def _map(config: RunConfig, batches: Iterator[list[Paper]]) -> Iterator[Batch]:
    """Process batches in order, in this process or in a pool with a bounded window."""
    if config.jobs <= 1:
        worker = Worker(config.rules_dir)
        for papers in batches:
            yield worker(papers)
        return
    first = next(batches, None)
    if first is None:
        return  # nothing to do: no pool to start
    ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
    with ctx.Pool(config.jobs, initializer=_init_worker, initargs=(config.rules_dir,)) as pool:
        window: deque[AsyncResult[Batch]] = deque()
        for papers in itertools.chain([first], batches):
            window.append(pool.apply_async(_work, (papers,)))
            if len(window) >= 2 * config.jobs:
                yield window.popleft().get()
        while window:
            yield window.popleft().get()


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
