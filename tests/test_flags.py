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
