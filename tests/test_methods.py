"""Method names: proposal cues, title names, subjects of claims, baselines, the stop-list."""

from __future__ import annotations

import time

import pytest
import regex
from conftest import Extractor

from extract.method_identity import method_key
from extract.nlp import Tools
from extract.stages.methods import shape


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


def keys(extract_rows: Extractor, text: str, title: str | None = None) -> dict[str, str]:
    rows = extract_rows(text, title)["methods"]
    return {r.name: r.method_key for r in rows}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("We render scenes with 3D Gaussian Splatting (3DGS) at high speed.", "3DGS"),
        ("Unlike Gaussian Splatting, NeRF models view-dependent color.", "Gaussian Splatting"),
        ("We compare with 3DGS on indoor scenes.", "3DGS"),
    ],
)
def test_gaussian_splatting_is_one_key_however_written(
    extract_rows: Extractor, text: str, name: str
) -> None:
    assert keys(extract_rows, text)[name] == "gaussiansplatting"


def test_vit_and_vision_transformer_share_a_key(extract_rows: Extractor) -> None:
    a = keys(extract_rows, "We fine-tune a Vision Transformer on the images.")
    b = keys(extract_rows, "Our method outperforms ViT-B/16 on all splits.")
    assert a["Vision Transformer"] == b["ViT-B/16"] == "vit"


def test_a_grouped_family_keeps_its_members_apart(extract_rows: Extractor) -> None:
    got = keys(extract_rows, "Our method outperforms DPO and KTO on preference data.")
    assert got["DPO"] != got["KTO"]


def test_an_established_acronym_and_its_long_form_share_a_key(extract_rows: Extractor) -> None:
    a = keys(extract_rows, "We calibrate the sets with Conformal Prediction (CP) on held-out data.")
    b = keys(extract_rows, "Our method outperforms CP by a wide margin on shifted data.")
    assert a["CP"] == b["CP"] == "cp"


def test_another_established_meaning_of_an_acronym_is_another_key(tools: Tools) -> None:
    assert method_key("CP", "Constraint Programming", "mentioned", "p1", tools) == (
        "cp:constraintprogramming"
    )
    assert method_key("CP", "Conformal Prediction", "proposed", "p1", tools) == "cp"
    # SAM the optimiser is not the Segment Anything family.
    assert method_key("SAM", "Sharpness-Aware Minimization", "mentioned", "p1", tools) == (
        "sam:sharpnessawareminimization"
    )
    assert method_key("SAM", None, "mentioned", "p1", tools) == "sam"


def test_a_proposed_name_without_long_form_is_keyed_on_its_paper(tools: Tools) -> None:
    assert method_key("FooNet", None, "proposed", "p1", tools) == "foonet@p1"
    assert method_key("FooNet", None, "mentioned", "p1", tools) == "foonet"


def test_colliding_coined_names_of_two_papers_get_two_keys(extract_rows: Extractor) -> None:
    a = keys(extract_rows, "We propose TRACE, a framework for tracing claims in long documents.")
    b = keys(extract_rows, "We propose TRACE, a framework for video retrieval with audio cues.")
    assert a["TRACE"] != b["TRACE"]
    c = keys(
        extract_rows, "We propose Trajectory Ranking via Adaptive Curriculum Estimation (TRACE)."
    )
    assert c["TRACE"] == "trace:trajectoryrankingviaadaptivecurriculumestimation"


def test_an_established_pair_is_kept_out_of_proposed(extract_rows: Extractor) -> None:
    # Stable Diffusion is defined as SD by dozens of papers: this one builds on it.
    text = "We propose PDIG, a defect image generator based on Stable Diffusion (SD)."
    got = methods(extract_rows, text)
    assert got["PDIG"][0] == "proposed"
    assert got.get("SD", ("missing",))[0] != "proposed"
    # Its loose spelling (plural, "positional") is the same established pair.
    text = "We propose RoPECraft, which edits their rotary positional embeddings (RoPE)."
    assert methods(extract_rows, text).get("RoPE", ("missing",))[0] != "proposed"


def test_a_subordinator_is_not_part_of_a_subject_name(extract_rows: Extractor) -> None:
    got = methods(extract_rows, "While CLIP is focused on images, videos need more context.")
    assert "While CLIP" not in got
    assert got.get("CLIP", ("missing",))[0] == "mentioned"


