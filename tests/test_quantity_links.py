"""How a number is tied to its metric, dataset and neighbours: the micro-cases of issue 4.

Each construction has a positive case (the rule fires) and a negative one (a look-alike
where it must not)."""

from __future__ import annotations

from conftest import Extractor
from test_quantities import improvements, results

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
    text = "Every KV-cache compression method achieves 0% accuracy on credential retrieval."
    assert results(extract_rows, text) == [(0.0, "%", "accuracy", None, None)]
    # with no metric left, a bare percentage says nothing a leaderboard can use
    text = "Every KV-cache compression method achieves 0% on credential retrieval."
    assert results(extract_rows, text) == []
    text = "The accuracy of the baseline models is 80%."
    assert results(extract_rows, text) == [(80.0, "%", "accuracy", None, None)]


# --- from->to pairs repeated for another setting ------------------------------------------


def test_a_repeated_from_to_pair_takes_the_metric_of_its_parallel(extract_rows: Extractor) -> None:
    text = (
        "Reasoning reduces ADE@3s from 0.47 to 0.26 and miss rate from 8.30% to 6.40% under "
        "three cameras, and from 0.54 to 0.26 and 10.13% to 5.99% under eight cameras."
    )
    assert [(r[0], r[4]) for r in improvements(extract_rows, text)] == [
        (0.21, "ADE@3s"),
        (1.9, "miss rate"),
        (0.28, "ADE@3s"),
        (4.14, "miss rate"),
    ]
    # a pair that names what it measures keeps its own (unknown) metric
    text = (
        "Switching to image-space landmarks tanks stroke-type accuracy from 83% to 47% and "
        "direction from 68% to 21%."
    )
    # (a content word before a bare metric head is part of the metric's name; "direction"
    # names no metric, so its pair is no result)
    assert [(r[0], r[2]) for r in results(extract_rows, text)] == [
        (83.0, "stroke-type accuracy"),
        (47.0, "stroke-type accuracy"),
    ]


# --- results -------------------------------------------------------------------------------


def test_a_value_repeated_without_its_metric_is_reported_once(extract_rows: Extractor) -> None:
    text = (
        "Large models achieve an accuracy of up to 87.6%. While ours is lower than the 87.6% "
        "achieved by the best LLM, it is cheaper."
    )
    assert results(extract_rows, text) == [(87.6, "%", "accuracy", None, "up_to")]
    # a round value may be a new score
    text = "Our model reaches 90% accuracy. Probes on larger models exceed 90% on ImageNet."
    assert [r[0] for r in results(extract_rows, text)] == [90.0, 90.0]


def test_one_value_on_metrics_listed_with_and(extract_rows: Extractor) -> None:
    text = (
        "The Vision Transformer reaches the best results, with an accuracy and F1-score of 97.8%."
    )
    assert results(extract_rows, text) == [
        (97.8, "%", "accuracy", None, None),
        (97.8, "%", "F1", None, None),
    ]
    # each metric with its own number
    text = "The model reached 89.00% accuracy and an F1 score of 88.96%."
    assert results(extract_rows, text) == [
        (89.0, "%", "accuracy", None, None),
        (88.96, "%", "F1", None, None),
    ]
    # metrics in different units do not share a value
    text = "It demonstrates superior accuracy and speed (0.3 sec per frame)."
    assert "accuracy" not in [r[2] for r in results(extract_rows, text)]


def test_free_metric_after_a_comparative(extract_rows: Extractor) -> None:
    text = "It achieves up to 10times higher PII recovery rates than prior attacks."
    assert improvements(extract_rows, text) == [
        (10.0, None, "x", "performance", "PII recovery rate", None, "up_to")
    ]
    text = "HumanLM achieves an average relative improvement of 16.3% in alignment scores."
    assert improvements(extract_rows, text)[0][4] == "alignment score"
    # what a change verb changes names its metric; the next change names its own (here a
    # generic word, so none), and a preposition does not start a metric name
    text = "It improves local detail by 1.6% and overall score by 0.53%."
    assert [r[4] for r in improvements(extract_rows, text)] == ["local detail", None]


