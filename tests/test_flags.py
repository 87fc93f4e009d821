"""claims_sota: the paper's own state-of-the-art claims, not hedged ones or others'."""

from __future__ import annotations

import pytest
from conftest import Extractor

from extract.schemas import Flag


@pytest.mark.parametrize(
    "sentence",
    [
        "Our method achieves state-of-the-art performance on COCO.",
        "FooNet sets a new state of the art on three benchmarks.",
        "It outperforms state-of-the-art methods by 2%.",
        "Our approach ranks first on the leaderboard.",
        "Experiments confirm the state-of-the-art (SOTA) performance of our prompts.",
        "Our proposed loss helps the most, leading to the state-of-the-art performance.",
    ],
)
def test_claims(extract_rows: Extractor, sentence: str) -> None:
    assert extract_rows("We study X. " + sentence)["papers"][0].claims_sota is True  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "sentence",
    [
        "FooNet achieves competitive results against SOTA methods.",
        "Our method performs on par with state-of-the-art approaches.",
        "It is comparable to the state of the art.",
        "It outperforms some state-of-the-art methods.",
        "It outperforms existing methods on all benchmarks.",
        "We review the state of the art in event-based flow estimation.",
        "Current state-of-the-art models fail on long inputs.",
    ],
)
def test_not_claims(extract_rows: Extractor, sentence: str) -> None:
    assert extract_rows("We study X. " + sentence)["papers"][0].claims_sota is False  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("sentence", "claims"),
    [
        ("DMT outperforms current state-of-the-art methods by a large margin.", True),
        ("LOOK outperforms other state-of-the-art methods for pre-training.", True),
        ("It outperforms the partially-open state-of-the-art MLLM Qwen2-VL-2B.", True),
        ("DiffTPT improves accuracy by 5.13% compared to the state-of-the-art TPT method.", True),
        (
            "Our models deliver results on par with or better than state-of-the-art (SOTA) "
            "results.",
            False,
        ),
        ("Pipelines often remove up to 99% of the web scrapes to achieve state-of-the-art.", False),
        ("How can we train models to develop it in the first place?", False),
    ],
)
def test_comparisons_and_hedges(extract_rows: Extractor, sentence: str, claims: bool) -> None:
    assert extract_rows("We study X. " + sentence)["papers"][0].claims_sota is claims  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("sentence", "claims"),
    [
        # `regex`'s (?i) reads "ſ" as "s": the words a cue requires are looked for in a
        # lower-cased sentence that maps it, so this claim is not skipped
        ("Our method is the best one and achieves ſtate-of-the-art results.", True),
        # "best" opens the sentence to the cues; none of them can fire without its words
        ("Our method is the best of the three variants we tried.", False),
    ],
)
def test_sentences_are_only_skipped_by_cues_that_cannot_match(
    extract_rows: Extractor, sentence: str, claims: bool
) -> None:
    assert extract_rows("We study X. " + sentence)["papers"][0].claims_sota is claims  # type: ignore[attr-defined]


# --- flags rows: the evidence behind the papers' summary columns ---------------------------


def _flags(extract_rows: Extractor, abstract: str) -> list[Flag]:
    return [r for r in extract_rows(abstract)["flags"] if isinstance(r, Flag)]


def test_a_sota_claim_is_a_flag_row_tied_to_the_dataset_its_sentence_names(
    extract_rows: Extractor,
) -> None:
    abstract = "We study X. Our method achieves state-of-the-art results on COCO and LVIS."
    rows = _flags(extract_rows, abstract)
    assert [(r.flag, r.value, r.dataset, r.rule_id) for r in rows] == [
        ("claims_sota", "true", "COCO", "sota.achieve"),
        ("claims_sota", "true", "LVIS", "sota.achieve"),
    ]
    row = rows[0]
    assert abstract[row.start : row.end] == "achieves state-of-the-art"
    assert row.evidence == "Our method achieves state-of-the-art results on COCO and LVIS."


def test_a_claim_naming_no_dataset_has_a_null_dataset(extract_rows: Extractor) -> None:
    rows = _flags(extract_rows, "We study X. It outperforms state-of-the-art methods by 2%.")
    assert [(r.flag, r.dataset, r.rule_id) for r in rows] == [
        ("claims_sota", None, "sota.outperform")
    ]


def test_a_dataset_in_another_sentence_is_not_the_claims(extract_rows: Extractor) -> None:
    abstract = "We train on ImageNet. It outperforms state-of-the-art methods by 2%."
    assert [r.dataset for r in _flags(extract_rows, abstract)] == [None]


def test_hedged_claims_and_no_code_leave_no_flag_rows(extract_rows: Extractor) -> None:
    abstract = "We study X. Our method performs on par with state-of-the-art approaches."
    assert _flags(extract_rows, abstract) == []


def test_code_released_by_link_points_at_the_url(extract_rows: Extractor) -> None:
    abstract = "We propose FooNet. Code is available at https://github.com/foo/foonet."
    (row,) = _flags(extract_rows, abstract)
    assert (row.flag, row.value) == ("code_status", "released")
    assert abstract[row.start : row.end] == "https://github.com/foo/foonet"
    assert row.evidence.startswith("Code is available")


def test_code_released_by_sentence_points_at_the_availability_cue(
    extract_rows: Extractor,
) -> None:
    abstract = "We propose FooNet. The code is available in PaddleClas."
    rows = extract_rows(abstract)
    (row,) = [r for r in rows["flags"] if isinstance(r, Flag)]
    assert (row.value, row.rule_id) == ("released", "code.availability")
    assert abstract[row.start : row.end] == "available"
    assert rows["papers"][0].code_status == "released"  # type: ignore[attr-defined]


def test_promised_code_has_the_promise_as_evidence(extract_rows: Extractor) -> None:
    abstract = "We propose FooNet. Our code will be made publicly available."
    (row,) = _flags(extract_rows, abstract)
    assert (row.value, row.rule_id) == ("promised", "link.status.promised")
    assert abstract[row.start : row.end].startswith("will")


def test_negated_code_is_no_evidence(extract_rows: Extractor) -> None:
    assert _flags(extract_rows, "We propose FooNet. The code is not publicly available.") == []
