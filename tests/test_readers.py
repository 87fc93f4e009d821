"""Readers: every format, detection, and every input problem as a reject (never a crash)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pandas as pd
import pytest

from extract.readers import ReaderOptions, read_file
from extract.schemas import Paper, Reject

ROOT = Path(__file__).resolve().parent.parent
ABSTRACT = "We propose FooNet, which achieves 81.7% top-1 accuracy on ImageNet."


def split(items: list[Paper | Reject]) -> tuple[list[Paper], list[Reject]]:
    return [i for i in items if isinstance(i, Paper)], [i for i in items if isinstance(i, Reject)]


def test_abstract_lines_seed() -> None:
    papers, rejects = split(list(read_file(ROOT / "samples" / "001_a4225d5950b9190b.txt")))
    assert len(papers) == 10 and not rejects
    assert all(p.title is None for p in papers)
    assert papers[0].record == 1 and not papers[0].abstract.startswith("Abstract:")


def test_listing_seed_reads_titles_authors_dates_and_votes() -> None:
    path = ROOT / "samples" / "003_d70b61c28a3beeab.txt"
    papers, rejects = split(list(read_file(path)))
    assert len(papers) == 95 and not rejects
    first = papers[0]
    assert (
        first.title == "CNN Filter DB: An Empirical Investigation of Trained Convolutional Filters"
    )
    assert first.n_authors == 2 and first.published == dt.date(2022, 3, 29)
    by_title = {p.title: p for p in papers}
    # "Oct 16 2": a date with no year keeps its raw text, a null date, and 2 up-votes.
    no_year = next(p for p in papers if p.published_text == "Oct 16")
    assert no_year.published is None and no_year.upvotes == 2
    assert (
        by_title[
            "Programming Every Example: Lifting Pre-training Data Quality like Experts at Scale"
        ].upvotes
        == 4
    )


def test_all_seeds_give_119_abstracts() -> None:
    total = sum(len(split(list(read_file(p)))[0]) for p in sorted((ROOT / "samples").glob("*.txt")))
    assert total == 119


def test_jsonl_with_arxiv_field_names(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    rows = [
        {
            "id": "2501.00001",
            "title": "FooNet",
            "summary": "Line one\nline two.",
            "authors": ["a", "b"],
        },
        {"id": "2501.00002", "title": "Bar", "summary": ABSTRACT, "authors": []},
    ]
    path.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in rows).encode()))
    papers, rejects = split(list(read_file(path)))
    assert not rejects
    assert [p.source_id for p in papers] == ["2501.00001", "2501.00002"]
    assert papers[0].abstract == "Line one\nline two."  # hard line breaks kept as read
    assert papers[0].n_authors == 2 and papers[0].title == "FooNet"


def test_csv_and_override_columns(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('id,body,title\n7,"' + ABSTRACT + '",T\n', encoding="utf-8")
    papers, rejects = split(list(read_file(path)))
    assert not papers and len(rejects) == 1
    assert "no abstract column" in rejects[0].reason and "id, body, title" in rejects[0].reason
    papers, rejects = split(list(read_file(path, ReaderOptions(text_column="body"))))
    assert len(papers) == 1 and papers[0].source_id == "7" and not rejects


def test_parquet(tmp_path: Path) -> None:
    path = tmp_path / "a.parquet"
    pd.DataFrame({"paper_id": ["x1"], "abstract": [ABSTRACT], "title": ["T"]}).to_parquet(path)
    papers, _ = split(list(read_file(path)))
    assert len(papers) == 1 and papers[0].source_id == "x1" and papers[0].title == "T"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x00\x01\x02binary\x00", "binary file"),
        (b"\x1f\x8b\x08\x00truncated", "corrupt or truncated gzip"),
    ],
)
def test_unreadable_files_become_one_reject(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    papers, rejects = split(list(read_file(path)))
    assert not papers and len(rejects) == 1 and reason in rejects[0].reason


@pytest.mark.parametrize("content", [b"\x1f", b"\x1c\n\x1d\n"])
def test_a_file_of_blank_control_characters_is_one_reject(tmp_path: Path, content: bytes) -> None:
    # A gzip cut after its first byte is \x1f, which Python's str.strip() counts as blank:
    # the JSON Lines reader then sees only blank lines and must still say so.
    path = tmp_path / "cut.jsonl"
    path.write_bytes(content)
    papers, rejects = split(list(read_file(path)))
    assert not papers and len(rejects) == 1 and "no records" in rejects[0].reason


def test_malformed_json_lines_are_rejected_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps({"abstract": ABSTRACT})
        + "\n{not json\n[1, 2]\n"
        + json.dumps({"abstract": "  "})
        + "\n",
        encoding="utf-8",
    )
    papers, rejects = split(list(read_file(path)))
    assert len(papers) == 1
    assert [r.record for r in rejects] == [2, 3, 4]
    assert "malformed JSON" in rejects[0].reason
    assert "not an object" in rejects[1].reason
    assert "empty or whitespace-only abstract" in rejects[2].reason


def test_bom_crlf_and_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfAbstract:" + ABSTRACT.encode() + b"\r\nAbstract:caf\xe9 net\r\n")
    papers, rejects = split(list(read_file(path)))
    assert len(papers) == 2
    assert papers[0].abstract == ABSTRACT  # BOM and CR gone
    assert "\ufffd" in papers[1].abstract  # decoded with replacement...
    assert len(rejects) == 1 and "invalid UTF-8" in rejects[0].reason  # ...and recorded


def test_oversized_abstract_is_rejected_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"abstract": "word " * 30_000}) + "\n", encoding="utf-8")
    papers, rejects = split(list(read_file(path, ReaderOptions(max_abstract_chars=100_000))))
    assert not papers and "150,000 characters exceeds the limit" in rejects[0].reason


def test_missing_file(tmp_path: Path) -> None:
    papers, rejects = split(list(read_file(tmp_path / "nope.jsonl")))
    assert not papers and rejects[0].reason == "file not found"


def test_estimate_records_counts_lines_and_parquet_rows(tmp_path: Path) -> None:
    from extract.readers import estimate_records

    jsonl = tmp_path / "a.jsonl.gz"
    jsonl.write_bytes(gzip.compress(b'{"abstract": "x"}\n' * 7))
    table = tmp_path / "b.parquet"
    pd.DataFrame({"abstract": ["a", "b", "c"]}).to_parquet(table)
    assert estimate_records([jsonl, table]) == 10
    broken = tmp_path / "c.jsonl.gz"
    broken.write_bytes(gzip.compress(b"{}\n" * 100)[:20])
    assert estimate_records([broken]) is None