def test_a_threshold_set_by_a_criterion_is_no_score(extract_rows: Extractor) -> None:
    text = "All devices meet the accuracy standards for HR monitors (MAPE <10%) in the study."
    assert results(extract_rows, text) == []
    text = "The model shows substantial agreement with the reference standard (QWK >= 0.83)."
    assert results(extract_rows, text) == [(0.83, None, "Cohen's kappa", None, "at_least")]


def test_a_unit_written_once_after_a_list(extract_rows: Extractor) -> None:
    text = (
        "Compared to the baseline ResNet-18, these models improve by 3.01, 0.70 and 5.37 "
        "percentage points."
    )
    assert [(r[0], r[2]) for r in improvements(extract_rows, text)] == [
        (3.01, "points"),
        (0.7, "points"),
        (5.37, "points"),
    ]
    # bare numbers written with other precision are not the same list
    text = "We train with 3 and 10 seeds and improve accuracy by 2.5 percentage points."
    assert [r[0] for r in improvements(extract_rows, text)] == [2.5]


def test_a_signed_drop_is_a_loss(extract_rows: Extractor) -> None:
    text = "Lexical anonymization yields robust accuracy drops of +7.6, +27.0, and +11.1 pp."
    assert improvements(extract_rows, text) == []
    text = "It outperforms the best approach by +6.5 mask AP_r on LVIS."
    assert improvements(extract_rows, text) == [
        (6.5, None, "points", "performance", "mask AP_r", "LVIS", None)
    ]


# --- datasets of lists and frames ----------------------------------------------------------


def test_respectively_pairs_in_text_order(extract_rows: Extractor) -> None:
    text = (
        "Results on three datasets (CIFAR-10, SVHN and ImageNet) show accuracies of 96.43%, "
        "83.00% and 79.22%, respectively."
    )
    assert [(r[0], r[3]) for r in results(extract_rows, text)] == [
        (96.43, "CIFAR-10"),
        (83.0, "SVHN"),
        (79.22, "ImageNet-1K"),
    ]
    # a name the registry misses breaks the pairing: no dataset rather than a wrong one
    text = (
        "Results on three datasets (CIFAR-10, the hospital cohort and ImageNet) show "
        "accuracies of 96.43%, 83.00% and 79.22%, respectively."
    )
    assert [r[3] for r in results(extract_rows, text)] == [None, None, None]


def test_respectively_pairs_from_to_pairs_with_datasets(extract_rows: Extractor) -> None:
    text = (
        "Experiments on BraTS19 and FLARE21 show that VoxShield degrades segmentation, "
        "reducing the DSC from 80.0% to near 0.0% and from 88.6% to 6.8%, respectively."
    )
    assert [(r[0], r[3]) for r in results(extract_rows, text)] == [
        (80.0, "BraTS19"),
        (0.0, "BraTS19"),
        (88.6, "FLARE"),
        (6.8, "FLARE"),
    ]


def test_a_list_of_datasets_is_not_one_of_them(extract_rows: Extractor) -> None:
    text = (
        "Experiments on VideoMME-Long, LVBench, and RTV-Bench show that CoVStream reduces "
        "bandwidth usage by 87.6%."
    )
    assert improvements(extract_rows, text)[0][5] is None
    text = "On LVBench, CoVStream reduces bandwidth usage by 87.6%."
    assert improvements(extract_rows, text)[0][5] == "LVBench"
    text = (
        "DanceGRPO outperforms baselines by up to 181% on benchmarks such as HPS-v2.1, "
        "VideoAlign, and GenEval."
    )
    assert improvements(extract_rows, text)[0][5] is None


