"""From candidates to rows: one per name, its role decided from all the evidence, no name
held inside a longer one, and a family's bare name dropped after its sized model."""

from __future__ import annotations

from collections.abc import Iterable

from extract.nlp import Tools
from extract.rules import fold
from extract.spans import Spans
from extract.stages.methods.candidate import Candidate


def decide(
    key: str, group: list[Candidate], families: set[str], established: frozenset[str]
) -> Candidate:
    """One row per name: strong proposal evidence wins; a sentence subject proposes a name
    only when nothing marks it as a known model or a baseline."""
    strong = [c for c in group if c.role == "proposed" and c.label != "SUBJECT"]
    if key in families:
        strong = [c for c in strong if c.rule_id == "method.title"]
    baseline = any(c.role == "mentioned" for c in group) or key in families or key in established
    subject = [c for c in group if c.label == "SUBJECT"]
    if strong:
        pick = min(strong, key=lambda c: (c.fdoc.name != "title", c.start))
    elif subject and not baseline:
        pick = min(subject, key=lambda c: c.start)
    else:
        pick = min(group, key=lambda c: (c.fdoc.name != "title", c.start))
        pick.role = "mentioned"
    pick.long_form = pick.long_form or next((c.long_form for c in group if c.long_form), None)
    return pick


class Containers:
    """Spans (field, start, end) of longer names, long forms or datasets, by field."""

    def __init__(self, spans: Iterable[tuple[str, int, int]]):
        self._by_field: dict[str, Spans] = {}
        for f, s, e in spans:
            self._by_field.setdefault(f, Spans()).add(s, e)

    def hold(self, cand: Candidate, strictly: bool) -> bool:
        """Whether one holds the candidate and is longer, or, unless `strictly`, is the
        same span (a family name that is a dataset's mention)."""
        spans = self._by_field.get(cand.fdoc.name)
        return spans is not None and spans.holds(cand.start, cand.end, strictly)


def without_bare_families(chosen: list[Candidate], tools: Tools) -> list[Candidate]:
    """Drop a family's bare name ("on Llama") that a sentence uses after an earlier one
    wrote the model with its version or size ("Llama 3.1 8B"): the same model said short.
    In one sentence ("adapt SAM and SAM2") or before it ("PVT, Swin ... Swin-Large") the two
    are different models."""
    family_of = tools.families.family_of
    named = [(family_of(c.name), fold(c.name), c) for c in chosen]
    out = []
    for cand in chosen:
        name = fold(cand.name)
        family = family_of(cand.name)
        if (
            cand.role == "mentioned"
            and family is not None
            and not any(ch.isdigit() for ch in name)
            and any(
                f == family and k != name and k.startswith(name) and _said_before(other, cand)
                for f, k, other in named
            )
        ):
            continue
        out.append(cand)
    return out


def _said_before(first: Candidate, then: Candidate) -> bool:
    """`first` comes in an earlier sentence of the same field than `then`."""
    if first.fdoc is not then.fdoc:
        return first.fdoc.name == "title"
    return first.fdoc.sentence_at(first.start).end_char <= then.start
