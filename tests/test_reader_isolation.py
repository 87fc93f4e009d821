"""Record-level isolation: a bad record is one reject naming it, and the records beside it
are read; an input that cannot be read at all is one reject with record=None and a reason
the runner can print."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import threading
import tracemalloc
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extract.readers import ReaderOptions, estimate_records, input_error, read_file, read_inputs
from extract.schemas import Paper, Reject

ABSTRACT = "We propose FooNet, which achieves 81.7% top-1 accuracy on ImageNet."


def good(i: int) -> dict[str, str]:
    return {"id": f"good-{i}", "title": f"T{i}", "abstract": f"{ABSTRACT} Variant {i}."}


def split(items: list[Paper | Reject]) -> tuple[list[Paper], list[Reject]]:
    return [i for i in items if isinstance(i, Paper)], [i for i in items if isinstance(i, Reject)]


def read(path: Path, options: ReaderOptions | None = None) -> tuple[list[Paper], list[Reject]]:
    return split(list(read_file(path, options)))


def jsonl_around(tmp_path: Path, bad_line: bytes) -> Path:
    """Five good records with the bad one as line 3."""
    lines = [json.dumps(good(i)).encode() for i in range(5)]
    lines.insert(2, bad_line)
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def ids(papers: list[Paper]) -> list[str | None]:
    return [p.source_id for p in papers]


GOOD_IDS = [f"good-{i}" for i in range(5)]


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (b'{"abstract": "a raw \x00 NUL byte"}', "malformed JSON"),
        (b'{"abstract": "x", "extra": ' + b"[" * 2000 + b"]" * 2000 + b"}", "nested too deep"),
        (b'{"abstract": ' + b"7" * 5000 + b"}", "abstract is missing or not text"),
        (b'{"abstract": ["a", "list"]}', "abstract is missing or not text"),
        (b'{"title": "no abstract field"}', "no abstract column"),
        (b"not json at all", "malformed JSON"),
    ],
)
def test_a_bad_json_line_costs_only_itself(tmp_path: Path, bad: bytes, reason: str) -> None:
    papers, rejects = read(jsonl_around(tmp_path, bad))
    assert ids(papers) == GOOD_IDS
    assert [r.record for r in rejects] == [3] and reason in rejects[0].reason


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (rb'{"id": "x", "abstract": "lone \ud800 surrogate"}', "abstract"),
        (rb'{"id": "x", "abstract": "escaped \u0000 NUL"}', "abstract"),
        (b'{"id": "x", "abstract": "caf\xe9 bytes"}', "UTF-8"),
        (rb'{"id": "x", "abstract": "fine", "title": "\udfff"}', "title"),
        (rb'{"id": "x", "abstract": "fine", "comment": "a\u0000b"}', "comment"),
    ],
)
def test_bad_characters_are_replaced_and_noted(tmp_path: Path, bad: bytes, field: str) -> None:
    papers, rejects = read(jsonl_around(tmp_path, bad))
    assert ids(papers) == [*GOOD_IDS[:2], "x", *GOOD_IDS[2:]]
    kept = papers[2]
    texts = [kept.abstract, kept.title or "", kept.comment or ""]
    assert any("\ufffd" in t for t in texts)
    for text in texts:  # every kept text can be written as UTF-8
        text.encode("utf-8")
    assert len(rejects) == 1 and rejects[0].record == 3 and field in rejects[0].reason


def test_wrong_metadata_types_keep_the_paper_and_say_so(tmp_path: Path) -> None:
    bad = json.dumps({"id": ["x"], "abstract": ABSTRACT, "title": 5, "published": "soon"})
    papers, rejects = read(jsonl_around(tmp_path, bad.encode()))
    assert len(papers) == 6 and papers[2].title is None and papers[2].source_id is None
    assert len(rejects) == 1 and rejects[0].record == 3
    for word in ("title is not text", "id is not text", "unreadable date"):
        assert word in rejects[0].reason


def test_an_overlong_line_is_skipped_without_holding_it(tmp_path: Path) -> None:
    big = b'{"abstract": "' + b"x" * (20 << 20) + b'"}'
    path = jsonl_around(tmp_path, big)
    tracemalloc.start()
    papers, rejects = read(path, ReaderOptions(max_record_bytes=1 << 20))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert ids(papers) == GOOD_IDS
    assert [r.record for r in rejects] == [3] and "exceeds the limit" in rejects[0].reason
    assert peak < 8 << 20  # a few times the 1 MiB limit, not the 20 MiB line


# --- JSON documents ------------------------------------------------------------------


@pytest.mark.parametrize("indent", [None, 2])
def test_a_json_array(tmp_path: Path, indent: int | None) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps([good(i) for i in range(5)], indent=indent), encoding="utf-8")
    papers, rejects = read(path)
    assert ids(papers) == GOOD_IDS and not rejects


def test_a_single_pretty_printed_object(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(good(0), indent=2), encoding="utf-8")
    papers, rejects = read(path)
    assert ids(papers) == ["good-0"] and not rejects


def test_bad_values_in_an_array_cost_only_themselves(tmp_path: Path) -> None:
    items = [good(0), 5, {"abstract": 7}, good(1)]
    path = tmp_path / "in.json"
    path.write_text(json.dumps(items, indent=1), encoding="utf-8")
    papers, rejects = read(path)
    assert ids(papers) == ["good-0", "good-1"]
    assert [r.reason for r in rejects] == [
        "JSON value is not an object",
        "abstract is missing or not text",
    ]
    assert all(r.record is not None and r.record > 1 for r in rejects)  # their lines


def test_a_syntax_error_in_an_array_keeps_what_came_before(tmp_path: Path) -> None:
    text = json.dumps([good(0), good(1)], indent=1)[:-2] + ",\n {oops}\n]"
    path = tmp_path / "in.json"
    path.write_text(text, encoding="utf-8")
    papers, rejects = read(path)
    assert ids(papers) == ["good-0", "good-1"]
    line = text[: text.index("{oops")].count("\n") + 1
    assert len(rejects) == 1 and f"not JSON on line {line}" in rejects[0].reason
    assert rejects[0].record == line  # not the whole input: two records were read


def test_a_json_file_that_is_not_json_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text("[\n  {\n  oops", encoding="utf-8")
    papers, rejects = read(path)
    assert not papers and len(rejects) == 1 and input_error(rejects[0])
    assert rejects[0].reason.startswith("not JSON on line 3")


# --- CSV -------------------------------------------------------------------------------


def csv_text(rows: list[dict[str, str]], sep: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=["id", "title", "abstract"], delimiter=sep)
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be"])
def test_csv_separators_and_encodings(tmp_path: Path, sep: str, encoding: str) -> None:
    rows = [good(i) | {"abstract": f"{ABSTRACT}; with, separators|{i}"} for i in range(5)]
    data = csv_text(rows, sep).encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    papers, rejects = read(path)
    assert ids(papers) == GOOD_IDS and not rejects
    assert papers[0].abstract == f"{ABSTRACT}; with, separators|0"


def test_a_csv_field_over_the_limit_costs_only_its_row(tmp_path: Path) -> None:
    rows = [good(i) for i in range(5)]
    rows.insert(2, {"id": "big", "title": "t", "abstract": "y" * (2 << 20)})
    path = tmp_path / "in.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    papers, rejects = read(path, ReaderOptions(max_record_bytes=1 << 20))
    assert ids(papers) == GOOD_IDS
    assert [r.record for r in rejects] == [4]  # the header is line 1


def test_an_unclosed_quote_costs_one_row_not_its_neighbours(tmp_path: Path) -> None:
    text = csv_text([good(i) for i in range(5)])
    lines = text.splitlines(keepends=True)
    lines.insert(3, 'bad,T,"an abstract whose quote is never closed\r\n')
    path = tmp_path / "in.csv"
    path.write_text("".join(lines), encoding="utf-8")
    papers, rejects = read(path)
    assert ids(papers) == GOOD_IDS
    assert [r.record for r in rejects] == [4] and "fields" in rejects[0].reason


def test_a_row_with_extra_fields_is_rejected(tmp_path: Path) -> None:
    text = csv_text([good(0), good(1)]) + "x,T,abstract,surplus\n"
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    papers, rejects = read(path)
    assert ids(papers) == ["good-0", "good-1"]
    assert [r.record for r in rejects] == [4] and "row has 4 fields" in rejects[0].reason


# --- Parquet ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string(), pa.binary(), pa.large_binary()])
def test_parquet_text_types(tmp_path: Path, kind: pa.DataType) -> None:
    texts = [good(i)["abstract"] for i in range(3)]
    values = (
        [t.encode() for t in texts]
        if pa.types.is_binary(kind) or pa.types.is_large_binary(kind)
        else texts
    )
    table = pa.table({"id": ["a", "b", "c"], "abstract": pa.array(values, type=kind)})
    path = tmp_path / "in.parquet"
    pq.write_table(table, path)
    papers, rejects = read(path)
    assert [p.abstract for p in papers] == texts and not rejects


def test_a_parquet_abstract_of_another_type_is_rejected_row_by_row(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"abstract": [1, 2]}), path)
    papers, rejects = read(path)
    assert not papers and [r.record for r in rejects] == [1, 2]


def test_a_corrupt_parquet_file_beside_a_good_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"abstract": [ABSTRACT] * 100}), bad)
    data = bad.read_bytes()
    bad.write_bytes(data[:20] + b"\xff" * 200 + data[220:])
    good_file = jsonl_around(tmp_path, json.dumps(good(9)).encode())
    items = list(read_inputs([bad, good_file]))
    papers, rejects = split(items)
    assert len(papers) == 6 and all(p.source == str(good_file) for p in papers)
    assert rejects and all(r.source == str(bad) for r in rejects)


# --- whole inputs ----------------------------------------------------------------------


def test_unreadable_inputs_say_why(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    csv_path = tmp_path / "a.csv"
    csv_path.write_text("id,abstract_text\n1,x\n", encoding="utf-8")
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    inputs = [tmp_path / "missing.jsonl", fifo, csv_path, empty_dir]
    rejects = list(read_inputs(inputs))
    assert all(isinstance(r, Reject) and input_error(r) for r in rejects)
    assert [r.reason for r in rejects if isinstance(r, Reject)] == [
        "file not found",
        "not a regular file",
        "no abstract column (abstract / summary / text / abstract_inverted_index); "
        "columns found: id, abstract_text",
        "directory holds no file of a known format "
        "(.jsonl, .ndjson, .json, .csv, .tsv, .parquet, .txt)",
    ]


def test_a_fifo_does_not_hang_the_estimate(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    plain = jsonl_around(tmp_path, b"{}")
    result: list[int | None] = []
    worker = threading.Thread(target=lambda: result.append(estimate_records([fifo, plain])))
    worker.daemon = True
    worker.start()
    worker.join(timeout=10)
    assert result == [6]


def test_a_directory_is_read_recursively(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.jsonl").write_text(json.dumps(good(0)) + "\n", encoding="utf-8")
    (tmp_path / "sub" / "b.csv").write_text(csv_text([good(1)]), encoding="utf-8")
    (tmp_path / ".hidden" / "c.jsonl").write_text(json.dumps(good(2)) + "\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an input", encoding="utf-8")
    papers, rejects = read(tmp_path)
    assert ids(papers) == ["good-0", "good-1"] and not rejects
    assert papers[1].source == str(tmp_path / "sub" / "b.csv")


@pytest.mark.parametrize("first", [b'{"abstract": "cut', b"[1, ", b'{"id": 1,'])
def test_a_broken_first_line_does_not_cost_the_file(tmp_path: Path, first: bytes) -> None:
    # the file opens like a JSON document; its first value breaks on line 1, and line-by-line
    # reading finds the records after it
    lines = [first, *(json.dumps(good(i)).encode() for i in range(5))]
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    papers, rejects = read(path)
    assert ids(papers) == GOOD_IDS
    # "[1, " reads on as an array holding the records, and is then not closed
    assert rejects and rejects[0].record == 1 and all(r.record for r in rejects)


def test_a_file_with_no_json_says_so_for_the_whole_input(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("<html>\n<body>not json</body>\n", encoding="utf-8")
    papers, rejects = read(path)
    assert not papers and [r.record for r in rejects] == [1, 2, None]
    assert rejects[-1].reason.startswith("not JSON on line 1:")


def test_values_after_a_one_line_array_are_read(tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    text = json.dumps([good(0), good(1)]) + "\n" + json.dumps(good(2)) + "\n"
    path.write_text(text, encoding="utf-8")
    papers, rejects = read(path)
    assert ids(papers) == ["good-0", "good-1", "good-2"] and not rejects


def test_an_overlong_value_in_a_json_array_is_named(tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    text = "[" + json.dumps({"abstract": "x" * (3 << 20)}) + ",\n" + json.dumps(good(0)) + "]"
    path.write_text(text, encoding="utf-8")
    _, rejects = read(path, ReaderOptions(max_record_bytes=1 << 20))
    assert rejects and "longer than the limit" in rejects[0].reason and rejects[0].record == 1


def test_a_header_that_is_not_csv_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"\r\x00\n1,2\n")  # a carriage return inside the header line
    papers, rejects = read(path)
    assert not papers and [(r.record, r.reason) for r in rejects] == [
        (None, "unreadable CSV header")
    ]


def test_bytes_like_a_utf16_bom_in_a_utf8_record_cost_only_it(tmp_path: Path) -> None:
    # found by the fuzz test: UTF-16 is read only when NULs follow the BOM as in UTF-16 text
    papers, rejects = read(jsonl_around(tmp_path, b"\xfe\xff"))
    # two rows for line 3: its bytes are not UTF-8, and it is not JSON
    assert ids(papers) == GOOD_IDS and {r.record for r in rejects} == {3}
    first = tmp_path / "first.jsonl"
    first.write_bytes(b"\xfe\xff\n" + json.dumps(good(0)).encode() + b"\n")
    papers, rejects = read(first)
    assert ids(papers) == ["good-0"] and {r.record for r in rejects} == {1}


def test_a_value_too_deep_in_a_one_line_array_is_stepped_over(tmp_path: Path) -> None:
    deep = '{"abstract": "x", "extra": ' + "[" * 3000 + '"]}"' + "]" * 3000 + "}"
    path = tmp_path / "in.json"
    path.write_text(f"[{json.dumps(good(0))}, {deep}, {json.dumps(good(1))}]", encoding="utf-8")
    papers, rejects = read(path)
    assert ids(papers) == ["good-0", "good-1"]
    assert [(r.record, r.reason) for r in rejects] == [(1, "JSON nested too deep")]
