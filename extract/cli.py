"""Command line: `run`, `eval`, `stats`, `bench`, and the workbench's `leaderboard`, `trends`,
`report`. Thin: parse arguments, call the core."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from extract.readers import FORMATS, ReaderOptions
from extract.rules import RulesError


def _run(args: argparse.Namespace) -> int:
    from extract.runner import RunConfig, RunError, cpu_count, default_inputs, run

    inputs = tuple(Path(p) for p in args.inputs) or default_inputs()
    config = RunConfig(
        inputs=inputs,
        out=Path(args.out),
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
    )
    try:
        summary = run(config)
    except RunError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except RulesError as exc:
        print(f"error: invalid rules: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: previous outputs left unchanged", file=sys.stderr)
        return 130
    rows = ", ".join(f"{t}={n:,}" for t, n in summary.rows.items() if t != "rejects")
    print(
        f"read {summary.papers:,} papers from {len(inputs)} input(s)"
        f" ({summary.duplicates:,} duplicates); rows: {rows}; rejects: {summary.rejects:,};"
        f" {summary.seconds:.1f} s ({summary.papers / max(summary.seconds, 1e-9):,.0f} papers/s);"
        f" tables in {config.out}/"
    )
    return 0


def _eval(args: argparse.Namespace) -> int:
    from extract.core import process
    from extract.evaluate import dump_scores, gold_papers, load_gold, report, score
    from extract.nlp import build_tools
    from extract.rules import load_rules

    cases = load_gold(Path(args.gold))
    papers = gold_papers(cases, args.gold)
    try:
        tools = build_tools(load_rules(Path(args.rules) if args.rules else None))
    except RulesError as exc:
        print(f"error: invalid rules: {exc}", file=sys.stderr)
        return 2
    batch = process(papers, tools)
    if args.out:
        from extract.tables import TableWriter, staged_output

        with staged_output(Path(args.out)) as staging:
            writer = TableWriter(staging)
            for table, rows in batch.rows.items():
                writer.write(table, rows)
            writer.close()
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
    from extract.stats import coverage_report

    folder = Path(args.folder)
    if not (folder / "papers.parquet").exists():
        print(f"error: no tables in {folder}/; run `python -m extract run` first", file=sys.stderr)
        return 2
    print(coverage_report(folder, top=args.top))
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
        "CSV, Parquet; .gz accepted) and write Parquet tables and manifest.json.",
    )
    run.add_argument("inputs", nargs="*", help="input files (default: the built-in samples/)")
    run.add_argument("--out", default="outputs", help="output folder (default: outputs)")
    run.add_argument("--jobs", type=int, default=0, help="processes (default: all cores)")
    run.add_argument("--batch-size", type=int, default=200, help="papers per batch")
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
