"""Numbers are typed before they are linked (issue 12): physical units from the unit
registry, resolutions, values a metric cannot take, the metric's scale and direction, who
the number is about, and the abstract's evaluation frame. Each rule has a positive case and
a look-alike where it must not fire."""

from __future__ import annotations

from pathlib import Path
from shutil import copytree
from typing import Any

import pytest
from conftest import Extractor

from extract.rules import RulesError, load_rules


def rows(extract_rows: Extractor, text: str, *cols: str) -> list[tuple[Any, ...]]:
    return [tuple(getattr(r, c) for c in cols) for r in extract_rows(text)["results"]]


# --- physical units ------------------------------------------------------------------------


def test_a_physical_unit_types_the_number(extract_rows: Extractor) -> None:
    text = "It reaches 45.1 mAP with a latency of 1.7 ms on nuScenes."
    assert rows(extract_rows, text, "value", "unit", "metric", "quantity") == [
        (45.1, None, "mAP", "score"),
        (1.7, "ms", "latency", "latency"),
    ]


def test_a_unit_that_is_a_metric_names_it(extract_rows: Extractor) -> None:
    text = "Our detector runs at 120 FPS on COCO."
    assert rows(extract_rows, text, "value", "unit", "metric", "quantity") == [
        (120.0, "FPS", "FPS", "throughput")
    ]


def test_a_unit_alone_makes_no_result(extract_rows: Extractor) -> None:
    # a duration with no metric is a setting, not a measurement of the model
    assert rows(extract_rows, "We train the model for 3 s per sample.", "value") == []


def test_a_slash_run_shares_the_unit_at_its_end(extract_rows: Extractor) -> None:
    text = "It attains AP scores of 49.7/53.5 at corresponding speeds of 273/169 FPS on COCO."
    got = rows(extract_rows, text, "value", "metric")
    assert (273.0, "AP") not in got  # a speed is no AP
    assert (49.7, "AP") in got


# --- shapes and impossible values ----------------------------------------------------------


def test_a_resolution_is_no_result(extract_rows: Extractor) -> None:
    text = r"FREPix reaches 1.91 FID at $256\times256$ and 2.38 FID at 512 x 512 on ImageNet."
    assert [r[0] for r in rows(extract_rows, text, "value")] == [1.91, 2.38]
    # a factor is not a resolution
    text = "FREPix reaches 1.91 FID on ImageNet, 2x faster than DiT."
    assert [r[0] for r in rows(extract_rows, text, "value")] == [1.91]


def test_a_value_the_metric_cannot_take_loses_the_metric(extract_rows: Extractor) -> None:
    # an AP of 273 is impossible: the number is no AP (and, bare, no result)
    assert rows(extract_rows, "The detector reaches an AP of 273 on COCO.", "metric") == []
    assert rows(extract_rows, "The detector reaches an AP of 27.3 on COCO.", "metric") == [("AP",)]


# --- scale and direction -------------------------------------------------------------------


def test_value_norm_puts_the_value_on_the_metric_scale(extract_rows: Extractor) -> None:
    text = "Our tagger reaches an F1 of 0.873 on CoNLL-2003."
    assert rows(extract_rows, text, "value", "value_norm", "higher_is_better") == [
        (0.873, 87.3, True)
    ]
    text = "Our tagger reaches an F1 of 87.3% on CoNLL-2003."
    assert rows(extract_rows, text, "value", "value_norm") == [(87.3, 87.3)]
    text = "The model reaches an FID of 2.1 on ImageNet."
    assert rows(extract_rows, text, "value_norm", "higher_is_better") == [(2.1, False)]


def test_an_unregistered_metric_takes_its_head_direction(extract_rows: Extractor) -> None:
    text = "The attack achieves evasion rates of 19.95% on modern detectors."
    assert rows(extract_rows, text, "metric", "higher_is_better", "value_norm") == [
        ("evasion rate", False, None)
    ]


# --- metric names --------------------------------------------------------------------------


def test_a_content_word_before_a_bare_head_is_part_of_the_metric(extract_rows: Extractor) -> None:
    text = "The best Value Accuracy reaches only 83.0% on text."
    assert rows(extract_rows, text, "metric") == [("value accuracy",)]
    # descriptive, task and name words are not
    text = "We obtain a classification accuracy of 91.2% on CIFAR-10."
    assert rows(extract_rows, text, "metric") == [("accuracy",)]
    text = "We obtain an ImageNet accuracy of 80.1%."
    assert rows(extract_rows, text, "metric") == [("accuracy",)]
    # nor is a verb that reports the score
    for verb in ("report", "gives", "demonstrates"):
        text = f"The tagger {verb} accuracy 98.2% on held-out sentences."
        assert rows(extract_rows, text, "metric") == [("accuracy",)], verb