def test_a_proposed_bare_acronym_is_its_papers_own(tools: Tools) -> None:
    # CAT is established (computerized adaptive testing), but a paper proposing CAT means its own.
    assert method_key("CAT", None, "proposed", "p1", tools) == "cat@p1"
    assert method_key("CAT", None, "mentioned", "p1", tools) == "cat"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "To address this, we design a Cross-Scale Gating Module and a Depth-Aware Fusion "
            "Block that refine features.",
            "Depth-Aware Fusion Block",
        ),
        (
            "We introduce two components: a Graph Embedding Layer that integrates context, and "
            "a Semantic Injection Layer that adds labels.",
            "Semantic Injection Layer",
        ),
        (
            "We develop an efficient lightweight Current-Prior Fusion module.",
            "Current-Prior Fusion",
        ),
        # a broad head (method.component.long) after two Title Case words
        (
            "We also design a Hybrid Visual Cross Attention that fuses video and text.",
            "Hybrid Visual Cross Attention",
        ),
        # a sentence that opens with the proposed name says what it is built from
        (
            "We propose QuokkaNet for depth. QuokkaNet integrates a Token-Differentiated "
            "Fusion module to aggregate context.",
            "Token-Differentiated Fusion",
        ),
    ],
)
def test_a_component_named_in_a_proposal_sentence_is_proposed(
    extract_rows: Extractor, text: str, name: str
) -> None:
    assert methods(extract_rows, text).get(name, ("missing",))[0] == "proposed"


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # not a proposal sentence: the paper speaks of the component, it does not introduce it
        (
            "The Cross-Scale Gating Module refines features at each stage.",
            "Cross-Scale Gating Module",
        ),
        # a broad head after one word
        ("We propose a model built around a Linear Attention for long inputs.", "Linear Attention"),
        # a sentence opening with another paper's method, not the proposed one
        (
            "We propose QuokkaNet for depth. BarNet integrates a Token-Differentiated Fusion "
            "module to aggregate context.",
            "Token-Differentiated Fusion",
        ),
        # used, not introduced: after a word of use
        (
            "We propose a planner for the Waypoint Predictor Module of navigation agents.",
            "Waypoint Predictor Module",
        ),
        (
            "We propose a method based on the principle of Hierarchical Prior Fusion.",
            "Hierarchical Prior Fusion",
        ),
        # a Title Case phrase many papers write (rules/established_phrases.txt)
        ("We propose a detector and a Contrastive Loss for rare classes.", "Contrastive Loss"),
        # the expansion of the name just before it, not a second method
        (
            "We propose CAT, a Cross-scale Aligned Transformer for generation.",
            "Cross-scale Aligned Transformer",
        ),
        # cut out of a longer Title Case name
        (
            "We introduce the Color and Intensity Decoupling Network to restore content.",
            "Intensity Decoupling Network",
        ),
        (
            "We introduce an Adaptive Sampling and Filtering mechanism for prompts.",
            "Adaptive Sampling",
        ),
    ],
)
def test_component_phrases_that_are_not_proposed(
    extract_rows: Extractor, text: str, absent: str
) -> None:
    assert methods(extract_rows, text).get(absent, ("missing",))[0] != "proposed"


def test_a_title_case_concept_is_not_proposed(extract_rows: Extractor) -> None:
    text = "In this paper, we propose a novel Graph Neural Network for molecules."
    assert "Graph Neural Network" not in methods(extract_rows, text)


def test_a_gerund_subject_is_an_activity_not_a_name(extract_rows: Extractor) -> None:
    got = methods(extract_rows, "Evaluating LLMs properly is crucial for safety.")
    assert "Evaluating LLMs" not in got
    # a listed component may still start with such a word
    text = (
        "We propose a recipe with two parts: (i) Reasoning Curriculum Activation, which "
        "builds a curriculum, and (ii) a reward."
    )
    assert methods(extract_rows, text).get("Reasoning Curriculum Activation", ("x",))[0] == (
        "proposed"
    )


def test_a_benchmark_a_paper_builds_is_not_a_proposed_method(extract_rows: Extractor) -> None:
    text = "We further construct the Multi-cutoff Historical Event Benchmark (MHEB) for tests."
    assert methods(extract_rows, text).get("MHEB", ("missing",))[0] != "proposed"
    text = "We further construct the Multi-cutoff Historical Event Network (MHEN) for tests."
    assert methods(extract_rows, text).get("MHEN", ("missing",))[0] == "proposed"


