"""The worker keeps spaCy's string store bounded without changing any row."""

from __future__ import annotations

import pytest

from extract import runner
from extract.schemas import Paper
from extract.text import paper_id


def _papers(start: int, n: int) -> list[Paper]:
    texts = [
        f"We propose Zork{i}Net, which reaches {i % 90 + 5}.{i % 10}% top-1 accuracy on "
        f"ImageNet-1K with token{i}x and word{i}y."
        for i in range(start, start + n)
    ]
    return [Paper(paper_id=paper_id(t), source="t", record=1, abstract=t) for t in texts]


def test_the_string_store_is_emptied_every_so_often_and_rows_stay_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(runner, "RESET_EVERY", 20)
    worker = runner.Worker(None)
    batches = [_papers(k * 20, 20) for k in range(3)]
    sizes, rows = [], []
    for papers in batches:
        batch = worker(papers)
        sizes.append(batch.string_store)
        rows.append([r.model_dump() for r in batch.rows["methods"] + batch.rows["results"]])
    # each batch adds ~60 new strings; after a reset the store starts again from the base
    assert sizes[1] < sizes[0] + 30 and sizes[2] < sizes[0] + 30
    for papers, got in zip(batches, rows, strict=True):
        batch = runner.Worker(None)(papers)  # a new worker per batch: nothing carried over
        assert [r.model_dump() for r in batch.rows["methods"] + batch.rows["results"]] == got
    assert rows[2] and rows[2][0]["name"] == "Zork40Net"
