"""Whether higher is better for a metric: the registry says for its metrics; a metric the
registry lacks, named by its head noun ("defense success rate", "translational error"), takes
the direction of its head (rules/metric_heads.jsonl); else unknown."""

from __future__ import annotations

from extract.nlp import Tools
from extract.rules import MetricEntry


def higher_is_better(tools: Tools, name: str | None, entry: MetricEntry | None) -> bool | None:
    if entry is not None:
        return entry.higher_is_better
    if not name:
        return None
    words = name.lower().split()
    heads = tools.rules.metric_heads
    # the longest known ending decides: "error rate" (lower) before "rate" (unknown)
    for k in range(min(3, len(words)), 0, -1):
        head = heads.get(" ".join(words[-k:]))
        if head is not None:
            return head.higher_is_better
    return None
