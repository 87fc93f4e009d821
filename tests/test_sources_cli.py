"""End to end: the CLI reads a directory of every source shape into `papers` with its
metadata, and links from the arXiv comment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from conftest import ROOT, run_cli


def test_a_directory_of_every_source(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = run_cli("run", str(ROOT / "tests" / "fixtures" / "sources"), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    papers = pd.read_parquet(out / "papers")
    # 2 arXiv API + 3 Kaggle + 1 OpenAlex + 2 Semantic Scholar (two records lack an abstract)
    assert len(papers) == 8
    assert papers["published"].notna().all()
    by_id = papers.set_index("arxiv_id")
    assert list(by_id.loc["2507.22367", "categories"]) == ["cs.CV", "cs.LG"]
    assert by_id.loc["0704.0001", "published"] == dt.date(2007, 4, 2)
    assert by_id.loc["2507.22367", "code_status"] == "released"  # said only in the comment
    links = pd.read_parquet(out / "links")
    from_comment = links[links["field"] == "comment"]
    assert set(from_comment["url"]) == {
        "https://github.com/example/foonet",
        "https://github.com/example/solo",
    }
    rejects = pd.read_parquet(out / "rejects")
    assert sorted(rejects["reason"]) == ["abstract is missing or not text"] * 2
