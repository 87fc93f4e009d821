"""Passes that attach who the number is about: the model a score is for (a method named
before it in the sentence, or the paper's own method when "we"/"our method" speaks) and the
baseline a change is claimed over ("outperforming X by 3.2%")."""

from __future__ import annotations

from extract.rules import fold
from extract.stages.numbers.record import Phrase, SentenceContext


def attach_model(p: Phrase, ctx: SentenceContext) -> None:
    """Who the number is about. A number after a comparison cue ("compared to 73% for X",
    "outperforming X (45.7%)", "Oracle baseline (98.0%)") is the baseline's: its model is a
    method named after the cue, or right after the number, never the subject before the
    cue. Otherwise the method named last before the number (not a metric, split or dataset
    name: a method stage's stray span), else the paper's own method when it speaks."""
    g = p.group
    models = [m for m in ctx.methods if _is_model(ctx, m.name)]
    tail = p.clause_left[-80:]
    cue = ctx.rx("ROLE_BASELINE").search(tail)
    if cue is not None:
        cue_at = g.start - len(tail) + cue.start()
        between = [m for m in models if cue_at <= m.start and m.end <= g.start]
        after = [m for m in models if g.end <= m.start <= g.end + _NEAR_AFTER]
        chosen = between[-1] if between else (after[0] if after else None)
        p.model, p.model_role = (chosen.name if chosen else None), "baseline"
        return
    before = [m for m in models if m.end <= g.start]
    # a name in the number's own clause, else the clause's coined subject, else a name of
    # an earlier clause ("X beats Y with 5x fewer parameters, while Z reaches 93.9%": Z's)
    clause_start = g.start - len(p.clause_left)
    own = [m for m in before if m.start >= clause_start]
    p.model = own[-1].name if own else _subject(p, ctx) or (before[-1].name if before else None)
    if p.model is None and ctx.proposed and ctx.rx("OURS").search(p.clause_left):
        p.model = ctx.proposed if _is_model(ctx, ctx.proposed) else None
    p.model_role = _role(p, ctx, tail)


# "73% for GPT-4o", "(73%, GPT-4o)": how far after a baseline's number its model may stand.
_NEAR_AFTER = 12


def _subject(p: Phrase, ctx: SentenceContext) -> str | None:
    """A coined name (two capitals, or a capital and a digit) that the clause
    before the number makes the subject of its score, when the method stage marked none."""
    hits = list(ctx.rx("SUBJECT_MODEL").finditer(p.clause_left))
    if not hits:
        return None
    name = hits[-1].group("name")
    coined = sum(c.isupper() for c in name) >= 2 or any(c.isdigit() for c in name)
    parts = name.replace("-", " ").split()  # "Char-BLEU" is a metric's variant
    metric_part = any(fold(w) in ctx.tools.rules.metric_by_key for w in parts)
    concept = name.lower() in ctx.tools.rules.not_methods_lower  # "LLM", "CNN"
    return name if coined and not (metric_part or concept) and _is_model(ctx, name) else None


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


def _role(p: Phrase, ctx: SentenceContext, tail: str) -> str | None:
    """proposed (the paper's own method) or other (a model evaluated in an analysis); the
    baseline case is decided with the model, from the comparison cue."""
    if p.model is not None and p.model in ctx.proposed_names:
        return "proposed"
    if ctx.cue("ROLE_PROPOSED", tail):
        return "proposed"
    return "other" if p.model is not None else None


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