def test_a_pair_takes_the_metric_its_verb_governs(extract_rows: Extractor) -> None:
    text = (
        "AMIA improves defense success rates across diverse LVLMs and jailbreak benchmarks "
        "from an average of 52.4% to 81.7%."
    )
    assert rows(extract_rows, text, "value", "metric") == [
        (52.4, "defense success rate"),
        (81.7, "defense success rate"),
    ]
    # another number between the metric and the pair breaks the tie
    text = "AMIA improves accuracy by 3% on A, and on B it moves from 52.4% to 81.7%."
    assert [r[1] for r in rows(extract_rows, text, "value", "metric")] != ["accuracy"] * 2


# --- model and role ------------------------------------------------------------------------


def test_a_metric_is_never_a_model(extract_rows: Extractor) -> None:
    text = "VitalLens achieves a Mean Absolute Error (MAE) of 1.57 bpm for heart rate."
    got = rows(extract_rows, text, "value", "unit", "model")
    assert got and all(model != "MAE" for *_, model in got)


def test_a_baseline_score_is_marked_as_the_baseline(extract_rows: Extractor) -> None:
    text = (
        "On GSM8K, our system achieves 93.0% accuracy, effectively matching the Oracle "
        "baseline (98.0%)."
    )
    assert rows(extract_rows, text, "value", "model_role") == [
        (93.0, "proposed"),
        (98.0, "baseline"),
    ]


def test_the_ends_of_a_gain_are_baseline_and_proposed(extract_rows: Extractor) -> None:
    text = "FooNet improves accuracy on CIFAR-10 from 76.98% to 80.01%."
    assert rows(extract_rows, text, "value", "model_role") == [
        (76.98, "baseline"),
        (80.01, "proposed"),
    ]


# --- the abstract's evaluation frame -------------------------------------------------------


def test_an_evaluation_frame_covers_later_sentences(extract_rows: Extractor) -> None:
    text = "We evaluate FooDet on LVIS. FooDet reaches 18.2 mask AP."
    assert rows(extract_rows, text, "value", "dataset") == [(18.2, "LVIS")]


def test_no_frame_from_a_dataset_that_is_only_described(extract_rows: Extractor) -> None:
    text = "We introduce FooBench, a dataset of 1,000 charts. FooDet reaches 81.2% accuracy."
    assert rows(extract_rows, text, "value", "dataset") == [(81.2, None)]
    # nor when the abstract evaluates on two datasets
    text = "We evaluate on LVIS and COCO. FooDet reaches 18.2 mask AP."
    assert rows(extract_rows, text, "value", "dataset") == [(18.2, None)]


# --- the registries ------------------------------------------------------------------------


def test_a_unit_surface_claimed_twice_fails_on_load(tmp_path: Path) -> None:
    rules_dir = Path(__file__).resolve().parents[1] / "rules"
    copy = copytree(rules_dir, tmp_path / "rules")
    units = copy / "units.jsonl"
    units.write_text(
        units.read_text(encoding="utf-8")
        + '{"id": "unit.msx", "unit": "msx", "quantity": "latency", "surfaces": ["ms"]}\n',
        encoding="utf-8",
    )
    with pytest.raises(RulesError, match="already claimed"):
        load_rules(copy)


def test_every_metric_declares_a_scale_and_efficiency_metrics_a_quantity() -> None:
    rules = load_rules()
    assert all(m.scale for m in rules.metrics)
    assert all((m.kind == "efficiency") == (m.quantity is not None) for m in rules.metrics)


def test_a_baseline_number_is_not_credited_to_the_subject(extract_rows: Extractor) -> None:
    text = "SPARTA achieves 91% accuracy on BIRD, compared to 73% for GPT-4o."
    assert rows(extract_rows, text, "value", "model", "model_role")[1] == (
        73.0,
        "GPT-4o",
        "baseline",
    )
    text = "FooNet reaches 52.6% AP on COCO, outperforming YOLO-World (45.7%)."
    assert rows(extract_rows, text, "value", "model", "model_role") == [
        (52.6, "FooNet", "proposed"),
        (45.7, "YOLO-World", "baseline"),
    ]


def test_a_loss_amount_is_no_score_but_the_value_it_falls_to_is(extract_rows: Extractor) -> None:
    assert rows(extract_rows, "Adamic-Adar MRR declines 33% on the articles.", "value") == []
    assert rows(extract_rows, "Accuracy drops to 38.0% under attack.", "value") == [(38.0,)]
    assert rows(extract_rows, "The configuration degrades by only 0.03 F1.", "value") == []


