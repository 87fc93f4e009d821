"""Passes that attach who the number is about: the model a score is for (a method named
before it in the sentence, or the paper's own method when "we"/"our method" speaks) and the
baseline a change is claimed over ("outperforming X by 3.2%")."""

from __future__ import annotations

from extract.stages.numbers.record import Phrase, SentenceContext


def attach_model(p: Phrase, ctx: SentenceContext) -> None:
    before = [m for m in ctx.methods if m.end <= p.group.start]
    p.model = before[-1].name if before else None
    if p.model is None and ctx.rx("OURS").search(p.clause_left):
        p.model = ctx.proposed


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