@pytest.mark.parametrize(
    ("text", "title", "absent"),
    [
        # a task, a benchmark, a setting the paper introduces is not a method
        (
            "We introduce Scene Graph Forecasting, a new task for scene prediction.",
            None,
            "Scene Graph Forecasting",
        ),
        ("Among them, we introduce a finer localization task named Grounding.", None, "Grounding"),
        (
            "Additionally, we propose the QualiSpeech Benchmark to evaluate models.",
            None,
            "QualiSpeech Benchmark",
        ),
        # the name of a benchmark paper's title, wherever the abstract makes it a subject
        (
            "We build it. EmoNet-Voice is large.",
            "EmoNet-Voice: A Fine-Grained, Expert-Verified Benchmark for Emotion",
            "EmoNet-Voice",
        ),
        (
            "We study code. CODEMENV has tasks.",
            "CODEMENV: Benchmarking LLMs on Code Migration",
            "CODEMENV",
        ),
        # a coined modifier before a task noun or an adjective-like word: not the name
        (
            "We propose an efficient RGB-Event object tracking framework for drones.",
            None,
            "RGB-Event",
        ),
        ("We propose a Mamba-based TSOD model for small objects.", None, "Mamba-based TSOD"),
    ],
)
def test_tasks_benchmarks_and_modifiers_are_not_proposed(
    extract_rows: Extractor, text: str, title: str | None, absent: str
) -> None:
    assert methods(extract_rows, text, title).get(absent, ("missing",))[0] != "proposed"


@pytest.mark.parametrize(
    ("text", "title", "name"),
    [
        (
            "We propose Scene Graph Former, a new model for scene prediction.",
            None,
            "Scene Graph Former",
        ),
        ("We build it. EmoNet is fast.", "EmoNet: Fine-Grained Emotion Recognition", "EmoNet"),
        ("This paper presents a lightweight CBAM-CNN model with few parameters.", None, "CBAM-CNN"),
        (
            "Specifically, we propose an Intra-scale Propagation module for blocks.",
            None,
            "Intra-scale Propagation",
        ),
    ],
)
def test_the_same_constructions_with_a_method_are_proposed(
    extract_rows: Extractor, text: str, title: str | None, name: str
) -> None:
    assert methods(extract_rows, text, title).get(name, ("missing",))[0] == "proposed"


# --- lists, metrics and nested names (method.list.*, method.metric_use.*, _inside) ---


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # method.list.after: the next member, past a parenthesis
        (
            "The method outperforms LBP-TOP (by 11.26%), MSMMT (by 3.36%), and other methods.",
            "MSMMT",
        ),
        ("It applies to LLMs (e.g., LLaMA and OPT) and more.", "OPT"),
        ("Filtered-DiskANN and UNG excel on the medium-scale set.", "UNG"),
        # method.list.before: the member before a known model
        ("We evaluate FooSeg, BarSeg and GPT-4o on the new task.", "FooSeg"),
    ],
)
def test_a_name_listed_with_a_method_is_mentioned(
    extract_rows: Extractor, text: str, name: str
) -> None:
    assert methods(extract_rows, text).get(name, ("missing",))[0] == "mentioned"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a comma-joined name that goes on as a clause's subject is not a list member
        ("Compared with DETR, FooDet achieves 50.1 AP on the test set.", "FooDet"),
        # a list of datasets, tasks or sources (method.other_kind_list)
        ("Public datasets such as DLC-2021, SynID, and KID34K helped research.", "SynID"),
        ("Sources including MODIS, Landsat-8/9 and Sentinel-2 are used with GPT-4o.", "Sentinel-2"),
        # companies, venues and metrics are no methods
        ("We test LLMs from Anthropic, Meta, Mistral, and OpenAI in this work.", "OpenAI"),
        ("Prior work (e.g., MoGe-2, NeurIPS 2025) left this open.", "NeurIPS 2025"),
        ("PaliGemma2 attains the highest VLScore, and Gemma3 the top rating.", "VLScore"),
        # a description, not a name
        ("It significantly outperforms ReAct-based LLM baselines (53.3%).", "ReAct-based LLM"),
    ],
)
def test_a_list_member_that_is_no_method(extract_rows: Extractor, text: str, name: str) -> None:
    assert methods(extract_rows, text).get(name, ("missing",))[0] != "mentioned"


