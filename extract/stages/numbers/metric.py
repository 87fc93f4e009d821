"""Passes that attach a metric: the registry metric named next to the number (right:
"85.3% top-1 accuracy"; left: "accuracy of 98.9%"), a metric the registry lacks named by its
head noun ("a defense success rate of 52.4%"), metrics listed together before one value, and
the metric a later item of a list shares with the first."""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Iterable

from extract.nlp import Tools
from extract.rules import MetricEntry, fold
from extract.stages import Mention
from extract.stages.numbers.record import (
    LEFT_WINDOW,
    Group,
    MetricSpan,
    Phrase,
    Quantity,
    SentenceContext,
    grammar,
    past_unit,
)


def metric_spans(
    tools: Tools, ctx_text: str, base: int, found: list[MetricSpan]
) -> list[MetricSpan]:
    """The registry metrics of a sentence, plus "Hit@20"-style cut-offs of known metrics;
    minus metric words that modify a method noun ("the latency baseline")."""
    spans = list(found)
    for m in grammar(tools, "AT_K").finditer(ctx_text):
        start = base + m.start()
        if any(s <= start < e for s, e, _ in spans):
            continue
        for entry, _surface in tools.rules.metric_by_key.get(fold(m.group("base")), ()):
            named = entry.model_copy(update={"name": m.group()})
            spans.append((start, base + m.end(), named))
            break
    modifies = grammar(tools, "MODIFIES_METHOD")
    spans = [_with_modifier(tools, ctx_text, base, sp) for sp in spans]
    spans = [sp for sp in spans if not modifies.match(ctx_text, sp[1] - base)]
    return sorted(spans, key=lambda s: s[0])


def _with_modifier(tools: Tools, text: str, base: int, span: MetricSpan) -> MetricSpan:
    """A generic metric head takes the content words written before it: "translational
    error", "defense success rate", "value accuracy" (kept on the head's scale and direction);
    descriptive and task words are not part of the name ("average accuracy" is accuracy)."""
    start, end, entry = span
    generic = bool(grammar(tools, "GENERIC_HEAD").match(entry.name))
    if not generic and not grammar(tools, "MEASURED_HEAD").match(entry.name):
        return span
    window = text[max(0, start - base - 40) : start - base]
    m = grammar(tools, "METRIC_MODIFIER").search(window)
    if m is None:
        return span
    head = text[start - base : end - base]  # as written: its case decides the modifiers'
    words = m.group("mod").split()
    if not generic and any(grammar(tools, "NOT_MEASURED_WORD").match(w) for w in words):
        return span
    if any(w[0].isupper() for w in words) and not (
        head[0].isupper() and all(w[0].isupper() for w in words)
    ):
        return span  # "ImageNet accuracy": a capitalised word is a name, not a modifier
    # a generic head is written lower-case with its words (defense success rate); a
    # measured head keeps its own spelling (energy RMSE)
    name = " ".join([*words, entry.name]).lower() if generic else " ".join([*words, entry.name])
    new_start = start - len(window) + m.start("mod")
    return (new_start, end, entry.model_copy(update={"name": name}))


def _plain_gap(tools: Tools, gap: str) -> bool:
    """A short gap with no clause break and no other number: 'accuracy of Resnet50 from'."""
    return bool(grammar(tools, "PLAIN_GAP").match(grammar(tools, "WORDS").sub("w", gap)))


def _singular(name: str) -> str:
    return name[:-1] if name.endswith(("rates", "scores", "errors", "ratios")) else name


_GENERIC_HEAD = frozenset({"rate", "score", "ratio", "error", "accuracy", "learning rate"})


# How far right of a number its metric may be named: the right gap allows a few words.
_RIGHT_REACH = 150


