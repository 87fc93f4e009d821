"""Benchmarks: registry folding, splits, ambiguity rules, unknown named datasets."""

from __future__ import annotations

import pytest
from conftest import Extractor


def benchmarks(extract_rows: Extractor, text: str) -> dict[str, tuple[str | None, bool]]:
    rows = extract_rows(text)["benchmarks"]
    return {r.name: (r.split, r.known) for r in rows}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("ImageNet-2012", "ImageNet-1K"),
        ("ImageNet", "ImageNet-1K"),
        ("MS-COCO", "COCO"),
        ("MSCOCO 2017", "COCO"),
        ("CIFAR100", "CIFAR-100"),
        ("cifar-100", "CIFAR-100"),
        ("ImageNet-21K", "ImageNet-21K"),
        ("RefCOCO+", "RefCOCO+"),
    ],
)
def test_variants_fold_to_canonical(extract_rows: Extractor, surface: str, name: str) -> None:
    got = benchmarks(extract_rows, f"Experiments on {surface} show that it works.")
    assert got == {name: (None, True)}


def test_splits_go_to_split(extract_rows: Extractor) -> None:
    got = benchmarks(
        extract_rows, "We report results on COCO val2017 and the RefCOCO+ testA subset."
    )
    assert got == {"COCO": ("val2017", True), "RefCOCO+": ("testA", True)}


def test_slash_shorthand_names_each_dataset(extract_rows: Extractor) -> None:
    got = benchmarks(extract_rows, "Experiments on RefCOCO/+/g demonstrate the superiority.")
    assert set(got) == {"RefCOCO", "RefCOCO+", "RefCOCOg"}


def test_unknown_named_dataset_from_a_frame(extract_rows: Extractor) -> None:
    got = benchmarks(extract_rows, "Extensive experiments on the GenImage benchmark show gains.")
    assert got == {"GenImage": (None, False)}


def test_benchmark_suffix_names(extract_rows: Extractor) -> None:
    got = benchmarks(extract_rows, "It improves policy LLMs by 7.2% on ScienceAgentBench.")
    assert got == {"ScienceAgentBench": (None, False)}


@pytest.mark.parametrize(
    "text",
    [
        "Experiments on six widely used VG datasets demonstrate the superiority.",
        "We evaluate on various benchmarks and real-world datasets.",
        "Semantic segmentation remains hard.",
    ],
)
def test_generic_phrases_are_not_datasets(extract_rows: Extractor, text: str) -> None:
    assert benchmarks(extract_rows, text) == {}