@pytest.mark.parametrize(
    "text",
    [
        "Our model achieves an MAE of 0.12 on the test set.",
        "The fine-tuned model reaches the lowest errors (MSE = 0.42, MAE = 0.59).",
        "Our approach yields a lower MAE than the baselines.",
        "We report the mean absolute error (MAE) and the RMSE of each model.",
        "We report RMSE and MAE for each horizon.",
        "It gains 2.6% in accuracy and a 0.059 decrease in MAE over the best method.",
        "It achieves 0.070 SUVR MAE on 1015 paired samples.",
        "Across six subsets, MAE remains below 0.05 on the normalized scale.",
    ],
)
def test_mae_used_as_a_metric_is_no_method(extract_rows: Extractor, text: str) -> None:
    assert "MAE" not in methods(extract_rows, text)


@pytest.mark.parametrize(
    "text",
    [
        "Masked autoencoders such as MAE learn strong visual features.",
        "We start from MAE pre-training and fine-tune on detection.",
        "It surpasses the recent MAE by 1.1% in ImageNet-1K classification.",
    ],
)
def test_mae_used_as_a_model_is_mentioned(extract_rows: Extractor, text: str) -> None:
    assert methods(extract_rows, text).get("MAE", ("missing",))[0] == "mentioned"


def test_a_family_name_before_score_is_a_metric(extract_rows: Extractor) -> None:
    assert "CLAP" not in methods(extract_rows, "We employ FAD and CLAP scores to evaluate audio.")
    assert methods(extract_rows, "We use the CLAP model as the audio encoder.")["CLAP"][0] == (
        "mentioned"
    )


def test_a_name_inside_a_longer_name_or_a_dataset_is_no_row(extract_rows: Extractor) -> None:
    got = methods(extract_rows, "Detectors such as Faster R-CNN are strong. We test VGG-Sound.")
    assert "Faster R-CNN" in got and "R-CNN" not in got and "VGG" not in got


def test_a_bare_family_name_after_its_sized_model_is_the_same_model(
    extract_rows: Extractor,
) -> None:
    got = methods(extract_rows, "We tune Llama 3.1 8B on the data. It reaches 74% on Llama.")
    assert "Llama 3.1 8B" in got and "Llama" not in got
    both = methods(extract_rows, "We adapt SAM and SAM2 for in-context segmentation.")
    assert "SAM" in both and "SAM2" in both


def test_a_plain_baseline_prefix_is_dropped(extract_rows: Extractor) -> None:
    got = methods(extract_rows, "It gains 2.1% over the vanilla-GRPO baseline on MATH-500.")
    assert "GRPO" in got and "vanilla-GRPO" not in got


def test_a_past_tense_proposal_verb_proposes(extract_rows: Extractor) -> None:
    got = methods(extract_rows, "In this study, we developed ITMAINN, an intelligent system.")
    assert got.get("ITMAINN", ("missing",))[0] == "proposed"
    assert "Foo" not in methods(extract_rows, "Researchers developed many tools for Foo tasks.")


def test_a_name_holding_the_long_form_of_the_acronym_after_it_is_the_acronym(
    extract_rows: Extractor,
) -> None:
    text = "Besides, we propose Efficient Event-based MeshFlow (EEMFlow) network for the task."
    got = methods(extract_rows, text)
    assert got.get("EEMFlow", ("missing",))[0] == "proposed"
    assert "Efficient Event-based MeshFlow" not in got
    # a concept's acronym is not taken as the paper's name
    concept = methods(
        extract_rows, "This paper introduces a Bayesian Variational Autoencoder (VAE)."
    )
    assert "VAE" not in concept


def test_a_variant_of_a_proposed_name_is_proposed(extract_rows: Extractor) -> None:
    text = "We propose QYOLO, a fast detector. Of its sizes, QYOLOv8n and QYOLO+ are the best."
    got = methods(extract_rows, text)
    assert got.get("QYOLOv8n", ("missing",))[0] == "proposed"
    assert got.get("QYOLO+", ("missing",))[0] == "proposed"
    # not a size or a variant: a description or a longer name
    other = methods(extract_rows, "We propose FooNet. FooNet-based tools and FooNet-1.5B-Preview.")
    assert "FooNet-based" not in other and "FooNet-1" not in other


def test_a_description_named_right_after_is_not_the_name(extract_rows: Extractor) -> None:
    text = "We present a Machine Mental Imagery framework, dubbed as Mirage, for VLM decoding."
    got = methods(extract_rows, text)
    assert "Machine Mental Imagery" not in got and got.get("Mirage", ("missing",))[0] == "proposed"
    plain = methods(extract_rows, "We present MirageNet, a framework for VLM decoding.")
    assert plain.get("MirageNet", ("missing",))[0] == "proposed"