def _registry_metric(ctx: SentenceContext, g: Group) -> tuple[MetricSpan | None, bool]:
    """The registry metric named with the group, and whether it is named after it."""
    text, base = ctx.text, ctx.base
    right_gap = ctx.rx("METRIC_RIGHT_GAP")
    comparative = ctx.rx("COMPARATIVE_ALIAS")
    end = past_unit(ctx, g)  # "9 ms latency": the metric may follow the unit
    for span in ctx.metric_spans[bisect_left(ctx.metric_starts, g.end) :]:
        if span[0] - g.end > _RIGHT_REACH:
            break
        if right_gap.match(_unnamed_gap(ctx, g.end, span[0])) or (
            span[0] >= end and right_gap.match(_unnamed_gap(ctx, end, span[0]))
        ):
            surface = text[span[0] - base : span[1] - base]
            if comparative.match(surface) and _comparative_metric(ctx, g):
                return None, False  # "19.5% faster time-to-competence"
            return span, True
    bare = g.first.unit is None
    for span in reversed(ctx.metric_spans[: bisect_left(ctx.metric_starts, g.start)]):
        if comparative.match(text[span[0] - base : span[1] - base]):
            continue
        if span[1] <= g.start:
            gap = _unnamed_gap(ctx, span[1], g.start)  # "WER on the NSC Part 2 test set from"
            gap = gap[1:] if gap.startswith(")") else gap  # "Intersection-over-union (IoU)"
            # an aside right after the metric does not count: "ROUGE (phrase overlap) rises"
            if len(ctx.rx("PAREN_HEAD").sub("", gap)) <= 40 and (
                ctx.rx("METRIC_LEFT_GAP").match(gap) or (not bare and _plain_gap(ctx.tools, gap))
            ):
                return span, False
            if g.shape == "from_to" and ctx.rx("PAIR_OBJECT_GAP").match(gap):
                return span, False  # "improves X across A and B from 52.4% to 81.7%"
            break
    return None, False


def _unnamed_gap(ctx: SentenceContext, lo: int, hi: int) -> str:
    """The text between two offsets without the dataset names in it: in "a 7.44% increase
    in HotpotQA F1" the metric is read across the dataset that qualifies it."""
    parts, pos = [], lo
    for m in ctx.datasets[bisect_left(ctx.dataset_starts, lo) :]:
        if m.end > hi:
            break
        parts.append(ctx.text[pos - ctx.base : m.start - ctx.base])
        pos = m.end
    parts.append(ctx.text[pos - ctx.base : hi - ctx.base])
    return "".join(parts)


def _overlaps(mentions: Iterable[Mention], start: int, end: int) -> bool:
    return any(m.start < end and start < m.end for m in mentions)


def _names_a_method(ctx: SentenceContext, start: int, end: int) -> bool:
    return _overlaps(ctx.methods, start, end) or bool(
        ctx.rx("NAME_LIKE").search(ctx.text[start - ctx.base : end - ctx.base])
    )


def _free_metric(ctx: SentenceContext, g: Group) -> str | None:
    """A metric the registry lacks, named by its head noun next to a number with a unit."""
    text, base = ctx.text, ctx.base
    if (changed := _changed_from(ctx, g)) is not None:
        return changed
    left = ctx.rx("FREE_LEFT").search(text[max(0, g.start - base - LEFT_WINDOW) : g.start - base])
    if g.first.unit is None:
        # a bare decimal only after its named metric: "a realism score of 0.485"
        bare = g.first.decimals > 0 and left and ctx.rx("BARE_FREE_HEAD").search(left.group("m"))
        hits = [left] if bare else []
    else:
        window = text[g.end - base : g.end - base + LEFT_WINDOW]
        change = ctx.rx("FREE_CHANGE_RIGHT").match(window)
        if change and _names_a_method(ctx, g.end + change.start("m"), g.end + change.end("m")):
            change = None  # "35% gains in Llama3.2-3B": the model, not the metric
        hits = [change, ctx.rx("FREE_RIGHT").match(window), left]
    for hit in hits:
        name = _singular(ctx.rx("FREE_DESCRIPTIVE").sub("", hit.group("m").strip())) if hit else ""
        if name and name not in _GENERIC_HEAD:
            return name
    return None


def _changed_from(ctx: SentenceContext, g: Group) -> str | None:
    """What a change verb changes "from A to B", for scores (percentages or decimals, not
    sizes such as "4K to 128K"): "improving validity from 76.7% to 82.5%"; or "by" a
    percentage or factor: "reducing focusing time by 80%"."""
    first = g.first
    if g.shape == "from_to":
        if first.unit not in ("%", None) or not (first.unit or first.decimals):
            return None
        label = "FREE_FROM"
    elif first.unit in ("%", "x"):
        label = "FREE_BY"
    else:
        return None
    at = max(ctx.base, g.start - LEFT_WINDOW)
    hit = ctx.rx(label).search(ctx.text[at - ctx.base : g.start - ctx.base])
    if hit is None or _names_a_method(ctx, at + hit.start("m"), at + hit.end("m")):
        return None
    start, end = at + hit.start("m"), at + hit.end("m")
    if _overlaps(ctx.datasets, start, end):
        return None
    name = _singular(hit.group("m"))
    generic = name.casefold() in _GENERIC_HEAD or ctx.rx("FREE_FROM_GENERIC").search(name)
    return None if generic else name


