"""The number grammar: scores become results, gains become improvements, the rest nothing."""

from __future__ import annotations

from typing import Any

import pytest
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


# --- scores ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # metric after the value
        (
            "FooNet achieves 81.7% top-1 accuracy on ImageNet.",
            [(81.7, "%", "top-1 accuracy", "ImageNet-1K", None)],
        ),
        # metric before the value
        ("FooNet reaches an mIoU of 55.9 on ADE20K.", [(55.9, None, "mIoU", "ADE20K", None)]),
        # a value list sharing one metric, paired with datasets by "respectively"
        (
            "ResNet-18 achieves 79.15% and 71.14% accuracy on CIFAR-100 and ImageNet, "
            "respectively.",
            [
                (79.15, "%", "accuracy", "CIFAR-100", None),
                (71.14, "%", "accuracy", "ImageNet-1K", None),
            ],
        ),
        # LaTeX markup around the value, average qualifier
        (
            r"Our method achieves an average accuracy of \textbf{98.9\%} on the GenImage "
            "benchmark.",
            [(98.9, "%", "accuracy", "GenImage", "average")],
        ),
        # more-than qualifier
        (
            "Our method achieves an accuracy of over 98.2%.",
            [(98.2, "%", "accuracy", None, "more_than")],
        ),
        # a range of scores gives both ends
        (
            "It reaches 86-94% accuracy on the primary suite.",
            [(86.0, "%", "accuracy", None, None), (94.0, "%", "accuracy", None, None)],
        ),
        # subscripted metric and a bare number
        (
            "We obtain 47.9 box AP on COCO and 16.1 mask AP_r on LVIS.",
            [(47.9, None, "box AP", "COCO", None), (16.1, None, "mask AP_r", "LVIS", None)],
        ),
    ],
)
def test_scores(extract_rows: Extractor, text: str, expected: list[Row]) -> None:
    assert results(extract_rows, text) == expected


def test_from_to_gives_two_results_and_a_gain(extract_rows: Extractor) -> None:
    text = (
        "In the ImageNet 1K dataset, H-GKD improves the accuracy of ResNet50 from 76.98% to 80.01%."
    )
    assert [r[0] for r in results(extract_rows, text)] == [76.98, 80.01]
    assert improvements(extract_rows, text) == [
        (3.03, None, "%", "performance", "accuracy", "ImageNet-1K", None)
    ]


def test_error_reduced_from_to_is_a_gain(extract_rows: Extractor) -> None:
    text = "Our method reduces the word error rate from 24.5% to 1.7%."
    assert improvements(extract_rows, text)[0][:2] == (22.8, None)


def test_a_fall_is_no_improvement(extract_rows: Extractor) -> None:
    text = "Under attack, mean accuracy falls from 71.1% to 38.0%."
    assert [r[0] for r in results(extract_rows, text)] == [71.1, 38.0]
    assert improvements(extract_rows, text) == []


# --- changes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # approx with LaTeX, metric between verb and "by", list continuing with "and"
        (
            r"RM improves classification accuracy by $\sim$3.2\% on CIFAR100 and $\sim$2.8\% "
            "on ImageNet.",
            [
                (3.2, None, "%", "performance", "accuracy", "CIFAR-100", "approx"),
                (2.8, None, "%", "performance", "accuracy", "ImageNet-1K", "approx"),
            ],
        ),
        # bare AP points
        (
            "The model outperforms the baseline by 2.1 AP points on COCO.",
            [(2.1, None, "points", "performance", "AP", "COCO", None)],
        ),
        # a range with a qualifier
        (
            "Our method achieves gains of at least 10% to 30%.",
            [(10.0, 30.0, "%", "performance", None, None, "at_least")],
        ),
        # average range, then maximum on a split
        (
            "It outperforms prior methods by an average margin of 3.0% to 4.6%.",
            [(3.0, 4.6, "%", "performance", None, None, "average")],
        ),
        # a signed gain
        (
            "It outperforms the best approach by +6.5 mask AP_r on LVIS.",
            [(6.5, None, "points", "performance", "mask AP_r", "LVIS", None)],
        ),
        # a speed-up written with LaTeX times
        (
            r"It runs $\sim 2\times$ faster than the baseline.",
            [(2.0, None, "x", "efficiency", "speed", None, "approx")],
        ),
        # a speed-up written as words
        (
            "It is nearly a hundred times faster than existing methods.",
            [(100.0, None, "x", "efficiency", "speed", None, "approx")],
        ),
        # an efficiency change with its metric before the change word
        (
            "QYOLO achieves 12.3% GFLOPs reduction on VisDrone.",
            [(12.3, None, "%", "efficiency", "GFLOPs", "VisDrone", None)],
        ),
        # up-to qualifier
        (
            "Our method achieves up to a 129.8% performance gain.",
            [(129.8, None, "%", "performance", None, None, "up_to")],
        ),
    ],
)
def test_changes(extract_rows: Extractor, text: str, expected: list[Row]) -> None:
    assert improvements(extract_rows, text) == expected


