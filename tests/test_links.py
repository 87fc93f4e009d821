"""Links: normalisation, kind from host and clause, released vs promised; code_status."""

from __future__ import annotations

import pytest
from conftest import Extractor

from extract.stages.links import normalise_url


@pytest.mark.parametrize(
    ("surface", "url"),
    [
        ("https://github.com/a/b.", "https://github.com/a/b"),
        ("https://github.com/a/b.git", "https://github.com/a/b"),
        ("github.com/XavierCHEN34/ClickSEG", "https://github.com/XavierCHEN34/ClickSEG"),
        ("https://GitHub.com/A/B/", "https://github.com/A/B"),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("https://example.org/x).", "https://example.org/x"),
    ],
)
def test_normalise_url(surface: str, url: str) -> None:
    assert normalise_url(surface) == url


def links(extract_rows: Extractor, text: str) -> list[tuple[str, str, str | None]]:
    return [(r.url, r.kind, r.status) for r in extract_rows(text)["links"]]  # type: ignore[attr-defined]


def test_latex_url_released(extract_rows: Extractor) -> None:
    text = r"We do it. The source code is available at \url{https://github.com/W/KD-ND}."
    assert links(extract_rows, text) == [("https://github.com/W/KD-ND", "code", "released")]


def test_scheme_less_promised(extract_rows: Extractor) -> None:
    text = "We do it. Code and data will be released at github.com/X/ClickSEG"
    assert links(extract_rows, text) == [("https://github.com/X/ClickSEG", "code", "promised")]


def test_paper_list_on_github_is_not_code(extract_rows: Extractor) -> None:
    text = r"A survey. The paper list is available at \url{https://github.com/M/Awesome-X.}"
    assert links(extract_rows, text) == [("https://github.com/M/Awesome-X", "other", "released")]


def test_data_label_and_hosts(extract_rows: Extractor) -> None:
    text = (
        "We study filters. Data & Project website: https://github.com/p/cnn-filter-db "
        "Filtered data: https://huggingface.co/datasets/d/c4 and https://paperswithcode.com/x "
        "and a page https://someone.github.io/proj"
    )
    assert links(extract_rows, text) == [
        ("https://github.com/p/cnn-filter-db", "data", "released"),
        ("https://huggingface.co/datasets/d/c4", "data", "released"),
        ("https://paperswithcode.com/x", "other", "released"),
        ("https://someone.github.io/proj", "project", "released"),
    ]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("We do it. Code is available at https://github.com/a/b.", "released"),
        ("We do it. Codes will be available after this paper is published.", "promised"),
        ("We do it. The code will be released soon.", "promised"),
        ("We do it. We open-source our codebase and models.", "released"),
        ("We do it. Our models are available at https://huggingface.co/a/b.", "none"),
        ("We do it. The dataset will be made public.", "none"),
        ("We do it. Code is not available due to licensing.", "none"),
    ],
)
def test_code_status(extract_rows: Extractor, text: str, status: str) -> None:
    assert extract_rows(text)["papers"][0].code_status == status  # type: ignore[attr-defined]
