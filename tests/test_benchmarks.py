"""Benchmarks: registry folding, splits, ambiguity rules, unknown named datasets."""

from __future__ import annotations

import pytest
from conftest import Extractor
from hypothesis import given
from hypothesis import strategies as st

from extract.spans import Spans


def benchmarks(extract_rows: Extractor, text: str) -> dict[str, tuple[str | None, bool]]:
    rows = extract_rows(text)["benchmarks"]
    return {r.name: (r.split, r.known) for r in rows}  # type: ignore[attr-defined]


def names(extract_rows: Extractor, text: str, *, known: bool) -> set[str]:
    """The registry names (known=True) or the discovered names (known=False) of a text."""
    return {n for n, (_, k) in benchmarks(extract_rows, text).items() if k == known}


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
    got = benchmarks(extract_rows, "Extensive experiments on the QuokkaImage benchmark show gains.")
    assert got == {"QuokkaImage": (None, False)}


def test_benchmark_suffix_names(extract_rows: Extractor) -> None:
    got = benchmarks(extract_rows, "It improves policy LLMs by 7.2% on QuokkaAgentBench.")
    assert got == {"QuokkaAgentBench": (None, False)}


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
        # ...or with a score or an evaluation said to be on it...
        ("It brings a 4.2% accuracy gain on MATH with a new prompt.", {"MATH"}),
        ("We evaluate the agent on MATH for reasoning.", {"MATH"}),
        # ...but not alone in prose
        ("The C4 carbon pathway is common in grasses.", set()),
        ("We teach MATH to students.", set()),
        ("Students gain confidence on MATH lessons.", set()),
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
    got = benchmarks(extract_rows, "It spans corpora, including C4, QuokkaPajama-V2, and ZebraWeb.")
    assert got == {"C4": (None, True), "QuokkaPajama-V2": (None, False), "ZebraWeb": (None, False)}
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