def test_change_inherits_the_metric_of_the_score_before_it(extract_rows: Extractor) -> None:
    text = "The method achieves 74.67% accuracy, outperforming LBP-TOP (by 11.26%)."
    assert improvements(extract_rows, text)[0][:5] == (11.26, None, "%", "performance", "accuracy")


def test_respectively_pairs_values_with_baselines_one_row_each(extract_rows: Extractor) -> None:
    text = (
        "RM surpasses the baseline and CutMix by 1.9 and 1.1 mIoU points on ADE20K, respectively."
    )
    got = improvements(extract_rows, text)
    assert [g[0] for g in got] == [1.9, 1.1] and {g[4] for g in got} == {"mIoU"}


def test_losses_are_not_gains(extract_rows: Extractor) -> None:
    assert improvements(extract_rows, "It suffers a 0.6-point drop in accuracy.") == []
    assert improvements(extract_rows, "The accuracy drops by 3.1% under noise.") == []
    assert improvements(extract_rows, "It has 0.4 pp mAP@50 degradation.") == []


# --- numbers that are neither ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We collect a dataset with over 1.4 billion filters from hundreds of CNNs.",  # count
        "The corpus holds 29M image-text pairs.",  # size
        "We pre-train for 300 epochs with a 2B-parameter model.",  # count, size
        "It randomly masks a portion of (usually 25%) the sampled regions.",  # setting
        "We use a 25% mask ratio.",  # hyper-parameter
        "It surpasses full fine-tuning using less than 0.4% of learnable parameters.",  # budget
        "It surpasses full fine-tuning in 19 out of 24 tasks.",  # count
        "The team took third place in the 2021 challenge.",  # rank, year
        "BMD had a sensitivity (95% CI 74.0-86.8%) estimated on scans.",  # statistic
        "We study 3x3 filters at 1280x720 resolution.",  # sizes
        "It encourages (1) large norms and (2) aligned directions.",  # enumeration
        "Ratings use a 1-5 fidelity rubric where 1 = unsafe.",  # scale
        "As shown in Table 3, results hold.",  # reference
    ],
)
def test_not_results(extract_rows: Extractor, text: str) -> None:
    rows = extract_rows(text)
    assert rows["results"] == [] and rows["improvements"] == []


# --- which dataset a number is on ---------------------------------------------------------


def datasets_of(extract_rows: Extractor, text: str) -> list[tuple[float, str | None]]:
    rows = extract_rows(text)
    got = [(r.value, r.dataset) for r in rows["results"]]  # type: ignore[attr-defined]
    got += [(r.delta, r.dataset) for r in rows["improvements"]]  # type: ignore[attr-defined]
    return got


def test_a_dataset_across_a_comma_belongs_to_the_other_number(extract_rows: Extractor) -> None:
    text = (
        "It outperforms prior methods by an average margin of 3.0% to 4.6%, with a maximum "
        "improvement of 12.5% on the RefCOCO+ testA subset."
    )
    assert datasets_of(extract_rows, text) == [(3.0, None), (12.5, "RefCOCO+")]


def test_a_sentence_opening_frame_covers_its_numbers(extract_rows: Extractor) -> None:
    text = "For example, in the ImageNet 1K dataset, H-GKD improves accuracy by 3.03%."
    assert datasets_of(extract_rows, text) == [(3.03, "ImageNet-1K")]


def test_a_number_in_parentheses_belongs_to_the_name_before(extract_rows: Extractor) -> None:
    text = (
        "It achieves strong results on the BRATS challenge (with a 0.4% improvement) and "
        "the BTCV benchmark (with a 1.3% improvement)."
    )
    assert datasets_of(extract_rows, text) == [(0.4, "BRATS"), (1.3, "BTCV")]


