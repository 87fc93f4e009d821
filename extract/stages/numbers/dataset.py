"""Passes that attach the dataset (and split) a number was measured on: lists paired in
order ("on A and B, respectively", or two lists of equal length), the dataset of the number's
own clause, a sentence-opening frame ("On COCO, ..."), and the one evaluation dataset of the
abstract when the sentence names none."""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right

import regex

from extract.nlp import Tools
from extract.rules import fold
from extract.stages import Found, Mention, PaperDoc
from extract.stages.numbers.record import (
    CONTEXT_WINDOW,
    LEFT_WINDOW,
    Group,
    MetricSpan,
    Phrase,
    SentenceContext,
    grammar,
    label_rule,
)


def _own_place(ctx: SentenceContext, start: int, end: int) -> bool:
    """The phrase around a number (to the commas either side) says where it was measured."""
    text = ctx.text
    floor = max(0, start - CONTEXT_WINDOW)
    lo = max(text.rfind(",", floor, start), text.rfind(";", floor, start), floor - 1) + 1
    hi = min(
        (i for i in (text.find(",", start, end), text.find(";", start, end)) if i >= 0), default=end
    )
    return bool(ctx.rx("PLACE").search(text[lo:hi]))


def _fenced(ctx: SentenceContext, gap: str) -> bool:
    """A clause break, or a second predicate ("by 6% in MSE and ranking first in X")."""
    return bool(ctx.rx("BREAK").search(gap) or ctx.rx("NEW_PREDICATE").search(gap))


def _heads_list(ctx: SentenceContext, m: Mention) -> bool:
    """The dataset is the first of a list of datasets ("AIME 2024 and 2025, MATH500, ...")."""
    i = bisect_left(ctx.dataset_starts, m.end)
    after = next((n for n in ctx.datasets[i:] if n.name != m.name), None)
    if after is None:
        return False
    return bool(
        ctx.rx("DATASET_LIST_GAP").match(ctx.text[m.end - ctx.base : after.start - ctx.base])
    )


def _ends_list(ctx: SentenceContext, m: Mention) -> bool:
    """The dataset is the last of a list of datasets ("on A, B, and C")."""
    i = bisect_left(ctx.dataset_starts, m.start)
    before = next((n for n in reversed(ctx.datasets[:i]) if n.name != m.name), None)
    if before is None or before.end > m.start:
        return False
    return bool(
        ctx.rx("DATASET_LIST_GAP").match(ctx.text[before.end - ctx.base : m.start - ctx.base])
    )


def _in_parentheses(ctx: SentenceContext, g: Group, left: list[Mention]) -> Mention | None:
    """A number in parentheses belongs to the name right before them ("BRATS (with 0.4%)")."""
    text, base = ctx.text, ctx.base
    lo = max(0, g.start - base - LEFT_WINDOW)
    paren = ctx.rx("PAREN_OPEN").search(text[lo : g.start - base])
    if paren is None or not left:
        return None
    opened = lo + paren.start()
    if left[-1].end - base <= opened and not ctx.rx("BREAK").search(
        text[left[-1].end - base : opened]
    ):
        return left[-1]
    return None


def _next_stop(ctx: SentenceContext, g: Group) -> int:
    """Where the next number starts; a parenthetical right after the group ("84.6% (+21.4%)
    on X") does not fence it off."""
    aside, text, base = ctx.rx("PAREN_ASIDE"), ctx.text, ctx.base
    for s in ctx.stops[bisect_right(ctx.stops, g.end) :]:  # in text order
        if not aside.search(text[max(0, s - base - LEFT_WINDOW) : s - base]):
            return s
    return 10**9


def _the_one_dataset(ctx: SentenceContext, g: Group, nxt: int) -> bool:
    """The sentence names one dataset, not as training data, and the number's own phrase
    does not say it was measured elsewhere ("63.8% on offline benchmarks")."""
    mentions, text, base = ctx.datasets, ctx.text, ctx.base
    return (
        len({m.name for m in mentions}) == 1
        and not ctx.rx("TRAINED_ON").search(
            text[max(0, mentions[0].start - base - LEFT_WINDOW) : mentions[0].start - base]
        )
        and not _own_place(ctx, g.start - base, min(nxt, base + len(text)) - base)
    )


