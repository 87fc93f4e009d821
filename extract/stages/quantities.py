"""The number grammar: every number in a sentence, classified and tied to its context.

Numbers are read over characters, not tokens (`~3.2%`, `+6.5`, `3.0% to 4.6%`, `10times`,
`2x`), grouped into ranges ("10% to 30%", "6%-44%"), from->to pairs and lists ("79.15% and
71.14%"), then classified from their context (rules/patterns/numbers.jsonl): a *score*
(becomes a Result), a *change* (becomes an Improvement when it is a gain), or something
that is neither (counts, sizes, budgets, statistics, years, settings). Metric, dataset,
model, baseline and qualifier are linked within the clause; "respectively" pairs lists.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Literal

import regex

from extract.nlp import FieldDoc, Sentence, Tools
from extract.rules import MetricEntry, fold
from extract.stages import Found, Mention, PaperDoc

NumberKind = Literal["score", "delta", "skip"]

_NUMBER = regex.compile(
    r"""(?:(?<![\p{L}\p{N}_.\-/^@#:])|(?<=[\p{N}%][-–—]))   # "86-94%": the dash of a range
    (?P<sign>[+±\-](?=\d))?
    (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d*\.\d+|\d+)
    (?:\s?(?:±|\+/-)\s?\d+(?:\.\d+)?(?=\s?%))?   # "81.2 ± 0.3%": the unit is after the spread
    (?:(?P<unit>\s?%|\s?percent\b|\s?pp\b|\s?percentage\ points?\b|\s?points?\b|\s?pts\b
        |\s?×|[xX](?![\p{L}\p{N}])|\s?times\b|-?fold\b)
       |(?![\p{L}\p{N}]|\.\d))""",
    regex.VERBOSE,
)
_RANGE_GAP = regex.compile(
    r"^\s*(?:to(?:\s+(?:near(?:ly)?|almost|about|around|approximately|roughly|only|just))?"
    r"|-|–|—|~|∼)\s*$"
)
_LIST_GAP = regex.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and|or|/|vs\.?|versus)\s*$")
_FROM = regex.compile(r"(?i)\bfrom\s*(?:an?\s+|the\s+)?(?:~|about|around|approximately|only\s+)?$")
_CLAUSE_BREAK = regex.compile(r"[;]|\s(?:while|whereas|but)\s")
_BASELINE_LEFT = regex.compile(
    r"(?i)\b(?:outperform\w*|surpass\w*|beat\w*|exceed\w*|improv\w* (?:up)?on|better than|"
    r"over|than|compared (?:to|with)|against|relative to|versus|vs\.?)\s+(?P<b>[^,;:()]{2,80}?)"
    r"\s+(?:by|with|in|on|across|at|for|under|$)"
)
_BASELINE_RIGHT = regex.compile(
    r"(?i)^[^;]{0,60}?\b(?:over|than|compared (?:to|with)|against|relative to|versus|vs\.?)\s+"
    r"(?P<b>(?:the\s+)?[^,;:()]{2,60}?)(?=\s*(?:[,;.:()]|\s(?:on|in|at|for|across|under|and|with|by|while)\s|$))"
)
_LOWER = regex.compile(
    r"(?i)^\s*(?:%|points?|pp)?\s*(?:lower|less|fewer|reduction|decrease|reduced)\b"
)
_SPEED = regex.compile(
    r"(?i)^\s*(?:×|x|X|times|-?fold)?\s*(?:faster|speed-?ups?|acceleration|quicker)"
)


@dataclass
class Number:
    value: float
    decimals: int
    unit: str | None  # "%", "x", "points" or None
    start: int  # clean offsets of the whole number surface
    end: int
    sign: str | None = None


@dataclass
class Quantity:
    """A classified number (or range / from->to pair) with everything linked to it."""

    kind: NumberKind
    value: float
    unit: str | None
    fdoc: FieldDoc
    sent: Sentence
    start: int
    end: int
    rule_id: str
    value_max: float | None = None
    from_value: float | None = None
    to_value: float | None = None
    decimals: int = 0
    metric: str | None = None
    metric_entry: MetricEntry | None = None
    dataset: str | None = None
    split: str | None = None
    model: str | None = None
    baseline: str | None = None
    qualifier: str | None = None
    efficiency: bool = False
    gain: bool = True
    extra_results: list[tuple[float, int, int]] = field(default_factory=list)
    # metrics named together before a single value: "an accuracy and F1-score of 97.8%"
    co_metrics: list[tuple[str, MetricEntry]] = field(default_factory=list)


def _unit(raw: str | None) -> str | None:
    if not raw:
        return None
    raw = raw.strip().lower()
    if raw in ("%", "percent"):
        return "%"
    if raw in ("×", "x", "times", "fold", "-fold"):
        return "x"
    return "points"


_WORD_TIMES = regex.compile(
    r"(?i)\b(?:(?P<double>twice|doubl(?:ed|ing)|doubles(?=\s+(?:the|its|their))|twofold)"
    r"|(?P<triple>tripl(?:ed|ing)|threefold)"
    r"|(?P<quad>quadrupl(?:ed|ing)|fourfold)"
    r"|(?:a |one )?(?P<word>two|three|four|five|six|seven|eight|nine|ten|hundred|thousand)"
    r"\s+times)\b"
)
_WORD_HINTS = ("twice", "doubl", "tripl", "quadrupl", "fold", "times")
_WORD_VALUE = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "hundred": 100,
    "thousand": 1000,
}


def _word_numbers(text: str, offset: int) -> list[Number]:
    """Exact multipliers written as words: doubling (2x), three times (3x), a hundred times."""
    low = text.lower()
    if not any(hint in low for hint in _WORD_HINTS):
        return []  # most sentences have none: skip the regex
    out = []
    for m in _WORD_TIMES.finditer(text):
        if m.group("double"):
            value = 2.0
        elif m.group("triple"):
            value = 3.0
        elif m.group("quad"):
            value = 4.0
        else:
            value = float(_WORD_VALUE[m.group("word").lower()])
        # "doubling" is a change itself; "threefold" and "three times" only with a change
        # word ("a threefold speedup"): "our contributions are threefold" is no number.
        folded = m.group().lower().endswith("fold")
        sign = "times" if m.group("word") or folded else "verb"
        out.append(Number(value, 0, "x", offset + m.start(), offset + m.end(), sign=sign))
    return out


def _numbers(text: str, offset: int) -> list[Number]:
    out = _word_numbers(text, offset)
    for m in _NUMBER.finditer(text):
        digits = m.group("num").replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            continue
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        sign = m.group("sign")
        if sign == "-":
            value = -value
        elif sign == "±":
            continue  # a spread, not a value
        out.append(
            Number(
                value, decimals, _unit(m.group("unit")), offset + m.start(), offset + m.end(), sign
            )
        )
    return sorted(out, key=lambda n: n.start)


# Left-context rules are anchored at the number ("...$"); they only need its last words,
# and searching a long clause for an end-anchored pattern costs a try at every position.
_LEFT_WINDOW = 120


def _label(tools: Tools, label: str, text: str) -> str | None:
    """The id of the first rule with `label` whose regex matches `text`, else None."""
    if label.endswith("_BEFORE") or label.startswith("Q_"):
        text = text[-_LEFT_WINDOW:]
    for rule, _ in tools.by_label["numbers"].get(label, ()):
        if tools.searchers[rule.id].search(text):
            return rule.id
    return None


@dataclass
class _Group:
    """Numbers read together: a list "A and B", a range "A to B" or a pair "from A to B"."""

    members: list[Number]
    shape: Literal["single", "list", "range", "from_to"] = "single"

    @property
    def start(self) -> int:
        return self.members[0].start

    @property
    def end(self) -> int:
        return self.members[-1].end


def _group(numbers: list[Number], text: str, base: int) -> list[_Group]:
    groups: list[_Group] = []
    for num in numbers:
        prev = groups[-1] if groups else None
        if prev is not None:
            gap = text[prev.end - base : num.start - base]
            last = prev.members[-1]
            same_unit = last.unit == num.unit or last.unit is None
            before = text[: prev.start - base]
            if (
                prev.shape == "single"
                and same_unit
                and (_RANGE_GAP.match(gap) or (num.sign == "-" and not gap.strip()))
            ):
                if num.sign == "-":
                    num.value = -num.value
                last.unit = last.unit or num.unit
                prev.members.append(num)
                after_pair = len(groups) > 1 and groups[-2].shape == "from_to"
                is_pair = (_FROM.search(before) or after_pair) and "to" in gap
                prev.shape = "from_to" if is_pair else "range"
                continue
            if prev.shape in ("single", "list") and _LIST_GAP.match(gap) and last.unit == num.unit:
                prev.members.append(num)
                prev.shape = "list"
                continue
            # "1.0, 1.3 and 2.5 percentage points": a unit written once, after the last item
            # of a list of bare numbers with as many decimals.
            if (
                prev.shape == "list"
                and num.unit is not None
                and _LIST_GAP.match(gap)
                and all(m.unit is None and m.decimals == num.decimals for m in prev.members)
            ):
                for m in prev.members:
                    m.unit = num.unit
                prev.members.append(num)
                continue
        groups.append(_Group([num]))
    return groups


def _metric_spans(
    tools: Tools, fdoc: FieldDoc, sent: Sentence
) -> list[tuple[int, int, MetricEntry]]:
    words, starts = fdoc.tokens, fdoc.starts
    spans = [
        (starts[m.start], starts[m.end - 1] + len(words[m.end - 1]), m.entry)
        for m in tools.metrics.find(fdoc, sent)
    ]
    # "ADE@3s", "Hit@20": a registry metric at a cut-off the registry does not list is that
    # metric at that cut-off, named as written.
    for m in _AT_K.finditer(sent.text):
        start = sent.start_char + m.start()
        if any(s <= start < e for s, e, _ in spans):
            continue
        for entry, _surface in tools.rules.metric_by_key.get(fold(m.group("base")), ()):
            named = entry.model_copy(update={"name": m.group()})
            spans.append((start, sent.start_char + m.end(), named))
            break
    # "KV-cache compression method", "the latency baseline": a metric word that modifies a
    # method noun (directly or through one more word) names no measurement.
    text, base = sent.text, sent.start_char
    spans = [sp for sp in spans if not _MODIFIES_METHOD.match(text, sp[1] - base)]
    return sorted(spans, key=lambda s: s[0])


_MODIFIES_METHOD = regex.compile(
    r"(?:[\s-]+(?!(?:of|on|in|for|at|the|an?|by|and|or|to|with|from|than|over|is|are|was|were|"
    r"across|among|between|against|under|per|via|using|versus|vs|as|when|after|before|during|"
    r"within|without|into|through|compared|relative|its|their|our|these|those|all|both)\b)"
    r"\p{L}[\p{L}\-]*)?\s+(?:methods?|approach(?:es)?|baselines?|models?|frameworks?|"
    r"techniques?|schemes?|algorithms?|modules?|strateg(?:y|ies)|pipelines?|networks?)\b"
)
_AT_K = regex.compile(r"(?<![\w@])(?P<base>[A-Za-z][\w-]*)@(?P<k>[\w.]+)(?![\w@])")
_METRIC_RIGHT_GAP = regex.compile(
    r"(?i)^\s*(?:\)\s*)?(?:(?:absolute|relative|average|mean|overall|higher|better|more|lower|"
    r"improvements?|gains?|increases?|boosts?|points?|in terms of|in|of|on|the|top|reduction|"
    r"decrease|respective|respectively|zero-shot|transfer|classification|detection|"
    r"segmentation)\s+)*$"
)
_METRIC_LEFT_GAP = regex.compile(
    r"(?i)^\s*(?:s\b)?(?:\([^)]{0,40}\)\s*)?(?:(?:of|at|is|was|are|were|reaches|reached|reaching|"
    r"achieves|achieved|attains|scores?|coefficients?|by|from|to|=|:|\(|an?|the|up to|about|"
    r"around|over|"
    r"approximately|nearly|more than|at least|~|≈|>|<|improves?|improved|increases?|"
    r"increased|boosts?|raises?|of up to|\w+ly)\s*)*$"
)


# A metric the registry does not know, named by its head noun: "100% structured parse rate",
# "the inconsistency rate from 24.5%". Kept as written, lower-cased.
_FREE_RIGHT = regex.compile(
    # a comparative before the name: "10x higher PII recovery rates"
    r"^\s*(?:(?:higher|lower|better|greater|more|fewer|less|in)\s+)?"
    r"(?!(?:in|on|of|and|or|for|at|with|the|an?|to|by|from|than|its|our|their)\b)"
    r"(?P<m>(?:(?:[a-z][a-z-]*|[A-Z]{2,5})\s+){0,2}(?:rate|accuracy|score|error|ratio)s?)\b"
    r"(?!\s+(?:of|for)\b)"
)
_FREE_LEFT = regex.compile(
    r"(?:^|\b(?:the|an?|its|our|their|improving|improves|improve|increasing|increases|"
    r"reducing|reduces|reduce|boosting|boosts|lowering|lowers)\s+)"
    r"(?P<m>(?:(?!(?:the|an?|its|our|their)\b)[a-z][a-z-]*\s+){0,2}(?:rate|accuracy|score|error)s?)"
    r"\s+(?:of|from|is|was|at|by|reached|reaches|=|:)\s*(?:an?\s+|\+|~)?$"
)
_GENERIC_HEAD = frozenset({"rate", "score", "ratio", "error", "accuracy", "learning rate"})


def _co_metrics(
    group: _Group,
    spans: list[tuple[int, int, MetricEntry]],
    metric: str | None,
    text: str,
    base: int,
) -> list[tuple[str, MetricEntry]]:
    """Metrics listed with the left-linked metric of a single value, the list closed by
    "and": "each with an accuracy and F1-score of 97.8%", "accuracy, precision, and recall
    reaching 100%" report the value on each. Not a metric that is itself the metric of an
    earlier number ("89.0% accuracy and an F1 score of 88.96%")."""
    if metric is None or group.shape != "single":
        return []
    left = [sp for sp in spans if sp[1] <= group.start]
    if len(left) < 2 or left[-1][2].name != metric:
        return []
    if _SLASH_NEXT.match(text, group.end - base):
        return []  # "accuracy and F1 ... 95.1% / 0.918": the values pair one by one
    unit = left[-1][2].unit
    out: list[tuple[int, str, MetricEntry]] = []
    for k in range(len(left) - 2, -1, -1):
        s, e, entry = left[k]
        join = text[e - base : left[k + 1][0] - base]
        if not (_METRIC_AND if k == len(left) - 2 else _METRIC_COMMA).match(join):
            break
        if entry.name == metric or entry.unit != unit or any(entry.name == n for _, n, _ in out):
            break  # "accuracy and speed (0.3 sec)": a value in one unit is not both
        out.insert(0, (s, entry.name, entry))
    while out and _AFTER_NUMBER.search(text[: out[0][0] - base]):
        out.pop(0)  # "89.0% accuracy and ...": that metric belongs to the number before it
    return [(n, entry) for _, n, entry in out]


_METRIC_AND = regex.compile(r"^\s*,?\s*and\s+(?:the\s+|an?\s+)?$")
_METRIC_COMMA = regex.compile(r"^\s*,\s*(?:the\s+|an?\s+)?$")
_AFTER_NUMBER = regex.compile(r"\d\s*(?:%|percent|\\%)?\s*(?:[\p{L}-]+\s+){0,2}$")
_SLASH_NEXT = regex.compile(r"\s*(?:%|\\%)?\s*/\s*\d")


def _metric_for(
    group: _Group, spans: list[tuple[int, int, MetricEntry]], text: str, base: int
) -> tuple[str | None, MetricEntry | None, int | None]:
    """The metric named with a group, and where it ends (to read "GFLOPs reduction")."""
    # Right: "85.3% top-1 accuracy", "by 1.9 and 1.1 mIoU points".
    for s, e, entry in spans:
        if s >= group.end and _METRIC_RIGHT_GAP.match(text[group.end - base : s - base]):
            return entry.name, entry, e
    # Left: "accuracy of 98.9%", "improves the accuracy of ResNet-50 from 76.98% to ...".
    bare = group.members[0].unit is None
    for _s, e, entry in reversed(spans):
        if e <= group.start:
            gap = text[e - base : group.start - base]
            gap = gap[1:] if gap.startswith(")") else gap  # "Intersection-over-union (IoU)"
            # an aside right after the metric does not count: "ROUGE (phrase overlap) rises by"
            if len(_PAREN_HEAD.sub("", gap)) <= 40 and (
                _METRIC_LEFT_GAP.match(gap) or (not bare and _plain_gap(gap))
            ):
                return entry.name, entry, None
            break
    if not bare:
        right = _FREE_RIGHT.match(text[group.end - base :])
        if right and _singular(right.group("m").strip()) not in _GENERIC_HEAD:
            return _singular(right.group("m").strip()), None, None
        left = _FREE_LEFT.search(text[: group.start - base])
        if left and _singular(left.group("m").strip()) not in _GENERIC_HEAD:
            return _singular(left.group("m").strip()), None, None
    return None, None, None


def _singular(name: str) -> str:
    return name[:-1] if name.endswith(("rates", "scores", "errors", "ratios")) else name


_DELTA_WORD = regex.compile(
    r"(?i)^\s*(?:points?\s+)?(?P<w>improvements?|gains?|increases?|boosts?|higher|better|"
    r"reductions?|decreases?|lower|drops?|degradation|declines?)\b"
)
_MEASURE_UNIT = regex.compile(r"^\s*(?:mm|cm|m|km|nm|µm|ms|s|sec|dB|Hz|kHz|GB|MB|px|pixels?|°)\b")
# A bare number right after a capitalised word is a version or model number.
_NAME_BEFORE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:\p{Lu}[\p{L}\p{N}\-]*|[\p{L}]+\p{Lu}[\p{L}\p{N}]*)\s$"
)
_WORDS = regex.compile(r"(?:\p{N}+(?=\p{L}))?[\p{L}][\p{L}\p{N}\-]*")  # "models", "3D", "2D"
_PLAIN_GAP = regex.compile(r"^[^,;:.\d%]{0,40}$")
_NUM_WORD = regex.compile(r"(?<![\p{L}\p{N}])\d")


def _plain_gap(gap: str) -> bool:
    """A short gap with no clause break and no other number: 'accuracy of Resnet50 from'."""
    return bool(_PLAIN_GAP.match(_WORDS.sub("w", gap)))


def _mentions_in(mentions: list[Mention], fdoc: FieldDoc, sent: Sentence) -> list[Mention]:
    inside = [
        m
        for m in mentions
        if m.field == fdoc.name and sent.start_char <= m.start and m.end <= sent.end_char
    ]
    return sorted(inside, key=lambda m: m.start)  # in text order, for lists paired in order


def _nearest(
    mentions: list[Mention], group: _Group, text: str, base: int, stops: list[int]
) -> Mention | None:
    """The dataset a group is reported on, read within its clause:
    - a number in parentheses belongs to the name right before them ("BRATS (with 0.4%)");
    - else the first mention after it, before the next number, with no comma or clause break
      between ("79.15% accuracy on CIFAR-100"; "...by 1.4 AP points under ATSS on COCO");
    - else the last mention before it in the same clause, or a sentence-opening frame
      ("On the COCO benchmark, we achieve 40.8 novel AP")."""
    before = text[: group.start - base]
    paren = _PAREN_OPEN.search(before)
    left = [m for m in mentions if m.end <= group.start]
    if (
        paren
        and left
        and left[-1].end - base <= paren.start()
        and not _BREAK.search(text[left[-1].end - base : paren.start()])
    ):
        return left[-1]
    # A parenthetical right after the group ("84.6% (+21.4%) on X") does not fence it off.
    nxt = min(
        (s for s in stops if s > group.end and not _PAREN_ASIDE.search(text[: s - base])),
        default=10**9,
    )
    right = [m for m in mentions if group.end <= m.start < nxt]
    if right and not _fenced(text[group.end - base : right[0].start - base]):
        # "by up to 181% on benchmarks such as HPS-v2.1, CLIP Score and GenEval": a list of
        # datasets that no list of numbers pairs with names no one dataset for the number.
        return None if _heads_list(right[0], mentions, text, base) else right[0]
    # Beyond the clause, only the one dataset of the sentence, and not one named as the data
    # a model was trained on ("models trained on OpenWebMath ..., improving accuracy by 7.6%").
    # Nor when the number's own phrase says where it was measured ("63.8% on offline
    # benchmarks and 55.8% on RVS"), nor across a semicolon ("on CIFAR-10, ... 82.9%; ...;
    # and on CIC-IDS2017, it achieves 91.9%").
    one = (
        len({m.name for m in mentions}) == 1
        and not _TRAINED_ON.search(text[: mentions[0].start - base][-_LEFT_WINDOW:])
        and not _own_place(text, group.start - base, min(nxt, base + len(text)) - base)
    )
    if left:
        gap = text[left[-1].end - base : group.start - base]
        if not _BREAK.search(gap):
            # "Experiments on A, B, and C show that X reduces usage by 87.6%": not C alone
            return None if _ends_list(left[-1], mentions, text, base) else left[-1]
        # "On the Four-OOD benchmark with ImageNet-1K as ID, X reduces FPR95 ...": the
        # dataset the sentence opens with, when it is one dataset and no semicolon intervenes.
        for m in left:
            if _OPENING_FRAME.match(text[: m.start - base]):
                between = text[m.end - base : group.start - base]
                if (
                    ";" not in between
                    and not _OTHER_PLACE.search(between)
                    and not (
                        _heads_list(m, mentions, text, base) or _ends_list(m, mentions, text, base)
                    )
                ):
                    return m
                break
        if one and ";" not in gap:
            return left[-1]  # the one dataset of the sentence, named before its numbers
    # The one dataset of the sentence, named after further numbers in the same clause.
    later = [m for m in mentions if m.start >= group.end]
    if one and later and not _fenced(text[group.end - base : later[0].start - base]):
        return later[0]
    return None


# "On the Synapse dataset, ... 86.11%, and on the ACDC dataset, it reaches 92.64%": the
# sentence moved on to another named place.
_OTHER_PLACE = regex.compile(r"\b(?:on|in|for)\s+(?:the\s+)?\p{Lu}")


def _heads_list(m: Mention, mentions: list[Mention], text: str, base: int) -> bool:
    """The dataset is the first of a list of datasets ("AIME 2024 and 2025, MATH500, ...")."""
    after = [n for n in mentions if n.start >= m.end and n.name != m.name]
    return bool(after) and bool(_DATASET_LIST_GAP.match(text[m.end - base : after[0].start - base]))


def _ends_list(m: Mention, mentions: list[Mention], text: str, base: int) -> bool:
    """The dataset is the last of a list of datasets ("on A, B, and C")."""
    before = [n for n in mentions if n.end <= m.start and n.name != m.name]
    return bool(before) and bool(
        _DATASET_LIST_GAP.match(text[before[-1].end - base : m.start - base])
    )


# Between two datasets of a list: separators, versions and years ("AIME 2024 and 2025, ").
_DATASET_LIST_GAP = regex.compile(
    r"^[\s\d.'-]*(?:,\s*(?:and\s+|or\s+)?|and|or|/|&|\+)[\s\d,.'-]*(?:(?:and|or)\s+)?$"
)


def _alone_after(
    near: Mention | None, g: _Group, datasets: list[Mention], text: str, base: int
) -> bool:
    """The dataset follows the numbers and is not the head of a list of datasets:
    "4.41%, 2.04% and 2.01% on the IRSTD-1k subset"."""
    if near is None or near.start < g.end:
        return False
    after = [m for m in datasets if m.start > near.start]
    return not (after and _LIST_GAP.match(text[near.end - base : after[0].start - base]))


def _own_place(text: str, start: int, end: int) -> bool:
    """The phrase around a number (to the commas either side) says where it was measured."""
    lo = max(text.rfind(",", 0, start), text.rfind(";", 0, start)) + 1
    hi = min(
        (i for i in (text.find(",", start, end), text.find(";", start, end)) if i >= 0), default=end
    )
    return bool(_PLACE.search(text[lo:hi]))


# "on offline benchmarks", "on the airway dataset" (a named place the registry missed; a
# capitalised name after "on" is as often a model: "74.4% refusal on Llama")
_PLACE = regex.compile(
    r"\b(?:on|across)\s+(?:the\s+|all\s+)?(?:(?!(?:the|all|each|every)\b)[\p{L}\p{N}-]+\s+){1,2}?"
    r"(?:benchmarks?|datasets?|suites?|domains?)\b"
)


def _fenced(gap: str) -> bool:
    """A clause break, or a second predicate ("by 6% in MSE and ranking first in X")."""
    return bool(_BREAK.search(gap) or _NEW_PREDICATE.search(gap))


# "and ranking first in", "while using": a coordinated predicate starts a new claim.
_NEW_PREDICATE = regex.compile(
    r"(?i)\b(?:and|while|thereby|thus)\s+"
    r"(?!(?:during|including|following|according|regarding|concerning|involving)\b)"
    r"[a-z]+ing\b"
)
# A dataset named as the data a model was trained on: "models trained on X", "a ViT
# pretrained on X" (a sentence that opens "Trained on X, ..." sets up its own evaluation).
_TRAINED_ON = regex.compile(
    r"(?i)[\p{L}\p{N}]\s+(?:(?:pre-?)?trained|curated|filtered|refined)\s+"
    r"(?:only\s+|solely\s+|exclusively\s+)?(?:on|with|using|from)\s+(?:the\s+)?$"
)


# A number opening a parenthetical: "84.6% (+21.4%) on X", "62.53% (± 1.59) accuracy on X".
_PAREN_ASIDE = regex.compile(r"\(\s*(?:\+|±|\+/-|\+-|\$?\\pm\$?)?\s*$")
# A group inside parentheses opened a few words before it: "(with a 0.4% improvement)".
_PAREN_OPEN = regex.compile(r"\((?:[^()]{0,40})$")
# What separates a number from a dataset that is not its own: a comma, a semicolon, a colon,
# or a clause that starts with while / whereas / but.
_BREAK = regex.compile(r"[,;]|:(?!\d)|\s(?:while|whereas|but)\s")
# The sentence opens with "On / For / In / Across / Evaluated on [the] X ...".
_OPENING_FRAME = regex.compile(
    r"(?i)^\s*(?:(?:for example|for instance|specifically|notably|in particular|moreover|"
    r"furthermore|additionally|finally|overall|remarkably),?\s+)?"
    r"(?:(?:extensive |further )?(?:experiments|evaluations?|results)\s+)?"
    r"(?:on|for|in|across|under|using|evaluated on|when evaluated on)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+){0,3}$"
)


_OURS = regex.compile(r"(?i)\b(?:our (?:method|approach|model|framework)|we)\b")
_FILLER_END = regex.compile(r"(?i)\b(?:by|of|with|an?|the)\s*$")


def _qualifier(tools: Tools, left: str, shape: str) -> str | None:
    tail = left[-60:]
    for label, name in (
        ("Q_UP_TO", "up_to"),
        ("Q_AT_LEAST", "at_least"),
        ("Q_MORE_THAN", "more_than"),
        ("Q_AVERAGE", "average"),
        ("Q_MAX", "max"),
        ("Q_APPROX", "approx"),
    ):
        text = tail
        if label in ("Q_UP_TO", "Q_AT_LEAST", "Q_MORE_THAN", "Q_APPROX"):
            text = _FILLER_END.sub("", tail.rstrip()).rstrip()
            text = _FILLER_END.sub("", text.rstrip())
        if _label(tools, label, text):
            return name
    return None


def _classify(
    tools: Tools, left: str, right: str, group: _Group, metric_left: bool = False
) -> tuple[NumberKind, str]:
    """Score, change or neither, with the id of the rule that decided."""
    first = group.members[0]
    if first.unit is None and _NAME_BEFORE.search(left) and not metric_left:
        return "skip", "num.skip.name_version"  # "RTX 5090", "Llama 3": part of a name
    if (
        first.unit is None
        and first.decimals == 0
        and first.value < 10
        and _label(tools, "ENUMERATION", right)
    ):
        return "skip", "num.skip.enumeration"
    rule = _label(tools, "STAT_BEFORE", left)
    if rule and not (rule == "num.skip.setting" and metric_left):
        return "skip", rule
    if rule := _label(tools, "HYPER_AFTER", right):
        return "skip", rule
    measured = metric_left and _MEASURE_UNIT.match(right)  # "mean absolute error of 1.57 mm"
    if first.unit in (None, "x") and not measured and (rule := _label(tools, "COUNT_AFTER", right)):
        return "skip", rule
    if first.unit == "%" and (rule := _label(tools, "SHARE_OF", right)):
        return "skip", rule
    if rule := _label(tools, "LOSS_AFTER", right):
        return "skip", rule
    if first.sign == "+":
        if _label(tools, "LOSS_BEFORE", left):
            return "skip", "num.loss.before"  # "accuracy drops of +7.6 pp"
        return "delta", "num.delta.sign"
    if first.sign == "verb":
        return "delta", "num.delta.word"  # "doubling the best prior result" is a gain itself
    if first.sign == "times":  # "a hundred times faster"; "three times larger" is a size
        if _SPEED.match(right) or _label(tools, "DELTA_AFTER", right):
            return "delta", "num.delta.word"
        if _label(tools, "DELTA_BEFORE", left) and not _label(tools, "LOSS_BEFORE", left):
            return "delta", "num.delta.word"  # "increases its success rate by over threefold"
        return "skip", "num.skip.word"
    if rule := _label(tools, "DELTA_AFTER", right):
        return "delta", rule
    if rule := _label(tools, "DELTA_BEFORE", left):
        if _label(tools, "LOSS_BEFORE", left):
            return "skip", "num.loss.before"
        return "delta", rule
    if first.unit == "points":
        return "delta", "num.delta.points"
    if first.unit == "x":
        return ("delta", "num.delta.factor") if _SPEED.match(right) else ("skip", "num.skip.factor")
    return "score", "num.score"


def _respectively(
    sent_text: str,
    base: int,
    groups: list[_Group],
    items: list[Mention],
    spans: list[tuple[int, int, MetricEntry]],
    tools: Tools,
) -> dict[int, Mention]:
    """'X and Y ... on A and B, respectively': pair group members with items in order."""
    pairs: dict[int, Mention] = {}
    names: list[Mention] = []
    for m in items:
        if m.name not in [n.name for n in names]:
            names.append(m)
    if not names:
        return pairs
    if not _label(tools, "RESPECTIVELY", sent_text):
        return _in_order(sent_text, base, groups, names, items, spans)
    pairs_ft = [g for g in groups if g.shape == "from_to"]
    if len(pairs_ft) == len(names) > 1:
        # "from 80.0% to 0.0% and from 88.6% to 6.8% on A and B, respectively": one dataset
        # per pair, in order.
        for g, m in zip(pairs_ft, names, strict=True):
            for num in g.members:
                pairs[id(num)] = m
    for g in groups:
        if g.shape == "from_to":
            continue
        # "8.9%, 9.6% and 4.6%, 6.4% ... on A and B, respectively": cycle through A, B.
        if len(g.members) > 1 and len(g.members) % len(names) == 0:
            for k, num in enumerate(g.members):
                pairs[id(num)] = names[k % len(names)]
    return pairs


def _in_order(
    sent_text: str,
    base: int,
    groups: list[_Group],
    names: list[Mention],
    items: list[Mention],
    spans: list[tuple[int, int, MetricEntry]],
) -> dict[int, Mention]:
    """'On A, B and C it shows 2.08%, 2.23% and 3.99% improvements': without "respectively",
    a list of k numbers pairs with a list of k datasets in order when the sentence holds
    one such list of numbers, the datasets are written as one list, each named once, and no
    clause break separates the two lists."""
    if len(names) < 2 or len(items) != len(names) or len({e.name for *_, e in spans}) > 1:
        return {}  # "7.5% and 4.3% in AbsRel and RMSE for A and B": the list pairs metrics
    lists = [g for g in groups if len(g.members) > 1]
    if len(lists) != 1 or len(lists[0].members) != len(names) or lists[0].shape != "list":
        return {}
    for a, b in itertools.pairwise(items):
        if not _LIST_GAP.match(sent_text[a.end - base : b.start - base]):
            return {}
    g = lists[0]
    lo, hi = min(g.start, items[0].start), max(g.end, items[-1].end)
    if regex.search(r"[;:]", sent_text[lo - base : hi - base]):
        return {}
    return {id(num): m for num, m in zip(g.members, names, strict=True)}


def _baseline(left: str, right: str) -> str | None:
    m = _BASELINE_RIGHT.match(right)
    if m:
        return _tidy_baseline(m.group("b"))
    hits = list(_BASELINE_LEFT.finditer(left))
    if hits:
        return _tidy_baseline(hits[-1].group("b"))
    return None


_BASELINE_HEAD = regex.compile(r"(?i)^(?:the|a|an|all|other)\s+")
_BASELINE_TAIL = regex.compile(r"\s+(?:by|with)$")


def _tidy_baseline(text: str) -> str | None:
    text = _BASELINE_HEAD.sub("", text.strip())
    text = _BASELINE_TAIL.sub("", text)
    if not text or (_NUM_WORD.search(text) and len(text) < 4):
        return None
    return text


def _in_sentence(
    doc: PaperDoc, found: Found, tools: Tools, fdoc: FieldDoc, sent: Sentence
) -> list[Quantity]:
    text = sent.text
    base = sent.start_char
    numbers = _numbers(text, base)
    if not numbers:
        return []
    groups = _group(numbers, text, base)
    metric_spans = _metric_spans(tools, fdoc, sent)
    datasets = _mentions_in(found.benchmark_mentions, fdoc, sent)
    # An unknown "dataset" spelled like a metric ("F1-score", "AP50", "PLCC") is a metric: it
    # still holds its place in the sentence (lists, "respectively") but is no number's dataset.
    rules = tools.rules
    metric_like = {
        id(m)
        for m in datasets
        if fold(m.name) in rules.metric_by_key and fold(m.name) not in rules.benchmark_by_key
    }
    methods = _mentions_in(found.method_mentions, fdoc, sent)
    stops = [g.start for g in groups]
    restated = _restated(groups, text, base)
    respectively = _label(tools, "RESPECTIVELY", text) is not None
    resp_datasets = _respectively(text, base, groups, datasets, metric_spans, tools)
    proposed = next((m.name for m in found.methods if m.role == "proposed"), None)
    out: list[Quantity] = []
    prev: Quantity | None = None
    prev_end = base
    for g in groups:
        left = text[: g.start - base]
        clause_left = _CLAUSE_BREAK.split(left)[-1]
        right = text[g.end - base :]
        first = g.members[0]
        if first.unit is None and first.decimals == 0 and 1900 <= first.value <= 2100:
            continue  # a year
        if id(g) in restated:
            continue
        if first.unit is None and first.sign is None and _SPREAD_PAREN.search(left):
            continue  # "DSC = 82.4 (2.8)": a spread in parentheses after a value
        metric, entry, metric_end = _metric_for(g, metric_spans, text, base)
        metric_left = metric is not None and metric_end is None
        co_metrics = _co_metrics(g, metric_spans, metric, text, base) if metric_left else []
        kind, rule = _classify(tools, clause_left, right, g, metric_left)
        if kind == "skip":
            continue
        word = _DELTA_WORD.match(text[metric_end - base :]) if metric_end is not None else None
        if word:
            # "12.3% GFLOPs reduction" is a change; "0.4 pp mAP@50 degradation" a loss.
            if word.group("w").lower().startswith(("drop", "degrad", "declin")):
                continue
            if kind == "score":
                kind, rule = "delta", "num.delta.metric_then_word"
        gap = text[prev_end - base : g.start - base]
        continues = prev is not None and _label(tools, "CONTINUE", gap) is not None
        if continues and prev is not None and rule == "num.score":
            kind, rule = prev.kind, "num.continue"  # "by 3.2% on CIFAR100 and ~2.8% on ..."
        own = base + max(left.rfind(","), left.rfind(";"), 0)  # where this number's phrase starts
        donor = next(
            (q for q in reversed(out) if q.metric and (q.kind == kind or kind == "delta")), None
        )
        same_unit = donor is not None and (
            donor.unit == (first.unit or None) or first.sign == "verb"  # "doubling the ..."
        )
        if (
            metric is None
            and donor is not None
            and same_unit
            and not any(
                donor.end <= q.start < g.start and q.metric not in (None, donor.metric) for q in out
            )
            # another metric named in its own phrase: "MSE of 467, and a Spearman rank ... of 0.34"
            and not any(
                max(donor.end, own) <= s < g.start and e.name != donor.metric
                for s, _, e in metric_spans
            )
        ):
            metric, entry = donor.metric, donor.metric_entry  # a list sharing one metric
        parallel = _parallel_pair(g, out, left)
        if metric is None and parallel is not None:
            metric, entry = parallel.metric, parallel.metric_entry
        if first.unit is None and metric is None and g.shape != "from_to":
            continue  # a bare number with no metric is a count or a setting
        if entry is not None:
            efficiency = entry.kind == "efficiency"
        else:  # the noun next to the number decides: "30% less memory", "2x faster"
            efficiency = kind == "delta" and bool(
                _label(tools, "EFFICIENCY", clause_left[-30:] + " " + right[:30])
            )
        if metric is None and kind == "delta" and _SPEED.match(right):
            metric, efficiency = "speed", True
        qualifier = _qualifier(tools, clause_left, g.shape)
        model_m = [m for m in methods if m.end <= g.start]
        model = model_m[-1].name if model_m else None
        if model is None and _OURS.search(clause_left):
            model = proposed
        baseline = _baseline(clause_left, right) if kind == "delta" else None
        gain = True
        if kind == "delta" and entry is not None and entry.higher_is_better:
            # "reduces accuracy by 2%" or "2% lower mAP" is a loss, not the method's gain.
            reduced = _label(tools, "REDUCE_BEFORE", clause_left[-60:]) or _LOWER.match(right)
            gain = not reduced
        near = _nearest(datasets, g, text, base, stops)
        # "76.43%, 83.00% and 89.22% on (EAV, FACED and SEED), respectively" with a name the
        # registry misses: the list cannot be paired, and no one dataset holds for all items.
        unpaired = (
            len(g.members) > 1
            and respectively
            and not any(id(n) in resp_datasets for n in g.members)
            and len({m.name for m in datasets}) > 1
            and not _alone_after(near, g, datasets, text, base)
        )
        for idx, num in enumerate(g.members):
            ds = resp_datasets.get(id(num)) or (None if unpaired else near)
            if ds is not None and id(ds) in metric_like:
                ds = None
            q = Quantity(
                kind=kind,
                value=num.value,
                unit=num.unit or first.unit,
                fdoc=fdoc,
                sent=sent,
                start=num.start,
                end=num.end,
                rule_id=rule,
                decimals=num.decimals,
                metric=metric,
                metric_entry=entry,
                dataset=ds.name if ds else None,
                split=ds.split if ds else None,
                model=model,
                baseline=baseline,
                qualifier=qualifier,
                efficiency=efficiency,
                gain=gain,
                co_metrics=co_metrics,
            )
            relative = (
                g.shape == "from_to"
                and first.unit == "%"
                and entry is not None
                and entry.unit != "%"
            )
            if (g.shape == "range" and kind == "delta") or relative:
                # "PSNR from 3.82% to 11.07%": relative gains on a metric not measured in %.
                if idx == 0:
                    q.kind = "delta"
                    q.value, q.value_max, q.end = abs(num.value), abs(g.members[-1].value), g.end
                    out.append(q)
                continue
            if g.shape == "from_to":
                if idx == 0:
                    a, b = g.members[0], g.members[-1]
                    q.from_value, q.to_value, q.end = a.value, b.value, g.end
                    q.kind = "delta"
                    q.value = round(abs(b.value - a.value), max(a.decimals, b.decimals))
                    q.gain = _from_to_is_gain(tools, clause_left, entry, a.value, b.value)
                    if not q.gain and parallel is not None and parallel.metric == metric:
                        q.gain = parallel.gain  # the same change, restated for another setting
                    q.extra_results = [(a.value, a.start, a.end), (b.value, b.start, b.end)]
                    q.rule_id = "num.from_to"
                    out.append(q)
                continue
            out.append(q)
        if out:
            prev, prev_end = out[-1], g.end
    return out


_PAREN_HEAD = regex.compile(r"^\s*\([^()]{0,40}\)")
_SPREAD_PAREN = regex.compile(r"(?<![\p{L}\p{N}@_\-.])\d+(?:\.\d+)?%?\s*\($")


def _parallel_pair(g: _Group, out: list[Quantity], left: str) -> Quantity | None:
    """An earlier from->to pair of the sentence that this one repeats for another setting:
    "reduces ADE from 0.47 to 0.26 and miss rate from 8.30% to 6.40% under three cameras,
    and from 0.54 to 0.26 and 10.13% to 5.99% under eight" - the latest earlier pair with a
    metric, the same unit and the same direction of change, when nothing names what this
    pair measures ("and direction from 68% to 21%" names its own)."""
    if g.shape != "from_to" or not _OPENS_PHRASE.search(left):
        return None
    a, b = g.members[0], g.members[-1]
    for q in reversed(out):
        if (
            q.from_value is not None
            and q.to_value is not None
            and q.metric is not None
            and q.unit == a.unit
            and (q.to_value > q.from_value) == (b.value > a.value)
        ):
            return q
    return None


_OPENS_PHRASE = regex.compile(r"(?i)(?:,|;|\band|\bwhile|\bwhereas)\s*(?:from\s+)?$")


def _restated(groups: list[_Group], text: str, base: int) -> set[int]:
    """Word multipliers that a from->to pair in the same clause states exactly: "doubling
    the share of admissible generations from 21% to 42%" is one claim, the pair."""
    out = set()
    for g, later in itertools.pairwise(groups):
        if g.members[0].sign not in ("verb", "times"):
            continue
        pair = next((h for h in groups if h.start >= later.start and h.shape == "from_to"), None)
        if pair is not None and not regex.search(r"[,;]", text[g.end - base : pair.start - base]):
            out.add(id(g))
    return out


def _from_to_is_gain(
    tools: Tools, left: str, entry: MetricEntry | None, a: float, b: float
) -> bool:
    """A from->to change is the method's gain when it moves the metric the right way."""
    if _label(tools, "LOSS_BEFORE", left):
        return False
    gain_verb = _label(tools, "GAIN_BEFORE", left) is not None
    reduce_verb = _label(tools, "REDUCE_BEFORE", left) is not None
    if entry is not None:
        better = b > a if entry.higher_is_better else b < a
        return better and (gain_verb or reduce_verb)
    return (gain_verb and b > a) or (reduce_verb and b < a)


def extract(doc: PaperDoc, found: Found, tools: Tools) -> list[Quantity]:
    """Every classified number in the paper's fields, in text order."""
    out: list[Quantity] = []
    for fdoc in doc.fields:
        for sent in fdoc.sentences:
            out.extend(_in_sentence(doc, found, tools, fdoc, sent))
    return out
