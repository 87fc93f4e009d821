"""Schwartz & Hearst (2003) abbreviation definitions."""

from __future__ import annotations

import pytest

from extract.stages.abbreviations import best_long_form


@pytest.mark.parametrize(
    ("short", "window", "long"),
    [
        (
            "CTKD",
            "a technique, termed Curriculum Temperature for Knowledge Distillation",
            "Curriculum Temperature for Knowledge Distillation",
        ),
        (
            "SRPO",
            "we use Sparse-Regularized Group Policy Optimization",
            "Sparse-Regularized Group Policy Optimization",
        ),
        ("P-NMS", "and a PRAE-based non-maximum suppression", "PRAE-based non-maximum suppression"),
        ("RM", 'a paradigm, termed "RecursiveMix', "RecursiveMix"),
        ("KD", "Knowledge distillation", "Knowledge distillation"),
    ],
)
def test_best_long_form(short: str, window: str, long: str) -> None:
    assert best_long_form(short, window) == long


def test_no_long_form_when_letters_do_not_spell_it() -> None:
    assert best_long_form("XYZ", "a simple method for vision") is None