def test_respectively_cycles_a_longer_value_list(extract_rows: Extractor) -> None:
    text = (
        "DMT obtains 8.9%, 9.6%, 4.6% and 6.4% improvements on Flickr-SoundNet and "
        "VGG-Sound Source, respectively."
    )
    assert datasets_of(extract_rows, text) == [
        (8.9, "Flickr-SoundNet"),
        (9.6, "VGG-Sound Source"),
        (4.6, "Flickr-SoundNet"),
        (6.4, "VGG-Sound Source"),
    ]


def test_a_rate_of_n_percent_is_a_score(extract_rows: Extractor) -> None:
    text = "Our framework achieves a success rate of 27% on CelebA-HQ."
    assert results(extract_rows, text) == [(27.0, "%", "success rate", "CelebA-HQ", None)]


def test_a_measurement_unit_after_a_named_metric_is_a_score(extract_rows: Extractor) -> None:
    text = "AAQ had an overall mean absolute error of 1.57 mm on the test scans."
    # the physical unit is the row's unit (from the unit registry)
    assert [r[:3] for r in results(extract_rows, text)] == [(1.57, "mm", "MAE")]


def test_a_metric_right_after_a_measurement_unit_makes_it_a_score(extract_rows: Extractor) -> None:
    text = "Our method achieved the best tracking accuracy (2.14 mm RMSE) on the test cases."
    assert [r[:3] for r in results(extract_rows, text)] == [(2.14, "mm", "RMSE")]
    # a size in the same unit with no metric right after it stays a size
    text = "Lesions larger than 5 mm were segmented with a Dice of 0.81."
    assert [r[:3] for r in results(extract_rows, text)] == [(0.81, None, "Dice")]


def test_a_percentage_of_a_method_is_not_a_share(extract_rows: Extractor) -> None:
    text = "Our model reaches 46.9% accuracy, in comparison to the 46.8% of an existing approach."
    assert [r[0] for r in results(extract_rows, text)] == [46.9, 46.8]


def test_a_metric_at_an_unlisted_cut_off_is_named_as_written(extract_rows: Extractor) -> None:
    text = "Rule-grounded reasoning reduces ADE@3s from 0.47 to 0.26 on our benchmark."
    assert [(r[0], r[2]) for r in results(extract_rows, text)] == [
        (0.47, "ADE@3s"),
        (0.26, "ADE@3s"),
    ]


def test_a_bare_success_is_a_success_rate(extract_rows: Extractor) -> None:
    text = "DuSAR reaches 37.1% success on ALFWorld."
    assert results(extract_rows, text) == [(37.1, "%", "success rate", "ALFWorld", None)]


def test_items_of_a_list_of_metric_value_pairs_are_named_by_their_own_names(
    extract_rows: Extractor,
) -> None:
    # a name the registry lacks, in a list whose other items are registry metrics
    text = "X2B reaches an IoU of 0.952 and Chamfer-L1 distance of 0.005 on the test shapes."
    assert [(r[0], r[2]) for r in results(extract_rows, text)] == [
        (0.952, "IoU"),
        (0.005, "Chamfer-L1 distance"),
    ]
    text = "GeoCFNet achieves RMSE 0.0480, PSNR 27.1995, SSIM 0.3397, and CC 0.2466 on the maps."
    assert [r[2] for r in results(extract_rows, text)] == ["RMSE", "PSNR", "SSIM", "CC"]
    # the first item of the list, and items after an unlisted one, take their own names
    text = "Our detector achieves F1(AI) of 80.17, AUROC of 92.63, and CF1 of 61.1 on the set."
    assert [(r[0], r[2]) for r in results(extract_rows, text)] == [
        (80.17, "F1(AI)"),
        (92.63, "AUROC"),
        (61.1, "CF1"),
    ]
    text = "Our model achieves mAP50 of 0.9627, mAP75 of 0.7731, and mAP95 of 0.7178."
    assert [r[2] for r in results(extract_rows, text)][1:] == ["mAP75", "mAP95"]