# --- variants that change the numbers stay apart (issue 13) ---------------------------


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("AIME24", "AIME 2024"),
        ("AIME'25", "AIME 2025"),
        ("AIME 2025", "AIME 2025"),
        ("AIME", "AIME"),  # the family, when no edition is named
        ("Terminal-Bench 2.0", "Terminal-Bench 2"),
        ("Terminal-Bench", "Terminal-Bench"),
        ("COCO-CN", "COCO-CN"),
        ("EEG-ImageNet", "EEG-ImageNet"),
        ("ImageNet-21K", "ImageNet-21K"),
        ("CIFAR-10-C", "CIFAR-10-C"),
        ("SemEval-2025", "SemEval-2025"),
    ],
)
def test_editions_and_variants_are_their_own_entries(
    extract_rows: Extractor, surface: str, name: str
) -> None:
    assert set(benchmarks(extract_rows, f"Experiments on {surface} show that it works.")) == {name}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a slash names each edition: a suffix of as many digits replaces the base's
        ("We test on AIME24/25 only.", {"AIME 2024", "AIME 2025"}),
        # an edition-only base takes the word before it; the family is not named
        ("We test on AIME 2024/2025 only.", {"AIME 2024", "AIME 2025"}),
        # a letter suffix still appends
        ("We test on RefCOCO/+/g only.", {"RefCOCO", "RefCOCO+", "RefCOCOg"}),
        # a number of another length is no edition of the base
        ("We test on AIME24/2 only.", {"AIME 2024"}),
    ],
)
def test_slash_editions(extract_rows: Extractor, text: str, expected: set[str]) -> None:
    assert set(benchmarks(extract_rows, text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a name glued by a hyphen to a word before it is another dataset
        ("Results on Stylized-ImageNet are reported.", set()),
        # a number glued before it is not a word: the entry still counts
        ("Results on 10-Split-CIFAR-100 are reported.", {"Split CIFAR-100"}),
        ("Results on ImageNet are reported.", {"ImageNet-1K"}),
    ],
)
def test_a_name_glued_to_a_word_before_it_is_not_the_entry(
    extract_rows: Extractor, text: str, expected: set[str]
) -> None:
    assert names(extract_rows, text, known=True) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the numbered task of a shared task is the mention's split
        ("Our system for SemEval-2025 Task 11 ranks first.", {"SemEval-2025": ("Task 11", True)}),
        ("We join SemEval 2026 task 3 on sentiment.", {"SemEval-2026": ("Task 3", True)}),
        # a task number elsewhere in the sentence is not
        ("Our SemEval-2025 system solves task 11 well.", {"SemEval-2025": (None, True)}),
        # LVIS rare categories: a subset with its own numbers
        ("We report AP on LVIS rare categories.", {"LVIS": ("rare", True)}),
        ("We report AP on LVIS overall.", {"LVIS": (None, True)}),
    ],
)
def test_task_numbers_and_subsets_become_splits(
    extract_rows: Extractor, text: str, expected: dict[str, tuple[str | None, bool]]
) -> None:
    assert benchmarks(extract_rows, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # case-sensitive entries whose lower case is an English word
        ("Forecasts on the LargeST benchmark improve.", {"LargeST"}),
        ("We build the largest dataset of its kind.", set()),
        ("We evaluate link prediction on CoDEx and FB15k-237.", {"CoDEx", "FB15k-237"}),
        ("We compare with OpenAI Codex on the dataset.", set()),
        ("Experiments on Semantic3D show gains.", {"Semantic3D"}),
        ("We learn a semantic 3D representation of the dataset.", set()),
        # round four: short or word-like names of the long tail need context or their case
        ("We report 47.7 mAP on the Gen1 dataset.", {"Gen1"}),
        ("The Gen1 sensor is slower than the Gen2 sensor.", set()),
        ("Experiments on the GID and LoveDA datasets improve mIoU.", {"GID", "LoveDA"}),
        ("Generalized Intent Discovery (GID) groups new user intents.", set()),
        ("We evaluate on the Canadian Adverse Driving Conditions (CADC) dataset.", {"CADC"}),
        ("We propose CADC, a curation framework for instruction tuning.", set()),
        ("Accuracy on the PolyMath benchmark improves across 18 languages.", {"PolyMath"}),
        ("A polymath would design the system differently.", set()),
        ("Segmentation improves on the CATARACTS benchmark.", {"CATARACTS"}),
        ("Patients with cataracts were imaged before surgery.", set()),
    ],
)
def test_word_like_names_are_case_sensitive(
    extract_rows: Extractor, text: str, expected: set[str]
) -> None:
    assert names(extract_rows, text, known=True) == expected


