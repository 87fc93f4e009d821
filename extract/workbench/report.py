"""The offline HTML report: one self-contained file (styles and SVG plots inline, no script,
no CDN) rendered from a Jinja2 template over DuckDB queries of a run's tables."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import jinja2
import pandas as pd

from extract.workbench import plots
from extract.workbench.leaderboard import (
    BoardQuery,
    board_rows,
    locate_value,
    shown_date,
    written_value,
)
from extract.workbench.store import Store
from extract.workbench.trends import best_over_time, code_by_month, monthly, rising_and_falling


@dataclass(frozen=True)
class ReportOptions:
    boards: int = 8  # leaderboards for the most used dataset x metric pairs
    rows: int = 10  # rows per leaderboard
    min_papers: int = 10  # papers a benchmark needs to count as rising
    min_board_papers: int = 3  # a leaderboard of fewer papers is not a leaderboard
    top: int = 15  # rows of the method, unknown-dataset and claim lists


_PAIRS_SQL = """
SELECT dataset, metric, count(DISTINCT paper_id) AS papers
FROM results
WHERE dataset IS NOT NULL AND metric IS NOT NULL AND value_norm IS NOT NULL
GROUP BY dataset, metric HAVING count(DISTINCT paper_id) >= $min
ORDER BY papers DESC, dataset, metric LIMIT $n
"""


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return cast(list[dict[str, Any]], frame.to_dict("records"))


def _evidence_parts(evidence: str, value: float) -> tuple[str, str, str]:
    """The evidence sentence split around the value (for a highlight)."""
    span = locate_value(evidence, value)
    if span is None:
        return evidence, "", ""
    return evidence[: span[0]], evidence[span[0] : span[1]], evidence[span[1] :]


def _arxiv_url(paper: str) -> str | None:
    head = paper.split("v")[0]
    if len(head) >= 9 and head[4] == "." and head.replace(".", "").isdigit():
        return f"https://arxiv.org/abs/{paper}"
    return None


def _board(
    store: Store, dataset: str, metric: str, papers: int, opts: ReportOptions
) -> dict[str, Any]:
    rows = board_rows(store, BoardQuery(dataset=dataset, metric=metric, top=None))
    steps = best_over_time(store, dataset, metric)
    up = bool(rows["up"].iloc[0]) if len(rows) else True
    dated = rows[rows["date"].notna()]
    plot = plots.best_over_time_svg(dated, steps, metric, up) if len(steps) else None
    entries = []
    for row in _records(rows.head(opts.rows)):
        entries.append(
            {
                "rank": row["rank"],
                "value": written_value(
                    row["value"], row["unit"], row["qualifier"], row["evidence"]
                ),
                "model": row["model"] if pd.notna(row["model"]) else "",
                "title": row["title"] if pd.notna(row["title"]) else row["paper"],
                "paper": row["paper"],
                "url": _arxiv_url(str(row["paper"])),
                "date": shown_date(row["date"], row["date_precision"]) or "",
                "code": row["code"] if pd.notna(row["code"]) else None,
                "evidence": _evidence_parts(str(row["evidence"]), float(row["value"])),
                "rule_id": row["rule_id"],
            }
        )
    return {
        "dataset": dataset,
        "metric": metric,
        "papers": papers,
        "direction": "higher is better" if up else "lower is better",
        "rows": entries,
        "plot": plot,
        "undated": int(rows["date"].isna().sum()),
    }


def _overview(store: Store) -> dict[str, Any]:
    counts = {t: int(store.frame(f"SELECT count(*) AS n FROM {t}")["n"][0]) for t in store.columns}
    papers = store.frame(
        "SELECT count(*) AS n, count(published) AS dated, min(published) AS first, "
        "max(published) AS last, count(*) FILTER (code_status = 'released') AS released, "
        "count(*) FILTER (code_status = 'promised') AS promised, "
        "count(*) FILTER (claims_sota) AS sota FROM papers"
    ).iloc[0]
    manifest_path = store.folder / "manifest.json"
    manifest = (
        json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    )
    return {
        "counts": counts,
        "papers": papers.to_dict(),
        "first": pd.Timestamp(papers["first"]).strftime("%Y-%m")
        if pd.notna(papers["first"])
        else "",
        "last": pd.Timestamp(papers["last"]).strftime("%Y-%m") if pd.notna(papers["last"]) else "",
        "version": manifest.get("version", ""),
        "rules": manifest.get("rules_fingerprint", ""),
    }


def _rising(store: Store, opts: ReportOptions) -> dict[str, Any]:
    if not store.has("benchmarks"):
        return {"rows": [], "plot": None}
    table = rising_and_falling(store, "benchmark", top=opts.top, min_papers=opts.min_papers)
    rising = table[table["trend"] == "rising"]
    items = list(rising["benchmark"].head(5))
    counts = monthly(store, "benchmark")
    plot = plots.monthly_lines_svg(counts, items, "papers per 1,000") if items else None
    return {"rows": _records(rising), "plot": plot}


def _code_by_month(store: Store) -> str | None:
    by_month = code_by_month(store)
    return plots.code_by_month_svg(by_month) if len(by_month) else None


# The report's lists: name -> (the table they need, the query; $n is the length)
_LISTS = {
    "methods": (
        "methods",
        "SELECT method_key AS key, mode(name) AS name, count(DISTINCT paper_id) AS papers "
        "FROM methods WHERE role = 'proposed' GROUP BY method_key "
        "ORDER BY papers DESC, key LIMIT $n",
    ),
    "unknown": (
        "benchmarks",
        "SELECT name, count(DISTINCT paper_id) AS papers, mode(evidence) AS example "
        "FROM benchmarks WHERE NOT known GROUP BY name ORDER BY papers DESC, name LIMIT $n",
    ),
    "claims": (
        "flags",
        "SELECT dataset, count(DISTINCT paper_id) AS papers FROM flags "
        "WHERE flag = 'claims_sota' AND dataset IS NOT NULL GROUP BY dataset "
        "ORDER BY papers DESC, dataset LIMIT $n",
    ),
}


def _lists(store: Store, opts: ReportOptions) -> dict[str, list[dict[str, Any]]]:
    """Each list's rows; empty when the output has no table for it (older runs: no flags)."""
    return {
        name: _records(store.frame(sql, {"n": opts.top})) if store.has(table) else []
        for name, (table, sql) in _LISTS.items()
    }


def render_report(store: Store, opts: ReportOptions) -> str:
    pairs = store.frame(
        _PAIRS_SQL,
        {"min": opts.min_board_papers, "n": opts.boards},
    )
    boards = [
        _board(store, str(p["dataset"]), str(p["metric"]), int(p["papers"]), opts)
        for p in _records(pairs)
    ]
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("extract.workbench", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("report.html.j2").render(
        folder=str(store.folder),
        overview=_overview(store),
        boards=boards,
        rising=_rising(store, opts),
        code_plot=_code_by_month(store),
        lists=_lists(store, opts),
        min_papers=opts.min_papers,
        min_board_papers=opts.min_board_papers,
    )


def write_report(store: Store, out: Path, opts: ReportOptions) -> Path:
    """Render and write atomically: a temporary file beside `out`, moved into place."""
    html = render_report(store, opts)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(html)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
