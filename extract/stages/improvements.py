"""Improvements: numeric claims that the paper's method gains something.

Reads the classified numbers of `quantities`: every change that is a gain (a delta, a range
of deltas, or a from->to pair moving the metric the right way). Losses are not improvements.
"""

from __future__ import annotations

from extract.nlp import Tools
from extract.schemas import Improvement
from extract.stages import Found, PaperDoc
from extract.stages.numbers.direction import higher_is_better
from extract.stages.quantities import Quantity


def _unit(q: Quantity) -> str | None:
    """As written; a bare change on a metric measured in % (AP, mIoU) is in points."""
    if q.unit in ("%", "x", "points"):
        return q.unit
    if q.metric_entry is not None and q.metric_entry.unit == "%":
        return "points"
    return None


def extract(doc: PaperDoc, found: Found, tools: Tools) -> list[Improvement]:
    rows: list[Improvement] = []
    for q in found.quantities:
        if q.kind != "delta" or not q.gain or q.value < 0:
            continue  # a loss, or a negative change ("the baseline's decrease of -0.4%")
        rows.append(
            Improvement(
                delta=abs(q.value),
                delta_max=q.value_max,
                unit=_unit(q),
                kind="efficiency" if q.efficiency else "performance",
                metric=q.metric,
                dataset=q.dataset,
                split=q.split,
                baseline=q.baseline,
                from_value=q.from_value,
                to_value=q.to_value,
                qualifier=q.qualifier,
                higher_is_better=higher_is_better(tools, q.metric, q.metric_entry),
                **doc.provenance(q.fdoc, q.start, q.end, q.rule_id, q.sent),
            )
        )
    return rows
