"""Results: the scores and efficiency measurements a paper reports.

Reads the classified numbers of `quantities`: every score, plus both ends of a from->to pair
("accuracy from 76.98% to 80.01%" reports 76.98 and 80.01). A value repeated later without
its metric ("while this is lower than the 87.6% achieved by ...") is not reported twice. A
number with neither a metric nor a physical unit is reported only when a dataset names what
it was measured on ("31.9% on VisualWebArena"); alone it is no use on a leaderboard.
"""

from __future__ import annotations

from typing import Any

from extract.nlp import Tools
from extract.rules import MetricEntry
from extract.schemas import Result
from extract.stages import Found, PaperDoc
from extract.stages.numbers.direction import higher_is_better
from extract.stages.numbers.measure import EFFICIENCY_KINDS, normalised, plausible
from extract.stages.numbers.record import Quantity


def _unit(q: Quantity) -> str | None:
    return q.unit if q.unit in ("%", "x", "points") else q.physical


def _quantity(entry: MetricEntry | None, q: Quantity) -> str:
    if entry is not None:
        return entry.quantity or "score"
    return q.quantity if q.quantity is not None and q.quantity in EFFICIENCY_KINDS else "score"


def _row(
    doc: PaperDoc,
    tools: Tools,
    q: Quantity,
    value: float,
    span: tuple[int, int, str],
    metric: tuple[str | None, MetricEntry | None],
    model: str | None,
    role: str | None,
) -> Result:
    name, entry = metric
    unit = _unit(q)
    fields: dict[str, Any] = {
        "value": value,
        "unit": unit,
        "metric": name,
        "dataset": q.dataset,
        "split": q.split,
        "model": model,
        "qualifier": q.qualifier if q.qualifier != "max" else None,
        "quantity": _quantity(entry, q),
        "value_norm": normalised(entry, value, unit),
        "higher_is_better": higher_is_better(tools, name, entry),
        "model_role": role,
    }
    start, end, rule_id = span
    return Result(**fields, **doc.provenance(q.fdoc, start, end, rule_id, q.sent))


def _useful(q: Quantity) -> bool:
    """A metric, a physical unit or a dataset says what the number is a score of."""
    return q.metric is not None or q.physical is not None or q.dataset is not None


def extract(doc: PaperDoc, found: Found, tools: Tools) -> list[Result]:
    results: list[Result] = []
    named: set[tuple[float, str | None]] = set()  # values already reported with a metric
    for q in found.quantities:
        if not _useful(q):
            continue
        if (
            q.kind == "score"
            and q.metric is None
            and q.decimals > 0  # "87.6" again; a round 90% or 0% may be a new score
            and (q.value, _unit(q)) in named
        ):
            continue  # "lower than the 87.6% achieved by ...": a value reported before, again
        first = len(results)
        if q.kind == "score":
            span = (q.start, q.end, "num.score.co_metric")
            for name, entry in q.co_metrics:  # "an accuracy and F1-score of 97.8%"
                if not plausible(entry, q.value, _unit(q)):
                    continue
                results.append(
                    _row(doc, tools, q, q.value, span, (name, entry), q.model, q.model_role)
                )
            span = (q.start, q.end, q.rule_id)
            metric = (q.metric, q.metric_entry)
            results.append(_row(doc, tools, q, q.value, span, metric, q.model, q.model_role))
        elif q.from_value is not None:
            metric = (q.metric, q.metric_entry)
            for value, start, end in q.extra_results:
                to_end = value == q.to_value and q.gain
                role = (q.model_role or "proposed") if to_end else ("baseline" if q.gain else None)
                model = q.model if to_end else None
                span = (start, end, "num.from_to.result")
                results.append(_row(doc, tools, q, value, span, metric, model, role))
        named.update((r.value, r.unit) for r in results[first:] if r.metric is not None)
    return results
