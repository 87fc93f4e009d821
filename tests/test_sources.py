"""Each source's real record shape, told apart by its fields with no flag: the papers with
their dates, categories and ids (fixtures in tests/fixtures/sources/)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extract.readers import read_file
from extract.readers.metadata import arxiv_id, arxiv_month, count_authors, doi, parse_date
from extract.readers.sources import inverted_abstract
from extract.schemas import Paper, Reject

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"


def read(name: str) -> tuple[list[Paper], list[Reject]]:
    items = list(read_file(FIXTURES / name))
    return [i for i in items if isinstance(i, Paper)], [i for i in items if isinstance(i, Reject)]


def meta(paper: Paper) -> dict[str, object]:
    return paper.model_dump(
        include={
            "source_id",
            "published",
            "published_precision",
            "categories",
            "primary_category",
            "n_authors",
            "comment",
            "doi",
            "arxiv_id",
        }
    )


def test_arxiv_api_json() -> None:
    papers, rejects = read("arxiv_api.jsonl")
    assert not rejects
    assert meta(papers[0]) == {
        "source_id": "2507.22367",
        "published": dt.date(2025, 7, 1),  # no date given: the month of the id
        "published_precision": "month",
        "categories": ["cs.CV", "cs.LG"],
        "primary_category": "cs.CV",
        "n_authors": 3,
        "comment": "Accepted at ICCV 2025. Code: https://github.com/example/foonet",
        "doi": None,
        "arxiv_id": "2507.22367",
    }
    assert papers[0].title == "FooNet: Fast Object Outlines"
    assert meta(papers[1]) == {
        "source_id": "http://arxiv.org/abs/2412.01234v2",
        "published": dt.date(2024, 12, 2),
        "published_precision": "day",
        "categories": ["cs.LG", "stat.ML"],
        "primary_category": "cs.LG",
        "n_authors": 1,
        "comment": "9 pages",
        "doi": "10.1000/abc.123",
        "arxiv_id": "2412.01234",
    }


def test_kaggle_snapshot() -> None:
    papers, rejects = read("kaggle_snapshot.json")
    assert not rejects and len(papers) == 3
    first, old, undated = papers
    assert meta(first) == {
        "source_id": "0704.0001",
        "published": dt.date(2007, 4, 2),  # versions[0].created, not update_date
        "published_precision": "day",
        "categories": ["hep-ph"],
        "primary_category": "hep-ph",
        "n_authors": 4,  # from authors_parsed
        "comment": "37 pages, 15 figures; published version",
        "doi": "10.1103/physrevd.76.013009",
        "arxiv_id": "0704.0001",
    }
    assert first.title is not None and first.title.startswith("Calculation of prompt")
    # old-style id, empty versions: the month of the id
    assert (old.arxiv_id, old.published, old.published_precision) == (
        "math/0406594",
        dt.date(2004, 6, 1),
        "month",
    )
    assert old.categories == ["math.GT", "math.AG"] and old.comment is None
    assert (undated.published, undated.published_precision) == (dt.date(2025, 1, 1), "month")


def test_openalex_response() -> None:
    papers, rejects = read("openalex_works.json")
    assert len(papers) == 1
    work = papers[0]
    assert work.abstract == (
        "We introduce SparseMixer, a model that reads a long input in linear time."
    )
    assert meta(work) == {
        "source_id": "https://openalex.org/W4390000001",
        "published": dt.date(2023, 10, 2),
        "published_precision": "day",
        "categories": ["Topic Modeling", "Natural Language Processing Techniques"],
        "primary_category": "Topic Modeling",
        "n_authors": 2,
        "comment": None,
        "doi": "10.48550/arxiv.2310.01234",
        "arxiv_id": "2310.01234",
    }
    # the work without an abstract is a reject naming its place in the response
    assert [(r.record, r.reason) for r in rejects] == [(2, "abstract is missing or not text")]


def test_semantic_scholar_array() -> None:
    papers, rejects = read("semantic_scholar.json")
    assert len(papers) == 2 and len(rejects) == 1
    assert meta(papers[0]) == {
        "source_id": "649def34f8be52c8b66281af98ae884c09aef38b",
        "published": dt.date(2023, 7, 9),
        "published_precision": "day",
        "categories": ["Computer Science", "Linguistics"],
        "primary_category": None,
        "n_authors": 2,
        "comment": None,
        "doi": "10.18653/v1/2023.acl-long.1",
        "arxiv_id": "2305.01234",
    }
    only_id = papers[1]
    assert (only_id.published, only_id.published_precision) == (dt.date(2024, 2, 1), "month")
    assert only_id.categories == ["Computer Science"]
    assert rejects[0].record is not None and "abstract is missing" in rejects[0].reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2507.22367", "2507.22367"),
        ("2507.22367v3", "2507.22367"),
        ("http://arxiv.org/abs/0704.0001v1", "0704.0001"),
        ("arXiv:hep-th/9901001v2", "hep-th/9901001"),
        ("https://doi.org/10.48550/arXiv.2310.01234", "2310.01234"),
        ("math.GT/0309136", "math.GT/0309136"),
        # not arXiv ids: no arXiv named and not an id alone, a month 13, before April 2007
        ("see table 2507.22367", None),
        ("2513.00001", None),
        ("0612.0001", None),
        ("10.1103/PhysRevD.76.013009", None),
        ("12345", None),
    ],
)
def test_arxiv_ids(value: str, expected: str | None) -> None:
    assert arxiv_id(value) == expected


@pytest.mark.parametrize(
    ("identifier", "month"),
    [
        ("2507.22367", dt.date(2025, 7, 1)),
        ("0704.0001", dt.date(2007, 4, 1)),
        ("hep-th/9901001", dt.date(1999, 1, 1)),
        ("math/0406594", dt.date(2004, 6, 1)),
        ("not-an-id", None),
    ],
)
def test_month_from_arxiv_id(identifier: str, month: dt.date | None) -> None:
    found = arxiv_month(identifier)
    assert (found[0] if found else None) == month
    assert found is None or found[1] == "month"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-14", (dt.date(2025, 3, 14), "day")),
        ("2025-03-14T17:59:59Z", (dt.date(2025, 3, 14), "day")),
        ("2025-03", (dt.date(2025, 3, 1), "month")),
        ("2025", (dt.date(2025, 1, 1), "year")),
        (2023, (dt.date(2023, 1, 1), "year")),
        ("Mon, 2 Apr 2007 19:18:42 GMT", (dt.date(2007, 4, 2), "day")),
        ("2025-02-30", None),
        ("soon", None),
        (12, None),
        (True, None),
    ],
)
def test_dates(value: object, expected: object) -> None:
    assert parse_date(value) == expected


def test_doi_and_author_count() -> None:
    assert doi("https://doi.org/10.7717/PEERJ.4375") == "10.7717/peerj.4375"
    assert doi("not a doi") is None
    assert count_authors("A. Smith, B. Jones (MIT, Boston) and C. Lee") == 3
    assert count_authors(["a", "b"]) == 2 and count_authors("") is None


def test_inverted_index_rejects_absurd_positions() -> None:
    assert inverted_abstract({"b": [1], "a": [0]}, 100) == "a b"
    with pytest.raises(ValueError, match="invalid position"):
        inverted_abstract({"a": [10**9]}, 100)
    with pytest.raises(ValueError, match="not a map"):
        inverted_abstract({"a": "0"}, 100)


def test_the_kaggle_shape_gives_the_same_rows_as_the_arxiv_shape(tmp_path: Path) -> None:
    from extract.core import process
    from extract.nlp import build_tools
    from extract.rules import load_rules

    golden = Path(__file__).resolve().parent / "golden" / "dev.jsonl"
    cases = [json.loads(line) for line in golden.read_text(encoding="utf-8").splitlines()[:25]]
    api, kaggle = [], []
    for n, case in enumerate(cases):
        ident = f"2501.{n:05d}"
        comment = "Code: https://github.com/example/repo" + str(n) if n % 3 == 0 else None
        api.append(
            {
                "id": ident,
                "title": case["title"] or "T",
                "summary": case["abstract"],
                "authors": ["A", "B"],
                "categories": ["cs.CV"],
                "comment": comment,
            }
        )
        kaggle.append(
            {
                "id": ident,
                "title": case["title"] or "T",
                "abstract": case["abstract"],
                "authors": "A and B",
                "categories": "cs.CV",
                "comments": comment,
                "versions": [{"version": "v1", "created": "Thu, 2 Jan 2025 10:00:00 GMT"}],
                "update_date": "2025-01-03",
                "authors_parsed": [["A", "", ""], ["B", "", ""]],
            }
        )
    (tmp_path / "api.jsonl").write_text("\n".join(json.dumps(r) for r in api), encoding="utf-8")
    (tmp_path / "kaggle.json").write_text("\n".join(json.dumps(r) for r in kaggle), "utf-8")
    tools = build_tools(load_rules())
    tables = []
    for name in ("api.jsonl", "kaggle.json"):
        items = list(read_file(tmp_path / name))
        papers = [i for i in items if isinstance(i, Paper)]
        rejects = [i for i in items if isinstance(i, Reject)]
        assert not rejects and len(papers) == 25
        rows = process(papers, tools).rows
        tables.append(
            {t: sorted(r.model_dump_json() for r in rows[t]) for t in rows if t != "papers"}
        )
        dates = {(p.published, p.published_precision) for p in papers}
        assert dates == (
            {(dt.date(2025, 1, 1), "month")}
            if name == "api.jsonl"
            else {(dt.date(2025, 1, 2), "day")}
        )
    assert tables[0] == tables[1] and tables[0]["links"]  # the comments' links are in both
