"""Passes that decide what a number is: a score, a change, or neither (a count, a size, a
setting, a statistic, a name's version), from the cue rules of rules/patterns/numbers.jsonl
around it; then its qualifier ("up to", "about", "average")."""

from __future__ import annotations

from bisect import bisect_left

from extract.nlp import Tools
from extract.rules import MetricEntry
from extract.stages.numbers.record import (
    Group,
    NumberKind,
    Phrase,
    SentenceContext,
    grammar,
    label_rule,
    past_unit,
)


def screen(p: Phrase, ctx: SentenceContext) -> None:
    """Numbers that are never measurements, whatever their context."""
    first = p.first
    if first.unit is None and first.decimals == 0 and 1900 <= first.value <= 2100:
        p.drop("num.skip.year")
    elif id(p.group) in ctx.restated:
        p.drop("num.skip.restated")
    elif first.unit is None and first.sign is None and ctx.rx("SPREAD_PAREN").search(p.left):
        p.drop("num.skip.spread")  # "DSC = 82.4 (2.8)": a spread in parentheses


def classify(p: Phrase, ctx: SentenceContext) -> None:
    """Score, change or neither, with the id of the rule that decided."""
    cost_left = p.metric_left and p.entry is not None and p.entry.kind == "efficiency"
    kind, rule = _classify(
        ctx.tools, p.clause_left, p.right, p.group, p.metric_left, cost_left, _unit_metric(p, ctx)
    )
    if kind == "score" and p.first.physical is not None:
        rule = ctx.cue("DELTA_AFTER", ctx.text[past_unit(ctx, p.group) - ctx.base :]) or rule
        kind = "delta" if rule != "num.score" else kind  # "a 3.85 dB improvement"
    if kind == "skip":
        p.drop(rule)
        return
    p.kind, p.rule_id = kind, rule
    text, base = ctx.text, ctx.base
    if p.metric_end is not None:
        word = ctx.rx("DELTA_WORD").match(text[p.metric_end - base :])
        if word:
            # "12.3% GFLOPs reduction" is a change; "0.4 pp mAP@50 degradation" a loss.
            if word.group("w").lower().startswith(("drop", "degrad", "declin")):
                p.drop("num.loss.after_metric")
                return
            if p.kind == "score":
                p.kind, p.rule_id = "delta", "num.delta.metric_then_word"
    gap = text[ctx.prev_end - base : p.group.start - base]
    prev = ctx.prev
    if (
        prev is not None
        and ctx.cue("CONTINUE", gap)
        and p.rule_id == "num.score"
        and (p.first.physical is None or prev.physical == p.first.physical)
    ):
        # "by 3.2% on A and ~2.8% on B"; not "31x acceleration, and 9 ms latency"
        p.kind, p.rule_id = prev.kind, "num.continue"


def _unit_metric(p: Phrase, ctx: SentenceContext) -> bool:
    """The metric is named right after the number's physical unit ("2.14 mm RMSE")."""
    if p.metric_end is None or p.first.physical is None:
        return False
    unit_end = past_unit(ctx, p.group)
    if unit_end == p.group.end:
        return False
    after = ctx.text[p.metric_end - ctx.base :]
    k = bisect_left(ctx.stops, p.metric_end)
    if k < len(ctx.groups) and ctx.rx("ITEM_METRIC_GAP").match(
        after[: ctx.stops[k] - p.metric_end]
    ):
        return False  # "5 mm DSC of 0.73": the metric of the value after it
    if ctx.rx("BUDGET_AFTER_METRIC").match(after):
        return False  # "within the 8 MB memory constraints"
    return any(
        end == p.metric_end and not ctx.text[unit_end - ctx.base : start - ctx.base].strip()
        for start, end, _ in ctx.metric_spans[bisect_left(ctx.metric_starts, unit_end) :][:2]
    )


