"""The number stage as small passes over one explicit record per number group.

find -> type (units, shapes) -> group -> then per group: screen -> metric -> classify ->
inherited metric -> metric fit (unit, scale) -> measure -> efficiency -> qualifier -> model
and role -> baseline -> gain -> dataset -> emit. Each pass reads the sentence context and
fills in (or drops) the `Phrase`; a dropped phrase is no result.
"""

from __future__ import annotations

from collections.abc import Callable

from extract.nlp import FieldDoc, Sentence, Tools
from extract.rules import fold
from extract.stages import Found, Mention
from extract.stages.numbers.classify import classify, judge_gain, qualify, screen
from extract.stages.numbers.dataset import (
    attach_dataset,
    carried_pairs,
    pair_in_order,
    respectively_run,
)
from extract.stages.numbers.emit import emit
from extract.stages.numbers.find import find_numbers, group_numbers, restated
from extract.stages.numbers.measure import drop_shapes, fit_metric, metric_from_unit, read_units
from extract.stages.numbers.metric import (
    find_metric,
    inherit_metric,
    metric_spans,
    pair_listed_metrics,
    sentence_metric,
)
from extract.stages.numbers.model import attach_baseline, attach_model
from extract.stages.numbers.record import (
    CONTEXT_WINDOW,
    Group,
    Phrase,
    Quantity,
    SentenceContext,
    label_rule,
)


def require_measure(p: Phrase, ctx: SentenceContext) -> None:
    """A bare number with no metric is a count or a setting."""
    if p.first.unit is None and p.metric is None and p.group.shape != "from_to":
        p.drop("num.skip.bare")


def weigh_efficiency(p: Phrase, ctx: SentenceContext) -> None:
    """Whether the number measures cost (speed, memory, ...) rather than quality."""
    if p.entry is not None:
        p.efficiency = p.entry.kind == "efficiency"
    else:  # the noun next to the number decides: "30% less memory", "2x faster"
        around = p.clause_left[-30:] + " " + p.right[:30]
        p.efficiency = p.kind == "delta" and bool(ctx.cue("EFFICIENCY", around))
    if p.metric is None and p.kind == "delta" and ctx.rx("SPEED").match(p.right):
        p.metric, p.efficiency = "speed", True


Pass = Callable[[Phrase, SentenceContext], None]
PASSES: tuple[Pass, ...] = (
    screen,
    find_metric,
    pair_listed_metrics,
    classify,
    inherit_metric,
    sentence_metric,
    fit_metric,
    metric_from_unit,
    require_measure,
    weigh_efficiency,
    qualify,
    attach_model,
    attach_baseline,
    judge_gain,
    attach_dataset,
)


def respectively_list(found: Found, tools: Tools, fdoc: FieldDoc, sent: Sentence) -> list[Mention]:
    """The dataset list one sentence pairs "respectively", for the sentence after it."""
    if label_rule(tools, "RESPECTIVELY", sent.text) is None:
        return []  # most sentences: no need to gather their dataset mentions
    datasets = _mentions_in(found.benchmark_mentions, fdoc, sent)
    return respectively_run(tools, sent.text, sent.start_char, datasets)


def _mentions_in(mentions: list[Mention], fdoc: FieldDoc, sent: Sentence) -> list[Mention]:
    inside = [
        m
        for m in mentions
        if m.field == fdoc.name and sent.start_char <= m.start and m.end <= sent.end_char
    ]
    return sorted(inside, key=lambda m: m.start)  # in text order, for lists paired in order


def _context(
    found: Found,
    tools: Tools,
    fdoc: FieldDoc,
    sent: Sentence,
    groups: list[Group],
    frame: Mention | None,
    previous: Sentence | None,
) -> SentenceContext:
    text, base = sent.text, sent.start_char
    words, starts = fdoc.tokens, fdoc.starts
    registry = [
        (starts[m.start], starts[m.end - 1] + len(words[m.end - 1]), m.entry)
        for m in tools.metrics.find(fdoc, sent)
    ]
    spans = metric_spans(tools, text, base, registry)
    datasets = _mentions_in(found.benchmark_mentions, fdoc, sent)
    rules = tools.rules
    # An unknown "dataset" spelled like a metric ("F1-score", "AP50") holds its place in
    # the sentence (lists, "respectively") but is no number's dataset.
    metric_like = {
        id(m)
        for m in datasets
        if fold(m.name) in rules.metric_by_key and fold(m.name) not in rules.benchmark_by_key
    }
    resp = pair_in_order(tools, text, base, groups, datasets, spans)
    respectively = label_rule(tools, "RESPECTIVELY", text) is not None
    if respectively and not datasets and previous is not None:
        # "respectively" with no dataset of its own continues the previous sentence's list
        carried = respectively_list(found, tools, fdoc, previous)
        if carried:
            resp = carried_pairs(groups, carried)
    return SentenceContext(
        tools=tools,
        fdoc=fdoc,
        sent=sent,
        groups=groups,
        metric_spans=spans,
        datasets=datasets,
        metric_like=metric_like,
        methods=_mentions_in(found.method_mentions, fdoc, sent),
        resp_datasets=resp,
        respectively=respectively,
        restated=restated(tools, groups, text, base),
        proposed=next((m.name for m in found.methods if m.role == "proposed"), None),
        proposed_names=frozenset(m.name for m in found.methods if m.role == "proposed"),
        frame=frame,
        prev_end=base,
    )


def in_sentence(
    found: Found,
    tools: Tools,
    fdoc: FieldDoc,
    sent: Sentence,
    frame: Mention | None = None,
    previous: Sentence | None = None,
) -> list[Quantity]:
    """Every classified number of one sentence, in text order; `previous`: the sentence
    before it, whose "respectively" list the sentence may continue."""
    text, base = sent.text, sent.start_char
    numbers = find_numbers(tools, text, base)
    if not numbers:
        return []
    numbers = drop_shapes(tools, numbers, text, base)
    read_units(tools, numbers, text, base)
    groups = group_numbers(tools, numbers, text, base)
    ctx = _context(found, tools, fdoc, sent, groups, frame, previous)
    clause_break = ctx.rx("CLAUSE_BREAK")
    for g in groups:
        left = text[max(0, g.start - base - CONTEXT_WINDOW) : g.start - base]
        right = text[g.end - base : g.end - base + CONTEXT_WINDOW]
        p = Phrase(g, left, clause_break.split(left)[-1], right)
        for step in PASSES:
            step(p, ctx)
            if p.dropped:
                break
        if p.dropped:
            continue
        ctx.out.extend(emit(p, ctx))
        ctx.prev, ctx.prev_end = ctx.out[-1], g.end
    return ctx.out
