"""Hostile abstracts: the tokenizer's shortcuts for long chunks give spaCy's tokens, and
no stage's time grows faster than the text."""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import json
import signal
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import regex
from conftest import run_cli
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from extract import core, nlp
from extract.budget import cut_field
from extract.core import process
from extract.nlp import FieldDoc, Tools, build_nlp, scan
from extract.schemas import Paper
from extract.stages import Found, PaperDoc
from extract.text import clean_text, paper_id

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters spaCy's affix rules strip one at a time (brackets, quotes, units after digits,
# currency, ellipses, emoji) with a few letters and digits between them.
AFFIXY = "()[]{}\"'`%&+*#<>.,;:!?…°$€-/_~😀CFkgmsxKB0123"


@cache
def _pipelines() -> tuple[Language, Language]:
    return build_nlp(), build_nlp(memo=False)


def _tokens(nlp: Language, text: str) -> list[tuple[int, str]]:
    return [(t.idx, t.text) for t in nlp(text)]


@SETTINGS
@given(chunks=st.lists(st.text(alphabet=AFFIXY, min_size=1, max_size=400), min_size=1, max_size=4))
@example(chunks=["(" * 300 + "ResNet-50" + ")" * 300])
@example(chunks=["x" + "." * 200])  # a run of dots is one suffix, however long
@example(chunks=["." * 200 + "x"])  # ... and one prefix
@example(chunks=["5" + "%" * 100])
@example(chunks=['"' * 70 + "°F."])
def test_windowed_affix_searches_tokenise_as_spacy(chunks: list[str]) -> None:
    # Strings longer than the window are searched in its end (suffixes) or start (prefixes)
    # only; the tokens must be the ones the whole-string searches give.
    fast, plain = _pipelines()
    text = " ".join(chunks)
    assert _tokens(fast, text) == _tokens(plain, text)


def test_a_chunk_longer_than_a_piece_is_tokenised_a_piece_at_a_time() -> None:
    fast, _ = _pipelines()
    chunk = "(" * 1500 + "FooNet" + ")" * 1500
    text = f"We propose FooNet. {chunk} It works."
    doc = fast(text)
    assert doc.text == text
    assert [t.text for t in doc][:4] == ["We", "propose", "FooNet", "."]
    assert [t.text for t in doc][-3:] == ["It", "works", "."]
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)
    # spaCy splits every bracket off; the pieces keep that, but "FooNet" falls across a cut
    assert len(doc) > 3000


def test_chunks_up_to_a_piece_long_keep_spacys_tokens() -> None:
    fast, plain = _pipelines()
    text = "See https://github.com/" + "a-b/" * 240 + "x (2025). " + "((" * 450 + "A))."
    assert len(max(text.split(), key=len)) <= 1000
    assert _tokens(fast, text) == _tokens(plain, text)


# --- the length limit and the time budget ------------------------------------------------

ABSTRACT = "We propose FooNet, which achieves 81.7% top-1 accuracy on ImageNet. "


def _paper(abstract: str, title: str | None = None) -> Paper:
    return Paper(paper_id=paper_id(abstract), source="t", record=1, abstract=abstract, title=title)


def _with_limits(tools: Tools, **values: float) -> Tools:
    """The session's tools with some limits changed (the compiled rules are shared)."""
    limits = tools.rules.limits
    changed = {
        name: getattr(limits, name).model_copy(update={"value": value})
        for name, value in values.items()
    }
    out = copy.copy(tools)
    out.rules = dataclasses.replace(tools.rules, limits=limits.model_copy(update=changed))
    return out


def test_cut_field_ends_at_a_space_and_keeps_short_text() -> None:
    assert cut_field("short text", 20) == "short text"
    assert cut_field("aaaa bbbb cccc", 11) == "aaaa bbbb"  # not "aaaa bbbb c"
    assert cut_field("x" * 30, 10) == "x" * 10  # no space: cut at the limit


