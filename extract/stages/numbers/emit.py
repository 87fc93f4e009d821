"""The last pass: a filled phrase becomes one `Quantity` per number it reports (a range of
changes and a from->to pair become one change each)."""

from __future__ import annotations

from extract.stages.numbers.classify import from_to_is_gain
from extract.stages.numbers.dataset import dataset_of, split_of
from extract.stages.numbers.record import Number, Phrase, Quantity, SentenceContext


def _quantity(p: Phrase, ctx: SentenceContext, num: Number) -> Quantity:
    ds = dataset_of(p, ctx, id(num))
    entry = p.member_metrics.get(id(num), p.entry)
    return Quantity(
        kind=p.kind,
        value=num.value,
        unit=num.unit or p.first.unit,
        fdoc=ctx.fdoc,
        sent=ctx.sent,
        start=num.start,
        end=num.end,
        rule_id=p.rule_id,
        decimals=num.decimals,
        metric=entry.name if entry is not None and entry is not p.entry else p.metric,
        metric_entry=entry,
        dataset=ds.name if ds else None,
        split=split_of(p, ds),
        model=p.model,
        model_role=p.model_role,
        baseline=p.baseline,
        qualifier=p.qualifier,
        efficiency=p.efficiency,
        gain=p.gain,
        physical=num.physical or p.first.physical,
        quantity=num.quantity or p.first.quantity,
        co_metrics=p.co_metrics,
    )


def _range_change(p: Phrase, q: Quantity) -> Quantity:
    """ "by 3.0% to 4.6%", or "PSNR from 3.82% to 11.07%" (relative gains on a metric not
    measured in %): one change with its range."""
    g = p.group
    q.kind = "delta"
    q.value, q.value_max, q.end = abs(g.members[0].value), abs(g.members[-1].value), g.end
    return q


def _from_to(p: Phrase, ctx: SentenceContext, q: Quantity) -> Quantity:
    a, b = p.group.members[0], p.group.members[-1]
    q.from_value, q.to_value, q.end = a.value, b.value, p.group.end
    q.kind = "delta"
    q.value = round(abs(b.value - a.value), max(a.decimals, b.decimals))
    q.gain = from_to_is_gain(ctx.tools, p.clause_left, p.entry, a.value, b.value)
    if not q.gain and p.parallel is not None and p.parallel.metric == p.metric:
        q.gain = p.parallel.gain  # the same change, restated for another setting
    q.extra_results = [(a.value, a.start, a.end), (b.value, b.start, b.end)]
    q.rule_id = "num.from_to"
    return q


def emit(p: Phrase, ctx: SentenceContext) -> list[Quantity]:
    g = p.group
    # "PSNR from 3.82% to 11.07%": percentages of a metric that is not on a percent scale
    relative = (
        g.shape == "from_to"
        and p.first.unit == "%"
        and p.entry is not None
        and p.entry.unit != "%"
        and p.entry.scale != "percent"
    )
    if (g.shape == "range" and p.kind == "delta") or relative:
        return [_range_change(p, _quantity(p, ctx, g.members[0]))]
    if g.shape == "from_to":
        return [_from_to(p, ctx, _quantity(p, ctx, g.members[0]))]
    return [_quantity(p, ctx, num) for num in g.members]
