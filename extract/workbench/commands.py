"""The workbench's command handlers (`leaderboard`, `trends`, `report`): arguments in, text
out, one clear line and exit status 2 on a bad name, month or folder."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from extract.rules import NameRegistries, RulesError, load_name_registries
from extract.workbench import BY, FORMATS

if TYPE_CHECKING:
    from extract.workbench.store import Store

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _open(args: argparse.Namespace) -> tuple[Store, NameRegistries]:
    from extract.workbench.store import open_store

    rules = load_name_registries(Path(args.rules) if args.rules else None)
    return open_store(Path(args.folder), rules), rules


def _seen(store: Store, column: str) -> list[str]:
    """Names a run's results and benchmarks hold (unknown datasets are known by these)."""
    table = "benchmarks" if column == "name" else "results"
    if not store.has(table):
        return []
    frame = store.frame(f"SELECT DISTINCT {column} AS n FROM {table} WHERE {column} IS NOT NULL")
    return [str(n) for n in frame["n"]]


def _pair(store: Store, rules: NameRegistries, dataset: str, metric: str) -> tuple[str, str]:
    """Canonical dataset and metric; the run's own names are read only when the registries
    do not know one (an unknown dataset is known by its surface)."""
    from extract.workbench.names import UnknownName, resolve

    def one(kind: Literal["dataset", "metric"], name: str, columns: tuple[str, ...]) -> str:
        try:
            return resolve(rules, kind, name)
        except UnknownName:
            return resolve(rules, kind, name, [n for c in columns for n in _seen(store, c)])

    return one("dataset", dataset, ("dataset", "name")), one("metric", metric, ("metric",))


def leaderboard(args: argparse.Namespace) -> int:
    from extract.workbench.formats import render
    from extract.workbench.leaderboard import BoardQuery, board_rows, board_view, month_start
    from extract.workbench.names import UnknownName
    from extract.workbench.store import StoreError

    try:
        store, rules = _open(args)
        dataset, metric = _pair(store, rules, args.dataset, args.metric)
        if args.category and not store.has("papers", "categories"):
            return _fail(f"the papers table in {args.folder}/ has no categories to filter on")
        query = BoardQuery(
            dataset=dataset,
            metric=metric,
            since=month_start(args.since) if args.since else None,
            until=month_start(args.until, after=True) if args.until else None,
            category=args.category,
            top=args.top,
            all_roles=args.all_roles,
        )
        rows = board_rows(store, query)
    except (StoreError, UnknownName, RulesError, ValueError) as exc:
        return _fail(str(exc))
    if rows.empty:
        print(f"no results for {dataset} / {metric} in {args.folder}/", file=sys.stderr)
    print(render(board_view(rows), args.format))
    return 0


def trends(args: argparse.Namespace) -> int:
    from extract.workbench.formats import render
    from extract.workbench.leaderboard import board_view
    from extract.workbench.names import UnknownName
    from extract.workbench.store import StoreError
    from extract.workbench.trends import best_over_time, rising_and_falling

    try:
        store, rules = _open(args)
        if (args.dataset is None) != (args.metric is None):
            return _fail("--dataset and --metric go together")
        if args.dataset is not None:
            dataset, metric = _pair(store, rules, args.dataset, args.metric)
            steps = best_over_time(store, dataset, metric, all_roles=args.all_roles)
            frame = board_view(steps).drop(columns=["rank"])
        else:
            frame = rising_and_falling(store, args.by, top=args.top, min_papers=args.min_papers)
    except (StoreError, UnknownName, RulesError, ValueError) as exc:
        return _fail(str(exc))
    print(render(frame, args.format))
    return 0


def report(args: argparse.Namespace) -> int:
    from extract.workbench.report import ReportOptions, write_report
    from extract.workbench.store import StoreError

    started = time.perf_counter()
    try:
        store, _ = _open(args)
        options = ReportOptions(boards=args.boards, rows=args.rows, min_papers=args.min_papers)
        out = write_report(store, Path(args.out), options)
    except (StoreError, RulesError, ValueError, OSError) as exc:
        return _fail(str(exc))
    size = out.stat().st_size
    print(f"wrote {out} ({size / 1e6:.2f} MB) in {time.perf_counter() - started:.1f} s")
    return 0


def add_parsers(sub: Subparsers) -> None:
    """The three workbench subcommands, added to the main parser's subcommands."""
    _add_leaderboard(sub)
    _add_trends(sub)
    _add_report(sub)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder", nargs="?", default="outputs", help="output folder (default: outputs)"
    )
    parser.add_argument("--rules", help="rules folder (default: the project's rules/)")


def _shown(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--all-roles", action="store_true", help="keep baseline-role rows")
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format")


def _add_leaderboard(sub: Subparsers) -> None:
    lb = sub.add_parser(
        "leaderboard",
        help="best result per paper on one dataset and metric, ranked",
        description="The best result per paper (and per model within a paper) on a dataset "
        "and metric, sorted in the metric's direction; names through the registries' aliases "
        "('top-1', 'IN-1K'); baseline-role rows left out unless --all-roles.",
    )
    _common(lb)
    lb.add_argument("--dataset", required=True, help="dataset name or alias")
    lb.add_argument("--metric", required=True, help="metric name or alias")
    lb.add_argument("--since", help="first month included, YYYY-MM")
    lb.add_argument("--until", help="last month included, YYYY-MM")
    lb.add_argument("--category", help="arXiv category, e.g. cs.CV (newer outputs)")
    lb.add_argument("--top", type=int, default=20, help="rows shown (default 20)")
    _shown(lb)
    lb.set_defaults(func=leaderboard)


def _add_trends(sub: Subparsers) -> None:
    tr = sub.add_parser(
        "trends",
        help="rising and falling benchmarks, methods or metrics; best value over time",
        description="Papers per 1,000 using a benchmark, method or metric: the largest rises "
        "and falls between the earlier and the later half of the run's dated papers. "
        "With --dataset and --metric: the results that set a new best, in date order.",
    )
    _common(tr)
    tr.add_argument("--by", choices=BY, default="benchmark", help="what to count")
    tr.add_argument("--top", type=int, default=10, help="rising and falling rows each")
    tr.add_argument("--min-papers", type=int, default=10, help="ignore rarer items")
    tr.add_argument("--dataset", help="with --metric: best value over time on this dataset")
    tr.add_argument("--metric", help="with --dataset: the metric")
    _shown(tr)
    tr.set_defaults(func=trends)


def _add_report(sub: Subparsers) -> None:
    rp = sub.add_parser(
        "report",
        help="one self-contained offline HTML report with leaderboards and plots",
        description="Write a static HTML file (no CDN, no server): the run's overview, "
        "leaderboards with evidence and state-of-the-art-over-time plots for the most used "
        "dataset x metric pairs, rising benchmarks, code availability by month, the most "
        "proposed methods and the most frequent unknown datasets.",
    )
    _common(rp)
    rp.add_argument("--out", default="report.html", help="HTML file (default: report.html)")
    rp.add_argument("--boards", type=int, default=8, help="leaderboards shown (default 8)")
    rp.add_argument("--rows", type=int, default=10, help="rows per leaderboard (default 10)")
    rp.add_argument(
        "--min-papers", type=int, default=10, help="papers a benchmark needs to be a trend"
    )
    rp.set_defaults(func=report)
