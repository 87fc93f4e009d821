"""Passes that attach who the number is about: the model a score is for (a method named
before it in the sentence, or the paper's own method when "we"/"our method" speaks) and the
baseline a change is claimed over ("outperforming X by 3.2%")."""

from __future__ import annotations

from extract.rules import fold
from extract.stages.numbers.record import Phrase, SentenceContext


def attach_model(p: Phrase, ctx: SentenceContext) -> None:
    """The method named last before the number, unless that name is a metric, a split or a
    dataset (a method stage's stray span); else the paper's own method when it speaks."""
    before = [m for m in ctx.methods if m.end <= p.group.start and _is_model(ctx, m.name)]
    p.model = before[-1].name if before else None
    if p.model is None and ctx.rx("OURS").search(p.clause_left):
        p.model = ctx.proposed
    p.model_role = _role(p, ctx)


def _is_model(ctx: SentenceContext, name: str) -> bool:
    rules = ctx.tools.rules
    words = name.split()
    return not (
        any(fold(w) in rules.metric_by_key for w in words)  # "MAE", "50 AP"
        or fold(name) in rules.splits
        or fold(name) in rules.benchmark_by_key
        or words[0].lower() in _OPENERS  # "On MS COCO"
    )


# Words that open a phrase, not a name: a span starting with one is no model.
_OPENERS = frozenset({"on", "in", "for", "with", "the", "a", "an", "our", "we", "by", "at"})


def _role(p: Phrase, ctx: SentenceContext) -> str | None:
    """proposed (the paper's own method), baseline (what it is compared with) or other (a
    model evaluated in an analysis), from the words right before the number."""
    tail = p.clause_left[-80:]
    if ctx.cue("ROLE_BASELINE", tail):
        return "baseline"
    if ctx.proposed is not None and p.model == ctx.proposed:
        return "proposed"
    if ctx.cue("ROLE_PROPOSED", tail):
        return "proposed"
    if p.model is not None:
        return "proposed" if p.model in ctx.proposed_names else "other"
    return None


def attach_baseline(p: Phrase, ctx: SentenceContext) -> None:
    if p.kind != "delta":
        return
    hit = ctx.rx("BASELINE_RIGHT").match(p.right)
    if hit is None:
        hits = list(ctx.rx("BASELINE_LEFT").finditer(p.clause_left))
        hit = hits[-1] if hits else None
    if hit is not None:
        p.baseline = _tidy_baseline(ctx, hit.group("b"))


def _tidy_baseline(ctx: SentenceContext, text: str) -> str | None:
    text = ctx.rx("BASELINE_HEAD").sub("", text.strip())
    text = ctx.rx("BASELINE_TAIL").sub("", text)
    if not text or (ctx.rx("NUM_WORD").search(text) and len(text) < 4):
        return None
    return text
