"""The workbench (leaderboard, trends, report) on small synthetic outputs written here: with
the newer columns (value_norm, higher_is_better, model_role, published, categories,
method_key; tables as folders of part files) and without them (one file per table, as runs
before those columns wrote)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import run_cli

from extract.cli import build_parser
from extract.rules import Rules
from extract.workbench.leaderboard import (
    BoardQuery,
    board_rows,
    locate_value,
    month_start,
    written_value,
)
from extract.workbench.names import UnknownName, resolve
from extract.workbench.store import Store, StoreError, open_store, table_source
from extract.workbench.trends import best_over_time, papers_per_month, rising_and_falling

PROV = {"field": "abstract", "rule_id": "r.test"}


def _paper(pid: str, month: str, cats: list[str], abstract: str) -> dict[str, Any]:
    return {
        "paper_id": pid,
        "source_id": f"25{month}.0000{pid[-1]}",
        "source": "x.jsonl",
        "title": f"Paper {pid}",
        "abstract": abstract,
        "published": dt.date(2025, int(month), 1),
        "code_status": "released" if pid.endswith(("1", "3")) else "none",
        "claims_sota": pid.endswith("1"),
        "categories": cats,
        "primary_category": cats[0],
        "arxiv_id": f"25{month}.0000{pid[-1]}",
    }


def _result(pid: str, abstract: str, number: str, **cols: Any) -> dict[str, Any]:
    start = abstract.index(number)
    row = {
        "paper_id": pid,
        **PROV,
        "start": start,
        "end": start + len(number),
        "evidence": abstract,
        "value": float(number.rstrip("%")),
        "unit": "%" if number.endswith("%") else None,
        "metric": "top-1 accuracy",
        "dataset": "ImageNet-1K",
        "split": None,
        "model": None,
        "qualifier": None,
    }
    row.update(cols)
    return row


ABSTRACTS = {
    "p1": "FooNet reaches 88.5% top-1 accuracy on ImageNet, above ResNet-50 at 90.1%.",
    "p2": "BarNet gets 86.0% top-1 and BarNet-L 87.2% on ImageNet-1K.",
    "p3": "BazNet scores 0.871 top-1 accuracy on ImageNet.",
    "p4": "QuxNet reaches 85.0% top-1 on IN-1K and 30.5 FID on COCO.",
}


def _tables(new_columns: bool) -> dict[str, list[dict[str, Any]]]:
    a = ABSTRACTS
    papers = [
        _paper("p1", "01", ["cs.CV"], a["p1"]),
        _paper("p2", "02", ["cs.CV", "cs.LG"], a["p2"]),
        _paper("p3", "05", ["cs.LG"], a["p3"]),
        _paper("p4", "06", ["cs.CV"], a["p4"]),
    ]
    results = [
        _result("p1", a["p1"], "88.5%", model="FooNet", model_role="proposed", value_norm=88.5),
        _result("p1", a["p1"], "90.1%", model="ResNet-50", model_role="baseline", value_norm=90.1),
        _result("p2", a["p2"], "86.0%", model="BarNet", value_norm=86.0),
        _result("p2", a["p2"], "87.2%", model="BarNet-L", value_norm=87.2),
        _result("p3", a["p3"], "0.871", model="BazNet", value_norm=87.1),
        _result("p4", a["p4"], "85.0%", model="QuxNet", value_norm=85.0),
        _result("p4", a["p4"], "30.5", metric="FID", dataset="COCO", value_norm=30.5),
    ]
    benchmarks = [
        {"paper_id": p, **PROV, "start": 0, "end": 1, "evidence": a[p], "name": n,
         "mention": n, "split": None, "known": k, "task": None}
        for p, n, k in [("p1", "ImageNet-1K", True), ("p2", "ImageNet-1K", True),
                        ("p3", "ImageNet-1K", True), ("p4", "COCO", True),
                        ("p4", "NewBench", False)]
    ]  # fmt: skip
    methods = [
        {"paper_id": p, **PROV, "start": 0, "end": 6, "evidence": a[p], "name": n,
         "long_form": None, "role": "proposed", "method_key": n.lower()}
        for p, n in [("p1", "FooNet"), ("p2", "BarNet"), ("p3", "BazNet"), ("p4", "QuxNet")]
    ]  # fmt: skip
    links = [
        {"paper_id": "p1", **PROV, "start": 0, "end": 5, "evidence": a["p1"],
         "url": "https://github.com/foo/foonet", "kind": "code", "status": "released",
         "host": "github.com"}
    ]  # fmt: skip
    flags = [
        {"paper_id": "p1", **PROV, "start": 0, "end": 5, "evidence": a["p1"],
         "flag": "claims_sota", "value": "true", "dataset": "ImageNet-1K"}
    ]  # fmt: skip
    tables = {"papers": papers, "results": results, "benchmarks": benchmarks,
              "methods": methods, "links": links, "flags": flags}  # fmt: skip
    if not new_columns:
        drop = {"value_norm", "model_role", "categories", "primary_category", "arxiv_id",
                "method_key", "published"}  # fmt: skip
        tables = {t: [{k: v for k, v in r.items() if k not in drop} for r in rows]
                  for t, rows in tables.items()}  # fmt: skip
        del tables["flags"]
    return tables


def _write(folder: Path, new_columns: bool) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in _tables(new_columns).items():
        frame = pa.Table.from_pylist(rows)
        if new_columns:  # a folder of part files, as the parallel writer lays them out
            (folder / table).mkdir()
            half = len(rows) // 2
            pq.write_table(frame.slice(0, half), folder / table / "part-0.parquet")
            pq.write_table(frame.slice(half), folder / table / "part-1.parquet")
        else:
            pq.write_table(frame, folder / f"{table}.parquet")
    (folder / "manifest.json").write_text(json.dumps({"version": "test"}))
    return folder


@pytest.fixture(scope="module")
def new_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("new") / "out", new_columns=True)


@pytest.fixture(scope="module")
def old_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("old") / "out", new_columns=False)


@pytest.fixture()
def new_store(new_out: Path, rules: Rules) -> Store:
    return open_store(new_out, rules)


@pytest.fixture()
def old_store(old_out: Path, rules: Rules) -> Store:
    return open_store(old_out, rules)


def _board(store: Store, **kw: Any) -> list[tuple[str, str | None]]:
    query = BoardQuery(dataset=kw.pop("dataset", "ImageNet-1K"),
                       metric=kw.pop("metric", "top-1 accuracy"), **kw)  # fmt: skip
    rows = board_rows(store, query)
    return [(p, m) for p, m in zip(rows["paper_id"], rows["model"], strict=True)]


# --- tables in either layout ---------------------------------------------------------------


def test_a_table_is_one_file_or_a_folder_of_parts(new_out: Path, old_out: Path) -> None:
    assert table_source(old_out, "results") == str(old_out / "results.parquet")
    assert table_source(new_out, "results") == str(new_out / "results" / "*.parquet")
    assert table_source(new_out, "improvements") is None


def test_a_folder_without_tables_is_a_clear_error(tmp_path: Path, rules: Rules) -> None:
    with pytest.raises(StoreError, match="run `python -m extract run` first"):
        open_store(tmp_path, rules)


def test_older_outputs_get_the_newer_columns(old_store: Store) -> None:
    row = old_store.frame("SELECT value, value_norm, model_role FROM results LIMIT 1").iloc[0]
    assert row["value_norm"] == row["value"] and row["model_role"] is None
    # the month an arXiv id encodes stands in for a missing date
    dates = old_store.frame("SELECT published, published_precision FROM papers ORDER BY paper_id")
    assert [d.strftime("%Y-%m") for d in dates["published"]] == [
        "2025-01",
        "2025-02",
        "2025-05",
        "2025-06",
    ]
    assert set(dates["published_precision"]) == {"month"}
    keys = old_store.frame("SELECT DISTINCT method_key, name FROM methods")
    assert (keys["method_key"] == keys["name"]).all()


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "typed", "canonical"),
    [
        ("metric", "top-1", "top-1 accuracy"),
        ("metric", "Top-1 Acc", "top-1 accuracy"),
        ("dataset", "IN-1K", "ImageNet-1K"),
        ("dataset", "ms coco", "COCO"),
    ],
)
def test_names_resolve_through_registry_aliases(
    rules: Rules, kind: Any, typed: str, canonical: str
) -> None:
    assert resolve(rules, kind, typed) == canonical


def test_an_unknown_name_lists_the_closest_known(rules: Rules) -> None:
    with pytest.raises(UnknownName) as err:
        resolve(rules, "dataset", "imagenet1")
    assert "ImageNet-1K" in err.value.suggestions[:3]
    assert "closest known: ImageNet-1K" in str(err.value)


def test_a_dataset_only_the_run_knows_resolves_to_its_name(rules: Rules) -> None:
    assert resolve(rules, "dataset", "newbench", seen=["NewBench"]) == "NewBench"
    with pytest.raises(UnknownName):
        resolve(rules, "dataset", "newbench")


# --- leaderboard ---------------------------------------------------------------------------


def test_best_per_paper_and_model_ranked_on_the_normalised_value(new_store: Store) -> None:
    # p3's 0.871 is 87.1 on the metric's scale: between BarNet-L's 87.2 and BarNet's 86.0;
    # p1's baseline ResNet-50 (90.1) is left out
    assert _board(new_store) == [
        ("p1", "FooNet"),
        ("p2", "BarNet-L"),
        ("p3", "BazNet"),
        ("p2", "BarNet"),
        ("p4", "QuxNet"),
    ]


def test_all_roles_keeps_baseline_rows(new_store: Store) -> None:
    assert _board(new_store, all_roles=True)[0] == ("p1", "ResNet-50")


def test_older_outputs_rank_on_the_value_and_keep_every_role(old_store: Store) -> None:
    board = _board(old_store)
    assert board[0] == ("p1", "ResNet-50")  # no model_role column: nothing is a baseline
    assert board[-1] == ("p3", "BazNet")  # no value_norm: 0.871 ranks as written


def test_lower_is_better_metrics_rank_ascending(new_store: Store, tmp_path: Path) -> None:
    # FID: higher_is_better null in the rows, so the metric registry's direction decides
    assert _board(new_store, dataset="COCO", metric="FID") == [("p4", None)]
    rows = [
        _result("a", "x 12.0 y", "12.0", metric="FID", dataset="COCO", value_norm=12.0),
        _result("b", "x 9.5 y", "9.5", metric="FID", dataset="COCO", value_norm=9.5),
    ]
    papers = [_paper(p, "03", ["cs.CV"], "x") for p in ("a", "b")]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "results.parquet")
    pq.write_table(pa.Table.from_pylist(papers), tmp_path / "papers.parquet")
    store = open_store(tmp_path, new_store_rules(new_store))
    assert _board(store, dataset="COCO", metric="FID") == [("b", None), ("a", None)]


def new_store_rules(store: Store) -> Rules:
    from extract.rules import load_rules

    return load_rules()


def test_months_and_categories_filter_the_board(new_store: Store) -> None:
    since, until = month_start("2025-02"), month_start("2025-05", after=True)
    assert {p for p, _ in _board(new_store, since=since, until=until)} == {"p2", "p3"}
    assert {p for p, _ in _board(new_store, category="cs.LG")} == {"p2", "p3"}
    assert until == dt.date(2025, 6, 1)
    with pytest.raises(ValueError, match="YYYY-MM"):
        month_start("March")


def test_a_null_normalised_value_is_left_out(tmp_path: Path, rules: Rules) -> None:
    rows = [_result("a", "x 12.0 y", "12.0", value_norm=None),
            _result("b", "x 9.5 y", "9.5", value_norm=9.5)]  # fmt: skip
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "results.parquet")
    papers = [_paper(p, "03", ["cs.CV"], "x") for p in ("a", "b")]
    pq.write_table(pa.Table.from_pylist(papers), tmp_path / "papers.parquet")
    assert _board(open_store(tmp_path, rules)) == [("b", None)]


def test_values_are_shown_as_written_in_the_evidence() -> None:
    assert written_value(83.0, "%", None, "It gets 83.0% on X.") == "83.0%"
    assert written_value(85.3, "%", None, "we achieve 85.3\\% top-1") == "85.3%"
    assert written_value(1234.5, None, None, "reaching 1,234.5 points") == "1,234.5"
    assert written_value(3.2, "ms", "approx", "about 3.2 latency") == "~3.2 ms"
    # not a prefix or a part of another number; no sentence: the number itself
    assert written_value(30.0, "%", None, "from 130.5 and 30.55 to 30 %") == "30 %"
    assert written_value(30.0, None, None, None) == "30"
    assert locate_value("ResNet-50 at 90.1%.", 50.0) == (7, 9)
    assert locate_value("a 0.871 F1", 87.1) is None


# --- trends --------------------------------------------------------------------------------


def test_rising_and_falling_per_thousand_papers(new_store: Store) -> None:
    table = rising_and_falling(new_store, "benchmark", top=5, min_papers=1)
    trend = dict(zip(table["benchmark"], table["trend"], strict=True))
    # months 01, 02 | 05, 06: ImageNet-1K in 2 of 2 early papers and 1 of 2 late ones
    assert trend == {"COCO": "rising", "NewBench": "rising", "ImageNet-1K": "falling"}
    imagenet = table[table["benchmark"] == "ImageNet-1K"].iloc[0]
    assert (imagenet["early_per_1000"], imagenet["late_per_1000"]) == (1000.0, 500.0)
    assert rising_and_falling(new_store, "benchmark", min_papers=3)["benchmark"].tolist() == [
        "ImageNet-1K"
    ]


def test_months_with_a_stray_paper_are_left_out(tmp_path: Path, rules: Rules) -> None:
    # one paper from 2018 among 150 of 2025: its month would be 1 of 1 = 1,000 per 1,000
    ids = ["1812.00001"] + [f"25{m:02d}.{n:05d}" for m in (3, 4) for n in range(75)]
    papers = [{"paper_id": f"{i:016x}", "source_id": sid, "abstract": "x", "code_status": "none"}
              for i, sid in enumerate(ids)]  # fmt: skip
    pq.write_table(pa.Table.from_pylist(papers), tmp_path / "papers.parquet")
    pq.write_table(pa.Table.from_pylist([_result("a", "x 1 y", "1")]), tmp_path / "results.parquet")
    months = papers_per_month(open_store(tmp_path, rules))
    assert [
        (m.strftime("%Y-%m"), n) for m, n in zip(months["month"], months["papers"], strict=True)
    ] == [
        ("2025-03", 75),
        ("2025-04", 75),
    ]


def test_best_over_time_keeps_only_new_records(new_store: Store) -> None:
    steps = best_over_time(new_store, "ImageNet-1K", "top-1 accuracy")
    # p1 (Jan, 88.5) is never beaten by the later papers' lower scores
    assert steps["paper_id"].tolist() == ["p1"]
    steps = best_over_time(new_store, "ImageNet-1K", "top-1 accuracy", all_roles=True)
    assert steps["value_norm"].tolist() == [90.1]


# --- the commands, end to end --------------------------------------------------------------


def test_leaderboard_command_prints_every_format(new_out: Path) -> None:
    args = ["leaderboard", str(new_out), "--dataset", "IN-1K", "--metric", "Top-1 Acc"]
    proc = run_cli(*args, "--format", "json", "--top", "2")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [r["value"] for r in rows] == ["88.5%", "87.2%"]
    assert rows[0]["code"] == "https://github.com/foo/foonet" and rows[0]["date"] == "2025-01-01"
    assert rows[0]["evidence"] == ABSTRACTS["p1"] and rows[0]["paper"] == "2501.00001"
    csv = run_cli(*args, "--format", "csv").stdout.splitlines()
    assert csv[0] == "rank,value,model,title,paper,date,code,evidence" and len(csv) == 6
    markdown = run_cli(*args, "--format", "markdown").stdout
    assert markdown.startswith("| rank   | value ") and "| 2501.00001 " in markdown


def test_leaderboard_command_on_an_unknown_name_suggests(new_out: Path) -> None:
    proc = run_cli("leaderboard", str(new_out), "--dataset", "imagenet1", "--metric", "top-1")
    assert proc.returncode == 2 and proc.stdout == ""
    assert "unknown dataset 'imagenet1'; closest known: ImageNet-1K" in proc.stderr


def test_leaderboard_category_on_an_older_output_says_why(old_out: Path) -> None:
    proc = run_cli("leaderboard", str(old_out), "--dataset", "IN-1K", "--metric", "top-1",
                   "--category", "cs.CV")  # fmt: skip
    assert proc.returncode == 2 and "no categories" in proc.stderr


def test_trends_command(new_out: Path) -> None:
    proc = run_cli("trends", str(new_out), "--min-papers", "1", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert (
        proc.stdout.splitlines()[0] == "trend,benchmark,papers,early_per_1000,late_per_1000,change"
    )
    steps = run_cli("trends", str(new_out), "--dataset", "IN-1K", "--metric", "top-1",
                    "--format", "json")  # fmt: skip
    assert [r["value"] for r in json.loads(steps.stdout)] == ["88.5%"]
    half = run_cli("trends", str(new_out), "--dataset", "IN-1K")
    assert half.returncode == 2 and "go together" in half.stderr


@pytest.mark.parametrize("layout", ["new", "old"])
def test_report_command_writes_one_offline_page(
    layout: str, new_out: Path, old_out: Path, tmp_path: Path
) -> None:
    folder = new_out if layout == "new" else old_out
    out = tmp_path / "r" / "report.html"
    proc = run_cli("report", str(folder), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    html = out.read_text()
    assert "ImageNet-1K · top-1 accuracy" in html and 'id="data-1"' in html
    assert "<mark>88.5%</mark>" in html  # the evidence with its number marked
    # nothing is loaded from anywhere: no scripts, images, style sheets or imports
    assert not [t for t in ("<script", "src=", "<link", "@import") if t in html]
    assert not re.search(r"url\((?!#)", html)  # the plots' clip paths point inside the page
    assert not [p for p in out.parent.iterdir() if p.name != "report.html"]  # atomic write


@pytest.mark.parametrize("command", ["leaderboard", "report"])
def test_a_damaged_table_is_a_clear_error(command: str, new_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(new_out, out)
    (out / "results" / "part-1.parquet").write_bytes(b"PAR1 not really parquet")
    args = {
        "leaderboard": ["--dataset", "IN-1K", "--metric", "top-1"],
        "report": ["--out", str(tmp_path / "r.html")],
    }[command]
    proc = run_cli(command, str(out), *args)
    assert proc.returncode == 2 and proc.stderr.startswith("error: cannot read")
    assert "Traceback" not in proc.stderr


def test_report_on_a_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    proc = run_cli("report", str(tmp_path / "nothing"), "--out", str(tmp_path / "r.html"))
    assert proc.returncode == 2 and proc.stderr.startswith("error: no papers or results table")
    assert not (tmp_path / "r.html").exists()


def test_the_workbench_commands_are_commands() -> None:
    # test_cli checks that every command has --help and is in the README
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"leaderboard", "trends", "report"} <= set(commands)
