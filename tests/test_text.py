"""Paper identity and the clean view of a field with its offset map."""

from __future__ import annotations

import pytest

from extract.text import clean_text, paper_id, strip_markup


def test_paper_id_ignores_whitespace_and_normalisation() -> None:
    # The same abstract always gets the same id, whatever file and line breaks it came with.
    a = paper_id("Deep  nets\nwork. ")
    assert a == paper_id("Deep nets work.")
    assert len(a) == 16 and int(a, 16) >= 0
    assert paper_id("Cafe\u0301") == paper_id("Café")  # NFC


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (r"by $\sim$3.2\% on", "by ~3.2% on"),
        ("3%sim20% in", "3%~20% in"),
        (r"$\rm O^2DETR$ works", "O^2DETR works"),
        ("MS~MARCO and ~3%", "MS MARCO and ~3%"),
        (r"\href{https://a.io/x}{Project Page}.", "https://a.io/x Project Page."),
        ("AP$_{50}$ of 40", "AP_50 of 40"),
        ("a&amp;b <b>x</b>", "a&b  x "),
        ("line\nbreak\u00a0here", "line break here"),
        ("\uff18\uff10\uff05 accuracy", "80% accuracy"),
    ],
)
def test_clean_view(raw: str, clean: str) -> None:
    assert clean_text(raw).clean == clean


@pytest.mark.parametrize(
    ("raw", "surface", "expected_raw"),
    [
        (r"we get $\sim$3.2\% here", "3.2%", r"3.2\%"),
        (r"named $\rm O^2DETR$ today", "O^2DETR", "O^2DETR"),
        (r"see \url{https://github.com/a/b}.", "https://github.com/a/b", "https://github.com/a/b"),
        ("plain text 81.7% top-1", "81.7%", "81.7%"),
    ],
)
def test_offsets_map_back_to_the_text_as_read(raw: str, surface: str, expected_raw: str) -> None:
    view = clean_text(raw)
    start = view.clean.index(surface)
    s, e = view.to_raw(start, start + len(surface))
    assert raw[s:e] == expected_raw


def test_strip_markup_removes_latex_from_names() -> None:
    assert strip_markup(r"$\rm O^2DETR$") == "O2DETR"
    assert strip_markup(r"\textbf{SimVG}") == "SimVG"


def test_an_empty_span_at_deleted_markup_stays_ordered() -> None:
    # Found by hypothesis: '$' is deleted, so clean offset 5 is both after and before it.
    view = clean_text("00000$0")
    s, e = view.to_raw(5, 5)
    assert s <= e
