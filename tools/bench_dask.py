"""Interleaved A/B of the two engines on one machine: `run --jobs W` against
`run --engine dask --local-workers W`, each timed end to end (start-up included) as a
separate process, alternating which goes first, the minimum of the repeats kept (a shared
machine's noise only ever adds time). Prints the overhead, the peak memory of each worker,
and the time projected for 2.8M and 100M abstracts on N cores from the measured rate.

    python tools/bench_dask.py                       # the whole corpus, 2 workers, 3 repeats
    python tools/bench_dask.py --limit 10000 --repeats 2
    python tools/bench_dask.py --limit 10000 --repeats 1 --partition-sizes 4MB 16MB 64MB

The corpus is first written uncompressed (a gzip file is one partition: Dask could not
spread it over workers); both engines read that same file.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "arxiv_cs_2025.jsonl.gz"
PROJECTIONS = (2_800_000, 100_000_000)
CORES = (2, 32, 128, 512)


def plain_copy(corpus: Path, limit: int | None, folder: Path) -> Path:
    """The corpus (its first `limit` lines) as an uncompressed JSON Lines file."""
    target = folder / "corpus.jsonl"
    opener = gzip.open if corpus.name.endswith(".gz") else open
    with opener(corpus, "rt", encoding="utf-8") as src, target.open("w", encoding="utf-8") as dst:
        dst.writelines(itertools.islice(src, limit))
    return target


def timed_run(args: list[str], out: Path) -> dict[str, Any]:
    """One `python -m extract run` in its own process: wall seconds and its manifest entry."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "extract", "run", *args, "--out", str(out), "--quiet"]
    t0 = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr}")
    entry: dict[str, Any] = json.loads((out / "manifest.json").read_text())["runs"][-1]
    return {"seconds": seconds, "entry": entry}


def ab(
    data: Path, workers: int, repeats: int, partition: str | None, tmp: Path
) -> dict[str, list[dict[str, Any]]]:
    engines = {
        "local": [str(data), "--jobs", str(workers)],
        "dask": [str(data), "--engine", "dask", "--local-workers", str(workers)],
    }
    if partition:
        engines["dask"] += ["--partition-size", partition]
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in engines}
    for r in range(repeats):
        order = list(engines) if r % 2 == 0 else list(reversed(engines))
        for name in order:
            result = timed_run(engines[name], tmp / name)
            runs[name].append(result)
            print(f"  repeat {r + 1} {name}: {result['seconds']:.1f} s", flush=True)
    rows = {name: runs[name][0]["entry"]["rows"] for name in runs}
    if rows["local"] != rows["dask"]:
        raise SystemExit(f"the engines wrote different row counts: {rows}")
    return runs


def report(runs: dict[str, list[dict[str, Any]]], workers: int) -> None:
    best = {name: min(r["seconds"] for r in results) for name, results in runs.items()}
    papers = runs["local"][0]["entry"]["papers"]
    overhead = best["dask"] / best["local"] - 1
    print(
        f"\n{papers:,} abstracts, {workers} workers (min of {len(runs['local'])} repeats, start-up included)"
    )
    print("| engine | time | abstracts/s | per core | peak RSS per worker |")
    print("|---|---|---|---|---|")
    for name in ("local", "dask"):
        entry = runs[name][0]["entry"]
        peaks = entry.get("engine", {}).get("worker_peak_rss_mb") or {"all": entry["peak_rss_mb"]}
        rss = ", ".join(f"{v:,.0f}" for v in sorted(peaks.values())) + " MiB"
        rate = papers / best[name]
        print(f"| {name} | {best[name]:.1f} s | {rate:,.0f} | {rate / workers:,.0f} | {rss} |")
    print(f"\ndask overhead: {overhead:+.1%} (target <= +15%)")
    per_core = papers / best["dask"] / workers
    print(
        f"\nprojected with dask at {per_core:,.0f} abstracts/s per core (compute only, no start-up):"
    )
    print("| abstracts | " + " | ".join(f"{n} cores" for n in CORES) + " |")
    print("|---|" + "---|" * len(CORES))
    for total in PROJECTIONS:
        cells = [_duration(total / (per_core * n)) for n in CORES]
        print(f"| {total:,} | " + " | ".join(cells) + " |")


def _duration(seconds: float) -> str:
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def memory_by_partition(data: Path, workers: int, sizes: list[str], tmp: Path) -> None:
    print("\n| partition size | partitions | peak RSS per worker | time |")
    print("|---|---|---|---|")
    for size in sizes:
        args = [
            str(data),
            "--engine",
            "dask",
            "--local-workers",
            str(workers),
            "--partition-size",
            size,
        ]
        result = timed_run(args, tmp / "mem")
        engine = result["entry"]["engine"]
        rss = ", ".join(f"{v:,.0f}" for v in sorted(engine["worker_peak_rss_mb"].values()))
        print(
            f"| {size} | {engine['partitions']} | {rss} MiB | {result['seconds']:.1f} s |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", nargs="?", default=str(CORPUS))
    parser.add_argument("--limit", type=int, help="only the first N abstracts")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--partition-size", help="dask partition size (default: the engine's)")
    parser.add_argument("--partition-sizes", nargs="*", help="also: worker memory at these sizes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_dask_") as name:
        tmp = Path(name)
        data = plain_copy(Path(args.corpus), args.limit, tmp)
        print(f"A/B on {data} ({data.stat().st_size / 2**20:,.1f} MiB)", flush=True)
        runs = ab(data, args.workers, args.repeats, args.partition_size, tmp)
        report(runs, args.workers)
        if args.partition_sizes:
            memory_by_partition(data, args.workers, args.partition_sizes, tmp)


if __name__ == "__main__":
    main()