def _list_item_metric(ctx: SentenceContext, g: Group) -> str | None:
    """The name of an item in a list of metric-value pairs whose neighbour item is named by
    a registry metric: "an IoU of 0.952 and Chamfer-L1 distance of 0.005", "F1(AI) of
    80.17, AUROC of 92.63", "PSNR 27.19, SSIM 0.34, and CC 0.25"."""
    i = next((k for k, other in enumerate(ctx.groups) if other is g), None)
    if i is None or g.shape != "single":
        return None
    text, base = ctx.text, ctx.base
    hit, at = None, 0
    if i > 0 and _scored_run(ctx, i - 1):
        at = ctx.groups[i - 1].end
        hit = ctx.rx("ITEM_NEXT_NAME").match(text[at - base : g.start - base])
    if hit is None and i + 1 < len(ctx.groups) and _scored_item(ctx, ctx.groups[i + 1], g.end):
        at = max(base, g.start - LEFT_WINDOW)
        hit = ctx.rx("ITEM_FIRST_NAME").search(text[at - base : g.start - base])
    if hit is None:
        return None
    start, end = at + hit.start("m"), at + hit.end("m")
    name: str = hit.group("m")
    if name[0].islower():  # "a perfect fitness score of 1"; not "Average Surface Distance"
        name = ctx.rx("FREE_DESCRIPTIVE").sub("", name)
    if not name or (
        name.casefold() in _GENERIC_HEAD
        or ctx.rx("ITEM_STAT_NAME").match(name)
        or _overlaps((*ctx.datasets, *ctx.methods), start, end)
    ):
        return None  # "MMLU 85.2, GSM8K 70.1": datasets; "Llama 62.1, Qwen 64.0": models
    return name


def _scored_run(ctx: SentenceContext, k: int) -> bool:
    """Whether the list item of group `k`, or an item before it in the same list of
    name-value pairs, is named by a registry metric ("mAP50 of 0.96, mAP75 of 0.77,
    mAP95 of 0.72": mAP95 is an item of mAP50's list)."""
    text, base, groups = ctx.text, ctx.base, ctx.groups
    while not _scored_item(ctx, groups[k]):
        if k == 0 or groups[k].shape != "single":
            return False
        if not ctx.rx("ITEM_NEXT_NAME").match(
            text[groups[k - 1].end - base : groups[k].start - base]
        ):
            return False
        k -= 1
    return True


def _scored_item(ctx: SentenceContext, item: Group, joined_from: int | None = None) -> bool:
    """Whether `item` is a single value named right before by a registry metric; with
    `joined_from`, also joined to the value that ends there by a list joint."""
    text, base = ctx.text, ctx.base
    if item.shape != "single":
        return False
    k = bisect_left(ctx.metric_starts, item.start) - 1
    if k < 0:
        return False
    start, end, _ = ctx.metric_spans[k]
    if not ctx.rx("ITEM_METRIC_GAP").match(text[end - base : item.start - base]):
        return False
    return joined_from is None or bool(
        ctx.rx("ITEM_JOIN").match(text[joined_from - base : start - base])
    )


def find_metric(p: Phrase, ctx: SentenceContext) -> None:
    """The metric named with the group, and where it ends (to read "GFLOPs reduction")."""
    span, after = _registry_metric(ctx, p.group)
    if span is not None:
        p.metric, p.entry = span[2].name, span[2]
        p.metric_end = span[1] if after else None
    else:
        p.metric = (
            _list_item_metric(ctx, p.group)
            or _free_metric(ctx, p.group)
            or _comparative_metric(ctx, p.group)
        )
    if p.metric_left:
        p.co_metrics = _co_metrics(p, ctx)


