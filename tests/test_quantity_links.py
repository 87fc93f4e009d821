"""How a number is tied to its metric, dataset and neighbours: the micro-cases of issue 4.

Each construction has a positive case (the rule fires) and a negative one (a look-alike
where it must not)."""

from __future__ import annotations

from typing import Any

from conftest import Extractor

Row = tuple[Any, ...]


def results(extract_rows: Extractor, text: str) -> list[Row]:
    rows = extract_rows(text)["results"]
    return [(r.value, r.unit, r.metric, r.dataset, r.qualifier) for r in rows]  # type: ignore[attr-defined]


def improvements(extract_rows: Extractor, text: str) -> list[Row]:
    rows = extract_rows(text)["improvements"]
    return [
        (r.delta, r.delta_max, r.unit, r.kind, r.metric, r.dataset, r.qualifier)  # type: ignore[attr-defined]
        for r in rows
    ]


# --- registry: qualifiers that change what is measured ---------------------------------


def test_overhead_is_its_own_metric(extract_rows: Extractor) -> None:
    text = (
        "The fused variant reduces memory overhead by 52% and adds less than 1% latency overhead."
    )
    assert improvements(extract_rows, text) == [
        (52.0, None, "%", "efficiency", "memory overhead", None, None)
    ]
    assert results(extract_rows, text) == [(1.0, "%", "latency overhead", None, "up_to")]
    # the total, not the overhead
    assert improvements(extract_rows, "The fused variant reduces memory usage by 52%.") == [
        (52.0, None, "%", "efficiency", "memory", None, None)
    ]


def test_closed_loop_success_rate(extract_rows: Extractor) -> None:
    text = "The world model raises the closed-loop success rate from 16.0% to 24.0%."
    assert improvements(extract_rows, text)[0][4] == "closed-loop success rate"
    text = "The policy raises the success rate from 16.0% to 24.0%."
    assert improvements(extract_rows, text)[0][4] == "success rate"


def test_execution_time_is_not_inference_time(extract_rows: Extractor) -> None:
    text = "Our hierarchical architecture reduces total execution time by 23.3%."
    assert improvements(extract_rows, text)[0][4] == "execution time"
    text = "Our pruned detector reduces inference time by 23.3%."
    assert improvements(extract_rows, text)[0][4] == "inference time"
