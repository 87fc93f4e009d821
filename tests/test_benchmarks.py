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


# --- ambiguity rules: one positive and one negative case each -------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an ambiguous alias counts with a benchmark frame in its sentence...
        ("We pre-train on the C4 corpus for 10k steps.", {"C4"}),
        # ...or with a known benchmark next to it...
        ("We evaluate on GSM8K and MATH.", {"GSM8K", "MATH"}),
        # ...but not alone in prose
        ("The C4 carbon pathway is common in grasses.", set()),
        ("We teach MATH to students.", set()),
    ],
)
def test_ambiguous_aliases_need_context(
    extract_rows: Extractor, text: str, expected: set[str]
) -> None:
    assert set(benchmarks(extract_rows, text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Results on the GLUE benchmark improve.", {"GLUE"}),  # case-sensitive entry, right case
        ("We glue the datasets together.", set()),  # the ordinary word
    ],
)
def test_case_sensitive_entries(extract_rows: Extractor, text: str, expected: set[str]) -> None:
    assert set(benchmarks(extract_rows, text)) == expected


def test_matches_across_words_need_word_breaks_in_the_alias(extract_rows: Extractor) -> None:
    assert set(benchmarks(extract_rows, "We test on iNat and report accuracy.")) == {"iNaturalist"}
    assert benchmarks(extract_rows, "It is used in at least two datasets of mine.") == {}
    assert set(benchmarks(extract_rows, "Experiments on CIFAR 100 show gains.")) == {"CIFAR-100"}


def test_a_name_inside_a_hyphenated_token_is_not_its_prefix(extract_rows: Extractor) -> None:
    got = benchmarks(extract_rows, "It gains +26.6 on WebArena-Lite-v2 and on WebArena.")
    # the variant is not folded into its base; it is kept whole, as an unknown benchmark
    assert got == {"WebArena-Lite-v2": (None, False), "WebArena": (None, True)}


def test_model_names_are_not_datasets(extract_rows: Extractor) -> None:
    assert benchmarks(extract_rows, "We fine-tune the CLIP model on our data.") == {}
    assert benchmarks(extract_rows, "Experiments on the LLaMA-2 benchmark suite.") == {}


def test_lists_with_a_known_benchmark_name_datasets(extract_rows: Extractor) -> None:
    got = benchmarks(extract_rows, "It spans corpora, including C4, RedPajama-V2, and FineWeb.")
    assert got == {"C4": (None, True), "RedPajama-V2": (None, False), "FineWeb": (None, False)}
    # a list without a known benchmark is not evidence
    assert benchmarks(extract_rows, "We compare FooNet, BarNet and BazNet.") == {}
    # an owner ("OpenAI's WIT") and a sentence subject are not list items
    got = benchmarks(extract_rows, "On ALFWorld and Mind2Web, DuSAR achieves strong results.")
    assert set(got) == {"ALFWorld", "Mind2Web"}


def test_unknown_frames(extract_rows: Extractor) -> None:
    text = (
        "We present UKBOB, the largest labeled dataset of organs. We also build a "
        "High-Resolution Event Meshflow (HREM) dataset. It achieves 78.7% on DABench."
    )
    assert set(benchmarks(extract_rows, text)) == {"UKBOB", "HREM", "DABench"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a dataset noun before a coined name
        ("We release a new 2 billion example dataset DFN-2B for research.", {"DFN-2B"}),
        (
            "We create a custom training dataset, ToxicCommons, of classified texts.",
            {"ToxicCommons"},
        ),
        # a name, descriptive words, then the dataset noun
        ("We curate data from the OBELICS image-text interleaved dataset.", {"OBELICS"}),
        # a joined name ending in Dataset, a single-letter -Bench name
        ("The first aspect involves creating a RemovalDataset of image pairs.", {"RemovalDataset"}),
        ("Experiments on R-Bench show gains.", {"R-Bench"}),
        # trained on / a score on X using ...
        ("Models trained on OpenWebMath refined by ProX improve.", {"OpenWebMath"}),
        ("It improves policies by 11.28% on DABStep using Best-of-N.", {"DABStep"}),
    ],
)
def test_more_unknown_frames(extract_rows: Extractor, text: str, expected: set[str]) -> None:
    assert set(benchmarks(extract_rows, text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a method defined with a method head is not a dataset, even in a dataset frame
        "We introduce Auto Benchmark Audit (ABA). We run ABA on a collection of LLM benchmarks.",
        # an adjective built on a name
        "Models pre-trained on ProX-curated data outperform others.",
        # a language is not a dataset
        "We evaluate on English and Chinese datasets.",
    ],
)
def test_frames_do_not_fire_on(extract_rows: Extractor, text: str) -> None:
    assert benchmarks(extract_rows, text) == {}


def test_a_prefix_with_a_dataset_word_is_not_a_name(extract_rows: Extractor) -> None:
    text = "A RawNet-based approach with Cross-Dataset evaluation on SkillsBench."
    assert set(benchmarks(extract_rows, text)) == {"SkillsBench"}