def pair_listed_metrics(p: Phrase, ctx: SentenceContext) -> None:
    """A list of values and a list of as many metrics pair in order: "F1/BLEU-1 gains of
    3.27%/3.30%", "16.1%, 18.3% and 17.8% in precision, recall and F1-score", "precision,
    recall and F1 of 85.2%, 87.3% and 86.2%"; a list under one metric keeps it ("44.0 /
    43.2 mAP")."""
    g, text, base, spans = p.group, ctx.text, ctx.base, ctx.metric_spans
    if p.entry is None or not _listed(p, ctx):
        return
    gap = ctx.rx("LIST_GAP")
    i = next((k for k, sp in enumerate(spans) if sp[2] is p.entry), None)
    if i is None:
        return
    lo = hi = i  # the run of metrics written as a list around the linked one
    while lo > 0 and gap.match(text[spans[lo - 1][1] - base : spans[lo][0] - base]):
        lo -= 1
    while hi + 1 < len(spans) and gap.match(text[spans[hi][1] - base : spans[hi + 1][0] - base]):
        hi += 1
    run = tuple(sp[2] for sp in spans[lo : hi + 1])
    if len(run) != len(g.members) or len({e.name for e in run}) != len(run):
        return
    ctx.last_metric_list = run
    p.member_metrics = dict(zip(map(id, g.members), run, strict=True))
    p.metric, p.entry = run[0].name, run[0]


def _listed(p: Phrase, ctx: SentenceContext) -> bool:
    """The group's values are written as one list (or slash pair) with no other words."""
    members, gap = p.group.members, ctx.rx("LIST_GAP")
    return len(members) > 1 and all(
        gap.match(ctx.text[a.end - ctx.base : b.start - ctx.base])
        for a, b in itertools.pairwise(members)
    )


def _comparative_metric(ctx: SentenceContext, g: Group) -> str | None:
    """What a change with a comparative names right after it: "10.95% higher terminal
    mastery", "42.3% lower inference time"; only for numbers with a unit."""
    if g.first.unit is None:
        return None
    hit = ctx.rx("COMPARATIVE_RIGHT").match(ctx.text[g.end - ctx.base :])
    if hit is None:
        return None
    # "0.34% higher watermark detection AUC": a registry metric ending a longer phrase
    # names it (a phrase that is all metric keeps its words: "increased inference cost")
    start, end = g.end + hit.start("m"), g.end + hit.end("m")
    named = next((e.name for s, e_end, e in ctx.metric_spans if e_end == end and s > start), None)
    return named or _singular(hit.group("m"))


def _co_metrics(p: Phrase, ctx: SentenceContext) -> list[tuple[str, MetricEntry]]:
    """Metrics listed with the left-linked metric of a single value, the list closed by
    "and": "each with an accuracy and F1-score of 97.8%" reports the value on each. Not a
    metric that is itself the metric of an earlier number ("89.0% accuracy and an F1 ...")."""
    g, text, base = p.group, ctx.text, ctx.base
    if g.shape != "single":
        return []
    left = [sp for sp in ctx.metric_spans if sp[1] <= g.start]
    if len(left) < 2 or left[-1][2].name != p.metric:
        return []
    if ctx.rx("SLASH_NEXT").match(text, g.end - base):
        return []  # "accuracy and F1 ... 95.1% / 0.918": the values pair one by one
    unit = left[-1][2].unit
    out: list[tuple[int, str, MetricEntry]] = []
    for k in range(len(left) - 2, -1, -1):
        s, e, entry = left[k]
        join = text[e - base : left[k + 1][0] - base]
        if not ctx.rx("METRIC_AND" if k == len(left) - 2 else "METRIC_COMMA").match(join):
            break
        if entry.name == p.metric or entry.unit != unit or any(entry.name == n for _, n, _ in out):
            break  # "accuracy and speed (0.3 sec)": a value in one unit is not both
        out.insert(0, (s, entry.name, entry))
    while out and ctx.rx("AFTER_NUMBER").search(
        text[max(0, out[0][0] - base - LEFT_WINDOW) : out[0][0] - base]
    ):
        out.pop(0)  # "89.0% accuracy and ...": that metric belongs to the number before it
    return [(n, entry) for _, n, entry in out]


def inherit_metric(p: Phrase, ctx: SentenceContext) -> None:
    """A later item of a list shares the metric named once for it: "a top-1 accuracy of
    81.2% and 83.4% on ..."; a from->to pair repeated for another setting shares the pair's."""
    if p.metric is None:
        donor = _donor(p, ctx)
        if donor is not None:
            p.metric, p.entry = donor.metric, donor.metric_entry
            if len(ctx.last_metric_list) == len(p.group.members) and _listed(p, ctx):
                # "F1/BLEU-1 gains of 3.27%/3.30% (A) and 1.95%/1.78% (B)"
                p.member_metrics = dict(
                    zip(map(id, p.group.members), ctx.last_metric_list, strict=True)
                )
                p.metric, p.entry = ctx.last_metric_list[0].name, ctx.last_metric_list[0]
    p.parallel = _parallel_pair(p, ctx)
    if p.metric is None and p.parallel is not None:
        p.metric, p.entry = p.parallel.metric, p.parallel.metric_entry


