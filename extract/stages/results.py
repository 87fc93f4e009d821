"""Results: the scores a paper reports (a number a model achieves on a metric).

Reads the classified numbers of `quantities`: every score, plus both ends of a from->to pair
("accuracy from 76.98% to 80.01%" reports 76.98 and 80.01). A value repeated later without
its metric ("while this is lower than the 87.6% achieved by ...") is not reported twice.
"""

from __future__ import annotations

from extract.nlp import Tools
from extract.schemas import Result
from extract.stages import Found, PaperDoc
from extract.stages.quantities import Quantity


def _unit(q: Quantity) -> str | None:
    return q.unit if q.unit in ("%", "x") else None


def extract(doc: PaperDoc, found: Found, tools: Tools) -> list[Result]:
    results: list[Result] = []
    named: set[tuple[float, str | None]] = set()  # values already reported with a metric
    for q in found.quantities:
        if (
            q.kind == "score"
            and q.metric is None
            and q.decimals > 0  # "87.6" again; a round 90% or 0% may be a new score
            and (q.value, _unit(q)) in named
        ):
            continue  # "lower than the 87.6% achieved by ...": a value reported before, again
        first = len(results)
        common = {
            "metric": q.metric,
            "dataset": q.dataset,
            "split": q.split,
            "unit": _unit(q),
        }
        if q.kind == "score":
            for name, _entry in q.co_metrics:  # "an accuracy and F1-score of 97.8%"
                results.append(
                    Result(
                        value=q.value,
                        model=q.model,
                        qualifier=q.qualifier if q.qualifier != "max" else None,
                        **{**common, "metric": name},
                        **doc.provenance(q.fdoc, q.start, q.end, "num.score.co_metric", q.sent),
                    )
                )
            results.append(
                Result(
                    value=q.value,
                    model=q.model,
                    qualifier=q.qualifier if q.qualifier != "max" else None,
                    **common,
                    **doc.provenance(q.fdoc, q.start, q.end, q.rule_id, q.sent),
                )
            )
        elif q.from_value is not None:
            for value, start, end in q.extra_results:
                results.append(
                    Result(
                        value=value,
                        model=q.model if value == q.to_value and q.gain else None,
                        qualifier=None,
                        **common,
                        **doc.provenance(q.fdoc, start, end, "num.from_to.result", q.sent),
                    )
                )
        named.update((r.value, r.unit) for r in results[first:] if r.metric is not None)
    return results