def test_an_opening_frame_names_its_first_dataset(extract_rows: Extractor) -> None:
    text = (
        "Notably, on the Four-OOD benchmark with ImageNet-1K as ID, TINS reduces the average "
        "FPR95 from 14.04% to 6.72%."
    )
    assert [r[3] for r in results(extract_rows, text)] == ["Four-OOD", "Four-OOD"]
    # until the sentence names another place
    text = (
        "On the Synapse dataset, GCA-ResUNet achieves a Dice score of 86.11%, and on the "
        "ACDC dataset, it reaches 92.64%."
    )
    assert [r[3] for r in results(extract_rows, text)] == ["Synapse multi-organ", None]
    # a clause after a semicolon or colon opens with its own frame
    text = "On CIFAR-10, it achieves an accuracy of 82.9%; on CIC-IDS2017, it reaches 91.9%."
    assert [r[3] for r in results(extract_rows, text)] == ["CIFAR-10", "CICIDS2017"]
    text = "Gains are large: on LoCoMo, F1 rises by 3.27%; on PersonaMem, by 1.19%."
    assert [r[5] for r in improvements(extract_rows, text)] == ["LoCoMo", "PersonaMem"]
    text = "On LoCoMo, F1 rises by 3.27%; in a user study, it rises by 1.19%."
    assert [r[5] for r in improvements(extract_rows, text)] == ["LoCoMo", None]


def test_a_number_with_its_own_place_takes_no_later_dataset(extract_rows: Extractor) -> None:
    text = "StreamingTOM keeps an average accuracy of 63.8% on offline benchmarks and 55.8% on RVS."
    assert [r[3] for r in results(extract_rows, text)] == [None, "RVS"]
    text = "StreamingTOM keeps an average of 63.8% and 55.8% on RVS."
    assert [r[3] for r in results(extract_rows, text)] == ["RVS", "RVS"]


def test_a_spread_written_plus_minus_is_no_score(extract_rows: Extractor) -> None:
    text = (
        "It reaches the highest Answer Relevance (0.8663 +- 0.0199) and Khmer IoU "
        "(0.6441 +- 0.0347)."
    )
    assert [r[0] for r in results(extract_rows, text)] == [0.6441]
    # a plus sign alone is a gain
    text = "The Khmer IoU reaches 0.6441 (+0.0347) over the baseline."
    assert [r[0] for r in results(extract_rows, text)] == [0.6441]
    assert [r[0] for r in improvements(extract_rows, text)] == [0.0347]


def test_a_spread_in_parentheses_does_not_fence_off_the_dataset(extract_rows: Extractor) -> None:
    text = r"It achieves up to 48.35\% accuracy on MMLU and 62.53\% ($\pm$ 1.59) accuracy on GSM8K."
    assert [(r[0], r[3]) for r in results(extract_rows, text)] == [
        (48.35, "MMLU"),
        (62.53, "GSM8K"),
    ]


def test_a_metric_name_is_no_dataset(extract_rows: Extractor) -> None:
    text = (
        "Our approach reaches 60.43% on accuracy and 56.99% on F1-score, surpassing the 1st "
        "place team by 5.59% on F1-score."
    )
    assert [r[3] for r in results(extract_rows, text)] == [None, None]
    assert [r[5] for r in improvements(extract_rows, text)] == [None]
    # a benchmark of the registry that is also scored as a metric stays a dataset
    assert results(extract_rows, "Our approach reaches 60.43% accuracy on GenEval.")[0][3] == (
        "GenEval"
    )


# --- slash pairs, comparatives of cost, metrics read across a dataset name ---------------


def test_slash_pairs_pair_values_with_metrics_in_order(extract_rows: Extractor) -> None:
    text = "On LoCoMo, F1/BLEU-1 gains of 3.27%/3.30% (A) and 1.95%/1.78% (B) are reported."
    assert [(r[0], r[4]) for r in improvements(extract_rows, text)] == [
        (3.27, "F1"),
        (3.3, "BLEU"),
        (1.95, "F1"),
        (1.78, "BLEU"),
    ]
    # one metric for a slash pair of values: each value is of it
    text = "Our detector reaches 44.0 / 43.2 mAP on LVIS."
    assert [(r[0], r[2]) for r in results(extract_rows, text)] == [(44.0, "mAP"), (43.2, "mAP")]
    # a fraction is no slash pair
    text = "Only 1/3 of the labels are used, and the model reaches 81.2% accuracy."
    assert [r[0] for r in results(extract_rows, text)] == [81.2]