def test_a_bracketed_confidence_interval_is_no_score(extract_rows: Extractor) -> None:
    text = "It predicts performance with Kendall tau = 0.612 (p < 0.001, 95% CI [0.360, 0.814])."
    assert rows(extract_rows, text, "value") == [(0.612,)]


def imp(extract_rows: Extractor, text: str) -> list[tuple[Any, ...]]:
    return [(r.delta, r.metric) for r in extract_rows(text)["improvements"]]  # type: ignore[attr-defined]


def test_a_comparative_names_what_it_changes(extract_rows: Extractor) -> None:
    text = "PACE achieves 19.5% faster time-to-competence and 10.9% higher terminal mastery."
    assert imp(extract_rows, text) == [(19.5, "time-to-competence"), (10.9, "terminal mastery")]
    # a bare comparative after a factor is the registry's speed; resources keep no metric
    assert imp(extract_rows, "It is 2x faster than DiT.") == [(2.0, "speed")]
    assert imp(extract_rows, "It needs 25x less data than DiT.") == [(25.0, None)]


def test_a_stated_resolution_is_the_split(extract_rows: Extractor) -> None:
    text = r"On ImageNet, FREPix reaches 1.91 FID at $256\times256$ and 2.38 FID at 512x512."
    assert rows(extract_rows, text, "value", "dataset", "split") == [
        (1.91, "ImageNet-1K", "256×256"),
        (2.38, "ImageNet-1K", "512×512"),
    ]
    text = "FREPix reaches 1.91 FID on ImageNet, the best so far."
    assert rows(extract_rows, text, "split") == [(None,)]


def test_the_one_metric_of_a_sentence_holds_for_its_changes(extract_rows: Extractor) -> None:
    text = "FooNet improves accuracy on CIFAR-10, with gains of 3.1% over ResNet and 2.4% over ViT."
    assert [d for d, m in imp(extract_rows, text) if m == "accuracy"] == [3.1, 2.4]
    # not when the sentence names two metrics
    text = "FooNet improves accuracy and F1, with gains of 3.1% over ResNet and 2.4% over ViT."
    assert all(m is None for _, m in imp(extract_rows, text))


def test_a_coordinated_list_pairs_with_a_list_of_datasets(extract_rows: Extractor) -> None:
    text = "FooNet reaches 62.1 AP, 44.0 mAP and 78.5 mIoU on PASCAL VOC, COCO and Cityscapes."
    assert rows(extract_rows, text, "value", "metric", "dataset") == [
        (62.1, "AP", "PASCAL VOC"),
        (44.0, "mAP", "COCO"),
        (78.5, "mIoU", "Cityscapes"),
    ]
    # as many phrases as datasets, or no pairing
    text = "FooNet reaches 62.1 AP and 78.5 mIoU on PASCAL VOC, COCO and Cityscapes."
    assert {r[2] for r in rows(extract_rows, text, "value", "metric", "dataset")} == {None}


def test_a_metric_named_once_holds_across_the_dataset(extract_rows: Extractor) -> None:
    text = (
        "The top-1 accuracy on ImageNet-1k of model A and model B rises from 70.1% to 74% "
        "and 78.3% to 81%."
    )
    assert {r[1] for r in rows(extract_rows, text, "value", "metric")} == {"top-1 accuracy"}


def test_a_tolerance_is_no_score(extract_rows: Extractor) -> None:
    text = "We replicate TinySAM on COCO, matching the reported AP within 0.03%."
    assert rows(extract_rows, text, "value") == []
    assert rows(extract_rows, "TinySAM reaches an AP of 42.1 on COCO.", "value") == [(42.1,)]


def test_more_than_is_no_comparison(extract_rows: Extractor) -> None:
    text = "We present 4DGS-1K, which runs at over 1000 FPS on modern GPUs."
    assert rows(extract_rows, text, "value", "model_role") == [(1000.0, "proposed")]


def test_the_coined_subject_of_a_score_is_its_model(extract_rows: Extractor) -> None:
    text = "For instance, A2Mamba-L achieves an impressive 86.1% top-1 accuracy on ImageNet-1K."
    assert rows(extract_rows, text, "model") == [("A2Mamba-L",)]
    # a dataset or an ordinary capitalised word is no model
    text = "In Table 2, ImageNet achieves 85.7% top-1 accuracy."
    assert rows(extract_rows, text, "model") == [(None,)]