def test_a_list_of_name_value_pairs_names_no_metric_with_datasets_settings_or_stats(
    extract_rows: Extractor,
) -> None:
    text = "Our model reaches an accuracy of 85.2 on MMLU, GSM8K 70.1 and MATH 50.3."
    assert [r[2] for r in results(extract_rows, text) if r[2] not in ("accuracy", None)] == []
    text = "The model with the module achieves an angular error of 3.59 and without it 3.26."
    assert [r[2] for r in results(extract_rows, text)] == ["angular error", "angular error"]
    text = "The score (MAE = 0.197, mean = 0.849, n = 240) shows moderate alignment."
    assert [r[2] for r in results(extract_rows, text)] == ["MAE"]
    text = "It reaches a Dice score of 0.6385 and area-under-the-curve metrics of 2.4799 (Dice)."
    assert [r[0] for r in results(extract_rows, text)] == [0.6385]


def test_a_unit_and_metric_naming_a_budget_is_no_measurement(extract_rows: Extractor) -> None:
    text = "It runs at 20 FPS within the 8 MB memory constraints of the platform."
    assert [r[2] for r in results(extract_rows, text)] == ["FPS"]


def test_what_a_change_verb_changes_from_a_to_b_names_the_metric(extract_rows: Extractor) -> None:
    text = (
        "Our method improves validity from 76.7% to 82.5% and reduces failure frames "
        "from 30.5% to 1.3%."
    )
    assert [(r[0], r[2]) for r in results(extract_rows, text)] == [
        (76.7, "validity"),
        (82.5, "validity"),
        (30.5, "failure frames"),
        (1.3, "failure frames"),
    ]


def test_a_system_setting_or_adverb_changed_from_a_to_b_is_no_metric(
    extract_rows: Extractor,
) -> None:
    for text in (
        "Fine-tuning improves the model from 41.2% to 58.1% on the test set.",
        "Increasing the dataset volume from 25% to 100% yields a linear gain.",
        "False positive rates were reduced progressively from 51% to 33% over time.",
        "Our method increases the context length from 4K to 128K tokens.",
    ):
        assert [r[2] for r in results(extract_rows, text) if r[2] is not None] == [], text


def test_a_measured_head_keeps_the_word_that_says_what_is_measured(
    extract_rows: Extractor,
) -> None:
    text = "Our potential reaches an energy RMSE of 0.41 and a prefill latency of 22 ms."
    assert [r[2] for r in results(extract_rows, text)] == ["energy RMSE", "prefill latency"]
    # granularity, units, verbs and descriptive words are not part of the name
    for text, metric in (
        ("The classifier reaches a patient-level F1 of 0.84 on the cohort.", "F1"),
        ("We obtain F1 of 0.84 on the cohort.", "F1"),
        ("The system answers with 2 second latency on a laptop.", "latency"),
        ("It reaches a maximum AUC of 0.79 in cross-validation.", "AUC"),
    ):
        assert [r[2] for r in results(extract_rows, text)] == [metric], text


def test_respectively_without_datasets_continues_the_previous_sentences_list(
    extract_rows: Extractor,
) -> None:
    text = (
        "On GSM8K, HumanEval and MedQA, our model achieves improvements of 7.61%, 4.88% and "
        "3.08% over the base models, respectively. Against prior methods it achieves "
        "improvements of 1.09%, 1.45% and 1.68%, respectively."
    )
    rows = [(r[0], r[5]) for r in improvements(extract_rows, text)]
    assert rows[3:] == [(1.09, "GSM8K"), (1.45, "HumanEval"), (1.68, "MedQA-USMLE")]
    # a sentence with its own datasets, or a list of another length, takes none of them
    text = (
        "On GSM8K and HumanEval, our model achieves improvements of 7.61% and 4.88%, "
        "respectively. It also achieves improvements of 1.09%, 1.45% and 1.68%, respectively."
    )
    assert [r[5] for r in improvements(extract_rows, text)][2:] == [None, None, None]


def test_what_a_change_verb_changes_by_a_percentage_names_the_metric(
    extract_rows: Extractor,
) -> None:
    text = (
        "It turns microscopes into scanners, reducing focusing time by 80% compared to "
        "stack-based methods while achieving a focus accuracy of 0.18."
    )
    assert [(r[0], r[4]) for r in improvements(extract_rows, text)] == [(80.0, "focusing time")]
    # a system or a family of models is not what is measured
    for text in (
        "TaTToo improves downstream policy LRMs by 30.9% at inference.",
        "Our method improves the model by 5.2% on the test set.",
    ):
        assert [r[4] for r in improvements(extract_rows, text)] == [None], text