def test_a_factor_fewer_names_what_it_saves(extract_rows: Extractor) -> None:
    text = "It matches PointMLP while using 24x fewer parameters."
    assert improvements(extract_rows, text)[0][3:5] == ("efficiency", "parameter count")
    # "less" with a noun the registry lacks names no metric
    text = "It matches the baseline with 25x less data."
    assert [r[4] for r in improvements(extract_rows, text)] == [None]


def test_a_metric_is_read_across_the_dataset_that_qualifies_it(
    extract_rows: Extractor,
) -> None:
    text = "EvoAgentX brings a 7.44% increase in HotpotQA F1 and a 10.00% gain in MBPP pass@1."
    assert [(r[4], r[5]) for r in improvements(extract_rows, text)] == [
        ("F1", "HotpotQA"),
        ("pass@1", "MBPP"),
    ]
    # a clause break still ends the reach
    text = "EvoAgentX reaches 81.2% on HotpotQA, with an F1 of 70.3%."
    assert [(r[0], r[2]) for r in results(extract_rows, text)] == [(81.2, None), (70.3, "F1")]


def test_evaluative_words_are_no_part_of_a_metric(extract_rows: Extractor) -> None:
    text = "The model achieves a notable accuracy of 95.46% on CIFAR-10."
    assert results(extract_rows, text)[0][2] == "accuracy"
    text = "The model achieves a laterality accuracy of 95.1%."
    assert results(extract_rows, text)[0][2] == "laterality accuracy"


def test_every_list_of_one_item_per_dataset_pairs_in_order(extract_rows: Extractor) -> None:
    text = (
        "Evaluated on the CIFAR-10 and CIFAR-100 datasets, our model achieves accuracies of "
        "90.2% and 93.9% (macro F1 scores of 0.913 and 0.948)."
    )
    assert [(r[0], r[2], r[3]) for r in results(extract_rows, text)] == [
        (90.2, "accuracy", "CIFAR-10"),
        (93.9, "accuracy", "CIFAR-100"),
        (0.913, "macro-F1", "CIFAR-10"),
        (0.948, "macro-F1", "CIFAR-100"),
    ]
    # a list of metrics pairs with the numbers, not the datasets
    text = "On CIFAR-10 and CIFAR-100, it lowers the error by 7.5% and 4.3% in ECE and NLL."
    assert [r[5] for r in improvements(extract_rows, text)] == [None, None]


def test_descriptive_words_between_a_number_and_its_metric(extract_rows: Extractor) -> None:
    text = "ViT-Large with focal loss achieves 69.6% held-out accuracy."
    assert results(extract_rows, text)[0][2] == "accuracy"


def test_a_score_written_against_its_metric(extract_rows: Extractor) -> None:
    text = "The best system (Presidio, F1=0.1385) still misses most entity types."
    assert [(r[0], r[2]) for r in results(extract_rows, text)] == [(0.1385, "F1")]
    # the bounds of a stated range are statistics, not scores
    text = "The inclusive model reaches AUC=0.80 [range, 0.62-0.87] on the elbow."
    assert [r[0] for r in results(extract_rows, text)] == [0.8]


def test_statistics_and_counts_after_a_score_take_no_metric(extract_rows: Extractor) -> None:
    text = "Our model segments ribs better (Dice score 0.997 vs. 0.779, p-value < 0.01)."
    assert [r[0] for r in results(extract_rows, text)] == [0.997, 0.779]
    text = "The ensemble hits 87.5 percent recall and 0.943 AUC-ROC on 77 real events."
    assert [(r[0], r[2]) for r in results(extract_rows, text)] == [
        (87.5, "recall"),
        (0.943, "AUROC"),
    ]


def test_a_comparative_phrase_ending_in_a_registry_metric_names_it(
    extract_rows: Extractor,
) -> None:
    text = "ReasonMark brings a 0.34% higher watermark detection AUC."
    assert improvements(extract_rows, text)[0][4] == "AUC"
    text = "ReasonMark brings a 10.95% higher terminal mastery."
    assert improvements(extract_rows, text)[0][4] == "terminal mastery"


