"""Rules load with validation: sizes, and a clear error naming the file and entry."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import regex

from extract.nlp import CUE_STEMS, FieldDoc, Tools, scan
from extract.rules import RULES_DIR, Rules, RulesError, load_rules
from extract.stages.numbers.record import CONTEXT_WINDOW, LEFT_WINDOW
from extract.text import clean_text


def test_registries_have_the_promised_coverage(rules: Rules) -> None:
    assert len(rules.benchmarks) >= 400
    assert len(rules.metrics) >= 80
    assert len(rules.model_families) >= 200
    assert len(rules.not_methods) >= 300
    # every pattern rule has an id (it becomes the rule_id column), unique across files
    ids = [r.id for rules_ in rules.patterns.values() for r in rules_]
    assert ids and len(ids) == len(set(ids))


def test_metric_entries_carry_unit_and_direction(rules: Rules) -> None:
    by_name = {m.name: m for m in rules.metrics}
    assert by_name["FID"].higher_is_better is False
    assert by_name["mIoU"].unit == "%" and by_name["mIoU"].higher_is_better
    assert by_name["latency"].kind == "efficiency"


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target


def _append(path: Path, entry: dict[str, object]) -> None:
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(entry) + "\n")


BENCH = {
    "aliases": [],
    "ambiguous": [],
    "case_sensitive": False,
    "task": ["x"],
    "area": "cv",
    "role": "eval",
}

Breaker = Callable[[Path], None]
CASES: list[tuple[str, Breaker, str]] = [
    (
        "duplicate canonical name",
        lambda d: _append(d / "benchmarks.jsonl", {"name": "COCO", **BENCH}),
        "benchmarks.jsonl:",
    ),
    (
        "an alias claimed by two entries",
        lambda d: _append(
            d / "benchmarks.jsonl", {**BENCH, "name": "MyCOCO", "aliases": ["MS-COCO"]}
        ),
        "'MS-COCO' of 'MyCOCO' is already claimed by 'COCO'",
    ),
    (
        "an unknown field",
        lambda d: _append(
            d / "metrics.jsonl",
            {
                "name": "zzz",
                "aliases": [],
                "case_sensitive": False,
                "unit": None,
                "higher_is_better": True,
                "kind": "performance",
                "area": "x",
                "colour": 1,
            },
        ),
        "metrics.jsonl:",
    ),
    (
        "a split inside an alias",
        lambda d: _append(
            d / "benchmarks.jsonl", {**BENCH, "name": "FooSet", "aliases": ["FooSet val"]}
        ),
        "ends with a split",
    ),
    (
        "a regex that does not compile",
        lambda d: _append(
            d / "patterns" / "links.jsonl", {"id": "x.bad", "label": "X", "regex": "(("}
        ),
        "links.jsonl:",
    ),
    (
        "a token pattern (not supported: cues are regexes)",
        lambda d: _append(
            d / "patterns" / "links.jsonl",
            {"id": "x.tok", "label": "X", "pattern": [{"LOWER": "code"}]},
        ),
        "links.jsonl:",
    ),
    (
        "empty anchors",
        lambda d: _append(
            d / "patterns" / "links.jsonl",
            {"id": "x.anch", "label": "X", "regex": "code", "anchors": []},
        ),
        "anchors must be a non-empty list",
    ),
    (
        "anchors with a case flag inside the regex",
        lambda d: _append(
            d / "patterns" / "links.jsonl",
            {"id": "x.anch", "label": "X", "regex": "a(?i:code)", "anchors": ["a"]},
        ),
        "case-insensitive flag must open the regex",
    ),
    (
        "sentence scope without required words",
        lambda d: _append(
            d / "patterns" / "links.jsonl",
            {"id": "x.scope", "label": "X", "regex": "code", "scope": "sentence"},
        ),
        'scope "sentence" needs the required words',
    ),
    (
        "a model family whose pattern misses its examples",
        lambda d: _append(
            d / "model_families.jsonl",
            {"family": "Zed", "pattern": "Zed-\\d+", "examples": ["Zed"], "kind": "other"},
        ),
        "model_families.jsonl:",
    ),
    (
        "an established pair listed twice (spelt loosely the same)",
        lambda d: _add_line(d / "established_acronyms.tsv", "MCTS\tMonte-Carlo tree searches\t3"),
        "established_acronyms.tsv:.*duplicate 'MCTS'",
    ),
    (
        "an established line without a paper count",
        lambda d: _add_line(d / "established_acronyms.tsv", "ZQX\tzeta quux x\tmany"),
        "established_acronyms.tsv:.*expected",
    ),
    (
        "an established acronym with a space",
        lambda d: _add_line(d / "established_acronyms.tsv", "Z QX\tzeta quux x\t4"),
        "established_acronyms.tsv:",
    ),
]


def _add_line(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as out:
        out.write(line + "\n")


@pytest.mark.parametrize(("what", "break_it", "message"), CASES, ids=[c[0] for c in CASES])
def test_broken_rules_fail_with_file_and_entry(
    rules_copy: Path, what: str, break_it: Breaker, message: str
) -> None:
    break_it(rules_copy)
    with pytest.raises(RulesError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_rules(rules_copy)


def test_a_missing_rules_file_is_a_rules_error(rules_copy: Path) -> None:
    (rules_copy / "metrics.jsonl").unlink()
    with pytest.raises(RulesError, match="cannot read rules"):
        load_rules(rules_copy)


GOLDEN = Path(__file__).parent / "golden" / "dev.jsonl"


def _texts() -> list[str]:
    papers = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    texts = [p["abstract"] for p in papers] + [p["title"] for p in papers if p.get("title")]
    # the text start, sentence gaps, and every anchor inside longer words
    texts.append("We propose X. Our FooNet, a new model, outperforms BarNet. However, ours")
    return texts


def test_anchored_rules_find_exactly_what_a_full_scan_finds(tools: Tools) -> None:
    # Anchors and sentence starts only skip places where no match can start: the matches
    # must be the ones rx.finditer finds, over every golden abstract and title.
    anchored = [
        (rule, rx)
        for stem in tools.regexes
        if stem not in CUE_STEMS
        for rule, rx in tools.regexes[stem]
        if rule.anchors is not None
        or rule.requires is not None
        or rule.regex.startswith("(?:^|(?<=[.!?]\\s))")
    ]
    assert len(anchored) >= 8
    for text in _texts():
        clean = clean_text(text)
        fdoc = FieldDoc(name="abstract", text=clean, doc=tools.nlp(clean.clean))
        for rule, rx in anchored:
            full = [m.span() for m in rx.finditer(fdoc.clean)]
            assert [m.span() for m in scan(tools, rule, rx, fdoc)] == full, (rule.id, text[:60])


def test_required_words_of_number_cues_hold_wherever_the_cue_matches(tools: Tools) -> None:
    # A number cue is tried only on a window holding one of its required words: the words
    # must be in every window the regex matches, here the text before and after each
    # digit of every golden abstract and title (the windows the number passes ask about).
    gated = [
        (tools.plans[rule.id], tools.searchers[rule.id])
        for rule, _ in tools.regexes["numbers"]
        if rule.requires is not None
    ]
    assert len(gated) >= 10
    matched = 0
    for text in _texts():
        for m in regex.finditer(r"\d+", text):
            before, after = text[max(0, m.start() - LEFT_WINDOW) : m.start()], text[m.end() :]
            for window in (before, after[:CONTEXT_WINDOW]):
                for plan, rx in gated:
                    if rx.search(window):
                        matched += 1
                        assert plan.admits(window, window.lower()), (plan.rule.id, window)
    assert matched > 500  # the windows exercise the cues, not only their absence
    blocked = next(plan for plan, _ in gated if plan.rule.id == "num.respectively")
    assert not blocked.admits("by 3% and 5%, resp.", "by 3% and 5%, resp.")
