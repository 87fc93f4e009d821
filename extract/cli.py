"""Command line: `run`, `eval`, `stats`, `compact`, `bench`, and the workbench's `leaderboard`,
`trends`, `report`. Thin: parse arguments, call the core."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from extract.readers import FORMATS, ReaderOptions
from extract.rules import RulesError

if TYPE_CHECKING:
    from extract.engines import DaskOptions
    from extract.runner import RunSummary


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1 (wrong: exit 2 with the reason)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _report_inputs(failed: list[tuple[str, str]]) -> None:
    for source, reason in failed:
        print(f"error: {source}: {reason}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    from extract.runner import RunConfig, RunError, cpu_count, default_inputs, run

    inputs = tuple(Path(p) for p in args.inputs) or default_inputs()
    out = Path(args.out)
    try:
        cluster = _cluster_options(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if cluster is not None and cluster.scheduler:
        # the workers' working folder is not this one: they are given absolute paths
        inputs, out = tuple(p.absolute() for p in inputs), out.absolute()
    config = RunConfig(
        inputs=inputs,
        out=out,
        jobs=args.jobs or cpu_count(),
        batch_size=args.batch_size,
        reader=ReaderOptions(
            text_column=args.text_column,
            id_column=args.id_column,
            title_column=args.title_column,
            format=args.format,
        ),
        strict=args.strict,
        progress=not args.quiet and sys.stderr.isatty(),
        rules_dir=Path(args.rules) if args.rules else None,
        append=args.append,
        cluster=cluster,
    )
    try:
        summary = run(config)
    except RunError as exc:
        _report_inputs(exc.failed_inputs)
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except RulesError as exc:
        print(f"error: invalid rules: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: previous outputs left unchanged", file=sys.stderr)
        return 130
    _report_inputs(summary.failed_inputs)
    print(_summary_line(summary, len(inputs), config.out))
    return 1 if summary.failed_inputs else 0


def _cluster_options(args: argparse.Namespace) -> DaskOptions | None:
    """The Dask engine's options (None for the local engine); ValueError says what is wrong,
    including a missing dask install, in one line."""
    from extract.engines import DaskMissing, DaskOptions, parse_size, require_dask

    if args.engine == "local":
        if args.scheduler or args.local_workers or args.partition_size:
            raise ValueError("--scheduler, --local-workers and --partition-size need --engine dask")
        return None
    if args.scheduler and args.local_workers:
        raise ValueError("give --scheduler ADDRESS or --local-workers N, not both")
    if args.jobs:
        raise ValueError("--jobs is for --engine local; with dask give --local-workers N")
    try:
        require_dask()
    except DaskMissing as exc:
        raise ValueError(str(exc)) from None
    options = DaskOptions(scheduler=args.scheduler, local_workers=args.local_workers or 2)
    if args.partition_size:
        options = replace(options, partition_bytes=parse_size(args.partition_size))
    return options


def _summary_line(summary: RunSummary, n_inputs: int, out: Path) -> str:
    read = f"read {summary.papers:,} papers from {n_inputs} input(s)"
    skipped = f"{summary.duplicates:,} duplicates skipped"
    if summary.already_present:
        skipped += f", {summary.already_present:,} already in {out}/"
    if not summary.published:
        # with no new paper the folder is left exactly as it was, its rejects included
        rejected = f" ({summary.rejects:,} records rejected)" if summary.rejects else ""
        return f"{read} ({skipped}); nothing new to add{rejected}: tables in {out}/ unchanged"
    rows = ", ".join(f"{t}={n:,}" for t, n in summary.rows.items() if t != "rejects")
    return (
        f"{read} ({skipped}); rows: {rows}; rejects: {summary.rejects:,};"
        f" {summary.seconds:.1f} s ({summary.papers / max(summary.seconds, 1e-9):,.0f} papers/s);"
        f" tables in {out}/"
    )


def _eval(args: argparse.Namespace) -> int:
    from extract.core import process
    from extract.evaluate import dump_scores, gold_papers, load_gold, report, score
    from extract.nlp import build_tools
    from extract.rules import load_rules

    cases = load_gold(Path(args.gold))
    papers = gold_papers(cases, args.gold)
    rules_dir = Path(args.rules) if args.rules else None
    try:
        tools = build_tools(load_rules(rules_dir))
    except RulesError as exc:
        print(f"error: invalid rules: {exc}", file=sys.stderr)
        return 2
    batch = process(papers, tools)
    if args.out:
        from extract.rules import cached_rules
        from extract.runner import RunError, publish_batch

        try:
            publish_batch(Path(args.out), batch, cached_rules(rules_dir), "eval")
        except (RunError, OSError, RuntimeError) as exc:
            print(f"error: cannot write outputs to {args.out}: {exc}", file=sys.stderr)
            return 2
    scores = score(cases, batch)
    show = list(args.show or [])
    if args.show_all:
        show = [
            "methods.proposed",
            "methods.mentioned",
            "benchmarks",
            "results.value+metric+dataset",
        ]
        show += ["improvements.delta+metric+dataset", "links", "code_status", "claims_sota"]
    print(report(scores, show))
    if args.json:
        dump_scores(scores, Path(args.json))
    return 0


def _stats(args: argparse.Namespace) -> int:
    from extract.dataset import table_path
    from extract.stats import coverage_report

    folder = Path(args.folder)
    if not table_path(folder, "papers").exists():
        print(f"error: no tables in {folder}/; run `python -m extract run` first", file=sys.stderr)
        return 2
    print(coverage_report(folder, top=args.top))
    return 0


def _compact(args: argparse.Namespace) -> int:
    from extract.compact import compact
    from extract.dataset import CURRENT, DatasetError

    folder = Path(args.folder)
    if not (folder / CURRENT).is_dir():  # checked again under the folder's lock
        print(f"error: no dataset in {folder}/; run `python -m extract run` first", file=sys.stderr)
        return 2
    try:
        counts = compact(folder)
    except (DatasetError, OSError) as exc:
        print(f"error: cannot compact {folder}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: previous outputs left unchanged", file=sys.stderr)
        return 130
    parts = ", ".join(f"{t} {before}->{after}" for t, (before, after) in counts.items())
    print(f"compacted {folder}/ (part files per table: {parts})")
    return 0


def _bench(args: argparse.Namespace) -> int:
    from extract.bench import BenchConfig, run_bench

    config = BenchConfig(
        corpus=Path(args.corpus) if args.corpus else None,
        minimum=args.minimum,
        jobs=tuple(args.jobs or (1, 2)),
        limit=args.limit,
        repeat=args.repeat,
    )
    ok, _ = run_bench(config)  # prints its lines as it measures them
    return 0 if ok or not args.check else 1


def _add_engine_arguments(run: argparse.ArgumentParser) -> None:
    engine = run.add_argument_group("engine (see README: Cluster)")
    engine.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: this machine's processes (--jobs); dask: a Dask cluster (needs the "
        "[dask] extra)",
    )
    engine.add_argument("--scheduler", help="dask: address of a running scheduler")
    engine.add_argument(
        "--local-workers",
        type=_positive,
        help="dask: start a local cluster of N worker processes (default 2)",
    )
    engine.add_argument(
        "--partition-size",
        help="dask: input bytes per partition, e.g. 64MB (default: 16MiB, or less so that "
        "the input makes about 16 partitions per worker)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m extract",
        description="Extract methods, benchmarks, results, improvements and links from ML "
        "paper abstracts into Parquet tables.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser(
        "run",
        help="extract tables from input files",
        description="Read abstracts (Abstract:-per-line text, paper-listing text, JSON Lines, "
        "CSV, Parquet; .gz accepted) and write Parquet tables (a folder of part files each) "
        "and manifest.json. Exit status: 0 every input read (record rejects allowed), 1 some "
        "input gave no paper (the others were written), 2 nothing read, outputs not writable "
        "or wrong arguments.",
    )
    run.add_argument("inputs", nargs="*", help="input files (default: the built-in samples/)")
    run.add_argument("--out", default="outputs", help="output folder (default: outputs)")
    run.add_argument("--jobs", type=_positive, help="processes, at least 1 (default: all cores)")
    run.add_argument("--batch-size", type=_positive, default=200, help="papers per batch")
    run.add_argument(
        "--append",
        action="store_true",
        help="add only papers not yet in the output folder, as new part files",
    )
    run.add_argument("--format", choices=FORMATS, help="force an input format")
    run.add_argument(
        "--text-column", help="column holding the abstract (default: abstract/summary/text)"
    )
    run.add_argument("--id-column", help="column holding the source id (default: id)")
    run.add_argument("--title-column", help="column holding the title (default: title)")
    run.add_argument(
        "--strict", action="store_true", help="fail (and keep old outputs) on any reject"
    )
    run.add_argument("--quiet", action="store_true", help="no progress bar, only the summary line")
    run.add_argument("--rules", help="rules folder (default: the project's rules/)")
    _add_engine_arguments(run)
    run.set_defaults(func=_run)

    ev = sub.add_parser(
        "eval",
        help="score the pipeline against a golden file",
        description="Run the pipeline on a golden file's papers and print precision, recall "
        "and F1 per field, scored as spec/EXTRACTION.md says.",
    )
    ev.add_argument("gold", help="golden JSON Lines file")
    ev.add_argument("--out", help="also write the tables for the golden papers here")
    ev.add_argument("--show", action="append", help="print misses and false hits of a field")
    ev.add_argument(
        "--show-all", action="store_true", help="print misses and false hits of every field"
    )
    ev.add_argument("--json", help="write the scores to this JSON file")
    ev.add_argument("--rules", help="rules folder (default: the project's rules/)")
    ev.set_defaults(func=_eval)

    st = sub.add_parser(
        "stats",
        help="most frequent benchmarks, unknown datasets and metrics in a run's outputs",
        description="Coverage report over an output folder's tables.",
    )
    st.add_argument("folder", nargs="?", default="outputs", help="output folder (default: outputs)")
    st.add_argument("--top", type=int, default=20, help="rows per list")
    st.set_defaults(func=_stats)

    co = sub.add_parser(
        "compact",
        help="rewrite each table of an output folder into as few part files as it needs",
        description="Rewrite each table's part files (one or more per run) into as few parts "
        "as its size needs, as a new version published in one switch.",
    )
    co.add_argument("folder", nargs="?", default="outputs", help="output folder (default: outputs)")
    co.set_defaults(func=_compact)

    be = sub.add_parser(
        "bench",
        help="throughput and memory benchmark",
        description="Full pipeline vs a bare spacy.blank('en') tokenisation pass on the same "
        "texts: abstracts per second, their ratio, peak memory, rows written.",
    )
    be.add_argument("corpus", nargs="?", help="corpus (default: the samples repeated)")
    be.add_argument("--minimum", type=int, default=10_000, help="repeat samples to this many")
    be.add_argument(
        "--jobs", type=int, action="append", help="job counts to time (default 1 and 2)"
    )
    be.add_argument("--limit", type=int, help="use only the first N abstracts of the corpus")
    be.add_argument("--repeat", type=int, default=1, help="concatenate the corpus this many times")
    be.add_argument(
        "--check", action="store_true", help="exit with status 1 when a target is not met"
    )
    be.set_defaults(func=_bench)

    from extract.workbench.commands import add_parsers

    add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result