def test_a_split_word_between_a_number_and_its_metric(extract_rows: Extractor) -> None:
    text = "The quantized model achieves 82.37 percent validation accuracy."
    assert results(extract_rows, text)[0][2] == "accuracy"


def test_respectively_pairs_with_the_adjacent_list_of_as_many_datasets(
    extract_rows: Extractor,
) -> None:
    text = (
        "OVRCOAT sets a new state of the art on ADE20K (+5.5% PQ) and delivers clear gains on "
        "Mapillary Vistas and Cityscapes (+7.1% and +3% PQ, respectively)."
    )
    assert [(r[0], r[5]) for r in improvements(extract_rows, text)] == [
        (5.5, "ADE20K"),
        (7.1, "Mapillary Vistas"),
        (3.0, "Cityscapes"),
    ]
    # a list further away, with another dataset between, is not the one
    text = (
        "It gains +26.66% and +30.00% on ADE20K, and +13.34% on COCO; on Mapillary Vistas "
        "and Cityscapes it matches the baselines (vs. A and B, respectively)."
    )
    assert [r[5] for r in improvements(extract_rows, text)][:2] == ["ADE20K", "ADE20K"]


def test_a_bare_decimal_after_a_free_metric_name(extract_rows: Extractor) -> None:
    text = "The synthetic records reach a realism score of 0.485 on the held-out cohort."
    assert [(r[0], r[2]) for r in results(extract_rows, text)] == [(0.485, "realism score")]
    # descriptive words are no part of the name; the scale after a slash is no value
    text = "PRPO achieves the highest reasoning score of 4.55/5.0."
    assert [(r[0], r[2]) for r in results(extract_rows, text)] == [(4.55, "reasoning score")]
    # a ratio is a statistic of an analysis, not a score
    text = "Draws occur more for easy queries, with risk ratios of 1.37 and 1.35."
    assert results(extract_rows, text) == []


def test_a_physical_unit_between_a_number_and_its_words(extract_rows: Extractor) -> None:
    # the metric after the unit; the change word after the unit
    text = "The distilled model needs 161x compression, 31x acceleration, and 9 ms latency."
    assert (9.0, "ms", "latency", None, None) in results(extract_rows, text)
    text = (
        "Our pipeline achieves a PSNR of 28.66 dB and an LPIPS of 0.21, a 3.85 dB "
        "improvement over standard 3D-GS."
    )
    assert [(r[0], r[4]) for r in improvements(extract_rows, text)] == [(3.85, "PSNR")]
    # a unit that is itself the metric still names it
    text = "It runs at real-time speed (15 FPS) with a low memory footprint."
    assert results(extract_rows, text)[0][2] == "FPS"


def test_a_cost_metric_in_its_own_unit_takes_no_percentage(extract_rows: Extractor) -> None:
    text = "SLNet-M with 0.55M parameters and 1.22 GFLOPs reaches 93.92% on ModelNet40."
    assert [(r[0], r[2]) for r in results(extract_rows, text)] == [
        (1.22, "GFLOPs"),
        (93.92, None),
    ]
    # a change of the cost is measured in percent
    text = "Our pruning reduces GFLOPs by 30% on ImageNet."
    assert improvements(extract_rows, text)[0][4] == "GFLOPs"


def test_the_model_of_a_score_is_named_in_its_own_clause(extract_rows: Extractor) -> None:
    text = (
        "On CIFAR-10, HRM reaches 65.0% accuracy, whereas a ResNet-18 baseline attains 77.2%; "
        "on CIFAR-100, HRM achieves only 29.7% accuracy."
    )
    rows = extract_rows(text)["results"]
    assert [r.model for r in rows if r.value == 29.7] == ["HRM"]  # type: ignore[attr-defined]


