"""Improvements: numeric claims that the paper's method gains something.

Reads the classified numbers of `quantities`: every change that is a gain (a delta, a range
of deltas, or a from->to pair moving the metric the right way). Losses are not improvements.
"""

from __future__ import annotations

from extract.nlp import Tools
from extract.schemas import Improvement
from extract.stages import Found, PaperDoc


def extract(doc: PaperDoc, found: Found, tools: Tools) -> list[Improvement]:
    rows: list[Improvement] = []
    for q in found.quantities:
        if q.kind != "delta" or not q.gain:
            continue
        rows.append(
            Improvement(
                delta=abs(q.value),
                delta_max=q.value_max,
                unit=q.unit if q.unit in ("%", "x", "points") else None,
                kind="efficiency" if q.efficiency else "performance",
                metric=q.metric,
                dataset=q.dataset,
                split=q.split,
                baseline=q.baseline,
                from_value=q.from_value,
                to_value=q.to_value,
                qualifier=q.qualifier,
                **doc.provenance(q.fdoc, q.start, q.end, q.rule_id, q.sent),
            )
        )
    return rows
