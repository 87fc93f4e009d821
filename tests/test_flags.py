"""claims_sota: the paper's own state-of-the-art claims, not hedged ones or others'."""

from __future__ import annotations

import pytest
from conftest import Extractor


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