def test_a_task_defined_with_its_expansion_between_is_not_a_method(
    extract_rows: Extractor,
) -> None:
    text = "We introduce CASTER (Community-Aware Assessment of Social Text), a new task that asks."
    assert "CASTER" not in methods(extract_rows, text)
    own = "We introduce CASTER (Community-Aware Assessment of Social Text), a new model that asks."
    assert methods(extract_rows, own).get("CASTER", ("missing",))[0] == "proposed"


def test_a_kind_of_a_model_class_is_not_a_method(extract_rows: Extractor) -> None:
    text = "Fine-tuned clinical large language models (cLLMs) and diffusion LLMs (D-LLMs) help."
    got = methods(extract_rows, text)
    assert "cLLMs" not in got and "D-LLMs" not in got
    named = methods(extract_rows, "We propose Typed-RAG, a decomposition method for QA.")
    assert named.get("Typed-RAG", ("missing",))[0] == "proposed"


def test_other_kind_before_is_read_right_to_left() -> None:
    """ "a task termed X" is tested by matching backwards from the name: the same answer as a
    forward search of the text before it, in time that does not grow with that text."""
    forward = regex.compile(shape._OTHER_KIND_BEFORE.pattern.removeprefix("(?r)"))
    texts = [
        "We define a new task termed ",
        'a benchmark called "',
        "the dataset, ",
        "We propose a method termed ",
        "datasets and tasks. We train ",
    ]
    for text in texts:
        n = len(text)
        assert bool(shape._OTHER_KIND_BEFORE.match(text, 0, n)) == bool(forward.search(text, 0, n))
    filler = "We evaluate on a benchmark of tasks and datasets. " * 2000
    started = time.perf_counter()
    for _ in range(200):
        shape._OTHER_KIND_BEFORE.match(filler, 0, len(filler))
    assert time.perf_counter() - started < 0.05  # a forward search: seconds


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # method.baseline_named: a baseline named right after the word
        (
            "On LoCoMo, ShardMemo improves over the strongest baseline (GAM) by +5.11 F1.",
            "GAM",
            None,
        ),
        (
            "It is 1.1x faster than the state-of-the-art static baseline FR-Spec on EAGLE-3.",
            "FR-Spec",
            None,
        ),
        (
            "It achieves the same FID as previous SOTA model MS-ILLM with 45% fewer bits.",
            "MS-ILLM",
            None,
        ),
        (
            "CCHD outperforms strong baselines (FactCG, MiniCheck) on LLM-AggreFact.",
            "FactCG",
            None,
        ),
        # ... not a concept, a description or a plain word after it
        ("We compare against a strong baseline CNN and an LLM baseline.", None, "CNN"),
        ("The baseline Transformer reaches 80.1% accuracy.", None, "Transformer"),
        ("The baseline (ours) is simple.", None, "ours"),
        # ... nor the short form of a long form that ends in 'baseline'
        (
            "We propose On-Policy RL with Optimal reward baseline (OPO), a novel algorithm.",
            None,
            "OPO",
        ),
    ],
)
def test_named_baselines(
    extract_rows: Extractor, text: str, present: str | None, absent: str | None
) -> None:
    _mentions(extract_rows, text, present, absent)


def _mentions(extract_rows: Extractor, text: str, present: str | None, absent: str | None) -> None:
    """`present` is a mentioned method of `text`; no mentioned method is `absent` or begins
    with it and a hyphen (the name cut out of a longer one)."""
    got = methods(extract_rows, text)
    if present is not None:
        assert got.get(present, ("missing",))[0] == "mentioned", got
    if absent is not None:
        mentioned = [n for n, (role, _) in got.items() if role == "mentioned"]
        assert not any(n == absent or n.startswith(absent + "-") for n in mentioned), got


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # API model ids written in lower case, as the providers spell them
        (
            "The attacks transfer, achieving 90.0% on gpt-4o-mini and 17.5% on claude-opus-4-7.",
            "gpt-4o-mini",
            None,
        ),
        ("It reaches 70.0% on gemini-2.5-flash.", "gemini-2.5-flash", None),
        ("It achieves an ASR of 100% on gpt-oss:20B.", "gpt-oss:20B", "gpt-oss"),
        # ... never a lower-case word without a version
        ("We use a gpt-style tokenizer and a gemini-like prompt.", None, "gpt"),
    ],
)
def test_lower_case_model_ids(
    extract_rows: Extractor, text: str, present: str | None, absent: str | None
) -> None:
    _mentions(extract_rows, text, present, absent)