def _opening_frame(ctx: SentenceContext, g: Group, left: list[Mention]) -> Mention | None:
    """The dataset the sentence or clause opens with ("On the X benchmark, ..."), when it is
    one dataset and no semicolon or other place intervenes."""
    text, base = ctx.text, ctx.base
    # an opening frame stands at the start of the number's clause after a colon or
    # semicolon ("Results show gains: on A, ...; on B, ..."), else of the sentence
    opens = max(text.rfind(":", 0, g.start - base), text.rfind(";", 0, g.start - base)) + 1
    in_clause = [m for m in left if m.start - base >= opens]
    if not in_clause:
        opens = 0
    for m in in_clause or left:
        if m.start - base - opens > CONTEXT_WINDOW:
            break
        if ctx.rx("OPENING_FRAME").match(text[opens : m.start - base]):
            between = text[m.end - base : g.start - base]
            if (
                ";" not in between
                and not ctx.rx("OTHER_PLACE").search(between)
                and not (_heads_list(ctx, m) or _ends_list(ctx, m))
            ):
                return m
            break
    return None


def nearest(ctx: SentenceContext, g: Group) -> Mention | None:
    """The dataset a group is reported on, read within its clause: in parentheses after a
    name; else the first mention after it before the next number with no break between
    ("79.15% accuracy on CIFAR-100"); else the last mention before it in the clause, or a
    sentence-opening frame; else the sentence's one dataset."""
    mentions, text, base = ctx.datasets, ctx.text, ctx.base
    left = mentions[: bisect_left(ctx.dataset_starts, g.start)]
    if (inside := _in_parentheses(ctx, g, left)) is not None:
        return inside
    nxt = _next_stop(ctx, g)
    right = mentions[bisect_left(ctx.dataset_starts, g.end) : bisect_left(ctx.dataset_starts, nxt)]
    if right and not _fenced(ctx, text[g.end - base : right[0].start - base]):
        # "by up to 181% on benchmarks such as A, B and C": no one dataset for the number.
        return None if _heads_list(ctx, right[0]) else right[0]
    one = _the_one_dataset(ctx, g, nxt)
    if left:
        gap = text[left[-1].end - base : g.start - base]
        if not ctx.rx("BREAK").search(gap) or ctx.rx("PARTICIPLE_GAP").match(gap):
            # "Experiments on A, B, and C show that X reduces usage by 87.6%": not C alone
            return None if _ends_list(ctx, left[-1]) else left[-1]
        if (frame := _opening_frame(ctx, g, left)) is not None:
            return frame
        if one and ";" not in gap:
            return left[-1]  # the one dataset of the sentence, named before its numbers
    later = mentions[bisect_left(ctx.dataset_starts, g.end) :]
    if one and later and not _fenced(ctx, text[g.end - base : later[0].start - base]):
        return later[0]
    return None


def _alone_after(ctx: SentenceContext, near: Mention | None, g: Group) -> bool:
    """The dataset follows the numbers and is not the head of a list of datasets:
    "4.41%, 2.04% and 2.01% on the IRSTD-1k subset"."""
    if near is None or near.start < g.end:
        return False
    after = ctx.datasets[bisect_right(ctx.dataset_starts, near.start) :]
    gap = ctx.text[near.end - ctx.base : after[0].start - ctx.base] if after else ""
    return not (after and ctx.rx("LIST_GAP").match(gap))


def evaluation_frame(doc: PaperDoc, found: Found, tools: Tools) -> Mention | None:
    """The abstract's one evaluation dataset ("We evaluate on LVIS. ... Our detector reaches
    18.2 mask AP_r"): its only dataset, when it names exactly one and not as training data
    or as a metric-like name."""
    abstract = doc.abstract
    rules = tools.rules
    trained_on = grammar(tools, "TRAINED_ON")
    names: dict[str, Mention] = {}
    for m in found.benchmark_mentions:
        if m.field != abstract.name:
            continue
        key = fold(m.name)
        if key in rules.metric_by_key and key not in rules.benchmark_by_key:
            continue
        if trained_on.search(abstract.clean[max(0, m.start - LEFT_WINDOW) : m.start]):
            return None  # a dataset named as training data: evaluation data unclear
        names.setdefault(m.name, m)
    if len(names) != 1:
        return None
    frame = next(iter(names.values()))
    sent = abstract.sentence_at(frame.start)
    before = abstract.clean[sent.start_char : frame.start]
    return frame if grammar(tools, "EVAL_FRAME").search(before) else None


def _framed(p: Phrase, ctx: SentenceContext) -> Mention | None:
    """The evaluation frame set earlier holds for a measured number in a sentence that names
    no dataset, unless the number's own phrase says where it was measured."""
    frame, g = ctx.frame, p.group
    if frame is None or ctx.datasets or p.metric is None:
        return None
    if frame.field != ctx.fdoc.name or frame.start >= g.start:
        return None
    if _own_place(ctx, g.start - ctx.base, g.end - ctx.base):
        return None
    return frame