# --- discovery of datasets the registry lacks: a positive and a negative per rule ----


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # bench.frame.named: "a new dataset, namely X"
        ("To this end, we build a new dataset, namely QuokkaCOD.", {"QuokkaCOD"}),
        ("The dataset, namely its test split, is small.", set()),
        # bench.frame.introduce: commas inside the description are fine...
        (
            "We present QuokkaQA, the first large-scale, comprehensive video benchmark.",
            {"QuokkaQA"},
        ),
        # ...but a dataset noun after 'for' describes a use, not the name
        ("We propose QuokkaDD, a sparse representation for dataset distillation.", set()),
        # bench.frame.long_name_acronym: a dataset's long name with its acronym
        ("We construct the Multi-Turn Intent Dataset (MTID), which has rollouts.", {"MTID"}),
        (
            "We introduce the Temporal Anachronism Benchmark for Vision-Language Models "
            "(TAB-VLM), a set of questions.",
            {"TAB-VLM"},
        ),
        ("We introduce Auto Benchmark Audit (ABA), an agentic framework.", set()),
        # bench.frame.data_verb: we collect / curate NAME
        ("We collect QuokkaSat-5M, a set of image-text pairs.", {"QuokkaSat-5M"}),
        ("We collect GPT-4 outputs from the web.", set()),
        # bench.shape.suffix keeps the pluses of a name ending in Bench
        ("Gains on QuokkaBench++ are large.", {"QuokkaBench++"}),
        # bench.frame.noun_after: also a named test or validation set...
        ("On the MedQuokka test set, it reaches 0.81 F1.", {"MedQuokka"}),
        # ...but not a description of the split
        ("On the held-out test set, it reaches 0.81 F1.", set()),
        # bench.frame.metric_on: a score, its metric, then the dataset...
        ("Our model achieves 85.2% accuracy on QuokkaQA.", {"QuokkaQA"}),
        ("It reports 42.1 mIoU on QuokkaSeg, a new set.", {"QuokkaSeg"}),
        # ...not a count, an attack on a model or capitalised words
        ("We release 30 checkpoints on QuokkaHub.", set()),
        ("It reaches a 98% ASR on QuokkaLM.", set()),
        ("It is held at the 2025 Workshop on QuokkaVision.", set()),
        # bench.frame.challenge: a coined one-word name before 'Challenge'...
        ("We rank first in the 2025 QUOKKA Challenge on video.", {"QUOKKA"}),
        ("Our entry won the QuokkaSeg25 Challenge.", {"QuokkaSeg25"}),
        # ...not a field, a venue or capitalised words
        ("We rank first in the CVPR Challenge and the AI Challenge.", set()),
        ("It solves the StarCraft Multi-Agent Challenge tasks.", set()),
    ],
)
def test_discovery_frames(extract_rows: Extractor, text: str, expected: set[str]) -> None:
    assert names(extract_rows, text, known=False) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # bench.frame.colon: a benchmark paper's title, also 'NAME: Benchmarking ...'
        ("Herculean: An Agentic Benchmark for Financial Intelligence", {"Herculean"}),
        ("Quokkas: Benchmarking Reasoning of Marsupials", {"Quokkas"}),
        ("Herculean: An Agentic Framework for Financial Intelligence", set()),
    ],
)
def test_benchmark_paper_titles(extract_rows: Extractor, title: str, expected: set[str]) -> None:
    rows = extract_rows("We study agents.", title=title)["benchmarks"]
    assert {r.name for r in rows} == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    [
        # bench.not_dataset.short: a two-letter task acronym in a dataset frame
        "We release a newly collected VL tracking benchmark dataset.",
        # bench.not_dataset.evaluators: an LLM judge named like a benchmark
        "Its correlation with G-Eval scores is low.",
        # bench.not_dataset.task_phrase: a capitalised task before 'benchmark'
        "It is the first comprehensive Video Question Answering benchmark for ships.",
        # a metric of the metric registry in a list with a known benchmark
        "Gains on GenEval and ImageReward are reported.",
    ],
)
def test_not_datasets(extract_rows: Extractor, text: str) -> None:
    assert names(extract_rows, text, known=False) == set()


def test_not_dataset_rules_still_allow_a_real_name(extract_rows: Extractor) -> None:
    got = benchmarks(extract_rows, "Experiments on the QuokkaVQA benchmark and on GenEval.")
    assert got == {"QuokkaVQA": (None, False), "GenEval": (None, True)}