def test_a_factor_of_a_cost_named_before_it_is_a_change(extract_rows: Extractor) -> None:
    text = "Our decoder achieves significantly higher throughput (6.8x on GSM8K) than AR decoding."
    assert [(r[0], r[2], r[4], r[5]) for r in improvements(extract_rows, text)] == [
        (6.8, "x", "throughput", "GSM8K")
    ]
    # a factor that qualifies a noun is no change
    text = "It reaches a throughput of 800 tokens per second on 8x H800 GPUs."
    assert improvements(extract_rows, text) == []


def test_a_change_that_names_what_it_changes_takes_no_earlier_metric(
    extract_rows: Extractor,
) -> None:
    text = "It enhances throughput up to 4.64x, and reduction in power and area by 5.02x."
    assert [(r[0], r[4]) for r in improvements(extract_rows, text)] == [
        (4.64, "throughput"),
        (5.02, None),
    ]


def test_a_change_names_what_it_changes(extract_rows: Extractor) -> None:
    text = "The placer gives a 13.8% reduction in dead space and a 40.6% reduction in wirelength."
    assert [(r[0], r[4]) for r in improvements(extract_rows, text)] == [
        (13.8, "dead space"),
        (40.6, "wirelength"),
    ]
    # not a model, nor a clause with a verb
    text = "Priming yields over 35% gains in Llama3.2-3B across three benchmarks."
    assert improvements(extract_rows, text)[0][4] is None
    text = "We find that a 6.3% increase in sales is accompanied by more deception."
    assert all(r[4] != "sales is accompanied" for r in improvements(extract_rows, text))


def test_a_list_of_values_pairs_with_a_list_of_metrics(extract_rows: Extractor) -> None:
    text = (
        "It shows an average improvement of 16.1%, 18.3%, 17.8%, and 24.2% in precision, "
        "recall, F1-score, and IoU over the second-best results."
    )
    assert [(r[0], r[4]) for r in improvements(extract_rows, text)] == [
        (16.1, "precision"),
        (18.3, "recall"),
        (17.8, "F1"),
        (24.2, "IoU"),
    ]
    text = "The model reaches precision, recall and F1 of 85.2%, 87.3% and 86.2%."
    assert [(r[0], r[2]) for r in results(extract_rows, text)] == [
        (85.2, "precision"),
        (87.3, "recall"),
        (86.2, "F1"),
    ]
    # a list under one metric keeps it
    text = "The model reaches 85.2%, 87.3% and 86.2% accuracy on A, B and C."
    assert {r[2] for r in results(extract_rows, text)} == {"accuracy"}


def test_a_participle_and_an_aside_keep_the_dataset_before_them(
    extract_rows: Extractor,
) -> None:
    text = (
        "ForeAgent is the best on the Chameleon benchmark, reaching 82.18% accuracy "
        "(+16.41% over AIDE), and reaches 93.3% accuracy on CIFAR-10."
    )
    assert [(r[0], r[3]) for r in results(extract_rows, text)] == [
        (82.18, "Chameleon"),
        (93.3, "CIFAR-10"),
    ]
    assert [(r[0], r[5]) for r in improvements(extract_rows, text)] == [(16.41, "Chameleon")]
    # a new predicate after the comma is another clause
    text = "ForeAgent is tested on CIFAR-10, and the human study shows 93.3% agreement on MNIST."
    assert [r[3] for r in results(extract_rows, text)] == ["MNIST"]


def test_a_dataset_name_between_metric_and_pair_is_read_across(extract_rows: Extractor) -> None:
    # the digit inside the dataset's name is no other number between metric and values
    text = (
        "Our method reduces the word error rate on the QuokkaSpeech Part 2 test set "
        "from 30.9% to 12.2%."
    )
    got = [(r[0], r[2]) for r in results(extract_rows, text)]
    assert got == [(30.9, "word error rate"), (12.2, "word error rate")]
    # a number of its own between them still breaks the link
    text = "Our method reduces the word error rate with 2 GPUs from 30.9% to 12.2% on QuokkaSpeech."
    assert all(r[2] != "word error rate" for r in results(extract_rows, text))
