"""The arXiv comment is read for links and code status only (spec: methods, benchmarks and
numbers come from the title and abstract)."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from extract.core import process
from extract.nlp import Tools
from extract.schemas import Link, Paper, PaperRow
from extract.text import paper_id

ABSTRACT = "We study image classification with a new training schedule."


def rows(tools: Tools, comment: str | None) -> dict[str, list[BaseModel]]:
    """Every table's rows for one paper with this comment."""
    paper = Paper(
        paper_id=paper_id(ABSTRACT), source="t", record=1, abstract=ABSTRACT, comment=comment
    )
    return process([paper], tools).rows


def paper_row(out: dict[str, list[BaseModel]]) -> PaperRow:
    row = out["papers"][0]
    assert isinstance(row, PaperRow)
    return row


def test_a_code_link_in_the_comment_is_a_link_and_releases_code(tools: Tools) -> None:
    comment = "Accepted at CVPR 2025. Code: https://github.com/foo/barnet"
    out = rows(tools, comment)
    links = [r for r in out["links"] if isinstance(r, Link)]
    assert [(r.url, r.field) for r in links] == [("https://github.com/foo/barnet", "comment")]
    assert comment[links[0].start : links[0].end] == "https://github.com/foo/barnet"
    assert paper_row(out).code_status == "released"


@pytest.mark.parametrize(
    ("comment", "status"),
    [
        ("12 pages. Code will be released upon acceptance.", "promised"),
        ("Our code is available online.", "released"),
        ("Accepted at CVPR 2025; 8 pages, 5 figures", "none"),
        (None, "none"),
    ],
)
def test_code_status_read_from_the_comment(tools: Tools, comment: str | None, status: str) -> None:
    assert paper_row(rows(tools, comment)).code_status == status


def test_no_method_benchmark_or_number_comes_from_the_comment(tools: Tools) -> None:
    comment = "We propose FooNet, which achieves 81.7% top-1 accuracy on ImageNet."
    out = rows(tools, comment)
    for table in ("methods", "benchmarks", "results", "improvements"):
        assert not out[table], table
    # ...while the same sentence as the abstract gives them (the test can fail)
    paper = Paper(paper_id=paper_id(comment), source="t", record=1, abstract=comment)
    found = process([paper], tools).rows
    assert found["methods"] and found["benchmarks"] and found["results"]


def test_the_comment_is_kept_on_the_papers_row(tools: Tools) -> None:
    assert paper_row(rows(tools, "8 pages")).comment == "8 pages"