# --- fixes from the hand audit of 100 corpus rows (docs/audit/benchmarks_audit.jsonl) ---


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # a title's 'NAME:' is the paper's own proposal, even when a dataset has that name,
        # and so are the abstract's mentions of it
        ("WebSight: A Vision-First Architecture for Robust Web Agents", set()),
        # unless the subtitle calls it a dataset
        ("WebSight: A Dataset of Web Screenshots", {"WebSight"}),
    ],
)
def test_a_titles_own_name_is_not_the_dataset(
    extract_rows: Extractor, title: str, expected: set[str]
) -> None:
    rows = extract_rows("We introduce WebSight, an agent for the web.", title=title)["benchmarks"]
    assert {r.name for r in rows} == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a coined name before its parenthesised long form is the name
        (
            "We introduce QuokkaBench (Quokka Analysis Benchmark), a benchmark for LLMs.",
            {"QuokkaBench"},
        ),
        # a long form before its acronym stays as it was
        ("We introduce Quokka Analysis Set (QAS), a benchmark for LLMs.", {"QAS"}),
        # a modality before a dataset noun is no name; the name given after it is
        ("We build an RGBD tracking dataset, named QuokkaSet, for robots.", {"QuokkaSet"}),
        # a verb 'benchmark' after 'and' is no frame
        ("It learns robust VNS features and comprehensively benchmark them.", set()),
    ],
)
def test_audit_fixes_for_discovery(extract_rows: Extractor, text: str, expected: set[str]) -> None:
    assert names(extract_rows, text, known=False) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Extending LUNA's channel module, the model treats channels.", set()),
        ("Nodules are detected on the LUNA dataset.", {"LUNA16"}),
        ("This reduces the task to needle-in-a-haystack retrieval.", set()),
        ("It passes the Needle in a Haystack evaluation.", {"Needle-in-a-Haystack"}),
    ],
)
def test_audit_fixes_for_registry_names(
    extract_rows: Extractor, text: str, expected: set[str]
) -> None:
    assert set(benchmarks(extract_rows, text)) == expected


# --- round two: constructions missed on a random corpus sample (coverage sample C) ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # bench.frame.capitalised_head: a capitalised name closed by its own dataset noun
        (
            "We collect the Quokka Dialogue Corpus: a corpus of 11.5 hours.",
            {"Quokka Dialogue Corpus"},
        ),
        (
            "We are developing the Multi-Script Quokka Benchmark to test LLMs.",
            {"Multi-Script Quokka Benchmark"},
        ),
        # ... not a capitalised task phrase, nor a name without 'the' before it
        ("It is the first Video Question Answering Benchmark for ships.", set()),
        ("Benchmark Dataset results are reported.", set()),
        # bench.not_dataset.generic_head: an ordinal opening, one plain word before Database
        ("It is the First Quokka Adolescent Dataset for us.", set()),
        ("We pick rooms from the Room Database to form levels.", set()),
        # bench.frame.plural_list: every item of a list opened by a plural dataset noun
        ("We validate it on flexible datasets (QDA and QSCW), showing gains.", {"QDA", "QSCW"}),
        (
            "We curate two datasets: Quokka-IT (22.5K) and Quokka-Align (100K) across languages.",
            {"Quokka-IT", "Quokka-Align"},
        ),
        # ... not languages or levels, and not one parenthesised acronym
        ("We build datasets: English, Chinese and Japanese.", set()),
        ("We test on out-of-distribution datasets (OOD) only.", set()),
        # bench.frame.long_name_acronym: a Database names data too
        ("We built the Quokka Knowledge Database (QKD) for annotation.", {"QKD"}),
        ("We built the Quokka Knowledge Engine (QKE) for annotation.", set()),
        # bench.frame.appositive: a released subset
        (
            "We release QuokkaSet-Instances, a publicly available annotated subset of images.",
            {"QuokkaSet-Instances"},
        ),
        ("We release QuokkaNet, a publicly available model of images.", set()),
        # bench.not_dataset.numbered_part: a numbered subtask is a split, not a dataset
        ("It scores 0.762 on Subtask 1 and 0.587 on Subtask 2 of the task.", set()),
        ("It scores 0.762 on QuokkaEval and 0.587 on Subtask 2.", {"QuokkaEval"}),
        # bench.not_dataset.modality: a run of modalities is no name
        ("We present a publicly available UAV RGB image dataset of weeds.", set()),
        ("We present the QuokkaUAV image dataset of weeds.", {"QuokkaUAV"}),
        # a long form whose initials spell the benchmark beside it is that benchmark
        (
            "We propose QCMP, the first Quokka-Context MLLM Personalization evaluation benchmark.",
            {"QCMP"},
        ),
        # initials that spell nothing else found keep the long form
        (
            "We propose the first Quokka-Context MLLM Personalization evaluation benchmark.",
            {"Quokka-Context MLLM Personalization"},
        ),
        # fixes from the second hand audit (docs/audit/benchmarks_audit2.jsonl)
        # a dash that glues a preposition to a model name makes no dataset
        ("We fine-tune Phi-2, Mistral, and Llama-3-on this dataset to test them.", set()),
        ("We fine-tune models on the Quokka-3 dataset to test them.", {"Quokka-3"}),
        # 'further integrates a suite of services' is a verb phrase, not a dataset frame
        ("Then QUOKKAMEM further integrates a suite of OS-inspired services.", set()),
        ("Results on the QUOKKAMEM benchmark are strong.", {"QUOKKAMEM"}),
        # the tail of a parenthesised long form is the coined name before it
        (
            "We construct QuokkaRAG-SLI (Quokka RAG - Similar but Logically Irrelevant), "
            "a large-scale dataset of 300K instances.",
            {"QuokkaRAG-SLI"},
        ),
        # ... but not a dataset named in a parenthetical whose capitals spell no such word
        (
            "We train QuokkaNet (tested on the Wombat Image Set), a dataset of images.",
            {"Wombat Image Set"},
        ),
        # fixes from reading the slice's most frequent unknown names
        # bench.not_dataset.task_or_language: a task or a proof language before 'benchmark'
        ("Results on a clinical Text-to-SQL benchmark are reported.", set()),
        ("Results on a clinical QuokkaSQL benchmark are reported.", {"QuokkaSQL"}),
        ("CLEVER-Q is evaluated on a Lean 4 benchmark of proofs.", set()),
        # bench.not_dataset.count: a count before a plural is no name
        ("Pre-training of 4 LLMs on the junk dataset hurts them.", set()),
        ("Pre-training on the Quokka4 dataset hurts them.", {"Quokka4"}),
        # the tail of a name written with markup is no name
        ("We introduce QD^2-Bench, the first benchmark for driving.", set()),
        ("We introduce QD2-Bench, the first benchmark for driving.", {"QD2-Bench"}),
    ],
)
def test_round_two_rules(extract_rows: Extractor, text: str, expected: set[str]) -> None:
    assert names(extract_rows, text, known=False) == expected