def test_a_field_over_the_length_limit_is_processed_on_its_start_with_a_warning(
    tools: Tools,
) -> None:
    limit = tools.rules.limits.field_chars.value
    abstract = ABSTRACT + "Filler words here. " * (limit // 19 + 10) + "We propose BarNet."
    assert len(abstract) > limit
    rows = process([_paper(abstract)], tools).rows
    (warning,) = rows["rejects"]
    assert warning.model_dump()["reason"].startswith("warning: abstract of ")
    assert "limit.field_chars" in warning.model_dump()["reason"]
    assert rows["papers"][0].model_dump()["abstract"] == abstract  # kept as read
    names = {m.model_dump()["name"] for m in rows["methods"]}
    assert "FooNet" in names and "BarNet" not in names  # BarNet lies past the limit
    assert {b.model_dump()["name"] for b in rows["benchmarks"]} == {"ImageNet-1K"}


def test_a_field_within_the_length_limit_gets_no_warning(tools: Tools) -> None:
    limit = tools.rules.limits.field_chars.value
    abstract = (ABSTRACT * (limit // len(ABSTRACT)))[:limit]
    rows = process([_paper(abstract, title="A" * 100)], tools).rows
    assert rows["rejects"] == []


def _stuck(doc: PaperDoc, found: Found, tools: Tools) -> list[Any]:
    """A stage that would backtrack for hours, swallowing every ordinary exception."""
    with contextlib.suppress(Exception):  # the budget must get through this
        regex.search(r"(?:a|aa)+b", "a" * 60)
    return []


def test_a_stage_over_the_time_budget_becomes_a_reject_and_the_rest_is_kept(
    tools: Tools, monkeypatch: pytest.MonkeyPatch
) -> None:
    stages = tuple((name, _stuck if name == "methods" else f) for name, f in core.STAGES)
    monkeypatch.setattr(core, "STAGES", stages)
    budgeted = _with_limits(tools, paper_seconds=0.3, stage_grace_seconds=0.1)
    started = time.monotonic()
    rows = process([_paper(ABSTRACT), _paper(ABSTRACT + "It is fast.")], budgeted).rows
    assert time.monotonic() - started < 3  # two papers, each stopped after 0.3 s
    reasons = [r.model_dump()["reason"] for r in rows["rejects"]]
    assert (
        reasons
        == [
            "stage methods exceeded its time budget (0.3 s per paper, limit.paper_seconds): "
            "the paper keeps the other stages' rows"
        ]
        * 2
    )
    # the stages before and after the stopped one kept their rows, for both papers
    assert [b.model_dump()["name"] for b in rows["benchmarks"]] == ["ImageNet-1K"] * 2
    assert [r.model_dump()["value"] for r in rows["results"]] == [81.7, 81.7]
    assert rows["methods"] == []


def test_stages_within_the_time_budget_are_not_stopped(tools: Tools) -> None:
    budgeted = _with_limits(tools, paper_seconds=0.3, stage_grace_seconds=0.1)
    rows = process([_paper(ABSTRACT)] * 3, budgeted).rows
    assert rows["rejects"] == []
    assert [m.model_dump()["name"] for m in rows["methods"]] == ["FooNet"] * 3
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL  # handler put back


# --- time grows with the text, not faster ------------------------------------------------

# Hostile abstracts of the kinds seen in large dumps (broken PDF extractions, pasted papers,
# spam), each a repeated unit; nested brackets open all before closing.
HOSTILE = {
    "open brackets": "(",
    "closing brackets": ")",
    "emoji": "😀",
    "quotes": '"',
    "percent signs": "%",
    "ampersands": "&",
    "capitals": "ABCDEFGHIJ",
    "hyphens": "-",
    "digits": "7",
    "a long token": "a",
    "URLs": " https://github.com/foo/bar",
    "LaTeX braces": "\\textbf{",
    "spaced brackets": " (Ab",
    "proposals": " We propose Foo-Bar Net (FBN), a network.",
    "capitalised words": " Foo Bar",
    "one-character sentences": ". ",
}
# Numbers differ from one to the next (repeated ones are read as restatements).
NUMBERS = {
    "numbers with units": lambda i: f" {i}.5 ms",
    "from A% to B%": lambda i: f" accuracy rises from {i % 90}.1% to {i % 90 + 5}.2% on COCO,",
}
NUMBER_STAGES = ("quantities", "results", "improvements")


def _hostile(unit: str | Callable[[int], str], length: int) -> str:
    if callable(unit):
        text, i = "We propose X.", 0
        while len(text) < length:
            text, i = text + unit(i), i + 1
        return text
    if unit == "nested":
        return "We propose X. " + "(" * (length // 2) + "x" + ")" * (length // 2)
    return "We propose X. " + (unit * (length // len(unit) + 1))[:length]


def _seconds(tools: Tools, text: str) -> float:
    """The best of three runs of the whole pipeline on one paper."""
    paper = _paper(text)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        process([paper], tools)
        best = min(best, time.perf_counter() - started)
    return best


def _assert_linear(tools: Tools, unit: str | Callable[[int], str], size: int = 4000) -> None:
    # Four times the text may take about four times as long; a quadratic step takes 16x.
    # Generous slack for a shared machine's noise: 8x, plus 20 ms for very short times.
    short, long = _seconds(tools, _hostile(unit, size)), _seconds(tools, _hostile(unit, 4 * size))
    assert long < 8 * short + 0.02, f"{unit!r}: {short:.3f} s -> {long:.3f} s for 4x the text"


@pytest.fixture
def unbounded(tools: Tools) -> Tools:
    """No budget to stop a slow stage (it would hide the growth) and no length cut."""
    return _with_limits(tools, paper_seconds=60, field_chars=100_000)


@pytest.mark.parametrize("unit", [*HOSTILE.values(), "nested"], ids=[*HOSTILE, "nested"])
def test_time_grows_linearly_with_hostile_text(
    unbounded: Tools, unit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the number stages are measured on their own below
    stages = tuple((n, f) for n, f in core.STAGES if n not in NUMBER_STAGES)
    monkeypatch.setattr(core, "STAGES", stages)
    _assert_linear(unbounded, unit)


@pytest.mark.parametrize("unit", NUMBERS.values(), ids=NUMBERS)
def test_number_stages_grow_linearly_with_hostile_text(
    unbounded: Tools, unit: Callable[[int], str]
) -> None:
    _assert_linear(unbounded, unit, size=2500)


@pytest.mark.parametrize("unit", [*HOSTILE.values(), *NUMBERS.values()], ids=[*HOSTILE, *NUMBERS])
def test_a_long_hostile_abstract_finishes_well_within_15_seconds(
    tools: Tools, unit: str | Callable[[int], str]
) -> None:
    # 100,000 characters: cut to the length limit, then stopped by the time budget if need be
    text = _hostile(unit, 100_000)
    started = time.perf_counter()
    rows = process([_paper(text)], tools).rows
    assert time.perf_counter() - started < 6
    assert len(rows["papers"]) == 1
    assert "limit.field_chars" in rows["rejects"][0].model_dump()["reason"]


def test_sentence_start_rules_find_the_same_in_a_text_of_many_sentences(
    tools: Tools, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Past _MANY_SENTENCES a sentence-start rule scans the whole text instead of trying
    # each start; both must find the same matches.
    sentences = [
        "FooNet, a lightweight variant of ResNet, is fast.",
        "Results show that BarNet achieves 80% accuracy.",
        "Experiments show that BazNet outperforms all baselines.",
        "We find it works.",
    ]
    text = " ".join(sentences * 80)
    fdoc = _field(tools, text)
    assert len(fdoc.sentences) > nlp._MANY_SENTENCES
    rules = [
        (rule, rx)
        for stem in tools.regexes
        for rule, rx in tools.regexes[stem]
        if tools.plans[rule.id].at_sentence_start
    ]
    assert rules

    def spans() -> list[list[tuple[int, int]]]:
        return [[m.span() for m in scan(tools, rule, rx, fdoc)] for rule, rx in rules]

    whole_text = spans()
    assert sum(map(len, whole_text)) >= 3 * 80
    monkeypatch.setattr(nlp, "_MANY_SENTENCES", 10**9)  # each sentence start tried
    assert spans() == whole_text


def _field(tools: Tools, text: str) -> FieldDoc:
    clean = clean_text(text)
    return FieldDoc(name="abstract", text=clean, doc=tools.nlp(clean.clean))


def test_a_run_with_hostile_abstracts_keeps_going_and_says_what_it_cut(tmp_path: Path) -> None:
    # End to end, in pool workers: a pasted paper full of numbers and a run of brackets are
    # cut to the length limit (the number stage, linear now, may finish within the budget or
    # be stopped by it); the good abstract beside them is whole.
    hostile = _hostile(NUMBERS["numbers with units"], 60_000)
    records = [
        {"id": "1", "title": "Good", "summary": ABSTRACT},
        {"id": "2", "title": "Pasted", "summary": hostile},
        {"id": "3", "title": "Brackets", "summary": "(" * 50_000},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out"
    started = time.monotonic()
    proc = run_cli("run", str(source), "--out", str(out), "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    assert time.monotonic() - started < 60  # (startup of the pipeline and two workers)
    papers = pd.read_parquet(out / "papers")
    assert len(papers) == 3
    reasons = sorted(pd.read_parquet(out / "rejects")["reason"])
    warnings = [r for r in reasons if r.startswith("warning:")]
    assert len(warnings) == 2
    assert warnings[0].startswith("warning: abstract of 50,000 characters processed on its")
    assert warnings[1].startswith("warning: abstract of 60,0")
    assert all(r.startswith("stage quantities exceeded its time budget") for r in reasons[:-2])
    methods = pd.read_parquet(out / "methods")
    assert "FooNet" in set(methods["name"])
