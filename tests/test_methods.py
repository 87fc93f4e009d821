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


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # "or X for short"
        (
            "We propose a pre-training method based on Leave-One-Out K-Nearest-Neighbor, or LOOK "
            "for short.",
            "LOOK",
        ),
        # components enumerated in a proposal sentence
        (
            "We propose GREAM, a framework with three components: (i) Collaborative-Semantic "
            "Alignment, which fuses evidence, and (ii) Reasoning Curriculum Activation, which "
            "builds chains.",
            "Collaborative-Semantic Alignment",
        ),
        # "our <adjectives> approach NAME"
        (
            "Driven by this, our simple and concise approach CAE v2 achieves superior results.",
            "CAE v2",
        ),
        # a sentence opening with a name and its description
        ("TA is strong. TA-Fast, an attention-free variant, reduces memory by 52%.", "TA-Fast"),
        # "we train a <noun>, NAME"
        (
            "We use this dataset to train a custom classifier, Celadon, that detects toxicity.",
            "Celadon",
        ),
        # the subject of a claim after a reporting clause
        (
            "Evaluation on VisDrone demonstrates that QYOLOv8n achieves a 20.2% reduction.",
            "QYOLOv8n",
        ),
        # a component defined where the paper speaks of its own method
        (
            "We propose Uniform Masking (UM). Specifically, UM includes a Uniform Sampling (US) "
            "step.",
            "US",
        ),
    ],
)
def test_more_proposal_cues(extract_rows: Extractor, text: str, name: str) -> None:
    assert methods(extract_rows, text).get(name, ("missing",))[0] == "proposed"


@pytest.mark.parametrize(
    "text",
    [
        # a defined long form naming an existing technique, not the contribution
        "We propose EndoLRMGS, that combines Large Reconstruction Modelling (LRM) for tools.",
        # an adjective, a plural category, a phrase-like title
        "In this work we present an AI-based fully automated monitoring system.",
        "This work explores how to build GRRMs by adapting pre-trained LLMs.",
        "Transformers and CNNs are compared.",
    ],
)
def test_not_proposed(extract_rows: Extractor, text: str) -> None:
    got = methods(extract_rows, text)
    assert not [n for n, (role, _) in got.items() if role == "proposed" and n != "EndoLRMGS"], got


def test_a_phrase_title_is_not_a_name(extract_rows: Extractor) -> None:
    got = methods(
        extract_rows,
        "The deterministic horizon limits reasoning.",
        title="The Deterministic Horizon: When Extended Reasoning Fails",
    )
    assert got == {}


def test_an_established_acronym_defined_as_usual_is_not_proposed(extract_rows: Extractor) -> None:
    # Many papers define MCTS this way: this paper uses it, it does not propose it.
    text = "We propose a planner based on Monte Carlo Tree Search (MCTS) for robot tasks."
    assert methods(extract_rows, text).get("MCTS", ("missing",))[0] != "proposed"
    # The same letters with the paper's own long form are its contribution.
    text = "We propose Multi-Cue Tree Sampling (MCTS), a new planner for robot tasks."
    assert methods(extract_rows, text).get("MCTS", ("missing",))[0] == "proposed"


@pytest.mark.parametrize(
    "text",
    [
        "Next, we introduce a Gaussian mask to enhance the point cloud information.",
        "In this work we propose a Bayesian classification framework for noisy inputs.",
        "We propose a method for Large Reasoning Models (LRMs) that saves tokens.",
        "Code and datasets are available on our GitHub page.",
        "We also develop a novel LLM-as-a-Judge evaluation method.",
    ],
)
def test_adjectives_categories_and_platforms_are_not_proposed(
    extract_rows: Extractor, text: str
) -> None:
    got = methods(extract_rows, text)
    assert not [n for n, (role, _) in got.items() if role == "proposed"], got


def test_the_subject_of_a_finding_is_read_after_that(extract_rows: Extractor) -> None:
    # "X shows that NAME achieves": the name after "that" is the subject (its own rule id);
    # the sentence's first word is then not tried as a subject too.
    rows = extract_rows(
        "We study retrieval. Our evaluation shows that ZorkRank achieves 81.2% recall on MS "
        "MARCO. Moreover, FooLM achieves 70.1% recall."
    )["methods"]
    got = {r.name: r.rule_id for r in rows}  # type: ignore[attr-defined]
    assert got == {"ZorkRank": "method.subject.finding", "FooLM": "method.subject"}