def test_a_frame_gives_an_ambiguous_registry_name_its_context(extract_rows: Extractor) -> None:
    # MME is ambiguous; 'the POPE and MME benchmarks' names it as a benchmark
    got = benchmarks(extract_rows, "Experiments on the POPE and MME benchmarks show gains.")
    assert got == {"POPE": (None, True), "MME": (None, True)}
    assert "MME" not in benchmarks(extract_rows, "The MME of the estimator is small.")


def test_semantic3d_needs_context(extract_rows: Extractor) -> None:
    assert benchmarks(extract_rows, "Semantic 3D Gaussian editing is fast.") == {}
    assert benchmarks(extract_rows, "We test on the Semantic3D dataset.") == {
        "Semantic3D": (None, True)
    }


@given(
    spans=st.lists(
        st.tuples(st.integers(0, 200), st.integers(1, 40)).map(lambda t: (t[0], t[0] + t[1])),
        max_size=30,
    ),
    query=st.tuples(st.integers(0, 240), st.integers(0, 40)).map(lambda t: (t[0], t[0] + t[1])),
)
def test_the_span_index_answers_as_a_scan_of_every_span(
    spans: list[tuple[int, int]], query: tuple[int, int]
) -> None:
    index = Spans(spans)
    start, end = query
    assert index.overlaps(start, end) == any(s < end and start < e for s, e in spans)
    assert index.covers(start) == any(s <= start < e for s, e in spans)
    for strictly in (True, False):
        assert index.holds(start, end, strictly) == any(
            s <= start and end <= e and (not strictly or e - s > end - start) for s, e in spans
        )
