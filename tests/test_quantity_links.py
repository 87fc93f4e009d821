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


# --- numbers written as words ----------------------------------------------------------


def test_fold_words_need_a_change(extract_rows: Extractor) -> None:
    assert improvements(extract_rows, "Our contributions are threefold.") == []
    assert improvements(extract_rows, "It achieves a threefold speedup over the baseline.") == [
        (3.0, None, "x", "efficiency", "speed", None, None)
    ]
    text = "Post-training increases its success rate by over threefold for object search."
    assert improvements(extract_rows, text) == [
        (3.0, None, "x", "performance", "success rate", None, "more_than")
    ]


def test_a_multiplier_restated_by_a_from_to_pair_is_one_claim(extract_rows: Extractor) -> None:
    text = (
        "IAT conditioning reaches 2.44, doubling the share of admissible generations "
        "from 21% to 42%."
    )
    assert improvements(extract_rows, text) == [(21.0, None, "%", "performance", None, None, None)]
    assert improvements(extract_rows, "Our method doubles the accuracy of the baseline.") == [
        (2.0, None, "x", "performance", "accuracy", None, None)
    ]


def test_how_often_is_a_finding_not_a_gain(extract_rows: Extractor) -> None:
    text = "Jokes told by privileged speakers are refused up to 67.5% more often."
    assert extract_rows(text)["improvements"] == [] and extract_rows(text)["results"] == []
    assert improvements(extract_rows, "Our detector is 2.5x faster than YOLOv8.") == [
        (2.5, None, "x", "efficiency", "speed", None, None)
    ]


# --- metrics -----------------------------------------------------------------------------


def test_by_with_a_comparison_sign_and_a_metric_across_3d(extract_rows: Extractor) -> None:
    text = (
        "Our method improves the Intersection-over-union (IoU) of tool 3D models in 2D "
        "projections by>40%."
    )
    assert improvements(extract_rows, text) == [
        (40.0, None, "%", "performance", "IoU", None, "more_than")
    ]


def test_metric_named_with_its_acronym(extract_rows: Extractor) -> None:
    text = "The representations achieve a state-of-the-art Word Error Rate (WER) of 1.27 on LRS2."
    assert results(extract_rows, text) == [(1.27, None, "word error rate", "LRS2", None)]
    # a setting after the acronym is no score
    text = "Models are evaluated with the area under the curve (AUC) at 6-month intervals."
    assert results(extract_rows, text) == []


def test_an_aside_after_the_metric(extract_rows: Extractor) -> None:
    text = (
        "Word error rate decreases by 15-31% and ROUGE (phrase/substring overlap) increases "
        "by 9-64%."
    )
    assert [r[4] for r in improvements(extract_rows, text)] == ["word error rate", "ROUGE"]


def test_a_spread_in_parentheses_is_no_score(extract_rows: Extractor) -> None:
    text = (
        "Compared to one-hot encoding (Dice Similarity Coefficient (DSC) = 82.4 (2.8)), binary "
        "approaches fall behind."
    )
    assert results(extract_rows, text) == [(82.4, None, "Dice", None, None)]
    # a value in parentheses after a metric name ending in a digit is the score
    text = "Distillation attains the highest mean macro-F1 (0.554) and balanced accuracy (0.660)."
    assert results(extract_rows, text) == [
        (0.554, None, "macro-F1", None, "average"),
        (0.66, None, "balanced accuracy", None, None),
    ]


def test_a_list_does_not_lend_its_metric_past_another_one(extract_rows: Extractor) -> None:
    text = (
        "It achieves an MSE of 467.15, and a Spearman Rank Correlation Coefficient (SRC) of "
        "0.338 on the test set."
    )
    assert [r[:3] for r in results(extract_rows, text)] == [(467.15, None, "MSE")]
    # a metric word inside a setting does not stop the list
    text = (
        "Adaptive scaling increases accuracy by 11% in high compute regime, and 7% in low "
        "compute regime."
    )
    assert [r[4] for r in improvements(extract_rows, text)] == ["accuracy", "accuracy"]


def test_a_metric_word_modifying_a_method_is_no_metric(extract_rows: Extractor) -> None:
    text = "Every KV-cache compression method achieves 0% on credential retrieval."
    assert results(extract_rows, text) == [(0.0, "%", None, None, None)]
    text = "The accuracy of the baseline models is 80%."
    assert results(extract_rows, text) == [(80.0, "%", "accuracy", None, None)]
