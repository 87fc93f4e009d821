"""What the words around a method name say about it, for the methods stage.

- Lists: a name listed with a named method is a method too ("outperforming LBP-TOP (by
  11.26%), MSMMT (by 3.36%) and ...", "Filtered-DiskANN and UNG excel"). The joins are the
  rules `method.list.after` / `method.list.before` (rules/patterns/methods.jsonl), walked
  from every mentioned name to its neighbours and on from them.
- Metrics: a model-family surface that is also a metric ("MAE") names the metric where the
  text uses it as one: defined as the metric ("mean absolute error (MAE)"), with a value or
  a comparison next to it (`method.metric_use.after` / `.before`: "MAE of 0.12", "lower
  MAE"), or beside another error metric in its sentence ("RMSE and MAE").
"""

from __future__ import annotations

from collections.abc import Iterator

from extract.names import is_coined
from extract.nlp import FieldDoc, Tools
from extract.rules import fold
from extract.stages import Abbreviation, PaperDoc
from extract.stages.methods.candidate import Candidate

# A list longer than this is a table of names, walked no further (bounds the work).
_MAX_LIST = 30


def listed_names(
    tools: Tools, fdoc: FieldDoc, seeds: list[tuple[int, int]]
) -> Iterator[tuple[str, int, str]]:
    """(surface, start, rule id) of the names listed with the names at `seeds` (start,
    end), each found once, in the order the walk meets them."""
    text = fdoc.clean
    rules = tools.by_label["methods"]
    after = rules.get("LIST_AFTER", [])
    before = rules.get("LIST_BEFORE", [])
    seen = set(seeds)
    todo = list(seeds)
    while todo and len(seen) < _MAX_LIST:
        start, end = todo.pop()
        found = [(r, m) for r, rx in after if (m := rx.match(text, end))]
        found += [(r, m) for r, rx in before if (m := rx.match(text, 0, start))]
        for rule, m in found:
            span = (m.start("name"), m.end("name"))
            if span in seen:
                continue
            seen.add(span)
            todo.append(span)
            yield m.group("name"), span[0], rule.id


def used_as_metric(
    tools: Tools, fdoc: FieldDoc, start: int, end: int, abbreviations: list[Abbreviation]
) -> bool:
    """Whether the family surface at `start:end`, which is also a metric, is used as the
    metric here."""
    text = fdoc.clean
    surface = text[start:end]
    metric_keys = tools.rules.metric_by_key
    for ab in abbreviations:
        if ab.short == surface:  # the paper says what it means
            return fold(ab.long) in metric_keys
    rules = tools.by_label["methods"]
    if any(rx.match(text, end) for _, rx in rules.get("METRIC_USE_AFTER", ())):
        return True
    if any(rx.match(text, 0, start) for _, rx in rules.get("METRIC_USE_BEFORE", ())):
        return True
    sent = fdoc.sentence_at(start)
    return any(
        m.entry.higher_is_better is False and fold(m.surface) != fold(surface)
        for m in tools.metrics.find(fdoc, sent)
    )


def names_a_score(tools: Tools, text: str, end: int) -> bool:
    """A name followed by "score" or "metric" (CLAP score): a metric computed with a model."""
    return any(
        rx.match(text, end) for _, rx in tools.by_label["methods"].get("METRIC_USE_SCORE", ())
    )


def is_metric_surface(tools: Tools, name: str) -> bool:
    return fold(name) in tools.rules.metric_by_key


def in_other_kind_list(tools: Tools, text: str, start: int) -> bool:
    """The name at `start` is a member of a list of datasets, tasks, metrics ... (rule
    method.other_kind_list: "datasets such as DLC-2021, SynID")."""
    return any(
        rx.match(text, max(0, start - 300), start)
        for _, rx in tools.by_label["methods"].get("OTHER_KIND_LIST", ())
    )


def own_variants(doc: PaperDoc, tools: Tools, candidates: list[Candidate]) -> list[Candidate]:
    """Variants of the coined names the paper proposes (rule method.own_variant: EEMFlow+,
    QYOLOv8n), wherever the text writes them."""
    own = {c.name for c in candidates if c.role == "proposed" and c.label != "SUBJECT"}
    rules = tools.by_label["methods"].get("OWN_VARIANT", [])
    out = []
    for name in sorted(n for n in own if " " not in n and is_coined(n)):
        for fdoc in doc.fields:
            text = fdoc.clean
            at = text.find(name)
            while at >= 0:
                end = at + len(name)
                if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "-"):
                    for rule, rx in rules:
                        if m := rx.match(text, end):
                            variant = text[at : m.end()]
                            out.append(
                                Candidate(
                                    variant,
                                    "proposed",
                                    fdoc,
                                    at,
                                    m.end(),
                                    rule.id,
                                    label="OWN_VARIANT",
                                )
                            )
                at = text.find(name, end)
    return out