def _classify(
    tools: Tools,
    left: str,
    right: str,
    group: Group,
    metric_left: bool = False,
    cost_left: bool = False,
    unit_metric: bool = False,
) -> tuple[NumberKind, str]:
    """`metric_left`: the metric is named before the number; `cost_left`: and it is a cost
    (an efficiency metric), whose factor is a change ("throughput up to 4.64x");
    `unit_metric`: the metric is named right after the number's unit."""
    first = group.first
    if first.unit is None and grammar(tools, "NAME_BEFORE").search(left) and not metric_left:
        return "skip", "num.skip.name_version"  # "RTX 5090", "Llama 3": part of a name
    if (
        first.unit is None
        and first.decimals == 0
        and first.value < 10
        and label_rule(tools, "ENUMERATION", right)
    ):
        return "skip", "num.skip.enumeration"
    rule = label_rule(tools, "STAT_BEFORE", left)
    if rule and not (rule == "num.skip.setting" and metric_left):
        return "skip", rule
    if rule := label_rule(tools, "HYPER_AFTER", right):
        return "skip", rule
    # "MAE of 1.57 mm", "2.14 mm RMSE": a measurement in a unit, not a count of things
    measured = (metric_left or unit_metric) and grammar(tools, "MEASURE_UNIT").match(right)
    if (
        first.unit in (None, "x")
        and not measured
        and (rule := label_rule(tools, "COUNT_AFTER", right))
    ):
        return "skip", rule
    if first.unit == "%" and (rule := label_rule(tools, "SHARE_OF", right)):
        return "skip", rule
    if rule := label_rule(tools, "LOSS_AFTER", right):
        return "skip", rule
    return _change_or_score(tools, left, right, group, cost_left)


def _change_or_score(
    tools: Tools, left: str, right: str, group: Group, cost_left: bool = False
) -> tuple[NumberKind, str]:
    first = group.first
    speed = grammar(tools, "SPEED")
    if first.sign == "+":
        if label_rule(tools, "LOSS_BEFORE", left):
            return "skip", "num.loss.before"  # "accuracy drops of +7.6 pp"
        return "delta", "num.delta.sign"
    if first.sign == "verb":
        return "delta", "num.delta.word"  # "doubling the best prior result" is a gain itself
    if first.sign == "times":  # "a hundred times faster"; "three times larger" is a size
        if speed.match(right) or label_rule(tools, "DELTA_AFTER", right):
            return "delta", "num.delta.word"
        if label_rule(tools, "DELTA_BEFORE", left) and not label_rule(tools, "LOSS_BEFORE", left):
            return "delta", "num.delta.word"  # "increases its success rate by over threefold"
        return "skip", "num.skip.word"
    if rule := label_rule(tools, "DELTA_AFTER", right):
        return "delta", rule
    if rule := label_rule(tools, "DELTA_BEFORE", left):
        if label_rule(tools, "LOSS_BEFORE", left):
            return "skip", "num.loss.before"
        return "delta", rule
    if first.unit == "points":
        return "delta", "num.delta.points"
    if first.unit == "x":
        # "2x faster"; "throughput up to 4.64x": a factor of the metric named before it
        factor = speed.match(right) or (cost_left and grammar(tools, "FACTOR_END").match(right))
        return ("delta", "num.delta.factor") if factor else ("skip", "num.skip.factor")
    if group.shape != "from_to" and (rule := label_rule(tools, "LOSS_AMOUNT", left)):
        return "skip", rule
    return "score", "num.score"


_QUALIFIERS = (
    ("Q_UP_TO", "up_to"),
    ("Q_AT_LEAST", "at_least"),
    ("Q_MORE_THAN", "more_than"),
    ("Q_AVERAGE", "average"),
    ("Q_MAX", "max"),
    ("Q_APPROX", "approx"),
)
# Cues read at the number itself, past filler words ("up to a", "about the").
_AT_NUMBER = frozenset({"Q_UP_TO", "Q_AT_LEAST", "Q_MORE_THAN", "Q_APPROX"})


def qualify(p: Phrase, ctx: SentenceContext) -> None:
    tail = p.clause_left[-60:]
    filler = ctx.rx("FILLER_END")
    at_number = filler.sub("", filler.sub("", tail.rstrip()).rstrip()).rstrip()
    for label, name in _QUALIFIERS:
        text = at_number if label in _AT_NUMBER else tail
        if ctx.cue(label, text):
            p.qualifier = name
            return


def judge_gain(p: Phrase, ctx: SentenceContext) -> None:
    """A change on a higher-is-better metric that the text says went down is a loss."""
    entry = p.entry
    if p.kind == "delta" and entry is not None and entry.higher_is_better:
        reduced = ctx.cue("REDUCE_BEFORE", p.clause_left[-60:]) or ctx.rx("LOWER").match(p.right)
        p.gain = not reduced


def from_to_is_gain(tools: Tools, left: str, entry: MetricEntry | None, a: float, b: float) -> bool:
    """A from->to change is the method's gain when it moves the metric the right way."""
    if label_rule(tools, "LOSS_BEFORE", left):
        return False
    gain_verb = label_rule(tools, "GAIN_BEFORE", left) is not None
    reduce_verb = label_rule(tools, "REDUCE_BEFORE", left) is not None
    if entry is not None:
        better = b > a if entry.higher_is_better else b < a
        return better and (gain_verb or reduce_verb)
    return (gain_verb and b > a) or (reduce_verb and b < a)
