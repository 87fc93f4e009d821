"""Benchmark: the full pipeline against a bare `spacy.blank("en")` pass on the same texts.

Each pipeline run happens in its own process so its peak memory is its own; the bare
tokenisation pass runs here, on one core, over exactly the texts the pipeline reads.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import spacy

from extract.readers import read_inputs
from extract.runner import default_inputs
from extract.schemas import Paper

# The scale targets (issue 6), judged on a real corpus with 1 and 2 jobs.
MAX_RATIO_TO_BARE = 3.0  # one job, against bare tokenisation of the same texts on one core
MIN_SPEEDUP_2_JOBS = 1.7
MAX_PEAK_RSS_MB = 1.5 * 1024


def verdict(bare: float, timings: dict[int, float], peak_rss_mb: float) -> tuple[bool, list[str]]:
    """Whether the measured figures meet the targets, with one line per target measured."""
    checks: list[tuple[str, bool]] = []
    if 1 in timings:
        ratio = timings[1] / bare
        checks.append(
            (
                f"1 job {ratio:.2f}x bare (target <= {MAX_RATIO_TO_BARE}x)",
                ratio <= MAX_RATIO_TO_BARE,
            )
        )
    if 1 in timings and 2 in timings:
        speedup = timings[1] / timings[2]
        checks.append(
            (
                f"2 jobs {speedup:.2f}x faster than 1 (target >= {MIN_SPEEDUP_2_JOBS}x)",
                speedup >= MIN_SPEEDUP_2_JOBS,
            )
        )
    checks.append(
        (
            f"peak RSS {peak_rss_mb:,.0f} MiB (target <= {MAX_PEAK_RSS_MB:,.0f} MiB)",
            peak_rss_mb <= MAX_PEAK_RSS_MB,
        )
    )
    lines = [f"{'met' if ok else 'NOT MET'}: {text}" for text, ok in checks]
    return all(ok for _, ok in checks), lines


@dataclass(frozen=True)
class BenchConfig:
    corpus: Path | None = None
    minimum: int = 10_000
    jobs: tuple[int, ...] = (1, 2)
    limit: int | None = None
    repeat: int = 1


def _load(config: BenchConfig) -> list[Paper]:
    inputs = (config.corpus,) if config.corpus else default_inputs()
    papers = [p for p in read_inputs(inputs) if isinstance(p, Paper)]
    if config.limit:
        papers = papers[: config.limit]
    if config.corpus is None:
        # The built-in sample is small: repeat it (with distinct texts, so nothing dedupes).
        base = list(papers)
        copies = -(-config.minimum // max(len(base), 1))
        papers = [
            p.model_copy(update={"abstract": f"{p.abstract} [{i}]"})
            for i in range(copies)
            for p in base
        ]
    return papers * max(config.repeat, 1)


def _write_corpus(papers: list[Paper], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for p in papers:
            out.write(
                json.dumps({"id": p.source_id, "title": p.title, "abstract": p.abstract}) + "\n"
            )


def _bare_tokenisation(papers: list[Paper]) -> float:
    nlp = spacy.blank("en")
    texts = [t for p in papers for t in ((p.title,) if p.title else ()) + (p.abstract,)]
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=256):
        pass
    return time.perf_counter() - start


def _pipeline(corpus: Path, jobs: int, out: Path) -> dict[str, object]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "extract", "run", str(corpus), "--out", str(out),
         "--jobs", str(jobs), "--quiet"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"pipeline run failed: {proc.stderr.strip()}")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {"seconds": seconds, "manifest": manifest["runs"][-1]}  # this run's figures


class _Lines(list[str]):
    """Report lines, also printed as they come (a long benchmark shows its progress)."""

    def append(self, line: str) -> None:
        print(line, flush=True)
        super().append(line)


def run_bench(config: BenchConfig) -> tuple[bool, str]:
    """Run the benchmark, printing each line as it is measured; returns whether the targets
    were met and the whole report."""
    papers = _load(config)
    n = len(papers)
    lines = _Lines()
    lines.append(f"corpus: {config.corpus or 'built-in sample, repeated'}; {n:,} abstracts")
    with tempfile.TemporaryDirectory(prefix="extract-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        _write_corpus(papers, corpus)
        bare = _bare_tokenisation(papers)
        lines.append(
            f"{'bare tokenisation, 1 core:':<28}{bare:8.1f} s  {n / bare:8,.0f} abstracts/s"
        )
        timings: dict[int, float] = {}
        peak = 0.0
        for jobs in config.jobs:
            got = _pipeline(corpus, jobs, Path(tmp) / f"out-{jobs}")
            seconds = float(got["seconds"])  # type: ignore[arg-type]
            manifest = got["manifest"]
            assert isinstance(manifest, dict)
            timings[jobs] = seconds
            peak = max(peak, float(manifest["peak_rss_mb"]))
            rows = manifest["rows"]
            n_rows = sum(v for k, v in rows.items() if k != "rejects")
            label = f"full pipeline, {jobs} job(s):"
            lines.append(
                f"{label:<28}{seconds:8.1f} s  {n / seconds:8,.0f} abstracts/s  "
                f"ratio to bare {seconds / bare:4.2f}x  "
                f"peak RSS {manifest['peak_rss_mb']:,.0f} MiB "
                f"(largest process)  rows {n_rows:,}  duplicates {manifest['duplicates']:,}  "
                f"string store peak {manifest['string_store_peak']:,} "
                f"(pipeline rebuilt every {manifest['string_store_reset_every']:,} papers)"
            )
        if 1 in timings and len(timings) > 1:
            best = min(timings, key=lambda j: timings[j])
            lines.append(f"speed-up with {best} jobs over 1: {timings[1] / timings[best]:.2f}x")
    ok, judged = verdict(bare, timings, peak)
    if config.corpus is None:
        # The repeated sample flatters the bare tokeniser (its cache sees the same words).
        lines.append("targets (judge them on a real corpus, not the repeated sample):")
    for line in judged:
        lines.append(line)
    return ok, "\n".join(lines)