def _aside(p: Phrase, ctx: SentenceContext) -> Mention | None:
    """A number in parentheses right after a score is measured where the score was:
    "reaching 82.18% accuracy (+16.41% over AIDE)" on the benchmark of the 82.18%."""
    prev = ctx.prev
    if prev is None or prev.dataset is None or prev.fdoc is not ctx.fdoc:
        return None
    gap = ctx.text[prev.end - ctx.base : p.group.start - ctx.base]
    if not ctx.rx("ASIDE_AFTER_SCORE").match(gap):
        return None
    return next((m for m in ctx.datasets if m.name == prev.dataset), None)


def _resolution(p: Phrase, ctx: SentenceContext) -> str | None:
    """A resolution stated with the number or right after its dataset: ImageNet at 256×256
    and at 512×512 are different boards, so it becomes the split."""
    hit = ctx.rx("RESOLUTION_SPLIT_AFTER").match(p.right)
    if hit is None and p.near is not None and p.near.field == ctx.fdoc.name:
        text = ctx.fdoc.clean
        hit = ctx.rx("RESOLUTION_SPLIT_DATASET").match(text, p.near.end)
    return f"{hit.group('w')}×{hit.group('h')}" if hit else None


def attach_dataset(p: Phrase, ctx: SentenceContext) -> None:
    g = p.group
    p.near = nearest(ctx, g) or _aside(p, ctx) or _framed(p, ctx)
    if p.near is not None and p.near.split is None:
        p.resolution = _resolution(p, ctx)
    # "76.43%, 83.00% and 89.22% on (EAV, FACED and SEED), respectively" with a name the
    # registry misses: the list cannot be paired, and no one dataset holds for all items.
    p.unpaired = (
        len(g.members) > 1
        and ctx.respectively
        and not any(id(n) in ctx.resp_datasets for n in g.members)
        and len({m.name for m in ctx.datasets}) > 1
        and not _alone_after(ctx, p.near, g)
    )


def split_of(p: Phrase, ds: Mention | None) -> str | None:
    if ds is None:
        return None
    return ds.split or (p.resolution if ds is p.near else None)


def dataset_of(p: Phrase, ctx: SentenceContext, num_id: int) -> Mention | None:
    """The dataset of one member of the group."""
    ds = ctx.resp_datasets.get(num_id) or (None if p.unpaired else p.near)
    if ds is not None and id(ds) in ctx.metric_like:
        return None
    return ds


def _distinct(items: list[Mention]) -> list[Mention]:
    """The first mention of each dataset name, in text order."""
    firsts: dict[str, Mention] = {}
    for m in items:
        firsts.setdefault(m.name, m)
    return list(firsts.values())


def pair_in_order(
    tools: Tools,
    text: str,
    base: int,
    groups: list[Group],
    items: list[Mention],
    spans: list[MetricSpan],
) -> dict[int, Mention]:
    """'X and Y ... on A and B, respectively': pair group members with items in order."""
    names = _distinct(items)
    if not names:
        return {}
    if not label_rule(tools, "RESPECTIVELY", text):
        return _lists_in_order(tools, text, base, groups, names, items, spans)
    pairs: dict[int, Mention] = {}
    pairs_ft = [g for g in groups if g.shape == "from_to"]
    if len(pairs_ft) == len(names) > 1:
        # "from 80.0% to 0.0% and from 88.6% to 6.8% on A and B, respectively"
        for g, m in zip(pairs_ft, names, strict=True):
            for num in g.members:
                pairs[id(num)] = m
    runs = _dataset_runs(tools, text, base, names)
    for g in groups:
        if g.shape == "from_to" or len(g.members) < 2:
            continue
        # "8.9%, 9.6% and 4.6%, 6.4% ... on A and B, respectively": cycle through A, B.
        if len(g.members) % len(names) == 0:
            for k, num in enumerate(g.members):
                pairs[id(num)] = names[k % len(names)]
        # "sets a new state of the art on A (+5.5%) and gains on B and C (+7.1% and +3%,
        # respectively)": the one list of the sentence with as many names as values
        elif (run := _adjacent_run(text, base, g, runs, names)) is not None:
            pairs.update({id(num): m for num, m in zip(g.members, run, strict=True)})
    return pairs


def respectively_run(tools: Tools, text: str, base: int, items: list[Mention]) -> list[Mention]:
    """The list of datasets a sentence pairs with its values "respectively" ("On GSM8K,
    HumanEval and MedQA, X gains 7.61%, 4.88% and 3.08%, respectively"), for the next
    sentence to reuse; empty when the sentence has no such list."""
    if not label_rule(tools, "RESPECTIVELY", text):
        return []
    runs = [run for run in _dataset_runs(tools, text, base, _distinct(items)) if len(run) > 1]
    return runs[0] if len(runs) == 1 else []