def sentence_metric(p: Phrase, ctx: SentenceContext) -> None:
    """The one metric a sentence names holds for its changes that name none ("improves
    accuracy on A, with gains of 3.1% on B and 2.4% on C"). Only for changes: for scores
    it linked too many numbers of other quantities on the held-out golden half (value
    precision 0.93 -> 0.89), for changes it lifted both halves."""
    if p.metric is not None or not ctx.metric_spans or p.kind != "delta":
        return
    if ctx.rx("CHANGE_OF_NOUN").search(p.clause_left[-_RIGHT_REACH:]):
        return  # "reduction in power and area by 5.02x": it says what it changes
    spans = ctx.metric_spans
    if p.first.physical is not None:
        # "a PSNR of 28.66 dB, an SSIM of 0.89 ... a 3.85 dB improvement": the one metric
        # of the sentence written in the change's unit
        spans = [sp for sp in spans if sp[2].unit == p.first.physical]
    names = {e.name for _, _, e in spans}
    if len(names) != 1:
        return
    entry = spans[0][2]
    if p.kind == "delta" and entry.unit != "%" and p.first.unit == "%":
        return  # a relative change of a metric not in % is no value of it
    p.metric, p.entry = entry.name, entry


def _donor(p: Phrase, ctx: SentenceContext) -> Quantity | None:
    g, kind = p.group, p.kind
    donor = next(
        (q for q in reversed(ctx.out) if q.metric and (q.kind == kind or kind == "delta")), None
    )
    if donor is None:
        return None
    # the same unit; "doubling"; or percentage points of a metric written in % or bare
    # ("65.83% mIoU, outperforming RGB baselines by 1.78 points")
    points = g.first.unit == "points" and donor.unit in ("%", None)
    if not (donor.unit == (g.first.unit or None) or g.first.sign == "verb" or points):
        return None
    if g.first.physical is not None and donor.physical != g.first.physical:
        return None  # "an LPIPS of 0.21 ..., a 3.85 dB improvement": not a value of LPIPS
    between = ctx.text[donor.end - ctx.base : g.start - ctx.base]
    if g.first.unit is None and not ctx.rx("DONOR_JOIN").search(between):
        return None  # "0.943 AUC-ROC on 77 real events": a count, no list item
    if kind == "delta" and ctx.rx("CHANGE_OF_NOUN").search(between):
        return None  # "throughput up to 4.64x, and reduction in power by 5.02x"
    if kind == "delta" and donor.metric_entry is None and ctx.rx("OWN_BY_NOUN").search(between):
        # "improves local detail by 1.6% and overall score by 0.53%": a name read from the
        # first change's words is not the next one's (a registry metric still is: "accuracy
        # by 3% over X and by 2% over Y", "outperforms X by 3% and Y by 2%")
        return None
    # where this number's phrase starts: after the last comma or semicolon before it
    own = g.start - len(p.left) + max(p.left.rfind(","), p.left.rfind(";"), 0)
    for q in reversed(ctx.out):  # another metric in between ends the list
        if q.start < donor.end:
            break
        if q.start < g.start and q.metric not in (None, donor.metric):
            return None
    # another metric named in its own phrase: "MSE of 467, and a Spearman rank ... of 0.34"
    lo = bisect_left(ctx.metric_starts, max(donor.end, own))
    hi = bisect_left(ctx.metric_starts, g.start)
    if any(e.name != donor.metric for _, _, e in ctx.metric_spans[lo:hi]):
        return None
    return donor


def _parallel_pair(p: Phrase, ctx: SentenceContext) -> Quantity | None:
    """An earlier from->to pair of the sentence that this one repeats for another setting:
    "reduces ADE from 0.47 to 0.26 and miss rate from 8.30% to 6.40% under three cameras,
    and from 0.54 to 0.26 and 10.13% to 5.99% under eight" - the latest earlier pair with a
    metric, the same unit and the same direction of change, when nothing names what this
    pair measures."""
    g = p.group
    if g.shape != "from_to" or not ctx.rx("OPENS_PHRASE").search(p.left):
        return None
    a, b = g.members[0], g.members[-1]
    for q in reversed(ctx.out):
        if (
            q.from_value is not None
            and q.to_value is not None
            and q.metric is not None
            and q.unit == a.unit
            and (q.to_value > q.from_value) == (b.value > a.value)
        ):
            return q
    return None
