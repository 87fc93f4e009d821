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


# --- datasets ----------------------------------------------------------------------------


def test_training_data_is_not_the_dataset_of_a_gain(extract_rows: Extractor) -> None:
    text = (
        "Models trained on OpenWebMath refined by our filter outperform rule-based methods, "
        "improving average accuracy by 7.6% over Mistral-7B."
    )
    assert improvements(extract_rows, text) == [
        (7.6, None, "%", "performance", "accuracy", None, "average")
    ]
    # a sentence that opens with its training set reports on that set
    text = "Trained on the UCF101 dataset, our model achieves 0.84 SSIM on the test set."
    assert results(extract_rows, text) == [(0.84, None, "SSIM", "UCF-101", None)]


def test_a_second_predicate_fences_off_its_dataset(extract_rows: Extractor) -> None:
    text = "It outperforms specialized models by 6% in MSE and ranking first on GIFT-Eval."
    assert improvements(extract_rows, text) == [(6.0, None, "%", "performance", "MSE", None, None)]
    text = "It outperforms specialized models by 6% in MSE on GIFT-Eval."
    assert improvements(extract_rows, text) == [
        (6.0, None, "%", "performance", "MSE", "GIFT-Eval", None)
    ]


def test_lists_pair_in_order_without_respectively(extract_rows: Extractor) -> None:
    text = (
        "On MATH-500, AIME and GPQA-Diamond it shows 2.08%, 2.23% and 3.99% improvements over "
        "the baseline."
    )
    assert [(r[0], r[5]) for r in improvements(extract_rows, text)] == [
        (2.08, "MATH-500"),
        (2.23, "AIME"),
        (3.99, "GPQA-Diamond"),
    ]
    # two metrics named with the list: the numbers pair with the metrics, not the datasets
    text = "We achieve improvements of 7.5% and 4.3% in AbsRel and RMSE for nuScenes and KITTI."
    assert "KITTI" not in [r[5] for r in improvements(extract_rows, text)]