def carried_pairs(groups: list[Group], carried: list[Mention]) -> dict[int, Mention]:
    """A sentence that says "respectively" but names no dataset continues the previous
    sentence's list: "Compared with X, it gains 1.09%, 1.45% and 1.68%, respectively"
    pairs with that list when one group has as many values."""
    fits = [g for g in groups if g.shape != "from_to" and len(g.members) == len(carried)]
    if len(fits) != 1:
        return {}
    return {id(num): m for num, m in zip(fits[0].members, carried, strict=True)}


def _adjacent_run(
    text: str, base: int, g: Group, runs: list[list[Mention]], names: list[Mention]
) -> list[Mention] | None:
    """The list of as many datasets as the group has values, next to the group: no other
    dataset and no semicolon between them."""
    for run in runs:
        if len(run) != len(g.members):
            continue
        lo, hi = (run[-1].end, g.start) if run[-1].end <= g.start else (g.end, run[0].start)
        between = [m for m in names if lo <= m.start < hi]
        if not between and ";" not in text[lo - base : hi - base]:
            return run
    return None


def _dataset_runs(tools: Tools, text: str, base: int, names: list[Mention]) -> list[list[Mention]]:
    """The sentence's dataset names grouped into written lists ("A, B and C")."""
    gap = grammar(tools, "LIST_GAP")
    runs: list[list[Mention]] = []
    for m in names:
        if runs and gap.match(text[runs[-1][-1].end - base : m.start - base]):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def _phrases_in_order(
    tools: Tools, text: str, base: int, groups: list[Group], names: list[Mention]
) -> dict[int, Mention]:
    """'reaching 62.1 AP, 44.0 mAP and 78.5 mIoU on VOC, COCO and Cityscapes': k measured
    phrases written as one coordinated list, right before a list of k datasets, pair in
    order even without "respectively"."""
    k = len(names)
    before = [g for g in groups if g.end <= names[0].start]
    if len(before) < k or any(g.shape != "single" for g in before[-k:]):
        return {}
    chain = before[-k:]
    list_gap, tail = grammar(tools, "PHRASE_LIST_GAP"), grammar(tools, "PHRASE_LIST_TAIL")
    for a, b in itertools.pairwise(chain):
        if not list_gap.match(text[a.end - base : b.start - base]):
            return {}
    if not tail.match(text[chain[-1].end - base : names[0].start - base]):
        return {}
    dataset_gap = grammar(tools, "LIST_GAP")
    for left, right in itertools.pairwise(names):
        if not dataset_gap.match(text[left.end - base : right.start - base]):
            return {}
    return {id(g.first): m for g, m in zip(chain, names, strict=True)}


def _lists_in_order(
    tools: Tools,
    text: str,
    base: int,
    groups: list[Group],
    names: list[Mention],
    items: list[Mention],
    spans: list[MetricSpan],
) -> dict[int, Mention]:
    """'On A, B and C it shows 2.08%, 2.23% and 3.99% improvements': without "respectively",
    a list of k numbers pairs with a list of k datasets in order when the sentence holds
    one such list of numbers, the datasets are written as one list, each named once, and no
    clause break separates the two lists."""
    if (
        len(names) >= 2
        and len(items) == len(names)
        and (pairs := _phrases_in_order(tools, text, base, groups, names))
    ):
        return pairs
    list_gap = grammar(tools, "LIST_GAP")
    if len(names) < 2 or len(items) != len(names) or _metric_list(list_gap, text, base, spans):
        return {}  # "7.5% and 4.3% in AbsRel and RMSE for A and B": the list pairs metrics
    # "accuracies of 90.2% and 93.9% (macro F1 of 0.913 and 0.948)" on A and B: every list
    # of the sentence has one item per dataset
    lists = [g for g in groups if len(g.members) > 1]
    if not lists or any(len(g.members) != len(names) or g.shape != "list" for g in lists):
        return {}
    for a, b in itertools.pairwise(items):
        if not list_gap.match(text[a.end - base : b.start - base]):
            return {}
    lo, hi = min(lists[0].start, items[0].start), max(lists[-1].end, items[-1].end)
    if any(c in text[lo - base : hi - base] for c in ";:"):
        return {}
    return {id(num): m for g in lists for num, m in zip(g.members, names, strict=True)}


def _metric_list(
    list_gap: regex.Pattern[str], text: str, base: int, spans: list[MetricSpan]
) -> bool:
    """The sentence names different metrics as one list ("in AbsRel and RMSE")."""
    return any(
        a[2].name != b[2].name and list_gap.match(text[a[1] - base : b[0] - base])
        for a, b in itertools.pairwise(spans)
    )
