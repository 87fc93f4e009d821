"""Coverage report over a run's tables: what the registries know and what they miss.

The most frequent unknown dataset names are how the benchmark registry grows.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from extract.dataset import table_path


def _top(series: pd.Series, top: int) -> list[str]:
    counts = series.value_counts().head(top)
    return [f"  {n:>7,}  {name}" for name, n in counts.items()]


def coverage_report(folder: Path, top: int = 20) -> str:
    """Papers with a known benchmark, the most frequent benchmarks, unknown names, metrics."""
    papers = pd.read_parquet(table_path(folder, "papers"), columns=["paper_id", "code_status"])
    bench = pd.read_parquet(table_path(folder, "benchmarks"), columns=["paper_id", "name", "known"])
    results = pd.read_parquet(table_path(folder, "results"), columns=["paper_id", "metric"])
    impr = pd.read_parquet(table_path(folder, "improvements"), columns=["paper_id", "metric"])
    methods = pd.read_parquet(table_path(folder, "methods"), columns=["paper_id", "name", "role"])
    n = len(papers)
    known = bench[bench["known"]]
    with_known = known["paper_id"].nunique()
    lines = [
        f"papers: {n:,}",
        f"papers with at least one known benchmark: {with_known:,} ({with_known / max(n, 1):.1%})",
        f"papers with a result: {results['paper_id'].nunique():,}; "
        f"with an improvement: {impr['paper_id'].nunique():,}",
        f"papers with a proposed method: "
        f"{methods[methods['role'] == 'proposed']['paper_id'].nunique():,}",
        f"code released / promised: {(papers['code_status'] == 'released').sum():,} / "
        f"{(papers['code_status'] == 'promised').sum():,}",
        "\nmost frequent known benchmarks (papers):",
        *_top(known.drop_duplicates(["paper_id", "name"])["name"], top),
        "\nmost frequent unknown dataset names (papers):",
        *_top(bench[~bench["known"]].drop_duplicates(["paper_id", "name"])["name"], top),
        "\nmost frequent metrics (results + improvements):",
        *_top(pd.concat([results["metric"], impr["metric"]]).dropna(), top),
    ]
    return "\n".join(lines)
