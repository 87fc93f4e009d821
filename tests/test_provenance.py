"""Provenance round-trip: the text as read, sliced at a row's offsets, is its surface."""

from __future__ import annotations

import pytest
from conftest import GOLDEN

from extract.core import Batch, process
from extract.evaluate import gold_papers, load_gold
from extract.nlp import Tools
from extract.rules import fold
from extract.text import clean_text, strip_markup


@pytest.fixture(scope="module")
def golden_batch(tools: Tools) -> tuple[Batch, dict[str, dict[str, str]]]:
    cases = load_gold(GOLDEN / "dev.jsonl")
    papers = gold_papers(cases, "dev")
    texts = {p.paper_id: {"abstract": p.abstract, "title": p.title or ""} for p in papers}
    return process(papers, tools), texts


def _surface(texts: dict[str, dict[str, str]], row: object) -> str:
    text = texts[row.paper_id][row.field]  # type: ignore[attr-defined]
    return text[row.start : row.end]  # type: ignore[attr-defined]


def test_every_row_has_valid_offsets_and_evidence(
    golden_batch: tuple[Batch, dict[str, dict[str, str]]],
) -> None:
    batch, texts = golden_batch
    for table in ("methods", "benchmarks", "results", "improvements", "links"):
        assert batch.rows[table], f"no {table} rows on the golden papers"
        for row in batch.rows[table]:
            text = texts[row.paper_id][row.field]  # type: ignore[attr-defined]
            assert 0 <= row.start < row.end <= len(text)  # type: ignore[attr-defined]
            assert row.rule_id and row.evidence  # type: ignore[attr-defined]
            assert _surface(texts, row) in text
            assert " ".join(_surface(texts, row).split()) in " ".join(row.evidence.split())  # type: ignore[attr-defined]


def test_names_and_urls_round_trip(golden_batch: tuple[Batch, dict[str, dict[str, str]]]) -> None:
    batch, texts = golden_batch
    for row in batch.rows["benchmarks"]:
        assert clean_text(_surface(texts, row)).clean.strip() == row.mention  # type: ignore[attr-defined]
    for row in batch.rows["links"]:
        surface = clean_text(_surface(texts, row)).clean
        assert fold(row.url.split("://", 1)[1]).startswith(
            fold(surface.split("://")[-1]).rstrip("/").removesuffix(".git")[:20]
        )  # type: ignore[attr-defined]
    for row in batch.rows["methods"]:
        surface = strip_markup(clean_text(_surface(texts, row)).clean)
        name = row.name  # type: ignore[attr-defined]
        long_form = row.long_form or ""  # type: ignore[attr-defined]
        assert fold(surface) in (fold(name), fold(long_form)) or fold(name) in fold(surface)


def test_values_round_trip(golden_batch: tuple[Batch, dict[str, dict[str, str]]]) -> None:
    batch, texts = golden_batch
    for row in batch.rows["results"]:
        surface = clean_text(_surface(texts, row)).clean
        digits = f"{row.value:g}".lstrip("-")  # type: ignore[attr-defined]
        assert digits.split(".")[0] in surface.replace(",", ""), (surface, row.value)  # type: ignore[attr-defined]
