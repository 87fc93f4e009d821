"""Typing: what a number measures, read from its own unit and the words around it, before
it is linked. A physical unit from the unit registry ("7.8 ms", "30 FPS", "$0.02") makes it
a measurement of that kind; a resolution or a shape (512×512) is never a result; a metric
that cannot carry the number's unit or value (an AP of 273 FPS, an FID of 512512, a negative
AP) is not its metric."""

from __future__ import annotations

from typing import get_args

from extract.nlp import Tools
from extract.rules import MetricEntry, fold
from extract.schemas import EfficiencyKind
from extract.stages.numbers.record import Number, Phrase, SentenceContext, grammar

# The efficiency kinds a unit can measure (schemas.EfficiencyKind); "other" units (mm, dB,
# px, bpm) measure scores.
EFFICIENCY_KINDS = frozenset(get_args(EfficiencyKind)) - {"other"}
_TIMES = frozenset({"latency", "time"})


def read_units(tools: Tools, numbers: list[Number], text: str, base: int) -> None:
    """Set each bare number's physical unit and the kind of quantity it measures."""
    slash_run = grammar(tools, "SLASH_RUN")
    for num in numbers:
        if num.unit is not None:
            continue
        pos = num.end - base
        # "273/169/124/78 FPS": the unit after a slash-separated run is every value's
        run = slash_run.match(text, pos)
        hit = tools.units.after(text, run.end() if run else pos)
        entry = hit[0] if hit else tools.units.before(text, num.start - base)
        if entry is not None:
            num.physical, num.quantity = entry.unit, entry.quantity


def drop_shapes(tools: Tools, numbers: list[Number], text: str, base: int) -> list[Number]:
    """512×512, 256 x 256, 3×3: the sides of a resolution or a shape are no measurements,
    and are taken out before grouping ("at 256×256 and 2.38 FID" is no list); nor is the
    scale after a slash ("4.55/5.0")."""
    after, before = grammar(tools, "RESOLUTION_AFTER"), grammar(tools, "RESOLUTION_BEFORE")
    slash, scale = grammar(tools, "SLASH_GAP"), grammar(tools, "SCALE_DENOMINATOR")
    kept: list[Number] = []
    for n in numbers:
        if after.match(text[n.end - base : n.end - base + 12]) or before.search(
            text[max(0, n.start - base - 12) : n.start - base]
        ):
            continue
        prev = kept[-1] if kept else None
        if (
            prev is not None
            and slash.match(text[prev.end - base : n.start - base])
            and scale.match(text[n.start - base : n.end - base])
            and n.value >= prev.value
        ):
            continue  # "4.55/5.0": the scale of the score
        kept.append(n)
    return kept


def unit_fits(entry: MetricEntry | None, quantity: str | None) -> bool:
    """Whether a metric can be measured in a unit of this kind."""
    if entry is None or quantity is None:
        return True
    if entry.kind == "efficiency":
        return entry.quantity == quantity or {entry.quantity, quantity} <= _TIMES
    # a score in a physical unit: an error in mm, a PSNR in dB, an MAE in bpm
    return quantity not in EFFICIENCY_KINDS and entry.unit != "%"


def plausible(entry: MetricEntry, value: float, unit: str | None) -> bool:
    """Whether `value` (as written, with its unit) can be a value of the metric."""
    if unit in ("x", "points"):
        return True  # a factor or a difference, not a value on the metric's scale
    norm = normalised(entry, value, unit)
    if norm is None:
        return True
    if entry.max_value is not None and abs(norm) > entry.max_value:
        return False
    if entry.scale == "percent":
        return 0 <= norm <= 100
    if entry.scale == "fraction":
        return 0 <= norm <= 1
    if entry.scale == "unbounded":
        return norm >= 0
    return True


def normalised(entry: MetricEntry | None, value: float, unit: str | None) -> float | None:
    """The value on the metric's canonical scale: a percent metric written 0.873 is 87.3, a
    fraction metric written 87.3% is 0.873; null without a registry metric or for a factor."""
    if entry is None or unit in ("x", "points"):
        return None
    if entry.scale == "percent":
        if unit != "%" and 0 < abs(value) <= 1 and value != int(value):
            return round(value * 100, 6)
        return value
    if unit == "%" and entry.scale in ("fraction", "signed"):
        return round(value / 100, 8)
    return value


def fit_metric(p: Phrase, ctx: SentenceContext) -> None:
    """Unlink a metric that cannot carry the number's unit or, for a score, its value."""
    if p.metric is None:
        return
    first = p.first
    fits = unit_fits(p.entry, first.quantity)
    if fits and p.entry is not None and (p.kind == "score" or p.group.shape == "from_to"):
        # values the metric takes (a change "by 3.2" is not one)
        fits = all(plausible(p.entry, n.value, n.unit or first.unit) for n in p.group.members)
        # "1.22 GFLOPs reaches 93.92%": a cost measured in its own unit is no percentage
        fits = fits and not (
            first.unit == "%" and p.entry.kind == "efficiency" and p.entry.unit not in (None, "%")
        )
    if not fits:
        p.metric, p.entry, p.co_metrics = None, None, []


def metric_from_unit(p: Phrase, ctx: SentenceContext) -> None:
    """A physical unit that is itself a registry metric names the metric ("30 FPS",
    "4.2 GFLOPs"); any other unit alone does not make a number a result."""
    if p.metric is not None or p.first.physical is None:
        return
    for entry, _surface in ctx.tools.rules.metric_by_key.get(fold(p.first.physical), ()):
        p.metric, p.entry = entry.name, entry
        return
    if p.first.unit is None:
        p.drop("num.skip.unit_only")
