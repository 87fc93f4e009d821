"""Robustness: every input problem ends as a kept row, a reject with its reason, or a clean
error (exit code and one-line message); interrupted runs never touch previous outputs."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, run_cli, staging_dirs
from conftest import dataset_hashes as hashes
from pydantic import BaseModel

from extract.cli import main
from extract.core import TABLES, process
from extract.nlp import Tools
from extract.readers import read_file
from extract.schemas import Paper, Reject
from extract.text import paper_id

ENTITIES = ("methods", "benchmarks", "results", "improvements", "links")
ABSTRACT = "We propose FooNet, which achieves 81.7% top-1 accuracy on ImageNet."
SEED = ROOT / "samples" / "001_a4225d5950b9190b.txt"  # 10 abstracts, no rejects


# --- helpers -------------------------------------------------------------------------


def read(path: Path, data: bytes) -> tuple[list[Paper], list[Reject], list[Paper | Reject]]:
    path.write_bytes(data)
    items = list(read_file(path))
    assert all(isinstance(i, Paper | Reject) for i in items)
    papers = [i for i in items if isinstance(i, Paper)]
    rejects = [i for i in items if isinstance(i, Reject)]
    return papers, rejects, items


def jsonl(*rows: object) -> bytes:
    return b"".join(json.dumps(r).encode() + b"\n" for r in rows)


def rows_for(tools: Tools, abstract: str) -> dict[str, list[BaseModel]]:
    paper = Paper(paper_id=paper_id(abstract), source="t", record=1, abstract=abstract)
    rows = process([paper], tools).rows
    assert len(rows["papers"]) == 1 and not rows["rejects"], rows["rejects"]
    for table in ENTITIES:
        for row in rows[table]:
            d = row.model_dump()
            assert 0 <= d["start"] < d["end"] <= len(abstract), (table, d)
            assert abstract[d["start"] : d["end"]].strip(), (table, d)
    return rows


def results_of(rows: dict[str, list[BaseModel]], abstract: str) -> list[tuple[float, str, str]]:
    out = []
    for r in rows["results"]:
        d = r.model_dump()
        out.append((d["value"], d["unit"], abstract[d["start"] : d["end"]]))
    return out


def benchmarks_of(rows: dict[str, list[BaseModel]], abstract: str) -> list[tuple[str, str]]:
    out = []
    for r in rows["benchmarks"]:
        d = r.model_dump()
        out.append((d["name"], abstract[d["start"] : d["end"]]))
    return out


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Outputs of a small successful run, to copy in as 'previous outputs'."""
    out = tmp_path_factory.mktemp("previous") / "out"
    assert main(["run", str(SEED), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    assert len(pd.read_parquet(out / "papers")) == 10
    return out


def copy_outputs(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, symlinks=True)
    return dst


# --- whole-file problems -------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    papers, rejects, _ = read(tmp_path / "in.jsonl", b"")
    assert not papers
    assert [(r.record, r.reason) for r in rejects] == [(None, "empty file")]


def test_bom_only_file_is_an_empty_file(tmp_path: Path) -> None:
    papers, rejects, _ = read(tmp_path / "in.jsonl", b"\xef\xbb\xbf\n")
    assert not papers
    assert [(r.record, r.reason) for r in rejects] == [(None, "empty file")]


def test_binary_file(tmp_path: Path) -> None:
    papers, rejects, _ = read(tmp_path / "in.bin", bytes(range(256)) * 8)
    assert not papers
    assert [(r.record, r.reason) for r in rejects] == [(None, "binary file (NUL bytes); not text")]


def test_invalid_utf8_is_replaced_and_recorded(tmp_path: Path) -> None:
    data = b'{"abstract": "caf\xe9 net reaches 81.7% accuracy"}\n' + jsonl({"abstract": ABSTRACT})
    papers, rejects, items = read(tmp_path / "in.jsonl", data)
    assert [p.abstract for p in papers] == ["caf\ufffd net reaches 81.7% accuracy", ABSTRACT]
    assert len(rejects) == 1 and items[0] is rejects[0]  # the note comes first
    # byte 17 is the \xe9 (the file's first line, so file and line offsets agree)
    assert re.fullmatch(
        r"invalid UTF-8 at byte 17( of the line)?; decoded with replacement", rejects[0].reason
    ), rejects[0].reason


def test_invalid_utf8_in_csv_is_recorded(tmp_path: Path) -> None:
    papers, rejects, _ = read(tmp_path / "in.csv", b'id,abstract\n1,"caf\xe9 net is good"\n')
    assert [p.abstract for p in papers] == ["caf\ufffd net is good"]
    assert len(rejects) == 1 and "invalid UTF-8" in rejects[0].reason


def test_utf8_bom(tmp_path: Path) -> None:
    bom = b"\xef\xbb\xbf"
    papers, rejects, _ = read(tmp_path / "a.jsonl", bom + jsonl({"abstract": ABSTRACT}))
    assert [p.abstract for p in papers] == [ABSTRACT] and not rejects
    papers, rejects, _ = read(tmp_path / "a.csv", bom + b'abstract\n"' + ABSTRACT.encode() + b'"\n')
    assert [p.abstract for p in papers] == [ABSTRACT] and not rejects
    papers, rejects, _ = read(tmp_path / "a.txt", bom + b"Abstract: " + ABSTRACT.encode() + b"\n")
    assert [p.abstract for p in papers] == [ABSTRACT] and not rejects


def test_crlf_line_ends(tmp_path: Path) -> None:
    two = [ABSTRACT, "We study BarNet. It reaches 90.1% accuracy."]
    data = jsonl(*({"id": i, "abstract": a} for i, a in enumerate(two))).replace(b"\n", b"\r\n")
    papers, rejects, _ = read(tmp_path / "a.jsonl", data)
    assert [(p.record, p.abstract, p.source_id) for p in papers] == [
        (1, two[0], "0"),
        (2, two[1], "1"),
    ]
    assert not rejects
    csv_data = b'id,abstract\r\n0,"' + two[0].encode() + b'"\r\n1,"' + two[1].encode() + b'"\r\n'
    papers, rejects, _ = read(tmp_path / "a.csv", csv_data)
    assert [(p.abstract, p.source_id) for p in papers] == [(two[0], "0"), (two[1], "1")]
    assert not rejects
    text = "".join(f"Abstract: {a}\r\n" for a in two).encode()
    papers, rejects, _ = read(tmp_path / "a.txt", text)
    assert [(p.record, p.abstract) for p in papers] == [(1, two[0]), (2, two[1])]
    assert not rejects


def test_truncated_gzip(tmp_path: Path) -> None:
    originals = [f"{ABSTRACT} Variant {i}." for i in range(2000)]
    packed = gzip.compress(jsonl(*({"abstract": a} for a in originals)))
    papers, rejects, items = read(tmp_path / "a.jsonl.gz", packed[: len(packed) // 2])
    # Either the whole file is one reject, or (streaming) the complete lines before the
    # break are kept and the break is the last item; never a half line.
    assert len(rejects) == 1 and items[-1] is rejects[0]
    assert [p.abstract for p in papers] == originals[: len(papers)]
    m = re.fullmatch(
        r"corrupt or truncated gzip(?: after line (\d+))?: "
        r"Compressed file ended before the end-of-stream marker was reached",
        rejects[0].reason,
    )
    assert m, rejects[0].reason
    assert len(papers) == int(m.group(1) or 0)
    assert len(papers) < len(originals)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x1f\x8b" + b"garbage" * 10, "Unknown compression method"),
        (
            b"\x1f\x8b\x08\x00" + b"\x00" * 30,
            "Error -3 while decompressing data: invalid stored block lengths",
        ),
    ],
)
def test_corrupt_gzip(tmp_path: Path, data: bytes, message: str) -> None:
    papers, rejects, _ = read(tmp_path / "a.jsonl.gz", data)
    assert not papers
    assert [(r.record, r.reason) for r in rejects] == [
        (None, f"corrupt or truncated gzip: {message}")
    ]


def test_malformed_json_lines_among_good_ones(tmp_path: Path) -> None:
    data = (
        jsonl({"abstract": ABSTRACT})
        + b'{not json\n[1, 2]\n"str"\n{"abstract": "cut\n\n'
        + jsonl({"abstract": "We study BarNet."})
    )
    papers, rejects, _ = read(tmp_path / "a.jsonl", data)
    assert [(p.record, p.abstract) for p in papers] == [(1, ABSTRACT), (7, "We study BarNet.")]
    assert [(r.record, r.reason, r.excerpt) for r in rejects] == [
        (2, "malformed JSON: Expecting property name enclosed in double quotes", "{not json"),
        (3, "JSON line is not an object", "[1, 2]"),
        (4, "JSON line is not an object", '"str"'),
        (5, "malformed JSON: Unterminated string starting at", '{"abstract": "cut'),
    ]


def test_csv_without_abstract_column(tmp_path: Path) -> None:
    papers, rejects, _ = read(
        tmp_path / "a.csv", b'id,body,Title\n1,"' + ABSTRACT.encode() + b'",T\n'
    )
    assert not papers
    assert [(r.record, r.reason) for r in rejects] == [
        (
            None,
            "no abstract column (abstract / summary / text / abstract_inverted_index); "
            "columns found: id, body, Title",
        )
    ]


def test_empty_and_whitespace_abstracts(tmp_path: Path) -> None:
    data = jsonl(
        {"abstract": ""},
        {"abstract": " \n\t\u00a0\u3000 "},
        {"abstract": None},
        {"abstract": 5},
        {"abstract": ABSTRACT},
    )
    papers, rejects, _ = read(tmp_path / "a.jsonl", data)
    assert [p.record for p in papers] == [5]
    assert [(r.record, r.reason, r.excerpt) for r in rejects] == [
        (1, "empty or whitespace-only abstract", ""),
        (2, "empty or whitespace-only abstract", ""),
        (3, "abstract is missing or not text", "None"),
        (4, "abstract is missing or not text", "5"),
    ]
    text = b"Abstract:\nAbstract:    \t\nAbstract: " + ABSTRACT.encode() + b"\n"
    papers, rejects, _ = read(tmp_path / "a.txt", text)
    assert [p.record for p in papers] == [3]
    assert [(r.record, r.reason) for r in rejects] == [
        (1, "empty or whitespace-only abstract"),
        (2, "empty or whitespace-only abstract"),
    ]


def test_long_blank_prefix_is_not_an_empty_file(tmp_path: Path) -> None:
    papers, rejects, _ = read(tmp_path / "a.jsonl", b"\n" * 9000 + jsonl({"abstract": ABSTRACT}))
    assert [p.abstract for p in papers] == [ABSTRACT] and not rejects


def test_abstract_of_several_megabytes_is_rejected_and_the_run_goes_on(tmp_path: Path) -> None:
    huge = "token " * 500_000  # 3,000,000 characters
    src = tmp_path / "in.jsonl"
    src.write_bytes(
        jsonl(
            {"id": "a", "abstract": ABSTRACT},
            {"id": "big", "abstract": huge},
            {"id": "c", "abstract": "We study BarNet. It reaches 90.1% accuracy on CIFAR-10."},
        )
    )
    out = tmp_path / "out"
    assert main(["run", str(src), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    papers = pd.read_parquet(out / "papers")
    assert list(papers["source_id"]) == ["a", "c"]
    rejects = pd.read_parquet(out / "rejects")
    assert rejects[["record", "reason"]].values.tolist() == [
        [2, "abstract of 3,000,000 characters exceeds the limit of 100,000"]
    ]
    assert rejects["excerpt"][0] == ("token " * 20)[:120] + "…"
    assert sorted(pd.read_parquet(out / "results")["value"]) == [81.7, 90.1]


# --- hard text inside a good record ------------------------------------------------------


def test_html_entities_and_tags(tools: Tools) -> None:
    text = (
        "We propose <b>FooNet</b>, which achieves 81.7&nbsp;% top-1 accuracy on ImageNet "
        "&amp; 95.2% on CIFAR-10 (H<sub>2</sub>O&#8209;free)."
    )
    rows = rows_for(tools, text)
    assert results_of(rows, text) == [(81.7, "%", "81.7&nbsp;%"), (95.2, "%", "95.2%")]
    assert benchmarks_of(rows, text) == [("ImageNet-1K", "ImageNet"), ("CIFAR-10", "CIFAR-10")]
    assert [r.model_dump()["name"] for r in rows["methods"]] == ["FooNet"]


def test_benchmark_span_stops_at_the_name(tools: Tools) -> None:
    for text in (
        "FooNet reaches 81.7% accuracy on ImageNet  and CIFAR-10.",
        "FooNet reaches 81.7% accuracy on <b>ImageNet</b> &amp; CIFAR-10.",
    ):
        rows = rows_for(tools, text)
        assert benchmarks_of(rows, text) == [
            ("ImageNet-1K", "ImageNet"),
            ("CIFAR-10", "CIFAR-10"),
        ]
        assert [r.model_dump()["mention"] for r in rows["benchmarks"]] == ["ImageNet", "CIFAR-10"]


def test_latex_heavy_text(tools: Tools) -> None:
    text = (
        r"We propose \textbf{FooNet}, which achieves $\sim$81.7\% top-1 accuracy on ImageNet, "
        r"improving by 2.3\% over ResNet-50 with $3.1\times$ fewer FLOPs. "
        r"Code: \url{https://github.com/foo/foonet}."
    )
    rows = rows_for(tools, text)
    results = rows["results"][0].model_dump()
    assert results_of(rows, text) == [(81.7, "%", r"81.7\%")]
    assert results["qualifier"] == "approx" and results["dataset"] == "ImageNet-1K"
    improvements = [
        (d["delta"], d["unit"], text[d["start"] : d["end"]])
        for d in (r.model_dump() for r in rows["improvements"])
    ]
    assert (2.3, "%", r"2.3\%") in improvements
    links = [
        (d["url"], text[d["start"] : d["end"]]) for d in (r.model_dump() for r in rows["links"])
    ]
    assert links == [("https://github.com/foo/foonet", "https://github.com/foo/foonet")]
    assert benchmarks_of(rows, text) == [("ImageNet-1K", "ImageNet")]
    assert rows["papers"][0].model_dump()["code_status"] == "released"


NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            f"FooNet reaches 81.7{NBSP}% accuracy on ImageNet.",
            [(81.7, "%", f"81.7{NBSP}%")],
            id="nbsp",
        ),
        pytest.param(
            "FooNet reaches ８１.７％ accuracy on ImageNet.",
            [(81.7, "%", "８１.７％")],
            id="fullwidth",
        ),
        pytest.param(
            "FooNet reaches 81.7% accuracy on ImageNet and runs 2.5× faster.",
            [(81.7, "%", "81.7%")],
            id="times",
        ),
        pytest.param(
            "FooNet reaches 81.2% ± 0.3% accuracy on ImageNet.", [(81.2, "%", "81.2%")], id="pm"
        ),
        pytest.param(
            "FooNet reaches 81.7% accuracy on ImageNet at 5 µs (5 μs) per image.",
            [(81.7, "%", "81.7%")],
            id="micro",
        ),
        pytest.param(
            "A nai\u0308ve e\u0301valuation: FooNet reaches 81.7% accuracy on ImageNet.",
            [(81.7, "%", "81.7%")],
            id="combining",
        ),
        pytest.param(
            "النموذج FooNet reaches 81.7% accuracy on ImageNet. המודל שלנו משיג 90% accuracy.",
            [(81.7, "%", "81.7%"), (90.0, "%", "90%")],
            id="rtl",
        ),
        pytest.param(
            "FooNet 🚀 reaches 81.7% accuracy on ImageNet 🎉👩‍🔬.",
            [(81.7, "%", "81.7%")],
            id="emoji",
        ),
    ],
)
def test_unusual_unicode(tools: Tools, text: str, expected: list[tuple[float, str, str]]) -> None:
    rows = rows_for(tools, text)  # no crash, offsets valid, nothing rejected
    assert results_of(rows, text) == expected
    assert benchmarks_of(rows, text) == [("ImageNet-1K", "ImageNet")]


def test_times_sign_is_an_efficiency_gain(tools: Tools) -> None:
    text = "FooNet reaches 81.7% accuracy on ImageNet and runs 2.5× faster."
    rows = rows_for(tools, text)
    gains = [
        (d["delta"], d["unit"], d["kind"]) for d in (r.model_dump() for r in rows["improvements"])
    ]
    assert gains == [(2.5, "x", "efficiency")]


# --- exit codes ------------------------------------------------------------------------------


def test_exit_0_when_the_run_completes_with_rejects(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl({"abstract": ABSTRACT}) + b"{broken\n")
    proc = run_cli("run", str(src), "--out", str(tmp_path / "out"), "--jobs", "1", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert "read 1 papers from 1 input(s)" in proc.stdout and "rejects: 1;" in proc.stdout
    rejects = pd.read_parquet(tmp_path / "out" / "rejects")
    assert rejects[["record", "reason"]].values.tolist() == [
        [2, "malformed JSON: Expecting property name enclosed in double quotes"]
    ]


def test_exit_2_with_each_input_s_reason_when_nothing_could_be_read(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01")
    proc = run_cli("run", str(bad), str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2
    assert proc.stderr == (
        f"error: {bad}: binary file (NUL bytes); not text\n"
        f"error: {tmp_path / 'missing.jsonl'}: file not found\n"
        "error: no paper could be read from 2 input(s) (2 record(s) rejected)\n"
    )
    assert not (tmp_path / "o").exists()  # no empty output folder left behind


def test_exit_2_when_the_output_folder_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    out = blocker / "out"
    proc = run_cli("run", str(SEED), "--out", str(out), "--jobs", "1", "--quiet")
    assert proc.returncode == 2
    assert proc.stderr == f"error: cannot write outputs to {out}: Not a directory\n"
    assert blocker.read_text() == "not a folder"


def test_strict_makes_any_reject_fatal_and_keeps_previous_outputs(
    tmp_path: Path, previous: Path
) -> None:
    out = copy_outputs(previous, tmp_path / "out")
    before = hashes(out)
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl({"abstract": ABSTRACT}, {"abstract": "  "}))
    proc = run_cli("run", str(src), "--out", str(out), "--jobs", "1", "--quiet", "--strict")
    assert proc.returncode == 2
    assert proc.stderr == "error: --strict: 1 record(s) rejected; outputs left unchanged\n"
    assert hashes(out) == before and not staging_dirs(out)
    # without --strict the same input replaces the outputs
    assert main(["run", str(src), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    assert len(pd.read_parquet(out / "papers")) == 1


# --- interrupted runs ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(20_000):
            abstract = (
                f"We propose Net{i}, which reaches {50 + i % 50}.{i % 10}% accuracy on "
                f"CIFAR-10, {i % 7 + 1}.{i % 9}x faster than ResNet-50."
            )
            f.write(json.dumps({"id": str(i), "abstract": abstract}) + "\n")
    return path


def start_and_kill(big: Path, out: Path, sig: signal.Signals) -> tuple[int, str]:
    """Start a long run, kill it once it is staging output; its exit code and stderr."""
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "extract", "run", str(big), "--out", str(out)),
            *("--jobs", "1", "--batch-size", "50", "--quiet"),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not staging_dirs(out):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no staging folder appeared"
            time.sleep(0.05)
        time.sleep(1.5)  # well into processing and writing row groups
        assert proc.poll() is None, "the run finished before it could be killed"
        proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return proc.returncode, stderr


def test_sigterm_leaves_previous_outputs_and_no_staging(
    tmp_path: Path, previous: Path, big_input: Path
) -> None:
    out = copy_outputs(previous, tmp_path / "out")
    before = hashes(out)
    code, stderr = start_and_kill(big_input, out, signal.SIGTERM)
    assert code == 130, stderr
    assert stderr == "interrupted: previous outputs left unchanged\n"
    assert hashes(out) == before
    assert not staging_dirs(out)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in previous.iterdir())
    assert sorted(p.name for p in (out / ".versions").iterdir()) == ["v000001"]


def test_sigkill_leaves_previous_outputs_and_the_next_run_cleans_up(
    tmp_path: Path, previous: Path, big_input: Path
) -> None:
    out = copy_outputs(previous, tmp_path / "out")
    before = hashes(out)
    code, _ = start_and_kill(big_input, out, signal.SIGKILL)
    assert code == -signal.SIGKILL
    assert hashes(out) == before
    stale = staging_dirs(out)
    assert len(stale) == 1  # SIGKILL cannot clean up: the staging folder is stale
    assert main(["run", str(SEED), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    assert not staging_dirs(out)
    assert not any(p.exists() for p in stale)
    for table in TABLES:
        pd.testing.assert_frame_equal(
            pd.read_parquet(out / table),
            pd.read_parquet(previous / table),
        )


# --- determinism -----------------------------------------------------------------------------

VOLATILE = {"started_at", "finished_at", "timings", "peak_rss_mb"}


def manifest_without_volatile(folder: Path) -> dict[str, object]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    runs = [{k: v for k, v in run.items() if k not in VOLATILE} for run in manifest["runs"]]
    return {**manifest, "runs": runs}


def test_rerun_gives_identical_tables(tmp_path: Path) -> None:
    src = tmp_path / "mixed.jsonl"
    seed_lines = SEED.read_text(encoding="utf-8").splitlines()
    src.write_bytes(
        jsonl(
            *(
                {"id": str(i), "abstract": ln.removeprefix("Abstract:")}
                for i, ln in enumerate(seed_lines)
            )
        )
        + b"{broken\n"
        + jsonl({"abstract": ABSTRACT}, {"abstract": ABSTRACT})
    )
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        assert main(["run", str(src), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    for table in TABLES:
        a = pd.read_parquet(outs[0] / table)
        b = pd.read_parquet(outs[1] / table)
        pd.testing.assert_frame_equal(a, b)
    assert len(pd.read_parquet(outs[0] / "rejects")) == 1  # the broken line
    assert manifest_without_volatile(outs[0]) == manifest_without_volatile(outs[1])
