"""Method names: proposal cues, title names, subjects of claims, baselines, the stop-list."""

from __future__ import annotations

import pytest
from conftest import Extractor


def methods(
    extract_rows: Extractor, text: str, title: str | None = None
) -> dict[str, tuple[str, str | None]]:
    rows = extract_rows(text, title)["methods"]
    return {r.name: (r.role, r.long_form) for r in rows}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "name", "long_form"),
    [
        (
            "In this paper, we propose a simple curriculum-based technique, termed Curriculum "
            "Temperature for Knowledge Distillation (CTKD), which controls difficulty.",
            "CTKD",
            "Curriculum Temperature for Knowledge Distillation",
        ),
        (
            "In this paper, we present a simple yet robust framework, SimVG, for visual grounding.",
            "SimVG",
            None,
        ),
        (
            'We propose a recursive paradigm, termed "RecursiveMix" (RM), by exploring history.',
            "RecursiveMix",
            None,
        ),
        (
            "Finally, we propose a rather simple loss term (dubbed ND loss) to align features.",
            "ND loss",
            None,
        ),
        (
            "We formulate a sub-problem and propose Progressive Merge as the solution.",
            "Progressive Merge",
            None,
        ),
        ("Our results are strong. FooNet (ours) is fast.", "FooNet", None),
        (
            "Interactive segmentation is hard. FocalClick achieves competitive results.",
            "FocalClick",
            None,
        ),
    ],
)
def test_proposed(extract_rows: Extractor, text: str, name: str, long_form: str | None) -> None:
    assert methods(extract_rows, text).get(name) == ("proposed", long_form)


def test_title_name(extract_rows: Extractor) -> None:
    got = methods(
        extract_rows, "We build a detector for images.", title="LOTA: Bit-Planes Guided Detection"
    )
    assert got.get("LOTA") == ("proposed", None)


def test_title_of_a_dataset_is_not_a_method(extract_rows: Extractor) -> None:
    got = methods(
        extract_rows, "We collect filters.", title="CNN Filter DB: An Empirical Investigation"
    )
    assert "CNN Filter DB" not in got


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("We use ResNet-50 and ViT-B/16 backbones in all runs.", "ResNet-50"),
        ("Our method surpasses CutMix by a wide margin.", "CutMix"),
        ("We run GPT-3.5, Baichuan2 and Llama2 models on layout tasks.", "GPT-3.5"),
        ("We build on the Masked AutoEncoder (MAE) recipe.", "MAE"),
    ],
)
def test_mentioned(extract_rows: Extractor, text: str, name: str) -> None:
    assert methods(extract_rows, text).get(name, ("missing",))[0] == "mentioned"


def test_a_baseline_subject_stays_mentioned(extract_rows: Extractor) -> None:
    text = (
        "Visual Prompt Tuning (VPT) is a promising solution. VPT often encounters challenges. "
        "We propose SPT instead."
    )
    got = methods(extract_rows, text)
    assert got.get("VPT", ("missing",))[0] == "mentioned" and got["SPT"][0] == "proposed"


@pytest.mark.parametrize(
    "text",
    [
        "Knowledge distillation (KD) exploits a large teacher to train a student.",
        "Large language models (LLMs) demonstrate extraordinary abilities.",
        "Masked image modeling (MIM) is popular. We propose to study MIM.",
        "Visual question answering (VQA) needs reasoning.",
    ],
)
def test_concepts_are_not_methods(extract_rows: Extractor, text: str) -> None:
    assert methods(extract_rows, text) == {}


def test_dataset_names_are_not_methods(extract_rows: Extractor) -> None:
    got = methods(extract_rows, "Experiments on CIFAR-100 and ImageNet show gains.")
    assert got == {}
